"""Precision and recall of the task links against a hand-checked set (tests/fixtures/links/*.jsonl).

A gold task is found in the store by its task_id, else by its file name, clause and text prefix (ids
change when a document is edited above the task); a central task likewise by number, clause and prefix.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb


@dataclass
class LinkScores:
    gold_links: int = 0
    predicted: int = 0  # predicted links of the gold's local tasks
    correct: int = 0
    local_tasks: int = 0
    unmatched: list[str] = field(default_factory=list)  # gold tasks not found in the store
    misses: list[str] = field(default_factory=list)  # gold links not predicted
    wrong: list[str] = field(default_factory=list)  # predicted links not in the gold

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold_links if self.gold_links else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_gold(paths: Iterable[Path]) -> list[dict[str, Any]]:
    rows = []
    for p in paths:
        files = sorted(p.glob("*.jsonl")) if p.is_dir() else [p]
        for f in files:
            for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), start=1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as e:
                        raise ValueError(f"{f}:{n}: not JSON ({e.msg})") from e
    return rows


class _Finder:
    """Stored task ids by id, and by (file or number, clause, text prefix)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = con.execute("SELECT task_id, path, doc_number, clause, task FROM tasks").fetchall()
        self.ids = {r[0] for r in rows}
        self.rows = rows

    def find(self, g: dict[str, Any], by_file: bool) -> str | None:
        if g.get("task_id") in self.ids:
            return g["task_id"]
        prefix = (g.get("task") or "")[:40]
        for tid, path, number, clause, text in self.rows:
            where = Path(path).name == g.get("doc") if by_file else number == g.get("doc_number")
            if where and clause == g.get("clause") and (text or "").startswith(prefix):
                return tid
        return None


def score_links(con: duckdb.DuckDBPyConnection, gold: list[dict[str, Any]]) -> LinkScores:
    finder = _Finder(con)
    predicted: dict[str, set[str]] = {}
    for local, central in con.execute("SELECT task_id, central_task_id FROM task_links").fetchall():
        predicted.setdefault(local, set()).add(central)
    s = LinkScores()
    for g in gold:
        s.local_tasks += 1
        name = f"{g.get('doc')} {g.get('clause')} {g.get('task', '')[:40]!r}"
        local = finder.find(g, by_file=True)
        want = {finder.find(c, by_file=False) or f"?{c.get('task_id')}" for c in g.get("links", [])}
        s.gold_links += len(want)
        if local is None:
            s.unmatched.append(name)
            s.misses.extend(f"{name} → {c}" for c in sorted(want))
            continue
        got = predicted.get(local, set())
        s.predicted += len(got)
        s.correct += len(got & want)
        s.misses.extend(f"{name} → {c}" for c in sorted(want - got))
        s.wrong.extend(f"{name} → {c}" for c in sorted(got - want))
    return s
