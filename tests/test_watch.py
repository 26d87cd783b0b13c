"""The watch loop: files already there, files still being written, bad files, bounded and signalled stops."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
from test_ingest import directive

from pipeline.watch import Watcher

ROOT = Path(__file__).resolve().parents[1]


def stored(db: Path) -> dict[str, str]:
    if not db.exists():
        return {}
    with duckdb.connect(str(db), read_only=True) as con:
        return {Path(p).name: s for p, s in con.execute("SELECT path, status FROM files").fetchall()}


def test_files_are_taken_once_their_size_and_mtime_hold_still(tmp_path: Path) -> None:
    inbox, db = tmp_path / "inbox", tmp_path / "s.duckdb"
    inbox.mkdir()
    (inbox / "a.txt").write_text(directive(1), encoding="utf-8")
    (inbox / "bad.txt").write_bytes(b"")
    logs: list[str] = []
    w = Watcher(inbox=inbox, db=db, interval=0.01, log=logs.append)
    assert w.poll() is None  # first sight: not known to be complete yet
    s = w.poll()
    assert s is not None and (s.files_new, s.files_failed) == (1, 1)
    assert stored(db) == {"a.txt": "ok", "bad.txt": "failed"}

    text = directive(2)
    growing = inbox / "b.txt"
    growing.write_text(text[:40], encoding="utf-8")
    assert w.poll() is None
    growing.write_text(text, encoding="utf-8")  # still being written: size changed since the last poll
    assert w.poll() is None
    assert "b.txt" not in stored(db)
    s = w.poll()
    assert s is not None and s.files_new == 1 and stored(db)["b.txt"] == "ok"
    assert w.poll() is None  # nothing new: the store is not even opened
    assert (w.total.files_new, w.total.files_failed) == (2, 1)
    assert any("files: 1 new" in line for line in logs)


def test_run_is_bounded_by_max_polls(tmp_path: Path) -> None:
    inbox, db = tmp_path / "inbox", tmp_path / "s.duckdb"
    inbox.mkdir()
    (inbox / "a.txt").write_text(directive(3), encoding="utf-8")
    w = Watcher(inbox=inbox, db=db, interval=0.01, log=lambda s: None)
    total = w.run(max_polls=2)
    assert w.polls == 2 and total.files_new == 1


def test_cli_once_ingests_what_is_there(tmp_path: Path) -> None:
    inbox, db = tmp_path / "inbox", tmp_path / "s.duckdb"
    inbox.mkdir()
    (inbox / "a.txt").write_text(directive(4), encoding="utf-8")
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "watch",
            str(inbox),
            "--db",
            str(db),
            "--once",
            "--interval",
            "0.1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert "files: 1 new, 0 changed, 0 unchanged, 0 moved, 0 failed" in r.stdout
    assert stored(db) == {"a.txt": "ok"}


def test_sigterm_stops_cleanly_with_a_summary(tmp_path: Path) -> None:
    inbox, db = tmp_path / "inbox", tmp_path / "s.duckdb"
    inbox.mkdir()
    (inbox / "a.txt").write_text(directive(5), encoding="utf-8")
    p = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "watch", str(inbox), "--db", str(db), "--interval", "0.1"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert p.stderr is not None and p.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in p.stderr], daemon=True).start()
    try:
        deadline = time.monotonic() + 60
        while not lines.get(timeout=max(0.1, deadline - time.monotonic())).startswith("files: 1 new"):
            pass  # wait for the first batch's summary
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=60)
        out = p.stdout.read()
    finally:
        if p.poll() is None:  # never leave a watcher running after the test
            p.kill()
            p.wait()
    assert p.returncode == 0
    assert "files: 1 new, 0 changed, 0 unchanged, 0 moved, 0 failed" in out
    assert stored(db) == {"a.txt": "ok"}


def test_the_watch_reads_scans_with_its_ocr_options(tmp_path: Path) -> None:
    import shutil

    from pipeline.model import OcrOptions

    inbox, db = tmp_path / "inbox", tmp_path / "s.duckdb"
    inbox.mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "ocr_table" / "kehoach-scan.pdf", inbox / "scan.pdf")
    w = Watcher(inbox=inbox, db=db, interval=0.01, log=lambda s: None, ocr=OcrOptions(mode="off"))
    total = w.run(max_polls=2)
    assert (total.files_new, total.files_failed) == (0, 1)
    assert [f.reason for f in total.failures] == ["scanned PDF and OCR is off (--ocr off): use --ocr auto to read it"]
