"""iCalendar: one VTODO (or VEVENT) per task; UID = task_id@directives so a re-import updates instead of adding.

RFC 5545 rules kept: DUE where there is a deadline; DTSTART only with an RRULE, then on the rule's
first occurrence and strictly before DUE; DTSTART and DUE of the same value type."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
UID_DOMAIN = "directives"
SUMMARY_MAX = 160
KINDS = ("todo", "event")
END_OF_DAY = "23:59"  # a recurring duty without a stated time is due by the end of its day


def uid(task_id: str) -> str:
    return f"{task_id}@{UID_DOMAIN}"


def _when(day: date, due_time: str | None) -> date | datetime:
    """A date, or a local date-time in Vietnam when the task states a time of day."""
    if not due_time:
        return day
    hh, mm = (int(x) for x in due_time.split(":"))
    return datetime.combine(day, time(hh, mm), tzinfo=TZ)


def first_occurrence(rule: str, anchor: date) -> date:
    """The first day on or after `anchor` the RRULE gives: DTSTART must match its own rule (RFC 5545)."""
    from dateutil.rrule import rrulestr

    start = datetime.combine(anchor, time())
    nxt = rrulestr(rule, dtstart=start).after(start, inc=True)
    return nxt.date() if nxt else anchor


def summary(row: dict[str, Any]) -> str:
    who = ", ".join(row.get("assignees") or [])
    text = " ".join((row.get("task") or "").split())
    s = f"{who}: {text}" if who else text
    return s if len(s) <= SUMMARY_MAX else s[: SUMMARY_MAX - 1].rstrip() + "…"


def description(row: dict[str, Any]) -> str:
    lines = [
        f"Văn bản: {row.get('doc_number') or '(không số)'} — {row.get('doc')}",
        f"Mục: {row.get('clause')}",
    ]
    if row.get("deadline_text"):
        lines.append(f"Thời hạn: {row['deadline_text']}")
    if row.get("coordinators"):
        lines.append("Phối hợp: " + "; ".join(row["coordinators"]))
    if row.get("recurrence"):
        lines.append(f"Lặp lại: {row['recurrence']}")
    lines += ["", (row.get("source") or row.get("task") or "").strip()]
    return "\n".join(lines)


def _recurrence(row: dict[str, Any], stamp: datetime) -> tuple[Any, date] | None:
    """(the RRULE, its first day) of a recurring task, or None when it has none calendars can read."""
    from icalendar import vRecur

    rule = row.get("recurrence")
    if not rule:
        return None
    anchor = row.get("deadline") or row.get("doc_date") or stamp.date()
    try:
        return vRecur.from_ical(rule), first_occurrence(rule, anchor)
    except ValueError:  # a rule calendars cannot read stays in the description only
        return None


def _matched(recur: Any, start: date) -> Any:
    """The rule with UNTIL of DTSTART's value type (RFC 5545 §3.3.10): a day, or a UTC time."""
    if "UNTIL" not in recur:
        return recur
    until = recur["UNTIL"][0]
    out = recur.copy()
    if isinstance(start, datetime) and not isinstance(until, datetime):
        out["UNTIL"] = [datetime.combine(until, time(23, 59, 59), tzinfo=TZ).astimezone(UTC)]
    elif not isinstance(start, datetime) and isinstance(until, datetime):
        out["UNTIL"] = [until.astimezone(TZ).date() if until.tzinfo else until.date()]
    return out


def _todo_dates(entry: Any, row: dict[str, Any], rec: tuple[Any, date] | None) -> None:
    """DUE on the deadline; a recurring duty runs from the start of each occurrence's day to its due time."""
    if rec is not None:
        recur, first = rec
        start = datetime.combine(first, time(0, 0), tzinfo=TZ)
        due = _when(first, row.get("due_time") or END_OF_DAY)
        assert isinstance(due, datetime)
        entry.add("dtstart", start)
        entry.add("due", max(due, start + timedelta(minutes=1)))  # RFC 5545: DUE strictly after DTSTART
        entry.add("rrule", _matched(recur, start))
    elif row.get("deadline"):
        entry.add("due", _when(row["deadline"], row.get("due_time")))


def _event_dates(entry: Any, row: dict[str, Any], rec: tuple[Any, date] | None) -> bool:
    """An event on the due day (all day, or at the stated time); False when the task has no date."""
    day = rec[1] if rec is not None else row.get("deadline")
    if day is None:
        return False
    start = _when(day, row.get("due_time"))
    entry.add("dtstart", start)
    if not isinstance(start, datetime):
        entry.add("dtend", day + timedelta(days=1))  # all-day: DTEND is the exclusive next day
    if rec is not None:
        entry.add("rrule", _matched(rec[0], start))
    return True


# A person's status of the task (pipeline/corrections.py) as RFC 5545 VTODO STATUS.
TODO_STATUS = {"open": "NEEDS-ACTION", "in_progress": "IN-PROCESS", "done": "COMPLETED", "cancelled": "CANCELLED"}


def entry(row: dict[str, Any], kind: str = "todo") -> Any | None:
    """The VTODO (or VEVENT) of one task; None for an event without any date."""
    from icalendar import Event, Todo

    e = Todo() if kind == "todo" else Event()
    e.add("uid", uid(row["task_id"]))
    stamp = row.get("ingested_at") or datetime(2000, 1, 1)
    e.add("dtstamp", stamp.replace(tzinfo=stamp.tzinfo or UTC).astimezone(UTC))
    e.add("summary", summary(row))
    e.add("description", description(row))
    if row.get("assignees"):
        e.add("categories", list(row["assignees"]))
    rec = _recurrence(row, stamp)
    if kind == "todo":
        e.add("status", TODO_STATUS.get(row.get("status") or "open", "NEEDS-ACTION"))
        if row.get("status") == "done" and row.get("done_on"):
            done = row["done_on"]
            e.add("completed", datetime(done.year, done.month, done.day, tzinfo=UTC))
        _todo_dates(e, row, rec)
    elif not _event_dates(e, row, rec):
        return None
    else:
        e.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    return e


def write(rows: list[dict[str, Any]], out: Path, kind: str = "todo") -> int:
    """`kind`: "todo" (a VTODO per task) or "event" (a VEVENT per task that has a date)."""
    from icalendar import Calendar

    if kind not in KINDS:
        raise ValueError(f"unknown ics kind {kind!r}; one of {', '.join(KINDS)}")
    cal = Calendar()
    cal.add("prodid", "-//directives//task export//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Nhiệm vụ")
    n = 0
    for r in rows:
        e = entry(r, kind)
        if e is not None:
            cal.add_component(e)
            n += 1
    cal.add_missing_timezones()
    out.write_bytes(cal.to_ical())
    return n
