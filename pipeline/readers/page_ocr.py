"""Who OCRs the scanned pages of a PDF: this process (`ocr.ocr_pdf_pages`), or a runner the caller installs
for the extraction in hand (on a cluster: page-range tasks on other workers, pipeline/pagesplit.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from pipeline.model import OcrOptions

# (path, 0-based pages, options, threads) -> the OCR'd pages by index, as ocr.ocr_pdf_pages returns them
Runner = Callable[[Path, list[int], OcrOptions, int | None], dict[int, Any]]
_RUNNER: ContextVar[Runner | None] = ContextVar("page_ocr_runner", default=None)


def ocr_here(path: Path, pages: list[int], opt: OcrOptions, workers: int | None) -> dict[int, Any]:
    from . import ocr

    return ocr.ocr_pdf_pages(path, pages, workers=workers, dpi=opt.dpi, lang=opt.lang, page_seconds=opt.page_seconds)


def ocr_pages(path: Path, pages: list[int], opt: OcrOptions, workers: int | None = None) -> dict[int, Any]:
    """OCR `pages` of the PDF at `path` with the runner installed, else here."""
    runner = _RUNNER.get()
    return (runner or ocr_here)(path, pages, opt, workers)


@contextmanager
def runner(run: Runner | None) -> Iterator[None]:
    """OCR the PDFs read inside the block with `run` (None: here)."""
    token = _RUNNER.set(run)
    try:
        yield
    finally:
        _RUNNER.reset(token)
