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


_HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Số: 12/KH-UBND\nLào Cai, ngày 10 tháng 3 năm 2026\nKẾ HOẠCH\nThực hiện nhiệm vụ năm 2026\n"
)


def test_a_bullet_opening_with_an_abbreviation_in_capitals_is_a_bullet():
    lab = parse_label("- UBND cấp xã chủ trì, phối hợp với các sở thực hiện công tác GPMB.")
    assert (lab.family, lab.rest[:11]) == ("dash", "UBND cấp xã")
    assert parse_label("-TTg") is None


def test_saturday_is_not_read_as_tuesday():
    got = pick(list(find_deadlines("kiểm tra tại hộ gia đình vào sáng thứ Bảy hằng tuần", date(2027, 5, 1))))
    assert got.recurrence == "FREQ=WEEKLY;BYDAY=SA"


def test_reports_named_by_period_recur_yearly_on_their_days():
    text = _HEAD + (
        "1. Tổ chức thực hiện\n"
        "a) Các sở, ban, ngành căn cứ chức năng, nhiệm vụ được giao khẩn trương tổ chức triển khai thực hiện.\n"
        "Các sở quản lý chuyên ngành định kỳ tổng hợp báo cáo kết quả thực hiện như sau:\n"
        "- Báo cáo 6 tháng: Các cơ quan, đơn vị gửi Sở Tài chính trước ngày 05/7.\n"
        "- Báo cáo năm: Các cơ quan, đơn vị gửi Sở Tài chính trước ngày 15/12.\n"
    )
    got = [(t.clause, t.deadline, t.recurrence) for t in _tasks(text)]
    assert got == [
        ("1.a)", None, None),
        ("1.a).p2.-1", None, "FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=5"),
        ("1.a).p2.-2", None, "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15"),
    ]


def test_a_pipe_table_without_outer_bars_is_a_task_table():
    text = _HEAD + (
        "I. NHIỆM VỤ\n1. Sở Tài chính chủ trì thực hiện kế hoạch.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn A\n\nPHỤ LỤC\n"
        "STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành\n"
        "1 | Xây dựng quy định hỗ trợ khởi nghiệp | Trung tâm Đổi mới sáng tạo tỉnh | Sở Tư pháp | Tháng 4/2026\n"
        "2 | Đánh giá kết quả thực hiện Kế hoạch | Văn phòng Sở | Các phòng thuộc Sở | Hằng năm\n"
    )
    got = [(t.clause, t.assignees, t.deadline, t.recurrence) for t in _tasks(text) if t.clause.startswith("PL")]
    assert got == [
        ("PL.1", ["Trung tâm Đổi mới sáng tạo tỉnh"], "2026-04-30", None),
        ("PL.2", ["Văn phòng Sở"], None, "FREQ=YEARLY"),
    ]


def test_a_capitalised_verb_right_after_a_head_noun_is_part_of_the_name():
    t = "Trung tâm Đổi mới sáng tạo tỉnh chủ trì tổ chức"
    assert read_phrase(t, 0).entries == ("Trung tâm Đổi mới sáng tạo tỉnh",)
    t = "Công an Thành phố Chỉ đạo Công an các phường"
    assert read_phrase(t, 0).entries == ("Công an Thành phố",)


def test_co_lien_quan_closes_a_name_and_the_verb_after_it_is_the_duty():
    t = "Các sở, ban, ngành và các đơn vị khác có liên quan Phối hợp chặt chẽ với các cơ quan chủ trì"
    assert read_phrase(t, 0).entries == ("Các sở, ban, ngành", "các đơn vị khác có liên quan")


def test_the_commune_office_of_both_councils_is_one_body():
    t = "Văn phòng HĐND và UBND xã tham mưu Ủy ban nhân dân xã tổ chức sơ kết"
    assert read_phrase(t, 0).entries == ("Văn phòng HĐND và UBND xã",)


def test_a_running_header_next_to_page_numbers_is_dropped():
    text = _HEAD + (
        "1. Ban Chỉ huy Quân sự xã chủ trì, phối hợp với Đoàn Thanh niên xã huy động lực\n\n"
        "                 - 2 -\nUBND xã Phú Thành                  Kế hoạch số 12/KH-UBND\n\n"
        "lượng dân quân ra quân tổng vệ sinh.\n"
        "2. Công an xã bảo đảm an ninh, trật tự.\n\n"
        "                 - 3 -\nUBND xã Phú Thành                  Kế hoạch số 12/KH-UBND\n\n"
        "3. Trạm Y tế xã phun hóa chất diệt muỗi.\n"
    )
    tasks = _tasks(text)
    assert tasks[0].task == "chủ trì, phối hợp với Đoàn Thanh niên xã huy động lực lượng dân quân ra quân tổng vệ sinh."
    assert len(tasks) == 3


def test_a_text_exports_page_markers_and_file_stamps_are_furniture():
    lines, _ = _lines("Các cấp ủy thực hiện\n===== Trang 10 =====\n4.KLTW7S.DOC 1 0\nnghiêm túc.\n")
    assert [ln.text for ln in paragraphs(lines)] == ["Các cấp ủy thực hiện nghiêm túc."]


def test_a_web_table_row_holding_issuer_and_motto_starts_the_document():
    text = (
        "*Source: https://example.vn/van-ban/quyet-dinh-773*\n\n# Ban hành Kế hoạch thực hiện Chỉ thị số 14-CT/TW\n\n"
        "| THỦ TƯỚNG CHÍNH PHỦ ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------- |\n"
        "|---|---|\n| Số: 773 /QĐ-TTg | Hà Nội, ngày 26 tháng 6 năm 2018 |\n\nQUYẾT ĐỊNH\n\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Chỉ thị số 14-CT/TW.\n\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký ban hành.\n\n"
        "| Nơi nhận: - Ban Bí thư; - Lưu: VT. | THỦ TƯỚNG Nguyễn Xuân Phúc |\n|---|---|\n\n"
        "KẾ HOẠCH\n\nTHỰC HIỆN CHỈ THỊ SỐ 14-CT/TW CỦA BAN BÍ THƯ\n\nI. NHIỆM VỤ\n\n"
        "1. Bộ Lao động - Thương binh và Xã hội rà soát hồ sơ người có công, hoàn thành trong năm 2018.\n"
    )
    tasks = _tasks(text)
    assert [(t.doc_number, t.assignees, t.deadline) for t in tasks] == [
        ("773/QĐ-TTg", ["Bộ Lao động - Thương binh và Xã hội"], "2018-12-31")
    ]


def test_a_plan_printed_without_its_decision_takes_the_decisions_number_and_date():
    lines, _ = _lines(
        "THỦ TƯỚNG CHÍNH PHỦ      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "KẾ HOẠCH QUỐC GIA\nThích ứng với biến đổi khí hậu\n(Kèm theo Quyết định số 1422/QĐ-TTg\n"
        "Ngày 19 tháng 11 năm 2024 của Thủ tướng Chính phủ)\nI. MỤC TIÊU\n"
    )
    h = parse_header(lines).header
    assert (h.number, h.date) == ("1422/QĐ-TTg", date(2024, 11, 19))


def test_a_yearly_cycle_takes_the_day_its_report_is_due():
    text = "định kỳ hằng năm báo cáo, gửi về Bộ trước ngày 25 tháng 12 để tổng hợp."
    got = pick(list(find_deadlines(text, date(2024, 1, 1))))
    assert (got.date, got.recurrence) == (None, "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25")
    got = pick(list(find_deadlines("hằng năm tổ chức hội nghị, báo cáo trước ngày 15/12/2025", date(2024, 1, 1))))
    assert (got.date, got.recurrence) == (date(2025, 12, 15), None)


def test_a_year_and_every_year_after_it():
    got = pick(list(find_deadlines("Năm 2022 và hàng năm", date(2022, 7, 1), in_field=True)))
    assert (got.date, got.recurrence) == (date(2022, 12, 31), "FREQ=YEARLY")


def test_every_five_years_and_a_quarter_with_a_comma_before_its_year():
    got = pick(list(find_deadlines("định kỳ 5 năm sơ kết đánh giá tình hình thực hiện", date(2024, 1, 1))))
    assert got.recurrence == "FREQ=YEARLY;INTERVAL=5"
    got = pick(list(find_deadlines("Quý III, năm 2022", date(2022, 7, 1), in_field=True)))
    assert got.date == date(2022, 9, 30)


def test_still_in_force_before_a_date_is_a_deadline_not_a_citation():
    got = pick(list(find_deadlines("số hóa hồ sơ thủ tục hành chính còn hiệu lực trước ngày 30/9", date(2027, 1, 15))))
    assert got.date == date(2027, 9, 30)
    assert list(find_deadlines("Nghị định có hiệu lực từ ngày 01/7/2025", date(2025, 1, 1))) == []


def test_a_letters_courtesy_line_is_no_task():
    text = (
        "BỘ TÀI CHÍNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 88/BTC-QLCS\n"
        "Hà Nội, ngày 19 tháng 6 năm 2026\nKính gửi: Ủy ban nhân dân các tỉnh, thành phố.\n"
        "Bộ Tài chính đề nghị:\n1. Ủy ban nhân dân các tỉnh rà soát tài sản kết cấu hạ tầng.\n"
        "2. Các bộ quản lý chuyên ngành hướng dẫn việc giao tài sản.\n"
        "Mong nhận được sự quan tâm, phối hợp của Quý Cơ quan.\n"
    )
    assert [t.clause for t in _tasks(text)] == ["1", "2"]


def test_a_party_body_directing_over_inline_items_leads_them():
    text = (
        "ĐẢNG CỘNG SẢN VIỆT NAM\nTỈNH ỦY NGHỆ AN\nSố 127-TB/TU\nNghệ An, ngày 15 tháng 01 năm 2027\n"
        "THÔNG BÁO KẾT LUẬN\n"
        "6. Các đảng ủy xã, phường lãnh đạo, chỉ đạo ủy ban nhân dân cùng cấp: (1) hoàn thành số hóa hồ sơ "
        "trước ngày 30/9; (2) bố trí ít nhất 01 công chức phụ trách chuyển đổi số.\n"
    )
    got = [(t.clause, t.assignees, t.deadline) for t in _tasks(text)]
    assert got == [
        ("6.(1)", ["Các đảng ủy xã, phường"], "2027-09-30"),
        ("6.(2)", ["Các đảng ủy xã, phường"], None),
    ]


def test_items_numbered_with_a_slash():
    lab = parse_label("1/ Các Cục Thuế rà soát lại kế hoạch thanh tra.")
    assert (lab.family, lab.printed) == ("dec", "1")
    assert parse_label("1/2026 là năm bản lề") is None
    assert parse_label("1/3 số hộ được hỗ trợ") is None


def test_the_last_day_of_each_quarter_month():
    got = pick(list(find_deadlines("định kỳ hằng quý (trước ngày 20 của tháng cuối quý) báo cáo", date(2014, 1, 1))))
    assert (got.date, got.recurrence) == (None, "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=20")


def test_the_year_of_a_plan_is_no_deadline_of_its_review():
    text = "Tổng kết việc thực hiện Kế hoạch năm 2027; báo cáo Ban Thường vụ trước ngày 20/11/2027."
    assert pick(list(find_deadlines(text, date(2027, 1, 15)))).date == date(2027, 11, 20)
    assert pick(list(find_deadlines("xây dựng Kế hoạch năm 2027", date(2027, 1, 15)))) is None


def test_an_investor_is_no_start_date():
    got = pick(list(find_deadlines("bàn giao mặt bằng cho chủ đầu tư trước ngày 30/9/2027.", date(2027, 5, 14))))
    assert got.date == date(2027, 9, 30)
    got = pick(list(find_deadlines("thực hiện từ quý II/2026", date(2026, 1, 1))))
    assert got.date is None


def test_a_steps_closing_time_dates_the_paragraphs_of_its_duty():
    text = _HEAD + (
        "I. NHIỆM VỤ\n"
        "1. Bước 1: Kiểm tra hiện trạng nhà ở.\n"
        "Ủy ban nhân dân các xã tổ chức kiểm tra hiện trạng nhà ở của từng đối tượng.\n"
        "Thời gian hoàn tất: trước ngày 25 tháng 7 năm 2026.\n"
        "2. Bước 2: Phê duyệt danh sách.\n"
        "Sở Xây dựng thẩm định, trình phê duyệt danh sách.\n"
        "Thời gian hoàn tất: trước ngày 18 tháng 8 năm 2026.\n"
    )
    got = [(t.assignees, t.deadline) for t in _tasks(text)]
    assert (["Ủy ban nhân dân các xã"], "2026-07-25") in got
    assert (["Sở Xây dựng"], "2026-08-18") in got


def test_or_asking_the_competent_body_is_the_duty_not_a_request():
    text = _HEAD + (
        "1. Sở Xây dựng:\n"
        "- Thanh tra, kiểm tra, xử lý theo thẩm quyền hoặc đề nghị cơ quan có thẩm quyền xử lý các vi phạm.\n"
    )
    assert [t.assignees for t in _tasks(text)] == [["Sở Xây dựng"]]


def test_a_code_of_law_is_no_ministry():
    t = "Bộ Luật hình sự năm 2015 (sửa đổi, bổ sung năm 2017)"
    assert read_phrase(t, 0) is None


def test_who_attended_a_meeting_is_no_task():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH TÂY NINH\nVĂN PHÒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 215/TB-VPUBND\nTây Ninh, ngày 14 tháng 5 năm 2027\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n"
        "(đoạn qua các xã Bến Lức, Thạnh Lợi)\n"
        "Ngày 09/5/2027, Chủ tịch UBND tỉnh chủ trì buổi làm việc với Sở Xây dựng. Tham dự buổi làm việc có: "
        "lãnh đạo các Sở: Xây dựng, Tài chính; Ban Quản lý dự án đầu tư xây dựng tỉnh; Công an tỉnh.\n"
        "1. Giao Sở Xây dựng chủ trì đẩy nhanh tiến độ Dự án.\n"
    )
    tasks = _tasks(text)
    assert [(t.clause, t.assignees) for t in tasks] == [("1", ["Sở Xây dựng"])]
    lines, _ = _lines(text)
    assert parse_header(lines).header.subject == "Kết luận của Chủ tịch UBND tỉnh (đoạn qua các xã Bến Lức, Thạnh Lợi)"


def test_a_phase_heading_with_its_period_dates_the_items_under_it():
    text = _HEAD + (
        "II. NỘI DUNG\n"
        "1. Giai đoạn 1 (từ ngày 05/5 đến ngày 31/5/2026): tuyên truyền, khảo sát, chuẩn bị lực lượng\n"
        "- Phòng Văn hóa - Xã hội chủ trì biên soạn tài liệu tuyên truyền.\n"
        "- Trạm Y tế xã điều tra chỉ số côn trùng, gửi kết quả trước ngày 20/5/2026.\n"
        "2. Giai đoạn 2 (từ ngày 01/6 đến ngày 31/7/2026): ra quân tổng vệ sinh\n"
        "- Công an xã bảo đảm an ninh, trật tự.\n"
    )
    got = [(t.clause, t.deadline) for t in _tasks(text)]
    assert got == [("II.1.-1", "2026-05-31"), ("II.1.-2", "2026-05-20"), ("II.2.-1", "2026-07-31")]


def test_an_e_signature_stamp_is_no_field_of_the_text():
    text = (
        "THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 893/QĐ-TTg\n"
        "Hà Nội, ngày 01 tháng 6 năm 2026\nQUYẾT ĐỊNH\nPhê duyệt Đề án\n"
        "Ký bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCơ quan: VĂN PHÒNG CHÍNH PHỦ\n"
        "Ngày ký: 2026-06-02 08:06:46 +07:00\nQUYẾT ĐỊNH:\n"
        "Điều 1. Phê duyệt Đề án với các nội dung sau:\n"
        "1. Các hình thức đào tạo:\na) Bồi dưỡng ngắn hạn.\nb) Bồi dưỡng nâng cao.\n"
        "2. Bộ Tài chính cân đối nguồn ngân sách nhà nước cho Đề án.\n"
    )
    assert [(t.clause, t.assignees) for t in _tasks(text)] == [("Điều 1.2", ["Bộ Tài chính"])]
