"""The DuckDB store: schema, per-file replacement, failures, views, and the busy message."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pipeline.model import Document, FileResult, Header, Task
from pipeline.store import Store, StoreBusy, StoreError, store_file_result

ROOT = Path(__file__).resolve().parents[1]


def task(tid: str, clause: str, assignees: list[str], text: str, **kw: object) -> Task:
    base: dict[str, object] = dict(
        doc="kl.txt",
        doc_number="183-KL/TW",
        clause=clause,
        assignees=assignees,
        implicit=False,
        coordinators=[],
        task=text,
        task_id=tid,
        doc_type="KL",
        doc_date="2025-08-01",
        issuer="BỘ CHÍNH TRỊ",
        source=text,
    )
    base.update(kw)
    return Task(**base)  # type: ignore[arg-type]


def result(path: str, sha: str, tasks: list[Task], number: str | None = "183-KL/TW") -> FileResult:
    header = Header(
        number=number,
        doc_type="KL",
        issuer="BỘ CHÍNH TRỊ",
        date=date(2025, 8, 1),
        subject="về tiếp tục sắp xếp tổ chức bộ máy",
        recipients=["Các tỉnh uỷ"],
    )
    return FileResult(
        path=path,
        sha256=sha,
        documents=[Document(header=header, clauses=[], tasks=tasks)],
        source_kind="text",
    )


def three_tasks() -> list[Task]:
    return [
        task(
            "t1",
            "1",
            ["Bộ Nội vụ"],
            "Trình Bộ Chính trị đề án",
            deadline="2025-08-31",
            deadline_text="trước ngày 31/8/2025",
            coordinators=["Bộ Tài chính"],
        ),
        task(
            "t2",
            "2",
            ["Các tỉnh uỷ, thành uỷ", "Đảng uỷ Chính phủ"],
            "Báo cáo kết quả",
            recurrence="FREQ=MONTHLY;BYMONTHDAY=25",
            due_time="16:00",
        ),
        task("t3", "3", [], "Tổng kết thực hiện", deadline="2025-12-31", page=2, char_start=10, char_end=40),
    ]


def test_schema_has_the_contract_columns_and_a_version(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with Store(db):
        pass
    with Store(db) as s:  # opening again keeps everything
        cols = {r[0]: r[1] for r in s.con.execute("DESCRIBE tasks").fetchall()}
        version = s.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        tables = {r[0] for r in s.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert version == ("2",)
    assert {"tasks", "documents", "citations", "clauses", "files", "runs", "failures", "changes", "meta"} <= tables
    assert {"tasks_by_assignee", "upcoming", "overdue", "tombstones"} <= tables
    assert cols["task_id"] == "VARCHAR"
    assert cols["assignees"] == cols["coordinators"] == "VARCHAR[]"
    assert cols["deadline"] == cols["doc_date"] == "DATE"
    assert cols["implicit"] == "BOOLEAN"
    assert cols["page"] == cols["char_start"] == cols["char_end"] == cols["ordinal"] == cols["run_id"] == "INTEGER"
    assert cols["ingested_at"] == "TIMESTAMP"
    for name in (
        "doc",
        "doc_number",
        "clause",
        "task",
        "deadline_text",
        "recurrence",
        "due_time",
        "doc_type",
        "issuer",
        "source",
        "path",
        "sha256",
    ):
        assert cols[name] == "VARCHAR", name
    assert list(cols)[0] == "task_id"


def test_store_file_result_round_trips_values(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as s:
        out = store_file_result(s, result("/in/kl.txt", "aa", three_tasks()), run_id=1, size=10, mtime=0.0)
        rows = s.con.execute(
            "SELECT task_id, assignees, coordinators, deadline, recurrence, due_time, ordinal, page, "
            "doc_date "
            "FROM tasks ORDER BY ordinal"
        ).fetchall()
        doc = s.con.execute("SELECT doc_number, doc_date, recipients, tasks FROM documents").fetchall()
        f = s.con.execute("SELECT path, sha256, status, tasks, documents, size FROM files").fetchall()
    assert (out.status, out.added, out.updated, out.removed) == ("ok", 3, 0, 0)
    assert rows == [
        ("t1", ["Bộ Nội vụ"], ["Bộ Tài chính"], date(2025, 8, 31), None, None, 1, None, date(2025, 8, 1)),
        (
            "t2",
            ["Các tỉnh uỷ, thành uỷ", "Đảng uỷ Chính phủ"],
            [],
            None,
            "FREQ=MONTHLY;BYMONTHDAY=25",
            "16:00",
            2,
            None,
            date(2025, 8, 1),
        ),
        ("t3", [], [], date(2025, 12, 31), None, None, 3, 2, date(2025, 8, 1)),
    ]
    assert doc == [("183-KL/TW", date(2025, 8, 1), ["Các tỉnh uỷ"], 3)]
    assert f == [("/in/kl.txt", "aa", "ok", 3, 1, 10)]


def test_a_new_version_replaces_the_rows_of_its_file_only(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as s:
        store_file_result(s, result("/in/kl.txt", "aa", three_tasks()))
        store_file_result(s, result("/in/other.txt", "bb", [task("o1", "1", ["Bộ Y tế"], "Khác")], "1-KL/TW"))
        changed = three_tasks()[:2] + [task("t4", "4", ["Bộ Công an"], "Mới")]
        out = store_file_result(s, result("/in/kl.txt", "cc", changed))
        ids = s.con.execute("SELECT path, task_id FROM tasks ORDER BY path, ordinal").fetchall()
        sha = s.con.execute("SELECT sha256 FROM files WHERE path = '/in/kl.txt'").fetchone()
    assert (out.added, out.updated, out.removed) == (1, 0, 1)  # t1 and t2 are the same rows
    assert ids == [("/in/kl.txt", "t1"), ("/in/kl.txt", "t2"), ("/in/kl.txt", "t4"), ("/in/other.txt", "o1")]
    assert sha == ("cc",)


def test_a_failed_file_is_recorded_and_its_old_rows_removed(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as s:
        store_file_result(s, result("/in/kl.txt", "aa", three_tasks()))
        bad = FileResult(path="/in/kl.txt", sha256="dd", error="empty file (0 bytes)", stage="read")
        out = store_file_result(s, bad, run_id=2)
        failures = s.con.execute("SELECT path, sha256, stage, reason, run_id FROM failures").fetchall()
        n = s.con.execute("SELECT count(*) FROM tasks").fetchone()
        status = s.con.execute("SELECT status FROM files").fetchall()
        # a later success clears the failure
        store_file_result(s, result("/in/kl.txt", "ee", three_tasks()))
        left = s.con.execute("SELECT count(*) FROM failures").fetchone()
    assert (out.status, out.removed, out.stage) == ("failed", 3, "read")
    assert failures == [("/in/kl.txt", "dd", "read", "empty file (0 bytes)", 2)]
    assert n == (0,) and status == [("failed",)] and left == (0,)


def test_rows_that_cannot_be_stored_make_a_store_failure_not_a_half_file(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as s:
        tasks = three_tasks()
        tasks[2].deadline = "2025-02-30"
        out = store_file_result(s, result("/in/kl.txt", "aa", tasks))
        n = s.con.execute("SELECT count(*) FROM tasks").fetchone()
        reason = s.con.execute("SELECT stage, reason FROM failures").fetchone()
    assert out.status == "failed" and n == (0,)
    assert reason is not None and reason[0] == "store" and "2025-02-30" in reason[1]


def test_a_task_id_already_stored_from_another_file_is_kept_once(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as s:
        store_file_result(s, result("/in/kl.pdf", "aa", three_tasks()))
        out = store_file_result(s, result("/in/kl.docx", "bb", three_tasks()))
        paths = s.con.execute("SELECT DISTINCT path FROM tasks").fetchall()
        note = s.con.execute("SELECT tasks, note FROM files WHERE path = '/in/kl.docx'").fetchone()
    assert (out.status, out.tasks, out.skipped) == ("ok", 0, 3)
    assert paths == [("/in/kl.pdf",)]
    assert note is not None and note[0] == 0 and "/in/kl.pdf" in note[1]


def test_views_compare_against_the_today_variable(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with Store(db) as s:
        store_file_result(s, result("/in/kl.txt", "aa", three_tasks()))
    with Store(db, read_only=True) as s:
        by = s.con.execute("SELECT assignee, task_id FROM tasks_by_assignee ORDER BY task_id, assignee").fetchall()
        s.set_today(date(2025, 9, 1))
        overdue = s.con.execute("SELECT task_id, days_overdue FROM overdue").fetchall()
        upcoming = s.con.execute("SELECT task_id, days_left, next_due FROM upcoming").fetchall()
        s.con.execute("SET VARIABLE today = DATE '2026-01-01'")
        later = s.con.execute("SELECT task_id FROM overdue ORDER BY task_id").fetchall()
        s.set_today(None)
        default = s.con.execute("SELECT as_of() = current_date").fetchone()
    assert by == [
        ("Bộ Nội vụ", "t1"),
        ("Các tỉnh uỷ, thành uỷ", "t2"),
        ("Đảng uỷ Chính phủ", "t2"),
        (None, "t3"),
    ]
    assert overdue == [("t1", 1)]
    assert upcoming == [("t2", 24, date(2025, 9, 25)), ("t3", 121, date(2025, 12, 31))]  # t2: monthly on the 25th
    assert later == [("t1",), ("t3",)]
    assert default == (True,)


def test_read_only_open_of_a_missing_store_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="directives ingest"):
        Store(tmp_path / "none.duckdb", read_only=True)


HOLDER = (
    "import sys, time\n"
    "from pipeline.store import Store\n"
    "s = Store(sys.argv[1])\n"
    "print('ready', flush=True)\n"
    "time.sleep(float(sys.argv[2]))\n"
    "s.close()\n"
)


def hold(db: Path, seconds: float, *extra: str) -> subprocess.Popen[str]:
    """Another process holding the store open for writing; argv words show in /proc/PID/cmdline."""
    p = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), str(seconds), *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    return p


def test_a_second_writer_gets_a_clear_message_with_the_pid(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    p = hold(db, 30, "ingest")
    try:
        with pytest.raises(StoreBusy) as e:
            Store(db)
        assert str(e.value) == f"another ingest is running on {db} (pid {p.pid})"
    finally:
        p.kill()
        p.wait()


def test_a_reader_holding_the_store_is_named_as_such(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    p = hold(db, 30)
    try:
        with pytest.raises(StoreBusy, match=rf"is open in another process \(pid {p.pid}"):
            Store(db)
    finally:
        p.kill()
        p.wait()


def test_wait_serialises_behind_another_writer(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    p = hold(db, 0.5, "ingest")
    try:
        with Store(db, wait=30) as s:
            assert s.con.execute("SELECT count(*) FROM tasks").fetchone() == (0,)
    finally:
        p.wait()
    assert p.returncode == 0


def test_a_file_that_is_not_a_store_gives_a_store_error_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "x.duckdb"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match=f"cannot open {bad}"):
        Store(bad)
