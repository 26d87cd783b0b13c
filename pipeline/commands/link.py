"""`directives link`: resolve the citations and link each implementing document's tasks to the central ones."""

from __future__ import annotations

import argparse
import sys


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "link",
        help="resolve citations and link local tasks to the central tasks they carry out",
        description="Rebuild the tables citation_links (each citation's stored document) and task_links (each "
        "task of a document that cites a stored one, linked to the central task(s) it carries out, with a score "
        "and the reasons) in one transaction. Run it after an ingest; after a re-issued central document the "
        "links follow its new task ids, and links whose central task is gone are listed.",
    )
    p.add_argument("--db", default="directives.duckdb", metavar="FILE", help="store file (default: %(default)s)")
    p.add_argument("-v", "--verbose", action="store_true", help="the Python trace of an internal error")
    return p


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from pipeline.linking import write_links
    from pipeline.store import Store, StoreError

    if not Path(args.db).exists():
        print(f"directives link: no store at {args.db}: run `directives ingest` first", file=sys.stderr)
        return 2
    try:
        with Store(args.db, wait=30.0) as store:
            rep = write_links(store.con)
    except StoreError as e:
        print(f"directives link: {e}", file=sys.stderr)
        return 2
    print(f"{rep.links} link(s) for {rep.local_tasks} local task(s) in {len(rep.pairs)} document pair(s)")
    print(f"{rep.unfollowed} central task(s) with no local follow-up; {rep.late} link(s) with a later local deadline")
    for number in rep.reissued:
        print(f"{number}: stored more than once (a re-issue); its citations name the newest copy, links go to all")
    if rep.moved:
        print(f"{rep.moved} link(s) moved to another task of the same central document (a re-issue renumbered it)")
    for local, central in rep.dropped:
        print(f"dropped: {local} → {central} (no task of that central document is linked now)")
    return 0
