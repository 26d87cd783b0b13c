"""`directives` command line: each sub-command lives in pipeline/commands/<name>.py."""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback

from pipeline.commands.args import Parser

# Sub-commands in the order `directives --help` lists them; each module has add_parser() and run().
COMMANDS = ["extract", "eval", "ingest", "watch", "tasks", "export", "changes", "failures", "status", "schema"]


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("directives")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="directives",
        description="Turn Vietnamese directives (PDF, DOCX, DOC, text) into a task table.",
    )
    parser.add_argument("--version", action="version", version=f"directives {version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"pipeline.commands.{name}")
        sp = module.add_parser(sub)
        sp.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    from pipeline.output import OutputError, describe

    args = build_parser().parse_args(argv)
    where = f"directives {args.command}"
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OutputError as e:
        print(f"{where}: {e}", file=sys.stderr)
        return 2
    except OSError as e:  # a full disk, a read-only folder: the user's to fix, not a bug report
        if getattr(args, "verbose", False):
            traceback.print_exc()
        print(f"{where}: {describe(e, getattr(args, 'output', None) or e.filename or '')}", file=sys.stderr)
        return 1
    except Exception as e:  # a bug: one line for the user, the trace with -v for the report
        if getattr(args, "verbose", False):
            traceback.print_exc()
        hint = "" if getattr(args, "verbose", False) else " (-v shows the trace)"
        print(f"{where}: internal error: {type(e).__name__}: {e}{hint}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
