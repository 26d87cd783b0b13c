"""`directives schema`: print the JSON Schema of a task row."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of a task row",
        description="Print the JSON Schema (draft 2020-12) that every line of `directives export "
        "--format jsonl` validates against; it is generated from the Task data class.",
    )
    p.add_argument(
        "-o", "--output", default="-", metavar="FILE", help="file to write, '-' for standard output (default)"
    )
    p.add_argument("--force", action="store_true", help="replace an existing FILE")
    return p


def run(args: argparse.Namespace) -> int:
    from pipeline.output import STDOUT, output_path
    from pipeline.schema import json_schema_text

    text = json_schema_text() + "\n"
    if args.output == STDOUT:
        print(text, end="")
        return 0
    with output_path(args.output, force=args.force) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return 0
