from fixtures.helpers import FIXTURES, realdoc

from pipeline.readers import read


def _lines(path):
    return [b.text for b in read(path).blocks if b.kind == "line"]


def test_header_columns_left_then_right():
    lines = _lines(FIXTURES / "directive.pdf")
    assert lines[:10] == [
        "BAN CHẤP HÀNH TRUNG",
        "ƯƠNG",
        "*",
        "Số 45-KL/TW",
        "ĐẢNG CỘNG SẢN VIỆT",
        "NAM",
        "Hà Nội, ngày 15 tháng 9",
        "năm 2025",
        "KẾT LUẬN",
        "của Bộ Chính trị về sắp xếp tổ chức bộ máy",
    ]


def test_footnote_separated_and_mark_removed_from_body():
    r = read(FIXTURES / "directive.pdf")
    notes = [b for b in r.blocks if b.kind == "footnote"]
    assert [(n.label, n.text, n.page) for n in notes] == [
        ("1", "Kết luận số 183-KL/TW ngày 01/8/2025 của Bộ Chính trị.", 1)
    ]
    assert "1.1. Các cơ quan báo cáo kết quả hằng tháng cho Văn" in _lines(FIXTURES / "directive.pdf")


def test_bold_lines_and_bullets():
    r = read(FIXTURES / "directive.pdf")
    bold = {b.text for b in r.blocks if b.bold}
    assert "KẾT LUẬN" in bold and "1. Hoàn thành việc sắp xếp tổ chức bộ máy" in bold
    assert "- Ban hành quy định mới" in _lines(FIXTURES / "directive.pdf")


def test_ruled_table_emitted_in_place():
    r = read(FIXTURES / "directive.pdf")
    kinds = [(b.kind, b.text) for b in r.blocks]
    i = kinds.index(("line", "PHỤ LỤC: PHÂN CÔNG NHIỆM VỤ"))
    table = r.blocks[i + 1]
    assert table.kind == "table" and table.page == 2
    assert table.rows[:3] == (
        ("STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"),
        ("1", "Xây dựng đề án sắp xếp", "Bộ Nội vụ", "Các bộ, ngành", "Quý IV/2025"),
        ("2", "Ban hành hướng dẫn", "Bộ Tài chính", "Bộ Tư pháp", "Tháng 12/2025"),
    )
    assert not any("Xây dựng đề án" in t for k, t in kinds if k == "line")


def test_source_kind_pages_and_nfc():
    r = read(FIXTURES / "directive.pdf")
    assert r.source_kind == "pdf" and r.pages == 2
    import unicodedata

    assert all(unicodedata.is_normalized("NFC", b.text) for b in r.blocks)


def test_real_kh173_header_number_from_signature_widget_and_no_page_numbers():
    lines = _lines(realdoc("KH_173-KH-UBND_HaNoi_2026_FestivalThangLong.pdf"))
    assert lines[:7] == [
        "ỦY BAN NHÂN DÂN",
        "THÀNH PHỐ HÀ NỘI",
        "Số:173 /KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 28 tháng 4 năm 2026",
        "KẾ HOẠCH",
    ]
    assert not any(t.strip().isdigit() for t in lines)
    assert "2.1. Chương trình nghệ thuật đặc biệt Khai mạc Festival Thăng Long" in lines


def test_real_tb453_header():
    lines = _lines(realdoc("TB_453-TB-UBND_HaNoi_2026_TreoCo.pdf"))
    assert lines[2] == "Số: 453 /TB-UBND" and lines[5] == "Hà Nội, ngày 29 tháng 4 năm 2026"


def _pdfium_and_plumber_words(path):
    """Per page: pdfium's words (the fast path) and pdfplumber's, both sorted by position."""
    import pdfplumber
    import pypdfium2

    from pipeline.readers.pdf import _words
    from pipeline.readers.pdfium_words import DocFonts, page_words

    def key(w):
        return (round(w.top, 2), round(w.x0, 2))

    fonts = DocFonts(path)
    doc = pypdfium2.PdfDocument(str(path))
    out = []
    with pdfplumber.open(str(path)) as pdf:
        for i, page in enumerate(pdf.pages):
            pg = doc[i]
            tp = pg.get_textpage()
            fast = sorted(page_words(tp, pg.get_height(), fonts.page(i)), key=key)
            out.append((fast, sorted(_words(page), key=key), page, pg))
    fonts.close()
    return out


def test_pdfium_words_equal_pdfplumber_words():
    from pipeline.readers import layout

    for fast, slow, _, _ in _pdfium_and_plumber_words(FIXTURES / "directive.pdf"):
        assert [(w.text, w.bold, round(w.size, 2)) for w in fast] == [(w.text, w.bold, round(w.size, 2)) for w in slow]
        for a, b in zip(fast, slow, strict=True):
            assert max(abs(a.x0 - b.x0), abs(a.x1 - b.x1), abs(a.top - b.top), abs(a.bottom - b.bottom)) < 0.01
        assert [ln.text for ln in layout.group_lines(fast)] == [ln.text for ln in layout.group_lines(slow)]


def test_pdfium_edges_find_the_same_table_as_pdfplumber():
    from pipeline.readers.pdf_tables import EdgePage, find_tables

    _, (fast, slow, page, pg) = _pdfium_and_plumber_words(FIXTURES / "directive.pdf")
    mine = find_tables(EdgePage(pg, pg.get_width(), pg.get_height()), fast)
    theirs = find_tables(page, slow)
    assert [rows for _, rows in mine] == [rows for _, rows in theirs] and len(mine) == 1
    for (a, _), (b, _) in zip(mine, theirs, strict=True):
        assert max(abs(x - y) for x, y in zip(a, b, strict=True)) < 0.01


def test_born_digital_pdf_read_without_pdfplumber(monkeypatch):
    from pipeline.readers import pdf

    def fail(path):
        raise AssertionError("pdfplumber opened")

    monkeypatch.setattr(pdf, "_plumber_open", fail)
    r = read(FIXTURES / "directive.pdf")
    assert any(b.kind == "table" for b in r.blocks) and any(b.kind == "footnote" for b in r.blocks)
