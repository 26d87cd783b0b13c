"""Vietnamese directives → task table.

The analyst API is re-exported here and loaded on first use, so `import pipeline` (and the CLI) stays
cheap — pandas, DuckDB and spaCy load only when a function needs them:

    from pipeline import extract, load_tasks, connect, show, ingest

and small helpers for analysts: `format_summary` (the lines `directives ingest` prints, for the
summary `ingest` returns), `fold_key` (a key under which spellings of one name that differ only in
case, tone marks or spacing are equal, for grouping agencies) and `next_due` (the next occurrence of a
recurring duty's RRULE).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# API name → module defining it.
_API = {
    "extract": "pipeline.api",
    "load_tasks": "pipeline.api",
    "connect": "pipeline.api",
    "show": "pipeline.api",
    "next_due": "pipeline.api",
    "ingest": "pipeline.ingestion",
    "format_summary": "pipeline.ingestion",
    "fold_key": "pipeline.textutil",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
