import shutil

import numpy as np
import pytest
from fixtures.helpers import FIXTURES, needs_soffice, needs_tesseract
from fixtures.make_ocr_table import rasterise, to_pdf, write_docx

from pipeline.extraction import extract_file
from pipeline.readers import read
from pipeline.readers.ocr_tables import find_grids, grid_rows
from pipeline.readers.pdf_tables import continue_rows
from pipeline.tables import column_roles


def _ruled_page() -> np.ndarray:
    """A 3-column grid of 3 rows whose first column's last two rows are one cell (255 = ink)."""
    ink = np.zeros((1200, 1600), np.uint8)
    xs, ys = (100, 500, 1000, 1500), (100, 300, 600, 900)
    for y in ys:
        ink[y - 2 : y + 2, xs[0] : xs[-1]] = 255
    for x in xs:
        ink[ys[0] : ys[-1], x - 2 : x + 2] = 255
    ink[ys[2] - 2 : ys[2] + 2, xs[0] + 3 : xs[1] - 3] = 0  # no line between the merged cell's rows
    ink[150:170, 150:400] = 255  # text-like blobs do not make rulings
    return ink


def test_find_grids_gives_a_row_spanning_cell():
    grids, lines = find_grids(_ruled_page())
    assert len(grids) == 1
    g = grids[0]
    assert (g.rows, g.cols) == (3, 3)
    spans = [(c.r0, c.r1, c.c0, c.c1) for c in g.cells]
    assert spans == [
        (0, 1, 0, 1), (0, 1, 1, 2), (0, 1, 2, 3), (1, 3, 0, 1), (1, 2, 1, 2), (1, 2, 2, 3), (2, 3, 1, 2), (2, 3, 2, 3)
    ]
    assert lines[100, 800] > 0 and lines[160, 200] == 0


def test_grid_rows_repeat_a_row_span_and_keep_a_column_span_in_its_first_column():
    grids, _ = find_grids(_ruled_page())
    g = grids[0]
    texts = {k: f"c{c.r0}{c.c0}" for k, c in enumerate(g.cells)}
    assert grid_rows(g, texts) == (("c00", "c01", "c02"), ("c10", "c11", "c12"), ("c10", "c21", "c22"))


def test_no_grid_on_a_page_of_text_lines():
    ink = np.zeros((1200, 1600), np.uint8)
    ink[200:204, 100:1500] = 255  # a rule under a heading
    assert find_grids(ink)[0] == []


def test_continue_rows_joins_a_row_broken_by_the_page_and_carries_spanning_cells():
    prev = (("STT", "Nội dung", "Chủ trì"), ("1.", "Rà soát các quy định và", "Bộ Tư pháp"))
    rows = (("", ". báo cáo kết quả", ""), ("", "", "Bộ Công an"), ("2.", "Tổng kết", "Bộ Nội vụ"))
    assert continue_rows(prev, rows) == (
        ("STT", "Nội dung", "Chủ trì"),
        ("1.", "Rà soát các quy định và báo cáo kết quả", "Bộ Tư pháp"),
        ("1.", "Rà soát các quy định và báo cáo kết quả", "Bộ Công an"),
        ("2.", "Tổng kết", "Bộ Nội vụ"),
    )


def test_a_specific_action_column_holds_the_tasks_under_its_content_column():
    header = ("STT", "Nội dung hành động", "Hành động cụ thể", "Bộ ngành chủ trì", "Bộ ngành phối hợp", "Thời hạn")
    assert column_roles(header) == {0: "number", 1: "group", 2: "content", 3: "lead", 4: "partner", 5: "time"}


EXPECTED = [
    ("Xây dựng kế hoạch tuyên truyền", ("Bộ Tư pháp",), ("Bộ Công an",), "2027-06-30"),
    ("Tổng kết việc thi hành luật", ("Bộ Nội vụ",), ("Bộ Tài chính",), "2027-12-31"),
    ("Rà soát các văn bản hướng dẫn", ("Bộ Nội vụ",), ("Bộ Tư pháp",), "2027-10-31"),
]
TABLE = FIXTURES / "ocr_table"  # made by tests/fixtures/make_ocr_table.py


def _tasks(path, ocr=None):
    res = extract_file(path, ocr)
    assert res.error is None
    return res.tasks


def _rows(path, ocr=None):
    return [(t.task, tuple(t.assignees), tuple(t.coordinators), t.deadline) for t in _tasks(path, ocr)]


@needs_tesseract
def test_the_committed_200_dpi_scan_gives_the_rows_of_its_text_layer():
    assert read(TABLE / "kehoach-scan.pdf").source_kind == "pdf-ocr"
    assert read(TABLE / "kehoach.pdf").source_kind == "pdf"
    assert _rows(TABLE / "kehoach.pdf") == _rows(TABLE / "kehoach-scan.pdf") == EXPECTED
    assert [t.confidence for t in _tasks(TABLE / "kehoach.pdf")] == [1.0, 1.0, 1.0]
    scanned = _tasks(TABLE / "kehoach-scan.pdf")
    assert all(0.9 < t.confidence < 1.0 for t in scanned) and not any(t.needs_review for t in scanned)


@needs_tesseract
def test_a_smudged_cell_lowers_its_rows_confidence_and_flags_it_for_review():
    clean = _tasks(TABLE / "kehoach-scan.pdf")
    bad = _tasks(TABLE / "kehoach-degraded.pdf")
    assert len(bad) == 3
    assert bad[0].task != EXPECTED[0][0]  # the smudged content cell is misread …
    assert (tuple(bad[0].assignees), bad[0].deadline) == (("Bộ Tư pháp",), "2027-06-30")  # … its other cells are not
    assert bad[0].confidence < 0.5 < 0.9 < clean[0].confidence
    assert (bad[0].needs_review, bad[0].review_reasons) == (True, ["low_ocr_confidence"])
    assert [(t.task, t.needs_review) for t in bad[1:]] == [(t.task, False) for t in clean[1:]]
    # the other rows as sure as on the clean scan (tesseract reads all cells in one image: a hair apart)
    assert all(abs(b.confidence - c.confidence) < 0.01 for b, c in zip(bad[1:], clean[1:], strict=True))


@needs_soffice
@needs_tesseract
def test_ocr_of_a_ruled_task_table_rendered_now_gives_the_rows_of_the_text_layer(tmp_path):
    """The fixtures' recipe run with the LibreOffice and poppler of this machine."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) not installed")
    docx = tmp_path / "kehoach.docx"
    write_docx(docx)
    pdf = to_pdf(docx, tmp_path)
    scan = tmp_path / "scan" / "kehoach-scan.pdf"
    scan.parent.mkdir()
    rasterise(pdf, scan)
    assert any(b.kind == "table" for b in read(scan).blocks)
    assert _rows(pdf) == EXPECTED
    assert _rows(scan) == EXPECTED
