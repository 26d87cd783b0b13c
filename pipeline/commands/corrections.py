"""`directives corrections`: every stored correction, with those whose task is gone marked orphaned."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

HELP = """List the corrections people made (directives correct, the review page, PATCH /tasks/…),
newest first: task_id, status, the corrected fields, who and when, the document and clause. A
correction whose task is no longer stored (a re-issued document without that clause) is marked
"orphaned": it is kept, never dropped, and applies again if the task comes back."""


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "corrections",
        help="list corrections (orphaned ones marked)",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--db", default="directives.duckdb", metavar="FILE", help="store file (default: %(default)s)")
    p.add_argument("--orphaned", action="store_true", help="only those whose task is gone")
    p.add_argument("--json", action="store_true", help="one JSON object a line")
    return p


def record(r: dict[str, Any]) -> dict[str, Any]:
    """One correction as JSON: dates as ISO text."""
    from pipeline.exports.rows import iso, timestamp

    return {
        k: (timestamp(v) if k == "corrected_at" else list(v) if isinstance(v, list) else iso(v)) for k, v in r.items()
    }


def run(args: argparse.Namespace) -> int:
    from pipeline.corrections import corrections
    from pipeline.store import Store, StoreError

    try:
        with Store(args.db, read_only=True) as store:
            rows = corrections(store.con)
    except (FileNotFoundError, StoreError) as e:
        print(f"directives corrections: {e}", file=sys.stderr)
        return 2
    rows = [r for r in rows if r["orphaned"]] if args.orphaned else rows
    for r in rows:
        if args.json:
            print(json.dumps(record(r), ensure_ascii=False))
            continue
        fields = [f for f in ("assignees", "coordinators", "deadline", "task", "not_task") if r[f] is not None]
        where = " ".join(x for x in (r["doc_number"] or r["doc"], r["clause"]) if x)
        flag = "orphaned" if r["orphaned"] else "ok"
        print(
            f"{r['task_id']}\t{flag}\t{r['status'] or 'open'}\t{','.join(fields) or '-'}\t{r['corrected_by']}\t{where}"
        )
    print(f"{len(rows)} correction(s)", file=sys.stderr)
    return 0
