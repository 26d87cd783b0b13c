"""CSV, XLSX, JSON Lines and Parquet exports, read back with the libraries their users' tools use."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path

import jsonschema
import pytest
from test_store import result, task, three_tasks

from pipeline.exports import export
from pipeline.exports.rows import TaskFilter
from pipeline.schema import json_schema
from pipeline.store import Store, store_file_result


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "s.duckdb")
    store_file_result(s, result("/in/kl.txt", "aa", three_tasks()), run_id=1)
    other = [
        task(
            "o1",
            "PL.5",
            ["Sở Giáo dục và Đào tạo"],
            "Tổ chức tập huấn",
            doc="kh.docx",
            doc_number="45/KH-UBND",
            implicit=True,
            deadline="2025-10-15",
            page=3,
        )
    ]
    store_file_result(s, result("/in/kh.docx", "bb", other, "45/KH-UBND"), run_id=1)
    yield s  # type: ignore[misc]
    s.close()


def test_csv_has_a_bom_and_joins_lists(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    assert export(store.con, "csv", out) == 4
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["task_id"] for r in rows] == ["o1", "t1", "t2", "t3"]  # by file, then order in the file
    o1, t1, t2, t3 = rows
    assert list(rows[0])[:4] == ["task_id", "doc", "doc_number", "clause"]
    assert t2["assignees"] == "Các tỉnh uỷ, thành uỷ; Đảng uỷ Chính phủ"
    assert (t1["deadline"], t1["deadline_text"], t1["coordinators"]) == (
        "2025-08-31",
        "trước ngày 31/8/2025",
        "Bộ Tài chính",
    )
    assert (t2["recurrence"], t2["due_time"], t2["deadline"]) == ("FREQ=MONTHLY;BYMONTHDAY=25", "16:00", "")
    assert (o1["implicit"], t1["implicit"], o1["page"], t3["assignees"]) == ("true", "false", "3", "")


def test_xlsx_has_date_cells_bold_frozen_filtered_header(store: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "t.xlsx"
    export(store.con, "xlsx", out)
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert header[:3] == ["task_id", "doc", "doc_number"] and len(header) == 27
    assert header[-3:] == ["status", "done_on", "corrected"]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:AA5"
    col = {name: i for i, name in enumerate(header)}
    t1 = [c for c in ws[3]]
    assert t1[col["task_id"]].value == "t1"
    cell = t1[col["deadline"]]
    assert cell.is_date and cell.value == datetime(2025, 8, 31)
    assert t1[col["doc_date"]].value == datetime(2025, 8, 1)
    assert t1[col["assignees"]].value == "Bộ Nội vụ"
    assert ws[4][col["deadline"]].value is None
    assert ws[2][col["implicit"]].value is True and ws[2][col["page"]].value == 3


def test_jsonl_lines_validate_against_the_published_schema(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "t.jsonl"
    export(store.con, "jsonl", out)
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for obj in lines:
        validator.validate(obj)
    stored = store.con.execute("SELECT ingested_at FROM tasks WHERE task_id = 't1'").fetchone()[0]
    assert datetime.fromisoformat(lines[1].pop("ingested_at")) == stored.astimezone()
    assert lines[1] == {
        "doc": "kl.txt",
        "doc_number": "183-KL/TW",
        "clause": "1",
        "assignees": ["Bộ Nội vụ"],
        "implicit": False,
        "coordinators": ["Bộ Tài chính"],
        "task": "Trình Bộ Chính trị đề án",
        "deadline": "2025-08-31",
        "deadline_text": "trước ngày 31/8/2025",
        "recurrence": None,
        "due_time": None,
        "task_id": "t1",
        "doc_type": "KL",
        "doc_date": "2025-08-01",
        "issuer": "BỘ CHÍNH TRỊ",
        "page": None,
        "char_start": None,
        "char_end": None,
        "source": "Trình Bộ Chính trị đề án",
        "assignee_keys": ["bo noi vu"],
        "coordinator_keys": ["bo tai chinh"],
        "confidence": 1.0,
        "needs_review": False,
        "review_reasons": [],
        "run_id": 1,
        "status": "open",
        "done_on": None,
        "corrected": False,
    }
    assert lines[0]["ingested_at"].endswith(stored.astimezone().isoformat()[-6:])  # with the UTC offset
    bad = dict(lines[1], deadline="31/8/2025")
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(bad)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(dict(lines[1], extra=1))
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(dict(lines[1], ingested_at="2025-09-01 10:00:00"))  # no offset: not RFC 3339


def test_parquet_keeps_lists_and_dates(store: Store, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = tmp_path / "t.parquet"
    export(store.con, "parquet", out, TaskFilter(doc="kl"))
    table = pq.read_table(out)
    assert table.schema.field("deadline").type == pa.date32()
    assert table.schema.field("assignees").type == pa.list_(pa.string())
    assert table.schema.field("doc_date").type == pa.date32()
    assert table.schema.field("coordinators").type == pa.list_(pa.string())
    assert table.schema.field("implicit").type == pa.bool_()
    assert {"path", "sha256", "ordinal", "run_id", "ingested_at"} <= set(table.schema.names)
    rows = table.to_pylist()
    assert [r["task_id"] for r in rows] == ["t1", "t2", "t3"]
    assert rows[1]["assignees"] == ["Các tỉnh uỷ, thành uỷ", "Đảng uỷ Chính phủ"]
    assert table.schema.field("assignee_keys").type == pa.list_(pa.string())
    assert rows[1]["assignee_keys"] == ["cac thanh uy, tinh uy", "dang uy chinh phu"]
    assert (rows[0]["assignee_keys"], rows[0]["coordinator_keys"]) == (["bo noi vu"], ["bo tai chinh"])
    assert rows[0]["deadline"] == date(2025, 8, 31) and rows[1]["deadline"] is None
    assert (rows[2]["page"], rows[2]["char_start"], rows[2]["ordinal"], rows[2]["path"]) == (
        2,
        10,
        3,
        "/in/kl.txt",
    )
