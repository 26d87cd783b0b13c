"""`ingest --cluster` writing Parquet parts on a real Dask LocalCluster (2 worker processes): the parts and
their manifest, the store's rows equal to a plain ingest's, a run stopped between writing the parts and
loading them resumed without extracting again, and a long scan OCR'd as page ranges on the workers."""

from __future__ import annotations

import json
import random
import shutil
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fixtures.helpers import FIXTURES, needs_tesseract

distributed = pytest.importorskip("distributed", reason="the `cluster` extra (Dask) is not installed")

import pipeline.partload  # noqa: E402
from pipeline.cli import main  # noqa: E402
from pipeline.clusterparts import groups  # noqa: E402
from pipeline.ingestion import ingest  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from bench_ingest import document  # noqa: E402
from test_cluster import BAD, REASON, rows  # noqa: E402

TABLES = ["citations", "clauses", "documents", "failures", "files", "tasks"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Text, DOCX, born-digital PDF, a bad PDF, and two files holding one same document (the first in the
    plan keeps its tasks), seven files in all."""
    d = tmp_path_factory.mktemp("parts") / "in"
    d.mkdir()
    for name in ("directive.docx", "directive.pdf", "letter_and_conclusions.txt", BAD):
        shutil.copy(FIXTURES / name, d / name)
    rng = random.Random(5)
    shared = document(7, rng)
    (d / "a_shared.txt").write_text(shared, encoding="utf-8")
    (d / "b_shared_and_more.txt").write_text(shared + "\n\n" + document(8, rng), encoding="utf-8")
    (d / "c_other.txt").write_text(document(9, rng), encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def plain(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store of a plain ingest of `folder`: six files stored, the bad PDF failed."""
    assert ingest([folder], db=(db := tmp_path_factory.mktemp("plain") / "plain.duckdb")).files_new == 6
    return db


def manifest(parts: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (parts / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def test_the_workers_write_parts_and_the_store_gets_the_rows_of_a_plain_ingest(
    folder: Path, plain: Path, cluster: Any, tmp_path: Path
) -> None:
    db, parts = tmp_path / "c.duckdb", tmp_path / "ds"
    s = ingest([folder], db=db, cluster=cluster.scheduler.address, parts=parts, keep_parts=True)
    assert (s.files_new, s.files_failed, s.run_id) == (6, 1, 1)
    got = rows(db)
    assert got == rows(plain)
    assert got["failures"] == [(str(folder / BAD), "read", REASON)]
    lines = manifest(parts)
    written, marks = [d for d in lines if "part" in d], [d for d in lines if "loaded" in d]
    # seven files, two threads: parts of one file (every thread gets four parts)
    assert sorted(d["part"] for d in written) == [f"part-{n:06d}" for n in range(1, 8)]
    assert marks == [{"loaded": sorted(d["part"] for d in written)}]
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute("SELECT path, sha256, status FROM files ORDER BY path").fetchall()
        in_place = {
            t: con.execute(f"SELECT count(*) FROM read_parquet('{parts}/{t}/*.parquet')").fetchone()[0]  # type: ignore[index]
            for t in TABLES
        }
        ids = con.execute(
            f"SELECT task_id FROM read_parquet('{parts}/tasks/*.parquet') EXCEPT SELECT task_id FROM tasks"
        ).fetchall()
    listed = sorted((f["path"], f["sha256"], f["status"]) for d in written for f in d["files"])
    assert listed == [tuple(r) for r in stored]
    assert {d["run_id"] for d in written} == {1}
    assert in_place == {t: sum(d["rows"][t] for d in written) for t in TABLES}
    assert in_place["files"] == 7 and in_place["failures"] == 1
    # b_shared_and_more's copy of a_shared's document is in its part; the store keeps a_shared's
    assert ids == [] and in_place["tasks"] > len(got["tasks"])


def test_a_run_stopped_before_loading_its_parts_is_resumed_from_them(
    folder: Path, plain: Path, cluster: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "r.duckdb"

    def killed(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.partload, "load_parts", killed)
    with pytest.raises(KeyboardInterrupt):
        ingest([folder], db=db, cluster=cluster.scheduler.address)
    monkeypatch.undo()
    parts = Path(f"{db}.parts")  # the default folder, next to the store
    written = sorted(d["part"] for d in manifest(parts))
    assert len(written) == 7
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM files").fetchone() == (0,)
        assert con.execute("SELECT status FROM runs").fetchall() == [("interrupted",)]
    # no scheduler there: the parts are loaded, nothing is extracted again
    s = ingest([folder], db=db, cluster="tcp://127.0.0.1:1")
    assert (s.files_new, s.files_failed, s.run_id) == (6, 1, 2)
    assert rows(db) == rows(plain)
    assert not parts.exists()  # loaded and not kept
    assert ingest([folder], db=db, cluster="tcp://127.0.0.1:1").files_unchanged == 6


@needs_tesseract
def test_a_long_scan_is_ocrd_as_page_ranges_with_the_rows_of_one_piece(cluster: Any, tmp_path: Path) -> None:
    from distributed import get_task_stream

    d = tmp_path / "scans"
    d.mkdir()
    shutil.copy(FIXTURES / "scanned-3pages.pdf", d / "scan.pdf")
    whole = ingest([d], db=tmp_path / "whole.duckdb")
    with get_task_stream(cluster) as stream:
        split = ingest([d], db=tmp_path / "split.duckdb", cluster=cluster.scheduler.address, split_scans=2)
    ranges = [t for t in stream.data if t["key"].startswith("ocr_range")]
    assert len(ranges) == 2  # pages 1-2 and 3
    assert (whole.tasks_added, split.tasks_added) == (14, 14)
    assert rows(tmp_path / "split.duckdb") == rows(tmp_path / "whole.duckdb")


def test_the_cli_names_the_parts_folder_and_keeps_it(folder: Path, cluster: Any, tmp_path: Path, capsys) -> None:
    db, parts = tmp_path / "cli.duckdb", tmp_path / "p"
    args = ["ingest", "-q", "--db", str(db), "--cluster", cluster.scheduler.address, "--parts", str(parts)]
    assert main([*args, "--keep-parts", "--split-scans", "0", str(folder / BAD)]) == 1
    assert capsys.readouterr().out.splitlines()[1:3] == [
        "files: 0 new, 0 changed, 0 unchanged, 0 moved, 1 failed",
        "tasks: 0 added, 0 updated, 0 removed; 0 need review",
    ]
    assert [d.get("part") for d in manifest(parts)] == ["part-000001", None]
    assert sorted(p.name for p in parts.iterdir()) == sorted(["manifest.jsonl", *TABLES])
    kept = manifest(parts)
    assert main([*args, str(folder / BAD)]) == 0  # failed before with this content: nothing to do
    assert manifest(parts) == kept  # the kept parts stay until a run has files to extract


def test_the_parts_options_need_a_cluster(folder: Path, tmp_path: Path, capsys) -> None:
    for extra in (["--parts", str(tmp_path / "p")], ["--keep-parts"], ["--split-scans", "4"]):
        assert main(["ingest", "--db", str(tmp_path / "x.duckdb"), *extra, str(folder)]) == 2
        assert capsys.readouterr().err == "directives ingest: --parts, --keep-parts and --split-scans need --cluster\n"
    assert not (tmp_path / "x.duckdb").exists()


def test_files_are_grouped_in_plan_order_by_count_and_bytes() -> None:
    todo = [(f"f{n}", f"k{n}") for n in range(10)]
    assert [len(g) for g in groups(todo, 1, lambda p: 1)] == [3, 3, 3, 1]  # four parts a thread
    assert [len(g) for g in groups(todo * 30, 1, lambda p: 1)] == [50] * 6
    assert [len(g) for g in groups(todo[:8], 1, lambda p: 1)] == [2] * 4
    assert [len(g) for g in groups(todo[:8], 1, lambda p: 3 << 20)] == [1] * 8  # over PART_BYTES together
    assert [[k for _, k in g] for g in groups(todo[:3], 1, lambda p: 1)] == [["k0"], ["k1"], ["k2"]]
    assert groups([], 2, lambda p: 1) == []


def test_a_parts_folder_that_cannot_be_made_is_one_clear_error(folder: Path, tmp_path: Path) -> None:
    from pipeline.cluster import ClusterError

    taken = tmp_path / "a_file"
    taken.write_text("not a folder")
    with pytest.raises(ClusterError, match=f"^cannot use the parts folder {taken}: Not a directory$"):
        ingest([folder / BAD], db=tmp_path / "x.duckdb", cluster="tcp://127.0.0.1:1", parts=taken)
