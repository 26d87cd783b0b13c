"""`directives cascade TASK_ID|DOC_NUMBER`: the tree of task links down and up, with the flags."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "cascade",
        help="the tree of a task or a document through the task links, with flags",
        description="Print the cascade of a task (its task_id) or of a document (its number, written any way: "
        "183-KL/TW, Kết luận 183; or its file name): under each task the local tasks that carry it out, "
        "indented, and above it (marked ↑) the central tasks it carries out. Flags: NO FOLLOW-UP for a task of "
        "an implemented document that no local task takes down, LATE for a local deadline after the central "
        "one. Reads the links `directives link` stored.",
    )
    p.add_argument("target", metavar="TASK_ID|DOC_NUMBER", help="a task_id, a document number or a file name")
    p.add_argument("--db", default="directives.duckdb", metavar="FILE", help="store file (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="one JSON object a line (a node with its depth)")
    return p


def _due(t: dict[str, Any]) -> str:
    if t.get("recurrence"):
        return t["recurrence"]
    return str(t["deadline"]) if t.get("deadline") else "-"


def _line(n: Any) -> str:
    t = n.task
    where = t["doc_number"] or Path(t["path"]).name
    mark = {"root": "", "down": "└ ", "up": "↑ "}[n.direction]
    flags = (" LATE" if n.late else "") + (" NO FOLLOW-UP" if n.unfollowed else "")
    score = f" [{n.score:.2f}: {'; '.join(n.reasons)}]" if n.score is not None else ""
    who = ", ".join(t["assignees"] or []) or "-"
    place = f"{t['place']} " if t.get("place") else ""
    return f"{'  ' * n.depth}{mark}{place}{where} {t['clause']} ({who}; due {_due(t)}){flags} {t['task'][:90]}{score}"


def run(args: argparse.Namespace) -> int:
    from pipeline.cascade import cascade
    from pipeline.overview import plain
    from pipeline.store import Store, StoreError

    try:
        with Store(args.db, read_only=True) as store:
            view = cascade(store.con, args.target)
    except (FileNotFoundError, StoreError) as e:
        print(f"directives cascade: {e}", file=sys.stderr)
        return 2
    if view is None:
        print(f"directives cascade: no stored task or document {args.target!r}", file=sys.stderr)
        return 1
    if not args.json:
        print(view.title)
    for n in view.nodes:
        if args.json:
            row = {k: plain(v) for k, v in n.task.items()}
            extra = {"depth": n.depth, "direction": n.direction, "score": n.score, "reasons": n.reasons}
            print(json.dumps({**extra, "late": n.late, "unfollowed": n.unfollowed, **row}, ensure_ascii=False))
        else:
            print(_line(n))
    unfollowed = sum(n.unfollowed for n in view.nodes)
    late = sum(n.late for n in view.nodes)
    print(
        f"{len(view.nodes)} task(s); {unfollowed} with no local follow-up; {late} with a later local deadline",
        file=sys.stderr,
    )
    if not view.links:
        print("no task links stored: run `directives link` first", file=sys.stderr)
    if view.stale:
        print(
            f"{len(view.stale)} link(s) point to central tasks no longer stored: run `directives link`", file=sys.stderr
        )
    return 0
