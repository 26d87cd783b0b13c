"""Plain text and Markdown: one block per line, with its character offset."""

from __future__ import annotations

from pathlib import Path

from pipeline.model import Block, ReadError, ReadResult

# Share of control characters above which a ".txt" is really a binary file.
_BINARY_SHARE = 0.05


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM, or UTF-16 with BOM); reject binaries and other encodings."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise ReadError("binary file, not text (NUL bytes); is it a PDF or Word file with a wrong name?")
    try:
        s = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ReadError(f"text is not UTF-8 (bad byte at offset {e.start}); re-save the file as UTF-8") from e
    sample = s[:4096]
    ctrl = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    if sample and ctrl / len(sample) > _BINARY_SHARE:
        raise ReadError("binary file, not text (control characters)")
    return s


def blocks_from_text(s: str) -> list[Block]:
    blocks: list[Block] = []
    pos = 0
    for raw in s.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        blocks.append(Block(text=line, kind="line", start=pos))
        pos += len(raw)
    return blocks


def read_text(path: Path) -> ReadResult:
    s = decode(path.read_bytes())
    if not s.strip():
        raise ReadError("empty file (only white space)")
    kind = "markdown" if path.suffix.lower() in {".md", ".markdown"} else "text"
    return ReadResult(blocks=blocks_from_text(s), source_kind=kind)
