from fixtures.helpers import FIXTURES, needs_soffice, realdoc

from pipeline.readers import read


@needs_soffice
def test_doc_converted_with_numbering_and_tables():
    r = read(FIXTURES / "directive.doc")
    assert r.source_kind == "doc"
    labels = [(b.label, b.text) for b in r.blocks if b.kind == "para" and b.label]
    assert labels[:3] == [
        ("I.", "MỤC TIÊU"),
        ("1.", "Hoàn thành việc sắp xếp tổ chức bộ máy"),
        ("1.1.", "Các cơ quan báo cáo kết quả hằng tháng cho Văn phòng Trung ương Đảng."),
    ]
    tables = [b for b in r.blocks if b.kind == "table"]
    assert tables[-1].rows[1] == ("1", "Xây dựng đề án sắp xếp", "Bộ Nội vụ", "Các bộ, ngành", "Quý IV/2025")


@needs_soffice
def test_real_tracking_doc_table():
    r = read(realdoc("BangTheoDoi_CVChiDao_UBND_TP_TraVinh_2014.doc"))
    table = next(b for b in r.blocks if b.kind == "table")
    assert table.rows[0][:3] == ("STT", "Số ký hiệu văn bản, người ký", "Nội dung được giao")
    assert len(table.rows) > 30
