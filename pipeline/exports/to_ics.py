"""iCalendar: one VTODO per task; UID = task_id@directives so a re-import updates instead of adding."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
UID_DOMAIN = "directives"
SUMMARY_MAX = 160


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


def todo(row: dict[str, Any]) -> Any:
    from icalendar import Todo, vRecur

    t = Todo()
    t.add("uid", uid(row["task_id"]))
    stamp = row.get("ingested_at") or datetime(2000, 1, 1)
    t.add("dtstamp", stamp.replace(tzinfo=stamp.tzinfo or UTC).astimezone(UTC))
    t.add("summary", summary(row))
    t.add("description", description(row))
    t.add("status", "NEEDS-ACTION")
    if row.get("assignees"):
        t.add("categories", list(row["assignees"]))
    rule = row.get("recurrence")
    deadline = row.get("deadline")
    try:
        recur = vRecur.from_ical(rule) if rule else None
        anchor = deadline or row.get("doc_date") or stamp.date()
        first = first_occurrence(rule, anchor) if rule else None
    except ValueError:  # a rule calendars cannot read stays in the description only
        recur = first = None
    if recur is not None and first is not None:
        start = _when(first, row.get("due_time"))
        t.add("dtstart", start)
        t.add("due", start)  # each occurrence is due on its own day
        t.add("rrule", recur)
    elif deadline:
        t.add("due", _when(deadline, row.get("due_time")))
    return t


def write(rows: list[dict[str, Any]], out: Path) -> int:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//directives//task export//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Nhiệm vụ")
    for r in rows:
        cal.add_component(todo(r))
    cal.add_missing_timezones()
    out.write_bytes(cal.to_ical())
    return len(rows)
