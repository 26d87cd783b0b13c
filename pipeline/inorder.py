"""Extracted files put back in the order of the plan before they are stored, so the rows do not depend on
which worker was faster: of two files holding one document, the first in the plan keeps its tasks, with
-j N and on a cluster as with -j 1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipeline.model import FileResult

# Files held back behind one slow file at most; past it they are stored as they came (bounded memory).
HOLD_BACK = 1000


class InOrder:
    """A reorder buffer over the files of a plan: `put` a result, take back those whose turn has come."""

    def __init__(self, order: list[Path], hold_back: int = HOLD_BACK) -> None:
        self.rank = {str(p): i for i, p in enumerate(order)}
        self.hold_back = hold_back
        self.next = 0
        self.waiting: dict[int, tuple[FileResult, str]] = {}

    def put(self, result: FileResult, kind: str) -> Iterator[tuple[FileResult, str]]:
        i = self.rank.get(result.path)
        if i is None or i < self.next:  # not of the plan, or let go past: nothing to wait for
            yield result, kind
            return
        self.waiting[i] = (result, kind)
        while self.next in self.waiting:
            yield self.waiting.pop(self.next)
            self.next += 1
        if len(self.waiting) > self.hold_back:
            yield from self.rest()

    def rest(self) -> Iterator[tuple[FileResult, str]]:
        """What waits, in order (the run ends, or a file is too far behind)."""
        for i in sorted(self.waiting):
            yield self.waiting.pop(i)
            self.next = i + 1
