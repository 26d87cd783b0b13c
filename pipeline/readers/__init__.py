"""Readers: a file in, blocks out. The format is chosen by content (magic bytes), not by the name."""

from __future__ import annotations

from pathlib import Path

from pipeline.model import OcrOptions, ReadError, ReadResult

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
    if image_kind(head):
        return "image"
    return "text"


# Magic bytes of the image formats a scanner or phone produces.
_IMAGES = {
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
}


def image_kind(head: bytes) -> str | None:
    """The image format of a file's first bytes (PNG, JPEG, …), or None."""
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WEBP"
    if head.startswith(b"BM") and head[6:10] == b"\0\0\0\0":  # reserved zeros: not a text starting "BM"
        return "BMP"
    return next((name for magic, name in _IMAGES.items() if head.startswith(magic)), None)


def read(path: str | Path, ocr: OcrOptions | None = None) -> ReadResult:
    """Read any supported file into blocks; raises ReadError with a reason a person can act on.
    `ocr`: how scanned PDF pages are read (mode, languages, DPI, time a page)."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            head = fh.read(12)
    except OSError as e:
        raise ReadError(f"cannot open file: {e.strerror or e}") from e
    kind = sniff(head, p.name)
    if kind == "empty":
        raise ReadError("empty file (0 bytes)")
    if kind == "pdf":
        from . import pdf

        try:
            return pdf.read_pdf(p, ocr_options=ocr)
        except pdf.pdfium.PdfiumError as e:  # a page PDFium cannot load, after the document opened
            raise ReadError(f"corrupt PDF: PDFium cannot read it ({e})") from e
    if kind == "docx":
        from . import docx

        return docx.read_docx(p)
    if kind == "doc":
        from . import doc

        return doc.read_doc(p)
    if kind == "image":
        raise ReadError(
            f"an image ({image_kind(head)}), not a document: scan or save it as a PDF; OCR reads scanned PDFs"
        )
    if kind == "zip":
        raise ReadError("a zip archive that is not a Word document")
    return text.read_text(p)
