"""Jira CSV importer file read back with the csv module."""

from __future__ import annotations

import csv
from pathlib import Path

from test_store import result, task, three_tasks

from pipeline.exports import export
from pipeline.exports.to_jira import jira_date, label
from pipeline.store import Store, store_file_result


def test_parents_per_document_then_tasks_as_children(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as s:
        store_file_result(s, result("/in/kl.txt", "aa", three_tasks()))
        other = [
            task(
                "o1",
                "2",
                ["Sở Y tế"],
                "Kiểm tra",
                doc="kh.txt",
                doc_number="45/KH-UBND",
                deadline="2026-01-05",
            )
        ]
        store_file_result(s, result("/in/kh.txt", "bb", other, "45/KH-UBND"))
        assert export(s.con, "jira", tmp_path / "j.csv") == 4
    with (tmp_path / "j.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    assert header == [
        "Issue ID",
        "Parent",
        "Issue Type",
        "Summary",
        "Description",
        "Due Date",
        "Labels",
        "Labels",
    ]
    assert all(len(r) == len(header) for r in body)
    assert [(r[0], r[1], r[2]) for r in body] == [
        ("1", "", "Epic"),
        ("3", "", "Epic"),
        ("2", "1", "Task"),
        ("4", "3", "Task"),
        ("5", "3", "Task"),
        ("6", "3", "Task"),
    ]
    assert body[0][3] == "KL 45/KH-UBND: về tiếp tục sắp xếp tổ chức bộ máy"
    assert body[1][3] == "KL 183-KL/TW: về tiếp tục sắp xếp tổ chức bộ máy"
    t1 = body[3]
    assert t1[3] == "Bộ Nội vụ: Trình Bộ Chính trị đề án"
    assert t1[5] == "31/Aug/25" and t1[6:] == ["Bộ_Nội_vụ", ""]
    assert t1[4].startswith("Trình Bộ Chính trị đề án\n\nVăn bản: 183-KL/TW — kl.txt, mục 1\nChủ trì: Bộ Nội vụ\n")
    assert "Phối hợp: Bộ Tài chính" in t1[4] and t1[4].endswith("Nguyên văn:\nTrình Bộ Chính trị đề án\n\ntask_id: t1")
    t2 = body[4]
    assert t2[5] == "" and t2[6:] == ["Các_tỉnh_uỷ_thành_uỷ", "Đảng_uỷ_Chính_phủ"]
    assert "Lặp lại: FREQ=MONTHLY;BYMONTHDAY=25" in t2[4]
    assert body[2][5] == "05/Jan/26"


def test_jira_date_and_label_forms() -> None:
    from datetime import date

    assert jira_date(date(2025, 12, 1)) == "01/Dec/25" and jira_date(None) == ""
    assert label("  Ban Tổ chức  Thành ủy ") == "Ban_Tổ_chức_Thành_ủy"
