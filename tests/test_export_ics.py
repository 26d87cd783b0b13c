"""iCalendar export read back with the icalendar library."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar
from test_store import result, task, three_tasks

from pipeline.exports import export
from pipeline.model import Task
from pipeline.store import Store, store_file_result


def todos(path: Path) -> dict[str, object]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(t["UID"]): t for t in cal.walk("VTODO")}


def exported(tmp_path: Path, tasks: list[Task], kind: str = "todo") -> dict[str, Any]:
    """The entries, by UID, of the calendar of `tasks` stored from one file in a fresh store."""
    db = tmp_path / f"s{len(list(tmp_path.glob('*.duckdb')))}.duckdb"
    with Store(db) as s:
        store_file_result(s, result("/in/kl.txt", "aa", tasks))
        export(s.con, "ics", db.with_suffix(".ics"), ics_kind=kind)
    cal = Calendar.from_ical(db.with_suffix(".ics").read_bytes())
    return {str(e["UID"]): e for e in cal.walk("VTODO" if kind == "todo" else "VEVENT")}


def test_one_vtodo_per_task_with_due_rrule_and_stable_uid(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as s:
        store_file_result(s, result("/in/kl.txt", "aa", three_tasks()), run_id=1)
        export(s.con, "ics", tmp_path / "a.ics")
        export(s.con, "ics", tmp_path / "b.ics")
    assert (tmp_path / "a.ics").read_bytes() == (tmp_path / "b.ics").read_bytes()  # re-export: same calendar
    cal = Calendar.from_ical((tmp_path / "a.ics").read_bytes())
    assert [str(c["TZID"]) for c in cal.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    t = todos(tmp_path / "a.ics")
    assert sorted(t) == ["t1@directives", "t2@directives", "t3@directives"]

    t1 = t["t1@directives"]
    assert t1.decoded("DUE") == date(2025, 8, 31)
    assert "DTSTART" not in t1 and "RRULE" not in t1
    assert str(t1["SUMMARY"]) == "Bộ Nội vụ: Trình Bộ Chính trị đề án"
    assert str(t1["DESCRIPTION"]) == (
        "Văn bản: 183-KL/TW — kl.txt\nMục: 1\nThời hạn: trước ngày 31/8/2025\nPhối hợp: Bộ Tài chính\n\n"
        "Trình Bộ Chính trị đề án"
    )
    assert str(t1["STATUS"]) == "NEEDS-ACTION"

    t2 = t["t2@directives"]  # monthly on the 25th at 16:00, no deadline: starts on the first 25th after the doc date
    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    assert t2.decoded("DTSTART") == datetime(2025, 8, 25, 0, 0, tzinfo=vn)
    assert t2.decoded("DUE") == datetime(2025, 8, 25, 16, 0, tzinfo=vn)
    assert t2["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert t2["RRULE"].to_ical() == b"FREQ=MONTHLY;BYMONTHDAY=25"
    assert str(t2["SUMMARY"]) == "Các tỉnh uỷ, thành uỷ, Đảng uỷ Chính phủ: Báo cáo kết quả"

    t3 = t["t3@directives"]
    assert t3.decoded("DUE") == date(2025, 12, 31) and str(t3["SUMMARY"]) == "Tổng kết thực hiện"


def test_long_task_text_is_cut_in_the_summary(tmp_path: Path) -> None:
    tasks = three_tasks()
    tasks[0].task = "Rà soát " * 60
    summary = str(exported(tmp_path, tasks[:1])["t1@directives"]["SUMMARY"])
    assert len(summary) == 160 and summary.endswith("…") and summary.startswith("Bộ Nội vụ: Rà soát Rà soát")


def test_an_unreadable_rule_stays_in_the_description(tmp_path: Path) -> None:
    tasks = three_tasks()
    tasks[1].recurrence = "FREQ=SOMETIMES"
    t2 = exported(tmp_path, tasks[1:2])["t2@directives"]
    assert "RRULE" not in t2 and "DUE" not in t2 and "Lặp lại: FREQ=SOMETIMES" in str(t2["DESCRIPTION"])


def test_a_recurring_duty_without_a_time_is_due_by_the_end_of_its_day(tmp_path: Path) -> None:
    tasks = three_tasks()
    tasks[1].due_time = None
    t2 = exported(tmp_path, tasks[1:2])["t2@directives"]
    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    assert t2.decoded("DTSTART") == datetime(2025, 8, 25, 0, 0, tzinfo=vn)
    assert t2.decoded("DUE") == datetime(2025, 8, 25, 23, 59, tzinfo=vn)


def test_events_for_calendars_that_ignore_todos(tmp_path: Path) -> None:
    tasks = three_tasks() + [task("t4", "4", ["Bộ Y tế"], "Theo dõi")]  # no date: no event
    with Store(tmp_path / "s.duckdb") as s:
        store_file_result(s, result("/in/kl.txt", "aa", tasks))
        assert export(s.con, "ics", tmp_path / "e.ics", ics_kind="event") == 3
    cal = Calendar.from_ical((tmp_path / "e.ics").read_bytes())
    assert cal.walk("VTODO") == []
    ev = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert sorted(ev) == ["t1@directives", "t2@directives", "t3@directives"]
    t1 = ev["t1@directives"]
    assert (t1.decoded("DTSTART"), t1.decoded("DTEND")) == (date(2025, 8, 31), date(2025, 9, 1))
    assert str(t1["TRANSP"]) == "TRANSPARENT" and "RRULE" not in t1
    t2 = ev["t2@directives"]
    assert t2.decoded("DTSTART") == datetime(2025, 8, 25, 16, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert "DTEND" not in t2 and t2["RRULE"].to_ical() == b"FREQ=MONTHLY;BYMONTHDAY=25"


def test_until_takes_the_value_type_of_dtstart(tmp_path: Path) -> None:
    tasks = three_tasks()
    tasks[1].recurrence = "FREQ=MONTHLY;BYMONTHDAY=25;UNTIL=20251231"
    todo = exported(tmp_path, tasks[1:2])["t2@directives"]
    assert todo["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20251231T165959Z;BYMONTHDAY=25"  # 23:59:59 in Vietnam
    tasks[1].due_time = None
    event = exported(tmp_path, tasks[1:2], "event")["t2@directives"]
    assert event.decoded("DTSTART") == date(2025, 8, 25)
    assert event["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20251231;BYMONTHDAY=25"
