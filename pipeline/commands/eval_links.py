"""`directives eval-links GOLD PATH...`: precision and recall of the task links against a hand-checked set."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "eval-links",
        help="score the task links against hand-checked links",
        description="Ingest PATH... into a temporary store, link it (as `directives link` does) and compare the "
        "links with GOLD (a .jsonl file or a folder of them, the format of tests/fixtures/links/README.md): "
        "precision and recall of the (local task, central task) pairs. With --db and no PATH, scores the links "
        "stored there.",
    )
    p.add_argument("gold", type=Path, help="a .jsonl file or a folder of them")
    p.add_argument("paths", nargs="*", type=Path, help="the documents (files or folders)")
    p.add_argument("--db", metavar="FILE", help="score the links of this store instead of ingesting PATH")
    p.add_argument("-v", "--verbose", action="store_true", help="list every missed and every wrong link")
    return p


def _score(db: Path, gold: list, link: bool) -> object:
    from pipeline.link_eval import score_links
    from pipeline.linking import write_links
    from pipeline.store import Store

    with Store(db, read_only=not link) as store:
        if link:
            write_links(store.con)
        return score_links(store.con, gold)


def run(args: argparse.Namespace) -> int:
    from pipeline.link_eval import read_gold

    if not args.gold.exists():
        print(f"directives eval-links: {args.gold} does not exist", file=sys.stderr)
        return 2
    try:
        gold = read_gold([args.gold])
    except (ValueError, OSError) as e:
        print(f"directives eval-links: {e}", file=sys.stderr)
        return 2
    if not gold:
        print(f"directives eval-links: no gold rows in {args.gold}", file=sys.stderr)
        return 2
    if not args.paths and not args.db:
        print("directives eval-links: give PATH... or --db FILE", file=sys.stderr)
        return 2
    if args.db:
        if not Path(args.db).exists():
            print(f"directives eval-links: no store at {args.db}", file=sys.stderr)
            return 2
        s = _score(Path(args.db), gold, link=False)
    else:
        from pipeline.ingestion import ingest

        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "links.duckdb"
            summary = ingest(list(args.paths), db=db)
            if getattr(summary, "files_failed", 0):
                print(f"directives eval-links: {summary.files_failed} file(s) failed to ingest", file=sys.stderr)
            s = _score(db, gold, link=True)
    print(f"local tasks: {s.local_tasks}  gold links: {s.gold_links}  predicted: {s.predicted}  right: {s.correct}")
    print(f"links: P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}")
    if s.unmatched:
        print(f"{len(s.unmatched)} gold task(s) not found in the store", file=sys.stderr)
    if args.verbose:
        for m in s.misses:
            print(f"missed: {m}")
        for w in s.wrong:
            print(f"wrong: {w}")
    return 0
