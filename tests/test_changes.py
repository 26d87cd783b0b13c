"""The change feed: honest ingest counts, added / updated / removed events with strictly increasing
sequence numbers, tombstones, `directives changes --since N`, and the upgrade of a store made before it."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from test_ingest import directive, write_corpus
from test_store import result, three_tasks

from pipeline.cli import main
from pipeline.ingestion import ingest
from pipeline.store import Store, store_file_result

EXTRA = "\n4. Bộ Công an bảo đảm an ninh trật tự.\n"


def feed(capsys: pytest.CaptureFixture[str], db: Path, since: int) -> tuple[list[dict], str]:
    """`directives changes --since N --json`: the events and the stderr line."""
    assert main(["changes", "--db", str(db), "--since", str(since), "--json"]) == 0
    out = capsys.readouterr()
    return [json.loads(x) for x in out.out.splitlines()], out.err


def summary(capsys: pytest.CaptureFixture[str], db: Path, folder: Path, *opts: str) -> list[str]:
    assert main(["ingest", "-q", "--db", str(db), str(folder), *opts]) == 0
    return capsys.readouterr().out.splitlines()[1:]


def test_force_on_unchanged_files_reports_no_update_and_no_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_corpus(tmp_path / "in", 3)
    db = tmp_path / "s.duckdb"
    assert summary(capsys, db, tmp_path / "in") == [
        "files: 3 new, 0 changed, 0 unchanged, 0 moved, 0 failed",
        "tasks: 9 added, 0 updated, 0 removed; 0 need review",
    ]
    events, err = feed(capsys, db, 0)
    assert [e["seq"] for e in events] == list(range(1, 10))
    assert {e["change"] for e in events} == {"added"}
    assert err == "9 change(s) after 0; next: --since 9\n"
    with duckdb.connect(str(db), read_only=True) as con:
        before = con.execute("SELECT task_id, run_id, ingested_at FROM tasks ORDER BY task_id").fetchall()

    assert summary(capsys, db, tmp_path / "in") == [
        "files: 0 new, 0 changed, 3 unchanged, 0 moved, 0 failed",
        "tasks: 0 added, 0 updated, 0 removed; 0 need review",
    ]
    assert summary(capsys, db, tmp_path / "in", "--force") == [
        "files: 0 new, 0 changed, 0 unchanged, 0 moved, 0 failed, 3 re-extracted (same content)",
        "tasks: 0 added, 0 updated, 0 removed; 0 need review",
    ]
    assert feed(capsys, db, 9) == ([], "0 change(s) after 9; next: --since 9\n")
    with duckdb.connect(str(db), read_only=True) as con:
        after = con.execute("SELECT task_id, run_id, ingested_at FROM tasks ORDER BY task_id").fetchall()
        runs = con.execute("SELECT run_id, files_reextracted, tasks_updated FROM runs ORDER BY run_id").fetchall()
    assert after == before  # not changed, so still the rows of run 1
    assert runs == [(1, 0, 0), (2, 0, 0), (3, 3, 0)]


def test_edits_and_a_reissue_make_updated_and_removed_events_after_the_last_seq(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = write_corpus(tmp_path / "in", 2)
    db = tmp_path / "s.duckdb"
    paths[1].write_text(directive(2, extra=EXTRA), encoding="utf-8")
    ingest([tmp_path / "in"], db=db)
    first, _ = feed(capsys, db, 0)
    assert len(first) == 7
    last = first[-1]["seq"]

    # the corrected re-issue: clause 3 gets another deadline, clause 4 is gone
    paths[1].write_text(directive(2).replace("quý IV/2025", "quý III/2025"), encoding="utf-8")
    s = ingest([tmp_path / "in"], db=db)
    assert (s.files_changed, s.tasks_added, s.tasks_updated, s.tasks_removed) == (1, 0, 1, 1)
    events, err = feed(capsys, db, last)
    assert [(e["seq"], e["change"], e["task"]["clause"]) for e in events] == [
        (last + 1, "updated", "3"),
        (last + 2, "removed", "4"),
    ]
    assert err == f"2 change(s) after {last}; next: --since {last + 2}\n"
    updated, removed = events
    assert updated["changed_fields"] == ["task", "deadline", "deadline_text", "source"]
    assert (updated["task"]["deadline"], updated["task"]["deadline_text"]) == ("2025-09-30", "trong quý III/2025")
    assert updated["run_id"] == updated["task"]["run_id"] == 2
    assert removed["task"]["task"] == "bảo đảm an ninh trật tự."  # the tombstone: the row as it was
    assert (removed["task"]["assignees"], removed["run_id"], removed["task"]["run_id"]) == (["Bộ Công an"], 2, 1)
    with duckdb.connect(str(db), read_only=True) as con:
        tomb = con.execute("SELECT seq, task_id, clause FROM tombstones").fetchall()
    assert tomb == [(last + 2, removed["task"]["task_id"], "4")]

    # --since returns exactly the later events; the whole feed's numbers strictly increase
    everything, _ = feed(capsys, db, 0)
    seqs = [e["seq"] for e in everything]
    assert seqs == sorted(set(seqs)) and everything[-2:] == events
    assert feed(capsys, db, last + 1)[0] == [removed]

    # back again: the removed task is added anew and is no tombstone any more
    paths[1].write_text(directive(2, extra=EXTRA), encoding="utf-8")
    s = ingest([tmp_path / "in"], db=db)
    assert (s.tasks_added, s.tasks_updated, s.tasks_removed) == (1, 1, 0)
    assert [(e["change"], e["task"]["clause"]) for e in feed(capsys, db, last + 2)[0]] == [
        ("updated", "3"),
        ("added", "4"),
    ]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM tombstones").fetchone() == (0,)


def test_text_lines_start_with_the_sequence_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.duckdb"
    with Store(db) as s:
        store_file_result(s, result("/in/kl.txt", "aa", three_tasks()), run_id=1)
        store_file_result(s, result("/in/kl.txt", "bb", three_tasks()[:2]), run_id=2)
    assert main(["changes", "--db", str(db), "--since", "2"]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        "3\tadded\tt3\t183-KL/TW 3\t-\tTổng kết thực hiện",
        "4\tremoved\tt3\t183-KL/TW 3\t-\tTổng kết thực hiện",
    ]
    assert out.err == "2 change(s) after 2; next: --since 4\n"
    assert main(["changes", "--db", str(db), "--since", "7"]) == 0
    assert capsys.readouterr().err == (
        "directives changes: --since 7 is past this store's last change, 4\n0 change(s) after 7; next: --since 4\n"
    )


def test_a_failed_file_a_move_and_a_prune_are_changes_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = write_corpus(tmp_path / "in", 2)
    db = tmp_path / "s.duckdb"
    ingest([tmp_path / "in"], db=db)
    moved = tmp_path / "in" / "renamed.txt"
    paths[0].rename(moved)
    s = ingest([tmp_path / "in"], db=db)
    assert (s.files_moved, s.tasks_updated) == (1, 3)
    events, _ = feed(capsys, db, 6)
    assert [(e["seq"], e["change"], e["changed_fields"], e["task"]["doc"]) for e in events] == [
        (7, "updated", ["doc"], "renamed.txt"),
        (8, "updated", ["doc"], "renamed.txt"),
        (9, "updated", ["doc"], "renamed.txt"),
    ]
    paths[1].write_bytes(b"")  # now unreadable: its tasks are removed
    s = ingest([tmp_path / "in"], db=db)
    assert (s.files_failed, s.tasks_removed) == (1, 3)
    moved.unlink()
    s = ingest([tmp_path / "in"], db=db, prune=True)
    assert (s.files_removed, s.tasks_removed) == (1, 3)
    events, err = feed(capsys, db, 9)
    assert [(e["seq"], e["change"], e["task"]["doc"], e["run_id"]) for e in events] == [
        (10, "removed", "kl_0002.txt", 3),
        (11, "removed", "kl_0002.txt", 3),
        (12, "removed", "kl_0002.txt", 3),
        (13, "removed", "renamed.txt", 4),
        (14, "removed", "renamed.txt", 4),
        (15, "removed", "renamed.txt", 4),
    ]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM tombstones").fetchone() == (6,)


def test_a_store_made_before_the_feed_gets_an_added_event_per_task(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.duckdb"
    with Store(db) as s:
        store_file_result(s, result("/in/kl.txt", "aa", three_tasks()), run_id=1)
    with duckdb.connect(str(db)) as con:  # what a v1 store looks like
        con.execute("DROP VIEW tombstones")
        con.execute("DROP TABLE changes")
        con.execute("ALTER TABLE runs DROP COLUMN files_reextracted")
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    assert main(["changes", "--db", str(db)]) == 2
    assert capsys.readouterr().err == (
        "directives changes: this store has no change feed yet (schema v1): run `directives ingest` once to add it\n"
    )
    with Store(db):  # the first writer upgrades it
        pass
    events, err = feed(capsys, db, 0)
    assert [(e["seq"], e["change"], e["task"]["task_id"], e["run_id"]) for e in events] == [
        (1, "added", "t1", 1),
        (2, "added", "t2", 1),
        (3, "added", "t3", 1),
    ]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("2",)
        assert "files_reextracted" in {r[0] for r in con.execute("DESCRIBE runs").fetchall()}
