"""`directives serve`: the HTTP API for trackers and the review page, one process."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pipeline.commands.args import positive_int

HELP = """Serve the store over HTTP: the JSON API for trackers (GET /tasks, /tasks/{id}, /changes,
/documents, /export; POST /documents; PATCH /tasks/{id}), its OpenAPI page at /docs, and the review
page at / where people check rows, correct them and set their status.

Reads are open; writes (upload, correction) need the token: the environment variable
DIRECTIVES_API_TOKEN, or the first line of --token-file, sent as `Authorization: Bearer TOKEN`.
Without a token the server is read-only. Binding another address than 127.0.0.1 exposes the reads
to the network: put it behind a proxy that authenticates. Writes are serialised; while a CLI
ingest holds the store a write is answered 503 with Retry-After."""


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "serve",
        help="HTTP API and review page",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--db", default="directives.duckdb", metavar="FILE", help="store file (default: %(default)s)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    p.add_argument("--port", type=positive_int, default=8000, help="port (default: %(default)s)")
    p.add_argument("--token-file", metavar="FILE", help="file whose first line is the write token")
    p.add_argument(
        "--uploads",
        metavar="DIR",
        help="folder where uploaded files are kept and ingested from (default: <store>.uploads next to the store)",
    )
    return p


def run(args: argparse.Namespace) -> int:
    from pipeline.server.app import ServerError, Settings, create_app

    try:
        settings = Settings.load(args.db, token_file=args.token_file, uploads=args.uploads)
        app = create_app(settings)
    except ServerError as e:
        print(f"directives serve: {e}", file=sys.stderr)
        return 2
    import uvicorn

    if settings.token is None:
        print("directives serve: no DIRECTIVES_API_TOKEN or --token-file: read-only", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
