"""Reading task rows back from the store with the filters `directives tasks` and `export` share."""

from __future__ import annotations

import argparse
import unicodedata
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

import duckdb

from pipeline.agency_keys import agency_key
from pipeline.commands.args import count, day
from pipeline.model import Task

TASK_FIELDS: list[str] = [f.name for f in fields(Task)]
# The five Vietnamese tone marks: grave, acute, tilde, hook above, dot below.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def fold(s: str) -> str:
    """Tone-folded, lower-case, single-spaced: "Bộ Nội  vụ" → "bô nôi vu", "uỷ" and "ủy" → "uy"."""
    d = unicodedata.normalize("NFD", s)
    d = "".join(c for c in d if c not in TONE_MARKS)
    return " ".join(unicodedata.normalize("NFC", d).lower().split())


def ascii_fold(s: str) -> str:
    """fold() without any diacritic at all, đ → d: what a query typed without accents is compared to."""
    d = unicodedata.normalize("NFD", fold(s).replace("đ", "d"))
    return "".join(c for c in d if not unicodedata.combining(c))


def folder_for(query: str) -> Any:
    """The fold that makes `query` comparable: without accents ("bo noi vu") compare without any."""
    return ascii_fold if fold(query).isascii() else fold


@dataclass
class TaskFilter:
    assignee: str | None = None
    due_before: date | None = None
    overdue: bool = False
    today: date | None = None
    doc: str | None = None
    text: str | None = None
    limit: int | None = None
    status: str | None = None  # open, in_progress, done, cancelled (see pipeline/corrections.py)
    after: list[Any] | None = None  # the sort key of the last row of the previous page (see sort_key)
    not_tasks: bool = False  # also the rows a person marked "not a task" (the review page)

    @property
    def by_deadline(self) -> bool:
        return bool(self.overdue or self.due_before)
    needs_review: bool = False


def add_filter_args(p: argparse.ArgumentParser) -> None:
    """The filter options of `directives tasks` and `directives export`."""
    p.add_argument(
        "--assignee",
        metavar="NAME",
        help='lead agency containing NAME, ignoring case and tone marks ("bo noi vu" finds "Bộ Nội vụ"), '
        'or whose agency key contains its key ("UBND tỉnh" finds "Ủy ban nhân dân tỉnh")',
    )
    p.add_argument("--due-before", metavar="DATE", type=day, help="deadline before DATE (2025-09-01 or 01/09/2025)")
    p.add_argument("--overdue", action="store_true", help="deadline before today (see --today)")
    p.add_argument(
        "--today",
        metavar="DATE",
        type=day,
        help="the date --overdue and the upcoming/overdue views compare against (default: current date)",
    )
    p.add_argument("--doc", metavar="NAME", help="file name or document number containing NAME")
    p.add_argument("--text", metavar="WORDS", help="task text containing every one of WORDS (tone-insensitive)")
    p.add_argument(
        "--status",
        choices=["open", "in_progress", "done", "cancelled"],
        help="tasks with this status (set with `directives correct`; open until then)",
    )
    p.add_argument("--limit", metavar="N", type=count, help="at most N rows")
    p.add_argument(
        "--needs-review",
        action="store_true",
        help="only rows flagged for review (low OCR confidence, a lead that is no agency, …: review_reasons)",
    )


def filter_from_args(args: argparse.Namespace) -> TaskFilter:
    return TaskFilter(
        assignee=args.assignee,
        due_before=args.due_before,
        overdue=args.overdue,
        today=args.today,
        doc=args.doc,
        text=args.text,
        limit=args.limit,
        status=args.status,
        needs_review=args.needs_review,
    )


def _register(con: duckdb.DuckDBPyConnection, name: str, fn: Any) -> None:
    try:
        con.remove_function(name)
    except duckdb.Error:
        pass  # not registered yet on this connection
    con.create_function(name, fn, [duckdb.sqltype("VARCHAR")], duckdb.sqltype("VARCHAR"), side_effects=False)


def _where(con: duckdb.DuckDBPyConnection, f: TaskFilter) -> tuple[list[str], list[Any]]:
    conds: list[str] = []
    params: list[Any] = []
    if f.assignee:
        fn = folder_for(f.assignee)
        _register(con, "assignee_fold", fn)
        match = "contains(assignee_fold(assignee), ?)"
        params.append(fn(f.assignee))
        key = agency_key(f.assignee)
        if key:  # the agency key too: "UBND tỉnh" finds "Ủy ban nhân dân tỉnh", an old ministry its successor
            match += " OR contains(assignee_key, ?)"
            params.append(key)
        conds.append(f"task_id IN (SELECT task_id FROM tasks_by_assignee WHERE {match})")
    if f.doc:
        fn = folder_for(f.doc)
        _register(con, "doc_fold", fn)
        conds.append("(contains(doc_fold(doc), ?) OR contains(doc_fold(coalesce(doc_number, '')), ?))")
        params += [fn(f.doc), fn(f.doc)]
    if f.text:
        fn = folder_for(f.text)
        _register(con, "text_fold", fn)
        for word in fn(f.text).split():
            conds.append("contains(text_fold(task), ?)")
            params.append(word)
    if f.due_before:
        conds.append("deadline < ?")
        params.append(f.due_before)
    if f.overdue:
        conds.append("deadline < as_of()")
    if f.status:
        conds.append("status = ?")
        params.append(f.status)
    if not f.not_tasks:
        conds.append("NOT not_task")
    if f.after is not None:
        # keyset paging: rows after the previous page's last, stable while rows are added or removed
        if f.by_deadline:
            conds.append("(deadline > ? OR (deadline = ? AND (path > ? OR (path = ? AND ordinal > ?))))")
            d, path, ordinal = f.after
            params += [d, d, path, path, ordinal]
        else:
            conds.append("(path > ? OR (path = ? AND ordinal > ?))")
            path, ordinal = f.after
            params += [path, path, ordinal]
    if f.needs_review:
        conds.append("coalesce(needs_review, false)")
    return conds, params


def sort_key(row: dict[str, Any], f: TaskFilter) -> list[Any]:
    """What `TaskFilter.after` takes to continue after `row`: JSON-able, in fetch_tasks' order."""
    base = [row["path"], row["ordinal"]]
    return [iso(row["deadline"]), *base] if f.by_deadline else base


def set_today(con: duckdb.DuckDBPyConnection, day: date | None) -> None:
    """The date the `as_of()` macro (and so the upcoming/overdue views) returns on this connection."""
    if day is None:
        con.execute("RESET VARIABLE today")
    else:
        con.execute(f"SET VARIABLE today = DATE '{day.isoformat()}'")


def fetch_tasks(con: duckdb.DuckDBPyConnection, f: TaskFilter | None = None) -> list[dict[str, Any]]:
    """Task rows as corrected (every column of `reviewed_tasks`: the tasks table plus status, done_on,
    corrected, …) matching `f`, by deadline when filtering on dates, else in file order."""
    from pipeline.corrections import task_source

    f = f or TaskFilter()
    set_today(con, f.today)
    conds, params = _where(con, f)
    sql = f"SELECT * FROM {task_source(con)}"
    if conds:
        sql += " WHERE " + " AND ".join(conds)
    if f.by_deadline:
        sql += " ORDER BY deadline, path, ordinal"
    else:
        sql += " ORDER BY path, ordinal"
    if f.limit is not None:
        sql += f" LIMIT {int(f.limit)}"
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def iso(v: Any) -> Any:
    """A date as YYYY-MM-DD, anything else unchanged."""
    return v.isoformat() if isinstance(v, date) else v


def timestamp(v: datetime | None) -> str | None:
    """A stored (local, naive) time as RFC 3339 with the machine's UTC offset: what JSON date-time wants."""
    return v.astimezone().isoformat() if v is not None else None


def task_record(row: dict[str, Any]) -> dict[str, Any]:
    """The Task fields of a store row, then run_id, ingested_at and the review (status, done_on,
    corrected); dates as ISO text, lists as lists: one JSON Lines object."""
    out: dict[str, Any] = {}
    for name in TASK_FIELDS:
        v = row.get(name)
        out[name] = list(v) if isinstance(v, list | tuple) else iso(v)
    out["run_id"] = row.get("run_id")
    out["ingested_at"] = timestamp(row.get("ingested_at"))
    out["status"] = row.get("status") or "open"
    out["done_on"] = iso(row.get("done_on"))
    out["corrected"] = bool(row.get("corrected"))
    return out
