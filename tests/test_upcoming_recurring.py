"""The `upcoming` view counts a recurring duty on its next occurrence, as python-dateutil's rrule does."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import duckdb
import pytest
from test_store import result, task

from pipeline.api import next_due
from pipeline.rrule_sql import RRULE_MACROS
from pipeline.store import Store, store_file_result

RULES = [
    "FREQ=MONTHLY;BYMONTHDAY=25",
    "FREQ=MONTHLY",
    "FREQ=MONTHLY;INTERVAL=3",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "FREQ=MONTHLY;BYMONTHDAY=31",
    "FREQ=MONTHLY;BYMONTHDAY=1,15",
    "FREQ=MONTHLY;BYDAY=1MO",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=MONTHLY;BYMONTHDAY=25;COUNT=3",
    "FREQ=MONTHLY;BYMONTHDAY=25;UNTIL=20251231",
    "FREQ=YEARLY",
    "FREQ=YEARLY;BYMONTH=2",
    "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25",
    "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=1",
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;BYDAY=MO,TH",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
    "FREQ=WEEKLY;COUNT=2",
    "FREQ=DAILY;INTERVAL=10",
]
STARTS = [date(2024, 2, 29), date(2025, 1, 31), date(2025, 8, 1)]
TODAYS = [date(2024, 1, 1), date(2025, 9, 1), date(2025, 12, 31), date(2026, 3, 1)]


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    for ddl in RRULE_MACROS:
        c.execute(ddl)
    return c


@pytest.mark.parametrize("rule", RULES)
def test_sql_next_occurrence_equals_dateutil(con: duckdb.DuckDBPyConnection, rule: str) -> None:
    for start, today in itertools.product(STARTS, TODAYS):
        got = con.execute("SELECT rrule_next(?, ?, ?)", [rule, start, today]).fetchone()
        assert got == (next_due(rule, start, today),), (rule, start, today)


@pytest.mark.parametrize("rule", ["FREQ=SOMETIMES", "FREQ=MONTHLY;INTERVAL=0", "FREQ=MONTHLY;BYMONTHDAY=x", "", None])
def test_an_unreadable_rule_gives_no_date_and_no_error(con: duckdb.DuckDBPyConnection, rule: str | None) -> None:
    got = con.execute("SELECT rrule_next(?, DATE '2025-08-01', DATE '2025-09-01')", [rule]).fetchone()
    expected = (date(2025, 9, 1),) if rule == "FREQ=MONTHLY;INTERVAL=0" else (None,)  # INTERVAL=0 read as 1
    assert got == expected


def test_upcoming_lists_recurring_duties_on_their_next_occurrence(tmp_path: Path) -> None:
    tasks = [
        task("once", "1", ["Bộ Nội vụ"], "Trình đề án", deadline="2025-10-15"),
        task("monthly", "2", ["Bộ Tài chính"], "Báo cáo tháng", recurrence="FREQ=MONTHLY;BYMONTHDAY=25"),
        task("yearly", "3", ["Bộ Y tế"], "Tổng kết năm", recurrence="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15"),
        task("ended", "4", ["Bộ Y tế"], "Ba lần", recurrence="FREQ=MONTHLY;BYMONTHDAY=5;COUNT=1"),
        task("past", "5", ["Bộ Y tế"], "Đã qua", deadline="2025-08-20"),
    ]
    with Store(tmp_path / "s.duckdb") as s:
        store_file_result(s, result("/in/kl.txt", "aa", tasks))  # document dated 2025-08-01
        s.set_today(date(2025, 9, 1))
        rows = s.con.execute("SELECT task_id, next_due, days_left FROM upcoming").fetchall()
        s.set_today(date(2025, 12, 20))
        later = s.con.execute("SELECT task_id, next_due FROM upcoming").fetchall()
    assert rows == [
        ("monthly", date(2025, 9, 25), 24),
        ("once", date(2025, 10, 15), 44),
        ("yearly", date(2025, 12, 15), 105),
    ]
    assert later == [("monthly", date(2025, 12, 25)), ("yearly", date(2026, 12, 15))]
