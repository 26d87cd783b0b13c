"""The DuckDB task store: schema (created and versioned on open), opening with a clear busy message,
and writing one extracted file in one transaction.

Tables: tasks, documents, citations, clauses, files, runs, failures, meta.
Views: tasks_by_assignee, upcoming (with recurring duties on their next occurrence, `next_due`),
overdue. "Today" for the views is the macro `as_of()`, which
reads the session variable `today` and falls back to current_date; set it per connection with
`SET VARIABLE today = DATE '2025-09-01'` (what `directives tasks --today` does).
"""

from __future__ import annotations

import os
import re
import time
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
SCHEMA_VERSION = 1

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


TABLES = [
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS runs (
  run_id INTEGER PRIMARY KEY, started_at TIMESTAMP, ended_at TIMESTAMP, status VARCHAR,
  paths VARCHAR[], jobs INTEGER,
  files_new INTEGER, files_changed INTEGER, files_unchanged INTEGER, files_moved INTEGER,
  files_failed INTEGER, files_skipped INTEGER,
  tasks_added INTEGER, tasks_updated INTEGER, tasks_removed INTEGER,
  version VARCHAR, extractor VARCHAR)""",
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
]

VIEWS = [
    # The date the views compare against: `SET VARIABLE today = DATE '…'`, else the current date.
    "CREATE OR REPLACE MACRO as_of() AS coalesce(try_cast(getvariable('today') AS DATE), current_date)",
    """CREATE OR REPLACE VIEW tasks_by_assignee AS
SELECT unnest(coalesce(nullif(assignees, []::VARCHAR[]), [NULL::VARCHAR])) AS assignee, *
FROM tasks""",
    *RRULE_MACROS,
    # A recurring duty counts on its next occurrence as of today, counted from the document date.
    """CREATE OR REPLACE VIEW upcoming AS
SELECT next_due - as_of() AS days_left, * FROM (
  SELECT CASE WHEN recurrence IS NULL THEN deadline
    ELSE coalesce(rrule_next(recurrence, coalesce(doc_date, deadline, CAST(ingested_at AS DATE), as_of()), as_of()),
                  deadline) END AS next_due, *
  FROM tasks)
WHERE next_due >= as_of()
ORDER BY next_due, path, ordinal""",
    """CREATE OR REPLACE VIEW overdue AS
SELECT as_of() - deadline AS days_overdue, * FROM tasks WHERE deadline < as_of()
ORDER BY deadline, path, ordinal""",
]

# The stage of a failure that is the machine's, not the document's: never sticky.
ENVIRONMENT = "environment"
# DuckDB errors of the machine (disk full, out of memory): the run stops, the document is not blamed.
ENVIRONMENT_ERRORS = (duckdb.IOException, duckdb.OutOfMemoryException)

# Tables whose rows belong to one file and are replaced with it.
FILE_TABLES = ("tasks", "documents", "citations", "clauses", "failures")


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
            time.sleep(0.2)
        except duckdb.Error as e:
            raise StoreError(f"cannot open {path}: {e}") from e


class Store:
    """An open task store. `wait` seconds: how long to wait for another writer to finish."""

    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False, wait: float = 0.0) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise FileNotFoundError(f"no store at {self.path}: run `directives ingest` first")
        self.con = _connect(self.path, read_only, wait)
        if not read_only:
            try:
                create_schema(self.con)
            except BaseException:
                self.con.close()
                raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """BEGIN … COMMIT, or ROLLBACK when the block raises."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

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
        _add_missing_task_columns(con)
        for ddl in VIEWS:
            con.execute(ddl)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _add_missing_task_columns(con: duckdb.DuckDBPyConnection) -> None:
    # A field added to Task later becomes a column of an existing store instead of an insert error.
    have = {r[0] for r in con.execute("DESCRIBE tasks").fetchall()}
    for name, typ in task_columns():
        if name not in have:
            con.execute(f"ALTER TABLE tasks ADD COLUMN {name} {typ}")


# ---- writing one file -------------------------------------------------------------------------------


@dataclass
class FileOutcome:
    """What storing one file changed, by task_id sets: kept ids count as updated."""

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


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[list[Any]], chunk: int = 200) -> None:
    # One multi-row VALUES statement per chunk: several times faster than executemany in DuckDB.
    for i in range(0, len(rows), chunk):
        part = rows[i : i + chunk]
        marks = "(" + ",".join("?" * len(part[0])) + ")"
        sql = f"INSERT INTO {table} VALUES {','.join([marks] * len(part))}"
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


def _record_transient(
    store: Store, path: str, sha: str, reason: str, now: datetime, run_id: int | None
) -> None:
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
    old_ids: set[str] = set()
    if prior.exists:
        old_ids = {r[0] for r in con.execute("SELECT task_id FROM tasks WHERE path = ?", [key]).fetchall()}
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
            return _store_rows(store, key, result, rows, old_ids, prior, size, mtime, run_id, extractor, now)
        except ENVIRONMENT_ERRORS as e:  # a full disk or no memory is not this document's fault
            raise StoreError(f"cannot write to {store.path}: {e}; the files stored so far are kept") from e
        except duckdb.Error as e:
            failure = ("store", f"{type(e).__name__}: {e}")
    stage, reason = failure
    if stage == ENVIRONMENT:
        _record_transient(store, key, result.sha256, reason, now, run_id)
        return FileOutcome("failed", stage=stage, reason=reason)
    with store.transaction() as c:
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
    return FileOutcome("failed", removed=len(old_ids), stage=stage, reason=reason)


def _store_rows(
    store: Store,
    key: str,
    result: FileResult,
    rows: _Rows,
    old_ids: set[str],
    prior: _Prior,
    size: int | None,
    mtime: float | None,
    run_id: int | None,
    extractor: str,
    now: datetime,
) -> FileOutcome:
    with store.transaction() as c:
        _clear(c, key, prior)
        ids = [r[0] for r in rows.tasks]
        taken: dict[str, str] = {}
        if ids:
            # an IN list of constants is answered from the primary-key index, not a scan
            marks = ",".join("?" * len(ids))
            got = c.execute(f"SELECT task_id, path FROM tasks WHERE task_id IN ({marks})", ids).fetchall()
            taken = dict(got)
        task_rows = [r for r in rows.tasks if r[0] not in taken]
        if task_rows:
            _insert(c, "tasks", task_rows)
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
    new_ids = {r[0] for r in task_rows}
    return FileOutcome(
        "ok",
        added=len(new_ids - old_ids),
        updated=len(new_ids & old_ids),
        removed=len(old_ids - new_ids),
        tasks=len(task_rows),
        skipped=len(taken),
    )


def move_file(store: Store, old: str, new: str, *, size: int | None, mtime: float | None, run_id: int | None) -> None:
    """A stored file found under a new name with the same content: re-point its rows, no extraction."""
    name = os.path.basename(new)
    with store.transaction() as c:
        c.execute("UPDATE tasks SET path = ?, doc = ? WHERE path = ?", [new, name, old])
        for table in FILE_TABLES[1:]:
            c.execute(f"UPDATE {table} SET path = ? WHERE path = ?", [new, old])
        c.execute("DELETE FROM files WHERE path = ?", [new])
        c.execute(
            "UPDATE files SET path = ?, size = ?, mtime = ?, last_run = ?, note = ? WHERE path = ?",
            [new, size, _mtime(mtime), run_id, f"moved from {old}", old],
        )


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


def remove_file(store: Store, path: str) -> int:
    """Forget a file that is gone from disk; returns the number of tasks removed."""
    with store.transaction() as c:
        n = c.execute("SELECT count(*) FROM tasks WHERE path = ?", [path]).fetchone()
        for table in FILE_TABLES:
            c.execute(f"DELETE FROM {table} WHERE path = ?", [path])
        c.execute("DELETE FROM files WHERE path = ?", [path])
    return int(n[0]) if n else 0
