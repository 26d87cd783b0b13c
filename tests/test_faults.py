"""Fault suite (issue 9): each hostile input is mixed into a folder of good documents and ingested with the
CLI. Every case asserts the exit status, that the batch went on, that the good documents' task_ids equal
those of a clean ingest, and the bad file's failures row (stage and reason)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from fixtures import faults
from fixtures.helpers import FIXTURES, needs_soffice
from test_ingest import ENV, ROOT, directive

GOOD = {"a_first.txt": 1, "m_middle.txt": 2, "z_last.txt": 3}  # bad files sort between them


def write_good(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, n in GOOD.items():
        (folder / name).write_text(directive(n), encoding="utf-8")


def ingest_cli(*args: str | os.PathLike[str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "pipeline.cli", "ingest", "-q", *map(str, args)]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=ENV)


def query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def clean_ids(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """task_ids of the good documents ingested on their own."""
    tmp = tmp_path_factory.mktemp("clean")
    write_good(tmp / "in")
    r = ingest_cli(tmp / "in", "--db", tmp / "s.duckdb")
    assert r.returncode == 0, r.stderr
    ids = {t for (t,) in query(tmp / "s.duckdb", "SELECT task_id FROM tasks")}
    assert len(ids) == 9
    return ids


def good_ids(db: Path) -> set[str]:
    names = ",".join(f"'{n}'" for n in GOOD)
    return {t for (t,) in query(db, f"SELECT task_id FROM tasks WHERE doc IN ({names})")}


def failures(db: Path) -> list[tuple[str, str, str]]:
    """(file name, stage, reason) of every failures row."""
    return [(os.path.basename(p), s, r) for p, s, r in query(db, "SELECT path, stage, reason FROM failures")]


def assert_batch(db: Path, clean: set[str]) -> None:
    """Every good file stored with the task_ids of a clean ingest."""
    ok = {os.path.basename(p) for (p,) in query(db, "SELECT path FROM files WHERE status = 'ok'")}
    assert set(GOOD) <= ok
    assert good_ids(db) == clean


BAD_FILES = {
    # name: (content, stage, words of the reason)
    "b_badpage.pdf": (faults.bad_page_pdf, "read", "corrupt PDF: PDFium cannot read it (Failed to load page"),
    "c_zero.pdf": (faults.zero_page_pdf, "read", "PDF has no pages"),
    "d_scan.png": (faults.png_bytes, "read", "an image (PNG), not a document"),
    "e_photo.jpg": (faults.jpeg_bytes, "read", "OCR reads scanned PDFs"),
    "f_truncated.pdf": (lambda: (FIXTURES / "truncated.pdf").read_bytes(), "read", "corrupt or truncated PDF"),
    "g_encrypted.pdf": (lambda: (FIXTURES / "encrypted.pdf").read_bytes(), "read", "encrypted PDF"),
    "h_zipbomb.docx": (lambda: (FIXTURES / "zipbomb.docx").read_bytes(), "read", "zip bomb"),
    "i_entities.docx": (lambda: (FIXTURES / "entitybomb.docx").read_bytes(), "read", "entity bomb"),
    "j_empty.txt": (lambda: b"", "read", "empty file"),
    "k_binary.txt": (lambda: b"\x00\x01\x02" * 100, "read", "binary file"),
}


@pytest.mark.parametrize("jobs", [1, 2])
def test_reader_errors_are_failure_rows_and_the_batch_goes_on(tmp_path: Path, clean_ids: set[str], jobs: int) -> None:
    # items 2 and 11: any reader exception is the file's failure, with a message that says what the file is
    write_good(tmp_path / "in")
    for name, (make, _, _) in BAD_FILES.items():
        (tmp_path / "in" / name).write_bytes(make())
    db = tmp_path / "s.duckdb"
    r = ingest_cli(tmp_path / "in", "--db", db, "-j", str(jobs))
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr
    assert_batch(db, clean_ids)
    got = {name: (stage, reason) for name, stage, reason in failures(db)}
    assert set(got) == set(BAD_FILES)
    for name, (_, stage, words) in BAD_FILES.items():
        assert got[name][0] == stage and words in got[name][1], (name, got[name])
    assert "not a directive" not in " ".join(reason for _, reason in got.values())


@needs_soffice
def test_a_corrupt_doc_says_it_cannot_be_read(tmp_path: Path, clean_ids: set[str]) -> None:
    write_good(tmp_path / "in")
    (tmp_path / "in" / "b_old.doc").write_bytes(faults.corrupt_doc())
    db = tmp_path / "s.duckdb"
    r = ingest_cli(tmp_path / "in", "--db", db)
    assert r.returncode == 1, r.stderr
    assert_batch(db, clean_ids)
    [(name, stage, reason)] = failures(db)
    assert name == "b_old.doc" and stage == "read" and "cannot be read" in reason


def test_a_file_name_that_is_not_utf8_is_stored_escaped(tmp_path: Path, clean_ids: set[str]) -> None:
    # item 1: the name of an old Windows share (cp1258 bytes) in the folder
    write_good(tmp_path / "in")
    raw = os.fsencode(tmp_path / "in") + b"/b_K\xeat lu\xe2n.txt"
    with open(raw, "wb") as fh:
        fh.write(directive(7).encode())
    db = tmp_path / "s.duckdb"
    r = ingest_cli(tmp_path / "in", "--db", db)
    assert r.returncode == 0, r.stderr
    assert_batch(db, clean_ids)
    assert failures(db) == []
    [(path, n)] = query(db, "SELECT path, tasks FROM files WHERE path LIKE '%b_K%'")
    assert path.endswith("b_K\\xeat lu\\xe2n.txt") and n == 3
    again = ingest_cli(tmp_path / "in", "--db", db)  # the escaped key finds the file again: nothing redone
    assert again.returncode == 0 and "0 new, 0 changed, 4 unchanged" in again.stdout


def test_an_unreadable_subfolder_is_a_failure_row(tmp_path: Path, clean_ids: set[str], monkeypatch) -> None:
    # item 5; the tests run as root, where chmod 000 does not stop a listing: the listing is made to fail
    from pipeline.ingestion import ingest

    write_good(tmp_path / "in")
    locked = tmp_path / "in" / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text(directive(9), encoding="utf-8")
    real = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> os.ScandirIterator:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    db = tmp_path / "s.duckdb"
    s = ingest([tmp_path / "in"], db=db)
    assert not s.ok and s.files_failed == 1  # the CLI's exit status 1
    assert_batch(db, clean_ids)
    assert failures(db) == [("locked", "read", "cannot open folder: Permission denied")]


def test_links_out_of_the_input_folder_are_not_followed_by_default(tmp_path: Path, clean_ids: set[str]) -> None:
    # item 8: a link to any file on the machine must not bring its text into the store
    write_good(tmp_path / "in")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text(directive(8), encoding="utf-8")
    (tmp_path / "in" / "b_link.txt").symlink_to(outside / "secret.txt")
    (tmp_path / "in" / "c_dir").symlink_to(outside)
    (tmp_path / "in" / "d_inside.txt").symlink_to(tmp_path / "in" / "a_first.txt")  # inside: a copy, fine
    db = tmp_path / "s.duckdb"
    r = ingest_cli(tmp_path / "in", "--db", db)
    assert r.returncode == 1, r.stderr
    assert_batch(db, clean_ids)
    assert query(db, "SELECT count(*) FROM tasks WHERE task = '' OR doc_number = '8-KL/TW'") == [(0,)]
    got = sorted((name, stage, reason.split(":")[0]) for name, stage, reason in failures(db))
    why = "a link to a place outside the input folder"
    assert got == [("b_link.txt", "read", why), ("c_dir", "read", why)]

    db2 = tmp_path / "follow.duckdb"
    r = ingest_cli(tmp_path / "in", "--db", db2, "--follow-links")
    assert r.returncode == 0, r.stderr
    assert query(db2, "SELECT count(DISTINCT task_id) FROM tasks WHERE doc_number = '8-KL/TW'") == [(3,)]


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(d.name))
            except (OSError, IndexError, ValueError):
                continue
    return out


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_workers_die_with_their_parent_after_kill_9(tmp_path: Path) -> None:
    # item 6: kill -9 of `ingest -j 2` (the parent only, as an OOM killer does) leaves no worker behind
    import signal
    import time

    from test_ingest import write_corpus

    write_corpus(tmp_path / "in", 300)
    cmd = [sys.executable, "-m", "pipeline.cli", "ingest", str(tmp_path / "in"), "--db", str(tmp_path / "s.duckdb")]
    p = subprocess.Popen([*cmd, "-j", "2", "-q", "-v"], cwd=ROOT, stderr=subprocess.PIPE, text=True, env=ENV)
    assert p.stderr is not None
    for line in p.stderr:
        if line.startswith("stored "):
            break
    workers = _children(p.pid)
    assert len(workers) >= 2
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    end = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < end:
        time.sleep(0.2)
    assert not any(_alive(w) for w in workers)


def test_a_full_disk_is_not_the_documents_fault(tmp_path: Path, clean_ids: set[str], monkeypatch) -> None:
    # item 4: the store cannot be written (disk full): the run stops cleanly, the next one stores everything
    import pipeline.batchstore as batch_mod
    from pipeline.ingestion import ingest
    from pipeline.store import StoreError

    write_good(tmp_path / "in")
    db = tmp_path / "s.duckdb"
    real = batch_mod._write

    def full_disk(*args: object, **kw: object) -> object:
        raise duckdb.IOException('IO Error: Could not write file "s.duckdb.wal": No space left on device')

    monkeypatch.setattr(batch_mod, "_write", full_disk)
    with pytest.raises(StoreError, match="No space left on device"):
        ingest([tmp_path / "in"], db=db)
    assert query(db, "SELECT count(*) FROM files WHERE status = 'failed'") == [(0,)]
    monkeypatch.setattr(batch_mod, "_write", real)  # space freed
    s = ingest([tmp_path / "in"], db=db)
    assert s.ok and s.files_skipped == 0 and s.files_new == 3  # the refused batch kept nothing half
    assert_batch(db, clean_ids)


def test_a_full_temp_folder_while_reading_is_retried_next_run(tmp_path: Path, clean_ids: set[str], monkeypatch) -> None:
    # item 4: an environment error inside a reader is listed, but the file is not skipped as "failed before"
    import errno

    import pipeline.readers.text as text_mod
    from pipeline.ingestion import ingest

    write_good(tmp_path / "in")
    db = tmp_path / "s.duckdb"
    real = text_mod.read_text

    def no_space(path: Path) -> object:
        if path.name == "m_middle.txt":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path)

    monkeypatch.setattr(text_mod, "read_text", no_space)
    s = ingest([tmp_path / "in"], db=db)
    assert not s.ok and s.files_failed == 1 and s.files_new == 2  # exit status 1, the batch went on
    assert failures(db) == [("m_middle.txt", "environment", "cannot read: No space left on device")]
    monkeypatch.setattr(text_mod, "read_text", real)
    s = ingest([tmp_path / "in"], db=db)
    assert s.ok and s.files_skipped == 0 and s.files_new == 1
    assert_batch(db, clean_ids)
    assert failures(db) == []


@pytest.mark.parametrize(
    ("jobs", "option", "limit", "words"),
    [(1, "--max-memory", "250", "more than 250 MB of memory"), (2, "--max-seconds", "2", "longer than 2 s")],
)
def test_a_file_over_the_budget_is_stopped_and_the_batch_goes_on(
    tmp_path: Path, clean_ids: set[str], jobs: int, option: str, limit: str, words: str
) -> None:
    # item 3: a 5 MB text of one line needs ≈ 370 MB and ≈ 6 s; the good files far less
    import time

    write_good(tmp_path / "in")
    faults.one_line_text(tmp_path / "in" / "b_huge.txt", 5)
    db = tmp_path / "s.duckdb"
    t0 = time.monotonic()
    r = ingest_cli(tmp_path / "in", "--db", db, "-j", str(jobs), option, limit)
    took = time.monotonic() - t0
    assert r.returncode == 1, r.stderr
    assert_batch(db, clean_ids)
    [(name, stage, reason)] = failures(db)
    assert name == "b_huge.txt" and stage == "budget" and words in reason
    assert took < 60  # the bound held: the file was stopped, not read to the end


def test_the_memory_bound_holds(tmp_path: Path, clean_ids: set[str]) -> None:
    write_good(tmp_path / "in")
    faults.one_line_text(tmp_path / "in" / "b_huge.txt", 5)
    # in a fresh process: a worker forked from this test run would start with all the suite has loaded
    code = (
        "import json, sys; from pathlib import Path; from pipeline.budget import Budget; "
        "from pipeline.ingestion import ingest; "
        "s = ingest([Path(sys.argv[1])], db=Path(sys.argv[2]), budget=Budget(memory_mb=250)); "
        "print(json.dumps([s.files_failed, [f.stage for f in s.failures], s.peak_worker_mb]))"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "in"), str(tmp_path / "s.duckdb")],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=ROOT,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    failed, stages, peak = json.loads(r.stdout.strip().splitlines()[-1])
    assert (failed, stages) == (1, ["budget"])
    assert 0 < peak < 250 + 100  # stopped within a poll of crossing the line
    assert_batch(tmp_path / "s.duckdb", clean_ids)


def test_watch_waits_for_a_slow_copy_and_temp_names(tmp_path: Path, clean_ids: set[str]) -> None:
    # item 7: a chunk every 0.5 s (a network copy, scaled down) with polls every 0.2 s: taken once, whole
    import threading
    import time

    from pipeline.watch import Watcher

    inbox, db = tmp_path / "in", tmp_path / "s.duckdb"
    write_good(inbox)
    text = directive(7).encode()
    slow = inbox / "b_slow.txt"

    def copy() -> None:
        with slow.open("wb") as fh:
            for k in range(0, len(text), len(text) // 6 + 1):
                fh.write(text[k : k + len(text) // 6 + 1])
                fh.flush()
                time.sleep(0.5)
        part = inbox / "c_download.txt.part"  # a browser's download, renamed when done
        part.write_bytes(directive(8).encode())
        (inbox / "~$lock.docx").write_bytes(b"\x00lock")
        time.sleep(1.0)
        part.rename(inbox / "c_download.txt")

    writer = threading.Thread(target=copy)
    writer.start()
    w = Watcher(inbox=inbox, db=db, interval=0.2, settle=1.5, log=lambda s: None)
    w.run(timeout=9)
    writer.join()
    assert w.ok  # the CLI's exit status 0
    assert_batch(db, clean_ids)
    rows = query(db, "SELECT path, status, tasks, first_run, last_run FROM files ORDER BY path")
    got = {os.path.basename(p): (st, n, a == b) for p, st, n, a, b in rows}
    assert got["b_slow.txt"] == ("ok", 3, True)  # stored once, complete: never a partial task set
    assert got["c_download.txt"] == ("ok", 3, True)
    assert set(got) == {*GOOD, "b_slow.txt", "c_download.txt"} and failures(db) == []


def test_watch_records_a_reader_error_and_goes_on(tmp_path: Path, clean_ids: set[str]) -> None:
    # item 2 in watch: the page PDFium cannot load is a failure row, the watch does not exit on it
    inbox, db = tmp_path / "in", tmp_path / "s.duckdb"
    write_good(inbox)
    (inbox / "b_badpage.pdf").write_bytes(faults.bad_page_pdf())
    cmd = [sys.executable, "-m", "pipeline.cli", "watch", str(inbox), "--db", str(db), "--once", "--interval", "0.1"]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120, env=ENV)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert "3 new" in r.stdout and "1 failed" in r.stdout
    assert_batch(db, clean_ids)
    [(name, stage, reason)] = failures(db)
    assert (name, stage) == ("b_badpage.pdf", "read") and "PDFium cannot read it" in reason
