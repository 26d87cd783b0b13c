"""The per-file budget: how long and how much memory one file's extraction may take before it is stopped.

The defaults suit a 2-core, 4 GB office PC running `ingest -j 2`: two workers at their limit still
leave room for the system and the parent."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_SECONDS = 300.0  # a 200-page scanned PDF OCRs in about 3 minutes on one core
DEFAULT_MEMORY_MB = 1200  # the models take ≈ 300 MB of it
# With -j 1, files up to this size are extracted in the ingest process itself: a worker costs a fork.
ISOLATE_BYTES = 2 * 1024 * 1024
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Budget:
    seconds: float = DEFAULT_SECONDS
    memory_mb: int = DEFAULT_MEMORY_MB

    def over(self, elapsed: float, rss_mb: float) -> str | None:
        """Why a file in extraction for `elapsed` s with `rss_mb` MB resident is stopped, or None."""
        if rss_mb > self.memory_mb:
            return f"stopped: needed more than {self.memory_mb} MB of memory (raise it with --max-memory)"
        if elapsed > self.seconds:
            return f"stopped: took longer than {self.seconds:g} s (raise it with --max-seconds)"
        return None


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (0 when it is gone or /proc is missing)."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * _PAGE / (1024 * 1024)
    except (OSError, IndexError, ValueError):
        return 0.0
