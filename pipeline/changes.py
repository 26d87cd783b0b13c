"""The change feed read back: the events after a sequence number, for a client that mirrors the tasks.

A client keeps the `seq` of the last event it has applied and asks for the ones after it next time;
0 is everything. Events are written by the store (pipeline/store.py) in the transaction of the change."""

from __future__ import annotations

from typing import Any

import duckdb

from pipeline.exports.rows import task_record, timestamp
from pipeline.store import StoreError

_NO_FEED = "this store has no change feed yet (schema v1): run `directives ingest` once to add it"


def _query(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> duckdb.DuckDBPyConnection:
    try:
        return con.execute(sql, params)
    except duckdb.CatalogException as e:  # opened read-only, an old store cannot be upgraded
        raise StoreError(_NO_FEED) from e


def last_seq(con: duckdb.DuckDBPyConnection) -> int:
    """The sequence number of the newest event (0: none yet)."""
    row = _query(con, "SELECT coalesce(max(seq), 0) FROM changes", []).fetchone()
    return int(row[0]) if row else 0


def changes_since(con: duckdb.DuckDBPyConnection, since: int) -> list[dict[str, Any]]:
    """Every column of the events with seq > `since`, oldest first."""
    cur = _query(con, "SELECT * FROM changes WHERE seq > ? ORDER BY seq", [since])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def event_record(row: dict[str, Any]) -> dict[str, Any]:
    """One event as JSON: seq, change, the changed fields (an update), the run and time of the change,
    and the task row after it (for "removed", the row as it was: the tombstone) as `export` writes it."""
    return {
        "seq": row["seq"],
        "change": row["change"],
        "changed_fields": list(row["changed_fields"] or []),
        "run_id": row["changed_run"],
        "at": timestamp(row["changed_at"]),
        "task": task_record(row),
    }
