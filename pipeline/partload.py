"""Loading the parts of a dataset (pipeline/dataset.py) into the store: every file in the plan's order, all
in one transaction, through the batched writes of pipeline/batchstore.py, so the rows, task ids and change
events are those of a plain ingest.

When DuckDB refuses a row, the transaction is rolled back and the files are loaded BATCH at a time, and
a batch it refuses file by file, so the file at fault becomes its failure row (stage "store")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from pipeline.batchstore import BatchItem, _write
from pipeline.dataset import read_part
from pipeline.model import FileResult
from pipeline.store import (
    ENVIRONMENT,
    ENVIRONMENT_ERRORS,
    FileOutcome,
    Store,
    StoreError,
    _record_transient,
    _Rows,
    task_columns,
)

BATCH = 100  # files a _write call: the statements' size, not the transaction's
_Built = tuple[BatchItem, _Rows | None, tuple[str, str] | None]


@dataclass
class Loaded:
    """What loading one file changed, and how many of its rows need review."""

    outcome: FileOutcome
    needs_review: int


class _Reader:
    """The parts' rows as the files come, each part read once and dropped after its last file."""

    def __init__(self, folder: Path, order: list[tuple[str, str]]) -> None:
        self.folder = folder
        self.left = Counter(part for _, part in order)
        self.cache: dict[str, dict[str, dict[str, list[list[Any]]]]] = {}

    def take(self, key: str, part: str) -> dict[str, list[list[Any]]]:
        if part not in self.cache:
            self.cache[part] = read_part(self.folder, part)
        tables = self.cache[part]
        self.left[part] -= 1
        if self.left[part] == 0:
            del self.cache[part]
        return {t: rows.get(key, []) for t, rows in tables.items()}


def _built(key: str, tables: dict[str, list[list[Any]]], run_id: int | None, now: datetime) -> tuple[_Built, int]:
    """The file as store_batch builds it, its task rows stamped with the loading run (as a plain ingest)."""
    if not tables["files"]:
        raise StoreError(f"the parts hold no row for {key}")
    _p, sha, size, mtime, status, stage, reason, kind, pages, _d, _t, warnings, review, _r = tables["files"][0]
    result = FileResult(
        path=key, sha256=sha, error=reason, stage=stage, source_kind=kind, pages=pages, warnings=list(warnings or [])
    )
    item = BatchItem(result, key, size, mtime)
    if status != "ok":
        return (item, None, (stage or "extract", reason or "")), 0
    names = [n for n, _ in task_columns()]
    run, at = names.index("run_id"), names.index("ingested_at")
    tasks = [[run_id if i == run else now if i == at else v for i, v in enumerate(r)] for r in tables["tasks"]]
    rows = _Rows(tasks, tables["documents"], tables["citations"], tables["clauses"], [])
    return (item, rows, None), review


def _chunks(
    folder: Path, order: list[tuple[str, str]], run_id: int | None, now: datetime
) -> Iterator[list[tuple[_Built, int]]]:
    reader = _Reader(folder, order)
    for i in range(0, len(order), BATCH):
        yield [_built(key, reader.take(key, part), run_id, now) for key, part in order[i : i + BATCH]]


def _transient(b: _Built) -> bool:
    return b[2] is not None and b[2][0] == ENVIRONMENT


def load_parts(
    store: Store, folder: Path, order: list[tuple[str, str]], *, run_id: int | None, extractor: str
) -> dict[str, Loaded]:
    """Load the files `order` names ((stored path, part), in the plan's order) from the parts in `folder`."""
    now = datetime.now()
    out: dict[str, Loaded] = {}
    later: list[_Built] = []  # the machine's failures: recorded after, as store_batch does
    try:
        with store.transaction() as con:
            for chunk in _chunks(folder, order, run_id, now):
                review = {b[0].key: n for b, n in chunk}
                later += [b for b, _ in chunk if _transient(b)]
                built = [b for b, _ in chunk if not _transient(b)]
                for p in _write(store, con, built, run_id, extractor, now) if built else []:
                    out[p.item.key] = Loaded(p.outcome, review[p.item.key])
    except ENVIRONMENT_ERRORS as e:
        raise StoreError(f"cannot write to {store.path}: {e}; the parts are kept and loaded by the next run") from e
    except duckdb.Error:
        out, later = _one_by_one(store, folder, order, run_id, extractor, now)
    for item, _, failure in later:
        reason = failure[1] if failure else ""
        _record_transient(store, item.key, item.result.sha256, reason, now, run_id)
        out[item.key] = Loaded(FileOutcome("failed", stage=ENVIRONMENT, reason=reason), 0)
    return out


def _one_by_one(
    store: Store, folder: Path, order: list[tuple[str, str]], run_id: int | None, extractor: str, now: datetime
) -> tuple[dict[str, Loaded], list[_Built]]:
    """A batch a transaction, a refused batch a file a transaction: only the file at fault fails."""
    out: dict[str, Loaded] = {}
    later: list[_Built] = []
    for chunk in _chunks(folder, order, run_id, now):
        later += [b for b, _ in chunk if _transient(b)]
        todo = [(b, n) for b, n in chunk if not _transient(b)]
        try:
            with store.transaction() as con:
                done = _write(store, con, [b for b, _ in todo], run_id, extractor, now) if todo else []
            out.update({p.item.key: Loaded(p.outcome, n) for p, (_, n) in zip(done, todo, strict=True)})
            continue
        except duckdb.Error:
            pass
        for b, n in todo:
            try:
                with store.transaction() as con:
                    p = _write(store, con, [b], run_id, extractor, now)[0]
            except duckdb.Error as e:
                failed = (b[0], None, ("store", f"{type(e).__name__}: {e}"))
                with store.transaction() as con:
                    p = _write(store, con, [failed], run_id, extractor, now)[0]
                n = 0
            out[b[0].key] = Loaded(p.outcome, n)
    return out, later
