"""Analyst API: extract(), load_tasks(), connect(), show() and the lazy package exports."""

from __future__ import annotations

import re
import subprocess
import sys
import warnings
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from pipeline import api
from pipeline.model import Document, FileResult, Header, Task

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "002_adbae0d9f27c1d4c.txt"
SEED_LEADS = [
    "Các đồng chí bí thư tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương",
    "Các đồng chí bộ trưởng, thủ trưởng cơ quan ngang bộ",
]
MARK = re.compile(r'<mark class="entity"[^>]*>\s*(.*?)\s*<span[^>]*>(\w+)</span>\s*</mark>', re.S)


def marks(html: str) -> list[tuple[str, str]]:
    """(text, label) of every displaCy mark, text still HTML-escaped."""
    return [(re.sub(r"\s+", " ", text), label) for text, label in MARK.findall(html)]


def make_task(**over: object) -> Task:
    base = dict(
        doc="kl.txt",
        doc_number="183-KL/TW",
        clause="2.(1)",
        assignees=["Bộ Nội vụ"],
        implicit=False,
        coordinators=["Bộ Tài chính", "các bộ, ngành liên quan"],
        task="rà soát quy định <cũ> & báo cáo Bộ Chính trị",
        deadline="2025-10-15",
        deadline_text="hoàn thành trước ngày 15/10/2025",
        task_id="t-1",
        doc_type="KL",
        doc_date="2025-08-01",
        issuer="Bộ Chính trị",
        page=2,
        char_start=100,
        char_end=260,
        source=(
            "Giao Bộ Nội vụ chủ trì, phối hợp với Bộ Tài chính và các bộ,  ngành liên quan "
            "rà soát quy định <cũ> & báo cáo Bộ Chính trị, hoàn thành  trước ngày 15/10/2025."
        ),
    )
    base.update(over)
    return Task(**base)  # type: ignore[arg-type]


def check_dtypes(df: pd.DataFrame) -> None:
    assert list(df.columns[: len(api.TASK_COLUMNS)]) == api.TASK_COLUMNS
    for col in ("deadline", "doc_date"):
        assert pd.api.types.is_datetime64_any_dtype(df[col]), col
    for col in ("assignees", "coordinators"):
        assert all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in df[col]), col
    assert df["implicit"].dtype == bool
    for col in ("page", "char_start", "char_end"):
        assert str(df[col].dtype) == "Int64", col
    for col in ("doc", "clause", "task", "deadline_text", "recurrence", "source"):
        assert isinstance(df[col].dtype, pd.StringDtype), col


# --- extract() -------------------------------------------------------------------------------------


@pytest.fixture
def fake_extract(monkeypatch: pytest.MonkeyPatch) -> None:
    """extract_file that returns hand-made rows for good.txt and an error for anything else."""

    def fake(path: str | Path) -> FileResult:
        p = Path(path)
        if p.name != "good.txt":
            return FileResult(path=str(p), sha256="", error="empty file (0 bytes)", stage="read")
        rows = [
            make_task(),
            make_task(clause="3", coordinators=[], deadline=None, deadline_text=None, page=None),
        ]
        return FileResult(path=str(p), sha256="x", documents=[Document(Header(number="183-KL/TW"), [], rows)])

    monkeypatch.setattr("pipeline.extraction.extract_file", fake)


def test_extract_folder_types_and_warns_on_bad_files(tmp_path: Path, fake_extract: None) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "good.txt").write_text("x", encoding="utf-8")
    (tmp_path / "bad.pdf").write_bytes(b"")
    (tmp_path / ".hidden").write_text("x", encoding="utf-8")
    with pytest.warns(api.ExtractWarning, match=r"bad\.pdf: empty file") as record:
        df = api.extract(tmp_path)
    assert len(record) == 1  # the hidden file is not read
    check_dtypes(df)
    assert len(df) == 2
    first, second = df.iloc[0], df.iloc[1]
    assert first["deadline"] == pd.Timestamp("2025-10-15")
    assert first["doc_date"] == pd.Timestamp("2025-08-01")
    assert first["coordinators"] == ["Bộ Tài chính", "các bộ, ngành liên quan"]
    assert first["page"] == 2
    assert pd.isna(second["deadline"]) and pd.isna(second["deadline_text"]) and pd.isna(second["page"])
    assert second["coordinators"] == []


def test_extract_missing_path_warns_and_returns_empty_table(tmp_path: Path) -> None:
    with pytest.warns(api.ExtractWarning, match="no such file"):
        df = api.extract(tmp_path / "nope.pdf")
    assert df.empty
    check_dtypes(df)


def test_extract_real_broken_file_never_raises(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = api.extract(tmp_path / "empty.txt")
    assert df.empty
    assert any("empty file" in str(w.message) for w in caught)


def test_extract_seed_document_values() -> None:
    df = api.extract(SEED)
    check_dtypes(df)
    assert set(df["doc"]) == {SEED.name}
    assert set(df["doc_number"]) == {"9797-CV/BTCTW"}
    assert df["clause"].tolist() == ["1", "2", "3", "4", "5", "6"]
    one = df[df["clause"] == "1"].iloc[0]
    assert one["deadline"] == pd.Timestamp("2025-10-15")
    assert one["deadline_text"] == "hoàn thành trước ngày 15/10/2025"
    assert one["assignees"] == SEED_LEADS
    assert one["implicit"] is True or one["implicit"] == True  # noqa: E712 - numpy bool
    assert one["coordinators"] == []
    assert one["task"].startswith("Bố trí, điều động, sắp xếp đội ngũ cán bộ")
    four = df[df["clause"] == "4"].iloc[0]
    assert four["assignees"] == ["Các bộ, ngành"] and not four["implicit"]
    assert pd.isna(four["deadline"])
    assert df[df["clause"] == "5"].iloc[0]["deadline"] == pd.Timestamp("2025-10-30")
    assert (df["doc_date"] == pd.Timestamp("2025-09-30")).all()


# --- load_tasks() and connect() against a hand-filled store ---------------------------------------


@pytest.fixture
def store_db(tmp_path: Path) -> Path:
    """A store holding two hand-made tasks of one file, written through the store API."""
    from pipeline.model import Citation
    from pipeline.store import Store, store_file_result

    db = tmp_path / "t.duckdb"
    rows = [
        make_task(),
        make_task(
            task_id="t-2",
            clause="3",
            assignees=["Các tỉnh ủy, thành ủy"],
            implicit=True,
            coordinators=[],
            deadline=None,
            deadline_text="trước ngày 25 hằng tháng",
            recurrence="FREQ=MONTHLY;BYMONTHDAY=25",
            task="báo cáo kết quả",
            source="Báo cáo kết quả trước ngày 25 hằng tháng.",
            page=None,
            char_start=None,
            char_end=None,
        ),
    ]
    header = Header(number="183-KL/TW", doc_type="KL", citations=[Citation("Kết luận", "178-KL/TW")])
    result = FileResult(path=str(tmp_path / "kl.txt"), sha256="abc", documents=[Document(header, [], rows)])
    with Store(db) as store:
        assert store_file_result(store, result).status == "ok"
    return db


def test_load_tasks_types_and_values(store_db: Path) -> None:
    df = api.load_tasks(store_db)
    check_dtypes(df)
    assert {"path", "sha256", "ordinal", "run_id", "ingested_at"} <= set(df.columns)
    assert df["task_id"].tolist() == ["t-1", "t-2"]
    assert df["ordinal"].tolist() == [1, 2] and str(df["ordinal"].dtype) == "Int64"
    one, two = df.iloc[0], df.iloc[1]
    assert one["assignees"] == ["Bộ Nội vụ"]
    assert one["coordinators"] == ["Bộ Tài chính", "các bộ, ngành liên quan"]
    assert one["deadline"] == pd.Timestamp("2025-10-15") and one["doc_date"] == pd.Timestamp("2025-08-01")
    assert one["page"] == 2 and one["char_end"] == 260 and not one["implicit"]
    assert two["implicit"] and two["coordinators"] == [] and pd.isna(two["deadline"]) and pd.isna(two["page"])
    assert two["recurrence"] == "FREQ=MONTHLY;BYMONTHDAY=25"
    assert df["sha256"].tolist() == ["abc", "abc"]


def test_load_tasks_matches_extract_dtypes(store_db: Path, tmp_path: Path, fake_extract: None) -> None:
    (tmp_path / "good.txt").write_text("x", encoding="utf-8")
    stored = api.load_tasks(store_db)
    extracted = api.extract(tmp_path / "good.txt")
    assert stored[api.TASK_COLUMNS].dtypes.to_dict() == extracted.dtypes.to_dict()


def test_connect_sql_and_fixed_today(store_db: Path) -> None:
    with api.connect(store_db, today=date(2025, 10, 20)) as con:
        late = con.sql("SELECT task_id, days_overdue FROM overdue").fetchall()
        cited = con.sql("SELECT doc_number, cited_number FROM citations").fetchall()
    assert late == [("t-1", 5)]
    assert cited == [("183-KL/TW", "178-KL/TW")]
    with api.connect(store_db, today=date(2025, 9, 1)) as con:
        upcoming = con.sql("SELECT task_id, days_left FROM upcoming").fetchall()
        assert upcoming == [("t-2", 24), ("t-1", 44)]  # t-2 recurs on the 25th
    with api.connect(store_db) as con, pytest.raises(Exception, match="read-only"):
        con.execute("DELETE FROM tasks")


def test_show_a_stored_row(store_db: Path) -> None:
    row = api.load_tasks(store_db).iloc[1]
    view = api.show(row)
    assert marks(view.html) == [("trước ngày 25 hằng tháng", "DEADLINE")]
    assert view.missing == {}  # the implicit lead is not expected in the text


# --- show() ----------------------------------------------------------------------------------------


def test_show_marks_lead_partners_and_deadline() -> None:
    view = api.show(make_task())
    assert view._repr_html_() == view.html
    assert marks(view.html) == [
        ("Bộ Nội vụ", "LEAD"),
        ("Bộ Tài chính", "PARTNER"),
        ("các bộ, ngành liên quan", "PARTNER"),
        ("hoàn thành trước ngày 15/10/2025", "DEADLINE"),
    ]
    assert "rà soát quy định &lt;cũ&gt; &amp; báo cáo" in view.html  # displaCy escapes the text
    assert "<cũ>" not in view.html
    assert "183-KL/TW · kl.txt · 2.(1) · deadline 2025-10-15" in view.html


def test_show_takes_rows_dicts_and_one_row_frames() -> None:
    frame = api.tasks_frame([make_task().to_dict()])
    expected = marks(api.show(make_task()).html)
    assert marks(api.show(frame.iloc[0]).html) == expected
    assert marks(api.show(frame).html) == expected
    assert marks(api.show(make_task().to_dict()).html) == expected
    with pytest.raises(ValueError, match="one task"):
        api.show(pd.concat([frame, frame]))
    with pytest.raises(TypeError):
        api.show(42)


def test_show_folds_tones_and_case() -> None:
    task = make_task(
        assignees=["Ban Tổ chức Thành uỷ"],
        coordinators=[],
        deadline_text="trong tháng 7/2025",
        source="Giao BAN TỔ CHỨC THÀNH ỦY rà soát, trong tháng 7/2025.",
    )
    assert marks(api.show(task).html) == [
        ("BAN TỔ CHỨC THÀNH ỦY", "LEAD"),
        ("trong tháng 7/2025", "DEADLINE"),
    ]


def test_show_falls_back_to_task_text_and_notes_missing_names() -> None:
    task = make_task(source="", task="Bộ Tài chính báo cáo <kết quả>", deadline_text=None)
    view = api.show(task)
    assert marks(view.html) == [("Bộ Tài chính", "PARTNER")]
    assert view.missing == {"LEAD": ["Bộ Nội vụ"], "PARTNER": ["các bộ, ngành liên quan"]}
    assert "LEAD not in the text: Bộ Nội vụ" in view.html
    assert "&lt;kết quả&gt;" in view.html


def test_show_implicit_lead_is_not_reported_missing() -> None:
    view = api.show(make_task(assignees=["Các tỉnh ủy, thành ủy"], implicit=True))
    assert "LEAD" not in view.missing
    assert ("Bộ Nội vụ", "LEAD") not in marks(view.html)


def test_show_plain_string_with_named_spans() -> None:
    view = api.show(
        "Yêu cầu Sở Y tế & Sở Tài chính báo cáo trước 16 giờ ngày 25 hằng tháng.",
        assignees=["Sở Y tế"],
        coordinators=["Sở Tài chính"],
        deadline_text="trước 16 giờ ngày 25 hằng tháng",
    )
    assert marks(view.html) == [
        ("Sở Y tế", "LEAD"),
        ("Sở Tài chính", "PARTNER"),
        ("trước 16 giờ ngày 25 hằng tháng", "DEADLINE"),
    ]
    assert "&amp;" in view.html


def test_show_plain_string_read_by_the_extractor() -> None:
    view = api.show(
        "Giao Bộ Nội vụ chủ trì, phối hợp với Bộ Tài chính rà soát quy định, "
        "hoàn thành trước ngày 15/10/2025."
    )
    assert marks(view.html) == [
        ("Bộ Nội vụ", "LEAD"),
        ("Bộ Tài chính", "PARTNER"),
        ("hoàn thành trước ngày 15/10/2025", "DEADLINE"),
    ]


def test_show_plain_string_never_fails() -> None:
    view = api.show("Giao Bộ Nội vụ <chủ trì> thực hiện.")
    assert "&lt;chủ trì&gt;" in view.html


# --- helpers and package -------------------------------------------------------------------------


def test_next_due_counts_from_document_date() -> None:
    monthly = "FREQ=MONTHLY;BYMONTHDAY=25"
    assert api.next_due(monthly, date(2025, 8, 13), date(2025, 9, 1)) == date(2025, 9, 25)
    assert api.next_due(monthly, date(2025, 8, 13), date(2025, 9, 25)) == date(2025, 9, 25)  # on the day
    assert api.next_due("FREQ=YEARLY", date(2025, 8, 13), date(2025, 9, 1)) == date(2026, 8, 13)
    assert api.next_due("FREQ=WEEKLY;COUNT=2", date(2025, 8, 1), date(2025, 9, 1)) is None


def test_connect_read_only_needs_an_existing_store(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no store"):
        api.connect(tmp_path / "none.duckdb")


def test_package_exports_are_lazy() -> None:
    code = (
        "import sys, pipeline\n"
        "heavy = [m for m in ('pandas', 'duckdb', 'spacy') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "from pipeline import extract, load_tasks, connect, show\n"
        "from pipeline import api\n"
        "assert show is api.show and load_tasks is api.load_tasks and connect is api.connect\n"
        "assert extract is api.extract\n"
    )
    # A fresh interpreter: this process has pandas loaded already.
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_extract_and_ingest_are_functions_after_the_modules_load(tmp_path: Path) -> None:
    code = (
        "import pipeline.extraction, pipeline.ingestion\n"  # loading the modules first changes nothing
        "from pipeline import extract, ingest\n"
        "from pipeline.ingestion import ingest as real\n"
        "assert ingest is real and callable(extract)\n"
        f"df = extract({str(tmp_path / 'none.txt')!r})\n"
        "assert df.empty and list(df.columns)[:2] == ['doc', 'doc_number']\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
