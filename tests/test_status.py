"""`directives status` counts what people corrected: tasks with a field corrected (of them "not a
task"), tasks by the status set on them, corrections orphaned by a re-issue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_corrections_eval import CONCLUSION, LETTER, build_store

from pipeline.cli import main
from pipeline.corrections import correct
from pipeline.ingestion import ingest
from pipeline.store import Store


def status(capsys: pytest.CaptureFixture[str], db: Path) -> tuple[str, dict]:
    assert main(["status", "--db", str(db)]) == 0
    text = capsys.readouterr().out.splitlines()[-1]
    assert main(["status", "--db", str(db), "--json"]) == 0
    return text, json.loads(capsys.readouterr().out)["corrections"]


def test_status_counts_corrections_statuses_and_orphans(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, folder, ids = build_store(tmp_path)
    assert status(capsys, db) == (
        "corrections: none",
        {"tasks_corrected": 0, "not_task": 0, "status_set": {}, "orphaned": 0},
    )
    c = CONCLUSION
    assert main(["correct", ids[(c, "2")][0], "--db", str(db), "--not-task"]) == 0
    assert main(["correct", ids[(c, "3")][0], "--db", str(db), "--assignee", "Bộ Tư pháp", "--status", "done"]) == 0
    assert (
        main(["correct", ids[(c, "5")][0], "--db", str(db), "--deadline", "2026-03-31", "--status", "cancelled"]) == 0
    )
    with Store(db) as store:
        for clause in ("1", "2"):
            correct(store, ids[(LETTER, clause)][0], {"status": "in_progress"}, by="lan")
        correct(store, ids[(LETTER, "3")][0], {"note": "xem lại"}, by="lan")  # a note is neither
    capsys.readouterr()
    assert status(capsys, db) == (
        "corrections: 3 task(s) corrected (1 not a task); status set on 4 (2 in_progress, 1 done, 1 cancelled); "
        "0 orphaned",
        {
            "tasks_corrected": 3,
            "not_task": 1,
            "status_set": {"in_progress": 2, "done": 1, "cancelled": 1},
            "orphaned": 0,
        },
    )

    src = folder / CONCLUSION  # the re-issue drops clause 5: its correction and status are orphaned
    src.write_text("".join(x for x in src.read_text("utf-8").splitlines(True) if not x.startswith("5.")), "utf-8")
    ingest([folder], db=db)
    assert status(capsys, db) == (
        "corrections: 2 task(s) corrected (1 not a task); status set on 3 (2 in_progress, 1 done); "
        "1 orphaned (directives corrections --orphaned)",
        {"tasks_corrected": 2, "not_task": 1, "status_set": {"in_progress": 2, "done": 1}, "orphaned": 1},
    )
    assert main(["correct", ids[(c, "3")][0], "--db", str(db), "--reset", "assignees", "--reset", "status"]) == 0
    capsys.readouterr()
    assert status(capsys, db)[1] == {
        "tasks_corrected": 1,
        "not_task": 1,
        "status_set": {"in_progress": 2},
        "orphaned": 1,
    }
