"""`directives extract PATH... -o tasks.jsonl`: task rows of files or folders, as JSON Lines or CSV."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import TextIO

from pipeline.commands.args import add_ocr, ocr_options
from pipeline.commands.inputs import empty_inputs, warn
from pipeline.files import iter_files
from pipeline.model import OcrOptions


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "extract",
        help="extract task rows from files or folders (no store)",
        description="Read each file (PDF, DOCX, DOC, text, Markdown), find its tasks and write one row per task. "
        "Files that cannot be read are reported on stderr with the reason; the others are still extracted, "
        "and the exit code is 1 when any file failed or a PATH is missing or an empty folder. "
        "-o never writes over an input file, and replaces another existing file only with --force.",
    )
    p.add_argument("paths", nargs="+", type=Path, help="files or folders (folders are walked recursively)")
    p.add_argument("-o", "--output", default="-", help="output file, '-' for stdout (default)")
    p.add_argument(
        "--format", choices=["jsonl", "csv"], default="jsonl", help="output format (default jsonl)"
    )
    p.add_argument("--force", action="store_true", help="replace an existing output file")
    add_ocr(p)
    p.add_argument("-v", "--verbose", action="store_true", help="show the Python trace of an error")
    return p


def _json_line(row: dict) -> str:
    line = json.dumps(row, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8 (surrogates): \u escapes keep the line valid
        line = json.dumps(row)
    return line + "\n"


def _extract(files: list[Path], fmt: str, out: TextIO, ocr: OcrOptions) -> int:
    """Write the rows of `files` to `out`; returns how many files failed."""
    from pipeline.extraction import extract_file

    failed = 0
    writer = None
    for path in files:
        res = extract_file(path, ocr)
        if res.error:
            failed += 1
            print(f"{path}: {res.error}", file=sys.stderr)
            continue
        for w in res.warnings:
            if "--ocr" in w or "OCR of pages" in w:  # what the OCR options left out
                print(f"{path}: {w}", file=sys.stderr)
        for t in res.tasks:
            row = t.to_dict()
            if fmt == "jsonl":
                out.write(_json_line(row))
            else:
                if writer is None:
                    writer = csv.DictWriter(out, fieldnames=list(row))
                    writer.writeheader()
                row = {k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()}
                writer.writerow(row)
    return failed


def run(args: argparse.Namespace) -> int:
    from pipeline.output import STDOUT, output_path

    empty = [w for w in empty_inputs(args.paths) if "no such file" not in w]  # a missing one fails below
    warn("extract", empty)
    files = list(iter_files(args.paths))
    if args.output == STDOUT:
        failed = _extract(files, args.format, sys.stdout, ocr_options(args))  # streamed: rows show as files are read
    else:
        with output_path(args.output, force=args.force, protected=files) as tmp:
            # backslashreplace: a non-UTF-8 file name in a CSV cell must not stop the batch
            with tmp.open("w", encoding="utf-8", errors="backslashreplace", newline="") as fh:
                failed = _extract(files, args.format, fh, ocr_options(args))
    return 1 if failed or empty else 0
