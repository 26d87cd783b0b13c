"""`directives export`: write the task table for spreadsheets, calendars and trackers."""

from __future__ import annotations

import argparse
import sys
from typing import Any

HELP = """Write the stored tasks (all, or those the filters select) to FILE ('-' for standard output).

formats:
  csv      UTF-8 with BOM (Excel shows Vietnamese), lists joined with "; "
  xlsx     Excel: date cells, bold frozen header, autofilter
  jsonl    one JSON object a line, valid against `directives schema`
  parquet  every store column; lists as lists, dates as date32
  ics      iCalendar, UID = task_id@directives so calendars update instead of adding.
           --ics-kind todo (default): a VTODO per task, DUE on the deadline (Vietnam time when
           the task states one); a recurring duty has an RRULE, DTSTART on its first occurrence
           and DUE at its time of day (else 23:59). --ics-kind event: a VEVENT on each due day,
           for calendars that ignore VTODO (Google Calendar, Outlook); tasks without a date are
           left out.
  jira     Jira CSV importer: an Epic per document, its tasks as children; Issue ID = task_id
           (the Epic's: a fingerprint of the document number), the same in every export.
           --jira-flavour cloud (default) links with "Parent", datacenter with "Epic Name" /
           "Epic Link". Labels: lead agencies and the document number. Set the importer's date
           format to dd/MMM/yyyy.

FILE is never the store or another existing file unless --force; it is written to a temporary
file in the same folder and renamed, so a failed export leaves no half file."""


def add_parser(sub: Any) -> argparse.ArgumentParser:
    from pipeline.exports import FORMATS
    from pipeline.exports.rows import add_filter_args

    p = sub.add_parser(
        "export",
        help="write tasks as csv, xlsx, jsonl, parquet, ics or Jira CSV",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--format", "-f", required=True, choices=list(FORMATS), help="output format")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write, '-' for standard output")
    p.add_argument("--db", default="directives.duckdb", metavar="FILE", help="store file (default: %(default)s)")
    p.add_argument("--force", action="store_true", help="replace an existing FILE")
    p.add_argument("--ics-kind", choices=["todo", "event"], default="todo", help="ics: VTODO or VEVENT entries")
    p.add_argument(
        "--jira-flavour", choices=["cloud", "datacenter"], default="cloud", help="jira: how children link to Epics"
    )
    p.add_argument("-v", "--verbose", action="store_true", help="show the Python trace of an error")
    add_filter_args(p)
    return p


def run(args: argparse.Namespace) -> int:
    from pipeline.exports import export
    from pipeline.exports.rows import filter_from_args
    from pipeline.output import output_path
    from pipeline.store import Store, StoreError

    protected = [args.db, f"{args.db}.wal"]
    try:
        with Store(args.db, read_only=True) as store:
            with output_path(args.output, force=args.force, protected=protected) as tmp:
                n = export(
                    store.con,
                    args.format,
                    tmp,
                    filter_from_args(args),
                    ics_kind=args.ics_kind,
                    jira_flavour=args.jira_flavour,
                )
    except (FileNotFoundError, StoreError) as e:
        print(f"directives export: {e}", file=sys.stderr)
        return 2
    print(f"{n} tasks written to {'standard output' if args.output == '-' else args.output}", file=sys.stderr)
    return 0
