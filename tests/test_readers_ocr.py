from fixtures.helpers import FIXTURES, needs_tesseract, realdoc
from PIL import Image

from pipeline.extraction import extract_file
from pipeline.model import OcrOptions
from pipeline.readers import ocr, read
from pipeline.readers.ocr import clean_image, repair


def test_repair_table_fixes_document_numbers():
    assert repair("Kết luận số 183-KL/IW") == "Kết luận số 183-KL/TW"
    assert repair("Quyết định số 707/QÐ-TTg") == "Quyết định số 707/QĐ-TTg"
    assert repair("Nghị định số 39/2022/NÐ-CP") == "Nghị định số 39/2022/NĐ-CP"
    assert repair("Bộ Tài chính") == "Bộ Tài chính"


def test_repair_drops_the_underscores_specks_make():
    got = repair("Tòa án nhân dân_ tối cao; Bộ Dân tộc và -_ Tôn giáo")
    assert got == "Tòa án nhân dân tối cao; Bộ Dân tộc và Tôn giáo"


def test_clean_image_is_binary():
    img = Image.new("L", (20, 20), 200)
    img.putpixel((5, 5), 0)
    hist = clean_image(img).histogram()
    assert sum(hist[1:255]) == 0


@needs_tesseract
def test_scanned_fixture_read_by_ocr_in_order():
    r = read(FIXTURES / "scanned.pdf")
    assert r.source_kind == "pdf-ocr" and r.pages == 1
    text = "\n".join(b.text for b in r.blocks)
    for words in (
        "ĐẢNG CỘNG SẢN VIỆT",
        "Số 45-KL/TW",
        "KẾT LUẬN",
        "Bộ Nội vụ chủ trì tổng hợp",
        "Giao Ban Tổ chức",
    ):
        assert words in text
    assert text.index("Số 45-KL/TW") < text.index("ĐẢNG CỘNG SẢN") < text.index("KẾT LUẬN")
    assert all(b.kind == "line" and b.page == 1 for b in r.blocks)


@needs_tesseract
def test_real_scanned_resolution():
    r = read(realdoc("NQ_115-NQ-CP_2026_ChuyenGiaoVQGBaVi_SCANNED.pdf"))
    text = "\n".join(b.text for b in r.blocks)
    assert r.source_kind == "pdf-ocr"
    assert "2. Giao Bộ Nông nghiệp và Môi trường chủ trì" in text
    assert "a) Phối hợp với Bộ Nông nghiệp và Môi trường" in text


def test_part_numbers_and_a_lost_first_article_are_read_back_in_sequence():
    from pipeline.model import Block
    from pipeline.readers.ocr import repair_part_numbers

    texts = ["QUYẾT NGHỊ:", "1. Đồng ý chủ trương", "Điều 2. Hiệu lực", "L. MỤC TIÊU", "IL. NỘI DUNG", "HI. TỔ CHỨC"]
    got = [b.text for b in repair_part_numbers([Block(text=t, page=1) for t in texts])]
    assert got[:4] == ["QUYẾT NGHỊ:", "Điều 1.", "1. Đồng ý chủ trương", "Điều 2. Hiệu lực"]
    assert got[4:] == ["I. MỤC TIÊU", "II. NỘI DUNG", "III. TỔ CHỨC"]


TABLE = FIXTURES / "ocr_table"  # made by tests/fixtures/make_ocr_table.py


@needs_tesseract
def test_ocr_off_leaves_a_scan_unread_with_the_reason(capsys):
    from pipeline.cli import main

    assert main(["extract", "--ocr", "off", str(TABLE / "kehoach-scan.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.endswith("kehoach-scan.pdf: scanned PDF and OCR is off (--ocr off): use --ocr auto to read it\n")


@needs_tesseract
def test_ocr_force_reads_a_text_layer_page_by_ocr_and_gives_its_rows():
    text = extract_file(TABLE / "kehoach.pdf")
    forced = extract_file(TABLE / "kehoach.pdf", OcrOptions(mode="force"))
    assert (text.source_kind, forced.source_kind) == ("pdf", "pdf-ocr")
    assert [(t.assignees, t.coordinators, t.deadline) for t in forced.tasks] == [
        (t.assignees, t.coordinators, t.deadline) for t in text.tasks
    ]
    # the task texts as OCR reads vector type rendered by pdfium (a mark may slip at the end)
    assert [t.task.split()[:4] for t in forced.tasks] == [t.task.split()[:4] for t in text.tasks]
    assert all(t.confidence < 1.0 for t in forced.tasks) and all(t.confidence == 1.0 for t in text.tasks)


@needs_tesseract
def test_ocr_language_and_dpi_reach_tesseract():
    assert ocr.tesseract_ready("vie") is None
    missing = extract_file(TABLE / "kehoach-scan.pdf", OcrOptions(lang="vie+xyz"))
    assert missing.error == "no tesseract data for OCR language xyz (apt-get install tesseract-ocr-<lang>)"
    # at the scan's own 200 dpi its one-pixel rulings still make the table; at 150 they are lost
    native = extract_file(TABLE / "kehoach-scan.pdf", OcrOptions(dpi=200))
    assert [t.assignees for t in native.tasks] == [["Bộ Tư pháp"], ["Bộ Nội vụ"], ["Bộ Nội vụ"]]
    assert extract_file(TABLE / "kehoach-scan.pdf", OcrOptions(dpi=150)).tasks == []


@needs_tesseract
def test_a_page_over_its_time_budget_is_left_out_with_the_reason(capsys):
    from pipeline.cli import main

    res = extract_file(TABLE / "kehoach-scan.pdf", OcrOptions(page_seconds=0.001))
    assert (res.error, res.stage) == ("OCR of every page took longer than 0.001 s (--ocr-page-seconds)", "read")
    assert main(["extract", "--ocr-page-seconds", "0.001", str(TABLE / "kehoach-scan.pdf")]) == 1
    assert "took longer than 0.001 s" in capsys.readouterr().err


def test_ocr_options_that_change_rows_are_part_of_the_stored_extractor():
    assert OcrOptions().key() == "" and OcrOptions(page_seconds=5).key() == ""
    assert OcrOptions(mode="force", lang="vie+eng", dpi=200).key() == "ocr=force,vie+eng,200"
