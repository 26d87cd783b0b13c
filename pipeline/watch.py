"""Watch a folder: ingest the files already there and those that arrive, once they are fully written.

Polling, no extra dependency: a file is ready when its size and mtime are the same on two polls in a
row and have not changed for `settle` seconds (a slow network copy writes a chunk every few seconds).
Temporary names (x.part, ~$x.docx, x.tmp, x.crdownload) are left alone until renamed. Each file is
stored in one transaction once it is complete, so readers never see part of a document. The store is
opened only while results are written, so notebooks can read it in between."""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from pipeline.budget import Budget
from pipeline.files import path_key
from pipeline.ingestion import Failure, IngestSummary, format_summary, ingest, walk
from pipeline.model import OcrOptions
from pipeline.store import DEFAULT_DB, StoreBusy, StoreError
from pipeline.writelock import lock_path

Signature = tuple[int, int]  # (size, mtime_ns)


@dataclass
class Watcher:
    inbox: Path
    db: Path = Path(DEFAULT_DB)
    interval: float = 2.0
    jobs: int = 1
    retry_failed: bool = False
    budget: Budget = field(default_factory=Budget)
    ocr: OcrOptions = field(default_factory=OcrOptions)
    log: Callable[[str], None] = field(default=lambda s: print(s, file=sys.stderr, flush=True))
    stop: threading.Event = field(default_factory=threading.Event)
    total: IngestSummary = field(default_factory=IngestSummary)
    seen: dict[Path, Signature] = field(default_factory=dict)  # signature on the previous poll
    done: dict[Path, Signature] = field(default_factory=dict)  # signature when last ingested
    polls: int = 0
    settle: float = 0.0  # seconds a file's size and mtime must hold still before it is taken
    since: dict[Path, float] = field(default_factory=dict)  # when the current signature was first seen
    failed: dict[str, Failure] = field(default_factory=dict)  # files failing now (a later success clears)

    def scan(self) -> dict[Path, Signature]:
        skip = {self.db.absolute(), Path(f"{self.db.absolute()}.wal"), lock_path(self.db.absolute())}
        files, _ = walk([self.inbox], skip)
        out: dict[Path, Signature] = {}
        for p in files:
            try:
                st = p.stat()
            except OSError:
                continue  # removed between listing and stat
            out[p] = (st.st_size, st.st_mtime_ns)
        return out

    def ready(self, now: dict[Path, Signature]) -> list[Path]:
        """Files unchanged since the previous poll and for `settle` seconds, not yet ingested in this state."""
        t = time.monotonic()
        self.since = {p: self.since[p] if self.seen.get(p) == sig and p in self.since else t for p, sig in now.items()}
        return sorted(
            p
            for p, sig in now.items()
            if self.seen.get(p) == sig and self.done.get(p) != sig and t - self.since[p] >= self.settle
        )

    @property
    def ok(self) -> bool:
        """Nothing is failing now: a file that failed and was then stored fine does not count."""
        return not self.failed

    def poll(self) -> IngestSummary | None:
        """One look at the inbox; ingests what is ready. Returns that batch's summary, if any."""
        self.polls += 1
        now = self.scan()
        batch = self.ready(now)
        self.seen = now
        self.done = {p: sig for p, sig in self.done.items() if p in now}  # forget files that left
        if not batch:
            return None
        try:
            s = ingest(
                batch,
                db=self.db,
                jobs=self.jobs,
                retry_failed=self.retry_failed,
                should_stop=self.stop.is_set,
                budget=self.budget,
                ocr=self.ocr,
            )
        except StoreBusy as e:
            self.log(f"{e}; retrying at the next poll")
            return None
        except StoreError as e:
            self.log(f"cannot store: {e}; retrying at the next poll")
            return None
        for p in batch:
            if not s.interrupted:
                self.done[p] = now[p]
        bad = {f.path: f for f in s.failures}
        for p in batch:
            key = path_key(p)
            if key in bad:
                self.failed[key] = bad[key]
            elif not s.interrupted:
                self.failed.pop(key, None)
        self.total.add(s)
        self.log(format_summary(s, self.db))
        return s

    def run(self, max_polls: int | None = None, timeout: float | None = None) -> IngestSummary:
        """Poll until stopped (signal, max_polls, timeout); the first batch needs two polls."""
        end = time.monotonic() + timeout if timeout is not None else None
        while not self.stop.is_set():
            self.poll()
            if max_polls is not None and self.polls >= max_polls:
                break
            if end is not None and time.monotonic() >= end:
                break
            self.stop.wait(self.interval)
        return self.total


def install_signal_handlers(stop: threading.Event) -> None:
    """Ctrl-C and SIGTERM finish the file in hand, then stop the loop; a second one stops at once."""

    def handler(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
