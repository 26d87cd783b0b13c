"""The filters and paging of GET /tasks (and the review page): query parameters to a TaskFilter, and the
cursor, an opaque token holding the sort key of a page's last row."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import HTTPException

from pipeline.corrections import STATUSES
from pipeline.exports.rows import TaskFilter, iso, sort_key, task_record, timestamp

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def parse_day(value: str | None, what: str) -> date | None:
    from pipeline.commands.args import day

    if not value:
        return None
    try:
        return day(value)
    except Exception as e:  # noqa: BLE001 - argparse's error type: its message is the answer
        raise HTTPException(422, f"{what}: {e}") from e


def encode_cursor(key: list[Any], by_deadline: bool) -> str:
    raw = json.dumps({"d": by_deadline, "k": key}, ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, by_deadline: bool) -> list[Any]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        key = data["k"]
        ok = data["d"] == by_deadline and isinstance(key, list) and len(key) == (3 if by_deadline else 2)
    except (ValueError, KeyError, TypeError, binascii.Error):
        ok = False
    if not ok:
        raise HTTPException(422, "cursor: not one this server gave for these filters; start again without it")
    return [date.fromisoformat(key[0]), *key[1:]] if by_deadline else key


@dataclass
class TaskQuery:
    """The filters of `directives tasks` as query parameters (FastAPI reads them from this class).
    Dates are 2025-09-01 or 01/09/2025; `today` is the date `overdue` compares against."""

    assignee: str | None = None
    due_before: str | None = None
    overdue: bool = False
    today: str | None = None
    doc: str | None = None
    text: str | None = None
    status: str | None = None

    def to_filter(self, limit: int | None = None, cursor: str | None = None) -> TaskFilter:
        if self.status and self.status not in STATUSES:
            raise HTTPException(422, f"status: one of {', '.join(STATUSES)}")
        if limit is not None and not 1 <= limit <= MAX_LIMIT:
            raise HTTPException(422, f"limit: from 1 to {MAX_LIMIT}")
        f = TaskFilter(
            assignee=self.assignee or None,
            due_before=parse_day(self.due_before, "due_before"),
            overdue=self.overdue,
            today=parse_day(self.today, "today"),
            doc=self.doc or None,
            text=self.text or None,
            status=self.status or None,
            limit=None if limit is None else limit + 1,  # one more: is there a next page
        )
        if cursor:
            f.after = decode_cursor(cursor, f.by_deadline)
        return f

    @property
    def given(self) -> bool:
        return bool(self.assignee or self.due_before or self.overdue or self.doc or self.text or self.status)


def page(rows: list[dict[str, Any]], f: TaskFilter, limit: int) -> tuple[list[dict[str, Any]], str | None]:
    """The page's rows and the cursor of the next page (None: this was the last)."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, encode_cursor(sort_key(rows[-1], f), f.by_deadline)


def api_record(row: dict[str, Any], document_id: str | None = None) -> dict[str, Any]:
    """A task as the API answers it: the JSON Lines record plus where it is stored and its review."""
    out = task_record(row)
    out.update(
        path=row.get("path"),
        ordinal=row.get("ordinal"),
        not_task=bool(row.get("not_task")),
        corrected_fields=list(row.get("corrected_fields") or []),
        corrected_by=row.get("corrected_by"),
        corrected_at=timestamp(row.get("corrected_at")),
    )
    if document_id is not None:
        out["document_id"] = document_id
    return {k: iso(v) for k, v in out.items()}
