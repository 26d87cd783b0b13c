"""`directives eval GOLD_DIR PATH...` / `directives eval --db FILE`: score the extractor against gold
JSON Lines (one file per document), or against what people corrected in a store."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pipeline.files import iter_files


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "eval",
        help="score extraction against gold task tables or against the corrections of a store",
        usage="directives eval GOLD_DIR PATH... [--allow-missing] [-v] [--json]\n"
        "       directives eval --db FILE [--corrected-only] [-v] [--json]",
        description="Extract the tasks of PATH... and compare them with the gold rows in GOLD_DIR/*.jsonl "
        "(the annotation guideline's format). Tasks pair by task-text overlap (token F1 >= 0.5); a pair is "
        "strictly right when its assignees (token F1 >= 0.8), deadline and recurrence agree. Prints per-document "
        "counts, task and strict precision/recall/F1 and per-field accuracy on the pairs. A gold document not "
        "found among PATH is an error (exit 1) unless --allow-missing, which scores the documents found. "
        "With --db FILE instead of GOLD_DIR PATH...: the gold is what people corrected in the store, for every "
        "document with a correction or a status set on one of its tasks (the rows as corrected, without those "
        "marked not a task), the prediction is the extractor's stored rows of those documents; -v adds the "
        "per-document counts and the misses. Corrections whose task is gone are listed, not scored.",
    )
    p.add_argument("gold_dir", type=Path, nargs="?", metavar="GOLD_DIR", help="folder of gold .jsonl files")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="the documents (files or folders)")
    p.add_argument(
        "--db", "--store", dest="db", metavar="FILE", help="score against the corrections of this store instead"
    )
    p.add_argument(
        "--corrected-only",
        action="store_true",
        help="with --db: only documents with a field corrected (a status alone does not make one reviewed)",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    p.add_argument("--allow-missing", action="store_true", help="score only the gold documents found among PATH")
    p.add_argument("--json", action="store_true", help="one JSON object: the scores, every document and miss")
    return p


def _fail(msg: str, code: int = 2) -> int:
    print(f"directives eval: {msg}", file=sys.stderr)
    return code


def run(args: argparse.Namespace) -> int:
    if args.db:
        if args.gold_dir or args.paths:
            return _fail("give GOLD_DIR PATH... or --db FILE, not both")
        if args.allow_missing:
            return _fail("--allow-missing is for GOLD_DIR PATH..., not --db")
        return _from_store(args)
    if args.corrected_only:
        return _fail("--corrected-only is for --db FILE")
    if not args.gold_dir or not args.paths:
        return _fail("give GOLD_DIR PATH... (gold files and the documents) or --db FILE (a store's corrections)")
    return _from_gold(args)


def _from_gold(args: argparse.Namespace) -> int:
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
    if args.json:
        print(json.dumps({**sc.to_dict(), "missing": missing}, ensure_ascii=False))
        return 0
    _print_documents(sc)
    _print_scores(sc)
    if args.verbose:
        print("\n".join(sc.misses))
    return 0


def _from_store(args: argparse.Namespace) -> int:
    from pipeline.corrections_eval import reviewed_gold
    from pipeline.evaluate import score
    from pipeline.overview import plain
    from pipeline.store import Store, StoreError

    try:
        with Store(args.db, read_only=True) as store:
            rg = reviewed_gold(store.con, corrected_only=args.corrected_only)
    except (FileNotFoundError, StoreError) as e:
        return _fail(str(e))
    orphaned = [
        {k: plain(c[k]) for k in ("task_id", "doc", "doc_number", "clause", "extracted_task", "corrected_at")}
        for c in rg.orphaned
    ]
    if not rg.docs:
        what = "with a field corrected" if args.corrected_only else "with a correction or a status set"
        extra = f" ({len(orphaned)} orphaned correction(s): directives corrections --orphaned)" if orphaned else ""
        return _fail(f"no document of {args.db} has a task {what}{extra}")
    sc = score(rg.gold, rg.pred, docs=set(rg.docs), key=lambda r: r["doc"], same=_one_task)
    if args.json:
        review = {"stored_documents": rg.documents, "reviewed_documents": len(rg.docs), "status_only": rg.status_only}
        print(json.dumps({**sc.to_dict(), **review, "orphaned": orphaned}, ensure_ascii=False, default=str))
        return 0
    only = f", {rg.status_only} by a status only" if rg.status_only else ""
    print(f"reviewed documents: {len(rg.docs)} of {rg.documents}{only}")
    if args.verbose:
        _print_documents(sc)
    _print_scores(sc)
    if orphaned:
        print(f"orphaned corrections, not scored: {len(orphaned)}")
        for c in orphaned:
            cols = ("task_id", "doc", "doc_number", "clause", "extracted_task")
            print("  " + "\t".join(str(c[k] or "") for k in cols))
    if args.verbose:
        print("\n".join(sc.misses))
    return 0


def _one_task(pred: dict, gold: dict) -> bool:
    return bool(pred["task_id"] == gold["task_id"])


def _print_documents(sc: Any) -> None:
    width = min(max([44, *(len(d) for d, *_ in sc.per_doc)]), 80)
    print(f"{'document':{width}} gold pred match strict")
    for d, ng, np_, m, s in sc.per_doc:
        print(f"{d[:width]:{width}} {ng:4} {np_:4} {m:5} {s:6}")


def _print_scores(sc: Any) -> None:
    from pipeline.evaluate import FIELDS

    tp, tr, tf = sc.task_prf()
    sp, sr, sf = sc.strict_prf()
    print(f"tasks: P={tp:.3f} R={tr:.3f} F1={tf:.3f}")
    print(f"strict: P={sp:.3f} R={sr:.3f} F1={sf:.3f}")
    print("fields: " + " ".join(f"{k}={sc.accuracy(k):.3f}" for k in FIELDS))
