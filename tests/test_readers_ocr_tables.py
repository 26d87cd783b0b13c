import shutil
import subprocess

import numpy as np
import pytest
from fixtures.helpers import needs_soffice, needs_tesseract
from PIL import Image

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


ROWS = [
    ("1.", "Xây dựng kế hoạch tuyên truyền", "Bộ Tư pháp", "Bộ Công an", "Tháng 6/2027"),
    ("2.", "Tổng kết việc thi hành luật", "Bộ Nội vụ", "Bộ Tài chính", "Tháng 12/2027"),
    ("3.", "Rà soát các văn bản hướng dẫn", "Bộ Nội vụ", "Bộ Tư pháp", "Tháng 10/2027"),
]


def _docx(path) -> None:
    from docx import Document
    from docx.shared import Pt

    d = Document()
    style = d.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    d.add_paragraph("BỘ TƯ PHÁP")
    d.add_paragraph("Số: 12/KH-BTP")
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Triển khai thi hành luật")
    t = d.add_table(rows=1 + len(ROWS), cols=5)
    t.style = "Table Grid"
    for j, h in enumerate(("STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn")):
        t.cell(0, j).text = h
    for i, r in enumerate(ROWS, 1):
        for j, v in enumerate(r):
            if not (j == 2 and i == 3):
                t.cell(i, j).text = v
    t.cell(2, 2).merge(t.cell(3, 2))  # one lead for the last two tasks
    d.save(str(path))


def _pdf_of(docx, out_dir) -> object:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    profile = out_dir / "profile"
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(out_dir), str(docx)],
        capture_output=True,
        timeout=120,
        check=True,
    )
    return out_dir / (docx.stem + ".pdf")


def _image_only(pdf, out) -> None:
    """Rasterise at 200 dpi with poppler and wrap the page images in a PDF without a text layer."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) not installed")
    prefix = out.parent / "page"
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(pdf), str(prefix)], check=True, timeout=120)
    pages = [Image.open(p).convert("L") for p in sorted(out.parent.glob("page*.png"))]
    pages[0].save(str(out), save_all=True, append_images=pages[1:], resolution=200.0)


def _rows(path):
    res = extract_file(path)
    assert res.error is None
    return [(t.task, tuple(t.assignees), tuple(t.coordinators), t.deadline) for t in res.tasks]


@needs_soffice
@needs_tesseract
def test_ocr_of_a_ruled_task_table_gives_the_rows_of_the_text_layer(tmp_path):
    docx = tmp_path / "kehoach.docx"
    _docx(docx)
    pdf = _pdf_of(docx, tmp_path)
    scan = tmp_path / "scan" / "kehoach-scan.pdf"
    scan.parent.mkdir()
    _image_only(pdf, scan)
    assert read(scan).source_kind == "pdf-ocr"
    assert any(b.kind == "table" for b in read(scan).blocks)
    expected = [
        ("Xây dựng kế hoạch tuyên truyền", ("Bộ Tư pháp",), ("Bộ Công an",), "2027-06-30"),
        ("Tổng kết việc thi hành luật", ("Bộ Nội vụ",), ("Bộ Tài chính",), "2027-12-31"),
        ("Rà soát các văn bản hướng dẫn", ("Bộ Nội vụ",), ("Bộ Tư pháp",), "2027-10-31"),
    ]
    assert _rows(pdf) == expected
    assert _rows(scan) == expected
