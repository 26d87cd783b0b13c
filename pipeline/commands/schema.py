"""`directives schema`: print the JSON Schema of a task row."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of a task row",
        description="Print the JSON Schema (draft 2020-12) that every line of `directives export "
        "--format jsonl` validates against; it is generated from the Task data class.",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    return p


def run(args: argparse.Namespace) -> int:
    from pipeline.schema import json_schema_text

    text = json_schema_text() + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0
