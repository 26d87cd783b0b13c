"""Review flags and row confidence: one test per reason, from the rows' own fields and OCR evidence."""

from __future__ import annotations

from pipeline.model import OcrText, Task
from pipeline.readers.ocr_tables import Cell, Grid, misaligned_rows
from pipeline.review import Evidence, is_agency, review


def row(assignees: list[str], text: str = "Rà soát các văn bản hướng dẫn", **kw: object) -> Task:
    base: dict[str, object] = dict(
        doc="kh.pdf", doc_number="12/KH-BTP", clause="1", assignees=assignees, implicit=False,
        coordinators=[], task=text, source=text, page=1,
    )
    base.update(kw)
    return Task(**base)  # type: ignore[arg-type]


def flags(t: Task, parts: list[str] | None = None, evidence: Evidence | None = None) -> list[str]:
    review(t, parts if parts is not None else [t.source], evidence)
    assert t.needs_review == bool(t.review_reasons)
    return t.review_reasons


def test_a_clean_text_layer_row_needs_no_review_and_is_sure() -> None:
    t = row(["Bộ Nội vụ"], deadline="2027-10-31", deadline_text="Tháng 10/2027")
    assert flags(t) == [] and t.confidence == 1.0


def test_low_ocr_confidence_from_the_least_sure_line_or_cell_of_the_row() -> None:
    ev = Evidence([OcrText(1, "Rà soát các văn bản hướng dẫn", 52.0), OcrText(1, "Bộ Nội vụ", 60.0)])
    t = row(["Bộ Nội vụ"])
    assert flags(t, [t.source, "Bộ Nội vụ"], ev) == ["low_ocr_confidence"]
    assert t.confidence == 0.52  # its least sure part
    sure = Evidence([OcrText(1, "Rà soát các văn bản hướng dẫn", 93.0)])
    t = row(["Bộ Nội vụ"])
    assert flags(t, [t.source], sure) == [] and t.confidence == 0.93


def test_a_row_no_ocr_text_matches_takes_its_page_confidence() -> None:
    ev = Evidence([OcrText(1, "một dòng khác hẳn của trang", 40.0), OcrText(2, "trang sau, đọc rõ", 95.0)])
    t = row(["Bộ Nội vụ"])
    assert flags(t, [t.source], ev) == ["low_ocr_confidence"] and t.confidence == 0.4


def test_lead_not_agency_for_a_heading_in_capitals_or_words_run_together() -> None:
    assert flags(row(["TỔ CHỨC THỰC HIỆN KẾ HOẠCH"])) == ["lead_not_agency"]
    assert flags(row(["Tòa án nhân Liên tục bộBộ ngànhCông an"])) == ["lead_not_agency"]
    assert flags(row(["Ngân hàng Nhà nước Việt Nam Bộ Công an"])) == ["lead_not_agency"]
    assert flags(row(["Bộ Dân tộc và -_ Tôn giáo"])) == ["lead_not_agency"]
    assert flags(row(["Bộ Quốc phòng", "Các bộ, ngành liên quan", "UBND tỉnh"])) == []
    assert is_agency("Ủy ban nhân dân Thành phố Hà Nội") and not is_agency("Bệ Công an")


def test_deadline_unparsed_only_for_text_that_names_no_date() -> None:
    assert flags(row(["Bộ Tài chính"], deadline_text="Quý H/2026")) == ["deadline_unparsed"]
    assert flags(row(["Bộ Tài chính"], deadline_text="Thường xuyên")) == []  # open-ended on purpose
    assert flags(row(["Bộ Tài chính"], deadline_text="Quý II/2026", deadline="2026-06-30")) == []
    assert flags(row(["Bộ Tài chính"], deadline_text="hằng tháng", recurrence="FREQ=MONTHLY")) == []


def test_cells_misaligned_where_a_cell_spans_some_columns_but_not_all() -> None:
    cells = [
        Cell(0, 1, 0, 3, (0, 0, 30, 10)),  # a group heading across the table: drawn so
        Cell(1, 2, 0, 1, (0, 10, 10, 20)),
        Cell(1, 2, 1, 3, (10, 10, 30, 20)),  # the wall between content and lead lost
        Cell(2, 3, 0, 1, (0, 20, 10, 30)),
        Cell(2, 3, 1, 2, (10, 20, 20, 30)),
        Cell(2, 3, 2, 3, (20, 20, 30, 30)),
    ]
    assert misaligned_rows(Grid((0, 0, 30, 30), 3, 3, cells)) == {1}
    ev = Evidence([OcrText(1, "Rà soát các văn bản hướng dẫn Bộ Nội vụ", 91.0, aligned=False)])
    t = row(["Bộ Nội vụ"], text="Rà soát các văn bản hướng dẫn Bộ Nội vụ")
    assert flags(t, [t.source], ev) == ["cells_misaligned"]
