"""One file in, a FileResult out: read → clean → split → header → outline → tasks. Never raises on bad input."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.model import Block, Document, FileResult, ReadError


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def extract_blocks(blocks: list[Block], name: str, sha256: str = "") -> list[Document]:
    """The pure part: blocks of one file → its documents with their task rows."""
    return []  # filled in by the core stages


def extract_file(path: str | Path) -> FileResult:
    from pipeline.readers import read

    p = Path(path)
    try:
        sha = file_sha256(p)
    except OSError as e:
        return FileResult(path=str(p), sha256="", error=f"cannot open file: {e.strerror or e}", stage="read")
    try:
        rr = read(p)
    except ReadError as e:
        return FileResult(path=str(p), sha256=sha, error=str(e), stage="read")
    res = FileResult(path=str(p), sha256=sha, source_kind=rr.source_kind, pages=rr.pages, warnings=rr.warnings)
    try:
        res.documents = extract_blocks(rr.blocks, p.name, sha)
    except Exception as e:  # noqa: BLE001 - a bug on one file must not stop the batch
        res.error, res.stage = f"extraction failed: {type(e).__name__}: {e}", "extract"
        return res
    if not res.tasks and not any(d.header.number or d.header.doc_type for d in res.documents):
        res.error, res.stage = "not a directive: no document number, type or assigned task found", "extract"
    return res
