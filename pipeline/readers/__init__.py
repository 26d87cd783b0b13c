"""Readers: a file in, blocks out. The format is chosen by content (magic bytes), not by the name."""

from __future__ import annotations

from pathlib import Path

from pipeline.model import ReadError, ReadResult

from . import text

__all__ = ["read", "sniff", "ReadError"]


def sniff(head: bytes, name: str = "") -> str:
    """Return the format of a file from its first bytes: pdf, docx, doc, zip, text or empty."""
    if not head:
        return "empty"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if not name.lower().endswith((".xlsx", ".pptx", ".odt")) else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    return "text"


def read(path: str | Path) -> ReadResult:
    """Read any supported file into blocks; raises ReadError with a reason a person can act on."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            head = fh.read(8)
    except OSError as e:
        raise ReadError(f"cannot open file: {e.strerror or e}") from e
    kind = sniff(head, p.name)
    if kind == "empty":
        raise ReadError("empty file (0 bytes)")
    if kind == "pdf":
        from . import pdf

        return pdf.read_pdf(p)
    if kind == "docx":
        from . import docx

        return docx.read_docx(p)
    if kind == "doc":
        from . import doc

        return doc.read_doc(p)
    if kind == "zip":
        raise ReadError("a zip archive that is not a Word document")
    return text.read_text(p)
