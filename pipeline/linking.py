"""`directives link`: fill citation_links and task_links from what the store holds.

A document that cites a stored document with tasks is taken as implementing it; each of its tasks is
linked to the central task(s) it carries out (pipeline/linker.py). The tables are rebuilt in one
transaction, so after a central document is re-issued with new task ids the links follow them; the
report counts the links that moved and lists those of the last run that found no task of their document.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import duckdb

from pipeline.citations_graph import Edge, resolve
from pipeline.linker import Link, LinkTask, link_tasks

DocRef = tuple[str, int]  # (path, doc_index)


@dataclass
class LinkReport:
    links: int = 0
    local_tasks: int = 0  # local tasks with at least one link
    pairs: list[tuple[DocRef, DocRef]] = field(default_factory=list)  # (local doc, central doc)
    late: int = 0
    unfollowed: int = 0  # central tasks of implemented documents with no local follow-up
    moved: int = 0  # links of the last run now to another task of the same central document (a re-issue)
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (local, central) of the last run, not re-found
    reissued: list[str] = field(default_factory=list)  # numbers stored more than once


def doc_tasks(con: duckdb.DuckDBPyConnection) -> dict[DocRef, list[dict[str, Any]]]:
    """The stored tasks of each document: a file's tasks are numbered across its documents in order."""
    counts: dict[str, list[tuple[int, int]]] = defaultdict(list)
    docs = con.execute("SELECT path, doc_index, coalesce(tasks, 0) FROM documents ORDER BY path, doc_index").fetchall()
    for path, di, n in docs:
        counts[path].append((di, n))
    cols = ["task_id", "task", "clause", "assignees", "deadline", "recurrence", "doc_number", "path", "ordinal"]
    out: dict[DocRef, list[dict[str, Any]]] = defaultdict(list)
    for row in con.execute(f"SELECT {', '.join(cols)} FROM tasks ORDER BY path, ordinal").fetchall():
        r = dict(zip(cols, row, strict=True))
        seen, docs_of = 0, counts.get(r["path"], [(0, 0)])
        for di, n in docs_of:
            seen += n
            if r["ordinal"] <= seen:
                out[(r["path"], di)].append(r)
                break
        else:  # counts that do not cover the ordinals (a hand-edited store): the file's last document
            out[(r["path"], docs_of[-1][0])].append(r)
    return out


def _link_task(r: dict[str, Any]) -> LinkTask:
    d = r["deadline"]
    return LinkTask(
        r["task_id"],
        r["task"] or "",
        r["clause"] or "",
        list(r["assignees"] or []),
        d.date() if isinstance(d, datetime) else d if isinstance(d, date) else None,
        r["recurrence"],
        r["doc_number"],
    )


def implementing_pairs(edges: list[Edge], tasks: dict[DocRef, list[dict[str, Any]]]) -> list[tuple[DocRef, DocRef]]:
    """(local document, central document) for each citation of a stored document with tasks (of each
    stored copy of it: a re-issue stored in another file holds only its changed tasks)."""
    pairs: list[tuple[DocRef, DocRef]] = []
    for e in edges:
        local = (e.path, e.doc_index)
        for hit in e.hits:
            central = (hit.path, hit.doc_index)
            if tasks.get(local) and tasks.get(central) and (local, central) not in pairs:
                pairs.append((local, central))
    return pairs


@dataclass
class Computed:
    edges: list[Edge]
    links: list[tuple[DocRef, DocRef, Link]]  # (local document, central document, link)
    tasks: dict[DocRef, list[dict[str, Any]]]
    pairs: list[tuple[DocRef, DocRef]]  # every (local, central) document pair, linked or not


def compute_links(con: duckdb.DuckDBPyConnection) -> Computed:
    """Citation edges and task links of the store, without writing them."""
    edges = resolve(con)
    tasks = doc_tasks(con)
    pairs = implementing_pairs(edges, tasks)
    by_local: dict[DocRef, list[DocRef]] = defaultdict(list)
    for local, central in pairs:
        by_local[local].append(central)
    out: list[tuple[DocRef, DocRef, Link]] = []
    for local, centrals in by_local.items():
        owner = {r["task_id"]: c for c in centrals for r in tasks[c]}
        central_tasks = [_link_task(r) for c in centrals for r in tasks[c]]
        for link in link_tasks([_link_task(r) for r in tasks[local]], central_tasks):
            out.append((local, owner[link.central], link))
    return Computed(edges, out, tasks, pairs)


def _report(con: duckdb.DuckDBPyConnection, got: Computed) -> LinkReport:
    """What the new links change against the stored ones, and the flags' counts."""
    links = got.links
    numbers = dict(con.execute("SELECT task_id, doc_number FROM tasks").fetchall())
    old = con.execute("SELECT task_id, central_task_id, central_doc_number FROM task_links").fetchall()
    rep = LinkReport(links=len(links), pairs=sorted({(lo, ce) for lo, ce, _ in links}))
    new_pairs = {(lk.local, lk.central) for _, _, lk in links}
    new_by_local: dict[str, set[str | None]] = defaultdict(set)
    for _, _, lk in links:
        new_by_local[lk.local].add(numbers.get(lk.central))
    for local, central, number in old:
        if (local, central) in new_pairs:
            continue
        if number in new_by_local.get(local, set()):
            rep.moved += 1  # to another task of the same central document: a re-issue renumbered it
        else:
            rep.dropped.append((local, central))
    rep.local_tasks = len({lk.local for _, _, lk in links})
    rep.late = sum(lk.late for _, _, lk in links)
    rep.reissued = sorted({e.target.doc_number or "" for e in got.edges if e.target and e.copies > 1})
    linked = {lk.central for _, _, lk in links}
    centrals = {ce for _, ce in got.pairs}
    rep.unfollowed = sum(1 for c in centrals for r in got.tasks[c] if r["task_id"] not in linked)
    return rep


def write_links(con: duckdb.DuckDBPyConnection, now: datetime | None = None) -> LinkReport:
    """Rebuild citation_links and task_links in one transaction; report what changed."""
    now = now or datetime.now()
    got = compute_links(con)
    rep = _report(con, got)
    numbers = {(d.path, d.doc_index): d.doc_number for e in got.edges for d in e.hits}
    citation_rows = [
        [e.path, e.doc_index, e.cited_number, e.target.path, e.target.doc_index, e.target.doc_number, e.copies]
        for e in got.edges
        if e.target is not None
    ]
    link_rows = [
        [lk.local, lk.central, lo[0], lo[1], ce[0], ce[1], numbers.get(ce), lk.score, lk.reasons, lk.late, now]
        for lo, ce, lk in got.links
    ]
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM citation_links")
        con.execute("DELETE FROM task_links")
        if citation_rows:
            con.executemany(
                "INSERT INTO citation_links (path, doc_index, cited_number, target_path, target_doc_index, "
                "target_number, copies) VALUES (?, ?, ?, ?, ?, ?, ?)",
                citation_rows,
            )
        if link_rows:
            con.executemany(
                "INSERT INTO task_links (task_id, central_task_id, path, doc_index, central_path, central_doc_index, "
                "central_doc_number, score, reasons, late, linked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                link_rows,
            )
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return rep
