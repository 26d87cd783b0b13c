from fixtures.helpers import FIXTURES, needs_tesseract, realdoc
from PIL import Image

from pipeline.readers import read
from pipeline.readers.ocr import clean_image, repair


def test_repair_table_fixes_document_numbers():
    assert repair("Kết luận số 183-KL/IW") == "Kết luận số 183-KL/TW"
    assert repair("Quyết định số 707/QÐ-TTg") == "Quyết định số 707/QĐ-TTg"
    assert repair("Nghị định số 39/2022/NÐ-CP") == "Nghị định số 39/2022/NĐ-CP"
    assert repair("Bộ Tài chính") == "Bộ Tài chính"


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
