"""Deadline phrases: the grammar, the date inside, recurrences, and dates that are not deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.deadlines import find_deadlines, pick

DOC = date(2025, 8, 1)  # the document's date: a date without a year takes its year


def deadline(text: str, base: date | None = DOC, in_field: bool = False):
    d = pick(find_deadlines(text, base, in_field=in_field))
    return None if d is None else (d.iso, d.recurrence, d.due_time, d.text)


@pytest.mark.parametrize(
    ("text", "iso", "words"),
    [
        ("Bộ Nội vụ hoàn thành trước ngày 31/8/2025.", "2025-08-31", "hoàn thành trước ngày 31/8/2025"),
        ("báo cáo chậm nhất ngày 15/9/2025.", "2025-09-15", "chậm nhất ngày 15/9/2025"),
        # the day named by its event, then its date
        ("Từ tháng 01 đến ngày bầu cử 15/3/2026", "2026-03-15", "đến ngày bầu cử 15/3/2026"),
        ("hoàn thành trước ngày 15 tháng 9 năm 2025.", "2025-09-15", "hoàn thành trước ngày 15 tháng 9 năm 2025"),
        ("hoàn thành trong tháng 7/2025.", "2025-07-31", "hoàn thành trong tháng 7/2025"),
        ("hoàn thành trong tháng 12 năm 2025.", "2025-12-31", "hoàn thành trong tháng 12 năm 2025"),
        ("thực hiện trong tháng 2/2024.", "2024-02-29", "thực hiện trong tháng 2/2024"),  # leap year
        ("trong quý III/2025.", "2025-09-30", "trong quý III/2025"),
        ("hoàn thành trong quý 1/2026.", "2026-03-31", "hoàn thành trong quý 1/2026"),
        ("hoàn thành trong quý IV năm 2025.", "2025-12-31", "hoàn thành trong quý IV năm 2025"),
        ("hoàn thành trong năm 2025.", "2025-12-31", "hoàn thành trong năm 2025"),
        ("xong cuối năm 2025", "2025-12-31", "xong cuối năm 2025"),
        ("hoàn thành trước cuối năm.", "2025-12-31", "hoàn thành trước cuối năm"),  # the document's year
        (
            "tổ chức từ ngày 10/5/2026 đến hết ngày 14/5/2026.",
            "2026-05-14",
            "từ ngày 10/5/2026 đến hết ngày 14/5/2026",
        ),
        ("báo cáo trước thứ Sáu, ngày 15/8/2025.", "2025-08-15", "trước thứ Sáu, ngày 15/8/2025"),
        ("báo cáo trước ngày 15/9.", "2025-09-15", "trước ngày 15/9"),  # no year: the document's
        ("hoàn thành trước ngày 30/9", "2025-09-30", "hoàn thành trước ngày 30/9"),
        # a condition's date is not the deadline; the lead-in stays with the deadline's words
        (
            "chi trả cho người đã có quyết định nghỉ hưu trước ngày 31/8/2025, hoàn thành chi trả trước "
            "ngày 15/10/2025.",
            "2025-10-15",
            "hoàn thành chi trả trước ngày 15/10/2025",
        ),
        # a citation's date is not a deadline
        (
            "tổng kết Nghị quyết số 18-NQ/TW, ngày 25/10/2017, báo cáo Ban Chỉ đạo trước ngày 15/10/2025.",
            "2025-10-15",
            "trước ngày 15/10/2025",
        ),
    ],
)
def test_dated_deadlines(text, iso, words):
    assert deadline(text) == (iso, None, None, words)


@pytest.mark.parametrize(
    ("text", "rule", "due_time", "words"),
    [
        ("trước 16 giờ, ngày 22 hằng tháng", "FREQ=MONTHLY;BYMONTHDAY=22", "16:00", "trước 16 giờ, ngày 22 hằng tháng"),
        (
            "chậm nhất trước 16 giờ, ngày 22 hằng tháng.",
            "FREQ=MONTHLY;BYMONTHDAY=22",
            "16:00",
            "chậm nhất trước 16 giờ, ngày 22 hằng tháng",
        ),
        (
            "trước 16 giờ 30, ngày 22 hằng tháng",
            "FREQ=MONTHLY;BYMONTHDAY=22",
            "16:30",
            "trước 16 giờ 30, ngày 22 hằng tháng",
        ),
        ("trước ngày 25 hằng tháng", "FREQ=MONTHLY;BYMONTHDAY=25", None, "trước ngày 25 hằng tháng"),
        # "hàng tháng" reads as "hằng tháng"
        (
            "chậm nhất trước ngày 25 hàng tháng.",
            "FREQ=MONTHLY;BYMONTHDAY=25",
            None,
            "chậm nhất trước ngày 25 hàng tháng",
        ),
        (
            "báo cáo trước ngày 15 tháng 11 hằng năm.",
            "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=15",
            None,
            "trước ngày 15 tháng 11 hằng năm",
        ),
        (  # one day of two months of a yearly cycle
            "gửi báo cáo trước ngày 01 tháng 6 và ngày 01 tháng 12 hằng năm.",
            "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=1",
            None,
            "trước ngày 01 tháng 6 và ngày 01 tháng 12 hằng năm",
        ),
        (  # the cycle first, then its two dates
            "báo cáo hằng năm trước ngày 15 tháng 6 và ngày 15 tháng 12.",
            "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=15",
            None,
            "hằng năm trước ngày 15 tháng 6 và ngày 15 tháng 12",
        ),
        ("định kỳ 6 tháng một lần báo cáo", "FREQ=MONTHLY;INTERVAL=6", None, "định kỳ 6 tháng một lần"),
        # the half-yearly report is the finer of the two cycles
        ("báo cáo kết quả 6 tháng, hằng năm việc thực hiện.", "FREQ=MONTHLY;INTERVAL=6", None, "6 tháng, hằng năm"),
        ("Hằng tuần báo cáo tình hình.", "FREQ=WEEKLY", None, "Hằng tuần"),
        # every n days, weeks or months
        ("phát hành bản tin định kỳ 05 ngày/lần, cung cấp", "FREQ=DAILY;INTERVAL=5", None, "định kỳ 05 ngày/lần"),
        ("kiểm tra 2 tuần một lần tại các cống", "FREQ=WEEKLY;INTERVAL=2", None, "2 tuần một lần"),
        ("báo cáo định kỳ 03 tháng/lần", "FREQ=MONTHLY;INTERVAL=3", None, "định kỳ 03 tháng/lần"),
        # a half-yearly and a yearly report, each with its day: one yearly cycle of two days
        (
            "báo cáo định kỳ 6 tháng (trước ngày 15/6) và năm (trước ngày 15/12) về Sở Y tế.",
            "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=15",
            None,
            "định kỳ 6 tháng (trước ngày 15/6) và năm (trước ngày 15/12)",
        ),
        # a weekday with its time, and the window the cycle runs in
        (
            "báo cáo trước 15 giờ ngày thứ Sáu hằng tuần trong đợt cao điểm (từ tháng 3 đến tháng 5/2026).",
            "FREQ=WEEKLY;BYDAY=FR",
            "15:00",
            "trước 15 giờ ngày thứ Sáu hằng tuần",
        ),
        # a time of day on a daily cycle
        ("báo cáo trước 16 giờ hằng ngày.", "FREQ=DAILY", "16:00", "trước 16 giờ hằng ngày"),
        ("gửi số liệu vào lúc 9 giờ 30, hằng ngày", "FREQ=DAILY", "09:30", "vào lúc 9 giờ 30, hằng ngày"),
    ],
)
def test_recurrences_have_no_date(text, rule, due_time, words):
    assert deadline(text) == (None, rule, due_time, words)


def test_a_recurring_day_wins_over_a_date_in_the_same_text():
    text = "từ ngày 01/9/2025, gửi báo cáo trước ngày 25 hằng tháng."
    got = pick(find_deadlines(text, DOC))
    assert (got.iso, got.recurrence) == (None, "FREQ=MONTHLY;BYMONTHDAY=25")


@pytest.mark.parametrize(
    "text",
    [
        "lượng hóa trong chương trình, kế hoạch công tác hằng năm các chỉ tiêu chuyển đổi số.",
        "bố trí trong dự toán ngân sách nhà nước hằng năm cho các cơ quan.",
    ],
)
def test_a_yearly_plan_or_budget_is_no_cycle_of_the_duty(text):
    assert [c.recurrence for c in find_deadlines(text, date(2025, 1, 10))] == []
    assert [c.recurrence for c in find_deadlines("Định kỳ hằng năm, xây dựng kế hoạch.", date(2025, 1, 10))] == [
        "FREQ=YEARLY"
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("báo cáo vào đầu tháng 11/2025.", "đầu tháng 11/2025"),
        ("thực hiện trong năm 2025 và các năm tiếp theo.", "năm 2025 và các năm tiếp theo"),
        ("báo cáo trong thời gian tới.", "thời gian tới"),
    ],
)
def test_vague_periods_give_no_date_but_keep_their_words(text, words):
    assert deadline(text) == (None, None, None, words)


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện Kết luận số 183-KL/TW, ngày 01/8/2025 của Bộ Chính trị.",
        "khẩn trương triển khai ngay.",
        "báo cáo định kỳ về Ban Tổ chức Trung ương.",  # "định kỳ" alone: no recurrence
        "Bộ Nội vụ chủ trì rà soát biên chế.",
        "Tổng số 3.071 TTHC đã được rà soát.",
        "thúc đẩy xuất khẩu, nhất là dịp cuối năm và đầu năm mới.",  # a season of the work, not its end
        "điều hành linh hoạt trong những tháng cuối năm.",
        "đưa vào dự toán kinh phí hoạt động hằng năm của đơn vị.",  # a yearly budget, not a yearly task
    ],
)
def test_no_deadline(text):
    assert deadline(text) is None


def test_condition_date_is_found_but_weaker():
    text = "người đã có quyết định nghỉ hưu trước ngày 31/8/2025, hoàn thành chi trả trước ngày 15/10/2025."
    cands = find_deadlines(text, DOC)
    assert [(c.iso, c.text) for c in cands] == [
        ("2025-08-31", "trước ngày 31/8/2025"),
        ("2025-10-15", "hoàn thành chi trả trước ngày 15/10/2025"),
    ]
    assert cands[0].strength < cands[1].strength
    assert text[cands[1].start : cands[1].end] == "hoàn thành chi trả trước ngày 15/10/2025"


def test_without_a_document_year_a_yearless_date_has_no_date():
    assert deadline("hoàn thành trước ngày 30/9", base=None)[0] is None
    assert deadline("hoàn thành trước ngày 30/9/2025", base=None)[0] == "2025-09-30"


@pytest.mark.parametrize(
    ("cell", "iso", "rule"),
    [
        ("Quý IV/2025", "2025-12-31", None),
        ("Quý I/2026", "2026-03-31", None),
        ("Tháng 12/2025", "2025-12-31", None),
        ("Tháng 10", "2025-10-31", None),
        ("Năm 2026", "2026-12-31", None),
        ("Năm 2025-2026", "2026-12-31", None),
        ("30/6/2026", "2026-06-30", None),
        ("Trước 30/6/2026", "2026-06-30", None),
        ("Thường xuyên", None, None),
        # a list of periods is due with its last
        ("Quý II, III/2026", "2026-09-30", None),
        ("Quý III, IV/2026", "2026-12-31", None),
        ("Hằng năm", None, "FREQ=YEARLY"),
        ("Hằng tháng", None, "FREQ=MONTHLY"),
    ],
)
def test_time_column(cell, iso, rule):
    got = deadline(cell, in_field=True)
    assert got == (iso, rule, None, cell)


def test_bare_year_in_running_text_is_no_deadline():
    # outside a time column a bare date or year needs a lead-in
    assert deadline("nhiệm kỳ 2025 - 2030, năm 2026 là năm bản lề") is None
    assert deadline("Năm 2026", in_field=True)[0] == "2026-12-31"


def test_pick_of_nothing():
    assert pick([]) is None


def test_year_end_without_its_year_needs_a_preposition():
    # "xếp loại … cuối năm" is the year-end appraisal; "trước cuối năm" dates the duty
    assert deadline("gắn kết quả giải ngân với đánh giá, xếp loại cán bộ, công chức cuối năm.") is None
    assert deadline("hoàn thành trước cuối năm.")[0] == "2025-12-31"
    assert deadline("chậm nhất cuối năm 2026 hoàn thành")[0] == "2026-12-31"


def test_a_year_after_a_quarter_in_a_time_column_is_the_later_period():
    assert deadline("Quý IV/2026, 2027", in_field=True)[:2] == ("2027-12-31", None)
    assert deadline("Luật An ninh mạng 2025", in_field=True) is None  # the year of a name
