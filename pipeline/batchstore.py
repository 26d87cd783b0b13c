"""Writing many extracted files in one transaction: the rows of every file go in with a few bulk (Arrow)
statements instead of a dozen statements a file, with the same rows, change events and outcomes as
storing the files one after the other with `store_file_result`.

A batch is all or nothing: a killed run leaves whole batches, never part of a file. When DuckDB
refuses a batch (a row it cannot take), the batch is rolled back and stored file by file, so the file
at fault becomes its failure row (stage "store") and the others are stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.model import FileResult
from pipeline.store import (
    CHANGE_COLUMNS,
    ENVIRONMENT,
    ENVIRONMENT_ERRORS,
    EVENT_REVIEW_COLUMNS,
    FILE_TABLES,
    REVIEWED_SELECT,
    Event,
    FileOutcome,
    Store,
    StoreError,
    _any_corrections,
    _mtime,
    _record_transient,
    _Rows,
    _rows,
    diff_rows,
    next_seq,
    store_file_result,
    task_columns,
)


@dataclass
class BatchItem:
    """One extracted file to store under `key`, with its size and modification time on disk."""

    result: FileResult
    key: str
    size: int | None = None
    mtime: float | None = None


DOCUMENT_COLUMNS = [
    "path", "sha256", "doc_index", "doc_number", "doc_type", "doc_date", "year", "issuer", "place", "subject",
    "recipients", "signer", "signer_capacity", "tasks",
]  # fmt: skip
CITATION_COLUMNS = ["path", "doc_index", "doc_number", "cited_number", "kind", "cited_date"]
CLAUSE_COLUMNS = [
    "path", "sha256", "doc_index", "ordinal", "clause", "parent", "label", "text", "page", "heading",
    "char_start", "char_end",
]  # fmt: skip
FAILURE_COLUMNS = ["path", "sha256", "stage", "reason", "at", "run_id"]
FILE_COLUMNS = [
    "path", "sha256", "size", "mtime", "status", "source_kind", "pages", "documents", "tasks", "warnings",
    "note", "extractor", "first_run", "last_run", "stored_at",
]  # fmt: skip
EVENT_COLUMNS = ["seq", "change", "changed_fields", "task_id"]

_ARROW = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "DOUBLE": pa.float64(),
    "VARCHAR[]": pa.list_(pa.string()),
}


_TYPES: dict[str, dict[tuple[str, str], pa.DataType]] = {}  # by store file: one catalogue read a run


def _types(store: Store, con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], pa.DataType]:
    """The Arrow type of every column of the store's tables, from DuckDB's catalogue."""
    key = str(store.path.absolute())
    if key not in _TYPES:
        got = con.execute("SELECT table_name, column_name, data_type FROM information_schema.columns").fetchall()
        _TYPES[key] = {(t, c): _ARROW.get(d, pa.string()) for t, c, d in got}
    return _TYPES[key]


def _arrow(rows: Sequence[Sequence[Any]], names: list[str], types: list[pa.DataType]) -> pa.Table:
    cols = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    return pa.Table.from_arrays([pa.array(list(c), type=t) for c, t in zip(cols, types, strict=True)], names=names)


class _Writer:
    """Bulk inserts into one connection, by column name (a column another version added stays NULL)."""

    def __init__(self, store: Store, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.types = _types(store, con)

    def insert(self, table: str, names: list[str], rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        tbl = _arrow(rows, names, [self.types.get((table, n), pa.string()) for n in names])
        cols = ", ".join(f'"{n}"' for n in names)
        self.con.register("_batch_rows", tbl)
        try:
            self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _batch_rows")
        finally:
            self.con.unregister("_batch_rows")

    def log(self, events: list[tuple[int, str, list[str], str]], run_id: int | None, now: datetime) -> None:
        """Append events (seq, change, fields, task_id) with their rows copied from `tasks` inside DuckDB."""
        if not events:
            return
        types = [pa.int64(), pa.string(), pa.list_(pa.string()), pa.string()]
        self.con.register("_batch_events", _arrow(events, EVENT_COLUMNS, types))
        cols = [n for n, _ in task_columns() + EVENT_REVIEW_COLUMNS]
        names = ", ".join([n for n, _ in CHANGE_COLUMNS] + cols)
        # the row as a person corrected it, as store.log_changes copies it (the join only where there are any)
        src = (
            REVIEWED_SELECT.format(tasks="tasks")
            if _any_corrections(self.con)
            else "SELECT *, 'open' AS status, NULL::DATE AS done_on, false AS corrected FROM tasks"
        )
        try:
            self.con.execute(
                f"INSERT INTO changes ({names}) SELECT e.seq, e.change, e.changed_fields, ?, ?, "
                f"{', '.join('t.' + c for c in cols)} FROM _batch_events e JOIN ({src}) t ON t.task_id = e.task_id "
                "ORDER BY e.seq",
                [run_id, now],
            )
        finally:
            self.con.unregister("_batch_events")


@dataclass
class _Planned:
    """What one file of the batch writes, decided before any statement runs."""

    item: BatchItem
    outcome: FileOutcome
    rows: _Rows | None = None  # None: a failure row instead
    task_rows: list[list[Any]] | None = None
    note: str | None = None


def store_batch(
    store: Store, items: Sequence[BatchItem], *, run_id: int | None = None, extractor: str = ""
) -> list[FileOutcome]:
    """Store `items` (distinct keys) in one transaction; the outcome of each, in order."""
    now = datetime.now()
    built: list[tuple[BatchItem, _Rows | None, tuple[str, str] | None]] = []
    transient: list[BatchItem] = []
    for it in items:
        r = it.result
        if r.error and (r.stage or "extract") == ENVIRONMENT:
            transient.append(it)  # the machine's fault: listed, the file's stored rows kept
            continue
        if r.error:
            built.append((it, None, (r.stage or "extract", r.error)))
            continue
        try:
            built.append((it, _rows(r, it.key, run_id, now), None))
        except StoreError as e:
            built.append((it, None, ("store", str(e))))
    outcomes: dict[str, FileOutcome] = {}
    if built:
        try:
            with store.transaction() as con:
                for p in _write(store, con, built, run_id, extractor, now):
                    outcomes[p.item.key] = p.outcome
        except ENVIRONMENT_ERRORS as e:
            raise StoreError(f"cannot write to {store.path}: {e}; the files stored so far are kept") from e
        except duckdb.Error:
            # one file's rows refused: store them one by one, so only that file is failed
            for it, _, _ in built:
                outcomes[it.key] = store_file_result(
                    store, it.result, path=it.key, size=it.size, mtime=it.mtime, run_id=run_id, extractor=extractor
                )
    for it in transient:
        reason = it.result.error or ""
        _record_transient(store, it.key, it.result.sha256, reason, now, run_id)
        outcomes[it.key] = FileOutcome("failed", stage=ENVIRONMENT, reason=reason)
    return [outcomes[it.key] for it in items]


def _in(column: str) -> str:
    return f"{column} IN (SELECT unnest(?::VARCHAR[]))"


def _write(
    store: Store,
    con: duckdb.DuckDBPyConnection,
    built: list[tuple[BatchItem, _Rows | None, tuple[str, str] | None]],
    run_id: int | None,
    extractor: str,
    now: datetime,
) -> list[_Planned]:
    keys = [it.key for it, _, _ in built]
    if len(set(keys)) != len(keys):
        raise StoreError("a batch holds one path twice")  # the caller's bug: never half-written
    first = dict(con.execute(f"SELECT path, first_run FROM files WHERE {_in('path')}", [keys]).fetchall())
    cols = ", ".join(n for n, _ in task_columns())
    old: dict[str, dict[str, list[Any]]] = {}
    if first:
        got = con.execute(f"SELECT {cols} FROM tasks WHERE {_in('path')} ORDER BY path, ordinal", [list(first)])
        path_at = [n for n, _ in task_columns()].index("path")
        for r in got.fetchall():
            old.setdefault(r[path_at], {})[r[0]] = list(r)
    new_ids = [t[0] for _, rows, _ in built if rows for t in rows.tasks]
    owner: dict[str, str] = {}
    if new_ids:
        owner = dict(con.execute(f"SELECT task_id, path FROM tasks WHERE {_in('task_id')}", [new_ids]).fetchall())
    for rows in old.values():
        owner.update({tid: r[path_at] for tid, r in rows.items()})
    planned, removed, live = _plan(built, old, owner, next_seq(con))
    w = _Writer(store, con)
    w.log(removed, run_id, now)  # copied before the rows go
    if first:
        for table in (*FILE_TABLES, "files"):
            con.execute(f"DELETE FROM {table} WHERE {_in('path')}", [list(first)])
    con.execute(f"DELETE FROM failures WHERE {_in('path')}", [keys])  # a machine's failure, without a files row
    w.insert("tasks", [n for n, _ in task_columns()], [r for p in planned for r in p.task_rows or []])
    w.log(live, run_id, now)
    ok = [p.rows for p in planned if p.rows is not None]
    w.insert("documents", DOCUMENT_COLUMNS, [d for r in ok for d in r.documents])
    w.insert("citations", CITATION_COLUMNS, [c for r in ok for c in r.citations])
    w.insert("clauses", CLAUSE_COLUMNS, [c for r in ok for c in r.clauses])
    failed = [p for p in planned if p.rows is None]
    w.insert(
        "failures",
        FAILURE_COLUMNS,
        [[p.item.key, p.item.result.sha256, p.outcome.stage, p.outcome.reason, now, run_id] for p in failed],
    )
    w.insert("files", FILE_COLUMNS, [_file_row(p, first, run_id, extractor, now) for p in planned])
    return planned


def _plan(
    built: list[tuple[BatchItem, _Rows | None, tuple[str, str] | None]],
    old: dict[str, dict[str, list[Any]]],
    owner: dict[str, str],
    seq: int,
) -> tuple[list[_Planned], list[tuple[int, str, list[str], str]], list[tuple[int, str, list[str], str]]]:
    """The files in order as if stored one after the other: which task ids each may take (one stored
    from another file is that file's), its events and their numbers."""
    planned: list[_Planned] = []
    removed: list[tuple[int, str, list[str], str]] = []
    live: list[tuple[int, str, list[str], str]] = []
    for it, rows, failure in built:
        mine = old.get(it.key, {})
        for tid in mine:
            if owner.get(tid) == it.key:
                del owner[tid]
        if rows is None:
            stage, reason = failure or ("extract", "")
            events: list[Event] = [("removed", tid, []) for tid in mine]
            planned.append(_Planned(it, FileOutcome("failed", removed=len(mine), stage=stage, reason=reason)))
        else:
            taken = {t[0]: owner[t[0]] for t in rows.tasks if t[0] in owner}
            task_rows, events = diff_rows(mine, [t for t in rows.tasks if t[0] not in taken])
            owner.update({r[0]: it.key for r in task_rows})
            note = None
            if taken:
                others = sorted(set(taken.values()))
                note = f"{len(taken)} task(s) already stored from {', '.join(others)[:300]} (same document)"
            count = {c: sum(1 for e in events if e[0] == c) for c in ("added", "updated", "removed")}
            out = FileOutcome("ok", count["added"], count["updated"], count["removed"], len(task_rows), len(taken))
            planned.append(_Planned(it, out, rows, task_rows, note))
        changed = [e for e in events if e[0] != "removed"]
        live += [(seq + k, c, f, tid) for k, (c, tid, f) in enumerate(changed)]
        seq += len(changed)
        gone = [e for e in events if e[0] == "removed"]
        removed += [(seq + k, c, f, tid) for k, (c, tid, f) in enumerate(gone)]
        seq += len(gone)
    return planned, removed, live


def _file_row(p: _Planned, first: dict[str, int | None], run_id: int | None, extractor: str, now: datetime) -> list:
    r, it = p.item.result, p.item
    prior = first.get(it.key)
    ok = p.rows is not None
    return [
        it.key,
        r.sha256,
        it.size,
        _mtime(it.mtime),
        "ok" if ok else "failed",
        r.source_kind,
        r.pages,
        len(p.rows.documents) if p.rows else 0,
        len(p.task_rows or []),
        list(r.warnings),
        p.note,
        extractor,
        prior if prior is not None else run_id,
        run_id,
        now,
    ]
