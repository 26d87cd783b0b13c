"""`directives extract PATH... -o tasks.jsonl`: task rows of files or folders, as JSON Lines or CSV."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from pipeline.files import iter_files


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "extract",
        help="extract task rows from files or folders (no store)",
        description="Read each file (PDF, DOCX, DOC, text, Markdown), find its tasks and write one row per task. "
        "Files that cannot be read are reported on stderr with the reason; the others are still extracted, "
        "and the exit code is 1 when any file failed.",
    )
    p.add_argument("paths", nargs="+", type=Path, help="files or folders (folders are walked recursively)")
    p.add_argument("-o", "--output", default="-", help="output file, '-' for stdout (default)")
    p.add_argument(
        "--format", choices=["jsonl", "csv"], default="jsonl", help="output format (default jsonl)"
    )
    return p


def run(args: argparse.Namespace) -> int:
    from pipeline.extraction import extract_file

    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8", newline="")
    failed = 0
    writer = None
    try:
        for path in iter_files(args.paths):
            res = extract_file(path)
            if res.error:
                failed += 1
                print(f"{path}: {res.error}", file=sys.stderr)
                continue
            for t in res.tasks:
                row = t.to_dict()
                if args.format == "jsonl":
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
                else:
                    if writer is None:
                        writer = csv.DictWriter(out, fieldnames=list(row))
                        writer.writeheader()
                    row = {k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()}
                    writer.writerow(row)
    finally:
        if out is not sys.stdout:
            out.close()
    return 1 if failed else 0
