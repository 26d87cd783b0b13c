"""Columned task tables of a plain text: header columns, rows started by their STT, wrapped cells."""

from __future__ import annotations

from pipeline.layouttables import find_layout_tables

TABLE = """PHỤ LỤC
STT   Nội dung                        Cơ quan chủ     Cơ quan phối     Thời gian
                                      trì             hợp              hoàn thành
1     Nâng cao năng lực trạm y tế xã
1.1   Rà soát, bổ sung danh mục       Phòng Nghiệp    Bảo hiểm xã hội  Quý I/2026
      thuốc tại trạm y tế xã          vụ Y - Dược     tỉnh
                                      3
1.2   Bổ sung trang thiết bị sàng     Phòng Kế hoạch  Trung tâm Kiểm   Quý
      lọc cho trạm y tế xã            - Tài chính     soát bệnh tật    III/2026
Nơi nhận:
- Như trên;
"""


def test_a_columned_table_is_read_row_by_row_with_its_wrapped_cells():
    texts = TABLE.splitlines()
    (t,) = find_layout_tables(texts)
    assert (t.start, t.end) == (1, 9)
    assert t.rows == [
        ("STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"),
        ("1", "Nâng cao năng lực trạm y tế xã", "", "", ""),
        ("1.1", "Rà soát, bổ sung danh mục thuốc tại trạm y tế xã", "Phòng Nghiệp vụ Y - Dược",
         "Bảo hiểm xã hội tỉnh", "Quý I/2026"),
        ("1.2", "Bổ sung trang thiết bị sàng lọc cho trạm y tế xã", "Phòng Kế hoạch - Tài chính",
         "Trung tâm Kiểm soát bệnh tật", "Quý III/2026"),
    ]


def test_body_text_after_the_rows_ends_the_table():
    texts = [*TABLE.splitlines()[1:9], "Các đơn vị báo cáo kết quả về Sở Y tế trước ngày 15/12."]
    (t,) = find_layout_tables(texts)
    assert t.end == 8
    assert [r[0] for r in t.rows] == ["STT", "1", "1.1", "1.2"]


def test_columns_that_are_no_task_table_are_left_alone():
    texts = [
        "ỦY BAN NHÂN DÂN                     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "  TỈNH CÀ MAU                              Độc lập - Tự do - Hạnh phúc",
        "Số: 9412/UBND-KT                          Cà Mau, ngày 27 tháng 10 năm 2026",
    ]
    assert find_layout_tables(texts) == []
