"""`directives changes --since N`: the tasks added, updated and removed after change N."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from pipeline.commands.args import count

HELP = """List the change feed: every task added, updated (one of its fields changed: text, agencies,
deadline, …) or removed (the tombstone: the row as it was) after change number N, oldest first.
Each line starts with the change's sequence number; a client stores the last one and passes it as
--since next time (0, the default, lists everything). Standard error says the number to pass next.
A task whose file is only extracted again (--force, new extraction code) without any field changing
makes no change; a shift of its page or offsets alone (an edit above it) is not a change either."""


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "changes",
        help="tasks added, updated and removed since change N",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--since", type=count, default=0, metavar="N", help="list the changes after number N (default: 0, all)"
    )
    p.add_argument("--db", default="directives.duckdb", metavar="FILE", help="store file (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="one JSON object a line: seq, change, changed_fields, task")
    return p


def _line(r: dict[str, Any]) -> str:
    where = " ".join(x for x in (r.get("doc_number") or r.get("doc"), r.get("clause")) if x)
    task = " ".join((r.get("task") or "").split())
    task = task if len(task) <= 100 else task[:99] + "…"
    fields = ",".join(r["changed_fields"] or []) or "-"
    return f"{r['seq']}\t{r['change']}\t{r['task_id']}\t{where}\t{fields}\t{task}"


def run(args: argparse.Namespace) -> int:
    from pipeline.changes import changes_since, event_record, last_seq
    from pipeline.store import Store, StoreError

    try:
        with Store(args.db, read_only=True) as store:
            rows = changes_since(store.con, args.since)
            last = last_seq(store.con)
    except (FileNotFoundError, StoreError) as e:
        print(f"directives changes: {e}", file=sys.stderr)
        return 2
    for r in rows:
        print(json.dumps(event_record(r), ensure_ascii=False) if args.json else _line(r))
    if args.since > last:  # the client read another store, or this one was made anew
        print(f"directives changes: --since {args.since} is past this store's last change, {last}", file=sys.stderr)
    nxt = rows[-1]["seq"] if rows else min(args.since, last)
    print(f"{len(rows)} change(s) after {args.since}; next: --since {nxt}", file=sys.stderr)
    return 0
