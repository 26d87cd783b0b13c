"""Batch ingestion on real files and real DuckDB stores: idempotence, edits, moves, failures, kill -9,
and two ingests at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest

from pipeline.ingestion import extractor_version, ingest, is_candidate, walk
from pipeline.writelock import IngestLock, lock_path

ROOT = Path(__file__).resolve().parents[1]
AGENCIES = ["Bộ Nội vụ", "Bộ Tài chính", "Bộ Y tế", "Bộ Xây dựng", "Bộ Công an", "Bộ Giáo dục và Đào tạo"]

TEMPLATE = """BAN CHẤP HÀNH TRUNG ƯƠNG
*
Số {n}-KL/TW
ĐẢNG CỘNG SẢN VIỆT NAM
Hà Nội, ngày {day:02d} tháng 8 năm 2025

KẾT LUẬN
CỦA BỘ CHÍNH TRỊ
về việc sắp xếp tổ chức bộ máy

Bộ Chính trị yêu cầu:

1. {a} chủ trì, phối hợp với {b} hoàn thiện đề án số {n}, hoàn thành trước ngày 30/9/2025.

2. Các tỉnh uỷ, thành uỷ báo cáo kết quả thực hiện trước ngày 25 hằng tháng.

3. {c} rà soát các cơ sở trực thuộc trong quý IV/2025.
{extra}
T/M BỘ CHÍNH TRỊ
"""


def directive(n: int, extra: str = "") -> str:
    a, b, c = (AGENCIES[(n + k) % len(AGENCIES)] for k in range(3))
    return TEMPLATE.format(n=n, day=1 + n % 28, a=a, b=b, c=c, extra=extra)


def write_corpus(folder: Path, count: int, start: int = 1) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        p = folder / f"kl_{n:04d}.txt"
        p.write_text(directive(n), encoding="utf-8")
        paths.append(p)
    return paths


def rows(db: Path, sql: str = "SELECT path, task_id, run_id, ingested_at FROM tasks ORDER BY path, ordinal") -> list:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


# Child processes use this process's extractor fingerprint: code edited meanwhile must not re-extract.
ENV = {**os.environ, "DIRECTIVES_EXTRACTOR": extractor_version()}


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "pipeline.cli", *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, env=ENV)


def test_walk_skips_hidden_and_temporary_files(tmp_path: Path) -> None:
    for name in [
        "a.txt",
        ".hidden.txt",
        "~$draft.docx",
        "b.pdf.part",
        "c.crdownload",
        ".git/x.txt",
        "sub/d.md",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    files, missing = walk([tmp_path, tmp_path / "nope"], skip={tmp_path / "a.txt"})
    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["sub/d.md"]
    assert missing == [tmp_path / "nope"]
    assert is_candidate("kl.docx") and not is_candidate("~$kl.docx") and not is_candidate("x.PART")


def test_ingest_twice_gives_the_same_rows_and_ids(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 4)
    db = tmp_path / "s.duckdb"
    first = ingest([tmp_path / "in"], db=db)
    before = rows(db)
    second = ingest([tmp_path / "in"], db=db)
    after = rows(db)
    assert (first.files_new, first.files_failed, first.tasks_added) == (4, 0, len(before))
    assert len(before) >= 4
    assert (second.files_new, second.files_changed, second.files_unchanged, second.files_failed) == (
        0,
        0,
        4,
        0,
    )
    assert (second.tasks_added, second.tasks_updated, second.tasks_removed) == (0, 0, 0)
    assert after == before  # same ids, and not even re-written (same run_id and ingested_at)
    runs = rows(db, "SELECT run_id, status, files_new, files_unchanged FROM runs ORDER BY run_id")
    assert runs == [(1, "done", 4, 0), (2, "done", 0, 4)]


def test_editing_one_file_changes_only_its_rows(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "in", 3)
    db = tmp_path / "s.duckdb"
    ingest([tmp_path / "in"], db=db)
    before = rows(db)
    edited = str(paths[1])
    n_old = sum(1 for r in before if r[0] == edited)
    paths[1].write_text(directive(2).replace("quý IV/2025", "quý III/2025"), encoding="utf-8")
    s = ingest([tmp_path / "in"], db=db)
    after = rows(db)
    assert (s.files_changed, s.files_unchanged, s.files_new) == (1, 2, 0)
    assert (s.tasks_added, s.tasks_updated, s.tasks_removed) == (0, 1, 0)  # only the task whose deadline changed
    assert [r for r in after if r[0] != edited] == [r for r in before if r[0] != edited]
    assert [r[1] for r in after if r[0] == edited] == [r[1] for r in before if r[0] == edited]  # ids kept
    assert [r[2] for r in after if r[0] == edited] == [1] * (n_old - 1) + [2]  # the others were not changed
    deadlines = rows(db, f"SELECT deadline_text FROM tasks WHERE path = '{edited}' AND deadline_text LIKE '%quý%'")
    assert deadlines == [("trong quý III/2025",)]

    # a new clause adds a row; dropping it again removes that row
    paths[1].write_text(directive(2, extra="\n4. Bộ Công an bảo đảm an ninh trật tự.\n"), encoding="utf-8")
    s = ingest([tmp_path / "in"], db=db)
    n_new = len(rows(db, f"SELECT task_id FROM tasks WHERE path = '{edited}'"))
    # quý IV again: the edited task is updated back
    assert (s.files_changed, s.tasks_added, s.tasks_updated, s.tasks_removed) == (1, n_new - n_old, 1, 0)
    paths[1].write_text(directive(2), encoding="utf-8")
    s = ingest([tmp_path / "in"], db=db)
    assert (s.tasks_added, s.tasks_updated, s.tasks_removed) == (0, 0, n_new - n_old)


def test_a_renamed_file_is_not_extracted_again(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "in", 2)
    db = tmp_path / "s.duckdb"
    ingest([tmp_path / "in"], db=db)
    before = rows(
        db,
        "SELECT task_id, doc, run_id FROM tasks WHERE path = ? ORDER BY ordinal".replace("?", f"'{paths[0]}'"),
    )
    moved = tmp_path / "in" / "sub" / "renamed.txt"
    moved.parent.mkdir()
    paths[0].rename(moved)
    s = ingest([tmp_path / "in"], db=db)
    after = rows(db, f"SELECT task_id, doc, run_id FROM tasks WHERE path = '{moved}' ORDER BY ordinal")
    assert (s.files_moved, s.files_new, s.files_changed, s.files_unchanged) == (1, 0, 0, 1)
    assert (s.tasks_added, s.tasks_updated, s.tasks_removed) == (0, len(before), 0)  # their `doc` changed
    assert [r[0] for r in after] == [r[0] for r in before]
    assert {r[1] for r in after} == {"renamed.txt"} and {r[2] for r in after} == {2}
    assert rows(db, f"SELECT count(*) FROM files WHERE path = '{paths[0]}'") == [(0,)]


def test_a_copy_keeps_its_tasks_with_the_original(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "in", 1)
    db = tmp_path / "s.duckdb"
    ingest([tmp_path / "in"], db=db)
    (tmp_path / "in" / "copy.txt").write_bytes(paths[0].read_bytes())
    s = ingest([tmp_path / "in"], db=db)
    assert (s.files_new, s.files_unchanged, s.tasks_added) == (0, 2, 0)
    assert rows(db, "SELECT status, note FROM files ORDER BY path") == [
        ("copy", f"same content as {paths[0]}"),
        ("ok", None),
    ]


def test_bad_files_are_recorded_and_retried_only_when_changed_or_asked(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 2)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    db = tmp_path / "s.duckdb"
    s = ingest([tmp_path / "in"], db=db)
    assert (s.files_new, s.files_failed) == (2, 2)
    assert sorted((Path(f.path).name, f.stage) for f in s.failures) == [
        ("binary.txt", "read"),
        ("empty.txt", "read"),
    ]
    stored = rows(db, "SELECT path, stage, reason FROM failures ORDER BY path")
    assert [(Path(p).name, st) for p, st, _ in stored] == [("binary.txt", "read"), ("empty.txt", "read")]
    assert "binary file" in stored[0][2] and "empty file" in stored[1][2]
    assert rows(db, "SELECT count(DISTINCT path) FROM tasks") == [(2,)]

    s = ingest([tmp_path / "in"], db=db)
    assert (s.files_failed, s.files_skipped, s.files_unchanged) == (0, 2, 2)
    assert rows(db, "SELECT count(*) FROM failures") == [(2,)]

    (tmp_path / "in" / "binary.txt").write_bytes(b"\x00\x01" * 100)  # changed, still bad
    s = ingest([tmp_path / "in"], db=db)
    assert (s.files_failed, s.files_skipped) == (1, 1)
    assert [Path(f.path).name for f in s.failures] == ["binary.txt"]

    s = ingest([tmp_path / "in"], db=db, retry_failed=True)
    assert (s.files_failed, s.files_skipped) == (2, 0)
    assert rows(db, "SELECT count(*) FROM failures") == [(2,)]  # one current failure per file

    (tmp_path / "in" / "empty.txt").write_text(directive(99), encoding="utf-8")  # fixed
    s = ingest([tmp_path / "in"], db=db)
    assert (s.files_changed, s.files_failed, s.files_skipped) == (1, 0, 1)
    assert [Path(r[0]).name for r in rows(db, "SELECT path FROM failures")] == ["binary.txt"]


def test_parallel_ingest_stores_the_same_rows_as_serial(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 6)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    s1 = ingest([tmp_path / "in"], db=one, jobs=1)
    s2 = ingest([tmp_path / "in"], db=two, jobs=2)
    q = "SELECT path, task_id, ordinal, clause, assignees, deadline FROM tasks ORDER BY path, ordinal"
    assert rows(one, q) == rows(two, q)
    assert (s2.files_new, s2.files_failed, s2.tasks_added) == (s1.files_new, s1.files_failed, s1.tasks_added)


def test_prune_forgets_files_gone_from_disk(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "in", 2)
    db = tmp_path / "s.duckdb"
    ingest([tmp_path / "in"], db=db)
    n = len(rows(db, f"SELECT task_id FROM tasks WHERE path = '{paths[0]}'"))
    paths[0].unlink()
    kept = ingest([tmp_path / "in"], db=db)
    assert kept.files_removed == 0 and rows(db, "SELECT count(*) FROM files") == [(2,)]
    s = ingest([tmp_path / "in"], db=db, prune=True)
    assert (s.files_removed, s.tasks_removed) == (1, n)
    assert rows(db, "SELECT count(*) FROM files") == [(1,)]


def test_cli_exit_code_summary_and_missing_path(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 1)
    db = tmp_path / "s.duckdb"
    ok = cli("ingest", str(tmp_path / "in"), "--db", str(db))
    assert ok.returncode == 0, ok.stderr
    assert "files: 1 new, 0 changed, 0 unchanged, 0 moved, 0 failed" in ok.stdout
    (tmp_path / "in" / "bad.txt").write_bytes(b"")
    bad = cli("ingest", str(tmp_path / "in"), str(tmp_path / "missing"), "--db", str(db))
    assert bad.returncode == 1
    assert "files: 0 new, 0 changed, 1 unchanged, 0 moved, 1 failed" in bad.stdout
    assert "no such file or folder" in bad.stdout and "empty file" in bad.stdout


def consistent(db: Path) -> tuple[int, int]:
    """Every file row matches its task and document rows; no rows without a file. (files, tasks)"""
    with duckdb.connect(str(db), read_only=True) as con:
        bad = con.execute(
            "SELECT f.path FROM files f "
            "LEFT JOIN (SELECT path, count(*) n FROM tasks GROUP BY path) t USING (path) "
            "LEFT JOIN (SELECT path, count(*) n FROM documents GROUP BY path) d USING (path) "
            "WHERE coalesce(t.n, 0) <> f.tasks OR coalesce(d.n, 0) <> f.documents"
        ).fetchall()
        orphans = con.execute(
            "SELECT count(*) FROM (SELECT path FROM tasks UNION ALL SELECT path FROM documents "
            "UNION ALL SELECT path FROM clauses UNION ALL SELECT path FROM failures) WHERE path NOT IN "
            "(SELECT path FROM files)"
        ).fetchone()
        files = con.execute("SELECT count(*) FROM files").fetchone()
        tasks = con.execute("SELECT count(*) FROM tasks").fetchone()
    assert bad == [] and orphans == (0,)
    assert files is not None and tasks is not None
    return files[0], tasks[0]


def test_kill_9_mid_batch_leaves_a_consistent_store_and_the_next_run_finishes(tmp_path: Path) -> None:
    total = 400
    write_corpus(tmp_path / "in", total)
    db = tmp_path / "s.duckdb"
    p = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "ingest", str(tmp_path / "in"), "--db", str(db), "-q", "-v"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
        env=ENV,
    )
    assert p.stderr is not None
    seen = 0
    for line in p.stderr:
        seen += line.startswith("stored ")
        if seen >= 5:
            break
    os.killpg(p.pid, signal.SIGKILL)
    p.wait()
    assert p.returncode == -signal.SIGKILL
    files, _ = consistent(db)
    assert 5 <= files < total
    assert rows(db, "SELECT status FROM runs") == [("running",)]

    s = ingest([tmp_path / "in"], db=db)
    assert s.files_new == total - files and s.files_unchanged == files and s.files_failed == 0
    files, tasks = consistent(db)
    assert files == total
    assert rows(db, "SELECT run_id, status FROM runs ORDER BY run_id") == [(1, "interrupted"), (2, "done")]
    fresh = tmp_path / "fresh.duckdb"
    ingest([tmp_path / "in"], db=fresh)
    q = "SELECT path, task_id FROM tasks ORDER BY path, ordinal"
    assert rows(db, q) == rows(fresh, q) and len(rows(fresh, q)) == tasks


def test_a_second_ingest_stops_with_a_clear_message_or_waits(tmp_path: Path) -> None:
    # the lock is held here, as a running ingest holds it: no race with how fast that run would end
    write_corpus(tmp_path / "in", 20)
    db = tmp_path / "s.duckdb"
    held = IngestLock(db).acquire()
    try:
        second = cli("ingest", str(tmp_path / "in"), "--db", str(db))
        assert second.returncode == 2
        assert second.stderr.strip() == f"directives ingest: another ingest is running on {db} (pid {os.getpid()})"
        timer = threading.Timer(3.0, held.release)  # the run ends while the next one waits
        timer.start()
        waited = cli("ingest", str(tmp_path / "in"), "--db", str(db), "--wait", "240")
        timer.join()
    finally:
        held.release()
    assert waited.returncode == 0, waited.stderr
    assert "files: 20 new, 0 changed, 0 unchanged, 0 moved, 0 failed" in waited.stdout


def test_a_running_ingest_holds_the_lock_with_its_pid(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 300)
    db = tmp_path / "s.duckdb"
    first = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "ingest", str(tmp_path / "in"), "--db", str(db), "-q", "-v"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    try:
        assert first.stderr is not None
        assert first.stderr.readline().startswith("stored ")  # the first holds the store now
        assert lock_path(db).read_text().strip() == str(first.pid)
    finally:
        first.communicate(timeout=300)
    assert first.returncode == 0


@pytest.mark.parametrize("jobs", [1, 2])
def test_stop_request_ends_the_run_as_interrupted_with_whole_files(tmp_path: Path, jobs: int) -> None:
    write_corpus(tmp_path / "in", 12)
    db = tmp_path / "s.duckdb"
    calls = {"n": 0}

    def stop() -> bool:
        calls["n"] += 1
        return calls["n"] > 16  # the 12 files are checked first, then a few are extracted

    s = ingest([tmp_path / "in"], db=db, jobs=jobs, should_stop=stop)
    assert s.interrupted
    files, _ = consistent(db)
    assert files == s.files_new < 12
    assert rows(db, "SELECT status FROM runs") == [("interrupted",)]
    s = ingest([tmp_path / "in"], db=db, jobs=jobs)
    assert s.files_new == 12 - files and consistent(db)[0] == 12


def test_ctrl_c_stops_after_the_file_in_hand_and_prints_the_summary(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 300)
    db = tmp_path / "s.duckdb"
    p = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "ingest", str(tmp_path / "in"), "--db", str(db), "-q", "-v"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    assert p.stderr is not None
    assert p.stderr.readline().startswith("stored ")
    p.send_signal(signal.SIGINT)
    out, _ = p.communicate(timeout=120)
    assert p.returncode == 130
    assert "(interrupted)" in out.splitlines()[0]
    files, _ = consistent(db)
    assert f"files: {files} new" in out and files < 300
    assert rows(db, "SELECT status FROM runs") == [("interrupted",)]


def test_ocr_options_reach_the_extraction_and_the_stored_extractor(tmp_path: Path) -> None:
    import shutil

    from pipeline.model import OcrOptions

    (tmp_path / "in").mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "ocr_table" / "kehoach-scan.pdf", tmp_path / "in" / "scan.pdf")
    (tmp_path / "in" / "kl.txt").write_text(directive(3), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    s = ingest([tmp_path / "in"], db=db, ocr=OcrOptions(mode="off"))
    assert (s.files_new, s.files_failed) == (1, 1)
    assert [(f.stage, f.reason) for f in s.failures] == [
        ("read", "scanned PDF and OCR is off (--ocr off): use --ocr auto to read it")
    ]
    with duckdb.connect(str(db), read_only=True) as con:
        kinds = con.execute("SELECT DISTINCT extractor FROM files").fetchall()
    assert kinds == [(f"{extractor_version()}+ocr=off,vie,300",)]
