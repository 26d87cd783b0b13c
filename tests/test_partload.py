"""Parts loaded into the store (pipeline/partload.py): in the plan's order whatever part holds a file, with
the rows, change events and outcomes of storing the files with store_batch."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from test_batchstore import batched, run_one, run_two, tables

import pipeline.partload as partload
from pipeline.dataset import write_part
from pipeline.model import FileResult
from pipeline.partload import load_parts
from pipeline.store import Store


def from_parts(db: Path, folder: Path) -> list[list[tuple]]:
    """Both runs of test_batchstore, each file its own part, the parts numbered against the plan's order."""
    outs = []
    with Store(db) as s:
        for run, results in ((1, run_one()), (2, run_two())):
            order = []
            for n, r in enumerate(reversed(results)):
                name = f"run{run}-part{n}"
                write_part(folder, name, [(r.path, r)], run, "x")
                order.insert(0, (r.path, name))
            got = load_parts(s, folder, order, run_id=run, extractor="x")
            outs.append([got[k].outcome for k, _ in order])
    return outs


def test_parts_load_as_a_batch_stores(tmp_path: Path) -> None:
    outs = from_parts(tmp_path / "p.duckdb", tmp_path / "ds")
    assert outs == batched(tmp_path / "b.duckdb")
    assert tables(tmp_path / "p.duckdb") == tables(tmp_path / "b.duckdb")
    assert [(o.status, o.tasks, o.skipped) for o in outs[0]] == [("ok", 3, 0), ("ok", 0, 3), ("failed", 0, 0)]


def test_a_machine_failure_is_listed_without_a_files_row(tmp_path: Path) -> None:
    full = FileResult(path="/in/e.txt", sha256="e1", error="cannot read: No space left on device", stage="environment")
    write_part(tmp_path / "ds", "p1", [(full.path, full)], 1, "x")
    with Store(tmp_path / "p.duckdb") as s:
        got = load_parts(s, tmp_path / "ds", [(full.path, "p1")], run_id=1, extractor="x")
    assert (got[full.path].outcome.status, got[full.path].outcome.stage) == ("failed", "environment")
    t = tables(tmp_path / "p.duckdb")
    assert t["files"] == [] and t["failures"] == [("/in/e.txt", "e1", "environment", full.error, 1)]


def test_a_file_duckdb_refuses_is_its_failure_and_the_others_are_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write = partload._write

    def refuse_b(store, con, built, *args):  # type: ignore[no-untyped-def]
        if any(it.key == "/in/b.txt" and rows is not None for it, rows, _ in built):
            raise duckdb.ConversionException("Conversion Error: a value DuckDB cannot take")
        return write(store, con, built, *args)

    monkeypatch.setattr(partload, "_write", refuse_b)
    results = run_one()
    write_part(tmp_path / "ds", "p1", [(r.path, r) for r in results], 1, "x")
    with Store(tmp_path / "p.duckdb") as s:
        got = load_parts(s, tmp_path / "ds", [(r.path, "p1") for r in results], run_id=1, extractor="x")
    assert [(got[r.path].outcome.status, got[r.path].outcome.added, got[r.path].outcome.stage) for r in results] == [
        ("ok", 3, None),
        ("failed", 0, "store"),
        ("failed", 0, "read"),
    ]
    assert got["/in/b.txt"].outcome.reason == "ConversionException: Conversion Error: a value DuckDB cannot take"
    t = tables(tmp_path / "p.duckdb")
    assert [(r[0], r[4]) for r in t["files"]] == [("/in/a.txt", "ok"), ("/in/b.txt", "failed"), ("/in/c.txt", "failed")]
    assert len(t["tasks"]) == 3
