"""Cell-per-line task tables of a PDF's text copy, header included."""

from __future__ import annotations

from pipeline.celltables import find_cell_tables
from pipeline.extraction import extract_blocks
from pipeline.readers.text import blocks_from_text

_TABLE = """TT
Nội dung, nhiệm vụ
Cơ quan chủ
trì thực hiện
Cơ quan
phối hợp
Thời gian
I
Hoàn thiện thể chế, chính sách
1
Rà soát, thể chế hóa các chủ trương,
định hướng của Đảng thành văn bản
pháp luật.
Bộ NN&MT,
Bộ Quốc phòng
Các bộ,
cơ quan,
địa phương
Năm
2026 - 2027
2
Rà soát, điều chỉnh các quy hoạch ngành.
Các bộ, UBND
các tỉnh,
thành phố
Bộ NN&MT
Giai đoạn
2026 - 2030
"""


def test_cells_wrapped_over_lines_are_put_back_together():
    (table,) = find_cell_tables(_TABLE.splitlines())
    assert table.rows == [
        ("TT", "Nội dung, nhiệm vụ", "Cơ quan chủ trì thực hiện", "Cơ quan phối hợp", "Thời gian"),
        ("I", "Hoàn thiện thể chế, chính sách", "", "", ""),
        (
            "1",
            "Rà soát, thể chế hóa các chủ trương, định hướng của Đảng thành văn bản pháp luật.",
            "Bộ NN&MT, Bộ Quốc phòng",
            "Các bộ, cơ quan, địa phương",
            "Năm 2026 - 2027",
        ),
        ("2", "Rà soát, điều chỉnh các quy hoạch ngành.", "Các bộ, UBND các tỉnh, thành phố", "Bộ NN&MT",
         "Giai đoạn 2026 - 2030"),
    ]


def test_a_page_break_inside_the_table_is_passed_over():
    lines = _TABLE.splitlines()
    at = lines.index("2")
    broken = [*lines[:at], "", "CÔNG BÁO/Số 277/Ngày 16-05-2026", "61", "", *lines[at:]]
    (table,) = find_cell_tables(broken, skip={at + 1, at + 2})
    assert [r[0] for r in table.rows] == ["TT", "I", "1", "2"]


def test_a_text_without_a_cell_per_line_header_has_none():
    assert find_cell_tables(["TT", "Nội dung", "1", "Rà soát văn bản."]) == []


def test_the_rows_become_tasks_with_their_lead_partner_and_time():
    text = (
        "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 116/NQ-CP\n"
        "Hà Nội, ngày 29 tháng 4 năm 2026\nNGHỊ QUYẾT\nBan hành Kế hoạch\n"
        "Điều 1. Ban hành kèm theo Nghị quyết này Kế hoạch.\nTM. CHÍNH PHỦ\nTHỦ TƯỚNG\nPhạm Minh Chính\n"
        "Phụ lục\nNHIỆM VỤ TRỌNG TÂM\n" + _TABLE
    )
    tasks = [t for d in extract_blocks(blocks_from_text(text), "nq.txt") for t in d.tasks]
    got = [(t.clause, t.assignees, t.coordinators, t.deadline) for t in tasks if t.clause.startswith("PL")]
    assert got == [
        ("PL.I.1", ["Bộ NN&MT", "Bộ Quốc phòng"], ["Các bộ, cơ quan, địa phương"], "2027-12-31"),
        ("PL.I.2", ["Các bộ, UBND các tỉnh, thành phố"], ["Bộ NN&MT"], "2030-12-31"),
    ]
