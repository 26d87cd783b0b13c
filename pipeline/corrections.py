"""Corrections: what a person changed in a task (agencies, deadline, text, "not a task") and its
status (open, in progress, done on a date, cancelled), kept by task_id in the `corrections` table.

An ingest never writes this table, so a correction survives every re-ingest; a re-issued file whose
clause is still there gives its task the same task_id and so keeps it. A correction whose task is gone
stays, listed as orphaned. The view `reviewed_tasks` applies them; every read path reads that view.
A correction is an event of the change feed: "updated" (or "removed" / "added" when the row is marked
"not a task" / no longer), with the row as corrected, so a tracker syncs it like an ingest's change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb

from pipeline.agency_keys import agency_keys
from pipeline.store import CORRECTED_FIELDS, Store, StoreError, corrections_written, log_changes, next_seq

STATUSES = ("open", "in_progress", "done", "cancelled")
# What a correction may set; None for one of them drops it (back to the extractor's value).
EDITABLE = (*CORRECTED_FIELDS, "status", "done_on", "note")
# The reviewed_tasks columns beyond the tasks table: what a read path adds to a row.
REVIEW_COLUMNS = ("status", "done_on", "not_task", "corrected_fields", "corrected", "corrected_by", "corrected_at")
# A store without the view (made before corrections, opened read-only): its rows uncorrected.
_PLAIN = (
    "(SELECT *, 'open' AS status, NULL::DATE AS done_on, false AS not_task, []::VARCHAR[] AS corrected_fields, "
    "false AS corrected, NULL::VARCHAR AS corrected_by, NULL::TIMESTAMP AS corrected_at FROM tasks)"
)
_COLUMNS = (
    "task_id",
    "assignees",
    "coordinators",
    "deadline",
    "task",
    "not_task",
    "status",
    "done_on",
    "note",
    "corrected_by",
    "corrected_at",
    "doc",
    "doc_number",
    "clause",
    "extracted_task",
    "assignee_keys",
    "coordinator_keys",
)


class CorrectionError(ValueError):
    """A correction that cannot be stored, with the reason (a bad status, an empty name, …)."""


class UnknownTask(KeyError):
    """No stored task (and no correction) has this task_id."""


@dataclass
class Outcome:
    """What a correction did: the row as corrected (None for an orphaned task) and its change event."""

    row: dict[str, Any] | None
    change: str | None  # "updated", "removed", "added", or None when nothing differs
    fields: list[str]


def task_source(con: duckdb.DuckDBPyConnection) -> str:
    """The relation to read task rows from: `reviewed_tasks`, or the plain tasks of an older store."""
    got = con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'reviewed_tasks'").fetchone()
    return "reviewed_tasks" if got and got[0] else _PLAIN


def _names(value: Any, what: str) -> list[str]:
    items = value.split(";") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(x, str) for x in items):
        raise CorrectionError(f"{what}: a list of agency names")
    names = [" ".join(x.split()) for x in items]
    return [n for n in names if n]


def _day(value: Any, what: str) -> date:
    from pipeline.commands.args import day

    if isinstance(value, date):
        return value
    try:
        return day(str(value))
    except Exception as e:  # noqa: BLE001 - argparse's error type: the message is what matters
        raise CorrectionError(f"{what}: {e}") from e


def clean(changes: dict[str, Any], today: date) -> dict[str, Any]:
    """The checked values of a correction: agencies as lists (";" separates them in text), dates as
    dates, a known status; "done" without a date is done today, another status drops the date."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise CorrectionError(f"cannot correct {', '.join(unknown)}; fields: {', '.join(EDITABLE)}")
    out: dict[str, Any] = {}
    for k, v in changes.items():
        if v is None:
            out[k] = None
        elif k in ("assignees", "coordinators"):
            out[k] = _names(v, k)
        elif k in ("deadline", "done_on"):
            out[k] = _day(v, k)
        elif k == "task":
            if not isinstance(v, str) or not v.strip():
                raise CorrectionError("task: the text cannot be empty")
            out[k] = v.strip()
        elif k == "not_task":
            if not isinstance(v, bool):
                raise CorrectionError("not_task: true or false")
            out[k] = v
        elif k == "status":
            if v not in STATUSES:
                raise CorrectionError(f"status: one of {', '.join(STATUSES)}, not {v!r}")
            out[k] = v
        else:
            out[k] = str(v)
    if "status" in out:
        out["done_on"] = (out.get("done_on") or today) if out["status"] == "done" else None
    elif out.get("done_on"):
        out["status"] = "done"  # a date of completion says it is done
    return out


def _row(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> dict[str, Any] | None:
    cur = con.execute(sql, params)
    got = cur.fetchone()
    return dict(zip([d[0] for d in cur.description], got, strict=True)) if got else None


def reviewed_row(con: duckdb.DuckDBPyConnection, task_id: str) -> dict[str, Any] | None:
    """The task's row as corrected (every reviewed_tasks column), or None."""
    return _row(con, f"SELECT * FROM {task_source(con)} WHERE task_id = ?", [task_id])


def correct(
    store: Store, task_id: str, changes: dict[str, Any], *, by: str, today: date | None = None
) -> Outcome:
    """Apply `changes` (field → value, None drops that field's correction) to the task's correction in
    one transaction with its change event. Raises UnknownTask, CorrectionError."""
    values = clean(changes, today or date.today())
    with store.transaction() as con:
        task = _row(con, "SELECT doc, doc_number, clause, task FROM tasks WHERE task_id = ?", [task_id])
        old = _row(con, "SELECT * FROM corrections WHERE task_id = ?", [task_id])
        if task is None and old is None:
            raise UnknownTask(task_id)
        before = reviewed_row(con, task_id)
        new = dict(old or dict.fromkeys(_COLUMNS))
        new.update(values, task_id=task_id, corrected_by=by, corrected_at=datetime.now())
        if task is not None:  # where the task was, for the day it is orphaned
            new.update(doc=task["doc"], doc_number=task["doc_number"], clause=task["clause"])
            new["extracted_task"] = new.get("extracted_task") or task["task"]
        for names in ("assignees", "coordinators"):  # corrected agencies are grouped by their keys too
            new[names[:-1] + "_keys"] = agency_keys(new[names]) if new[names] is not None else None
        con.execute("DELETE FROM corrections WHERE task_id = ?", [task_id])
        con.execute(
            f"INSERT INTO corrections ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
            [new[c] for c in _COLUMNS],
        )
        corrections_written(con)
        after = reviewed_row(con, task_id)
        change, fields = _event(before, after)
        if change:
            log_changes(con, [(change, task_id, fields)], None, datetime.now(), next_seq(con), reviewed=True)
    return Outcome(after, change, fields)


def _event(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[str | None, list[str]]:
    # An orphaned task has no row to send; "not a task" takes the row out of a tracker, and back.
    if before is None or after is None:
        return None, []
    if after["not_task"] != before["not_task"]:
        return ("removed" if after["not_task"] else "added"), []
    fields = [f for f in (*CORRECTED_FIELDS[:-1], "status", "done_on") if before[f] != after[f]]
    return ("updated" if fields else None), fields


def corrections(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every correction with `orphaned` (its task_id is no longer stored), newest first."""
    got = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'corrections'").fetchone()
    if not got or not got[0]:  # an older store opened read-only
        raise StoreError("this store has no corrections yet: run `directives ingest` once to add the table")
    cur = con.execute(
        "SELECT c.*, c.task_id NOT IN (SELECT task_id FROM tasks) AS orphaned FROM corrections c "
        "ORDER BY corrected_at DESC, task_id"
    )
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def review_counts(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """For `directives status`: stored tasks with a field corrected (of them "not a task"), stored tasks
    by the status a person set, corrections whose task is gone; None for a store made before corrections."""
    got = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'corrections'").fetchone()
    if not got or not got[0]:
        return None
    fields = " OR ".join(f"c.{n} IS NOT NULL" for n in CORRECTED_FIELDS)
    one = con.execute(
        f"SELECT count(*) FILTER (WHERE {fields}), count(*) FILTER (WHERE c.not_task), "
        "(SELECT count(*) FROM corrections WHERE task_id NOT IN (SELECT task_id FROM tasks)) "
        "FROM corrections c JOIN tasks t USING (task_id)"
    ).fetchone()
    assert one is not None  # an aggregate always gives a row
    status = con.execute(
        "SELECT c.status, count(*) FROM corrections c JOIN tasks t USING (task_id) WHERE c.status IS NOT NULL "
        "GROUP BY c.status"
    ).fetchall()
    order = {s: i for i, s in enumerate(STATUSES)}
    return {
        "tasks_corrected": one[0],
        "not_task": one[1],
        "status_set": dict(sorted(status, key=lambda r: order.get(r[0], len(order)))),
        "orphaned": one[2],
    }
