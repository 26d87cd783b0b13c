"""Header and footer: number, type, issuer, place, date, subject, "Kính gửi", signer, citations."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.clean import raw_lines
from pipeline.header import citations, parse_header, parse_number
from pipeline.model import Citation
from pipeline.readers import read
from pipeline.readers.text import blocks_from_text
from pipeline.split import split_documents

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def header_of(text: str):
    lines, _ = raw_lines(blocks_from_text(text))
    return lines, parse_header(lines)


@pytest.mark.parametrize(
    ("rest", "number", "doc_type"),
    [
        ("183-KL/TW", "183-KL/TW", "KL"),
        ("9797-CV/BTCTW", "9797-CV/BTCTW", "CV"),
        ("634/TB-VPCP", "634/TB-VPCP", "TB"),
        ("220/CĐ-TTg", "220/CĐ-TTg", "CĐ"),
        ("141/KH-UBND", "141/KH-UBND", "KH"),
        ("119 -CV/BTGDVTU", "119-CV/BTGDVTU", "CV"),  # stray space before the dash
        ("4085/UBND-ĐT", "4085/UBND-ĐT", "CV"),  # a letter numbered by its issuer
        ("  -CV/TU", None, "CV"),  # the number is left blank
        ("- CV/BTCTW", None, "CV"),
        (" /QĐ-UBND", None, "QĐ"),
        ("abc", None, None),
    ],
)
def test_parse_number(rest, number, doc_type):
    assert parse_number(rest) == (number, doc_type)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Thực hiện Kết luận số 183-KL/TW, ngày 01/8/2025 của Bộ Chính trị",
            [Citation("Kết luận", "183-KL/TW", "2025-08-01")],
        ),
        (
            "Căn cứ Nghị quyết số 01/NQ-CP ngày 8 tháng 1 năm 2025 của Chính phủ; Công điện số 220/CĐ-TTg",
            [Citation("Nghị quyết", "01/NQ-CP", "2025-01-08"), Citation("Công điện", "220/CĐ-TTg", None)],
        ),
        (
            "theo Quy định số 11-QĐi/TW ngày 18/02/2019 và Quyết định 118-QĐ/TW, ngày 22/8/2023",
            [Citation("Quy định", "11-QĐi/TW", "2019-02-18"), Citation("Quyết định", "118-QĐ/TW", "2023-08-22")],
        ),
        (
            "Thông báo số 634/TB-VPCP ngày 31/12/2025 của Văn phòng Chính phủ",
            [Citation("Thông báo", "634/TB-VPCP", "2025-12-31")],
        ),
        ("Nghị định số 01/2025/NĐ-CP ngày 5/1/2025", [Citation("Nghị định", "01/2025/NĐ-CP", "2025-01-05")]),
        (  # the same document cited twice is listed once
            "Kết luận số 183-KL/TW, ngày 01/8/2025 … theo Kết luận số 183-KL/TW",
            [Citation("Kết luận", "183-KL/TW", "2025-08-01")],
        ),
        ("Bộ Nội vụ chủ trì rà soát.", []),
        # the kind word in lower case, and a bare number after it (resolved by the citation graph)
        ("Thực hiện kết luận số 183-KL/TW, ngày 01/8/2025", [Citation("Kết luận", "183-KL/TW", "2025-08-01")]),
        ("tổng kết Nghị quyết 18. Các", [Citation("Nghị quyết", "18")]),
        ("theo Kết luận 183, ngày 01/8/2025", [Citation("Kết luận", "183", "2025-08-01")]),
        ("Kết luận số 183-KL/TW … Kết luận 183", [Citation("Kết luận", "183-KL/TW")]),
        # not numbers of documents: a year, a duration, a kind never cited bare
        ("Quyết định 2025 và Kết luận 5 năm, Chỉ thị 1,5 lần, Kế hoạch 3 tháng", []),
    ],
)
def test_citations(text, expected):
    assert citations(text) == expected


CV = """BAN CHẤP HÀNH TRUNG ƯƠNG
BAN TỔ CHỨC
*
Số 12-CV/BTCTW
V/v triển khai Kết luận số 178-KL/TW
ĐẢNG CỘNG SẢN VIỆT NAM
Hà Nội, ngày 20 tháng 7 năm 2025
Kính gửi:
- Các tỉnh ủy, thành ủy trực thuộc Trung ương,
- Các ban đảng Trung ương.
Thực hiện Kết luận số 183-KL/TW, ngày 01/8/2025 của Bộ Chính trị, Ban Tổ chức Trung ương đề nghị các đồng chí \
tổ chức quán triệt, báo cáo kết quả trước ngày 15/8/2025.
Nơi nhận:
- Như trên,
- Lưu VP.
K/T TRƯỞNG BAN
PHÓ TRƯỞNG BAN
Nguyễn Văn B
"""


def test_party_letter_header():
    lines, hp = header_of(CV)
    h = hp.header
    assert h.number == "12-CV/BTCTW"
    assert h.doc_type == "CV"
    assert h.issuer == "BAN CHẤP HÀNH TRUNG ƯƠNG BAN TỔ CHỨC"
    assert h.place == "Hà Nội"
    assert h.date == date(2025, 7, 20)
    assert h.year == 2025
    assert h.subject == "triển khai Kết luận số 178-KL/TW"
    assert h.recipients == ["Các tỉnh ủy, thành ủy trực thuộc Trung ương", "Các ban đảng Trung ương"]
    assert h.signer_capacity == "K/T TRƯỞNG BAN PHÓ TRƯỞNG BAN"
    assert h.signer == "Nguyễn Văn B"
    assert h.citations == [Citation("Kết luận", "183-KL/TW", "2025-08-01")]
    assert lines[hp.body_start].text.startswith("Thực hiện Kết luận số 183-KL/TW")
    assert lines[hp.body_end].text == "Nơi nhận:"


KL = """BAN CHẤP HÀNH TRUNG ƯƠNG
*
Số 50-KL/TW
ĐẢNG CỘNG SẢN VIỆT NAM
Hà Nội, ngày 10 tháng 8 năm 2025
KẾT LUẬN
của Bộ Chính trị
về tình hình triển khai mô hình chính quyền địa phương 2 cấp
Tại phiên họp ngày 8/8/2025, Bộ Chính trị kết luận như sau:
1. Bộ Nội vụ chủ trì rà soát.
T/M BỘ CHÍNH TRỊ
Nguyễn Văn A
"""


def test_conclusions_header_with_title_and_subject_about():
    lines, hp = header_of(KL)
    h = hp.header
    assert (h.number, h.doc_type, h.issuer, h.place, h.date) == (
        "50-KL/TW",
        "KL",
        "BAN CHẤP HÀNH TRUNG ƯƠNG",
        "Hà Nội",
        date(2025, 8, 10),
    )
    assert h.subject == "của Bộ Chính trị về tình hình triển khai mô hình chính quyền địa phương 2 cấp"
    assert h.recipients == []
    assert (h.signer_capacity, h.signer) == ("T/M BỘ CHÍNH TRỊ", "Nguyễn Văn A")
    assert lines[hp.body_start].text == "Tại phiên họp ngày 8/8/2025, Bộ Chính trị kết luận như sau:"
    assert lines[hp.body_end].text == "T/M BỘ CHÍNH TRỊ"


UBND = """ỦY BAN NHÂN DÂN
THÀNH PHỐ HÀ NỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 4085/UBND-ĐT
V/v triển khai cơ sở dữ liệu
số nhà trên địa bàn thành phố
Hà Nội, ngày 3 tháng 10 năm 2025
Kính gửi: Sở Xây dựng
Thực hiện Quyết định số 12/QĐ-TTg ngày 2 tháng 1 năm 2025 của Thủ tướng Chính phủ, UBND Thành phố yêu cầu Sở \
Xây dựng chủ trì triển khai.
Nơi nhận:
- Như trên;
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn F
"""


def test_government_letter_header_with_inline_recipient_and_wrapped_subject():
    _, hp = header_of(UBND)
    h = hp.header
    assert (h.number, h.doc_type, h.issuer, h.place, h.date) == (
        "4085/UBND-ĐT",
        "CV",
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "Hà Nội",
        date(2025, 10, 3),
    )
    assert h.subject == "triển khai cơ sở dữ liệu số nhà trên địa bàn thành phố"
    assert h.recipients == ["Sở Xây dựng"]
    assert (h.signer_capacity, h.signer) == ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Trần Văn F")
    assert h.citations == [Citation("Quyết định", "12/QĐ-TTg", "2025-01-02")]


def test_government_notice_number_type_and_signer():
    text = """VĂN PHÒNG CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 634/TB-VPCP
Hà Nội, ngày 31 tháng 12 năm 2025
THÔNG BÁO
1. Giao Bộ Xây dựng chủ trì, phối hợp với Bộ Tài chính rà soát dự án, hoàn thành trong tháng 1/2026.
KT. BỘ TRƯỞNG, CHỦ NHIỆM
PHÓ CHỦ NHIỆM
Nguyễn Văn D
"""
    _, hp = header_of(text)
    h = hp.header
    assert (h.number, h.doc_type, h.issuer, h.place, h.date) == (
        "634/TB-VPCP",
        "TB",
        "VĂN PHÒNG CHÍNH PHỦ",
        "Hà Nội",
        date(2025, 12, 31),
    )
    assert (h.signer_capacity, h.signer) == ("KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM", "Nguyễn Văn D")


def test_government_cable_addressees_after_dien():
    text = """THỦ TƯỚNG CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 220/CĐ-TTg
Hà Nội, ngày 15 tháng 11 năm 2025
CÔNG ĐIỆN
Về việc cắt giảm thủ tục hành chính
THỦ TƯỚNG CHÍNH PHỦ điện:
- Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ;
- Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương.
1. Bộ trưởng các Bộ khẩn trương rà soát thủ tục.
"""
    lines, hp = header_of(text)
    h = hp.header
    assert (h.number, h.doc_type, h.issuer, h.date) == ("220/CĐ-TTg", "CĐ", "THỦ TƯỚNG CHÍNH PHỦ", date(2025, 11, 15))
    assert h.subject == "cắt giảm thủ tục hành chính"
    assert h.recipients == [
        "Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ",
        "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
    ]
    assert lines[hp.body_start].text == "1. Bộ trưởng các Bộ khẩn trương rà soát thủ tục."


def test_blank_number_and_blank_day():
    text = """UBND TỈNH BẮC NINH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số:       /UBND-NC
V/v triển khai thực hiện Chỉ thị số 10/CT-TTg
Bắc Ninh, ngày    tháng 9 năm 2025
Kính gửi: Sở Tư pháp
Thực hiện Chỉ thị số 10/CT-TTg ngày 5/9/2025, UBND tỉnh yêu cầu Sở Tư pháp chủ trì rà soát.
"""
    _, hp = header_of(text)
    h = hp.header
    assert h.number is None
    assert h.doc_type == "CV"
    assert h.date is None
    assert h.year == 2025
    assert h.place == "Bắc Ninh"
    assert h.issuer == "UBND TỈNH BẮC NINH"
    assert h.citations == [Citation("Chỉ thị", "10/CT-TTg", "2025-09-05")]


def test_recipients_wrapped_after_a_comma_and_two_on_one_line():
    text = """ỦY BAN NHÂN DÂN
TỈNH CÀ MAU
Số: 9412/UBND-KT
Cà Mau, ngày 27 tháng 10 năm 2026
V/v chủ động phòng, chống hạn hán
Kính gửi:
- Các Sở: Nông nghiệp và Môi trường, Tài chính, Xây dựng,
Công Thương, Y tế;
- Công an tỉnh; Bộ Chỉ huy Quân sự tỉnh;
- Chủ tịch UBND các xã, phường.
Theo nhận định của Đài Khí tượng và Thủy văn tỉnh, mùa khô đến sớm.
"""
    _, hp = header_of(text)
    assert hp.header.recipients == [
        "Các Sở: Nông nghiệp và Môi trường, Tài chính, Xây dựng, Công Thương, Y tế",
        "Công an tỉnh",
        "Bộ Chỉ huy Quân sự tỉnh",
        "Chủ tịch UBND các xã, phường",
    ]


def corpus_headers(name: str):
    lines, _ = raw_lines(read(CORPUS / name).blocks)
    return [parse_header(lines[a:b]).header for a, b in split_documents(lines)]


def test_corpus_letter_9797():
    (h,) = corpus_headers("002_adbae0d9f27c1d4c.txt")
    assert (h.number, h.doc_type, h.issuer, h.place, h.date) == (
        "9797-CV/BTCTW",
        "CV",
        "BAN CHẤP HÀNH TRUNG ƯƠNG BAN TỔ CHỨC",
        "Hà Nội",
        date(2025, 9, 30),
    )
    assert h.subject == "thực hiện Kết luận 192-KL/TW và Kết luận 195-KL/TW của Bộ Chính trị, Ban Bí thư"
    assert h.recipients == [
        "Các đồng chí bí thư tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương",
        "Các đồng chí bộ trưởng, thủ trưởng cơ quan ngang bộ",
    ]
    assert (h.signer_capacity, h.signer) == ("K/T TRƯỞNG BAN PHÓ TRƯỞNG BAN THƯỜNG TRỰC", "Hoàng Đăng Quang")
    assert h.citations == [
        Citation("Kết luận", "192-KL/TW", "2025-09-19"),
        Citation("Kết luận", "195-KL/TW", "2025-09-26"),
        Citation("Nghị quyết", "18-NQ/TW", "2017-10-25"),
    ]


def test_corpus_blank_number_letter_from_markdown():
    (h,) = corpus_headers("003_dcca320ede949aa2.txt")
    assert h.number is None
    assert h.doc_type == "CV"
    assert (h.place, h.date, h.year) == ("Hải Phòng", None, 2025)
    assert h.subject == "triển khai Kết luận số 183-KL/TW, ngày 01/8/2025 của Bộ Chính trị, Ban Bí thư"
    assert h.recipients == [
        "Các cơ quan chuyên trách tham mưu, giúp việc, đơn vị sự nghiệp trực thuộc Thành ủy",
        "Các Đảng ủy: Hội đồng nhân dân, Mặt trận Tổ quốc Việt Nam thành phố",
        "Các ban, sở, ngành và tương đương",
        "Các cấp ủy trực thuộc Thành ủy",
    ]
    assert (h.signer_capacity, h.signer) == ("T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ THƯỜNG TRỰC", "Đỗ Mạnh Hiến")
    assert h.citations[0] == Citation("Kết luận", "183-KL/TW", "2025-08-01")


def test_corpus_conclusions_221():
    (h,) = corpus_headers("004_32125652a63c81a5.txt")
    assert (h.number, h.doc_type, h.issuer, h.date) == (
        "221-KL/TW",
        "KL",
        "BAN CHẤP HÀNH TRUNG ƯƠNG",
        date(2025, 11, 28),
    )
    assert (h.signer_capacity, h.signer) == ("T/M BỘ CHÍNH TRỊ", "Trần Cẩm Tú")
    assert h.citations == [Citation("Báo cáo", "565-BC/BTCTW", "2025-11-27")]


def test_corpus_each_document_of_a_file_has_its_own_header():
    letter, kl178, kl183 = corpus_headers("001_c3069d8d256e6790.txt")
    assert (letter.number, letter.doc_type, letter.date) == ("119-CV/BTGDVTU", "CV", date(2025, 8, 13))
    assert letter.issuer == "THÀNH ỦY CẦN THƠ BAN TUYÊN GIÁO VÀ DÂN VẬN"
    assert letter.recipients[:2] == [
        "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội thành phố",
        "Sở Văn hóa, Thể thao và Du lịch",
    ]
    assert (letter.signer_capacity, letter.signer) == ("K/T TRƯỞNG BAN PHÓ TRƯỞNG BAN", "Phạm Thế Vinh")
    assert (kl178.number, kl178.doc_type, kl178.date) == ("178-KL/TW", "KL", date(2025, 7, 17))
    assert (kl183.number, kl183.doc_type, kl183.date) == ("183-KL/TW", "KL", date(2025, 8, 1))


def test_a_scans_stamp_below_the_number_is_not_the_issuer():
    from pipeline.header import parse_header
    from pipeline.model import Line

    texts = [
        "THỦ TƯỚNG CHÍNH PHỦ",
        "Số: ‡o /QĐ-TTg 9 TY,",
        "CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ",
        "Ngày: 24/4/2026",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 22 tháng 4 năm 2026",
        "QUYẾT ĐỊNH",
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.",
    ]
    h = parse_header([Line(text=t) for t in texts]).header
    assert (h.issuer, h.doc_type, h.place, h.date.isoformat()) == ("THỦ TƯỚNG CHÍNH PHỦ", "QĐ", "Hà Nội", "2026-04-22")


@pytest.mark.parametrize(
    ("read", "name", "number"),
    [
        ("445/NQ-CP", "NQ_115-NQ-CP_2026_ChuyenGiao_SCANNED.pdf", "115/NQ-CP"),
        (None, "QD_707-QD-TTg_2026_KeHoach_SCANNED.pdf", "707/QĐ-TTg"),
        ("155-KL/TW", "KL_155-KL-TW_2025_SapXep.pdf", "155-KL/TW"),
        ("12/KH-BTP", "kehoach-scan.pdf", "12/KH-BTP"),
        ("12/KH-BTP", "QD_707-QD-TTg_2026.pdf", "12/KH-BTP"),
    ],
)
def test_a_scans_number_is_checked_against_the_file_name(read, name, number):
    from pipeline.header import confirm_scanned_number

    assert confirm_scanned_number(read, name) == number
