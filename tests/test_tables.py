"""Task tables: column roles from the header row, one task a duty row, PL.<STT> clause paths."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.model import Clause
from pipeline.tables import column_roles, header_index, is_task_table, table_rows
from pipeline.tasks import Ctx

HEADER = ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm")


@pytest.mark.parametrize(
    ("header", "roles"),
    [
        (HEADER, {0: "number", 1: "content", 2: "lead", 3: "partner", 4: "time", 5: "product"}),
        (
            ("TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"),
            {0: "number", 1: "content", 2: "lead", 3: "partner", 4: "time"},
        ),
        (("Họ và tên", "Năm sinh", "Quê quán"), {}),
    ],
)
def test_column_roles(header, roles):
    assert column_roles(header) == roles


def test_header_index_finds_the_header_below_a_title_row():
    rows = [("Kế hoạch thực hiện",) * 6, HEADER, ("1", "Việc", "Bộ Nội vụ", "", "Quý IV/2025", "")]
    assert header_index(rows) == 1
    assert is_task_table(rows) is True


@pytest.mark.parametrize(
    "rows",
    [
        [("Họ và tên", "Năm sinh"), ("Nguyễn Văn A", "1970")],
        [("STT", "Nội dung"), ("1", "Việc")],  # no lead and no time column
        [("a", "b")],
    ],
)
def test_not_task_tables(rows):
    assert header_index(rows) is None
    assert is_task_table(rows) is False


ROWS = [
    HEADER,
    ("(1)", "(2)", "(3)", "(4)", "(5)", "(6)"),  # column numbers: not a task
    ("I", "CÔNG TÁC TUYÊN TRUYỀN", "", "", "", ""),  # a group row: not a task; its STT heads the paths below
    ("1", "Tổ chức hội nghị quán triệt kết luận", "Sở Nội vụ", "Sở Tư pháp; Sở Tài chính", "Quý IV/2025", "Hội nghị"),
    ("2", "Rà soát văn bản quy phạm pháp luật", "Sở Tư pháp", "", "Tháng 12/2025", "Báo cáo"),
    ("3", "Xây dựng cơ sở dữ liệu dùng chung", "Sở Khoa học và Công nghệ", "Các sở, ngành", "Năm 2026", ""),
    ("4", "Theo dõi, đôn đốc việc thực hiện kế hoạch", "Văn phòng UBND tỉnh", "", "Thường xuyên", ""),
    ("5", "Báo cáo kết quả thực hiện kế hoạch", "Sở Nội vụ", "", "Hằng năm", ""),
    HEADER,  # a header repeated on the next page
]


def test_table_rows():
    got = table_rows(Clause(path="PL", label="", text=""), ROWS, Ctx(), date(2025, 9, 1))
    assert [
        (
            r.clause.path,
            r.clause.label,
            r.assignees,
            r.coordinators,
            r.text,
            r.explicit,
            r.deadline.iso,
            r.deadline.text,
            r.deadline.recurrence,
        )
        for r in got
    ] == [
        (
            "PL.I.1",
            "1",
            ("Sở Nội vụ",),
            ("Sở Tư pháp", "Sở Tài chính"),
            "Tổ chức hội nghị quán triệt kết luận",
            True,
            "2025-12-31",
            "Quý IV/2025",
            None,
        ),
        (
            "PL.I.2",
            "2",
            ("Sở Tư pháp",),
            (),
            "Rà soát văn bản quy phạm pháp luật",
            True,
            "2025-12-31",
            "Tháng 12/2025",
            None,
        ),
        (
            "PL.I.3",
            "3",
            ("Sở Khoa học và Công nghệ",),
            ("Các sở, ngành",),
            "Xây dựng cơ sở dữ liệu dùng chung",
            True,
            "2026-12-31",
            "Năm 2026",
            None,
        ),
        (
            "PL.I.4",
            "4",
            ("Văn phòng UBND tỉnh",),
            (),
            "Theo dõi, đôn đốc việc thực hiện kế hoạch",
            True,
            None,
            "Thường xuyên",
            None,
        ),
        (
            "PL.I.5", "5", ("Sở Nội vụ",), (), "Báo cáo kết quả thực hiện kế hoạch",
            True, None, "Hằng năm", "FREQ=YEARLY",
        ),
    ]
    assert got[0].clause.cells == {
        "number": "1",
        "content": "Tổ chức hội nghị quán triệt kết luận",
        "lead": "Sở Nội vụ",
        "partner": "Sở Tư pháp; Sở Tài chính",
        "time": "Quý IV/2025",
        "product": "Hội nghị",
    }


def test_annex_number_and_printed_stt_make_the_path():
    rows = [HEADER, ("1.3", "Tập huấn cán bộ", "Sở Nội vụ", "", "Quý I/2026", "")]
    (r,) = table_rows(Clause(path="PLII", label="", text=""), rows, Ctx(), date(2025, 9, 1))
    assert (r.clause.path, r.deadline.iso) == ("PLII.1.3", "2026-03-31")


def test_a_row_without_lead_takes_the_context_assignee():
    rows = [("STT", "Nội dung", "Thời gian thực hiện"), ("1", "Tổ chức tập huấn cho cán bộ cấp xã", "Tháng 10/2025")]
    (r,) = table_rows(Clause(path="PL", label="", text=""), rows, Ctx(assignees=("Sở Nội vụ",)), date(2025, 9, 1))
    assert (r.clause.path, r.assignees, r.explicit, r.deadline.iso) == ("PL.1", ("Sở Nội vụ",), False, "2025-10-31")


def test_a_row_without_stt_is_numbered_by_position():
    rows = [HEADER, ("", "Tổ chức tập huấn cho cán bộ cấp xã", "Sở Nội vụ", "", "Tháng 10/2025", "")]
    (r,) = table_rows(Clause(path="PL", label="", text=""), rows, Ctx(), date(2025, 9, 1))
    assert r.clause.path == "PL.1"


def test_not_a_task_table_gives_no_rows():
    rows = [("Họ và tên", "Năm sinh"), ("Nguyễn Văn A", "1970")]
    assert table_rows(Clause(path="PL", label="", text=""), rows, Ctx(), date(2025, 9, 1)) == []


TIME_CELLS = [
    ("2026 - 2030", "2030-12-31"),
    ("2026-2027", "2027-12-31"),
    ("2027", "2027-12-31"),
    ("6/2025", "2025-06-30"),
    ("Thời gian hoàn thành 11/8/14", "2014-08-11"),
    ("Theo tiến độ của Luật An ninh mạng 2025", None),
    ("Triển khai từ năm 2026", None),
    ("Giai đoạn 2026 - 2027, thực hiện mở rộng sau năm 2028", "2027-12-31"),
]


@pytest.mark.parametrize(("cell", "iso"), TIME_CELLS)
def test_time_column_bare_years_months_and_short_dates(cell, iso):
    rows = [HEADER, ("1", "Việc cần làm ngay", "Sở Nội vụ", "", cell, "")]
    (row,) = table_rows(Clause(path="PL", label="", text=""), rows, Ctx(), date(2014, 7, 1))
    assert row.deadline.iso == iso


def test_group_label_is_a_label_not_an_agency_in_the_stt_column():
    rows = [
        HEADER,
        ("PHÒNG KINH TẾ", "", "", "", "", ""),
        ("01", "Khảo sát thực tế các tuyến đường", "Phòng Kinh tế", "", "", ""),
        ("A", "NHÓM NHIỆM VỤ THỂ CHẾ", "", "", "", ""),
        ("1", "Rà soát quy định về phí", "Phòng Tài chính", "", "", ""),
    ]
    got = table_rows(Clause(path="PL", label="", text=""), rows, Ctx(), date(2014, 7, 1))
    assert [r.clause.path for r in got] == ["PL.01", "PL.A.1"]


def test_empty_time_column_takes_a_firm_deadline_from_the_content():
    rows = [HEADER, ("2", "Báo cáo, đề xuất hướng giải quyết trước ngày 13/8/2014", "Phòng Kinh tế", "", "", "")]
    (row,) = table_rows(Clause(path="PL", label="", text=""), rows, Ctx(), date(2014, 7, 1))
    assert (row.deadline.iso, row.deadline.text) == ("2014-08-13", "trước ngày 13/8/2014")


def test_a_task_name_column_is_the_content_before_a_main_content_column():
    header = ("STT", "Tên dự án, nhiệm vụ", "Nội dung chính", "Cơ quan chủ trì", "Thời gian thực hiện")
    assert column_roles(header) == {0: "number", 1: "content", 3: "lead", 4: "time"}


@pytest.mark.parametrize("cell", ["Giai đoạn 2026-2030 và những năm tiếp theo", "2025 và những năm tiếp theo"])
def test_an_open_ended_period_is_no_deadline(cell):
    rows = [HEADER, ("1", "Việc cần làm", "Sở Nội vụ", "", cell, "")]
    (row,) = table_rows(Clause(path="PL", label="", text=""), rows, Ctx(), date(2025, 1, 1))
    assert (row.deadline.iso, row.deadline.text) == (None, cell)


def test_a_task_cell_split_in_two_rows_is_one_task_with_both_leads():
    from pipeline.tasks import finish

    task = "Tăng cường nguồn lực thực hiện công tác thanh tra."
    rows = [
        HEADER,
        ("1", task, "Bộ Công an; Bộ Tư pháp", "Thanh tra Chính phủ", "", ""),
        ("1", task, "Bộ Tài chính", "Thanh tra Chính phủ", "", ""),
        ("2", task, "Bộ Xây dựng", "", "", ""),  # another STT: another task
    ]
    got = finish(table_rows(Clause(path="PL", label="", text=""), rows, Ctx(), date(2026, 4, 1)), ())
    assert [(r.clause.path, r.assignees) for r in got] == [
        ("PL.1", ("Bộ Công an", "Bộ Tư pháp", "Bộ Tài chính")),
        ("PL.2", ("Bộ Xây dựng",)),
    ]
