"""Clause tree → task rows: request verbs, subjects, findings, inheritance, implicit assignees, deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.model import Header, Line
from pipeline.outline import build_outline
from pipeline.tasks import Ctx, Walker, _entries_of_cell, coordinators, finish, parse_sentence

DOC = date(2025, 8, 10)
KINH_GUI = ("Các tỉnh ủy, thành ủy trực thuộc Trung ương", "Các ban đảng Trung ương")


@pytest.mark.parametrize(
    ("sentence", "entries", "task"),
    [
        # a request verb, then the agencies
        (
            "Giao Bộ Nội vụ chủ trì, phối hợp với Bộ Tài chính xây dựng đề án.",
            ("Bộ Nội vụ",),
            "chủ trì, phối hợp với Bộ Tài chính xây dựng đề án.",
        ),
        ("Yêu cầu các tỉnh ủy, thành ủy báo cáo kết quả.", ("các tỉnh ủy, thành ủy",), "báo cáo kết quả."),
        (
            "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội thành phố chỉ "
            "đạo tuyên truyền.",
            ("Ủy ban Mặt trận Tổ quốc Việt Nam", "các tổ chức chính trị - xã hội thành phố"),
            "chỉ đạo tuyên truyền.",
        ),
        # the subject opens the sentence
        ("Bộ Tài chính khẩn trương bố trí kinh phí.", ("Bộ Tài chính",), "khẩn trương bố trí kinh phí."),
        (
            "Các tỉnh uỷ, thành uỷ phối hợp Bộ Y tế khẩn trương sắp xếp.",
            ("Các tỉnh uỷ, thành uỷ",),
            "phối hợp Bộ Y tế khẩn trương sắp xếp.",
        ),
        ("Đối với Bộ Công an, tiếp tục rà soát.", ("Bộ Công an",), "tiếp tục rà soát."),
        # a condition or purpose, then the subject
        (
            "Trường hợp phát sinh vướng mắc, các cấp ủy, cơ quan, đơn vị chủ động báo cáo.",
            ("các cấp ủy, cơ quan, đơn vị",),
            "chủ động báo cáo.",
        ),
        ("Để bảo đảm tiến độ, Bộ Tài chính bố trí kinh phí.", ("Bộ Tài chính",), "bố trí kinh phí."),
        # a preamble, then the request
        (
            "Thực hiện Kết luận số 183-KL/TW, Ban Thường vụ Thành ủy yêu cầu các cấp ủy, cơ quan, đơn vị tiếp tục "
            "triển khai:",
            ("các cấp ủy, cơ quan, đơn vị",),
            "tiếp tục triển khai:",
        ),
        # a verb the lexicon does not list, known by its part of speech
        ("Sở Tài chính điều hành dự toán ngân sách.", ("Sở Tài chính",), "điều hành dự toán ngân sách."),
        # a "được …" clause narrows a listed set of bodies, as "có …" does
        (
            "Các tổ chức, cá nhân được cấp giấy phép khai thác khoáng sản có trách nhiệm bảo vệ khoáng sản.",
            ("Các tổ chức, cá nhân được cấp giấy phép khai thác khoáng sản",),
            "có trách nhiệm bảo vệ khoáng sản.",
        ),
        # the addressees stand behind "Đồng chí"
        ("Ban Tổ chức Trung ương đề nghị Đồng chí tập trung lãnh đạo.", ("Đồng chí",), "tập trung lãnh đạo."),
    ],
)
def test_parse_sentence_names_the_assignee(sentence, entries, task):
    p = parse_sentence(sentence)
    assert (p.entries, sentence[p.task_start :], p.finding, p.preamble) == (entries, task, False, False)


@pytest.mark.parametrize(
    "sentence",
    [
        "Cơ bản thống nhất với Báo cáo của Ban Tổ chức Trung ương.",
        "Bộ Chính trị, Ban Bí thư ghi nhận và biểu dương các cấp ủy.",
        # a verb of being or the issuer's courtesy states, it assigns nothing
        "Sở Tài chính là cơ quan thường trực của Ban Chỉ đạo.",
        "Văn phòng Chính phủ xin thông báo để các cơ quan biết.",
    ],
)
def test_parse_sentence_findings(sentence):
    p = parse_sentence(sentence)
    assert (p.entries, p.finding) == (None, True)


@pytest.mark.parametrize(
    "sentence",
    [
        "Thực hiện Kết luận số 183-KL/TW, ngày 01/8/2025 của Bộ Chính trị, Ban Bí thư về tích cực triển khai.",
        "Tại phiên họp ngày 28/11/2025, Bộ Chính trị, Ban Bí thư kết luận như sau:",
    ],
)
def test_parse_sentence_preambles(sentence):
    p = parse_sentence(sentence)
    assert (p.entries, p.preamble) == (None, True)


def test_parse_sentence_without_subject():
    p = parse_sentence("Rà soát, đánh giá thực trạng đội ngũ cán bộ.")
    assert (p.entries, p.task_start, p.finding, p.preamble) == (None, 0, False, False)


@pytest.mark.parametrize(
    ("text", "partners"),
    [
        (
            "chủ trì, phối hợp với Bộ Tài chính, Bộ Tư pháp và các cơ quan liên quan xây dựng đề án.",
            ("Bộ Tài chính", "Bộ Tư pháp", "các cơ quan liên quan"),
        ),
        ("phối hợp chặt chẽ với Ban Tuyên giáo và Dân vận Thành ủy chỉ đạo.", ("Ban Tuyên giáo và Dân vận Thành ủy",)),
        (
            "phối hợp Bộ Y tế, Bộ Giáo dục và Đào tạo và Bộ Nội vụ khẩn trương sắp xếp",
            ("Bộ Y tế", "Bộ Giáo dục và Đào tạo", "Bộ Nội vụ"),
        ),
        ("tự triển khai thực hiện.", ()),
    ],
)
def test_coordinators(text, partners):
    assert coordinators(text) == partners


def rows(texts: list[str], recipients: tuple[str, ...] = (), base: date = DOC) -> list[tuple]:
    """(clause, assignees, implicit, coordinators, task, deadline) of a body; "**…**" marks a bold line."""
    paras = [Line(text=t.strip("*"), bold=t.startswith("**")) for t in texts]
    walker = Walker(Header(recipients=list(recipients)), base)
    out = finish(walker.walk(build_outline(paras), Ctx()), recipients)
    return [
        (
            r.clause.path,
            list(r.assignees),
            r.implicit,
            list(r.coordinators),
            r.text,
            r.deadline.iso if r.deadline else None,
        )
        for r in out
    ]


def test_rows_split_when_a_new_sentence_names_another_agency():
    got = rows(
        [
            "1. Giao Bộ Nội vụ chủ trì, phối hợp với Bộ Tài chính rà soát biên chế. Bộ Tài chính bố trí "
            "kinh phí thực hiện.",
            "2. Các bộ, ngành tiếp tục rà soát thủ tục hành chính. Yêu cầu các tỉnh ủy, thành ủy chỉ đạo "
            "sắp xếp cán bộ "
            "cấp xã, hoàn thành trước ngày 31/8/2025.",
        ]
    )
    assert got == [
        ("1", ["Bộ Nội vụ"], False, ["Bộ Tài chính"], "chủ trì, phối hợp với Bộ Tài chính rà soát biên chế.", None),
        ("1", ["Bộ Tài chính"], False, [], "bố trí kinh phí thực hiện.", None),
        ("2", ["Các bộ, ngành"], False, [], "tiếp tục rà soát thủ tục hành chính.", None),
        (
            "2",
            ["các tỉnh ủy, thành ủy"],
            False,
            [],
            "chỉ đạo sắp xếp cán bộ cấp xã, hoàn thành trước ngày 31/8/2025.",
            "2025-08-31",
        ),
    ]


def test_a_sentence_without_subject_continues_the_row():
    got = rows(["3. Bộ Nội vụ chủ trì rà soát biên chế. Tổng hợp kết quả, báo cáo Bộ Chính trị."])
    assert got == [
        ("3", ["Bộ Nội vụ"], False, [], "chủ trì rà soát biên chế. Tổng hợp kết quả, báo cáo Bộ Chính trị.", None)
    ]


def test_findings_and_preambles_are_not_tasks():
    got = rows(
        [
            "Tại phiên họp ngày 8/8/2025, Bộ Chính trị kết luận như sau:",
            "1. Cơ bản thống nhất với Báo cáo của Ban Tổ chức Trung ương.",
            "Bộ Chính trị, Ban Bí thư ghi nhận và biểu dương các cấp ủy.",
            "2. Bộ Tài chính khẩn trương bố trí kinh phí.",
        ]
    )
    assert got == [("2", ["Bộ Tài chính"], False, [], "khẩn trương bố trí kinh phí.", None)]


def test_sub_items_inherit_from_an_introducing_clause_with_its_partners():
    got = rows(
        [
            "3. Bộ Nội vụ phối hợp với các bộ, ngành liên quan:",
            "(1) Rà soát biên chế các cơ quan hành chính nhà nước;",
            "(2) Hướng dẫn sắp xếp đơn vị sự nghiệp công lập.",
        ]
    )
    assert got == [
        (
            "3.(1)",
            ["Bộ Nội vụ"],
            False,
            ["các bộ, ngành liên quan"],
            "Rà soát biên chế các cơ quan hành chính nhà nước",
            None,
        ),
        (
            "3.(2)",
            ["Bộ Nội vụ"],
            False,
            ["các bộ, ngành liên quan"],
            "Hướng dẫn sắp xếp đơn vị sự nghiệp công lập.",
            None,
        ),
    ]


def test_items_inherit_from_an_introducing_paragraph():
    got = rows(
        [
            "Thực hiện Kết luận số 183-KL/TW, ngày 01/8/2025 của Bộ Chính trị, Ban Thường vụ Thành ủy "
            "yêu cầu các cấp ủy, "
            "cơ quan, đơn vị tiếp tục triển khai thực hiện một số nội dung sau:",
            "1. Rà soát, sắp xếp đội ngũ cán bộ cấp xã.",
            "2. Báo cáo kết quả về Ban Tổ chức Thành ủy trước ngày 25 hằng tháng.",
        ],
        recipients=KINH_GUI,
    )
    assert [r[:3] for r in got] == [
        ("1", ["các cấp ủy, cơ quan, đơn vị"], False),
        ("2", ["các cấp ủy, cơ quan, đơn vị"], False),
    ]


def test_a_situation_report_paragraph_is_no_duty_of_the_addressees():
    got = rows(
        [
            "Từ đầu năm 2025 đến nay, Chính phủ đã có nhiều văn bản chỉ đạo; các cân đối lớn được bảo đảm.",
            "Để tiếp tục ổn định kinh tế vĩ mô, đề nghị các đồng chí tập trung chỉ đạo rà soát thị trường.",
        ],
        recipients=KINH_GUI,
    )
    assert [r[:3] for r in got] == [("p2", list(KINH_GUI), True)]


def test_a_bullet_that_issues_a_plan_is_a_duty():
    got = rows(["**7. Ủy ban nhân dân các xã, phường**", "- Ban hành kế hoạch cụ thể về bảo vệ khoáng sản."])
    assert got == [
        ("7.-1", ["Ủy ban nhân dân các xã, phường"], False, [], "Ban hành kế hoạch cụ thể về bảo vệ khoáng sản.", None)
    ]


def test_a_heading_naming_only_a_long_body_leads_its_bullets():
    got = rows(
        [
            "4. Đơn vị quản lý vận hành hệ thống công trình thủy lợi Quản Lộ - Phụng Hiệp và các cống ngăn mặn ven"
            " biển Tây:",
            "- Vận hành các cống theo đúng quy trình.",
        ]
    )
    lead = "Đơn vị quản lý vận hành hệ thống công trình thủy lợi Quản Lộ - Phụng Hiệp và các cống ngăn mặn ven biển Tây"
    assert got == [("4.-1", [lead], False, [], "Vận hành các cống theo đúng quy trình.", None)]


def test_trong_do_then_a_body_is_a_row_of_its_own_with_its_deadline():
    got = rows(
        [
            "3. Các Sở: Tài chính, Xây dựng theo chức năng triển khai các giải pháp. Trong đó, Sở Tài chính tham mưu"
            " bố trí kinh phí, hoàn thành trước ngày 15/12."
        ]
    )
    assert [(r[0], r[1], r[5]) for r in got] == [
        ("3", ["Các Sở: Tài chính, Xây dựng"], None),
        ("3", ["Sở Tài chính"], "2025-12-15"),
    ]


def test_a_run_begun_inline_is_dated_by_its_closing_phrase():
    got = rows(
        [
            "2. Giao Sở Nông nghiệp và Môi trường:",
            "c) Rà soát phương án, gồm: (i) nạo vét các tuyến kênh trục;",
            "(ii) lắp đặt các công trình ngăn mặn tạm, hoàn thành trong tháng 11/2026.",
        ]
    )
    assert [(r[0], r[5]) for r in got] == [("2.c).(i)", "2026-11-30"), ("2.c).(ii)", "2026-11-30")]


def test_a_dash_inside_a_name_is_no_bullet():
    assert _entries_of_cell("Phòng Kế hoạch - Tài chính") == ("Phòng Kế hoạch - Tài chính",)
    assert _entries_of_cell("Bộ Lao động - Thương binh và Xã hội; Bộ Tài chính") == (
        "Bộ Lao động - Thương binh và Xã hội",
        "Bộ Tài chính",
    )
    assert _entries_of_cell("- Bộ Xây dựng - Bộ Công Thương") == ("Bộ Xây dựng", "Bộ Công Thương")


def test_bullets_that_only_list_bodies_lead_the_duties_after_them():
    got = rows(
        [
            "2. Giao các sở quản lý chuyên ngành về hạ tầng gồm:",
            "- Sở Công Thương (đối với hạ tầng cụm công nghiệp; hạ tầng thương mại);",
            "- Sở Xây dựng (đối với hạ tầng đô thị).",
            "Có trách nhiệm:",
            "a) Rà soát, thống kê tài sản kết cấu hạ tầng.",
        ]
    )
    task = "Rà soát, thống kê tài sản kết cấu hạ tầng."
    assert [(r[1], r[4]) for r in got] == [(["Sở Công Thương", "Sở Xây dựng"], task)]


def test_a_heading_naming_bodies_by_what_they_were_given_leads_its_items():
    got = rows(
        [
            "4. Các cơ quan, tổ chức, đơn vị, doanh nghiệp được giao quản lý, sử dụng hoặc khai thác tài sản kết cấu"
            " hạ tầng",
            "a) Thực hiện quản lý tài sản đúng mục đích.",
        ]
    )
    lead = "Các cơ quan, tổ chức, đơn vị, doanh nghiệp được giao quản lý, sử dụng hoặc khai thác tài sản kết cấu"
    assert [(r[0], r[1]) for r in got] == [("4.a)", [lead + " hạ tầng"])]


def test_a_closing_window_frames_a_weekly_report_and_is_no_deadline():
    got = rows(["2. Các đơn vị báo cáo kết quả trước 15 giờ ngày thứ Sáu hằng tuần (từ tháng 3 đến tháng 5/2026)."])
    assert [(r[0], r[5]) for r in got] == [("2", None)]


def test_items_inherit_from_a_heading():
    got = rows(
        [
            "**1. Các cấp ủy, địa phương, cơ quan, đơn vị**",
            "(1) Tiếp tục quán triệt các nghị quyết của Trung ương.",
            "(2) Rà soát đội ngũ cán bộ cấp xã.",
            "**2. Giao Ban Tổ chức Thành ủy**",
            "Chủ trì tham mưu sửa đổi quy định về công tác cán bộ.",
        ]
    )
    assert got == [
        (
            "1.(1)",
            ["Các cấp ủy, địa phương, cơ quan, đơn vị"],
            False,
            [],
            "Tiếp tục quán triệt các nghị quyết của Trung ương.",
            None,
        ),
        ("1.(2)", ["Các cấp ủy, địa phương, cơ quan, đơn vị"], False, [], "Rà soát đội ngũ cán bộ cấp xã.", None),
        ("2", ["Ban Tổ chức Thành ủy"], False, [], "Chủ trì tham mưu sửa đổi quy định về công tác cán bộ.", None),
    ]


def test_heading_inherits_to_bullets_and_a_bullet_names_its_partner():
    got = rows(
        [
            "**5. Sở Văn hoá, Thể thao và Du lịch**",
            "- Phối hợp với Ban Tuyên giáo và Dân vận Thành ủy chỉ đạo các cơ quan báo chí đưa tin.",
            "- Chỉ đạo, hướng dẫn tổ chức tốt công tác tuyên truyền cổ động trực quan.",
        ]
    )
    assert got == [
        (
            "5.-1",
            ["Sở Văn hoá, Thể thao và Du lịch"],
            False,
            ["Ban Tuyên giáo và Dân vận Thành ủy"],
            "Phối hợp với Ban Tuyên giáo và Dân vận Thành ủy chỉ đạo các cơ quan báo chí đưa tin.",
            None,
        ),
        (
            "5.-2",
            ["Sở Văn hoá, Thể thao và Du lịch"],
            False,
            [],
            "Chỉ đạo, hướng dẫn tổ chức tốt công tác tuyên truyền cổ động trực quan.",
            None,
        ),
    ]


def test_continuation_paragraphs_inherit_the_items_assignee():
    got = rows(
        [
            "2. Các cấp ủy, cơ quan, đơn vị tiếp tục quán triệt các nghị quyết.",
            "Tổ chức sơ kết, đánh giá kết quả thực hiện.",
            "Yêu cầu các tỉnh ủy, thành ủy báo cáo kết quả.",
        ]
    )
    assert got == [
        ("2", ["Các cấp ủy, cơ quan, đơn vị"], False, [], "tiếp tục quán triệt các nghị quyết.", None),
        ("2.p2", ["Các cấp ủy, cơ quan, đơn vị"], False, [], "Tổ chức sơ kết, đánh giá kết quả thực hiện.", None),
        ("2.p3", ["các tỉnh ủy, thành ủy"], False, [], "báo cáo kết quả.", None),
    ]


def test_implicit_assignees_from_kinh_gui_only_when_the_body_names_none():
    got = rows(
        [
            "Thực hiện Kết luận số 183-KL/TW, ngày 01/8/2025 của Bộ Chính trị, Ban Tổ chức Trung ương đề "
            "nghị các đồng chí "
            "quan tâm thực hiện một số nội dung sau:",
            "1. Rà soát, sắp xếp đội ngũ cán bộ cấp xã, hoàn thành trước ngày 15/9/2025.",
            "2. Bộ Tài chính khẩn trương bảo đảm kinh phí cho các địa phương.",
        ],
        recipients=KINH_GUI,
    )
    assert got == [
        (
            "1",
            list(KINH_GUI),
            True,
            [],
            "Rà soát, sắp xếp đội ngũ cán bộ cấp xã, hoàn thành trước ngày 15/9/2025.",
            "2025-09-15",
        ),
        ("2", ["Bộ Tài chính"], False, [], "khẩn trương bảo đảm kinh phí cho các địa phương.", None),
    ]


def test_no_recipients_and_no_assignee_gives_no_row():
    assert rows(["1. Rà soát, sắp xếp đội ngũ cán bộ cấp xã."]) == []


def test_closing_deadline_parenthesis_is_cut_and_covers_the_inline_run():
    got = rows(
        [
            "2. Giao Đảng ủy Chính phủ lãnh đạo, chỉ đạo: (1) Rà soát văn bản quy phạm pháp luật; (2) "
            "Sửa đổi các quy định "
            "về phân cấp; (3) Báo cáo kết quả thực hiện (hoàn thành trước ngày 30/9/2025).",
        ]
    )
    assert got == [
        ("2.(1)", ["Đảng ủy Chính phủ"], False, [], "Rà soát văn bản quy phạm pháp luật", "2025-09-30"),
        ("2.(2)", ["Đảng ủy Chính phủ"], False, [], "Sửa đổi các quy định về phân cấp", "2025-09-30"),
        ("2.(3)", ["Đảng ủy Chính phủ"], False, [], "Báo cáo kết quả thực hiện.", "2025-09-30"),
    ]


def test_closing_parenthesis_on_a_single_item():
    paras = [Line(text="1. Bộ Nội vụ chủ trì rà soát biên chế (hoàn thành trong quý III/2025).")]
    (r,) = finish(Walker(Header(), DOC).walk(build_outline(paras), Ctx()), ())
    assert r.text == "chủ trì rà soát biên chế."
    assert (r.deadline.iso, r.deadline.text) == ("2025-09-30", "hoàn thành trong quý III/2025")


def test_deadline_in_the_introducing_clause_covers_each_item():
    got = rows(
        [
            "5. Giao Bộ Nội vụ chủ trì, phối hợp với các bộ, ngành, địa phương thực hiện các nhiệm vụ sau, toàn bộ các "
            "nhiệm vụ này phải hoàn thành trước ngày 31/8/2025:",
            "(1) Rà soát biên chế các cơ quan.",
            "(2) Sắp xếp đơn vị sự nghiệp công lập.",
        ]
    )
    assert got == [
        ("5.(1)", ["Bộ Nội vụ"], False, ["các bộ, ngành, địa phương"], "Rà soát biên chế các cơ quan.", "2025-08-31"),
        (
            "5.(2)",
            ["Bộ Nội vụ"],
            False,
            ["các bộ, ngành, địa phương"],
            "Sắp xếp đơn vị sự nghiệp công lập.",
            "2025-08-31",
        ),
    ]


@pytest.mark.parametrize(
    ("item", "deadline", "recurrence", "due_time"),
    [
        (
            "3. Tổng hợp tình hình, gửi báo cáo về Ban Tổ chức Trung ương trước 16 giờ, ngày 22 hằng tháng.",
            None,
            "FREQ=MONTHLY;BYMONTHDAY=22",
            "16:00",
        ),
        ("3. Bộ Nội vụ báo cáo trước ngày 15 tháng 11 hằng năm.", None, "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=15", None),
        ("3. Bộ Công an khẩn trương triển khai ngay các biện pháp bảo đảm an ninh.", None, None, None),
        ("3. Bộ Nội vụ báo cáo định kỳ về Ban Tổ chức Trung ương.", None, None, None),
        (
            "3. Bộ Tài chính thực hiện chi trả chế độ cho người đã nghỉ hưu trước ngày 31/8/2025, hoàn "
            "thành chi trả trước "
            "ngày 15/10/2025.",
            "2025-10-15",
            None,
            None,
        ),
        ("3. Bộ Nội vụ báo cáo Bộ Chính trị trước ngày 20/9.", "2025-09-20", None, None),
        ("3. Bộ Nội vụ báo cáo Bộ Chính trị vào đầu tháng 11/2025.", None, None, None),
    ],
)
def test_row_deadlines(item, deadline, recurrence, due_time):
    paras = [Line(text=item)]
    (r,) = finish(Walker(Header(recipients=list(KINH_GUI)), DOC).walk(build_outline(paras), Ctx()), KINH_GUI)
    d = r.deadline
    assert (d.iso if d else None, d.recurrence if d else None, d.due_time if d else None) == (
        deadline,
        recurrence,
        due_time,
    )


def test_non_task_sections_give_no_rows():
    got = rows(
        [
            "I. MỤC ĐÍCH, YÊU CẦU",
            "1. Nâng cao chất lượng văn bản.",
            "II. TỔ CHỨC THỰC HIỆN",
            "1. Sở Tư pháp chủ trì theo dõi, đôn đốc thực hiện.",
        ]
    )
    assert got == [("II.1", ["Sở Tư pháp"], False, [], "chủ trì theo dõi, đôn đốc thực hiện.", None)]


def test_a_topic_heading_on_findings_gives_no_rows_however_long():
    got = rows(
        [
            "**1. Về đánh giá tình hình hoạt động từ tháng 6/2022 đến nay**",
            "(1) Văn phòng Trung ương Đảng tiếp tục khẳng định được vai trò trung tâm thông tin.",
            "**2. Về nhiệm vụ trọng tâm thời gian tới**",
            "(1) Văn phòng Trung ương Đảng nâng cao chất lượng công tác tham mưu.",
        ]
    )
    assert got == [("2.(1)", ["Văn phòng Trung ương Đảng"], False, [], "nâng cao chất lượng công tác tham mưu.", None)]


def test_field_bullets_describe_the_item():
    got = rows(
        [
            "1. Xây dựng cơ sở dữ liệu dùng chung của tỉnh",
            "- Cơ quan chủ trì: Sở Khoa học và Công nghệ.",
            "- Cơ quan phối hợp: Sở Nội vụ; Sở Tài chính.",
            "- Thời gian hoàn thành: Quý IV/2025.",
        ]
    )
    assert got == [
        (
            "1",
            ["Sở Khoa học và Công nghệ"],
            False,
            ["Sở Nội vụ", "Sở Tài chính"],
            "Xây dựng cơ sở dữ liệu dùng chung của tỉnh",
            "2025-12-31",
        )
    ]


def test_field_lines_after_a_run_of_bullets_describe_every_bullet_of_the_run():
    got = rows(
        [
            "**4. Nâng cao phẩm chất, năng lực cho đội ngũ cán bộ**",
            "- Sở Nội vụ rà soát tiêu chuẩn chức danh.",
            "- Tăng cường công tác giáo dục chính trị, tư tưởng cho đội ngũ cán bộ.",
            "- Nâng cao ý thức trách nhiệm của đội ngũ cán bộ.",
            "Đơn vị thực hiện: Các Sở, ngành, UBND cấp xã.",
            "Đơn vị phối hợp: Sở Tư pháp.",
            "Thời gian thực hiện: Năm 2026.",
        ]
    )
    assert got == [
        ("4.-1", ["Sở Nội vụ"], False, [], "rà soát tiêu chuẩn chức danh.", None),
        (
            "4.-2",
            ["Các Sở, ngành, UBND cấp xã"],
            False,
            ["Sở Tư pháp"],
            "Tăng cường công tác giáo dục chính trị, tư tưởng cho đội ngũ cán bộ.",
            "2026-12-31",
        ),
        (
            "4.-3",
            ["Các Sở, ngành, UBND cấp xã"],
            False,
            ["Sở Tư pháp"],
            "Nâng cao ý thức trách nhiệm của đội ngũ cán bộ.",
            "2026-12-31",
        ),
    ]


def test_what_an_inspection_covers_is_one_task_with_its_time():
    # the bullets after "Cụ thể:" are the objects of the inspection, not duties of their own
    got = rows(
        [
            "1. Giám sát việc thành lập các tổ chức phụ trách bầu cử",
            "- Ban Thường trực Ủy ban MTTQ Việt Nam phường giám sát việc thành lập các tổ chức bầu cử. Cụ thể:",
            "- Cơ cấu, thành phần, số lượng thành viên Tổ bầu cử;",
            "- Việc ban hành các văn bản liên quan đến công tác bầu cử.",
            "* Thời gian thực hiện: Trong khoảng thời gian từ ngày 01/12/2025 đến ngày 14/12/2025.",
            "2. Kiểm tra, giám sát việc tuyên truyền",
            "Ban Thường trực Ủy ban MTTQ Việt Nam phường kiểm tra, giám sát việc tuyên truyền. Cụ thể:",
            "- Trách nhiệm của các cơ quan thông tin đại chúng;",
            "- Việc tuyên truyền công tác bầu cử ở địa phương.",
        ]
    )
    assert got == [
        (
            "1.-1",
            ["Ban Thường trực Ủy ban MTTQ Việt Nam phường"],
            False,
            [],
            "giám sát việc thành lập các tổ chức bầu cử. Cụ thể: - Cơ cấu, thành phần, số lượng thành viên "
            "Tổ bầu cử; - Việc ban hành các văn bản liên quan đến công tác bầu cử.",
            "2025-12-14",
        ),
        (
            "2.p2",
            ["Ban Thường trực Ủy ban MTTQ Việt Nam phường"],
            False,
            [],
            "kiểm tra, giám sát việc tuyên truyền. Cụ thể: - Trách nhiệm của các cơ quan thông tin đại chúng; - Việc "
            "tuyên truyền công tác bầu cử ở địa phương.",
            None,
        ),
    ]


def test_duties_after_an_introduction_keep_their_rows():
    got = rows(
        [
            "1. Sở Nội vụ chủ trì thực hiện các nhiệm vụ sau. Cụ thể:",
            "- Rà soát danh sách cử tri;",
            "- Xây dựng kế hoạch tuyên truyền;",
            "- Nghị định quy định chi tiết Luật Bầu cử.",
        ]
    )
    assert [(c, a, t) for c, a, _, _, t, _ in got] == [
        ("1.-1", ["Sở Nội vụ"], "Rà soát danh sách cử tri"),
        ("1.-2", ["Sở Nội vụ"], "Xây dựng kế hoạch tuyên truyền"),
        ("1.-3", ["Sở Nội vụ"], "Nghị định quy định chi tiết Luật Bầu cử."),
    ]


def test_a_heading_that_names_only_a_body_is_the_lead_as_a_whole():
    got = rows(
        [
            "1. Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban quản lý Khu Kinh tế tỉnh):",
            "a) Là đầu mối tiếp nhận hồ sơ đề xuất dự án.",
            "2. Sở Tư pháp thẩm định các văn bản sau:",
            "a) Dự thảo quy chế phối hợp.",
            "3. Thuế tỉnh Đắk Lắk",
            "a) Đánh giá về ưu đãi đầu tư.",
        ]
    )
    assert [(c, a) for c, a, *_ in got] == [
        ("1.a)", ["Các cơ quan đăng ký đầu tư"]),
        ("2.a)", ["Sở Tư pháp"]),
        ("3.a)", ["Thuế tỉnh Đắk Lắk"]),
    ]


def test_a_list_of_bodies_before_a_semicolon_leads_the_next_sentence():
    got = rows(["1. Thủ trưởng các Sở, ban, ngành; Chủ tịch UBND cấp xã có trách nhiệm triển khai thực hiện."])
    assert [(a, t) for _, a, _, _, t, _ in got] == [
        (["Thủ trưởng các Sở, ban, ngành", "Chủ tịch UBND cấp xã"], "có trách nhiệm triển khai thực hiện.")
    ]


def test_bullets_after_one_that_names_the_lead_are_its_duties():
    got = rows(
        [
            "8. Công tác thi đua",
            "- Ủy ban MTTQ Việt Nam xã tổ chức phát động đợt thi đua.",
            "- Chỉ đạo tốt công tác tuyên truyền.",
            "- Hội nghị thông qua biên bản hội nghị.",
        ]
    )
    assert [(c, a, t) for c, a, _, _, t, _ in got] == [
        ("8.-1", ["Ủy ban MTTQ Việt Nam xã"], "tổ chức phát động đợt thi đua."),
        ("8.-2", ["Ủy ban MTTQ Việt Nam xã"], "Chỉ đạo tốt công tác tuyên truyền."),
    ]


def test_a_lead_from_the_heading_is_not_replaced_by_a_sibling():
    got = rows(["1. Sở Y tế:", "- Bộ phận một cửa tiếp nhận hồ sơ.", "- Chỉ đạo các bệnh viện."])
    assert [a for _, a, *_ in got] == [["Bộ phận một cửa"], ["Sở Y tế"]]


def test_a_phase_heading_dates_its_items():
    got = rows(
        [
            "**2. Nội dung tuyên truyền theo thời gian**",
            "**2.1. Đợt 1: Trong tháng 12/2025**",
            "- Sở Văn hóa tuyên truyền Chỉ thị số 46-CT/TW của Bộ Chính trị.",
            "**2.2. Nội dung tuyên truyền trong năm 2026**",
            "- Sở Văn hóa tuyên truyền kết quả bầu cử.",
        ]
    )
    assert [(c, d) for c, *_, d in got] == [("2.1.-1", "2025-12-31"), ("2.2.-1", None)]


def test_agenda_steps_and_stray_capital_headings_are_not_duties():
    got = rows(
        [
            "1. Ban Thường trực Ủy ban MTTQ xã triệu tập hội nghị:",
            "- Hội nghị biểu quyết bằng hình thức giơ tay.",
            "- Cử tri phát biểu ý kiến đối với từng người ứng cử.",
            "- Thông qua biên bản hội nghị.",
            "NỘI DUNG, TRÌNH TỰ, THỦ TỤC HIỆP THƯƠNG",
        ]
    )
    assert [(c, a, t) for c, a, _, _, t, _ in got] == [
        ("1.-3", ["Ban Thường trực Ủy ban MTTQ xã"], "Thông qua biên bản hội nghị."),
    ]


def test_a_step_window_dates_its_duties_and_not_its_agenda():
    got = rows(
        [
            "**BƯỚC MỘT**",
            "**Tổ chức hội nghị hiệp thương lần thứ nhất**",
            "(Thực hiện từ ngày 01/12 đến ngày 10/12/2025)",
            "1. Ban Thường trực Ủy ban MTTQ tỉnh triệu tập và chủ trì hội nghị.",
            "2. Hội nghị thảo luận để thỏa thuận về cơ cấu, thành phần.",
        ]
    )
    assert [(c, a, d) for c, a, _, _, _, d in got] == [
        ("BƯỚC MỘT.1", ["Ban Thường trực Ủy ban MTTQ tỉnh"], "2025-12-10"),
    ]


def test_the_issuer_announcing_its_guidance_leads_none_of_it():
    got = rows(
        [
            "Ban Thường trực Ủy ban MTTQ tỉnh hướng dẫn quy trình hiệp thương như sau:",
            "1. Tổ chức hội nghị hiệp thương lần thứ nhất.",
            "2. Sở Nội vụ tổng hợp danh sách.",
        ]
    )
    assert [(c, a) for c, a, *_ in got] == [("2", ["Sở Nội vụ"])]


def test_who_attends_and_the_order_of_business_are_not_duties():
    got = rows(
        [
            "1. Ủy ban nhân dân xã tổ chức hội nghị cử tri.",
            "1.1. Thành phần dự họp:",
            "- Ban lãnh đạo cơ quan đối với cơ quan nhà nước.",
            "1.2. Trình tự, thủ tục tổ chức cuộc họp:",
            "- Thông qua biên bản cuộc họp.",
        ]
    )
    assert [(c, a) for c, a, *_ in got] == [("1", ["Ủy ban nhân dân xã"])]


@pytest.mark.parametrize(
    ("sentence", "entries", "task"),
    [
        ("Nếu phát sinh vướng mắc thì Sở Tư pháp báo cáo Ủy ban nhân dân tỉnh.", ("Sở Tư pháp",), "báo cáo"),
        ("Khi có yêu cầu thì Sở Y tế, Sở Tài chính phối hợp thực hiện.", ("Sở Y tế", "Sở Tài chính"), "phối hợp"),
        (
            "Trường hợp người ứng cử công tác tại cơ quan Đảng thì việc tổ chức hội nghị do Sở Nội vụ triệu tập.",
            ("Sở Nội vụ",),
            "triệu tập",
        ),
    ],
)
def test_the_subject_of_a_consequent_is_the_lead(sentence, entries, task):
    p = parse_sentence(sentence)
    assert (p.entries, sentence[p.task_start :].split()[0]) == (entries, task.split()[0])


def test_a_right_after_then_is_no_duty_subject():
    p = parse_sentence("Trường hợp chưa có ý kiến thì cơ quan đăng ký có quyền yêu cầu bổ sung.")
    assert p.entries is None


def test_a_manner_between_the_subject_and_its_duty():
    s = (
        "các bộ, ngành, địa phương, các nhà thầu trên tinh thần “tất cả vì nhân dân”, trong phân công công việc "
        "bảo đảm rõ người, rõ việc, chủ động giải quyết công việc theo thẩm quyền."
    )
    p = parse_sentence(s)
    assert (p.entries, s[p.task_start :][:14]) == (("các bộ, ngành, địa phương", "các nhà thầu"), "trên tinh thần")


def test_a_requirement_that_binds_a_named_body_is_a_duty():
    got = rows(
        [
            "**I. MỤC ĐÍCH, YÊU CẦU**",
            "1. Bảo đảm việc tiếp công dân đúng quy định.",
            "2. Đối với các khiếu nại về người ứng cử, Ban Thường trực Ủy ban MTTQ xã phải kịp thời chuyển đơn.",
        ]
    )
    assert [(c, a, t) for c, a, _, _, t, _ in got] == [
        ("I.2", ["Ban Thường trực Ủy ban MTTQ xã"], "phải kịp thời chuyển đơn."),
    ]


@pytest.mark.parametrize(
    ("sentence", "entries", "task"),
    [
        (
            "Giao các Bộ: Công an, Tài chính, Nông nghiệp và Môi trường có ý kiến trước ngày 10/5/2026.",
            ("các Bộ: Công an, Tài chính, Nông nghiệp và Môi trường",),
            "có ý kiến",
        ),
        (
            "Các Bộ: Tài chính, Y tế, Tư pháp, Nội vụ khẩn trương hướng dẫn.",
            ("Các Bộ: Tài chính, Y tế, Tư pháp, Nội vụ",),
            "khẩn trương",
        ),
        ("Các Bộ: báo cáo kết quả.", ("Các Bộ",), "báo cáo"),  # no list after the colon
        (  # "giao" ends a listed body's name (Bộ Ngoại giao), it is not the verb "giao"
            "Các Bộ: Công Thương, Nông nghiệp và Môi trường, Ngoại giao thành lập các Tổ công tác.",
            ("Các Bộ: Công Thương, Nông nghiệp và Môi trường, Ngoại giao",),
            "thành lập",
        ),
    ],
)
def test_bodies_listed_after_a_head_colon_share_its_entry(sentence, entries, task):
    p = parse_sentence(sentence)
    assert (p.entries, sentence[p.task_start :].startswith(task)) == (entries, True)


def test_a_question_and_a_summing_up_assign_nothing():
    got = rows(
        [
            "**Thủ tướng yêu cầu Bộ Nông nghiệp và Môi trường hoàn thành hướng dẫn khi nào?**",
            "1. Bộ Nông nghiệp và Môi trường ban hành hướng dẫn quy trình sản xuất an toàn.",
            "Như vậy, Bộ Nông nghiệp và Môi trường có trách nhiệm ban hành hướng dẫn quy trình sản xuất.",
        ]
    )
    assert [(c, a, t) for c, a, _, _, t, _ in got] == [
        ("1", ["Bộ Nông nghiệp và Môi trường"], "ban hành hướng dẫn quy trình sản xuất an toàn.")
    ]


def test_issuing_a_guide_is_a_duty_unless_it_introduces_the_text():
    assert rows(["1. Bộ Nội vụ ban hành hướng dẫn chế độ làm việc của công chức cấp xã."]) == [
        ("1", ["Bộ Nội vụ"], False, [], "ban hành hướng dẫn chế độ làm việc của công chức cấp xã.", None)
    ]
    assert parse_sentence("Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện Chỉ thị số 05, cụ thể như sau:").finding


def test_names_a_cell_ran_together_are_split():
    # a lead cell's lines joined without a mark, and a semicolon OCR read as a colon
    assert _entries_of_cell("Ngân hàng Nhà nước Việt Nam Bộ Công an; Bộ Quốc phòng: Bộ Tài chính") == (
        "Ngân hàng Nhà nước Việt Nam",
        "Bộ Công an",
        "Bộ Quốc phòng",
        "Bộ Tài chính",
    )
    assert _entries_of_cell("Ủy ban nhân dân tỉnh Quảng Ninh") == ("Ủy ban nhân dân tỉnh Quảng Ninh",)


def test_a_body_told_of_before_the_introducing_sentence_does_not_lead_its_items():
    got = rows(
        [
            "Ban Tổ chức Hội nghị nhận được 16 tham luận. Đồng chí Chánh Văn phòng đã kết luận như sau:",
            "1. Tiếp tục nâng cao chất lượng công tác tham mưu.",
        ],
        recipients=("Các văn phòng tỉnh ủy",),
    )
    assert [(a, i) for _, a, i, _, _, _ in got] == [(["Các văn phòng tỉnh ủy"], True)]


def test_a_target_set_before_the_subject_dates_the_items_it_introduces():
    got = rows(
        [
            "2. Để bảo đảm tiến độ, phấn đấu hoàn thành xây dựng trước ngày 30 tháng 11 năm 2025, yêu cầu "
            "Bộ Y tế và các bộ liên quan thực hiện các nội dung sau:",
            "(1) Bộ Công an hướng dẫn thẩm định phòng cháy, chữa cháy.",
        ]
    )
    assert [(c, a, d) for c, a, _, _, _, d in got] == [("2.(1)", ["Bộ Công an"], "2025-11-30")]


@pytest.mark.parametrize(
    ("sentence", "entries", "task"),
    [
        (
            "Quá trình tổ chức thực hiện nếu có khó khăn, vướng mắc thì các văn phòng tỉnh uỷ, thành uỷ "
            "kịp thời báo cáo.",
            ("các văn phòng tỉnh uỷ, thành uỷ",),
            "kịp thời báo cáo.",
        ),
        (
            "Văn phòng Trung ương Đảng và các văn phòng tỉnh uỷ cụ thể hoá để tổ chức thực hiện.",
            ("Văn phòng Trung ương Đảng", "các văn phòng tỉnh uỷ"),
            "cụ thể hoá",
        ),
        (
            "Đề nghị thường trực các tỉnh uỷ, thành uỷ tiếp tục quan tâm chỉ đạo.",
            ("thường trực các tỉnh uỷ, thành uỷ",),
            "tiếp tục",
        ),
    ],
)
def test_subjects_of_closing_formulas_and_requests(sentence, entries, task):
    p = parse_sentence(sentence)
    assert (p.entries, sentence[p.task_start :].startswith(task)) == (entries, True)


def test_a_titled_item_described_by_field_bullets():
    got = rows(
        [
            "**1. Tổ chức tập huấn nghiệp vụ**",
            "- Nội dung thực hiện: Tổ chức tập huấn, bồi dưỡng nghiệp vụ cho công chức.",
            "- Cơ quan chủ trì: Sở Nội vụ, Sở Tài chính.",
            "- Thời gian thực hiện: Quý IV năm 2025.",
            "**2. Phổ biến Luật Việc làm**",
            "- Cơ quan thực hiện: Sở Nội vụ chủ trì tham mưu ban hành Kế hoạch; "
            "Sở Tư pháp chủ động tổ chức triển khai Luật.",
        ]
    )
    assert [(c, a, t, d) for c, a, _, _, t, d in got] == [
        ("1", ["Sở Nội vụ", "Sở Tài chính"], "Tổ chức tập huấn, bồi dưỡng nghiệp vụ cho công chức", "2025-12-31"),
        ("2", ["Sở Nội vụ"], "chủ trì tham mưu ban hành Kế hoạch", None),
        ("2", ["Sở Tư pháp"], "chủ động tổ chức triển khai Luật", None),
    ]


def test_a_title_naming_whose_duties_follow_leads_its_bullets():
    got = rows(["2. Trách nhiệm của Ngân hàng Nhà nước Việt Nam", "- Rà soát các văn bản.", "- Đầu mối đôn đốc."])
    assert [(c, a) for c, a, _, _, _, _ in got] == [
        ("2.-1", ["Ngân hàng Nhà nước Việt Nam"]),
        ("2.-2", ["Ngân hàng Nhà nước Việt Nam"]),
    ]


def test_a_paragraph_dating_the_items_above_it_is_their_deadline_not_a_task():
    got = rows(
        [
            "3. Giao Đảng ủy Chính phủ lãnh đạo, chỉ đạo:",
            "(1) Bộ Nội vụ chủ trì nghiên cứu chế độ phụ cấp.",
            "(2) Rà soát quy định về cơ sở dữ liệu đảng viên.",
            "Các nhiệm vụ trên hoàn thành trước ngày 30/9/2025.",
            "4. Bộ Công an bảo đảm an ninh mạng.",
        ]
    )
    assert [(r[0], r[1], r[5]) for r in got] == [
        ("3.(1)", ["Bộ Nội vụ"], "2025-09-30"),
        ("3.(2)", ["Đảng ủy Chính phủ"], "2025-09-30"),
        ("4", ["Bộ Công an"], None),
    ]


def test_a_lone_role_after_a_semicolon_is_the_role_of_the_items_bodies():
    got = rows(
        [
            "1. Các sở, ban, ngành; Ủy ban nhân dân các xã, phường:",
            "a) Xác định giải ngân là nhiệm vụ trọng tâm; người đứng đầu trực tiếp chỉ đạo, chịu trách nhiệm"
            " về kết quả.",
        ]
    )
    assert [(r[0], r[1], r[4]) for r in got] == [
        (
            "1.a)",
            ["Các sở, ban, ngành", "Ủy ban nhân dân các xã, phường"],
            "Xác định giải ngân là nhiệm vụ trọng tâm; người đứng đầu trực tiếp chỉ đạo, chịu trách nhiệm về kết quả.",
        )
    ]


def test_a_heading_naming_the_leadership_of_a_body_leads_its_bullets():
    got = rows(["**n) Lãnh đạo Ban Dân nguyện**", "- Chủ trì giúp Ủy ban Thường vụ Quốc hội tiếp công dân."])
    assert [(r[0], r[1]) for r in got] == [("n).-1", ["Lãnh đạo Ban Dân nguyện"])]


def test_an_inline_run_begun_on_its_own_line_is_split_and_dated_by_its_close():
    got = rows(
        [
            "2. Sở Tài chính:",
            "b) Chủ trì, phối hợp với Sở Xây dựng thực hiện:",
            "(i) kiểm tra hiện trường các dự án; (ii) đôn đốc các chủ đầu tư nghiệm thu; (iii) tổng hợp kiến nghị,"
            " hoàn thành trong tháng 11 năm 2025.",
        ]
    )
    assert [(r[0], r[1], r[3], r[4], r[5]) for r in got] == [
        ("2.b).(i)", ["Sở Tài chính"], ["Sở Xây dựng"], "kiểm tra hiện trường các dự án", "2025-11-30"),
        ("2.b).(ii)", ["Sở Tài chính"], ["Sở Xây dựng"], "đôn đốc các chủ đầu tư nghiệm thu", "2025-11-30"),
        (
            "2.b).(iii)",
            ["Sở Tài chính"],
            ["Sở Xây dựng"],
            "tổng hợp kiến nghị, hoàn thành trong tháng 11 năm 2025.",
            "2025-11-30",
        ),
    ]


def test_a_project_before_a_colon_then_its_lead():
    got = rows(
        [
            "Thứ năm, đối với một số dự án cụ thể:",
            "- Dự án Nhà ở xã hội tại phường Long Bình: Sở Tư pháp chủ trì, phối hợp với Sở Xây dựng rà soát"
            " phương án xử lý vướng mắc.",
        ]
    )
    assert [(r[0], r[1], r[3]) for r in got] == [("Thứ năm.-1", ["Sở Tư pháp"], ["Sở Xây dựng"])]


def test_what_the_attendees_said_is_no_duty_and_the_conclusions_are():
    got = rows(
        [
            "**I. Ý KIẾN CỦA CÁC ĐẠI BIỂU DỰ HỌP**",
            "Sở Tài chính đề nghị các chủ đầu tư khẩn trương hoàn thiện hồ sơ ưu đãi đầu tư.",
            "**II. Ý KIẾN KẾT LUẬN**",
            "Giao Sở Xây dựng chủ trì rà soát tiến độ các dự án.",
        ]
    )
    assert [(r[0], r[1]) for r in got] == [("II", ["Sở Xây dựng"])]


def test_a_body_named_as_the_standing_agency_with_a_duty():
    got = rows(
        ["3. Sở Văn hóa, Thể thao và Du lịch là cơ quan thường trực, có trách nhiệm hướng dẫn, kiểm tra việc làm."]
    )
    assert [(r[0], r[1], r[4]) for r in got] == [
        (
            "3",
            ["Sở Văn hóa, Thể thao và Du lịch"],
            "là cơ quan thường trực, có trách nhiệm hướng dẫn, kiểm tra việc làm.",
        )
    ]


def test_a_request_chained_after_oversight_verbs_stays_with_the_sentences_body():
    got = rows(
        [
            "5. Sở Xây dựng",
            "- Chủ trì rà soát các thiết bị khai thác cát; đối với các dự án đã phê duyệt, chủ động hướng dẫn,"
            " đôn đốc, yêu cầu các đơn vị điều chỉnh thiết kế.",
        ]
    )
    assert [(r[0], r[1]) for r in got] == [("5.-1", ["Sở Xây dựng"])]


def test_a_general_duties_title_names_the_lead_of_its_bullets():
    got = rows(["1. Trách nhiệm chung của các cơ quan, đơn vị", "- Lãnh đạo, chỉ đạo thực hiện nghiêm các quy định."])
    assert [(r[0], r[1]) for r in got] == [("1.-1", ["các cơ quan, đơn vị"])]
