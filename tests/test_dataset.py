"""The Parquet dataset of a cluster ingest (pipeline/dataset.py): a part's tables have the store's columns and
types, its manifest line lists its files and rows, and the manifest says which parts are left to load."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from test_batchstore import rich
from test_store import result, task

from pipeline.dataset import Dataset, Part, PartFile, read_part, schemas, write_part
from pipeline.model import FileResult
from pipeline.store import Store

FAILED = FileResult(path="/in/c.txt", sha256="c1", error="PDF has no pages", stage="read")


def bad_date() -> FileResult:
    return result("/in/d.txt", "d1", [task("t6", "1", [], "Tổng kết", deadline="31/12/2025")], "10-CV")


def test_a_part_has_the_stores_columns_and_a_refused_row_is_a_failure(tmp_path: Path) -> None:
    ds = tmp_path / "ds"
    files = [("/in/a.txt", rich("/in/a.txt", "a1")), ("/in/c.txt", FAILED), ("/in/d.txt", bad_date())]
    part = write_part(ds, "part-000001", files, 3, "ex1")
    assert part.rows == {"files": 3, "tasks": 3, "documents": 1, "citations": 1, "clauses": 2, "failures": 2}
    assert [(f.path, f.sha256, f.status) for f in part.files] == [
        ("/in/a.txt", "a1", "ok"),
        ("/in/c.txt", "c1", "failed"),
        ("/in/d.txt", "d1", "failed"),
    ]
    with Store(tmp_path / "s.duckdb") as s:
        con = s.con
        for table in ("tasks", "documents", "citations", "clauses", "failures"):
            store = con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {table})").fetchall()
            parquet = f"read_parquet('{ds}/{table}/*.parquet')"
            got = con.execute(f"SELECT column_name, column_type FROM (DESCRIBE FROM {parquet})")
            assert got.fetchall() == store, table
        failures = con.execute(f"SELECT path, stage, reason, run_id FROM read_parquet('{ds}/failures/*.parquet')")
        assert failures.fetchall() == [
            ("/in/c.txt", "read", "PDF has no pages", 3),
            ("/in/d.txt", "store", "task 1 deadline: not an ISO date: '31/12/2025'", 3),
        ]
    rows = read_part(ds, "part-000001")
    assert sorted(rows["tasks"]) == ["/in/a.txt"] and [r[0] for r in rows["tasks"]["/in/a.txt"]] == ["t1", "t2", "t3"]
    assert rows["files"]["/in/c.txt"][0][4:7] == ["failed", "read", "PDF has no pages"]
    assert not list(ds.rglob("*.tmp"))


def test_the_manifest_lists_the_parts_left_to_load(tmp_path: Path) -> None:
    ds = Dataset(tmp_path / "ds")
    ds.keep_only([])
    for n, (path, sha, ex) in enumerate([("/a", "1", "ex1"), ("/b", "2", "ex1"), ("/c", "3", "ex0")], start=1):
        write_part(ds.folder, f"part-{n:06d}", [(path, FileResult(path=path, sha256=sha, error="x"))], 1, ex)
        ds.add(Part(f"part-{n:06d}", 1, ex, [PartFile(path, sha, "failed")]))
    ds.mark_loaded(["part-000002"])
    with ds.manifest.open("a") as fh:
        fh.write('{"part": "part-000009", "run_id"')  # a line cut short by a kill
    again = Dataset(tmp_path / "ds")
    assert sorted(again.parts) == ["part-000001", "part-000002", "part-000003"]
    assert again.unloaded("ex1") == {("/a", "1"): "part-000001"}  # part 2 is loaded, part 3 of another version
    assert again.next_name() == "part-000004"
    again.keep_only(["part-000001"])
    assert sorted(p.name for p in (ds.folder / "tasks").iterdir()) == ["part-000001.parquet"]
    assert [json.loads(x)["part"] for x in ds.manifest.read_text().splitlines()] == ["part-000001"]
    (ds.folder / "notes.txt").write_text("mine")
    again.remove()
    assert sorted(p.name for p in ds.folder.iterdir()) == ["notes.txt"]  # what is not the dataset's stays


def test_rows_in_place_are_what_read_parquet_gives(tmp_path: Path) -> None:
    write_part(tmp_path, "p1", [("/in/a.txt", rich("/in/a.txt", "a1"))], 7, "ex")
    got = duckdb.sql(f"SELECT task_id, path, run_id FROM read_parquet('{tmp_path}/tasks/*.parquet') ORDER BY 1")
    assert got.fetchall() == [("t1", "/in/a.txt", 7), ("t2", "/in/a.txt", 7), ("t3", "/in/a.txt", 7)]
    assert set(schemas()) == {"files", "tasks", "documents", "citations", "clauses", "failures"}
