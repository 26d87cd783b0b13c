"""`directives tasks`, `export` and `schema` on a store built from constructed results."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from test_store import result, task, three_tasks

from pipeline.cli import main
from pipeline.exports.rows import ascii_fold, fold
from pipeline.store import Store, store_file_result


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.duckdb"
    with Store(path) as s:
        store_file_result(s, result("/in/kl.txt", "aa", three_tasks()))
        other = [
            task(
                "o1",
                "1",
                ["Ban Tổ chức Thành ủy"],
                "Hướng dẫn quy trình nhân sự",
                doc="cv.txt",
                doc_number="9797-CV/BTCTW",
                deadline="2025-09-15",
            ),
            task(
                "o2",
                "2",
                ["UBND các xã"],
                "Rà soát biên chế cấp xã",
                doc="cv.txt",
                doc_number="9797-CV/BTCTW",
                confidence=0.62,
                needs_review=True,
                review_reasons=["low_ocr_confidence"],
            ),
        ]
        store_file_result(s, result("/in/cv.txt", "bb", other, "9797-CV/BTCTW"))
    return path


def ids(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main(["tasks", *args, "--format", "jsonl"]) == 0
    return [json.loads(x)["task_id"] for x in capsys.readouterr().out.splitlines()]


def test_fold_drops_tone_marks_only_and_ascii_fold_drops_all() -> None:
    assert fold("  Bộ  Nội vụ ") == "bô nôi vu"
    assert fold("Tỉnh uỷ") == fold("tỉnh ủy") == "tinh uy"
    assert ascii_fold("Đảng uỷ") == "dang uy"


def test_assignee_matches_without_case_or_tone_marks(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = ["--db", str(db)]
    assert ids(capsys, *d, "--assignee", "bo noi vu") == ["t1"]
    assert ids(capsys, *d, "--assignee", "BỘ NỘI VỤ") == ["t1"]
    assert ids(capsys, *d, "--assignee", "thành ủy") == ["o1", "t2"]  # "thành uỷ" in t2 too
    assert ids(capsys, *d, "--assignee", "dang uy chinh phu") == ["t2"]
    assert ids(capsys, *d, "--assignee", "bộ y tế") == []
    assert ids(capsys, *d, "--assignee", "Ủy ban nhân dân các xã") == ["o2"]  # "UBND các xã": by agency key
    assert ids(capsys, *d, "--assignee", "Bộ Lao động, Thương binh và Xã hội") == ["t1"]  # its successor Bộ Nội vụ


def test_overdue_and_due_before_use_the_given_today(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = ["--db", str(db)]
    assert ids(capsys, *d, "--overdue", "--today", "2025-09-10") == ["t1"]
    assert ids(capsys, *d, "--overdue", "--today", "2026-01-01") == ["t1", "o1", "t3"]  # by deadline
    assert ids(capsys, *d, "--due-before", "2025-12-01") == ["t1", "o1"]
    assert ids(capsys, *d, "--overdue", "--today", "2025-01-01") == []


def test_doc_text_and_limit_filters(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = ["--db", str(db)]
    assert ids(capsys, *d, "--doc", "9797") == ["o1", "o2"]
    assert ids(capsys, *d, "--doc", "kl.txt") == ["t1", "t2", "t3"]
    assert ids(capsys, *d, "--text", "ra soat bien che") == ["o2"]
    assert ids(capsys, *d, "--text", "báo cáo") == ["t2"]
    assert ids(capsys, *d, "--limit", "2") == ["o1", "o2"]


def test_needs_review_lists_only_flagged_rows_with_their_reasons(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = ["--db", str(db)]
    assert ids(capsys, *d, "--needs-review") == ["o2"]
    assert ids(capsys, *d, "--needs-review", "--doc", "kl.txt") == []
    assert main(["tasks", *d, "--needs-review", "--format", "jsonl"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["confidence"], row["needs_review"], row["review_reasons"]) == (0.62, True, ["low_ocr_confidence"])


def test_table_and_csv_output(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tasks", "--db", str(db), "--assignee", "bo noi vu"]) == 0
    out = capsys.readouterr()
    assert "Bộ Nội vụ" in out.out and "2025-08-31" in out.out and "183-KL/TW" in out.out
    assert "1 task(s)" in out.err
    assert main(["tasks", "--db", str(db), "--format", "csv", "--doc", "cv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["task_id"], r["assignees"], r["deadline"]) for r in rows] == [
        ("o1", "Ban Tổ chức Thành ủy", "2025-09-15"),
        ("o2", "UBND các xã", ""),
    ]


def test_missing_store_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tasks", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no store at" in capsys.readouterr().err


def test_export_command_with_a_filter(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o.jsonl"
    assert main(["export", "--db", str(db), "--format", "jsonl", "-o", str(out), "--assignee", "ubnd"]) == 0
    assert [json.loads(x)["task_id"] for x in out.read_text(encoding="utf-8").splitlines()] == ["o2"]
    assert "1 tasks written" in capsys.readouterr().err


def test_schema_command_prints_a_draft_2020_12_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    props = schema["properties"]
    assert props["assignees"] == {
        "type": "array",
        "items": {"type": "string"},
        "description": props["assignees"]["description"],
    }
    assert props["deadline"]["type"] == ["string", "null"] and props["deadline"]["format"] == "date"
    assert props["implicit"]["type"] == "boolean" and props["page"]["type"] == ["integer", "null"]
    assert props["task_id"]["type"] == "string" and schema["additionalProperties"] is False
    from dataclasses import fields

    from pipeline.model import Task

    assert list(props) == [f.name for f in fields(Task)] + ["run_id", "ingested_at", "status", "done_on", "corrected"]
    assert schema["required"] == [f.name for f in fields(Task)]  # extract rows have no run
    assert props["run_id"]["type"] == ["integer", "null"] and props["ingested_at"]["format"] == "date-time"
