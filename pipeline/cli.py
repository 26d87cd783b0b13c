"""`directives` command line: each sub-command lives in pipeline/commands/<name>.py."""

from __future__ import annotations

import argparse
import importlib
import sys

# Sub-commands in the order `directives --help` lists them; each module has add_parser() and run().
COMMANDS = ["extract", "eval", "ingest", "watch", "tasks", "export", "schema"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="directives",
        description="Turn Vietnamese directives (PDF, DOCX, DOC, text) into a task table.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"pipeline.commands.{name}")
        sp = module.add_parser(sub)
        sp.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
