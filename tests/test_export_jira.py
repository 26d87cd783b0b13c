"""Jira CSV importer file read back with the csv module, in both flavours."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from test_store import result, task, three_tasks

from pipeline.exports import export
from pipeline.exports.to_jira import epic_id, jira_date, label, labels
from pipeline.store import Store, store_file_result

KL = epic_id("number:183-KL/TW")
KH = epic_id("number:45/KH-UBND")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "s.duckdb")
    store_file_result(s, result("/in/kl.txt", "aa", three_tasks()))
    other = [task("o1", "2", ["Sở Y tế"], "Kiểm tra", doc="kh.txt", doc_number="45/KH-UBND", deadline="2026-01-05")]
    store_file_result(s, result("/in/kh.txt", "bb", other, "45/KH-UBND"))
    yield s  # type: ignore[misc]
    s.close()


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_cloud_parents_per_document_then_tasks_as_children(store: Store, tmp_path: Path) -> None:
    assert export(store.con, "jira", tmp_path / "j.csv") == 4
    rows = read(tmp_path / "j.csv")
    header, body = rows[0], rows[1:]
    assert header == ["Issue ID", "Parent", "Issue Type", "Summary", "Description", "Due Date"] + ["Labels"] * 3
    assert all(len(r) == len(header) for r in body)
    assert [(r[0], r[1], r[2]) for r in body] == [
        (KH, "", "Epic"),
        (KL, "", "Epic"),
        ("o1", KH, "Task"),
        ("t1", KL, "Task"),
        ("t2", KL, "Task"),
        ("t3", KL, "Task"),
    ]
    assert body[0][3] == "KL 45/KH-UBND: về tiếp tục sắp xếp tổ chức bộ máy"
    assert body[1][3] == "KL 183-KL/TW: về tiếp tục sắp xếp tổ chức bộ máy"
    assert body[1][6:] == ["183-KL/TW", "", ""]
    t1 = body[3]
    assert t1[3] == "Bộ Nội vụ: Trình Bộ Chính trị đề án"
    assert t1[5] == "31/Aug/2025" and t1[6:] == ["bo_noi_vu", "183-KL/TW", ""]  # agency keys
    assert t1[4].startswith("Trình Bộ Chính trị đề án\n\nVăn bản: 183-KL/TW — kl.txt, mục 1\nChủ trì: Bộ Nội vụ\n")
    assert "Phối hợp: Bộ Tài chính" in t1[4] and t1[4].endswith("Nguyên văn:\nTrình Bộ Chính trị đề án\n\ntask_id: t1")
    t2 = body[4]
    assert t2[5] == "" and t2[6:] == ["cac_thanh_uy_tinh_uy", "dang_uy_chinh_phu", "183-KL/TW"]
    assert "Lặp lại: FREQ=MONTHLY;BYMONTHDAY=25" in t2[4]
    assert body[2][5] == "05/Jan/2026"
    assert body[5][6:] == ["183-KL/TW", "", ""]  # no lead agency: only the document number


def test_datacenter_links_children_by_epic_name(store: Store, tmp_path: Path) -> None:
    assert export(store.con, "jira", tmp_path / "j.csv", jira_flavour="datacenter") == 4
    rows = read(tmp_path / "j.csv")
    header, body = rows[0], rows[1:]
    assert header[:7] == ["Issue ID", "Issue Type", "Summary", "Epic Name", "Epic Link", "Description", "Due Date"]
    assert [(r[0], r[1], r[3], r[4], r[6]) for r in body] == [
        (KH, "Epic", "45/KH-UBND", "", ""),
        (KL, "Epic", "183-KL/TW", "", ""),
        ("o1", "Task", "", "45/KH-UBND", "05/Jan/2026"),
        ("t1", "Task", "", "183-KL/TW", "31/Aug/2025"),
        ("t2", "Task", "", "183-KL/TW", ""),
        ("t3", "Task", "", "183-KL/TW", "31/Dec/2025"),
    ]


def test_two_exports_give_the_same_keys_and_bytes(store: Store, tmp_path: Path) -> None:
    export(store.con, "jira", tmp_path / "a.csv")
    store_file_result(
        store,
        result("/in/more.txt", "cc", [task("m1", "1", ["Bộ Y tế"], "Khám", doc="more.txt", doc_number=None)], None),
    )
    export(store.con, "jira", tmp_path / "b.csv")
    a = {r[0]: r for r in read(tmp_path / "a.csv")[1:]}
    b = {r[0]: r for r in read(tmp_path / "b.csv")[1:]}
    assert set(b) - set(a) == {"m1", epic_id("path:/in/more.txt")}
    assert all(b[k][:6] == v[:6] for k, v in a.items())  # a new document renumbers nothing


def test_jira_date_and_label_forms() -> None:
    assert jira_date(date(2025, 12, 1)) == "01/Dec/2025" and jira_date(date(999, 1, 2)) == "02/Jan/0999"
    assert jira_date(None) == ""
    assert label("  Ban Tổ chức  Thành ủy ") == "Ban_Tổ_chức_Thành_ủy"
    row = {"assignees": ["Bộ Y tế", "Bộ Y tế"], "doc_number": "12/CĐ-TTg"}
    assert labels(row) == ["Bộ_Y_tế", "12/CĐ-TTg"]
    assert labels({**row, "assignee_keys": ["bo-y-te"]}) == ["bo-y-te", "12/CĐ-TTg"]  # canonical keys when stored
