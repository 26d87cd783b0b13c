"""The cluster ingest's tasks: each a batch of files extracted on a worker and written there as a part of
the dataset (pipeline/dataset.py); the ingest only records the parts as they complete, and loads them
into the store at the end (pipeline/partload.py).

A part whose worker is lost is Dask's to run again; one that kills `allowed-failures` workers, or raises,
is split into one-file parts, and a file that fails alone is written here as its failure row."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pipeline.cluster import RECOUNT, ClusterError, _failed, _threads, failure_reason
from pipeline.dataset import Dataset, Part, write_part
from pipeline.model import FileResult, OcrOptions
from pipeline.store import ENVIRONMENT

PART_FILES = 50  # files a part at most
PART_BYTES = 4 << 20  # ...and bytes of input (a few scans make a part: they take seconds a page)
PARTS_A_THREAD = 4  # at least this many parts a worker thread, so a small run is spread over all
IN_FLIGHT = 2  # parts queued a worker thread

Files = list[tuple[str, str]]  # (path on disk, stored path)


def extract_files_to_part(
    folder: str, name: str, files: Files, ocr: OcrOptions | None, run_id: int | None, extractor: str, split: int
) -> Part:
    """The task: extract `files` here and write them as part `name` of the dataset in `folder`."""
    from pipeline.extraction import extract_file
    from pipeline.pagesplit import split_runner
    from pipeline.readers.page_ocr import runner

    results: list[tuple[str, FileResult]] = []
    with runner(split_runner(split) if split > 0 else None):
        for path, key in files:
            try:
                res = extract_file(path, ocr)
            except Exception as e:  # noqa: BLE001 - a bug on one file is that file's failure, not the part's
                res = _failed(Path(path), failure_reason(e))
            results.append((key, res))
    return write_part(folder, name, results, run_id, extractor)


def _alone_failed(item: tuple[str, str], e: Exception) -> tuple[str, FileResult]:
    """A one-file part that failed: the file's failure; the machine's when the worker could not write
    (a full or unwritable parts folder), which the next run tries again."""
    res = _failed(Path(item[0]), failure_reason(e))
    if isinstance(e, OSError):
        res.stage = ENVIRONMENT
    return item[1], res


def groups(todo: Files, threads: int, size: Callable[[str], int]) -> list[Files]:
    """Consecutive files of the plan in parts: at most PART_FILES files or PART_BYTES bytes (one file at
    least), and small enough that every thread gets PARTS_A_THREAD of them."""
    most = max(1, min(PART_FILES, math.ceil(len(todo) / (threads * PARTS_A_THREAD))))
    out: list[Files] = []
    cur: Files = []
    held = 0
    for item in todo:
        n = size(item[0])
        if cur and (len(cur) >= most or held + n > PART_BYTES):
            out.append(cur)
            cur, held = [], 0
        cur.append(item)
        held += n
    return out + ([cur] if cur else [])


def parts_on(
    client: Any,
    todo: Files,
    ds: Dataset,
    *,
    run_id: int | None,
    extractor: str,
    ocr: OcrOptions | None,
    split: int,
    size: Callable[[str], int],
    should_stop: Callable[[], bool],
) -> Iterator[Part]:
    """Extract `todo` on the cluster as parts of `ds`, yielding each part once recorded in its manifest.
    Returns early, cancelling what runs, when `should_stop()` says so."""
    from distributed import as_completed

    queue = deque(groups(todo, _threads(client), size))
    number = int(ds.next_name().split("-")[1])
    running: dict[Any, tuple[str, Files]] = {}
    done = as_completed()
    limit, counted = 0, -math.inf
    folder = str(ds.folder)

    def submit() -> None:
        nonlocal number
        while len(running) < limit and queue:
            files = queue.popleft()
            name = f"part-{number:06d}"
            number += 1
            args = (folder, name, files, ocr, run_id, extractor, split)
            f = client.submit(extract_files_to_part, *args, pure=False)
            running[f] = (name, files)
            done.add(f)

    try:
        while True:
            if time.monotonic() - counted > RECOUNT:  # workers may join or leave during the run
                limit, counted = _threads(client) * IN_FLIGHT, time.monotonic()
            submit()
            if not running or should_stop():
                return
            batch = done.next_batch(block=False)
            if not batch:
                time.sleep(0.02)  # nothing finished: look at the stop request again soon
                continue
            for f in batch:
                name, files = running.pop(f)
                try:
                    part = f.result()
                except Exception as e:  # noqa: BLE001 - a lost or failing part: its files alone, or failed
                    if len(files) > 1:
                        queue.extendleft([[x] for x in reversed(files)])
                        continue
                    part = write_part(folder, name, [_alone_failed(files[0], e)], run_id, extractor)
                if not (ds.folder / "files" / f"{name}.parquet").exists():
                    raise ClusterError(
                        f"a worker wrote part {name} where this ingest cannot read it: --parts {ds.folder} must "
                        "be a folder the workers share, at the same path"
                    )
                ds.add(part)
                yield part
                if should_stop():
                    return
    finally:
        for f in running:
            f.cancel()
