"""The DuckDB task store: schema (created and versioned on open), opening with a clear busy message,
and writing one extracted file in one transaction.

Tables: tasks, documents, citations, clauses, files, runs, failures, changes, corrections, meta,
citation_links and task_links (filled by `directives link`).
Views: reviewed_tasks (the tasks with a person's corrections applied, see pipeline/corrections.py),
tasks_by_assignee (with assignee_key), tasks_per_agency, upcoming (with recurring duties on their next
occurrence, `next_due`), overdue, tombstones, citation_graph; those over tasks read reviewed_tasks and
leave out rows marked "not a task".

`changes` is the change feed: one row per task added, updated (a compared field changed) or removed,
numbered by `seq` (strictly increasing), with the task's row after the change (before it, for a
removal: the tombstone). "Today" for the views is the macro `as_of()`, which
reads the session variable `today` and falls back to current_date; set it per connection with
`SET VARIABLE today = DATE '2025-09-01'` (what `directives tasks --today` does).
"""

from __future__ import annotations

import math
import os
import re
import time
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from pipeline.model import Clause, FileResult, Task
from pipeline.rrule_sql import RRULE_MACROS
from pipeline.schema import sql_type, task_fields

DEFAULT_DB = "directives.duckdb"
SCHEMA_VERSION = 2  # 2: the change feed (`changes`), runs.files_reextracted

# Store columns that follow the Task fields in the tasks table.
STORE_COLUMNS: list[tuple[str, str]] = [
    ("path", "VARCHAR"),
    ("sha256", "VARCHAR"),
    ("ordinal", "INTEGER"),
    ("run_id", "INTEGER"),
    ("ingested_at", "TIMESTAMP"),
]


@cache
def task_columns() -> list[tuple[str, str]]:
    """(name, SQL type) of the tasks table: task_id first, the other Task fields, then STORE_COLUMNS."""
    cols = [(ft.name, sql_type(ft)) for ft in task_fields()]
    cols.sort(key=lambda c: c[0] != "task_id")  # stable: only moves task_id to the front
    return cols + STORE_COLUMNS


def _tasks_ddl() -> str:
    cols = ",\n  ".join(f"{n} {t}{' PRIMARY KEY' if n == 'task_id' else ''}" for n, t in task_columns())
    return f"CREATE TABLE IF NOT EXISTS tasks (\n  {cols}\n)"


# The change feed's own columns, before the task row they describe.
CHANGE_COLUMNS: list[tuple[str, str]] = [
    ("seq", "BIGINT PRIMARY KEY"),
    ("change", "VARCHAR NOT NULL"),  # added | updated | removed
    ("changed_fields", "VARCHAR[]"),  # for an update: the compared fields that differ
    ("changed_run", "INTEGER"),
    ("changed_at", "TIMESTAMP"),
]


# What the feed also copies of a task's review (see pipeline/corrections.py): added to old stores too.
EVENT_REVIEW_COLUMNS: list[tuple[str, str]] = [("status", "VARCHAR"), ("done_on", "DATE"), ("corrected", "BOOLEAN")]


def _changes_ddl() -> str:
    cols = ",\n  ".join(f"{n} {t}" for n, t in CHANGE_COLUMNS + task_columns())
    return f"CREATE TABLE IF NOT EXISTS changes (\n  {cols}\n)"


# Where the clause sits shifts with every edit above it: rewritten with the row, but not a change of it.
POSITION_FIELDS = frozenset({"page", "char_start", "char_end"})


@cache
def compared_fields() -> list[tuple[int, str]]:
    """(index in task_columns(), name) of the fields whose change makes an "updated" event: the Task
    fields but the position ones; store columns (path, sha256, ordinal, run_id, …) never count."""
    names = {ft.name for ft in task_fields()} - POSITION_FIELDS
    return [(i, n) for i, (n, _) in enumerate(task_columns()) if n in names]


TABLES = [
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS runs (
  run_id INTEGER PRIMARY KEY, started_at TIMESTAMP, ended_at TIMESTAMP, status VARCHAR,
  paths VARCHAR[], jobs INTEGER,
  files_new INTEGER, files_changed INTEGER, files_unchanged INTEGER, files_moved INTEGER,
  files_failed INTEGER, files_skipped INTEGER,
  tasks_added INTEGER, tasks_updated INTEGER, tasks_removed INTEGER,
  version VARCHAR, extractor VARCHAR, files_reextracted INTEGER)""",
    """CREATE TABLE IF NOT EXISTS files (
  path VARCHAR PRIMARY KEY, sha256 VARCHAR NOT NULL, size BIGINT, mtime TIMESTAMP,
  status VARCHAR NOT NULL, source_kind VARCHAR, pages INTEGER, documents INTEGER, tasks INTEGER,
  warnings VARCHAR[], note VARCHAR, extractor VARCHAR, first_run INTEGER, last_run INTEGER,
  stored_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS documents (
  path VARCHAR, sha256 VARCHAR, doc_index INTEGER, doc_number VARCHAR, doc_type VARCHAR,
  doc_date DATE, year INTEGER, issuer VARCHAR, place VARCHAR, subject VARCHAR,
  recipients VARCHAR[], signer VARCHAR, signer_capacity VARCHAR, tasks INTEGER)""",
    """CREATE TABLE IF NOT EXISTS citations (
  path VARCHAR, doc_index INTEGER, doc_number VARCHAR, cited_number VARCHAR, kind VARCHAR,
  cited_date DATE)""",
    """CREATE TABLE IF NOT EXISTS clauses (
  path VARCHAR, sha256 VARCHAR, doc_index INTEGER, ordinal INTEGER, clause VARCHAR, parent VARCHAR,
  label VARCHAR, text VARCHAR, page INTEGER, heading BOOLEAN, char_start INTEGER, char_end INTEGER)""",
    """CREATE TABLE IF NOT EXISTS failures (
  path VARCHAR, sha256 VARCHAR, stage VARCHAR, reason VARCHAR, "at" TIMESTAMP, run_id INTEGER)""",
    # Filled by `directives link` (pipeline/linking.py): each citation's stored target, each task's links.
    """CREATE TABLE IF NOT EXISTS citation_links (
  path VARCHAR, doc_index INTEGER, cited_number VARCHAR, target_path VARCHAR, target_doc_index INTEGER,
  target_number VARCHAR, copies INTEGER)""",
    """CREATE TABLE IF NOT EXISTS task_links (
  task_id VARCHAR, central_task_id VARCHAR, path VARCHAR, doc_index INTEGER, central_path VARCHAR,
  central_doc_index INTEGER, central_doc_number VARCHAR, score DOUBLE, reasons VARCHAR[], late BOOLEAN,
  linked_at TIMESTAMP)""",
    # What a person changed in a task, by task_id: never touched by an ingest. NULL = not corrected.
    """CREATE TABLE IF NOT EXISTS corrections (
  task_id VARCHAR PRIMARY KEY, assignees VARCHAR[], coordinators VARCHAR[], deadline DATE, task VARCHAR,
  not_task BOOLEAN, status VARCHAR, done_on DATE, note VARCHAR, corrected_by VARCHAR, corrected_at TIMESTAMP,
  doc VARCHAR, doc_number VARCHAR, clause VARCHAR, extracted_task VARCHAR, assignee_keys VARCHAR[],
  coordinator_keys VARCHAR[])""",
]

# The fields a correction can set, in the order `corrected_fields` lists them.
CORRECTED_FIELDS = ("assignees", "coordinators", "deadline", "task", "not_task")

# The tasks with their corrections applied, from a relation of task rows ({tasks}).
REVIEWED_SELECT = f"""SELECT t.* REPLACE (coalesce(c.assignees, t.assignees) AS assignees,
    coalesce(c.coordinators, t.coordinators) AS coordinators, coalesce(c.deadline, t.deadline) AS deadline,
    coalesce(c.task, t.task) AS task, coalesce(c.assignee_keys, t.assignee_keys) AS assignee_keys,
    coalesce(c.coordinator_keys, t.coordinator_keys) AS coordinator_keys),
  coalesce(c.status, 'open') AS status, c.done_on, coalesce(c.not_task, false) AS not_task,
  list_filter([{", ".join(f"CASE WHEN c.{n} IS NOT NULL THEN '{n}' END" for n in CORRECTED_FIELDS)}],
    lambda x: x IS NOT NULL) AS corrected_fields,
  ({" OR ".join(f"c.{n} IS NOT NULL" for n in CORRECTED_FIELDS)}) IS TRUE AS corrected, c.corrected_by, c.corrected_at
FROM {{tasks}} t LEFT JOIN corrections c ON c.task_id = t.task_id"""
REVIEWED_VIEW = "CREATE OR REPLACE VIEW reviewed_tasks AS\n" + REVIEWED_SELECT.format(tasks="tasks")

VIEWS = [
    # The date the views compare against: `SET VARIABLE today = DATE '…'`, else the current date.
    "CREATE OR REPLACE MACRO as_of() AS coalesce(try_cast(getvariable('today') AS DATE), current_date)",
    REVIEWED_VIEW,
    # One row per task and lead agency, with the agency's key beside the name as written.
    """CREATE OR REPLACE VIEW tasks_by_assignee AS
SELECT unnest(coalesce(nullif(assignees, []::VARCHAR[]), [NULL::VARCHAR])) AS assignee,
  unnest(coalesce(nullif(assignee_keys, []::VARCHAR[]), [NULL::VARCHAR])) AS assignee_key, *
FROM reviewed_tasks WHERE NOT not_task""",
    # Tasks per lead agency, one row per key: its most frequent spelling and every spelling seen.
    """CREATE OR REPLACE VIEW tasks_per_agency AS
WITH r AS (SELECT DISTINCT assignee_key, assignee, task_id FROM tasks_by_assignee WHERE assignee_key IS NOT NULL),
s AS (SELECT assignee_key, assignee, count(*) AS n FROM r GROUP BY assignee_key, assignee),
t AS (SELECT assignee_key, count(DISTINCT task_id) AS tasks FROM r GROUP BY assignee_key)
SELECT t.assignee_key, first(s.assignee ORDER BY s.n DESC, s.assignee) AS agency, any_value(t.tasks) AS tasks,
  list(s.assignee ORDER BY s.n DESC, s.assignee) AS spellings
FROM t JOIN s USING (assignee_key)
GROUP BY t.assignee_key
ORDER BY tasks DESC, t.assignee_key""",
    *RRULE_MACROS,
    # A recurring duty counts on its next occurrence as of today, counted from the document date.
    """CREATE OR REPLACE VIEW upcoming AS
SELECT next_due - as_of() AS days_left, * FROM (
  SELECT CASE WHEN recurrence IS NULL THEN deadline
    ELSE coalesce(rrule_next(recurrence, coalesce(doc_date, deadline, CAST(ingested_at AS DATE), as_of()), as_of()),
                  deadline) END AS next_due, *
  FROM reviewed_tasks WHERE NOT not_task)
WHERE next_due >= as_of()
ORDER BY next_due, path, ordinal""",
    """CREATE OR REPLACE VIEW overdue AS
SELECT as_of() - deadline AS days_overdue, * FROM reviewed_tasks WHERE deadline < as_of() AND NOT not_task
ORDER BY deadline, path, ordinal""",
    # What cites what: every citation with the stored document it resolves to (NULL: not stored).
    """CREATE OR REPLACE VIEW citation_graph AS
SELECT c.*, l.target_path, l.target_doc_index, l.target_number, l.copies
FROM citations c LEFT JOIN citation_links l USING (path, doc_index, cited_number)""",
    # A task removed and not back: its last row, from its latest removal.
    """CREATE OR REPLACE VIEW tombstones AS
SELECT * FROM changes WHERE change = 'removed' AND task_id NOT IN (SELECT task_id FROM tasks)
QUALIFY row_number() OVER (PARTITION BY task_id ORDER BY seq DESC) = 1""",
]

# The stage of a failure that is the machine's, not the document's: never sticky.
ENVIRONMENT = "environment"
# DuckDB errors of the machine (disk full, out of memory): the run stops, the document is not blamed.
ENVIRONMENT_ERRORS = (duckdb.IOException, duckdb.OutOfMemoryException)

# Tables whose rows belong to one file and are replaced with it.
FILE_TABLES = ("tasks", "documents", "citations", "clauses", "failures")


# A reader waits this long for its turn: an ingest holds the store well under a second at a time.
READ_WAIT = 5.0
# An ingest waits this long for readers to close the store (a notebook's connection) before it stops.
WRITE_WAIT = 30.0
# How often a waiting open tries again: short, the writer's gaps between writes are short too.
RETRY = 0.02


class StoreError(Exception):
    """The store cannot be opened or written, with a reason a person can act on."""


class StoreBusy(StoreError):
    """Another process holds the store open for writing."""


def _holder(message: str) -> int | None:
    m = re.search(r"PID (\d+)", message)
    return int(m.group(1)) if m else None


def _cmdline(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode("utf-8", "replace").strip()


def busy_message(path: Path, message: str) -> str:
    pid = _holder(message)
    if pid is None:
        return f"{path} is locked by another process; close it and retry ({message})"
    cmd = _cmdline(pid)
    if not cmd or re.search(r"\b(ingest|watch)\b", cmd):
        return f"another ingest is running on {path} (pid {pid})"
    return f"{path} is open in another process (pid {pid}: {cmd[:80]}); close it and retry"


def _connect(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as e:
            if "lock" not in str(e).lower():
                raise StoreError(f"cannot open {path}: {e}") from e
            if time.monotonic() >= deadline:
                raise StoreBusy(busy_message(path, str(e))) from e
            time.sleep(RETRY)
        except duckdb.Error as e:
            raise StoreError(f"cannot open {path}: {e}") from e


class Store:
    """An open task store. `wait` seconds: how long an open waits for the lock (default READ_WAIT for a
    reader, none for a writer). A writer may `release()` the file between writes so readers get in; the
    next use of `con` opens it again, waiting as long, and not before `gap` seconds after the release."""

    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False, wait: float | None = None) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.wait = (READ_WAIT if read_only else 0.0) if wait is None else wait
        self.gap = 0.0
        self._released_at = -math.inf
        if read_only and not self.path.exists():
            raise FileNotFoundError(f"no store at {self.path}: run `directives ingest` first")
        self._con: duckdb.DuckDBPyConnection | None = _connect(self.path, read_only, self.wait)
        self._opened_at = time.monotonic()
        if not read_only:
            try:
                create_schema(self._con)
            except BaseException:
                self.release()
                raise

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            pause = self._released_at + self.gap - time.monotonic()
            if pause > 0:
                time.sleep(pause)  # the gap is the readers' turn
            self._con = _connect(self.path, self.read_only, self.wait)
            self._opened_at = time.monotonic()
        return self._con

    def held_for(self) -> float:
        """Seconds the file has been open (0 when released)."""
        return time.monotonic() - self._opened_at if self._con is not None else 0.0

    def closed_for(self) -> float:
        """Seconds since the last release (0 while open, infinite when never released)."""
        return time.monotonic() - self._released_at if self._con is None else 0.0

    def release(self) -> None:
        """Close the file until the next use of `con` (closing checkpoints, so readers see every commit)."""
        if self._con is not None:
            con, self._con = self._con, None
            con.close()
            self._released_at = time.monotonic()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.release()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """BEGIN … COMMIT, or ROLLBACK when the block raises."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    def set_today(self, day: date | None) -> None:
        """The date `upcoming`/`overdue` compare against in this connection (None: current date)."""
        if day is None:
            self.con.execute("RESET VARIABLE today")
        else:
            self.con.execute(f"SET VARIABLE today = DATE '{day.isoformat()}'")


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create or upgrade the schema; safe to run on every open."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(TABLES[0])
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        found = int(row[0]) if row else 0
        if found > SCHEMA_VERSION:
            raise StoreError(f"store schema v{found} is newer than this program's v{SCHEMA_VERSION}; upgrade")
        for ddl in TABLES[1:]:
            con.execute(ddl)
        con.execute(_tasks_ddl())
        con.execute(_changes_ddl())
        _add_missing_task_columns(con)
        for name in ("assignee_keys", "coordinator_keys"):  # the keys of corrected agencies came later
            con.execute(f"ALTER TABLE corrections ADD COLUMN IF NOT EXISTS {name} VARCHAR[]")
        for name, typ in EVENT_REVIEW_COLUMNS:
            con.execute(f"ALTER TABLE changes ADD COLUMN IF NOT EXISTS {name} {typ}")
        if found == 1:
            _upgrade_from_v1(con)
        for ddl in VIEWS:
            con.execute(ddl)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _add_missing_task_columns(con: duckdb.DuckDBPyConnection) -> None:
    # A field added to Task later becomes a column of an existing store instead of an insert error.
    for table in ("tasks", "changes"):
        have = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
        for name, typ in task_columns():
            if name not in have:
                con.execute(f"ALTER TABLE {table} ADD COLUMN {name} {typ}")


def _upgrade_from_v1(con: duckdb.DuckDBPyConnection) -> None:
    # A v1 store has no feed: its tasks become "added" events, so `changes --since 0` is everything.
    con.execute("ALTER TABLE runs ADD COLUMN IF NOT EXISTS files_reextracted INTEGER")
    cols = ", ".join(n for n, _ in task_columns())
    con.execute(
        f"INSERT INTO changes ({', '.join(n for n, _ in CHANGE_COLUMNS)}, {cols}) "
        f"SELECT row_number() OVER (ORDER BY path, ordinal), 'added', [], run_id, "
        f"ingested_at, {cols} FROM tasks ORDER BY path, ordinal"
    )


# ---- writing one file -------------------------------------------------------------------------------


@dataclass
class FileOutcome:
    """What storing one file changed: tasks added, updated (a compared field differs), removed."""

    status: str  # "ok" or "failed"
    added: int = 0
    updated: int = 0
    removed: int = 0
    tasks: int = 0
    skipped: int = 0  # task ids already stored from another file (the same document twice)
    stage: str | None = None
    reason: str | None = None


def _iso_date(value: Any, what: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as e:
        raise StoreError(f"{what}: not an ISO date: {value!r}") from e


def _task_row(t: Task, path: str, sha: str, ordinal: int, run_id: int | None, now: datetime) -> list[Any]:
    extra = {"path": path, "sha256": sha, "ordinal": ordinal, "run_id": run_id, "ingested_at": now}
    for f in ("deadline", "doc_date"):
        extra[f] = _iso_date(getattr(t, f), f"task {t.clause} {f}")
    return [extra[n] if n in extra else _plain(getattr(t, n, None)) for n, _ in task_columns()]


def _plain(v: Any) -> Any:
    # lists are stored as given; a tuple from the core becomes a list (DuckDB binds lists to VARCHAR[])
    return list(v) if isinstance(v, tuple) else v


def _flatten(clauses: Sequence[Clause], parent: str | None = None) -> Iterator[tuple[Clause, str | None]]:
    for c in clauses:
        yield c, parent
        yield from _flatten(c.children, c.path)


def _insert(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[list[Any]], chunk: int = 200, columns: str = ""
) -> None:
    # One multi-row VALUES statement per chunk: several times faster than executemany in DuckDB.
    for i in range(0, len(rows), chunk):
        part = rows[i : i + chunk]
        marks = "(" + ",".join("?" * len(part[0])) + ")"
        sql = f"INSERT INTO {table}{columns} VALUES {','.join([marks] * len(part))}"
        con.execute(sql, [v for r in part for v in r])


@dataclass
class _Rows:
    tasks: list[list[Any]]
    documents: list[list[Any]]
    citations: list[list[Any]]
    clauses: list[list[Any]]
    doc_tasks: list[int]


def _rows(result: FileResult, path: str, run_id: int | None, now: datetime) -> _Rows:
    """Every row of one file, built (and checked) before the transaction starts."""
    sha = result.sha256
    out = _Rows([], [], [], [], [])
    ordinal = 0
    seen: set[str] = set()
    for di, doc in enumerate(result.documents):
        h = doc.header
        n_tasks = 0
        for t in doc.tasks:
            if not t.task_id:
                raise StoreError(f"task {t.clause!r} has no task_id")
            if t.task_id in seen:
                continue  # the core gave one id twice in one file: keep the first row
            seen.add(t.task_id)
            ordinal += 1
            n_tasks += 1
            out.tasks.append(_task_row(t, path, sha, ordinal, run_id, now))
        out.doc_tasks.append(n_tasks)
        out.documents.append(
            [
                path,
                sha,
                di,
                h.number,
                h.doc_type,
                _iso_date(h.date, "document date"),
                h.year,
                h.issuer,
                h.place,
                h.subject,
                list(h.recipients),
                h.signer,
                h.signer_capacity,
                n_tasks,
            ]
        )
        for c in h.citations:
            out.citations.append([path, di, h.number, c.number, c.kind, _iso_date(c.date, "citation date")])
        for k, (c, parent) in enumerate(_flatten(doc.clauses), start=1):
            out.clauses.append([path, sha, di, k, c.path, parent, c.label, c.text, c.page, c.heading, c.start, c.end])
    return out


# (change, task_id, changed fields): the event's row is the task's row in `tasks` when it is logged,
# so an added or updated task is logged after its row is written and a removed one before it is deleted.
Event = tuple[str, str, list[str]]


def _stored_rows(con: duckdb.DuckDBPyConnection, path: str) -> dict[str, list[Any]]:
    """The stored task rows of `path` by task_id, in the file's order, columns as task_columns()."""
    cols = ", ".join(n for n, _ in task_columns())
    got = con.execute(f"SELECT {cols} FROM tasks WHERE path = ? ORDER BY ordinal", [path]).fetchall()
    return {r[0]: list(r) for r in got}


@cache
def _column(name: str) -> int:
    return [n for n, _ in task_columns()].index(name)


def diff_rows(old: dict[str, list[Any]], new: list[list[Any]]) -> tuple[list[list[Any]], list[Event]]:
    """The rows to store for a file and the events they make (added and updated in the file's order,
    then removed). A row whose compared fields are those of the stored one keeps its run_id and
    ingested_at: it was extracted again, not changed."""
    run, at = _column("run_id"), _column("ingested_at")
    rows: list[list[Any]] = []
    events: list[Event] = []
    for r in new:
        o = old.get(r[0])
        if o is None:
            events.append(("added", r[0], []))
        elif fields := [n for i, n in compared_fields() if o[i] != r[i]]:
            events.append(("updated", r[0], fields))
        else:
            r = [o[i] if i in (run, at) else v for i, v in enumerate(r)]
        rows.append(r)
    ids = {r[0] for r in new}
    events += [("removed", tid, []) for tid in old if tid not in ids]
    return rows, events


def next_seq(con: duckdb.DuckDBPyConnection) -> int:
    """The number of the next event (one writer: nobody takes it meanwhile)."""
    # fetchall: a result fetched with fetchone stays open, and DuckDB then refuses to register an Arrow table
    rows = con.execute("SELECT coalesce(max(seq), 0) + 1 FROM changes").fetchall()
    return int(rows[0][0]) if rows else 1


# Whether a connection's store holds any correction, asked once per connection: only `correct()` writes
# them, under the ingest lock, so none appears during an ingest's write session (it passes reviewed=True).
_HAS_CORRECTIONS: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, bool] = weakref.WeakKeyDictionary()


def _any_corrections(con: duckdb.DuckDBPyConnection) -> bool:
    if con not in _HAS_CORRECTIONS:
        got = con.execute("SELECT count(*) FROM corrections").fetchone()
        _HAS_CORRECTIONS[con] = bool(got and got[0])
    return _HAS_CORRECTIONS[con]


def corrections_written(con: duckdb.DuckDBPyConnection) -> None:
    """What `correct()` calls after writing one: this connection's later events apply corrections."""
    _HAS_CORRECTIONS[con] = True


def log_changes(
    con: duckdb.DuckDBPyConnection,
    events: list[Event],
    run_id: int | None,
    now: datetime,
    first: int,
    reviewed: bool | None = None,
) -> None:
    """Append `events`, numbered from `first`, with their rows copied inside DuckDB (binding every column
    from Python costs as much again as writing the tasks) as a person corrected them: a tracker gets the
    corrected row, not the extractor's. `reviewed`: apply corrections (None: when the store has any)."""
    if not events:
        return
    cols = ", ".join(n for n, _ in task_columns() + EVENT_REVIEW_COLUMNS)
    ids = [tid for _, tid, _ in events]
    marks = ",".join("?" * len(ids))
    # k: the event's place in `events`; an IN list of constants is answered from the primary-key index
    picked = f"tasks WHERE task_id IN ({marks})"
    k = "list_position(?::VARCHAR[], task_id) AS k"
    if reviewed or (reviewed is None and _any_corrections(con)):
        rows = f"SELECT {k}, * FROM ({REVIEWED_SELECT.format(tasks=f'(SELECT * FROM {picked})')})"
    else:  # no correction in the store: the join (and a subquery) would cost half the copy again
        rows = f"SELECT {k}, *, 'open' AS status, NULL::DATE AS done_on, false AS corrected FROM {picked}"
    con.execute(
        f"INSERT INTO changes ({', '.join(n for n, _ in CHANGE_COLUMNS)}, {cols}) "
        f"SELECT ? + k - 1, (?::VARCHAR[])[k], (?::VARCHAR[][])[k], ?, ?, {cols} FROM ({rows})",
        [first, [c for c, _, _ in events], [f for _, _, f in events], run_id, now, ids, *ids],
    )


def _count(events: list[Event], change: str) -> int:
    return sum(1 for e in events if e[0] == change)


def _mtime(mtime: float | None) -> datetime | None:
    return datetime.fromtimestamp(mtime) if mtime is not None else None


@dataclass
class _Prior:
    """What the store holds for a path before it is written again."""

    exists: bool
    first_run: int | None = None


def _prior(con: duckdb.DuckDBPyConnection, path: str) -> _Prior:
    row = con.execute("SELECT first_run FROM files WHERE path = ?", [path]).fetchone()
    return _Prior(True, row[0]) if row else _Prior(False)


def _clear(con: duckdb.DuckDBPyConnection, path: str, prior: _Prior) -> None:
    # A path without a files row has no rows but maybe a failure of the machine's (_record_transient).
    if prior.exists:
        for table in FILE_TABLES:
            con.execute(f"DELETE FROM {table} WHERE path = ?", [path])
    else:
        con.execute("DELETE FROM failures WHERE path = ?", [path])


def _record_transient(store: Store, path: str, sha: str, reason: str, now: datetime, run_id: int | None) -> None:
    """A failure of the machine (full disk in a reader's temp folder): listed, but no `files` row says
    "failed", so the next run extracts the file again; rows stored before stay."""
    with store.transaction() as c:
        c.execute("DELETE FROM failures WHERE path = ?", [path])
        c.execute("INSERT INTO failures VALUES (?,?,?,?,?,?)", [path, sha, ENVIRONMENT, reason, now, run_id])


def _write_file_row(
    con: duckdb.DuckDBPyConnection,
    path: str,
    result: FileResult,
    status: str,
    *,
    size: int | None,
    mtime: float | None,
    run_id: int | None,
    extractor: str,
    now: datetime,
    documents: int = 0,
    tasks: int = 0,
    note: str | None = None,
    prior: _Prior | None = None,
) -> None:
    prior = prior or _prior(con, path)
    first_run = prior.first_run if prior.first_run is not None else run_id
    if prior.exists:
        con.execute("DELETE FROM files WHERE path = ?", [path])
    con.execute(
        "INSERT INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            path,
            result.sha256,
            size,
            _mtime(mtime),
            status,
            result.source_kind,
            result.pages,
            documents,
            tasks,
            list(result.warnings),
            note,
            extractor,
            first_run,
            run_id,
            now,
        ],
    )


def store_file_result(
    store: Store,
    result: FileResult,
    *,
    path: str | None = None,
    size: int | None = None,
    mtime: float | None = None,
    run_id: int | None = None,
    extractor: str = "",
) -> FileOutcome:
    """Replace everything stored for `path` (default result.path) by `result`, in one transaction.

    A failed result removes the file's old rows and records the failure; rows that cannot be
    stored (a bad date, a missing task_id) turn the file into a failure at stage "store"."""
    key = path or result.path
    con = store.con
    now = datetime.now()
    prior = _prior(con, key)
    old = _stored_rows(con, key) if prior.exists else {}
    failure: tuple[str, str] | None = None
    if result.error:
        failure = (result.stage or "extract", result.error)
    else:
        try:
            rows = _rows(result, key, run_id, now)
        except StoreError as e:
            failure = ("store", str(e))
    if failure is None:
        try:
            return _store_rows(store, key, result, rows, old, prior, size, mtime, run_id, extractor, now)
        except ENVIRONMENT_ERRORS as e:  # a full disk or no memory is not this document's fault
            raise StoreError(f"cannot write to {store.path}: {e}; the files stored so far are kept") from e
        except duckdb.Error as e:
            failure = ("store", f"{type(e).__name__}: {e}")
    stage, reason = failure
    if stage == ENVIRONMENT:
        _record_transient(store, key, result.sha256, reason, now, run_id)
        return FileOutcome("failed", stage=stage, reason=reason)
    with store.transaction() as c:
        log_changes(c, [("removed", tid, []) for tid in old], run_id, now, next_seq(c))
        _clear(c, key, prior)
        c.execute("INSERT INTO failures VALUES (?,?,?,?,?,?)", [key, result.sha256, stage, reason, now, run_id])
        _write_file_row(
            c,
            key,
            result,
            "failed",
            size=size,
            mtime=mtime,
            run_id=run_id,
            extractor=extractor,
            now=now,
            prior=prior,
        )
    return FileOutcome("failed", removed=len(old), stage=stage, reason=reason)


def _store_rows(
    store: Store,
    key: str,
    result: FileResult,
    rows: _Rows,
    old: dict[str, list[Any]],
    prior: _Prior,
    size: int | None,
    mtime: float | None,
    run_id: int | None,
    extractor: str,
    now: datetime,
) -> FileOutcome:
    with store.transaction() as c:
        ids = [r[0] for r in rows.tasks]
        taken: dict[str, str] = {}
        if ids:
            # an IN list of constants is answered from the primary-key index, not a scan
            marks = ",".join("?" * len(ids))
            got = c.execute(f"SELECT task_id, path FROM tasks WHERE task_id IN ({marks})", ids).fetchall()
            taken = {tid: p for tid, p in got if p != key}
        task_rows, events = diff_rows(old, [r for r in rows.tasks if r[0] not in taken])
        live = [e for e in events if e[0] != "removed"]
        seq = next_seq(c)
        log_changes(c, [e for e in events if e[0] == "removed"], run_id, now, seq + len(live))
        _clear(c, key, prior)
        if task_rows:
            # by name: a column added to an older store (_add_missing_task_columns) is last in its table
            _insert(c, "tasks", task_rows, columns=" (" + ", ".join(n for n, _ in task_columns()) + ")")
        log_changes(c, live, run_id, now, seq)
        for table, data in (
            ("documents", rows.documents),
            ("citations", rows.citations),
            ("clauses", rows.clauses),
        ):
            if data:
                _insert(c, table, data)
        note = None
        if taken:
            others = sorted(set(taken.values()))
            note = f"{len(taken)} task(s) already stored from {', '.join(others)[:300]} (same document)"
        _write_file_row(
            c,
            key,
            result,
            "ok",
            size=size,
            mtime=mtime,
            run_id=run_id,
            extractor=extractor,
            now=now,
            documents=len(rows.documents),
            tasks=len(task_rows),
            note=note,
            prior=prior,
        )
    return FileOutcome(
        "ok",
        added=_count(events, "added"),
        updated=_count(events, "updated"),
        removed=_count(events, "removed"),
        tasks=len(task_rows),
        skipped=len(taken),
    )


def move_file(store: Store, old: str, new: str, *, size: int | None, mtime: float | None, run_id: int | None) -> int:
    """A stored file found under a new name with the same content: re-point its rows, no extraction.
    Returns the number of tasks updated: those whose `doc` (the file name) changed."""
    name = os.path.basename(new)
    now = datetime.now()
    doc = _column("doc")
    with store.transaction() as c:
        renamed = [tid for tid, o in _stored_rows(c, old).items() if o[doc] != name]
        c.execute(
            "UPDATE tasks SET run_id = ?, ingested_at = ? WHERE path = ? AND doc IS DISTINCT FROM ?",
            [run_id, now, old, name],
        )
        c.execute("UPDATE tasks SET path = ?, doc = ? WHERE path = ?", [new, name, old])
        log_changes(c, [("updated", tid, ["doc"]) for tid in renamed], run_id, now, next_seq(c))
        for table in FILE_TABLES[1:]:
            c.execute(f"UPDATE {table} SET path = ? WHERE path = ?", [new, old])
        c.execute("DELETE FROM files WHERE path = ?", [new])
        c.execute(
            "UPDATE files SET path = ?, size = ?, mtime = ?, last_run = ?, note = ? WHERE path = ?",
            [new, size, _mtime(mtime), run_id, f"moved from {old}", old],
        )
    return len(renamed)


def record_copy(
    store: Store,
    path: str,
    original: str,
    sha: str,
    *,
    size: int | None,
    mtime: float | None,
    run_id: int | None,
    extractor: str,
) -> None:
    """A second file with the content of a stored one: listed, its tasks stay with the original."""
    res = FileResult(path=path, sha256=sha)
    with store.transaction() as c:
        for table in FILE_TABLES:
            c.execute(f"DELETE FROM {table} WHERE path = ?", [path])
        _write_file_row(
            c,
            path,
            res,
            "copy",
            size=size,
            mtime=mtime,
            run_id=run_id,
            extractor=extractor,
            now=datetime.now(),
            note=f"same content as {original}",
        )


def remove_file(store: Store, path: str, run_id: int | None = None) -> int:
    """Forget a file that is gone from disk, leaving tombstones; returns the number of tasks removed."""
    with store.transaction() as c:
        old = _stored_rows(c, path)
        log_changes(c, [("removed", tid, []) for tid in old], run_id, datetime.now(), next_seq(c))
        for table in FILE_TABLES:
            c.execute(f"DELETE FROM {table} WHERE path = ?", [path])
        c.execute("DELETE FROM files WHERE path = ?", [path])
    return len(old)
