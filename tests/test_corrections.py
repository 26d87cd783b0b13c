"""Corrections: kept by task_id across re-ingests, orphaned (never dropped) when a re-issue loses the
clause, applied on every read path (tasks, export, load_tasks, the views) and logged in the change feed."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import duckdb
import pytest
from test_ingest import directive

from pipeline.api import load_tasks
from pipeline.cli import main
from pipeline.corrections import CorrectionError, UnknownTask, clean, correct, corrections
from pipeline.ingestion import ingest
from pipeline.store import Store

EXTRA = "\n4. Bộ Công an bảo đảm an ninh trật tự.\n"


@pytest.fixture
def store_with_tasks(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A store with one conclusion of four tasks; the task ids by clause."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kl_2.txt").write_text(directive(2, extra=EXTRA), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    ingest([folder], db=db)
    with duckdb.connect(str(db), read_only=True) as con:
        ids = dict(con.execute("SELECT clause, task_id FROM tasks").fetchall())
    return db, folder, ids


def tasks_json(capsys: pytest.CaptureFixture[str], db: Path, *opts: str) -> list[dict]:
    assert main(["tasks", "--db", str(db), "--format", "jsonl", *opts]) == 0
    return [json.loads(x) for x in capsys.readouterr().out.splitlines()]


def feed(capsys: pytest.CaptureFixture[str], db: Path, since: int) -> list[dict]:
    assert main(["changes", "--db", str(db), "--since", str(since), "--json"]) == 0
    return [json.loads(x) for x in capsys.readouterr().out.splitlines()]


def test_correct_sets_assignee_and_done_and_every_read_path_shows_it(
    store_with_tasks: tuple[Path, Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    db, _, ids = store_with_tasks
    tid = ids["1"]
    args = ["correct", tid, "--db", str(db), "--assignee", "Bộ Nội vụ", "--assignee", "Bộ Tài chính"]
    assert main([*args, "--status", "done", "--on", "01/09/2025", "--by", "lan"]) == 0
    out = capsys.readouterr()
    assert out.out.startswith(f"{tid}\tdone 2025-09-01\t2025-09-30\tBộ Nội vụ; Bộ Tài chính\t")
    assert out.err == "updated: assignees, status, done_on\n"

    row = next(r for r in tasks_json(capsys, db) if r["task_id"] == tid)
    assert (row["assignees"], row["status"], row["done_on"], row["corrected"]) == (
        ["Bộ Nội vụ", "Bộ Tài chính"],
        "done",
        "2025-09-01",
        True,
    )
    assert [r["clause"] for r in tasks_json(capsys, db, "--status", "done")] == ["1"]
    assert main(["tasks", "--db", str(db), "--status", "done"]) == 0
    table = capsys.readouterr().out
    assert "Tình trạng" in table and "hoàn thành 01/09/2025 (đã sửa)" in " ".join(table.replace("│", " ").split())
    assert [r["clause"] for r in tasks_json(capsys, db, "--assignee", "bo tai chinh")] == ["1"]

    df = load_tasks(db)
    got = df.set_index("task_id").loc[tid]
    assert list(got["assignees"]) == ["Bộ Nội vụ", "Bộ Tài chính"]
    assert (got["status"], bool(got["corrected"])) == ("done", True)
    assert df.set_index("task_id").loc[ids["3"], "status"] == "open"

    with Store(db, read_only=True) as s:
        leads = s.con.execute("SELECT assignee FROM tasks_by_assignee WHERE task_id = ?", [tid]).fetchall()
    assert leads == [("Bộ Nội vụ",), ("Bộ Tài chính",)]

    csv_out = db.parent / "t.csv"
    assert main(["export", "--db", str(db), "--format", "csv", "-o", str(csv_out)]) == 0
    lines = csv_out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].endswith(",status,done_on,corrected")
    assert [x for x in lines if x.startswith(tid)][0].endswith(",done,2025-09-01,true")

    events = feed(capsys, db, 4)
    assert [(e["seq"], e["change"], e["changed_fields"]) for e in events] == [
        (5, "updated", ["assignees", "status", "done_on"])
    ]
    assert events[0]["task"]["assignees"] == ["Bộ Nội vụ", "Bộ Tài chính"] and events[0]["task"]["status"] == "done"
    assert events[0]["task"]["corrected"] is True and events[0]["run_id"] is None


def test_a_corrected_deadline_moves_the_task_in_the_overdue_view(
    store_with_tasks: tuple[Path, Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    db, _, ids = store_with_tasks
    assert main(["correct", ids["3"], "--db", str(db), "--deadline", "2025-08-15"]) == 0
    capsys.readouterr()
    overdue = tasks_json(capsys, db, "--overdue", "--today", "2025-09-01")
    assert [(r["clause"], r["deadline"], r["corrected"]) for r in overdue] == [("3", "2025-08-15", True)]
    with Store(db, read_only=True) as s:
        s.set_today(date(2025, 9, 1))
        assert s.con.execute("SELECT clause, days_overdue FROM overdue").fetchall() == [("3", 17)]


def test_corrections_survive_reingest_and_a_reissue_orphans_the_lost_clause(
    store_with_tasks: tuple[Path, Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    db, folder, ids = store_with_tasks
    assert main(["correct", ids["1"], "--db", str(db), "--assignee", "Bộ Nội vụ"]) == 0
    assert main(["correct", ids["4"], "--db", str(db), "--status", "in_progress"]) == 0
    capsys.readouterr()
    ingest([folder], db=db, force=True)
    by_clause = {r["clause"]: r for r in tasks_json(capsys, db)}
    assert by_clause["1"]["assignees"] == ["Bộ Nội vụ"] and by_clause["4"]["status"] == "in_progress"

    # the re-issue keeps clause 1 (same number and clause: same task_id) and drops clause 4
    (folder / "kl_2.txt").write_text(directive(2).replace("quý IV/2025", "quý III/2025"), encoding="utf-8")
    s = ingest([folder], db=db)
    assert (s.tasks_updated, s.tasks_removed) == (1, 1)
    assert {r["clause"]: r["assignees"] for r in tasks_json(capsys, db)}["1"] == ["Bộ Nội vụ"]
    assert main(["corrections", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert sorted(x.split("\t")[:3] for x in lines) == sorted(
        [[ids["1"], "ok", "open"], [ids["4"], "orphaned", "in_progress"]]
    )
    assert main(["corrections", "--db", str(db), "--orphaned", "--json"]) == 0
    (orphan,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert (orphan["task_id"], orphan["clause"], orphan["doc_number"], orphan["orphaned"]) == (
        ids["4"],
        "4",
        "2-KL/TW",
        True,
    )
    assert orphan["extracted_task"] == "bảo đảm an ninh trật tự."

    # the clause comes back: so does its status
    (folder / "kl_2.txt").write_text(directive(2, extra=EXTRA), encoding="utf-8")
    ingest([folder], db=db)
    assert {r["clause"]: r["status"] for r in tasks_json(capsys, db)}["4"] == "in_progress"


def test_not_a_task_leaves_every_list_and_the_feed_says_removed_then_added(
    store_with_tasks: tuple[Path, Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    db, _, ids = store_with_tasks
    assert main(["correct", ids["2"], "--db", str(db), "--not-task"]) == 0
    capsys.readouterr()
    assert [r["clause"] for r in tasks_json(capsys, db)] == ["1", "3", "4"]
    assert list(load_tasks(db)["clause"]) == ["1", "3", "4"]
    assert main(["correct", ids["2"], "--db", str(db), "--is-task"]) == 0
    capsys.readouterr()
    assert [r["clause"] for r in tasks_json(capsys, db)] == ["1", "2", "3", "4"]
    assert [(e["change"], e["task"]["clause"]) for e in feed(capsys, db, 4)] == [("removed", "2"), ("added", "2")]


def test_reset_drops_one_field_and_a_second_correction_keeps_the_first(
    store_with_tasks: tuple[Path, Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    db, _, ids = store_with_tasks
    tid = ids["1"]
    assert main(["correct", tid, "--db", str(db), "--assignee", "Bộ Nội vụ", "--task", "Trình đề án"]) == 0
    assert main(["correct", tid, "--db", str(db), "--reset", "assignees"]) == 0
    capsys.readouterr()
    row = next(r for r in tasks_json(capsys, db) if r["task_id"] == tid)
    assert (row["assignees"], row["task"], row["corrected"]) == (["Bộ Y tế"], "Trình đề án", True)


def test_correct_refuses_bad_input_with_one_line(
    store_with_tasks: tuple[Path, Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    db, _, ids = store_with_tasks
    assert main(["correct", "nope", "--db", str(db), "--status", "done"]) == 2
    assert capsys.readouterr().err == f"directives correct: no task nope in {db}\n"
    assert main(["correct", ids["1"], "--db", str(db)]) == 2
    assert "nothing to correct" in capsys.readouterr().err
    assert main(["correct", ids["1"], "--db", str(db), "--status", "open", "--on", "2025-09-01"]) == 2
    assert "--on is the day a task was done" in capsys.readouterr().err
    assert main(["correct", ids["1"], "--db", str(db), "--not-task", "--is-task"]) == 2
    capsys.readouterr()
    assert main(["correct", ids["1"], "--db", str(db / "missing"), "--status", "done"]) == 2
    assert "no store at" in capsys.readouterr().err
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM corrections").fetchone() == (0,)


def test_clean_checks_each_field() -> None:
    today = date(2025, 9, 1)
    assert clean({"status": "done"}, today) == {"status": "done", "done_on": today}
    assert clean({"done_on": "02/09/2025"}, today) == {"done_on": date(2025, 9, 2), "status": "done"}
    assert clean({"status": "open"}, today) == {"status": "open", "done_on": None}
    assert clean({"assignees": "Bộ Nội vụ;  Bộ Y  tế ;"}, today) == {"assignees": ["Bộ Nội vụ", "Bộ Y tế"]}
    for bad, reason in [
        ({"status": "finished"}, "status: one of open, in_progress, done, cancelled"),
        ({"task": "  "}, "task: the text cannot be empty"),
        ({"deadline": "31/02/2025"}, "deadline: '31/02/2025' is not a real date"),
        ({"doc": "x"}, "cannot correct doc"),
        ({"not_task": "yes"}, "not_task: true or false"),
    ]:
        with pytest.raises(CorrectionError, match=reason.replace("(", r"\(")):
            clean(bad, today)


def test_an_unknown_task_is_refused_and_the_table_stays_empty(
    store_with_tasks: tuple[Path, Path, dict[str, str]],
) -> None:
    db, _, _ = store_with_tasks
    with Store(db) as s:
        with pytest.raises(UnknownTask):
            correct(s, "0000", {"status": "done"}, by="x")
        assert corrections(s.con) == []


def test_a_store_made_before_corrections_reads_uncorrected_then_gets_the_table_on_ingest(
    store_with_tasks: tuple[Path, Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    db, folder, ids = store_with_tasks
    with duckdb.connect(str(db)) as con:  # what the previous version left: no corrections, no view
        con.execute("DROP VIEW upcoming; DROP VIEW overdue; DROP VIEW reviewed_tasks; DROP TABLE corrections")
        con.execute(
            "CREATE OR REPLACE VIEW tasks_by_assignee AS "
            "SELECT unnest(assignees) AS assignee, unnest(assignee_keys) AS assignee_key, * FROM tasks"
        )
        con.execute("ALTER TABLE changes DROP COLUMN status")
    rows = tasks_json(capsys, db, "--assignee", "bo y te")
    assert [(r["clause"], r["status"], r["corrected"]) for r in rows] == [("1", "open", False)]
    assert main(["corrections", "--db", str(db)]) == 2
    assert "no corrections yet: run `directives ingest` once" in capsys.readouterr().err
    assert feed(capsys, db, 3)[0]["task"]["status"] == "open"
    ingest([folder], db=db)  # a write opens the store: the schema gets the table and the view
    assert main(["correct", ids["1"], "--db", str(db), "--status", "cancelled"]) == 0
    capsys.readouterr()
    assert [r["status"] for r in tasks_json(capsys, db, "--assignee", "bo y te")] == ["cancelled"]
    assert feed(capsys, db, 4)[0]["task"]["status"] == "cancelled"


def test_coordinators_and_a_note_and_a_busy_store(
    store_with_tasks: tuple[Path, Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline.writelock import IngestLock

    db, _, ids = store_with_tasks
    args = ["correct", ids["3"], "--db", str(db), "--coordinator", "Bộ Tài chính", "--note", "theo công văn 12"]
    assert main(args) == 0
    capsys.readouterr()
    row = next(r for r in tasks_json(capsys, db) if r["task_id"] == ids["3"])
    assert (row["coordinators"], row["corrected"]) == (["Bộ Tài chính"], True)
    with Store(db, read_only=True) as s:
        assert s.con.execute("SELECT note FROM corrections").fetchall() == [("theo công văn 12",)]
    with IngestLock(db):  # a running ingest: refused at once, or after --wait seconds
        for wait in ("0", "0.3"):
            assert main(["correct", ids["1"], "--db", str(db), "--status", "done", "--wait", wait]) == 2
            busy = f"directives correct: another ingest is running on {db} (pid {os.getpid()})\n"
            assert capsys.readouterr().err == busy
    assert [r["status"] for r in tasks_json(capsys, db) if r["task_id"] == ids["1"]] == ["open"]
