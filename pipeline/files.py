"""Which files of the given paths to read: folders walked in name order, hidden and temporary files skipped."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

_SKIP_SUFFIXES = {".part", ".tmp", ".crdownload", ".swp"}


def wanted(p: Path) -> bool:
    name = p.name
    return not (name.startswith((".", "~$")) or p.suffix.lower() in _SKIP_SUFFIXES)


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and wanted(f) and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    yield f
        else:
            yield p
