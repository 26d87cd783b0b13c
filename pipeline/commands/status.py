"""`directives status`: what the store holds: files, tasks, failures, the last run, its size."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "status",
        help="overview of the store: files, tasks, failures, last run, size",
        description="Print how many files (by status), documents, tasks and failures the store holds, "
        "its last run, the number of its last change, its size on disk and what people corrected: tasks "
        "with a field corrected (of them marked not a task), tasks by the status set on them, corrections "
        "whose task is gone (orphaned). --json prints the same as one JSON object for scripts.",
    )
    p.add_argument("--db", default="directives.duckdb", metavar="FILE", help="store file (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="one JSON object instead of text")
    return p


def _text(s: dict[str, Any]) -> str:
    by = ", ".join(f"{n} {k}" for k, n in s["files_by_status"].items())
    lines = [
        f"store: {s['store']} ({s['size_bytes'] / 1e6:.1f} MB)",
        f"files: {s['files']}" + (f" ({by})" if by else ""),
        f"documents: {s['documents']}",
        f"tasks: {s['tasks']}",
        f"failures: {s['failures']}" + (" (directives failures)" if s["failures"] else ""),
    ]
    r = s["last_run"]
    if r:
        lines.append(
            f"last run: {r['run_id']} {r['status']}, started {r['started_at']}, ended {r['ended_at'] or '-'}; "
            f"tasks {r['tasks_added'] or 0} added, {r['tasks_updated'] or 0} updated, {r['tasks_removed'] or 0} removed"
        )
    else:
        lines.append("last run: none")
    if s["last_change"] is not None:
        lines.append(f"last change: {s['last_change']} (directives changes --since N lists those after N)")
    if s["corrections"] is not None:
        lines.append(_corrections(s["corrections"]))
    return "\n".join(lines)


def _corrections(c: dict[str, Any]) -> str:
    set_on = sum(c["status_set"].values())
    if not (c["tasks_corrected"] or set_on or c["orphaned"]):
        return "corrections: none"
    by = ", ".join(f"{n} {k}" for k, n in c["status_set"].items())
    return (
        f"corrections: {c['tasks_corrected']} task(s) corrected"
        + (f" ({c['not_task']} not a task)" if c["not_task"] else "")
        + f"; status set on {set_on}"
        + (f" ({by})" if by else "")
        + f"; {c['orphaned']} orphaned"
        + (" (directives corrections --orphaned)" if c["orphaned"] else "")
    )


def run(args: argparse.Namespace) -> int:
    from pipeline.overview import status
    from pipeline.store import Store, StoreError

    try:
        with Store(args.db, read_only=True) as store:
            s = status(store.con, args.db)
    except (FileNotFoundError, StoreError) as e:
        print(f"directives status: {e}", file=sys.stderr)
        return 2
    print(json.dumps(s, ensure_ascii=False) if args.json else _text(s))
    return 0
