"""The store from inside the server: one store operation at a time in this process (DuckDB opens a
file in one mode per process), writes behind the ingest lock, and a busy store answered 503."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from fastapi import HTTPException

from pipeline.store import Store, StoreBusy, StoreError
from pipeline.writelock import writing

# What a client is told to wait when a CLI ingest holds the store: its write sessions are short.
RETRY_AFTER = 5


def busy(e: Exception) -> HTTPException:
    return HTTPException(503, f"store busy: {e}; retry later", headers={"Retry-After": str(RETRY_AFTER)})


class StoreAccess:
    """Opens the store per request: read-only for reads (an ingest gets in between), for writing
    behind the ingest lock for writes, never waiting on a running ingest (503 instead)."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.lock = threading.Lock()  # the server's writes are serialised, and never meet its reads

    def ensure(self) -> None:
        """Create an empty store when there is none, so the server starts on a new file."""
        if not self.db.exists():
            with self.writer():
                pass

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.lock:
            try:
                store = Store(self.db, read_only=True)
            except StoreBusy as e:
                raise busy(e) from e
            except (FileNotFoundError, StoreError) as e:
                raise HTTPException(503, str(e)) from e
            try:
                yield store.con
            finally:
                store.close()

    @contextmanager
    def writer(self) -> Iterator[Store]:
        with self.lock:
            try:
                with writing(self.db, wait=0.0, open_wait=2.0) as store:
                    yield store
            except StoreBusy as e:
                raise busy(e) from e
