"""`directives correct TASK_ID`: a person's correction or status of one task, kept across re-ingests."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from pipeline.commands.args import day, seconds

HELP = """Correct one stored task or set its status. The correction is kept by task_id in the
`corrections` table: every re-ingest keeps it, and every read (tasks, export, changes, load_tasks(),
the views, the HTTP API) shows the corrected row with `corrected` and `status`. A correction whose
task is gone after a re-issue stays, listed by `directives corrections` as orphaned.

--assignee and --coordinator replace the whole list (give them once per agency); --reset FIELD
drops that field's correction (back to the extractor's value). --status done marks the task done
--on DATE (default today); another status drops the date."""

FIELDS = ["assignees", "coordinators", "deadline", "task", "not_task", "status", "note"]


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "correct",
        help="correct a task (agencies, deadline, text, not a task) or set its status",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("task_id", metavar="TASK_ID", help="the task's id (directives tasks --format csv shows it)")
    p.add_argument("--db", default="directives.duckdb", metavar="FILE", help="store file (default: %(default)s)")
    p.add_argument("--assignee", action="append", metavar="NAME", help="a lead agency (repeat for several)")
    p.add_argument("--coordinator", action="append", metavar="NAME", help="a coordinating agency (repeat)")
    p.add_argument("--deadline", type=day, metavar="DATE", help="the deadline (2025-09-01 or 01/09/2025)")
    p.add_argument("--task", metavar="TEXT", help="the task text")
    p.add_argument("--not-task", action="store_true", help="this row is not a task (left out of every list)")
    p.add_argument("--is-task", action="store_true", help="undo --not-task")
    p.add_argument("--status", choices=["open", "in_progress", "done", "cancelled"], help="the task's status")
    p.add_argument("--on", type=day, metavar="DATE", help="with --status done: the day it was done (default today)")
    p.add_argument("--note", metavar="TEXT", help="a remark kept with the correction")
    p.add_argument("--reset", action="append", choices=FIELDS, metavar="FIELD", help=f"drop a correction: {FIELDS}")
    p.add_argument("--by", default=None, metavar="NAME", help="who corrects (default: the login name)")
    p.add_argument("--wait", type=seconds, default=0.0, metavar="S", help="wait S seconds for a running ingest")
    return p


def changes_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """The fields the options set (None: drop that field's correction)."""
    out: dict[str, Any] = {}
    given = {
        "assignees": args.assignee,
        "coordinators": args.coordinator,
        "deadline": args.deadline,
        "task": args.task,
        "status": args.status,
        "done_on": args.on,
        "note": args.note,
    }
    out.update({k: v for k, v in given.items() if v is not None})
    if args.not_task or args.is_task:
        out["not_task"] = bool(args.not_task)
    for f in args.reset or []:
        out[f] = None
    return out


def run(args: argparse.Namespace) -> int:
    from pipeline.corrections import CorrectionError, UnknownTask, correct
    from pipeline.store import StoreError
    from pipeline.writelock import writing

    where = "directives correct"
    if args.not_task and args.is_task:
        print(f"{where}: --not-task and --is-task contradict each other", file=sys.stderr)
        return 2
    if args.on and args.status not in (None, "done"):
        print(f"{where}: --on is the day a task was done; it goes with --status done", file=sys.stderr)
        return 2
    changes = changes_from_args(args)
    if not changes:
        print(f"{where}: nothing to correct; give --assignee, --status, … (see --help)", file=sys.stderr)
        return 2
    if not Path(args.db).exists():
        print(f"{where}: no store at {args.db}: run `directives ingest` first", file=sys.stderr)
        return 2
    try:
        with writing(args.db, wait=args.wait) as store:
            out = correct(store, args.task_id, changes, by=args.by or getpass.getuser())
    except UnknownTask:
        print(f"{where}: no task {args.task_id} in {args.db}", file=sys.stderr)
        return 2
    except (CorrectionError, StoreError) as e:
        print(f"{where}: {e}", file=sys.stderr)
        return 2
    row = out.row
    if row is None:
        print(f"{args.task_id}: orphaned (its task is no longer stored); correction kept")
        return 0
    due = row["deadline"].isoformat() if row["deadline"] else "-"
    done = f" {row['done_on'].isoformat()}" if row["done_on"] else ""
    lead = "; ".join(row["assignees"] or []) or "-"
    print(f"{args.task_id}\t{row['status']}{done}\t{due}\t{lead}\t{' '.join((row['task'] or '').split())[:100]}")
    print(f"{out.change or 'no change'}: {', '.join(out.fields) or '-'}", file=sys.stderr)
    return 0
