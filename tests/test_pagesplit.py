"""Page ranges of a long scan (pipeline/pagesplit.py) and the hook that lets a caller OCR a PDF's scanned
pages elsewhere (pipeline/readers/page_ocr.py); the split on a real cluster: tests/test_clusterparts.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fixtures.helpers import FIXTURES, needs_tesseract

from pipeline.model import OcrOptions
from pipeline.pagesplit import ranges, split_runner
from pipeline.readers import read
from pipeline.readers.page_ocr import ocr_here, runner


def test_pages_are_cut_in_consecutive_ranges() -> None:
    assert ranges(list(range(10)), 4) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert ranges([2, 5, 7], 8) == [[2, 5, 7]]
    assert ranges([3, 4], 1) == [[3], [4]]
    assert ranges([], 8) == []


@needs_tesseract
def test_the_reader_ocrs_through_the_runner_installed_and_a_short_scan_stays_in_one_piece() -> None:
    calls: list[tuple[str, list[int]]] = []

    def recording(path: Path, pages: list[int], opt: OcrOptions, workers: int | None) -> dict[int, Any]:
        calls.append((path.name, pages))
        return split_runner(8)(path, pages, opt, workers)  # 1 page <= 8: OCR'd here, no cluster needed

    pdf = FIXTURES / "scanned.pdf"
    with runner(recording):
        hooked = read(pdf)
    assert calls == [("scanned.pdf", [0])]
    plain = read(pdf)
    assert calls == [("scanned.pdf", [0])]  # the runner is gone after the block
    assert [(b.text, b.page) for b in hooked.blocks] == [(b.text, b.page) for b in plain.blocks]
    assert hooked.ocr == plain.ocr and len(plain.blocks) > 5
    assert ocr_here(pdf, [0], OcrOptions(), 1)[0].blocks == plain.blocks
