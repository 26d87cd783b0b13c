"""Read-only summaries of a store for `directives status` and `directives failures`."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def plain(v: Any) -> Any:
    """A value JSON can hold: dates and times as ISO text."""
    if isinstance(v, datetime | date):
        return v.isoformat(sep=" ") if isinstance(v, datetime) else v.isoformat()
    return v


def failure_rows(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The failures table, newest run first, then by path."""
    return _rows(con, 'SELECT path, stage, reason, "at", run_id FROM failures ORDER BY run_id DESC NULLS LAST, path')


def store_size(db: str | Path) -> int:
    """Bytes on disk: the store file and its write-ahead log."""
    p = Path(db)
    wal = Path(f"{p}.wal")
    return p.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def status(con: duckdb.DuckDBPyConnection, db: str | Path) -> dict[str, Any]:
    """Files by status, task, document and failure counts, the last run, the store's size and what
    people corrected (None for a store made before corrections)."""
    from pipeline.corrections import review_counts

    files = dict(con.execute("SELECT status, count(*) FROM files GROUP BY status ORDER BY status").fetchall())
    one = con.execute(
        "SELECT (SELECT count(*) FROM tasks), (SELECT count(*) FROM documents), (SELECT count(*) FROM failures)"
    ).fetchone()
    assert one is not None  # an aggregate always gives a row
    runs = _rows(
        con,
        "SELECT run_id, started_at, ended_at, status, tasks_added, tasks_updated, tasks_removed "
        "FROM runs ORDER BY run_id DESC LIMIT 1",
    )
    return {
        "store": os.fspath(db),
        "size_bytes": store_size(db),
        "files": sum(files.values()),
        "files_by_status": files,
        "documents": one[1],
        "tasks": one[0],
        "failures": one[2],
        "last_run": {k: plain(v) for k, v in runs[0].items()} if runs else None,
        "last_change": _last_change(con),
        "corrections": review_counts(con),
    }


def _last_change(con: duckdb.DuckDBPyConnection) -> int | None:
    """The change feed's newest sequence number; None for a store made before the feed."""
    from pipeline.changes import last_seq
    from pipeline.store import StoreError

    try:
        return last_seq(con)
    except StoreError:
        return None
