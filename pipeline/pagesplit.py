"""A long scan OCR'd as page ranges on the cluster (`ingest --cluster --split-scans K`): a PDF needing OCR
on more than K pages has its pages OCR'd K at a time, each range a Dask task any worker may take, and
the pages joined by index before the reader goes on, so its rows are those of OCR'ing it in one piece
(a page's OCR does not depend on the others; the cross-page repairs run after the join, in the reader).

The task reading the PDF waits for its ranges outside the worker's thread pool (`worker_client`
secedes), so the worker takes a range meanwhile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.model import OcrOptions
from pipeline.readers.page_ocr import Runner, ocr_here

SPLIT_SCANS = 8  # pages a range; a scan with more is split (0: never)
PRIORITY = 10  # the ranges of a scan being read go before files waiting to start


def ranges(pages: list[int], k: int) -> list[list[int]]:
    """`pages` cut into consecutive runs of `k` (the last one shorter)."""
    return [pages[i : i + k] for i in range(0, len(pages), k)]


def ocr_range(path: str, pages: list[int], opt: OcrOptions) -> dict[int, Any]:
    """One range's task: its pages OCR'd on this worker (threads: the reader's default)."""
    return ocr_here(Path(path), pages, opt, None)


def split_runner(k: int) -> Runner:
    """A page_ocr runner that sends a scan of more than `k` pages to the cluster as ranges of `k` pages."""

    def run(path: Path, pages: list[int], opt: OcrOptions, workers: int | None) -> dict[int, Any]:
        if k <= 0 or len(pages) <= k:
            return ocr_here(path, pages, opt, workers)
        from distributed import worker_client

        with worker_client() as client:
            futures = [
                client.submit(ocr_range, str(path), chunk, opt, pure=False, priority=PRIORITY)
                for chunk in ranges(pages, k)
            ]
            done = client.gather(futures)  # a range's ReadError (no tesseract) is raised here, as in one piece
        joined: dict[int, Any] = {}
        for part in done:
            joined.update(part)
        return {i: joined[i] for i in sorted(joined)}

    return run
