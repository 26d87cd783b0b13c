"""`directives eval GOLD_DIR PATH...`: extract, then score against gold JSON Lines (one file per document)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline.files import iter_files


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "eval",
        help="score extraction against gold task tables",
        description="Extract the tasks of PATH... and compare them with the gold rows in GOLD_DIR/*.jsonl "
        "(the annotation guideline's format). Tasks pair by task-text overlap (token F1 >= 0.5); a pair is "
        "strictly right when its assignees (token F1 >= 0.8), deadline and recurrence agree. Prints per-document "
        "counts, task and strict precision/recall/F1 and per-field accuracy on the pairs. A gold document not "
        "found among PATH is an error (exit 1) unless --allow-missing, which scores the documents found.",
    )
    p.add_argument("gold_dir", type=Path, help="folder of gold .jsonl files")
    p.add_argument("paths", nargs="+", type=Path, help="the documents (files or folders)")
    p.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    p.add_argument("--allow-missing", action="store_true", help="score only the gold documents found among PATH")
    return p


def run(args: argparse.Namespace) -> int:
    from pipeline.evaluate import score
    from pipeline.extraction import extract_file

    gold = [
        json.loads(line)
        for f in sorted(args.gold_dir.glob("*.jsonl"))
        for line in f.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    if not gold:
        print(f"no gold rows in {args.gold_dir}", file=sys.stderr)
        return 2
    wanted = {g["doc"] for g in gold}
    files = [p for p in iter_files(args.paths) if p.name in wanted]
    missing = sorted(wanted - {p.name for p in files})
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        print(f"directives eval: {len(missing)} gold document(s) not found in PATH: {shown}", file=sys.stderr)
        if not args.allow_missing:
            print("directives eval: give the folder that holds them, or --allow-missing", file=sys.stderr)
            return 1
    pred = []
    for path in files:
        res = extract_file(path)
        if res.error:
            print(f"{path}: {res.error}", file=sys.stderr)
        pred += [t.to_dict() for t in res.tasks]
    sc = score(gold, pred, docs={p.name for p in files})
    print(f"{'document':44} gold pred match strict")
    for d, ng, np_, m, s in sc.per_doc:
        print(f"{d[:44]:44} {ng:4} {np_:4} {m:5} {s:6}")
    tp, tr, tf = sc.task_prf()
    sp, sr, sf = sc.strict_prf()
    print(f"tasks: P={tp:.3f} R={tr:.3f} F1={tf:.3f}")
    print(f"strict: P={sp:.3f} R={sr:.3f} F1={sf:.3f}")
    print(
        "fields: "
        + " ".join(
            f"{k}={sc.accuracy(k):.3f}"
            for k in ("assignee", "coordinators", "deadline", "recurrence", "due_time", "clause")
        )
    )
    if args.verbose:
        print("\n".join(sc.misses))
    return 0
