"""The linker's scoring: tokens, subordinates from models/linking.yml, deadline and rhythm reasons, selection."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

import pipeline.ingestion as ing
from pipeline.linker import LinkTask, link_tasks, score_pair, subordinate, tokens


def test_tokens_are_segmented_tone_folded_words_without_stop_words() -> None:
    assert tokens("Giao Đảng uỷ Chính phủ tiếp tục rà soát, hoàn thiện thể chế trước ngày 31/8/2025") == [
        "giao",
        "dang",
        "uy",
        "chinh_phu",
        "ra_soat",
        "hoan_thien",
        "the_che",
    ]


def test_subordinates_one_level_down() -> None:
    assert subordinate(["Sở Nội vụ"], ["Bộ Nội vụ"]) == "Sở Nội vụ under Bộ Nội vụ"
    assert subordinate(["Ban Tổ chức Thành ủy"], ["Ban Tổ chức Trung ương"]) == (
        "Ban Tổ chức Thành ủy under Ban Tổ chức Trung ương"
    )
    assert subordinate(["Đảng ủy Ủy ban nhân dân tỉnh"], ["Đảng uỷ Chính phủ"]) == (
        "Đảng ủy Ủy ban nhân dân tỉnh under Đảng uỷ Chính phủ"
    )
    assert subordinate(["Sở Tài chính"], ["Ủy ban nhân dân tỉnh"]) == "Sở Tài chính under Ủy ban nhân dân tỉnh"
    assert subordinate(["Ban Tuyên giáo và Dân vận Tỉnh ủy"], ["Tỉnh ủy"]) == (
        "Ban Tuyên giáo và Dân vận Tỉnh ủy under Tỉnh ủy"
    )
    assert subordinate(["Sở Y tế"], ["Bộ Nội vụ"]) is None
    assert subordinate(["Bộ Y tế"], ["Ban Tổ chức Trung ương"]) is None


CENTRAL = LinkTask(
    "c1",
    "Khẩn trương tổ chức tập huấn, bồi dưỡng chuyên môn cho công chức cấp xã",
    "3.(1)",
    ["Bộ Nội vụ"],
    date(2025, 8, 31),
)


def test_a_later_local_deadline_is_flagged_and_an_earlier_one_scores() -> None:
    early = LinkTask("l1", CENTRAL.task, "2", ["Sở Nội vụ"], date(2025, 8, 29))
    late = LinkTask("l2", CENTRAL.task, "2", ["Sở Nội vụ"], date(2025, 9, 15))
    a, b = score_pair(early, CENTRAL, 1.0), score_pair(late, CENTRAL, 1.0)
    assert (a.score, a.late) == (1.15, False)
    assert a.reasons == [
        "text 1.00",
        "deadline 2025-08-29 on or before the central 2025-08-31",
        "Sở Nội vụ under Bộ Nội vụ",
    ]
    assert (b.score, b.late) == (1.1, True)
    assert b.reasons[1] == "deadline 2025-09-15 after the central 2025-08-31"


def test_monthly_reports_compare_their_days() -> None:
    central = LinkTask("c", "gửi báo cáo", "9", [], None, "FREQ=MONTHLY;BYMONTHDAY=25")
    before = score_pair(LinkTask("a", "báo cáo", "1", [], None, "FREQ=MONTHLY;BYMONTHDAY=22"), central, 0.5)
    after = score_pair(LinkTask("b", "báo cáo", "1", [], None, "FREQ=MONTHLY;BYMONTHDAY=26"), central, 0.5)
    assert (before.reasons[1], before.late) == ("monthly, day 22 on or before the central day 25", False)
    assert (after.reasons[1], after.late) == ("monthly, day 26 after the central day 25", True)


def test_a_named_clause_scores() -> None:
    local = LinkTask("l", "Thực hiện mục 3 Kết luận: tổ chức tập huấn cho công chức cấp xã", "1", [])
    link = score_pair(local, CENTRAL, 0.4)
    assert (link.score, link.reasons) == (0.7, ["text 0.40", "names clause 3"])


def test_each_local_task_gets_its_central_task_or_none() -> None:
    central = [
        CENTRAL,
        LinkTask("c2", "Hướng dẫn về quản lý tài chính, tài sản của hệ thống công đoàn", "7.(iii)"),
        LinkTask("c3", "Tăng cường kiểm tra, giám sát việc sắp xếp tổ chức bộ máy", "8"),
    ]
    local = [
        LinkTask("l1", "Ban hành hướng dẫn quản lý tài chính, tài sản của công đoàn thành phố", "4"),
        LinkTask("l2", "Tổ chức tập huấn, bồi dưỡng chuyên môn cho công chức cấp xã", "3"),
        LinkTask("l3", "Trang trí cờ hoa dịp Quốc khánh", "5"),
    ]
    assert [(k.local, k.central) for k in link_tasks(local, central)] == [("l1", "c2"), ("l2", "c1")]
    assert link_tasks([], central) == []


def test_the_linker_and_its_model_are_not_part_of_the_extraction_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tuning the linker must re-link, not re-extract every stored file.
    root = Path(ing.__file__).resolve().parents[1]
    copy = tmp_path / "repo"
    shutil.copytree(root / "pipeline", copy / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(root / "models", copy / "models")
    monkeypatch.delenv("DIRECTIVES_EXTRACTOR", raising=False)

    def fingerprint() -> str:
        monkeypatch.setattr(ing, "__file__", str(copy / "pipeline" / "ingestion.py"))
        ing.extractor_version.cache_clear()
        try:
            return ing.extractor_version()
        finally:
            ing.extractor_version.cache_clear()

    before = fingerprint()
    (copy / "models" / "linking.yml").write_text("threshold: 0.9\n", encoding="utf-8")
    (copy / "pipeline" / "linker.py").write_text("# changed\n", encoding="utf-8")
    assert fingerprint() == before
    (copy / "models" / "lexicon.yml").write_text("changed: true\n", encoding="utf-8")
    assert fingerprint() != before
