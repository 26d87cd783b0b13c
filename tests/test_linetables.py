"""Task tables whose cells came one a line: found, read as rows, and extracted as annex tasks."""

from __future__ import annotations

from pipeline.extraction import extract_file
from pipeline.linetables import find_line_tables

TABLE = """QUYẾT ĐỊNH
Số: 12/QĐ-BNNMT
Hà Nội, ngày 10 tháng 6 năm 2026
1. Cục Lâm nghiệp và Kiểm lâm có trách nhiệm theo dõi việc thực hiện Kế hoạch.
Nơi nhận:
- Như Điều 3;
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Nguyễn Văn An
PHỤ LỤC
KẾ HOẠCH TRIỂN KHAI NGHỊ ĐỊNH SỐ 180/2026/NĐ-CP
(Kèm theo Quyết định số 12/QĐ-BNNMT ngày 10 tháng 6 năm 2026)
| TT | Nội dung hoạt động | Cơ quan chủ trì | Cơ quan phối hợp |
| --- | --- | --- | --- |
Thời gian thực hiện
1
Tuyên truyền, phổ biến Nghị định
a)
Tổ chức Hội nghị phổ biến Nghị định đến các cơ quan.
Cục Lâm nghiệp và Kiểm lâm
Vụ Pháp chế
Quý III, IV/2026
b)
Xây dựng kế hoạch thực hiện NDC lĩnh vực lâm nghiệp; xác định tiềm năng
Cục Lâm nghiệp và Kiểm lâm
Cục Biến đổi khí hậu
Quý IV/2026, 2027
giảm phát thải cho các địa phương.
2
Huy động nguồn lực cho hợp tác quốc tế.
Sở Nông nghiệp và Môi trường các tỉnh
Vụ Hợp tác quốc tế
Thường xuyên
"""


def test_cells_one_a_line_come_back_as_rows():
    texts = TABLE.splitlines()
    (t,) = find_line_tables(texts)
    assert (t.start, t.end) == (12, len(texts))
    assert t.rows == [
        ("TT", "Nội dung hoạt động", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"),
        ("1", "Tuyên truyền, phổ biến Nghị định"),
        (
            "a)",
            "Tổ chức Hội nghị phổ biến Nghị định đến các cơ quan.",
            "Cục Lâm nghiệp và Kiểm lâm",
            "Vụ Pháp chế",
            "Quý III, IV/2026",
        ),
        (
            "b)",
            "Xây dựng kế hoạch thực hiện NDC lĩnh vực lâm nghiệp; xác định tiềm năng"
            " giảm phát thải cho các địa phương.",
            "Cục Lâm nghiệp và Kiểm lâm",
            "Cục Biến đổi khí hậu",
            "Quý IV/2026, 2027",
        ),
        (
            "2",
            "Huy động nguồn lực cho hợp tác quốc tế.",
            "Sở Nông nghiệp và Môi trường các tỉnh",
            "Vụ Hợp tác quốc tế",
            "Thường xuyên",
        ),
    ]


def test_a_pipe_table_with_rows_of_its_own_is_not_one():
    texts = [
        "| STT | Nội dung | Cơ quan chủ trì | Thời gian |",
        "|---|---|---|---|",
        "| 1 | Rà soát | Bộ Tư pháp | 2026 |",
    ]
    assert find_line_tables(texts) == []


def test_their_rows_are_the_annex_tasks(tmp_path):
    path = tmp_path / "QD_12.txt"
    path.write_text(TABLE, encoding="utf-8")
    got = [
        (t.clause, t.assignees, t.coordinators, t.deadline)
        for t in extract_file(path).tasks
        if t.clause.startswith("PL")
    ]
    assert got == [
        ("PL.1.a)", ["Cục Lâm nghiệp và Kiểm lâm"], ["Vụ Pháp chế"], "2026-12-31"),
        ("PL.1.b)", ["Cục Lâm nghiệp và Kiểm lâm"], ["Cục Biến đổi khí hậu"], "2027-12-31"),
        ("PL.2", ["Sở Nông nghiệp và Môi trường các tỉnh"], ["Vụ Hợp tác quốc tế"], None),
    ]
