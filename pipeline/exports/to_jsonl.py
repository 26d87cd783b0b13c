"""JSON Lines: one task object a line, valid against the schema `directives schema` prints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from pipeline.exports.rows import task_record


def write_stream(rows: list[dict[str, Any]], fh: TextIO) -> int:
    for r in rows:
        fh.write(json.dumps(task_record(r), ensure_ascii=False) + "\n")
    return len(rows)


def write(rows: list[dict[str, Any]], out: Path) -> int:
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        return write_stream(rows, fh)
