"""Body paragraphs → clause tree with the guideline's numbering paths."""

from __future__ import annotations

import pytest

from pipeline.model import Clause, Line
from pipeline.outline import build_outline, parse_label, split_inline, walk


@pytest.mark.parametrize(
    ("text", "family", "printed", "rest"),
    [
        ("I. Mục tiêu", "roman", "I", "Mục tiêu"),
        ("II. NHIỆM VỤ", "roman", "II", "NHIỆM VỤ"),
        ("V. Tổ chức thực hiện", "roman", "V", "Tổ chức thực hiện"),
        ("1. Bộ Nội vụ", "dec", "1", "Bộ Nội vụ"),
        ("10. Bộ Tài chính", "dec", "10", "Bộ Tài chính"),
        ("1.1. Rà soát", "dec2", "1.1", "Rà soát"),
        ("1.1 Rà soát", "dec2", "1.1", "Rà soát"),
        ("2.1.3. Việc", "dec3", "2.1.3", "Việc"),
        ("(1) Tiếp tục", "pnum", "(1)", "Tiếp tục"),
        ("( 2 ) Tiếp", "pnum", "(2)", "Tiếp"),
        ("(i) Rà soát", "proman", "(i)", "Rà soát"),
        ("(ii) Xây dựng", "proman", "(ii)", "Xây dựng"),
        ("a) Bộ Y tế", "alpha", "a)", "Bộ Y tế"),
        ("đ) Sở Nội vụ", "alpha", "đ)", "Sở Nội vụ"),
        ("(a) Sở Nội vụ", "palpha", "(a)", "Sở Nội vụ"),
        ("- Rà soát", "dash", "-", "Rà soát"),
        ("+ Rà soát", "plus", "+", "Rà soát"),
        ("• Rà soát", "dash", "-", "Rà soát"),
        ("-Chỉ đạo việc quản lý", "dash", "-", "Chỉ đạo việc quản lý"),  # the dash glued to its word
        ("Điều 1. Ban hành", "dieu", "Điều 1", "Ban hành"),
        ("Điều 12: Trách nhiệm", "dieu", "Điều 12", "Trách nhiệm"),
        ("Thứ nhất, tiếp tục rà soát", "thu", "Thứ nhất", "tiếp tục rà soát"),
        ("Thứ hai. Hoàn thiện", "thu", "Thứ hai", "Hoàn thiện"),
        ("BƯỚC MỘT", "step", "BƯỚC MỘT", ""),
        ("Bước 2: Tổ chức hội nghị", "step", "Bước 2", "Tổ chức hội nghị"),
        ("Giai đoạn 1. Chuẩn bị", "step", "Giai đoạn 1", "Chuẩn bị"),
        ("A. ĐỐI VỚI VIỆC HIỆP THƯƠNG", "letter", "A", "ĐỐI VỚI VIỆC HIỆP THƯƠNG"),
        ("C. TỔ CHỨC THỰC HIỆN", "letter", "C", "TỔ CHỨC THỰC HIỆN"),
    ],
)
def test_parse_label(text, family, printed, rest):
    lab = parse_label(text)
    assert lab is not None
    assert (lab.family, lab.printed, lab.rest) == (family, printed, rest)


@pytest.mark.parametrize(
    "text",
    [
        "3.071 TTHC đã được rà soát",
        "18/02/2019 là ngày ban hành",
        "1.000 người tham gia",
        "2025 là năm bản lề",
        "Bộ Nội vụ chủ trì",
        "(Kèm theo Báo cáo số 565-BC/BTCTW)",
        "Về việc triển khai",
        "-5 độ",
        "-TTg ngày 5/8/2025",  # a number broken over two lines, not a bullet
    ],
)
def test_not_a_label(text):
    assert parse_label(text) is None


def outline(texts: list[str], prefix: str = "") -> list[tuple[str, str]]:
    """(path, text) of every clause; "**…**" marks a bold line."""
    paras = [Line(text=t.strip("*"), bold=t.startswith("**")) for t in texts]
    return [(c.path, c.text) for c in walk(build_outline(paras, prefix))]


def paths(texts: list[str], prefix: str = "") -> list[str]:
    return [p for p, _ in outline(texts, prefix)]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (  # every family nests in the order it first appears
            [
                "I. NHIỆM VỤ CHUNG",
                "1. Bộ Nội vụ chủ trì rà soát.",
                "1.1. Rà soát biên chế.",
                "1.2. Rà soát tổ chức.",
                "2. Bộ Tài chính bảo đảm kinh phí.",
                "a) Bố trí vốn.",
                "b) Hướng dẫn.",
                "- Gạch một.",
                "- Gạch hai.",
                "+ Cộng một.",
                "II. TỔ CHỨC THỰC HIỆN",
                "1. Các bộ triển khai.",
            ],
            [
                "I",
                "I.1",
                "I.1.1",
                "I.1.2",
                "I.2",
                "I.2.a)",
                "I.2.b)",
                "I.2.b).-1",
                "I.2.b).-2",
                "I.2.b).-2.+1",
                "II",
                "II.1",
            ],
        ),
        (  # "2.1" under "2" keeps its printed path
            ["2. Việc hai.", "2.1 Việc hai một.", "2.2 Việc hai hai.", "2.2.1. Việc con.", "3. Việc ba."],
            ["2", "2.1", "2.2", "2.2.1", "3"],
        ),
        (  # "(1)" on lines of their own, then a new part: "I." never nests under "(2)"
            ["1. Các bộ:", "(1) Việc một.", "(2) Việc hai.", "I. PHẦN HAI", "1. Việc."],
            ["1", "1.(1)", "1.(2)", "I", "I.1"],
        ),
        (
            ["(1) Việc một.", "(2) Việc hai.", "II. PHẦN", "(1) Lại."],
            ["(1)", "(2)", "II", "II.(1)"],
        ),
        (  # unnumbered paragraphs of the body are p1, p2; articles and their clauses
            [
                "Đoạn mở đầu.",
                "Đoạn thứ hai.",
                "Điều 1. Ban hành kèm theo.",
                "Điều 2. Giao Sở Nội vụ.",
                "1. Khoản một.",
                "a) Điểm a.",
            ],
            ["p1", "p2", "Điều 1", "Điều 2", "Điều 2.1", "Điều 2.1.a)"],
        ),
        (
            ["II. NHIỆM VỤ", "Thứ nhất, tiếp tục rà soát.", "Thứ hai, hoàn thiện thể chế."],
            ["II", "II.Thứ nhất", "II.Thứ hai"],
        ),
        (  # further paragraphs of an item count from its own paragraph as p1
            [
                "2. Các cấp ủy tiếp tục quán triệt.",
                "Yêu cầu các tỉnh ủy báo cáo.",
                "Các bộ, ngành khẩn trương triển khai.",
                "3. Giao Bộ Nội vụ rà soát.",
            ],
            ["2", "2.p2", "2.p3", "3"],
        ),
        (  # bullets count from 1 under each parent
            ["4. Sở Tư pháp", "- Rà soát văn bản.", "- Báo cáo kết quả.", "5. Sở Nội vụ", "- Sắp xếp cán bộ."],
            ["4", "4.-1", "4.-2", "5", "5.-1"],
        ),
        (  # numbers and dates at a line start are text, not labels
            ["1. Một.", "Tổng số 3.071 TTHC.", "18/02/2019 ban hành."],
            ["1", "1.p2", "1.p3"],
        ),
    ],
)
def test_paths(texts, expected):
    assert paths(texts) == expected


def test_markdown_bold_heading_and_its_paragraph_are_the_item_itself():
    got = outline(
        [
            "**6. Báo và phát thanh, truyền hình Cần Thơ**",
            "Mở chuyên trang, chuyên mục tuyên truyền.",
            "Đưa tin thường xuyên.",
        ]
    )
    assert got == [("6", "Mở chuyên trang, chuyên mục tuyên truyền."), ("6.p2", "Đưa tin thường xuyên.")]
    root = build_outline(
        [
            Line(text="6. Báo và phát thanh, truyền hình Cần Thơ", bold=True),
            Line(text="Mở chuyên trang, chuyên mục tuyên truyền."),
        ]
    )
    item = root.children[0]
    assert item.heading is False
    assert item.heading_text == "Báo và phát thanh, truyền hình Cần Thơ"


def test_capital_heading_keeps_its_items_as_children():
    root = build_outline([Line(text="I. NHIỆM VỤ CHUNG"), Line(text="1. Bộ Nội vụ chủ trì rà soát.")])
    (part,) = root.children
    assert (part.path, part.heading, part.text) == ("I", True, "NHIỆM VỤ CHUNG")
    assert [(c.path, c.label, c.text) for c in part.children] == [("I.1", "1", "Bộ Nội vụ chủ trì rà soát.")]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (
            [
                "1. Giao Đảng ủy Chính phủ lãnh đạo, chỉ đạo: (1) Rà soát văn bản; (2) Sửa đổi quy định; "
                "(3) Báo cáo kết quả."
            ],
            [
                ("1", "Giao Đảng ủy Chính phủ lãnh đạo, chỉ đạo:"),
                ("1.(1)", "Rà soát văn bản;"),
                ("1.(2)", "Sửa đổi quy định;"),
                ("1.(3)", "Báo cáo kết quả."),
            ],
        ),
        (  # "(i) … (ii)" nested inside "(1)"
            [
                "3. Bộ Nội vụ phối hợp với các bộ, ngành liên quan:",
                "(1) Rà soát: (i) biên chế; (ii) tổ chức.",
                "(2) Báo cáo.",
            ],
            [
                ("3", "Bộ Nội vụ phối hợp với các bộ, ngành liên quan:"),
                ("3.(1)", "Rà soát:"),
                ("3.(1).(i)", "biên chế;"),
                ("3.(1).(ii)", "tổ chức."),
                ("3.(2)", "Báo cáo."),
            ],
        ),
        (  # numbers inside a continuation paragraph hang below it
            ["3. Việc ba.", "Đoạn hai.", "Giao Bộ Nội vụ: (1) rà soát; (2) báo cáo: (i) biên chế; (ii) tổ chức."],
            [
                ("3", "Việc ba."),
                ("3.p2", "Đoạn hai."),
                ("3.p3", "Giao Bộ Nội vụ:"),
                ("3.p3.(1)", "rà soát;"),
                ("3.p3.(2)", "báo cáo:"),
                ("3.p3.(2).(i)", "biên chế;"),
                ("3.p3.(2).(ii)", "tổ chức."),
            ],
        ),
        (  # a lone "(3)" is no run
            ["Giao các bộ (3) việc."],
            [("p1", "Giao các bộ (3) việc.")],
        ),
    ],
)
def test_inline_numbering_is_split(texts, expected):
    assert outline(texts) == expected


def test_a_run_begun_inline_and_carried_on_its_own_lines_is_one_run():
    root = build_outline(
        [
            Line(text="c) Rà soát phương án bảo đảm nguồn nước, gồm: (i) nạo vét các tuyến kênh trục;"),
            Line(text="(ii) lắp đặt các công trình ngăn mặn tạm;"),
            Line(text="(iii) cắm biển cảnh báo, hoàn thành trong tháng 11/2026."),
        ]
    )
    (c,) = root.children
    assert c.text == "Rà soát phương án bảo đảm nguồn nước, gồm:"
    assert [(k.path, k.text) for k in c.children] == [
        ("c).(i)", "nạo vét các tuyến kênh trục;"),
        ("c).(ii)", "lắp đặt các công trình ngăn mặn tạm;"),
        ("c).(iii)", "cắm biển cảnh báo, hoàn thành trong tháng 11/2026."),
    ]
    assert c.inline is True


def test_split_inline_on_one_clause():
    c = Clause(path="2", label="2", text="Bộ Nội vụ: (1) rà soát biên chế; (2) báo cáo kết quả.")
    split_inline(c)
    assert c.text == "Bộ Nội vụ:"
    assert [(k.path, k.label, k.text) for k in c.children] == [
        ("2.(1)", "(1)", "rà soát biên chế;"),
        ("2.(2)", "(2)", "báo cáo kết quả."),
    ]
    assert c.inline is True


def test_split_inline_reads_letters_and_leaves_enumerations_whole():
    c = Clause(path="3", label="3", text="Ủy ban nhân dân tỉnh Ninh Bình: (a) chỉ đạo bồi thường; (b) lập hồ sơ.")
    split_inline(c)
    assert [(k.path, k.text) for k in c.children] == [("3.(a)", "chỉ đạo bồi thường;"), ("3.(b)", "lập hồ sơ.")]
    c = Clause(path="1", label="1", text="Xử lý các hành vi vi phạm, đặc biệt là: (i) khai thác trái phép; (ii) khác.")
    split_inline(c)
    assert c.children == []


def test_split_inline_needs_a_run_from_one():
    c = Clause(path="2", label="2", text="Thực hiện (2) việc và (3) việc khác.")
    split_inline(c)
    assert c.children == []
    assert c.text == "Thực hiện (2) việc và (3) việc khác."


def test_annex_prefix():
    assert paths(["1. Việc một.", "2. Việc hai."], prefix="PL") == ["PL.1", "PL.2"]
    assert paths(["1. Việc một."], prefix="PLII") == ["PLII.1"]


def test_walk_is_depth_first_in_document_order():
    root = build_outline([Line(text=t) for t in ["1. A.", "(1) B.", "(2) C.", "2. D."]])
    assert [c.text for c in walk(root)] == ["A.", "B.", "C.", "D."]


@pytest.mark.parametrize(
    "text",
    [
        "A. Nguyễn Văn An, Phó Chủ tịch",  # a name, not a section letter: the letter heads capitals only
        "Giai đoạn 2021-2025, tỉnh đã hoàn thành",  # a period, not a numbered phase
        "Bước đầu đã đạt kết quả",
    ],
)
def test_not_a_step_or_section_letter(text):
    lab = parse_label(text)
    assert lab is None or lab.family not in ("step", "letter")


def test_steps_and_section_letters_hold_the_parts_below_them():
    paras = [
        Line(text="BƯỚC MỘT", bold=True, para=True),
        Line(text="Tổ chức hội nghị hiệp thương lần thứ nhất", bold=True, para=True),
        Line(text="(Thực hiện từ ngày 01/12 đến ngày 10/12/2025)", para=True),
        Line(text="A. ĐỐI VỚI VIỆC HIỆP THƯƠNG,", bold=True, para=True),
        Line(text="GIỚI THIỆU NGƯỜI ỨNG CỬ", bold=True, para=True),
        Line(text="I. THÀNH PHẦN HỘI NGHỊ", para=True),
        Line(text="Ban Thường trực triệu tập hội nghị.", para=True),
        Line(text="BƯỚC HAI", bold=True, para=True),
        Line(text="1. Sở Nội vụ tổng hợp danh sách.", para=True),
    ]
    root = build_outline(paras)
    got = [(c.path, c.heading, c.text) for c in walk(root)]
    assert got == [
        (
            "BƯỚC MỘT",
            True,
            "Tổ chức hội nghị hiệp thương lần thứ nhất (Thực hiện từ ngày 01/12 đến ngày 10/12/2025)",
        ),
        ("BƯỚC MỘT.A", True, "ĐỐI VỚI VIỆC HIỆP THƯƠNG, GIỚI THIỆU NGƯỜI ỨNG CỬ"),
        ("BƯỚC MỘT.A.I", False, "Ban Thường trực triệu tập hội nghị."),
        ("BƯỚC HAI", True, ""),
        ("BƯỚC HAI.1", False, "Sở Nội vụ tổng hợp danh sách."),
    ]
