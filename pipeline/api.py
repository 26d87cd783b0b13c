"""Analyst API: the task table as a pandas DataFrame, straight from files or from the DuckDB store.

    from pipeline import extract, load_tasks, connect, show, ingest

`ingest` is `pipeline.ingestion.ingest`, re-exported by the package.
"""

from __future__ import annotations

import warnings
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.model import Task

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

    from pipeline.highlight import Highlight

DEFAULT_DB = "directives.duckdb"
TASK_COLUMNS: list[str] = [f.name for f in fields(Task)]
DATE_COLUMNS = ("deadline", "doc_date")
LIST_COLUMNS = ("assignees", "coordinators")
INT_COLUMNS = ("page", "char_start", "char_end", "ordinal", "run_id")
BOOL_COLUMNS = ("implicit",)
_TYPED = set(DATE_COLUMNS) | set(LIST_COLUMNS) | set(INT_COLUMNS) | set(BOOL_COLUMNS)
TEXT_COLUMNS = tuple(c for c in TASK_COLUMNS if c not in _TYPED) + ("path", "sha256")


class ExtractWarning(UserWarning):
    """A file that `extract()` skipped, with the reason."""


def _files(root: Path) -> list[Path]:
    """The file itself, or every non-hidden file below a folder, in a stable order."""
    if not root.is_dir():
        return [root]
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def _as_list(value: Any) -> list[str]:
    # A NULL list from the store or an empty cell (NaN / NA) means no agencies.
    if value is None or isinstance(value, float) or value is _pandas().NA:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _pandas() -> Any:
    import pandas as pd

    return pd


def tasks_frame(rows: list[dict[str, Any]] | pd.DataFrame, extra: bool = True) -> pd.DataFrame:
    """Give task rows the table's columns and dtypes: dates datetime64[ns], agencies Python lists,
    `implicit` bool, page/offsets nullable Int64, text pandas "string" (missing = pd.NA).
    Store columns beyond the Task fields are kept when `extra`."""
    pd = _pandas()
    df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)
    for col in TASK_COLUMNS:
        if col not in df.columns:
            df[col] = pd.Series([None] * len(df), dtype=object, index=df.index)
    others = [c for c in df.columns if c not in TASK_COLUMNS] if extra else []
    df = df[TASK_COLUMNS + others]
    for col in DATE_COLUMNS:
        df[col] = pd.to_datetime(df[col], errors="coerce").astype("datetime64[ns]")
    for col in LIST_COLUMNS:
        df[col] = pd.Series([_as_list(v) for v in df[col]], index=df.index, dtype=object)
    for col in BOOL_COLUMNS:
        df[col] = df[col].astype("boolean").fillna(False).astype(bool)
    for col in INT_COLUMNS:
        if col in df.columns:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
    for col in TEXT_COLUMNS:
        if col in df.columns:  # one dtype whether a column came from Python objects or from DuckDB
            df[col] = df[col].astype("string")
    return df.reset_index(drop=True)


def extract(path: str | Path) -> pd.DataFrame:
    """Extract the task table of one file, or of every file under a folder, without a store.

    Columns are the fields of `pipeline.model.Task`. A file that cannot be read or holds no
    directive is skipped with an `ExtractWarning` giving the reason; this never raises for bad files.

    >>> df = extract("corpus/")
    >>> df[["doc_number", "clause", "assignees", "deadline"]].head()
    """
    from pipeline.extraction import extract_file

    root = Path(path)
    if not root.exists():
        warnings.warn(f"{root}: no such file or folder", ExtractWarning, stacklevel=2)
        return tasks_frame([])
    rows: list[dict[str, Any]] = []
    for file in _files(root):
        try:
            res = extract_file(file)
        except Exception as e:  # noqa: BLE001 - one broken file must not stop a folder
            warnings.warn(f"{file}: extraction failed: {type(e).__name__}: {e}", ExtractWarning, stacklevel=2)
            continue
        if res.error:
            warnings.warn(f"{file}: {res.error}", ExtractWarning, stacklevel=2)
        rows.extend(t.to_dict() for t in res.tasks)
    return tasks_frame(rows)


def connect(
    db: str | Path = DEFAULT_DB, read_only: bool = True, today: date | None = None
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to the store for SQL: tables tasks, documents, citations, clauses, files,
    runs, failures; views tasks_by_assignee, upcoming, overdue. `today` fixes the date the
    upcoming/overdue views compare against (default: the current date).

    It opens while an ingest runs (waiting for the ingest's write session, a second or so). Close it
    (or use `with connect() as con:`) when done: an ingest waits at most 30 s for an open connection
    before each write session, then stops.

    >>> with connect("directives.duckdb", today=date(2025, 9, 1)) as con:
    ...     con.sql("SELECT days_overdue, assignees, task FROM overdue").df()
    """
    from pipeline.store import Store

    store = Store(db, read_only=read_only)  # clear messages for a missing or busy store; schema on write
    if today is not None:
        store.set_today(today)
    return store.con


def load_tasks(db: str | Path = DEFAULT_DB) -> pd.DataFrame:
    """The store's task table as a DataFrame with the dtypes of `extract()`, plus the store's own columns
    (path, sha256, ordinal, run_id, ingested_at), ordered by file and position in the file.

    >>> tasks = load_tasks("directives.duckdb")
    >>> tasks.explode("assignees").groupby("assignees").size()
    """
    with connect(db, read_only=True) as con:
        df = con.execute("SELECT * FROM tasks ORDER BY path, ordinal, task_id").df()
    return tasks_frame(df)


def show(
    task_or_clause: Any,
    *,
    assignees: list[str] | None = None,
    coordinators: list[str] | None = None,
    deadline_text: str | None = None,
) -> Highlight:
    """Render a task's source clause with its lead agencies (LEAD), partners (PARTNER) and deadline
    phrase (DEADLINE) marked. Takes a Task, a row of the task table (Series or dict), a one-row
    DataFrame, or a plain string (marked from the extractor's reading of it, or from the keyword
    arguments). The result displays itself in Jupyter; `.html` holds the markup.

    >>> show(load_tasks().iloc[0])
    """
    from pipeline.highlight import highlight

    return highlight(task_or_clause, assignees=assignees, coordinators=coordinators, deadline_text=deadline_text)


def next_due(recurrence: str, start: date | datetime, after: date | datetime) -> date | None:
    """The first date on or after `after` of an RRULE ("FREQ=MONTHLY;BYMONTHDAY=25") counted from `start`
    (the document date), or None when the rule has no later occurrence."""
    from dateutil.rrule import rrulestr

    to_dt = lambda d: datetime(d.year, d.month, d.day)  # noqa: E731 - rrule works on naive datetimes
    rule = rrulestr(recurrence, dtstart=to_dt(start))
    hit = rule.after(to_dt(after), inc=True)
    return hit.date() if hit else None
