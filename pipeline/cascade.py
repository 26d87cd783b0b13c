"""The cascade of a task or a document through task_links: who took it down, with what deadline, and who
has not; and up, what it carries out. Flags: a central task with no local follow-up, a later local deadline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipeline.citations_graph import find_documents, stored_documents
from pipeline.linking import doc_tasks


@dataclass
class Node:
    task: dict[str, Any]  # the task row (task_id, doc_number, clause, assignees, deadline, …) plus `place`
    depth: int
    direction: str  # "root", "down" (carries out the node above) or "up" (carried out by the node below)
    score: float | None = None
    reasons: list[str] = field(default_factory=list)
    late: bool = False
    unfollowed: bool = False  # a task of an implemented document that nobody took down


@dataclass
class Cascade:
    title: str
    nodes: list[Node] = field(default_factory=list)
    stale: list[tuple[str, str]] = field(default_factory=list)  # (local, central) links to tasks gone
    links: int = 0  # links stored in the whole store (0: `directives link` was not run)


def has_links_table(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'task_links'").fetchone()
    return bool(row and row[0])


class _Graph:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.docs = {(d.path, d.doc_index): d for d in stored_documents(con)}
        self.by_doc = doc_tasks(con)
        self.tasks: dict[str, dict[str, Any]] = {}
        for ref, rows in self.by_doc.items():
            for r in rows:
                place = self.docs[ref].place if ref in self.docs else None
                self.tasks[r["task_id"]] = {**r, "place": place, "doc_index": ref[1]}
        cols = ["task_id", "central_task_id", "score", "reasons", "late", "central_path", "central_doc_index"]
        if not has_links_table(con):
            cols, self.links = [], []  # a store from before task_links, never linked
            self.implemented: set[tuple[str, int]] = set()
            return
        self.links = [
            dict(zip(cols, r, strict=True)) for r in con.execute(f"SELECT {', '.join(cols)} FROM task_links").fetchall()
        ]
        self.implemented = {(lk["central_path"], lk["central_doc_index"]) for lk in self.links}

    def down(self, tid: str) -> list[dict[str, Any]]:
        return sorted((lk for lk in self.links if lk["central_task_id"] == tid), key=lambda lk: -lk["score"])

    def up(self, tid: str) -> list[dict[str, Any]]:
        return sorted((lk for lk in self.links if lk["task_id"] == tid), key=lambda lk: -lk["score"])

    def unfollowed(self, tid: str) -> bool:
        t = self.tasks.get(tid)
        return bool(t) and (t["path"], t["doc_index"]) in self.implemented and not self.down(tid)


def _walk_down(g: _Graph, tid: str, depth: int, out: list[Node], seen: set[str]) -> None:
    for lk in g.down(tid):
        child = lk["task_id"]
        if child in seen or child not in g.tasks:
            continue
        seen.add(child)
        out.append(
            Node(
                g.tasks[child],
                depth,
                "down",
                lk["score"],
                list(lk["reasons"] or []),
                bool(lk["late"]),
                g.unfollowed(child),
            )
        )
        _walk_down(g, child, depth + 1, out, seen)


def _walk_up(g: _Graph, tid: str, depth: int, out: list[Node], seen: set[str]) -> None:
    for lk in g.up(tid):
        parent = lk["central_task_id"]
        if parent in seen or parent not in g.tasks:
            continue
        seen.add(parent)
        out.append(Node(g.tasks[parent], depth, "up", lk["score"], list(lk["reasons"] or []), bool(lk["late"])))
        _walk_up(g, parent, depth + 1, out, seen)


def _tree(g: _Graph, tid: str) -> list[Node]:
    ups: list[Node] = []
    _walk_up(g, tid, 1, ups, {tid})
    nodes = [Node(g.tasks[tid], 0, "root", unfollowed=g.unfollowed(tid)), *ups]
    _walk_down(g, tid, 1, nodes, {tid})
    return nodes


def cascade(con: duckdb.DuckDBPyConnection, target: str) -> Cascade | None:
    """The tree of a task id, a document number ("183-KL/TW", "Kết luận 183") or a file name; None if unknown."""
    g = _Graph(con)
    stale = [(lk["task_id"], lk["central_task_id"]) for lk in g.links if lk["central_task_id"] not in g.tasks]
    if target in g.tasks:
        t = g.tasks[target]
        return Cascade(
            f"task {target} ({t['doc_number'] or Path(t['path']).name} {t['clause']})",
            _tree(g, target),
            stale,
            len(g.links),
        )
    found = find_documents(list(g.docs.values()), target)  # every stored copy, newest first
    refs = [(d.path, d.doc_index) for d in found] or [r for r in g.docs if Path(r[0]).name == target]
    if not refs:
        return None
    d = g.docs[refs[0]]
    title = f"{d.doc_number or Path(d.path).name} ({Path(d.path).name}#{d.doc_index}"
    title += f", {d.doc_date})" if d.doc_date else ")"
    if len(refs) > 1 and found:
        title += f", {len(refs)} stored copies"
    nodes = [n for ref in refs for r in g.by_doc.get(ref, []) for n in _tree(g, r["task_id"])]
    return Cascade(title, nodes, stale, len(g.links))
