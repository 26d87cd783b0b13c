"""Input paths that give nothing to read: a missing path or a folder without files is a warning."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

from pipeline.files import wanted


def _has_files(folder: Path) -> bool:
    # Stops at the first readable file: a large archive is not walked twice.
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        if any(wanted(Path(dirpath, n)) and Path(dirpath, n).is_file() for n in filenames):
            return True
    return False


def empty_inputs(paths: Iterable[str | Path]) -> list[str]:
    """One warning per path that does not exist or is a folder with no file to read."""
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            out.append(f"{p}: no such file or folder")
        elif p.is_dir() and not _has_files(p):
            out.append(f"{p}: folder has no files to read")
    return out


def warn(command: str, warnings: list[str]) -> None:
    for w in warnings:
        print(f"directives {command}: warning: {w}", file=sys.stderr)
