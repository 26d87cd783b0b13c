from fixtures.helpers import FIXTURES, realdoc

from pipeline.readers import read
from pipeline.readers.numbering import format_number, to_letters, to_roman


def _paras():
    return [b for b in read(FIXTURES / "directive.docx").blocks if b.kind == "para"]


def test_auto_numbering_labels_from_numbering_xml():
    got = [(b.label, b.text) for b in _paras() if b.label]
    assert got == [
        ("I.", "MỤC TIÊU"),
        ("1.", "Hoàn thành việc sắp xếp tổ chức bộ máy"),
        ("1.1.", "Các cơ quan báo cáo kết quả hằng tháng cho Văn phòng Trung ương Đảng."),
        ("1.2.", "Rà soát chức năng, nhiệm vụ của các cơ quan"),
        ("a)", "Đảng uỷ Chính phủ lãnh đạo, chỉ đạo"),
        ("-", "Ban hành quy định mới"),
        ("+", "Sửa đổi quy chế làm việc"),
        ("2.", "Tổ chức thực hiện"),
        ("2.1.", "Giao Ban Tổ chức Trung ương theo dõi"),
        ("II.", "NHIỆM VỤ"),
        ("(1)", "Bộ Nội vụ chủ trì tổng hợp"),
        ("(2)", "Bộ Tài chính bảo đảm kinh phí"),
        ("(1)", "Các tỉnh uỷ, thành uỷ triển khai"),
    ]


def test_style_numbering_and_bold_follow_basedon_chain():
    p = next(b for b in _paras() if b.text.startswith("Hoàn thành việc"))
    assert p.label == "1." and p.bold


def test_header_table_first_and_annex_table_rows():
    blocks = read(FIXTURES / "directive.docx").blocks
    assert blocks[0].kind == "table"
    assert blocks[0].rows == (
        (
            "BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố 45-KL/TW",
            "ĐẢNG CỘNG SẢN VIỆT NAM\nHà Nội, ngày 15 tháng 9 năm 2025",
        ),
    )
    annex = [b for b in blocks if b.kind == "table"][-1]
    assert annex.rows == (
        ("STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"),
        ("1", "Xây dựng đề án sắp xếp", "Bộ Nội vụ", "Các bộ, ngành", "Quý IV/2025"),
        ("2", "Ban hành hướng dẫn", "Bộ Tài chính", "Bộ Tư pháp", "Tháng 12/2025"),
        ("3", "Kiểm tra, giám sát", "Bộ Tài chính", "Văn phòng Chính phủ", "Năm 2026"),
    )


def test_footnote_kept_apart_after_its_paragraph():
    blocks = read(FIXTURES / "directive.docx").blocks
    i = next(k for k, b in enumerate(blocks) if b.kind == "footnote")
    assert blocks[i].text == "Kết luận số 183-KL/TW ngày 01/8/2025 của Bộ Chính trị."
    assert blocks[i].label == "1"
    assert blocks[i - 1].text == "Các cơ quan báo cáo kết quả hằng tháng cho Văn phòng Trung ương Đảng."


def test_tcvn3_paragraph_converted_by_font_name():
    texts = [b.text for b in _paras()]
    assert "Bộ Tài chính chủ trì, phối hợp với các bộ, ngành hoàn thành trước ngày 31/12/2025." in texts


def test_number_formats():
    assert [to_roman(n) for n in (1, 4, 9, 14, 40)] == ["i", "iv", "ix", "xiv", "xl"]
    assert [to_letters(n) for n in (1, 26, 27)] == ["a", "z", "aa"]
    assert format_number(3, "upperRoman") == "III" and format_number(2, "upperLetter") == "B"
    assert format_number(7, "decimalZero") == "07"


def test_real_mttq_docx_numbering_and_header():
    r = read(realdoc("HD_MTTQ-BTT_TinhQuangNinh_2025_QuyTrinhHiepThuong.docx"))
    assert r.blocks[0].kind == "table" and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in r.blocks[0].rows[0][1]
    labels = [b.label for b in r.blocks if b.kind == "para" and b.label]
    assert labels[:3] == ["1.", "2.", "3."]
    assert "II." in labels
