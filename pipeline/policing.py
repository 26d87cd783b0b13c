"""Watching the worker processes of one pool against the per-file budget, and stopping the ones over it."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.sharedctypes import Synchronized
from typing import Any

from pipeline.budget import Budget, rss_mb

_POLL_S = 0.1  # how often the workers are measured
_POLL_NEAR_S = 0.02  # … once one is past _NEAR of the memory budget
_NEAR = 0.6


class _Watch:
    """With one worker (`alone`) the file over budget is known and its reason kept in `stopped`; with
    several, the worker over is killed and its files are re-run one at a time, where the file is known."""

    def __init__(self, budget: Budget, pool: ProcessPoolExecutor, warm: Synchronized[int], workers: int, alone: bool):
        self.budget, self.pool, self.warm, self.workers, self.alone = budget, pool, warm, workers, alone
        self.started: dict[Future[Any], float] = {}
        self.stopped: dict[Future[Any], str] = {}
        self.peak_mb = 0.0
        self.poll_seconds = _POLL_S

    def _pids(self) -> list[int]:
        procs = getattr(self.pool, "_processes", None) or {}  # private, but the only way to the workers
        return [int(pid) for pid in procs]

    def check(self, running: dict[Future[Any], Any]) -> None:
        now = time.monotonic()
        ready = self.warm.value >= self.workers
        for f in running:
            if ready and f not in self.started and f.running():
                self.started[f] = now
        pids = self._pids()
        sizes = {pid: rss_mb(pid) for pid in pids}
        self.peak_mb = max(self.peak_mb, *sizes.values(), 0.0)
        # a worker near its limit grows by tens of MB between two slow polls: watch it closely
        near = max(sizes.values(), default=0.0) > _NEAR * self.budget.memory_mb
        self.poll_seconds = _POLL_NEAR_S if near else _POLL_S
        if self.alone:
            for f in running:
                reason = self.budget.over(now - self.started.get(f, now), max(sizes.values(), default=0.0))
                if reason and f not in self.stopped:
                    self.stopped[f] = reason
                    _kill(pids)
            return
        late = any(now - t > self.budget.seconds for f, t in self.started.items() if f in running)
        fat = [pid for pid, mb in sizes.items() if mb > self.budget.memory_mb]
        if late or fat:  # which file it is shows when the files held are run again one by one
            _kill(pids if late else fat)


def _kill(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
