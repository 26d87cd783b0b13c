"""`directives citations`: what cites what, and the cited documents that are not in the store."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "citations",
        help="list what cites what, or the cited documents not in the store",
        description="Every stored citation with the stored document its number names (tolerant of the way it "
        "is written: 183-KL/TW, Kết luận 183, KL số 183-KL/TW ngày 01/8/2025). --doc N keeps the citations "
        "made by or naming document N (a number or a file name); --missing lists the cited documents not in "
        "the store, most cited first, with how often and by whom.",
    )
    p.add_argument("--db", default="directives.duckdb", metavar="FILE", help="store file (default: %(default)s)")
    p.add_argument("--doc", metavar="N", help="only citations made by or naming this document")
    p.add_argument("--missing", action="store_true", help="the cited documents not in the store (a to-fetch list)")
    p.add_argument("--json", action="store_true", help="one JSON object a line instead of text")
    return p


def _name(number: str | None, path: str, index: int) -> str:
    return number or f"{Path(path).name}#{index}"


def run(args: argparse.Namespace) -> int:
    from pipeline.citations_graph import find_documents, missing, resolve, stored_documents
    from pipeline.store import Store, StoreError

    try:
        with Store(args.db, read_only=True) as store:
            edges = resolve(store.con)
            docs = stored_documents(store.con)
    except (FileNotFoundError, StoreError) as e:
        print(f"directives citations: {e}", file=sys.stderr)
        return 2
    if args.doc:
        wanted = {(d.path, d.doc_index) for d in find_documents(docs, args.doc)}
        wanted |= {(d.path, d.doc_index) for d in docs if Path(d.path).name == args.doc}
        if not wanted:
            print(f"directives citations: no stored document {args.doc!r}", file=sys.stderr)
            return 1
        edges = [
            e
            for e in edges
            if (e.path, e.doc_index) in wanted or (e.target and (e.target.path, e.target.doc_index) in wanted)
        ]
    if args.missing:
        rows = missing(edges)
        for m in rows:
            if args.json:
                print(json.dumps(m.__dict__, ensure_ascii=False))
            else:
                print(f"{m.citations}\t{m.number}\t{m.kind or ''}\tcited by {', '.join(m.cited_by)}")
        print(f"{len(rows)} cited document(s) not in the store", file=sys.stderr)
        return 0
    for e in edges:
        citer = _name(e.doc_number, e.path, e.doc_index)
        target = _name(e.target.doc_number, e.target.path, e.target.doc_index) if e.target else None
        if args.json:
            print(
                json.dumps(
                    {
                        "citer": citer,
                        "path": e.path,
                        "doc_index": e.doc_index,
                        "cited_number": e.cited_number,
                        "kind": e.kind,
                        "cited_date": e.cited_date.isoformat() if e.cited_date else None,
                        "target_path": e.target.path if e.target else None,
                        "target_doc_index": e.target.doc_index if e.target else None,
                        "copies": e.copies,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            where = f"{target} in {Path(e.target.path).name}#{e.target.doc_index}" if e.target else "not stored"
            extra = f" ({e.copies} stored copies, the newest)" if e.copies > 1 else ""
            print(f"{citer}\t→ {e.kind or ''} {e.cited_number}\t{where}{extra}")
    print(f"{len(edges)} citation(s), {sum(e.target is not None for e in edges)} resolved", file=sys.stderr)
    return 0
