"""One test per bug found in review: each is named after what broke."""

from __future__ import annotations

from datetime import date

from pipeline.agencies import read_phrase
from pipeline.clean import paragraphs, raw_lines
from pipeline.deadlines import find_deadlines, pick
from pipeline.extraction import extract_blocks
from pipeline.header import parse_header, parse_number
from pipeline.outline import parse_label
from pipeline.readers.text import blocks_from_text


def _lines(text: str):
    lines, notes = raw_lines(blocks_from_text(text))
    return lines, notes


def _tasks(text: str):
    return [t for d in extract_blocks(blocks_from_text(text), "t.txt") for t in d.tasks]


def test_footnote_body_does_not_swallow_the_next_numbered_item():
    text = (
        "1. Các bộ báo cáo hằng tháng1, gửi Ban Tổ chức Trung ương.\n\n"
        "1 Theo Quy định số 11-QĐ/TW.\n\n"
        "2. Bộ Tài chính bảo đảm kinh phí.\n"
    )
    lines, notes = _lines(text)
    assert notes == ["1 Theo Quy định số 11-QĐ/TW."]
    assert [p.text for p in paragraphs(lines)] == [
        "1. Các bộ báo cáo hằng tháng, gửi Ban Tổ chức Trung ương.",
        "2. Bộ Tài chính bảo đảm kinh phí.",
    ]


def test_markdown_table_separator_keeps_header_and_rows_in_one_table():
    text = (
        "| STT | Nội dung | Cơ quan chủ trì | Thời gian |\n"
        "|---|---|---|---|\n"
        "| 1 | Rà soát | Bộ Tư pháp | Quý IV/2025 |\n"
    )
    lines, _ = _lines(text)
    assert [(ln.table, ln.cells) for ln in lines] == [
        (1, ("STT", "Nội dung", "Cơ quan chủ trì", "Thời gian")),
        (1, ("1", "Rà soát", "Bộ Tư pháp", "Quý IV/2025")),
    ]


def test_number_with_a_year_keeps_its_first_part():
    assert parse_number("01/2025/NQ-CP") == ("01/2025/NQ-CP", "NQ")


def test_inline_recipients_split_at_semicolons():
    lines, _ = _lines("Số: 12/UBND-VP\nKính gửi: Sở Tư pháp; Sở Nội vụ; UBND các xã, phường.\nThực hiện chỉ đạo.\n")
    assert parse_header(lines).header.recipients == ["Sở Tư pháp", "Sở Nội vụ", "UBND các xã, phường"]


def test_verbs_after_an_agency_end_its_name():
    for text, end in [
        ("Bộ Tài chính chi trả chế độ cho người đã nghỉ hưu", "Bộ Tài chính"),
        ("Bộ Nội vụ tổ chức hội nghị từ ngày 10/5/2026", "Bộ Nội vụ"),
        ("Bộ Nội vụ công bố danh mục", "Bộ Nội vụ"),
    ]:
        assert read_phrase(text, 0).entries == (end,)


def test_place_name_with_a_verb_syllable_stays_whole():
    text = "Báo và phát thanh, truyền hình Cần Thơ mở chuyên trang"
    assert read_phrase(text, 0).entries == ("Báo và phát thanh, truyền hình Cần Thơ",)


def test_first_half_year_is_june_30():
    assert pick(find_deadlines("hoàn thành trong 6 tháng đầu năm 2026", None)).iso == "2026-06-30"


def test_vague_period_in_a_sentence_keeps_its_words():
    rows = _tasks("Số: 5-CV/TW\n\n1. Bộ Nội vụ báo cáo Bộ Chính trị vào đầu tháng 11/2025.\n")
    assert [(t.deadline, t.deadline_text) for t in rows] == [(None, "đầu tháng 11/2025")]


def test_plan_period_in_a_sentence_is_no_deadline():
    cands = find_deadlines("đăng ký kế hoạch vốn đầu tư công giai đoạn 2026 - 2030", date(2025, 1, 1))
    assert all(c.date is None or c.strength < 2 for c in cands)
    assert pick(find_deadlines("Giai đoạn 2026 - 2030", None, in_field=True)).iso == "2030-12-31"


def test_capital_ordinal_is_a_label():
    lab = parse_label("THỨ BA: Các bộ khẩn trương rà soát")
    assert (lab.family, lab.printed) == ("thu", "Thứ ba")


def test_request_after_a_semicolon_introduces_the_items():
    text = (
        "Số: 7/TB-VPCP\n\nTừ nay đến hết năm 2025 chỉ còn gần 2 tháng; do vậy, yêu cầu các bộ, ngành:\n"
        "1. Rà soát danh mục dự án.\n"
    )
    assert [(t.clause, t.assignees, t.deadline) for t in _tasks(text)] == [("1", ["các bộ, ngành"], None)]


def test_issuer_speaking_is_no_assignee():
    from pipeline.tasks import parse_sentence

    for text in ("Phó Thủ tướng Chính phủ Trần Hồng Hà có ý kiến như sau:", "Thủ tướng Chính phủ yêu cầu:"):
        assert parse_sentence(text).entries is None
    assert parse_sentence("Thủ tướng Chính phủ yêu cầu các Bộ, ngành:").entries == ("các Bộ, ngành",)


def test_citation_after_a_semicolon_stays_in_the_task():
    rows = _tasks(
        "Số: 5-CV/TW\n\n1. Các cơ quan quán triệt Kết luận số 178-KL/TW ngày 17/7/2025; "
        "Kết luận số 183-KL/TW ngày 01/8/2025 của Bộ Chính trị.\n"
    )
    assert [(t.clause, t.assignees) for t in rows] == [("1", ["Các cơ quan"])]
    assert rows[0].task.endswith("Kết luận số 183-KL/TW ngày 01/8/2025 của Bộ Chính trị.")


def test_task_span_points_at_its_clause_in_the_original_text():
    from pathlib import Path

    from pipeline.extraction import extract_file

    path = Path(__file__).resolve().parents[1] / "corpus" / "002_adbae0d9f27c1d4c.txt"
    text = path.read_text(encoding="utf-8")
    row = next(t for t in extract_file(path).tasks if t.clause == "4")
    assert (row.char_start, row.char_end) == (1639, 2041)
    assert text[row.char_start : row.char_end].startswith("4. Các bộ, ngành khẩn trương sửa đổi")
    assert text[row.char_start : row.char_end].endswith("được phân cấp, phân quyền.")


def test_bold_subject_under_the_title_is_the_subject_not_a_paragraph():
    text = (
        "Số: 05/CT-UBND\nLâm Đồng, ngày 12 tháng 3 năm 2026\n**CHỈ THỊ**\n\n"
        "**Về tăng cường công tác phòng, chống cháy rừng**\n\n"
        "Trong những năm qua, công tác phòng cháy đạt nhiều kết quả.\n\n"
        "Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai thực hiện Chỉ thị này.\n"
    )
    lines, _ = _lines(text)
    assert parse_header(lines).header.subject == "Về tăng cường công tác phòng, chống cháy rừng"
    assert [(t.clause, t.assignees) for t in _tasks(text)] == [("p2", ["Thủ trưởng các cơ quan, đơn vị"])]


def test_budget_section_still_assigns_duties():
    text = "Số: 9/KH-UBND\n\nI. KINH PHÍ THỰC HIỆN\n\n1. Sở Tài chính chủ trì tổng hợp, bố trí kinh phí.\n"
    assert [(t.clause, t.assignees) for t in _tasks(text)] == [("I.1", ["Sở Tài chính"])]


def test_noun_phrase_spanning_earlier_words_is_not_cut_at_its_verb():
    assert read_phrase("Cơ quan chủ trì có trách nhiệm phối hợp", 0).entries == ("Cơ quan chủ trì",)
    assert read_phrase("Ban quản lý dự án chủ trì thẩm định", 0).entries == ("Ban quản lý dự án",)


def test_case_words_after_a_class_word_are_no_agency():
    assert read_phrase("Những trường hợp đặc biệt không đạt sự tín nhiệm", 0) is None


def test_closing_request_after_the_last_item_stands_at_the_root():
    text = (
        "Số: 88/UBND-KT\nKính gửi: Các sở, ban, ngành.\n\nThực hiện chỉ đạo, Ủy ban nhân dân tỉnh có ý kiến như sau:\n"
        "1. Sở Tài chính bố trí kinh phí.\n"
        "Yêu cầu Thủ trưởng các đơn vị nghiêm túc thực hiện, báo cáo trước ngày 30/9/2025./.\n"
    )
    assert [(t.clause, t.assignees, t.deadline) for t in _tasks(text)] == [
        ("1", ["Sở Tài chính"], None),
        ("p2", ["Thủ trưởng các đơn vị"], "2025-09-30"),
    ]


def test_ministry_short_names_after_a_colon_stay_in_the_list():
    text = "Các bộ: Tài chính, Công Thương, Xây dựng khẩn trương tháo gỡ vướng mắc"
    assert read_phrase(text, 0).entries == ("Các bộ: Tài chính, Công Thương, Xây dựng",)


def test_huge_paragraph_rows_carry_a_bounded_source():
    from pipeline.extraction import SOURCE_LIMIT

    body = "Các bộ, ngành khẩn trương rà soát, sửa đổi các quy định; " * 200
    rows = _tasks("Số: 1/TB-VPCP\n\n1. " + body + "hoàn thành trước ngày 31/12/2025.\n")
    assert len(rows) == 200
    assert all(len(t.source) <= SOURCE_LIMIT + 2 for t in rows)
    assert rows[-1].deadline == "2025-12-31"


def test_heading_deadline_covers_its_lettered_items():
    text = (
        "Số: 7/TB-VPCP\n\nIII. NHIỆM VỤ TRỌNG TÂM\n\n"
        "1. Hoàn thành mục tiêu đưa vào khai thác 3.000 km đường bộ cao tốc trong năm 2025\n"
        "a) Giao đồng chí Bộ trưởng Bộ Xây dựng trực tiếp chỉ đạo kiểm tra, tháo gỡ vướng mắc.\n"
        "b) Ủy ban nhân dân tỉnh Đồng Nai hoàn thành giải phóng mặt bằng trước ngày 15/11/2025.\n"
    )
    assert [(t.clause, t.assignees, t.deadline) for t in _tasks(text)] == [
        ("III.1.a)", ["đồng chí Bộ trưởng Bộ Xây dựng"], "2025-12-31"),
        ("III.1.b)", ["Ủy ban nhân dân tỉnh Đồng Nai"], "2025-11-15"),
    ]


def test_agency_list_across_a_semicolon_stays_one_row():
    text = (
        "Số: 453/TB-UBND\n\nỦy ban nhân dân thành phố Hà Nội đề nghị các cơ quan, đơn vị của Trung ương; "
        "các sở, ban, ngành, đơn vị và các hộ gia đình trên địa bàn Thành phố treo cờ Tổ quốc "
        "từ ngày 10/5/2026 đến hết ngày 14/5/2026.\n"
    )
    assert [(t.assignees, t.deadline) for t in _tasks(text)] == [
        (
            [
                "các cơ quan, đơn vị của Trung ương",
                "các sở, ban, ngành, đơn vị",
                "các hộ gia đình trên địa bàn Thành phố",
            ],
            "2026-05-14",
        )
    ]


def test_topic_prefix_before_a_colon_does_not_hide_the_subject():
    from pipeline.tasks import parse_sentence

    text = "Về việc thỏa thuận giao cắt tuyến ống: Ủy ban nhân dân Thành phố Hồ Chí Minh xử lý dứt điểm."
    p = parse_sentence(text)
    assert p.entries == ("Ủy ban nhân dân Thành phố Hồ Chí Minh",)
    assert text[p.task_start :] == "xử lý dứt điểm."


def test_a_steps_lead_field_carries_to_the_following_steps():
    text = (
        "Số: 01/KH-MTTQ\n\nII. NỘI DUNG\n\n"
        "1. Hội nghị hiệp thương lần thứ nhất\n"
        "1.1. Hiệp thương về cơ cấu, thành phần người ứng cử.\n"
        "- Thời gian: Chậm nhất ngày 10/12/2025.\n"
        "- Đơn vị chủ trì: Ban Công tác mặt trận thôn.\n"
        "1.2. Báo cáo kết quả Hội nghị\n"
        "- Gửi biên bản Hội nghị đến Ban Thường trực Ủy ban MTTQ xã.\n"
    )
    assert [(t.clause, t.assignees, t.deadline) for t in _tasks(text)] == [
        ("II.1.1", ["Ban Công tác mặt trận thôn"], "2025-12-10"),
        ("II.1.2.-1", ["Ban Công tác mặt trận thôn"], None),
    ]


def test_a_period_after_tu_is_a_start_not_a_deadline():
    assert pick(find_deadlines("Thời gian thực hiện: từ quý II/2026.", None, in_field=True)).date is None
    assert pick(find_deadlines("từ ngày 10/5/2026 đến hết ngày 14/5/2026", None)).iso == "2026-05-14"


def test_number_on_the_line_after_so():
    lines, _ = _lines("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố:\n8841/UBND-KT\nNghệ An, ngày 15 tháng 9 năm 2025\n")
    h = parse_header(lines).header
    assert (h.number, h.doc_type, h.date.isoformat()) == ("8841/UBND-KT", "CV", "2025-09-15")


def test_section_level_attribute_items_pass_no_lead_to_other_sections():
    text = (
        "Số: 173/KH-UBND\n\nII. THÀNH PHẦN\n\n1. Cơ quan chỉ đạo: Ủy ban nhân dân thành phố Hà Nội.\n\n"
        "III. NỘI DUNG\n\n1. Chủ đề Festival “Dòng chảy di sản”\n\n"
        "2. Sở Văn hóa và Thể thao chủ trì tổ chức chương trình khai mạc.\n"
    )
    assert [(t.clause, t.assignees) for t in _tasks(text)] == [("III.2", ["Sở Văn hóa và Thể thao"])]


def test_the_issuer_enacting_the_plan_is_no_assignee():
    from pipeline.tasks import parse_sentence

    text = "Thủ tướng Chính phủ ban hành Kế hoạch triển khai thi hành Luật với các nội dung như sau:"
    assert parse_sentence(text).entries is None


def test_a_section_title_period_frames_its_items_and_is_no_deadline():
    text = (
        "Số: 8/KH-UBND\n\nII. NHIỆM VỤ TRỌNG TÂM TỪ NAY ĐẾN CUỐI NĂM 2026\n\n"
        "1. Sở Nội vụ rà soát, sắp xếp các đơn vị sự nghiệp công lập.\n"
        "2. Sở Tài chính bố trí kinh phí thực hiện, hoàn thành trước ngày 30/6/2026.\n"
    )
    assert [(t.clause, t.deadline) for t in _tasks(text)] == [("II.1", None), ("II.2", "2026-06-30")]


def test_a_year_less_date_takes_the_year_most_dates_name_not_a_plans_horizon():
    text = (
        "BẢNG THEO DÕI NHIỆM VỤ\n\nThông báo số 183/TB ngày 09/7/2014; số 188/TB ngày 22/7/2014.\n\n"
        "1. Phòng Kinh tế xây dựng Nghị quyết phát triển thương mại giai đoạn 2014-2016, "
        "hoàn thành trước ngày 31/8.\n"
    )
    assert [t.deadline for t in _tasks(text)] == ["2014-08-31"]


def test_a_deadline_closing_an_inline_run_covers_every_item():
    text = (
        "Số: 9/TB-VPCP\n\n1. Giao Bộ Nội vụ: (i) rà soát chức năng của các sở; (ii) sắp xếp các đơn vị sự nghiệp; "
        "(iii) đề xuất phương án tinh giản biên chế, hoàn thành trong tháng 11 năm 2025.\n"
    )
    assert [(t.clause, t.deadline) for t in _tasks(text)] == [
        ("1.(i)", "2025-11-30"),
        ("1.(ii)", "2025-11-30"),
        ("1.(iii)", "2025-11-30"),
    ]
