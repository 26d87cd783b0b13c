"""Many files in one transaction: the same rows, change events and outcomes as storing them one by one."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from test_store import result, task, three_tasks

import pipeline.batchstore as batch_mod
from pipeline.batchstore import BatchItem, store_batch
from pipeline.model import Citation, Clause, FileResult
from pipeline.store import FileOutcome, Store, store_file_result

# Columns that hold the clock: they differ between any two writes.
CLOCK = {"ingested_at", "changed_at", "stored_at", "at"}
TABLES = ("tasks", "changes", "documents", "citations", "clauses", "files", "failures")


def rich(path: str, sha: str) -> FileResult:
    """Three tasks, a citation and a small clause tree."""
    r = result(path, sha, three_tasks())
    doc = r.documents[0]
    doc.header.citations = [Citation("Kết luận", "121-KL/TW", "2025-01-24")]
    doc.clauses = [Clause("1", "1.", "Bộ Nội vụ trình đề án", children=[Clause("1.a", "a)", "rà soát", page=1)])]
    return r


def run_two() -> list[FileResult]:
    """The second run: a edited (t1 changed, t3 gone, t4 new), b failing, c now readable, d with a bad date."""
    t1, t2, _ = three_tasks()
    a = result("/in/a.txt", "a2", [replace(t1, task="Trình đề án sửa đổi"), t2, task("t4", "4", [], "Báo cáo")])
    b = FileResult(path="/in/b.txt", sha256="b2", error="PDF has no pages", stage="read")
    c = result("/in/c.txt", "c2", [task("t5", "1", ["Bộ Y tế"], "Kiểm tra")], "9-CV/BYT")
    d = result("/in/d.txt", "d1", [task("t6", "1", [], "Tổng kết", deadline="31/12/2025")], "10-CV")
    return [a, b, c, d]


def run_one() -> list[FileResult]:
    """The first run: a, b holding a's document again (its task ids are a's), c failing."""
    c = FileResult(path="/in/c.txt", sha256="c1", error="cannot read", stage="read")
    return [rich("/in/a.txt", "a1"), rich("/in/b.txt", "b1"), c]


def tables(db: Path) -> dict[str, list[tuple]]:
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for t in TABLES:
            cols = [r[0] for r in con.execute(f"DESCRIBE {t}").fetchall() if r[0] not in CLOCK]
            out[t] = con.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY ALL").fetchall()
    return out


def one_by_one(db: Path) -> list[list[FileOutcome]]:
    with Store(db) as s:
        return [
            [store_file_result(s, r, run_id=run, extractor="x") for r in results]
            for run, results in ((1, run_one()), (2, run_two()))
        ]


def batched(db: Path) -> list[list[FileOutcome]]:
    with Store(db) as s:
        return [
            store_batch(s, [BatchItem(r, r.path) for r in results], run_id=run, extractor="x")
            for run, results in ((1, run_one()), (2, run_two()))
        ]


def test_a_batch_stores_what_storing_file_by_file_stores(tmp_path: Path) -> None:
    outs = batched(tmp_path / "b.duckdb")
    assert outs == one_by_one(tmp_path / "a.duckdb")
    assert tables(tmp_path / "b.duckdb") == tables(tmp_path / "a.duckdb")
    first, second = outs
    assert [(o.status, o.added, o.tasks, o.skipped) for o in first] == [
        ("ok", 3, 3, 0),
        ("ok", 0, 0, 3),  # the same document twice: its tasks stay with a
        ("failed", 0, 0, 0),
    ]
    assert [(o.status, o.added, o.updated, o.removed, o.stage) for o in second] == [
        ("ok", 1, 1, 1, None),
        ("failed", 0, 0, 0, "read"),
        ("ok", 1, 0, 0, None),
        ("failed", 0, 0, 0, "store"),  # "31/12/2025" is not an ISO date
    ]
    with duckdb.connect(str(tmp_path / "b.duckdb"), read_only=True) as con:
        feed = con.execute("SELECT seq, change, task_id, changed_fields FROM changes ORDER BY seq").fetchall()
    assert feed == [
        (1, "added", "t1", []),
        (2, "added", "t2", []),
        (3, "added", "t3", []),
        (4, "updated", "t1", ["task"]),
        (5, "added", "t4", []),
        (6, "removed", "t3", []),
        (7, "added", "t5", []),
    ]


def test_a_task_id_freed_earlier_in_the_batch_goes_to_the_next_file(tmp_path: Path) -> None:
    # a fails (its tasks are removed), then b, holding the same document, takes them in the same batch
    def runs(store: Store, batch: bool) -> list[FileOutcome]:
        first = [rich("/in/a.txt", "a1")]
        second = [FileResult(path="/in/a.txt", sha256="a2", error="gone", stage="read"), rich("/in/b.txt", "b1")]
        if batch:
            return [o for run in (first, second) for o in store_batch(store, [BatchItem(r, r.path) for r in run])]
        return [store_file_result(store, r) for r in first + second]

    with Store(tmp_path / "a.duckdb") as s:
        plain = runs(s, batch=False)
    with Store(tmp_path / "b.duckdb") as s:
        assert runs(s, batch=True) == plain
    assert [(o.status, o.added, o.removed, o.skipped) for o in plain] == [
        ("ok", 3, 0, 0),
        ("failed", 0, 3, 0),
        ("ok", 3, 0, 0),
    ]
    assert tables(tmp_path / "b.duckdb") == tables(tmp_path / "a.duckdb")


def test_a_batch_duckdb_refuses_is_stored_file_by_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kw: object) -> object:
        raise duckdb.ConversionException("Conversion Error: a value DuckDB cannot take")

    monkeypatch.setattr(batch_mod, "_write", refuse)
    with Store(tmp_path / "b.duckdb") as s:
        outs = store_batch(s, [BatchItem(r, r.path) for r in run_one()], run_id=1, extractor="x")
    with Store(tmp_path / "a.duckdb") as s:
        assert outs == [store_file_result(s, r, run_id=1, extractor="x") for r in run_one()]
    assert tables(tmp_path / "b.duckdb") == tables(tmp_path / "a.duckdb")
