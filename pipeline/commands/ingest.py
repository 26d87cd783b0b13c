"""`directives ingest PATH...`: store the tasks of new and changed files in the DuckDB store."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pipeline.commands.args import add_budget, add_ocr, budget, cluster, count, ocr_options, positive_int, seconds
from pipeline.commands.inputs import empty_inputs, warn

HELP = """Extract the tasks of every file under PATH... into the DuckDB store.

Only new and changed files are extracted (files are compared by content, sha256); a file renamed
or moved with the same content keeps its rows without extraction, and an unchanged corpus is only
hashed. Files are stored whole, up to 100 in one transaction, so an interrupted run leaves whole
files and the next run finishes the work. The store file is open only for short write sessions, so
`directives tasks`, `status` and notebooks can read it while the ingest runs. Hidden files, Office
lock files (~$x.docx) and partial downloads (*.part, *.crdownload, *.tmp) are skipped, and so are
links out of PATH (--follow-links reads them). Files are never moved or modified. A file whose
extraction takes longer than --max-seconds or needs more than --max-memory is stopped and recorded
(stage "budget"); the batch goes on.

--cluster runs the extraction on Dask (`pip install 'directives[cluster]'`): `local:N` starts N
worker processes on this machine, an address (tcp://host:8786) uses a running scheduler whose workers
have the package installed and see the files at the same paths. One task a batch of files (a
part); a worker lost mid-part has its part run again elsewhere; the rows are those of a plain
ingest. The workers write each part's rows as Parquet files in a dataset folder (--parts DIR,
default the store's name + `.parts`, on a folder every worker can write), listed in its
`manifest.jsonl`; the store loads them in one transaction at the end, then the folder is deleted
(--keep-parts keeps it, to query with DuckDB's read_parquet). Parts a killed run wrote and did not
load are loaded by the next run instead of extracted again. A PDF needing OCR on more than
--split-scans K pages (default 8) is OCR'd K pages a task, on several workers. --max-memory is
each local worker's memory limit; --max-seconds is not applied on a cluster.

A file that fails (unreadable, empty, not a directive) is listed in the `failures` table with its
stage and reason, and is tried again only when its content changes, with --retry-failed, or when
the extraction code changes. Ctrl-C (or SIGTERM) stops after the file in hand and prints the
summary. Exit status: 0 when every file was stored, 1 when some failed (the others are stored),
2 when the store is in use by another process, 130 when interrupted. A PATH that does not exist
or a folder with no files is a warning and makes the status 1; when no PATH has files, the store
is not opened (nor created)."""


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "ingest",
        help="extract new and changed files into the task store",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (walked recursively)")
    p.add_argument("--db", default="directives.duckdb", metavar="FILE", help="store file (default: %(default)s)")
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "-j",
        "--jobs",
        type=positive_int,
        default=1,
        metavar="N",
        help="extract N files at once in worker processes (default: 1)",
    )
    where.add_argument(
        "--cluster",
        type=cluster,
        metavar="ADDRESS|local[:N]",
        help="extract on Dask: a running scheduler (tcp://host:8786), or local:N worker processes here "
        "(needs the `cluster` extra)",
    )
    p.add_argument(
        "--parts",
        metavar="DIR",
        help="with --cluster: the folder the workers write the Parquet parts to (default: the store's name + .parts)",
    )
    p.add_argument(
        "--keep-parts", action="store_true", help="with --cluster: keep the Parquet parts once loaded into the store"
    )
    p.add_argument(
        "--split-scans",
        type=count,
        metavar="K",
        help="with --cluster: OCR a PDF needing OCR on more than K pages K pages a task (default: 8; 0: never)",
    )
    p.add_argument("--retry-failed", action="store_true", help="extract again files that failed before")
    p.add_argument("--force", action="store_true", help="extract every file again, changed or not")
    p.add_argument(
        "--prune",
        action="store_true",
        help="forget stored files under the given folders that are no longer on disk",
    )
    p.add_argument(
        "--wait",
        type=seconds,
        default=0.0,
        metavar="SECONDS",
        help="wait up to SECONDS for another ingest holding the store (default: stop at once)",
    )
    p.add_argument(
        "--follow-links",
        action="store_true",
        help="read symbolic links that point outside the given folders (default: skip and record them)",
    )
    add_budget(p)
    add_ocr(p)
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress (a bar on a terminal, else a line every 10 s: files done and failed, files/s, time left)",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="one line per extracted file on stderr")
    return p


def run(args: argparse.Namespace) -> int:
    import threading

    from pipeline.cluster import ClusterError
    from pipeline.ingestion import format_summary, ingest
    from pipeline.pagesplit import SPLIT_SCANS
    from pipeline.store import StoreBusy, StoreError
    from pipeline.watch import install_signal_handlers

    if args.cluster is None and (args.parts or args.keep_parts or args.split_scans is not None):
        print("directives ingest: --parts, --keep-parts and --split-scans need --cluster", file=sys.stderr)
        return 2
    empty = empty_inputs(args.paths)
    warn("ingest", empty)
    if len(empty) == len(args.paths) and not args.prune:
        return 1  # nothing to read: do not create a store for it
    stop = threading.Event()  # Ctrl-C / SIGTERM: finish the file in hand, then print the summary
    install_signal_handlers(stop)
    try:
        s = ingest(
            args.paths,
            db=args.db,
            jobs=args.jobs,
            retry_failed=args.retry_failed,
            progress=not args.quiet,
            force=args.force,
            prune=args.prune,
            wait=args.wait,
            verbose=args.verbose,
            should_stop=stop.is_set,
            follow_links=args.follow_links,
            budget=budget(args),
            ocr=ocr_options(args),
            cluster=args.cluster,
            parts=args.parts,
            keep_parts=args.keep_parts,
            split_scans=SPLIT_SCANS if args.split_scans is None else args.split_scans,
        )
    except StoreBusy as e:
        print(f"directives ingest: {e}", file=sys.stderr)
        return 2
    except (StoreError, ClusterError) as e:
        print(f"directives ingest: {e}", file=sys.stderr)
        return 2
    print(format_summary(s, args.db))
    if s.interrupted:
        return 130
    return 0 if s.ok and not empty else 1
