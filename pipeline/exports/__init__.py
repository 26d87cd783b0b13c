"""Exports of the task table for other trackers: one module per format, one `export()` to call them."""

from __future__ import annotations

import importlib
from pathlib import Path

import duckdb

from pipeline.exports.rows import TaskFilter, fetch_tasks

# --format name → module in this package (each has write(rows, out) -> int).
FORMATS = {
    "csv": "to_csv",
    "xlsx": "to_xlsx",
    "jsonl": "to_jsonl",
    "parquet": "to_parquet",
    "ics": "to_ics",
    "jira": "to_jira",
}


def _subjects(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str | None], str]:
    rows = con.execute("SELECT path, doc_number, subject FROM documents WHERE subject IS NOT NULL").fetchall()
    return {(p, n): s for p, n, s in rows}


def export(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    out: str | Path,
    filt: TaskFilter | None = None,
    *,
    ics_kind: str = "todo",
    jira_flavour: str = "cloud",
) -> int:
    """Write the tasks matching `filt` to `out` in `fmt`; returns the number of tasks written.

    `ics_kind`: "todo" (VTODO) or "event" (VEVENT, only tasks with a date);
    `jira_flavour`: "cloud" (Parent column) or "datacenter" (Epic Name / Epic Link)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    rows = fetch_tasks(con, filt)
    module = importlib.import_module(f"pipeline.exports.{FORMATS[fmt]}")
    if fmt == "jira":
        return module.write(rows, Path(out), _subjects(con), flavour=jira_flavour)
    if fmt == "ics":
        return module.write(rows, Path(out), kind=ics_kind)
    return module.write(rows, Path(out))
