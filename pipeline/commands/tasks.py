"""`directives tasks`: list and filter the stored tasks."""

from __future__ import annotations

import argparse
import sys
from typing import Any

HELP = """List the stored tasks, filtered.

--assignee compares names without case or tone marks: "bo noi vu" and "Bộ nội vụ" both find
"Bộ Nội vụ"; "uỷ" and "ủy" are the same. --overdue keeps tasks whose deadline is before today;
--today DATE sets that date (for this call only; in SQL: SET VARIABLE today = DATE '2025-09-01'
changes what the views `upcoming` and `overdue` compare against)."""


def add_parser(sub: Any) -> argparse.ArgumentParser:
    from pipeline.exports.rows import add_filter_args

    p = sub.add_parser(
        "tasks",
        help="list stored tasks (filter by agency, deadline, document, words)",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--db", default="directives.duckdb", metavar="FILE", help="store file (default: %(default)s)")
    add_filter_args(p)
    p.add_argument(
        "--format",
        choices=["table", "csv", "jsonl"],
        default="table",
        help="table (terminal), csv or jsonl on standard output (default: table)",
    )
    return p


def _due(r: dict[str, Any]) -> str:
    if r.get("deadline"):
        return r["deadline"].isoformat() + (f" {r['due_time']}" if r.get("due_time") else "")
    rule = r.get("recurrence") or ""
    return rule.replace("FREQ=", "").replace(";", " ").lower()


STATUS = {"open": "", "in_progress": "đang thực hiện", "done": "hoàn thành", "cancelled": "hủy"}


def _status(r: dict[str, Any]) -> str:
    """A person's status and whether the row was corrected, the way the review page says them."""
    text = STATUS.get(r.get("status") or "open", "")
    if r.get("done_on"):
        text += f" {r['done_on'].strftime('%d/%m/%Y')}"
    return f"{text} (đã sửa)".strip() if r.get("corrected") else text


def _table(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    # A pipe or a file gets wide lines rather than rich's 80-column default.
    console = Console() if sys.stdout.isatty() else Console(width=160)
    t = Table(header_style="bold", show_lines=True)
    t.add_column("Hạn", no_wrap=True)
    t.add_column("Chủ trì", max_width=30)
    t.add_column("Nhiệm vụ", min_width=40, ratio=1)
    t.add_column("Văn bản", max_width=24)
    t.add_column("Mục", no_wrap=True)
    t.add_column("Tình trạng", no_wrap=True)
    for r in rows:
        task = " ".join((r.get("task") or "").split())
        task = task if len(task) <= 240 else task[:239] + "…"
        doc = r.get("doc_number") or r.get("doc") or ""
        t.add_row(_due(r), "; ".join(r.get("assignees") or []), task, doc, r.get("clause") or "", _status(r))
    console.print(t)
    print(f"{len(rows)} task(s)", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from pipeline.exports import to_csv, to_jsonl
    from pipeline.exports.rows import fetch_tasks, filter_from_args
    from pipeline.store import Store, StoreError

    try:
        with Store(args.db, read_only=True) as store:
            rows = fetch_tasks(store.con, filter_from_args(args))
    except (FileNotFoundError, StoreError) as e:
        print(f"directives tasks: {e}", file=sys.stderr)
        return 2
    if args.format == "csv":
        to_csv.write_stream(rows, sys.stdout)
    elif args.format == "jsonl":
        to_jsonl.write_stream(rows, sys.stdout)
    else:
        _table(rows)
    return 0
