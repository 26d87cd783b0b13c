"""`ingest --cluster`: a real Dask LocalCluster (2 worker processes) over a mixed folder gives the rows of a
plain ingest (same task_ids), records the bad file, and survives a worker killed mid-run."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fixtures.helpers import FIXTURES

distributed = pytest.importorskip("distributed", reason="the `cluster` extra (Dask) is not installed")

from pipeline.cli import main  # noqa: E402
from pipeline.cluster import ClusterError, _result, connect, parse_cluster  # noqa: E402
from pipeline.ingestion import ingest  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from bench_ingest import document  # noqa: E402

BAD = "truncated.pdf"
REASON = "corrupt or truncated PDF (Failed to load document (PDFium: Data format error).)"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Text, DOCX, born-digital PDF, a bad PDF, and six long text files (40 documents each, ≈ 0.5 s a file)
    so a worker is surely busy when it is killed."""
    d = tmp_path_factory.mktemp("mixed") / "in"
    d.mkdir()
    for name in ("directive.docx", "directive.pdf", "letter_and_conclusions.txt", BAD):
        shutil.copy(FIXTURES / name, d / name)
    rng = random.Random(3)
    for k in range(6):
        text = "\n\n".join(document(1000 * k + n, rng) for n in range(1, 41))
        (d / f"long_{k}.txt").write_text(text, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def plain(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("plain") / "plain.duckdb"
    s = ingest([folder], db=db)
    assert (s.files_new, s.files_failed) == (9, 1)
    return db


def rows(db: Path) -> dict[str, list[tuple]]:
    """Everything stored but the clock, the run and the order files came back in (the feed's numbers)."""
    q = {
        "tasks": "SELECT * EXCLUDE (run_id, ingested_at) FROM tasks",
        "files": "SELECT path, sha256, status, source_kind, pages, documents, tasks, note FROM files",
        "failures": "SELECT path, stage, reason FROM failures",
        "documents": "SELECT * FROM documents",
        "clauses": "SELECT * FROM clauses",
        "changes": "SELECT change, task_id FROM changes",
    }
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f"{sql} ORDER BY ALL").fetchall() for t, sql in q.items()}


def test_a_cluster_ingest_stores_the_rows_of_a_plain_ingest(folder: Path, plain: Path, cluster: Any, tmp_path: Path):
    db = tmp_path / "c.duckdb"
    s = ingest([folder], db=db, cluster=cluster.scheduler.address)
    assert (s.files_new, s.files_failed, s.ok) == (9, 1, False)
    got = rows(db)
    assert got == rows(plain)
    assert got["failures"] == [(str(folder / BAD), "read", REASON)]
    assert len(got["tasks"]) == s.tasks_added > 4000


def test_a_worker_killed_mid_run_has_its_files_run_again(folder: Path, plain: Path, cluster: Any, tmp_path: Path):
    killed: list[tuple[str, int]] = []

    def kill_a_busy_worker() -> None:
        end = time.monotonic() + 60
        while time.monotonic() < end:
            busy = [w for w, keys in cluster.processing().items() if any("extract_file" in str(k) for k in keys)]
            if busy:
                pid = cluster.run(os.getpid, workers=[busy[0]])[busy[0]]
                os.kill(pid, signal.SIGKILL)
                killed.append((busy[0], pid))
                return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    s = ingest([folder], db=tmp_path / "k.duckdb", cluster=cluster.scheduler.address)
    killer.join()
    assert len(killed) == 1  # a worker holding a file died during the run
    assert (s.files_new, s.files_failed) == (9, 1)
    assert rows(tmp_path / "k.duckdb") == rows(plain)


def test_the_cli_ingests_on_a_running_scheduler_and_names_the_dashboard(
    folder: Path, cluster: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli.duckdb"
    assert main(["ingest", "--db", str(db), "--cluster", cluster.scheduler.address, str(folder / BAD)]) == 1
    out = capsys.readouterr()
    assert out.err.startswith("ingest: Dask dashboard at http://")
    assert out.out.splitlines()[1:] == [
        "files: 0 new, 0 changed, 0 unchanged, 0 moved, 1 failed",
        "tasks: 0 added, 0 updated, 0 removed; 0 need review",
        f"  failed [read] {folder / BAD}: {REASON}",
    ]


def raise_value_error() -> None:
    int("x")


def raise_killed_worker() -> None:
    from types import SimpleNamespace

    from distributed.scheduler import KilledWorker

    raise KilledWorker("extract_file-1", SimpleNamespace(address="tcp://127.0.0.1:1"), 3)


def test_a_task_failing_on_a_worker_is_the_files_failure(cluster: Any, folder: Path) -> None:
    bad = folder / BAD
    res = _result(cluster.submit(raise_value_error, pure=False), bad)
    assert (res.stage, res.error) == (
        "extract",
        "extraction failed on a worker: ValueError: invalid literal for int() with base 10: 'x'",
    )
    assert res.sha256 and res.path == str(bad)
    res = _result(cluster.submit(raise_killed_worker, pure=False), bad)
    assert res.error == "the extraction killed every worker that tried it (a crash, or out of memory)"


def test_cluster_specs() -> None:
    assert parse_cluster("local:3") == (None, 3)
    assert parse_cluster("local") == (None, os.cpu_count() or 1)
    assert parse_cluster(" tcp://10.0.0.5:8786 ") == ("tcp://10.0.0.5:8786", 0)
    for bad in ("local:0", "local:x", "", "locale"):
        with pytest.raises(ValueError, match="local"):
            parse_cluster(bad)


def test_an_unreachable_scheduler_is_one_clear_error() -> None:
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:1"):
        with connect("tcp://127.0.0.1:1"):
            pass
