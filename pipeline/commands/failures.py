"""`directives failures`: the files that could not be stored, with the stage and the reason."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "failures",
        help="list the files that failed, with stage and reason",
        description="List the `failures` table of the store: one line per failed file with the stage "
        "(read, extract, store, ...) and the reason, newest run first. Such a file is tried again when it "
        "changes or with `directives ingest --retry-failed`.",
    )
    p.add_argument("--db", default="directives.duckdb", metavar="FILE", help="store file (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="one JSON object a line instead of text")
    return p


def run(args: argparse.Namespace) -> int:
    from pipeline.overview import failure_rows, plain
    from pipeline.store import Store, StoreError

    try:
        with Store(args.db, read_only=True) as store:
            rows = failure_rows(store.con)
    except (FileNotFoundError, StoreError) as e:
        print(f"directives failures: {e}", file=sys.stderr)
        return 2
    for r in rows:
        if args.json:
            print(json.dumps({k: plain(v) for k, v in r.items()}, ensure_ascii=False))
        else:
            print(f"{r['path']}\t[{r['stage']}] {r['reason']}\t(run {r['run_id']})")
    print(f"{len(rows)} failure(s)", file=sys.stderr)
    return 0
