"""CSV for spreadsheets: UTF-8 with a BOM (so Excel shows Vietnamese), lists joined with "; "."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, TextIO

from pipeline.exports.rows import TASK_FIELDS, iso

LIST_SEP = "; "
# task_id first: the key a spreadsheet user joins or looks up on; the review (a person's) last.
COLUMNS: list[str] = ["task_id"] + [f for f in TASK_FIELDS if f != "task_id"] + ["status", "done_on", "corrected"]


def cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, list | tuple):
        return LIST_SEP.join(str(x) for x in v)
    if isinstance(v, bool):
        return "true" if v else "false"
    return iso(v)


def write_stream(rows: list[dict[str, Any]], fh: TextIO) -> int:
    w = csv.writer(fh)
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow([cell(r.get(c)) for c in COLUMNS])
    return len(rows)


def write(rows: list[dict[str, Any]], out: Path) -> int:
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        return write_stream(rows, fh)
