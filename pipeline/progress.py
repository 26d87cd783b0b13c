"""Progress of a long ingest: files done and failed, files/s and the time left. A rich bar on a terminal;
elsewhere (a log, a CI job) a plain line every LOG_EVERY seconds, so a short run prints none."""

from __future__ import annotations

import sys
import time
from datetime import timedelta
from typing import Any, TextIO

LOG_EVERY = 10.0


def rate_line(done: int, failed: int, total: int, elapsed: float) -> str:
    """'120/1000 files, 3 failed, 40.1 files/s, 0:00:22 left'."""
    rate = done / elapsed if elapsed > 0 else 0.0
    left = f"{timedelta(seconds=round((total - done) / rate))} left" if rate > 0 else "time left unknown"
    return f"{done}/{total} files, {failed} failed, {rate:.1f} files/s, {left}"


class Progress:
    """`mode`: "bar" (rich, on stderr), "log" (plain lines on `stream`) or "off"."""

    def __init__(self, total: int, mode: str, stream: TextIO | None = None) -> None:
        self.total, self.mode = total, mode
        self.stream = stream or sys.stderr
        self.done = self.failed = 0
        self.t0 = self.last = time.monotonic()
        self._bar: Any = None
        if mode == "bar":
            self._bar, self._task = _rich_bar(total)

    def tick(self, failed: bool = False) -> None:
        self.done += 1
        self.failed += failed
        if self._bar is not None:
            self._bar.update(self._task, advance=1, failed=self.failed)
        elif self.mode == "log" and (now := time.monotonic()) - self.last >= LOG_EVERY:
            self.last = now
            self.note(f"ingest: {rate_line(self.done, self.failed, self.total, now - self.t0)}")

    def note(self, text: str) -> None:
        """A line above the bar, or in the log (the cluster's dashboard link)."""
        if self._bar is not None:
            self._bar.console.print(text)
        elif self.mode != "off":
            print(text, file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _rich_bar(total: int) -> tuple[Any, Any]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Any) -> Text:
            return Text(f"{task.speed:.1f} files/s" if task.speed else "– files/s")

    bar = Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} failed"),
        Rate(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("files", total=total, failed=0)
    bar.start()
    return bar, task
