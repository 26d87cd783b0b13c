"""Sub-items that spell out their parent's duty: what counts as one, and when a run of them is folded."""

from __future__ import annotations

import pytest

from pipeline.content import content_run, fold, kind
from pipeline.model import Clause


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Việc ban hành các văn bản liên quan đến công tác bầu cử;", "noun"),
        ("Cơ cấu, thành phần, số lượng thành viên Tổ bầu cử;", "noun"),
        ("Về thời gian công bố danh sách người ứng cử;", "noun"),
        ("Đảm bảo thời gian, quy trình, nội dung, thủ tục tổ chức hội nghị.", "criterion"),
        ("Rà soát, cắt giảm thủ tục hành chính.", None),  # a duty the lexicon knows
        ("Xây dựng đề án vị trí việc làm.", None),  # a verb by part of speech
        ("Sở Tư pháp chủ trì thẩm định.", None),  # an agency
        ("Nghị định quy định chi tiết Luật Bầu cử.", None),  # a document to draft: its own row
        ("Đối với khiếu nại về danh sách cử tri: Hướng dẫn công dân gửi đơn.", None),  # a case and its duty
    ],
)
def test_kind(text: str, expected: str | None) -> None:
    assert kind(text) == expected


def _kids(*texts: str, label: str = "-") -> list[Clause]:
    return [Clause(path=f"1.-{i}", label=label, text=t) for i, t in enumerate(texts, 1)]


def test_a_run_of_noun_phrases_and_criteria_is_content() -> None:
    kids = _kids("Việc bảo đảm tỷ lệ người ứng cử là phụ nữ;", "Đảm bảo thời gian, quy trình hội nghị.")
    assert content_run(kids) == kids


def test_criteria_alone_are_duties() -> None:
    assert content_run(_kids("Bảo đảm an ninh trật tự.", "Đảm bảo kinh phí.")) == []


def test_a_noun_among_duties_does_not_swallow_them() -> None:
    kids = _kids("Thẻ cử tri theo mẫu quy định.", "Rà soát danh sách cử tri.", "Xây dựng kế hoạch tuyên truyền.")
    assert content_run(kids) == []


def test_the_run_stops_at_the_first_duty() -> None:
    kids = _kids(
        "Trưởng đoàn: Đại diện Ban Thường trực.", "Thành viên đoàn: Đại diện các tổ chức.", "Lựa chọn địa điểm."
    )
    assert content_run(kids) == kids[:2]


def test_fold_writes_the_items_and_keeps_the_time_apart() -> None:
    kids = _kids("Việc ban hành các văn bản;", "Việc thực hiện nhiệm vụ.")
    kids[1].children = [Clause(path="1.-2.p2", label="", text="* Thời gian thực hiện: Trong tháng 12/2025.")]
    text, times = fold("giám sát các tổ chức phụ trách bầu cử. Cụ thể:", kids)
    assert (
        text == "giám sát các tổ chức phụ trách bầu cử. Cụ thể: - Việc ban hành các văn bản; - Việc thực hiện nhiệm vụ."
    )
    assert times == ["* Thời gian thực hiện: Trong tháng 12/2025."]
