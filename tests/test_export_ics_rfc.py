"""Every entry of the .ics export keeps the RFC 5545 rules a calendar checks, on the whole corpus."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from pipeline.exports import export
from pipeline.exports.rows import fetch_tasks
from pipeline.ingestion import ingest
from pipeline.store import Store

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("ics") / "s.duckdb"
    ingest([CORPUS], db=db)
    return db


def check_entry(c: object, row: dict[str, object], kind: str) -> None:
    """The rules of RFC 5545 §3.6.1/§3.6.2 and §3.8.5.3 that importers enforce."""
    names = set(c)  # type: ignore[call-overload]
    assert {"UID", "DTSTAMP"} <= names
    assert not {"DUE", "DURATION"} <= names
    start = c.decoded("DTSTART") if "DTSTART" in names else None  # type: ignore[attr-defined]
    if "RRULE" in names:
        assert start is not None  # a rule needs a DTSTART to count from
        is_day = not isinstance(start, datetime)
        anchor = datetime.combine(start, datetime.min.time()) if is_day else start
        first = rrulestr(c["RRULE"].to_ical().decode(), dtstart=anchor)[0]  # type: ignore[index]
        assert (first.date() if is_day else first) == start  # DTSTART is the rule's first occurrence, not an extra one
    if kind == "todo":
        if row["deadline"] is not None or "RRULE" in names:
            assert "DUE" in names
        if start is not None:
            due = c.decoded("DUE")  # type: ignore[attr-defined]
            assert type(due) is type(start) and due > start
    else:
        assert start is not None
        if "DTEND" in names:
            end = c.decoded("DTEND")  # type: ignore[attr-defined]
            assert type(end) is type(start) and end > start
        if not isinstance(start, datetime):
            assert isinstance(start, date) and "DTEND" in names


@pytest.mark.parametrize("kind", ["todo", "event"])
def test_every_corpus_entry_keeps_the_rfc_rules_and_round_trips(corpus_store: Path, tmp_path: Path, kind: str) -> None:
    out = tmp_path / "t.ics"
    with Store(corpus_store, read_only=True) as s:
        rows = {r["task_id"]: r for r in fetch_tasks(s.con)}
        n = export(s.con, "ics", out, ics_kind=kind)
    data = out.read_bytes()
    cal = Calendar.from_ical(data)
    assert cal.to_ical() == data  # parses and serialises back to the same bytes
    entries = cal.walk("VTODO" if kind == "todo" else "VEVENT")
    dated = [r for r in rows.values() if r["deadline"] is not None or r["recurrence"]]
    assert len(entries) == n == (len(rows) if kind == "todo" else len(dated))
    assert any("RRULE" in e for e in entries) and any("DUE" in e or "DTEND" in e for e in entries)
    for e in entries:
        check_entry(e, rows[str(e["UID"]).removesuffix("@directives")], kind)
