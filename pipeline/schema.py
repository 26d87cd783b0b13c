"""The task row's types, read from the Task dataclass: its JSON Schema (for trackers) and its SQL columns."""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass, fields
from typing import Any

from pipeline.model import Task

SCHEMA_ID = "https://directives.local/schema/task-row.json"

# Fields that hold ISO dates in a str: a DATE column in the store and "format": "date" in the schema.
DATE_FIELDS = frozenset({"deadline", "doc_date"})

# One line per field for the schema's "description" (the guideline's wording, shortened).
DESCRIPTIONS: dict[str, str] = {
    "doc": "file name of the source document, without folder",
    "doc_number": "number and symbol of the document the task stands in (183-KL/TW), null where blank",
    "clause": "numbering path as printed, outermost first, joined by '.' (3.(1).(ii), 5.a), -2, p3, PL.5)",
    "assignees": "lead agencies (chủ trì) that must carry the task out, as written in the text",
    "implicit": "true when the assignees come from 'Kính gửi' rather than the body",
    "coordinators": "agencies named as 'phối hợp' partners",
    "task": "the duty itself, as in the text",
    "deadline": "last day allowed (ISO date), null when none or vague",
    "deadline_text": "the words that state the deadline, as in the text",
    "recurrence": "iCalendar RRULE for a repeated duty (FREQ=MONTHLY;BYMONTHDAY=25)",
    "due_time": "time of day stated with the deadline, HH:MM",
    "task_id": "stable identifier: the same task keeps it when its file is ingested again",
    "doc_type": "document type code (KL, CV, TB, CĐ, CT, NQ, QĐ, KH, ...)",
    "doc_date": "date the document was signed (ISO date)",
    "issuer": "body that issued the document",
    "page": "page of the source clause (1-based), where known",
    "char_start": "start of the source clause in the cleaned document text",
    "char_end": "end of the source clause in the cleaned document text",
    "source": "full text of the clause the task stands in",
}

# Provenance that rows read back from the store carry after the Task fields (not part of Task,
# so optional: `directives extract` rows have none).
STORE_PROPERTIES: dict[str, dict[str, Any]] = {
    "run_id": {
        "type": ["integer", "null"],
        "description": "the ingest run that last changed the task (SELECT * FROM runs)",
    },
    "ingested_at": {
        "type": ["string", "null"],
        "format": "date-time",
        "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$",
        "description": "when the task was last changed, RFC 3339 with the UTC offset",
    },
}

# Extra constraints a tracker can rely on.
PATTERNS: dict[str, str] = {
    "due_time": r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
    "recurrence": r"^FREQ=(SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z]+=[^;]+)*$",
}


@dataclass(frozen=True)
class FieldType:
    """A Task field reduced to what both JSON Schema and SQL need."""

    name: str
    base: str  # "string", "integer", "boolean", "number", "array"
    nullable: bool
    is_date: bool = False


_BASE = {str: "string", int: "integer", bool: "boolean", float: "number"}
_SQL = {
    "string": "VARCHAR",
    "integer": "INTEGER",
    "boolean": "BOOLEAN",
    "number": "DOUBLE",
    "array": "VARCHAR[]",
}


def _field_type(name: str, hint: Any) -> FieldType:
    args = typing.get_args(hint)
    nullable = False
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        nullable = type(None) in args
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1:
            raise TypeError(f"Task.{name}: unsupported type {hint!r}")
        hint = rest[0]
    if typing.get_origin(hint) is list:
        return FieldType(name, "array", nullable)
    if hint not in _BASE:
        raise TypeError(f"Task.{name}: unsupported type {hint!r}")
    return FieldType(name, _BASE[hint], nullable, is_date=name in DATE_FIELDS)


def task_fields() -> list[FieldType]:
    """The Task dataclass fields in declaration order, with their types."""
    hints = typing.get_type_hints(Task)
    return [_field_type(f.name, hints[f.name]) for f in fields(Task)]


def sql_type(ft: FieldType) -> str:
    return "DATE" if ft.is_date else _SQL[ft.base]


def _property(ft: FieldType) -> dict[str, Any]:
    prop: dict[str, Any] = {"type": [ft.base, "null"] if ft.nullable else ft.base}
    if ft.base == "array":
        prop["items"] = {"type": "string"}
    if ft.is_date:
        prop["format"] = "date"
        prop["pattern"] = r"^\d{4}-\d{2}-\d{2}$"  # "format" is only advisory in draft 2020-12
    if ft.name in PATTERNS:
        prop["pattern"] = PATTERNS[ft.name]
    if ft.name in DESCRIPTIONS:
        prop["description"] = DESCRIPTIONS[ft.name]
    return prop


def json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of one task row as `directives export --format jsonl` writes it."""
    fts = task_fields()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Task",
        "description": "One duty assigned by a Vietnamese directive, with its provenance.",
        "type": "object",
        "properties": {ft.name: _property(ft) for ft in fts} | STORE_PROPERTIES,
        "required": [ft.name for ft in fts],
        "additionalProperties": False,
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2)
