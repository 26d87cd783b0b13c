"""One ingest at a time per store: an exclusive lock on `<store>.lock`, held for the whole run.

The store file itself is opened only while results are written (readers get in between), so it
cannot tell two ingests apart; this lock does. The kernel drops it when its process dies, even by
kill -9, so a killed run never leaves a stale lock. The file is left in place: removing it while
another process waits on it would let two runs in."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from pipeline.store import StoreBusy, StoreError


def lock_path(db: str | Path) -> Path:
    return Path(f"{os.fspath(db)}.lock")


class IngestLock:
    """Held from `acquire()` to `release()`; `wait` seconds to wait for another ingest."""

    def __init__(self, db: str | Path, wait: float = 0.0) -> None:
        self.db = Path(db)
        self.path = lock_path(db)
        self.wait = wait
        self.fd: int | None = None

    def acquire(self) -> IngestLock:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise StoreError(f"cannot create the lock file {self.path}: {e.strerror or e}") from e
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise StoreBusy(self._busy()) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)  # who holds it, for the other run's message
        self.fd = fd
        return self

    def _busy(self) -> str:
        try:
            pid = self.path.read_text().strip()
        except OSError:
            pid = ""
        who = f" (pid {pid})" if pid.isdigit() else ""
        return f"another ingest is running on {self.db}{who}"

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor drops the lock
            self.fd = None

    def __enter__(self) -> IngestLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
