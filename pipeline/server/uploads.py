"""POST /documents: an uploaded file kept in the uploads folder and ingested by `directives ingest` itself,
in a child process: the server's reads go on meanwhile as any reader's do during an ingest."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import HTTPException, UploadFile

from pipeline.files import is_candidate, path_key
from pipeline.server.access import StoreAccess, busy
from pipeline.store import StoreBusy

if TYPE_CHECKING:
    from pipeline.server.app import Settings

CHUNK = 1 << 20
MAX_UPLOAD = 100 * 1024 * 1024  # bytes; a directive is rarely over a few MB
INGEST_TIMEOUT = 900  # seconds; the ingest's own per-file budget (300 s) stops a stuck file well before
COUNTS = ("files_new", "files_changed", "files_unchanged", "tasks_added", "tasks_updated", "tasks_removed")
_one_upload = threading.Lock()  # uploads one after another: a second would find the store busy


def _name(upload: UploadFile) -> str:
    name = Path((upload.filename or "").replace("\\", "/")).name
    if not name or not is_candidate(name):
        raise HTTPException(422, f"file name {upload.filename!r}: hidden, temporary or empty names are not documents")
    return name


def _receive(upload: UploadFile, folder: Path) -> Path:
    # a hidden temporary name: a watch or ingest of the folder never takes a half-received file
    fd, tmp = tempfile.mkstemp(prefix=".upload-", dir=folder)
    size = 0
    with os.fdopen(fd, "wb") as out:
        while chunk := upload.file.read(CHUNK):
            size += len(chunk)
            if size > MAX_UPLOAD:
                out.close()
                os.unlink(tmp)
                raise HTTPException(413, f"the file is over {MAX_UPLOAD // (1 << 20)} MB")
            out.write(chunk)
    return Path(tmp)


def _outcome(con: Any, key: str) -> dict[str, Any]:
    from pipeline.exports.rows import TaskFilter, fetch_tasks
    from pipeline.server.tasks_query import api_record

    got = con.execute("SELECT status, note FROM files WHERE path = ?", [key]).fetchone()
    status = got[0] if got else "failed"
    ok = status in ("ok", "copy")
    out: dict[str, Any] = {"path": key, "status": "ok" if ok else "failed", "note": got[1] if got else None}
    if out["status"] == "failed":
        fail = con.execute('SELECT stage, reason FROM failures WHERE path = ? ORDER BY "at" DESC', [key]).fetchone()
        out["stage"], out["reason"] = fail if fail else ("read", "not stored")
        out["tasks"] = []
    else:
        out["tasks"] = [api_record(r) for r in fetch_tasks(con, TaskFilter()) if r["path"] == key]
    return out


def _ingest(target: Path, db: Path) -> None:
    """`directives ingest TARGET --db DB --retry-failed`; a busy store is a 503, another stop a 500."""
    cmd = [sys.executable, "-m", "pipeline.cli", "ingest", str(target), "--db", str(db), "--retry-failed", "-q"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=INGEST_TIMEOUT)
    if done.returncode == 2:
        line = (done.stderr.strip().splitlines() or ["the ingest stopped"])[-1]
        if "another ingest is running" in line or "is open in another process" in line:
            raise busy(RuntimeError(line.removeprefix("directives ingest: ")))
        raise HTTPException(500, line)


def ingest_upload(settings: Settings, access: StoreAccess, upload: UploadFile) -> dict[str, Any]:
    """Store the upload under its own name (replacing an earlier one: a re-issue) and ingest it."""
    name = _name(upload)
    folder = settings.uploads
    folder.mkdir(parents=True, exist_ok=True)
    tmp = _receive(upload, folder)
    target = (folder / name).absolute()
    try:
        with _one_upload:
            _check_free(settings.db)
            os.replace(tmp, target)
            _ingest(target, settings.db)
            with access.reader() as con:
                out = _outcome(con, path_key(target))
                run = con.execute(f"SELECT run_id, {', '.join(COUNTS)} FROM runs ORDER BY run_id DESC LIMIT 1")
                got = run.fetchone()
    finally:
        tmp.unlink(missing_ok=True)
    out["run_id"] = got[0] if got else None
    out["summary"] = dict(zip(COUNTS, got[1:], strict=True)) if got else {}
    return out


def _check_free(db: Path) -> None:
    # Before the upload replaces an earlier file: a CLI ingest holding the store means 503, not a half step.
    from pipeline.writelock import IngestLock

    try:
        IngestLock(db).acquire().release()
    except StoreBusy as e:
        raise busy(e) from e
