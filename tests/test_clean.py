"""Blocks → clean lines → paragraphs: NFC, rejoining, markdown marks, page furniture, footnotes, web text."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.clean import paragraphs, raw_lines
from pipeline.model import Block
from pipeline.readers.text import blocks_from_text


def clean(text: str) -> tuple[list[str], list[str]]:
    """Paragraph texts and footnote bodies of a plain text."""
    lines, notes = raw_lines(blocks_from_text(text))
    return [p.text for p in paragraphs(lines)], notes


def test_nfd_input_comes_out_nfc():
    text = unicodedata.normalize("NFD", "Giao Bộ Nội vụ chủ trì rà soát.\n")
    paras, _ = clean(text)
    assert paras == ["Giao Bộ Nội vụ chủ trì rà soát."]
    assert unicodedata.is_normalized("NFC", paras[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Giao Bộ Nội vụ chủ trì, phối hợp với các bộ, ngành liên quan\n"
            "xây dựng đề án, hoàn thành trước ngày\n31/8/2025.\n2. Bộ Tài chính bố trí kinh phí.\n",
            [
                "Giao Bộ Nội vụ chủ trì, phối hợp với các bộ, ngành liên quan xây dựng đề án, "
                "hoàn thành trước ngày 31/8/2025.",
                "2. Bộ Tài chính bố trí kinh phí.",
            ],
        ),
        (  # a wrap across a blank line, before a capital: "Bộ\n\nChính trị"
            "Thực hiện chỉ đạo của Bộ\n\nChính trị, Ban Tổ chức Trung ương đề nghị các tỉnh ủy báo cáo.\n",
            ["Thực hiện chỉ đạo của Bộ Chính trị, Ban Tổ chức Trung ương đề nghị các tỉnh ủy báo cáo."],
        ),
        (  # a sentence that ended is not continued by the next capital
            "Bộ Nội vụ chủ trì rà soát.\nBộ Tài chính bố trí kinh phí.\n",
            ["Bộ Nội vụ chủ trì rà soát.", "Bộ Tài chính bố trí kinh phí."],
        ),
        (  # a label starts a paragraph even when the line before did not end
            "Các bộ thực hiện các nội dung sau\n1. Rà soát biên chế\n2. Báo cáo kết quả\n",
            ["Các bộ thực hiện các nội dung sau", "1. Rà soát biên chế", "2. Báo cáo kết quả"],
        ),
        (  # "(2)" carried to a new line continues the "(1) … (2)" run
            "3. Bộ Nội vụ: (1) rà soát biên chế các cơ quan,\n(2) báo cáo kết quả.\n",
            ["3. Bộ Nội vụ: (1) rà soát biên chế các cơ quan, (2) báo cáo kết quả."],
        ),
        (  # numbers at a line start are not labels: the wrap goes on
            "Tổng số 3.071 TTHC đã được rà soát theo Quy định ban hành ngày\n18/02/2019 của Bộ Chính trị.\n",
            ["Tổng số 3.071 TTHC đã được rà soát theo Quy định ban hành ngày 18/02/2019 của Bộ Chính trị."],
        ),
    ],
)
def test_hard_wrapped_lines_are_rejoined(text, expected):
    assert clean(text)[0] == expected


def test_raw_lines_keep_visual_lines_apart():
    lines, _ = raw_lines(blocks_from_text("Thực hiện chỉ đạo của Bộ\n\nChính trị, Ban Tổ chức.\n"))
    assert [ln.text for ln in lines] == ["Thực hiện chỉ đạo của Bộ", "Chính trị, Ban Tổ chức."]
    assert [ln.start for ln in lines] == [0, 26]


def test_markdown_heading_is_bold_and_loses_its_marks():
    lines, _ = raw_lines(blocks_from_text("### **1. Về công tác cán bộ**\n\nBộ Nội vụ chủ trì rà soát.\n"))
    paras = paragraphs(lines)
    assert [(p.text, p.bold) for p in paras] == [
        ("1. Về công tác cán bộ", True),
        ("Bộ Nội vụ chủ trì rà soát.", False),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("**2.** Chủ động định hướng thông tin.", "2. Chủ động định hướng thông tin."),
        ("#### **4. Đề nghị Sở Tư pháp**", "4. Đề nghị Sở Tư pháp"),
        ("tuyên truyền cổ động (*pano, khẩu hiệu*).", "tuyên truyền cổ động (pano, khẩu hiệu)."),
        ("Hoàn thành trước ngày 31/8/2025\\.", "Hoàn thành trước ngày 31/8/2025."),
    ],
)
def test_markdown_marks_are_removed(line, expected):
    assert clean(line + "\n")[0] == [expected]


def test_bold_spanning_two_lines_is_one_bold_paragraph():
    lines, _ = raw_lines(blocks_from_text("**Bộ Nội vụ chủ trì,**\n**phối hợp với Bộ Tài chính.**\n"))
    assert [(p.text, p.bold) for p in paragraphs(lines)] == [("Bộ Nội vụ chủ trì, phối hợp với Bộ Tài chính.", True)]


@pytest.mark.parametrize("furniture", ["- 2 -", "3", "Trang 2", "Trang 2/5", "- 12 -"])
def test_page_numbers_are_dropped(furniture):
    text = f"1. Bộ Nội vụ chủ trì rà soát biên chế các cơ quan\n{furniture}\nhành chính nhà nước.\n"
    assert clean(text)[0] == ["1. Bộ Nội vụ chủ trì rà soát biên chế các cơ quan hành chính nhà nước."]


def test_glued_footnote_marker_is_removed_and_body_moved_out():
    text = (
        "1. Các bộ, ngành báo cáo kết quả hằng tháng1, gửi Ban Tổ chức Trung ương.\n\n"
        "1 Theo Quy định số 11-QĐ/TW ngày 5/1/2025.\n\n\n\n"
        "2. Bộ Tài chính bảo đảm kinh phí.\n"
    )
    paras, notes = clean(text)
    assert paras == [
        "1. Các bộ, ngành báo cáo kết quả hằng tháng, gửi Ban Tổ chức Trung ương.",
        "2. Bộ Tài chính bảo đảm kinh phí.",
    ]
    assert notes == ["1 Theo Quy định số 11-QĐ/TW ngày 5/1/2025."]


def test_footnote_body_in_the_middle_of_a_paragraph():
    text = (
        "1. Các bộ, ngành báo cáo kết quả hằng tháng1, gửi Ban Tổ chức\n\n"
        "1 Theo Quy định số 11-QĐ/TW ngày 5/1/2025.\n\n"
        "- 2 -\n\n"
        "Trung ương trước ngày 25 hằng tháng.\n"
        "2. Bộ Tài chính bảo đảm kinh phí.\n"
    )
    paras, notes = clean(text)
    assert paras == [
        "1. Các bộ, ngành báo cáo kết quả hằng tháng, gửi Ban Tổ chức Trung ương trước ngày 25 hằng tháng.",
        "2. Bộ Tài chính bảo đảm kinh phí.",
    ]
    assert notes == ["1 Theo Quy định số 11-QĐ/TW ngày 5/1/2025."]


def test_bracketed_footnote_marker_and_body():
    text = (
        "1. Các bộ báo cáo[1] về Ban Tổ chức Trung ương.\n"
        "2. Bộ Tài chính bảo đảm kinh phí.\n\n"
        "[1] Theo Kết luận số 183-KL/TW.\n"
    )
    paras, notes = clean(text)
    assert paras == ["1. Các bộ báo cáo về Ban Tổ chức Trung ương.", "2. Bộ Tài chính bảo đảm kinh phí."]
    assert notes == ["[1] Theo Kết luận số 183-KL/TW."]


WEB_PAGE = """Trang chủ | Văn bản | Tin tức
Đăng nhập để xem thêm
Chia sẻ bài viết này
BAN CHẤP HÀNH TRUNG ƯƠNG
*
ĐẢNG CỘNG SẢN VIỆT NAM
Số 12-KL/TW
Hà Nội, ngày 5 tháng 8 năm 2025
KẾT LUẬN
1. Bộ Nội vụ chủ trì rà soát.
2. Bộ Tài chính bảo đảm kinh phí.
3. Bộ Công an bảo đảm an ninh.
T/M BỘ CHÍNH TRỊ
Nguyễn Văn A
Tin liên quan:
Bài viết khác về cải cách hành chính
Xem thêm bài khác
"""


def test_web_boilerplate_before_the_motto_and_after_the_document_is_trimmed():
    lines, _ = raw_lines(blocks_from_text(WEB_PAGE))
    assert [ln.text for ln in lines] == [
        "BAN CHẤP HÀNH TRUNG ƯƠNG",  # the issuer above the motto belongs to the document
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 12-KL/TW",
        "Hà Nội, ngày 5 tháng 8 năm 2025",
        "KẾT LUẬN",
        "1. Bộ Nội vụ chủ trì rà soát.",
        "2. Bộ Tài chính bảo đảm kinh phí.",
        "3. Bộ Công an bảo đảm an ninh.",
        "T/M BỘ CHÍNH TRỊ",
        "Nguyễn Văn A",
    ]
    assert lines[0].start == WEB_PAGE.index("BAN CHẤP HÀNH")


def test_pipe_table_rows_become_cells():
    text = (
        "| STT | Nội dung | Cơ quan chủ trì | Thời gian |\n"
        "| 1 | Rà soát văn bản | Bộ Tư pháp | Quý IV/2025 |\n"
        "| 2 | **Tập huấn** cán bộ | Bộ Nội vụ | Năm 2026 |\n"
    )
    lines, _ = raw_lines(blocks_from_text(text))
    assert [ln.cells for ln in lines] == [
        ("STT", "Nội dung", "Cơ quan chủ trì", "Thời gian"),
        ("1", "Rà soát văn bản", "Bộ Tư pháp", "Quý IV/2025"),
        ("2", "Tập huấn cán bộ", "Bộ Nội vụ", "Năm 2026"),
    ]
    assert {ln.table for ln in lines} == {1}
    # table rows pass through paragraphs() untouched
    assert [p.cells for p in paragraphs(lines)] == [ln.cells for ln in lines]


def test_separator_row_of_a_pipe_table_is_not_a_row():
    text = "| STT | Nội dung |\n|---|---|\n| 1 | Rà soát văn bản |\n"
    lines, _ = raw_lines(blocks_from_text(text))
    assert [ln.cells for ln in lines if ln.cells is not None] == [("STT", "Nội dung"), ("1", "Rà soát văn bản")]


def test_reader_blocks_pass_through():
    task_table = (("STT", "Nội dung", "Cơ quan chủ trì", "Thời gian"), ("1", "Việc A", "Bộ Nội vụ", "Quý IV/2025"))
    blocks = [
        Block(text="Bộ Nội vụ chủ trì rà soát.", kind="para", label="1.", bold=True, page=2),
        Block(text="", kind="table", rows=task_table, page=2),
        Block(text="Theo Kết luận số 183-KL/TW.", kind="footnote", page=2),
    ]
    lines, notes = raw_lines(blocks)
    assert [(ln.text, ln.cells, ln.page, ln.para, ln.bold) for ln in lines] == [
        ("1. Bộ Nội vụ chủ trì rà soát.", None, 2, True, True),
        ("STT | Nội dung | Cơ quan chủ trì | Thời gian", task_table[0], 2, False, False),
        ("1 | Việc A | Bộ Nội vụ | Quý IV/2025", task_table[1], 2, False, False),
    ]
    assert lines[1].table == lines[2].table == 1
    assert notes == ["Theo Kết luận số 183-KL/TW."]


def test_docx_paragraphs_are_never_joined():
    blocks = [Block(text="Bộ Nội vụ chủ trì rà soát biên chế", kind="para"), Block(text="và báo cáo.", kind="para")]
    lines, _ = raw_lines(blocks)
    assert [p.text for p in paragraphs(lines)] == ["Bộ Nội vụ chủ trì rà soát biên chế", "và báo cáo."]


ARTICLE = """# Thủ tướng yêu cầu xử lý dự án tồn đọng như thế nào?
Căn cứ theo Công điện 138/CĐ-TTg năm 2025 có quy định như sau:
- Bộ Tài chính chủ trì tổng hợp các dự án tồn đọng.
- Bộ Xây dựng hướng dẫn tháo gỡ vướng mắc.
Xem thêm tại Công điện 138/CĐ-TTg ngày 20/8/2025.
Dự án đầu tư công được phân loại như thế nào?
Căn cứ Điều 6 Luật Đầu tư công 2024 quy định như sau:
1. Dự án có cấu phần xây dựng.
2. Dự án không có cấu phần xây dựng.
"""


def test_a_web_article_ends_at_its_link_to_the_document_it_quoted():
    lines, _ = raw_lines(blocks_from_text(ARTICLE))
    assert [ln.text for ln in lines][-1] == "- Bộ Xây dựng hướng dẫn tháo gỡ vướng mắc."


def test_a_picture_caption_of_a_web_page_is_dropped_and_a_glued_dash_starts_a_bullet():
    text = (
        "5. Chủ tịch Ủy ban nhân dân các tỉnh\n-Chỉ đạo quản lý mã số vùng trồng.\n"
        "*Sầu riêng xuất khẩu (Hình từ Internet)*\n"
    )
    lines, _ = raw_lines(blocks_from_text(text))
    assert [ln.text for ln in lines] == ["5. Chủ tịch Ủy ban nhân dân các tỉnh", "-Chỉ đạo quản lý mã số vùng trồng."]


def test_markdown_list_items_are_bullets_and_open_no_emphasis():
    text = (
        "**a) Tổ đảng ở Thường trực Ủy ban Kinh tế**\n\n*   Chủ trì thẩm tra dự án luật.\n"
        "*   Giám sát việc thực hiện.\n"
    )
    lines, _ = raw_lines(blocks_from_text(text))
    assert [ln.text for ln in lines] == [
        "a) Tổ đảng ở Thường trực Ủy ban Kinh tế",
        "- Chủ trì thẩm tra dự án luật.",
        "- Giám sát việc thực hiện.",
    ]


PORTAL = """# Toàn văn Công điện 4939/CĐ-BCT 2025 về ứng phó áp thấp nhiệt đới?

Ngày 04/7/2025, Bộ Công Thương ra Công điện 4939/CĐ-BCT.

Bộ trưởng Bộ Công Thương yêu cầu các đơn vị trong ngành Công Thương thực hiện các nhiệm vụ sau:

(1) Tăng cường công tác trực ban.

(2) Rà soát các công trình phòng chống thiên tai.

*Trên đây là thông tin về Toàn văn Công điện 4939/CĐ-BCT 2025 về ứng phó với áp thấp nhiệt đới trên Biển Đông?*

## Các hành vi bị cấm trong hoạt động phòng chống thiên tai là gì?

- Phá hoại công trình phòng, chống thiên tai.
"""


def test_a_legal_portal_article_ends_at_its_sign_off_and_its_question_sections():
    lines, _ = raw_lines(blocks_from_text(PORTAL))
    assert [ln.text for ln in lines][-1] == "(2) Rà soát các công trình phòng chống thiên tai."
    cut = PORTAL.replace("*Trên đây là thông tin về Toàn văn Công điện 4939/CĐ-BCT 2025 về ứng phó với áp thấp"
                         " nhiệt đới trên Biển Đông?*\n", "")
    lines, _ = raw_lines(blocks_from_text(cut))
    assert [ln.text for ln in lines][-1] == "(2) Rà soát các công trình phòng chống thiên tai."


def test_an_article_ends_where_it_quotes_an_article_of_a_decree():
    text = (
        "Bộ Chính trị kết luận như sau.\n\nGiao Đảng ủy Chính phủ chỉ đạo Bộ Nội vụ rà soát Nghị định.\n\n"
        "Các cơ quan, đơn vị, địa phương tăng cường tuyên truyền.\n\n"
        "### Điều 2, Nghị định 178/2024/NĐ-CP về chính sách, chế độ\n\n1. Cán bộ, công chức, viên chức.\n"
    )
    lines, _ = raw_lines(blocks_from_text(text))
    assert [ln.text for ln in lines][-1] == "Các cơ quan, đơn vị, địa phương tăng cường tuyên truyền."


def test_the_party_named_inside_a_sentence_is_not_the_motto():
    text = (
        "Bộ Chính trị đã ký Thông báo kết luận số 75-TB/TW.\n\nGiao Đảng ủy Chính phủ rà soát.\n\n"
        "2. Cán bộ giữ chức vụ trong cơ quan của Đảng Cộng sản Việt Nam, Nhà nước, tổ chức chính trị - xã hội và"
        " cán bộ nghỉ thôi việc theo nguyện vọng được hưởng chính sách theo quy định.\n"
    )
    lines, _ = raw_lines(blocks_from_text(text))
    assert [ln.text for ln in lines][0] == "Bộ Chính trị đã ký Thông báo kết luận số 75-TB/TW."


QA_ARTICLE = """# Thủ tướng yêu cầu rà soát mã số vùng trồng (Công điện 71/CĐ-TTg)

### Nội dung chính

## Thủ tướng yêu cầu rà soát mã số vùng trồng (Công điện 71/CĐ-TTg)

**Thủ tướng yêu cầu rà soát mã số vùng trồng hoàn thành khi nào?**

Căn cứ theo Mục 1 Công điện 71/CĐ-TTg năm 2025 có quy định như sau:

1. Bộ trưởng Bộ Nông nghiệp và Môi trường

- Rà soát các quy định về mã số vùng trồng.

...

Theo đó, Bộ trưởng Bộ Nông nghiệp và Môi trường có trách nhiệm rà soát các quy định.

**Quyền của tổ chức sản xuất thực phẩm được quy định như thế nào?**

Căn cứ theo khoản 1 Điều 7 Luật An toàn thực phẩm 2010 có quy định như sau:

(1) Quyết định và công bố các tiêu chuẩn sản phẩm;

(2) Yêu cầu tổ chức kinh doanh thực phẩm hợp tác trong việc thu hồi thực phẩm.
"""


def test_a_qa_article_keeps_the_quoted_directive_and_drops_its_comment_statutes_and_headline():
    lines, _ = raw_lines(blocks_from_text(QA_ARTICLE))
    assert [ln.text for ln in lines] == [
        "Thủ tướng yêu cầu rà soát mã số vùng trồng hoàn thành khi nào?",
        "Căn cứ theo Mục 1 Công điện 71/CĐ-TTg năm 2025 có quy định như sau:",
        "1. Bộ trưởng Bộ Nông nghiệp và Môi trường",
        "- Rà soát các quy định về mã số vùng trồng.",
    ]


def test_a_question_section_quoting_a_directive_after_a_statute_is_kept():
    text = QA_ARTICLE.replace("khoản 1 Điều 7 Luật An toàn thực phẩm 2010", "Mục 5 Công điện 71/CĐ-TTg")
    lines, _ = raw_lines(blocks_from_text(text))
    assert [ln.text for ln in lines][-1] == (
        "(2) Yêu cầu tổ chức kinh doanh thực phẩm hợp tác trong việc thu hồi thực phẩm."
    )


def test_an_upper_case_first_heading_is_the_documents_header_not_a_headline():
    lines, _ = raw_lines(blocks_from_text("# ỦY BAN NHÂN DÂN TỈNH LÀO CAI\n\nGiao Sở Tài chính rà soát.\n"))
    assert [ln.text for ln in lines] == ["ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "Giao Sở Tài chính rà soát."]
