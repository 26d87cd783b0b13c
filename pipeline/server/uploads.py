"""POST /documents: an uploaded file kept in the uploads folder and ingested as `directives ingest` does."""

from __future__ import annotations

import os
import tempfile
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


def ingest_upload(settings: Settings, access: StoreAccess, upload: UploadFile) -> dict[str, Any]:
    """Store the upload under its own name (replacing an earlier one: a re-issue) and ingest it."""
    from pipeline.ingestion import ingest

    name = _name(upload)
    folder = settings.uploads
    folder.mkdir(parents=True, exist_ok=True)
    tmp = _receive(upload, folder)
    target = (folder / name).absolute()
    try:
        with access.exclusive():
            _check_free(settings.db)
            os.replace(tmp, target)
            summary = ingest([target], db=settings.db, retry_failed=True)
            with access.reader_unlocked() as con:
                out = _outcome(con, path_key(target))
    finally:
        tmp.unlink(missing_ok=True)
    out["summary"] = {
        k: getattr(summary, k)
        for k in ("files_new", "files_changed", "files_unchanged", "tasks_added", "tasks_updated", "tasks_removed")
    }
    out["run_id"] = summary.run_id
    return out


def _check_free(db: Path) -> None:
    # Before the upload replaces an earlier file: a CLI ingest holding the store means 503, not a half step.
    from pipeline.writelock import IngestLock

    try:
        IngestLock(db).acquire().release()
    except StoreBusy as e:
        raise busy(e) from e
