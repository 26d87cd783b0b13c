"""`directives watch INBOX`: ingest files as they arrive in a folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pipeline.commands.args import add_budget, add_ocr, budget, ocr_options, positive_int, positive_seconds, seconds

# Seconds a file must hold still: a network copy writes a chunk every few seconds.
DEFAULT_SETTLE = 10.0

HELP = """Ingest the files in INBOX and every file that arrives there later, into the store.

A file is taken once it has finished being written: its size and modification time must be the
same on two polls in a row and for --settle seconds (a slow network copy passes), so the files
already there are ingested after that. Temporary names (x.part, x.tmp, x.crdownload, ~$x.docx) wait
until they are renamed. Each file is stored whole in one transaction: readers never see part of
one. --once takes the files already there as complete (no --settle unless given). Exit status 0
when no file is failing at the end. Bad files
are recorded in the `failures` table and the watch goes on. The store is opened only while new
files are stored. Ctrl-C or SIGTERM stop it after the file in hand and print a summary."""


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "watch",
        help="ingest files as they appear in a folder",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inbox", metavar="INBOX", help="folder to watch (walked recursively)")
    p.add_argument("--db", default="directives.duckdb", metavar="FILE", help="store file (default: %(default)s)")
    p.add_argument(
        "--interval", type=positive_seconds, default=2.0, metavar="S", help="seconds between polls (default: 2)"
    )
    p.add_argument("-j", "--jobs", type=positive_int, default=1, metavar="N", help="extract N files at once")
    p.add_argument("--retry-failed", action="store_true", help="extract again files that failed before")
    p.add_argument(
        "--once",
        action="store_true",
        help="ingest the files already there (two polls, one interval apart), then exit",
    )
    p.add_argument(
        "--settle",
        type=seconds,
        default=None,
        metavar="S",
        help="seconds a new file must stay unchanged before it is read (default: 10; 0 with --once)",
    )
    add_budget(p)
    add_ocr(p)
    p.add_argument("--max-polls", type=positive_int, metavar="N", help="stop after N polls")
    p.add_argument("--timeout", type=seconds, metavar="S", help="stop after S seconds")
    return p


def run(args: argparse.Namespace) -> int:
    from pipeline.ingestion import format_summary
    from pipeline.watch import Watcher, install_signal_handlers

    inbox = Path(args.inbox)
    if not inbox.is_dir():
        print(f"directives watch: {inbox}: not a folder", file=sys.stderr)
        return 2
    w = Watcher(
        inbox=inbox,
        db=Path(args.db),
        interval=args.interval,
        jobs=args.jobs,
        retry_failed=args.retry_failed,
        budget=budget(args),
        ocr=ocr_options(args),
        settle=args.settle if args.settle is not None else (0.0 if args.once else DEFAULT_SETTLE),
    )
    install_signal_handlers(w.stop)
    print(f"watching {inbox} every {args.interval:g}s into {args.db} (Ctrl-C to stop)", file=sys.stderr)
    total = w.run(max_polls=2 if args.once else args.max_polls, timeout=args.timeout)
    print(format_summary(total, args.db).replace(f"run {total.run_id}", f"watch, last run {total.run_id}", 1))
    return 0 if w.ok else 1
