"""Which files of the given paths to read: folders walked in name order, hidden and temporary files skipped."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import partial
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


def path_key(p: str | Path) -> str:
    """The path as stored and shown: a name that is not UTF-8 (surrogates from os.fsdecode) gets \\x escapes.

    DuckDB and terminals take only valid UTF-8; the file itself is still opened by its real name."""
    s = str(p)
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# Names that are never documents: editor locks, partial downloads, temporary copies.
_TEMP_PREFIXES = ("~$", "~", ".")
_TEMP_SUFFIXES = (".part", ".partial", ".crdownload", ".download", ".tmp", ".temp", ".swp", ".lock")


def is_candidate(name: str) -> bool:
    """False for hidden files and temporary ones (~$x.docx, x.part) that are not documents yet."""
    return not name.startswith(_TEMP_PREFIXES) and not name.lower().endswith(_TEMP_SUFFIXES)


Unreadable = tuple[Path, str]  # (a path the walk could not take, why)


def _inside(p: Path, root: Path) -> bool:
    try:
        Path(os.path.realpath(p)).relative_to(root)
        return True
    except ValueError:
        return False


def _unreadable(errors: list[Unreadable], root: Path, e: OSError) -> None:
    errors.append((Path(e.filename or root), f"cannot open folder: {e.strerror or e}"))


def walk(
    paths: Iterable[str | Path],
    skip: set[Path] | None = None,
    *,
    follow_links: bool = False,
    errors: list[Unreadable] | None = None,
) -> tuple[list[Path], list[Path]]:
    """(files to consider, given paths that do not exist), absolute and in a stable order.

    Folders that cannot be listed and links out of the given folder (unless follow_links) go to `errors`."""
    skip = skip or set()
    errors = errors if errors is not None else []
    found: dict[Path, None] = {}
    missing: list[Path] = []
    for raw in paths:
        root = Path(raw).absolute()
        if root.is_file():
            if root not in skip:
                found[root] = None
        elif root.is_dir():
            real_root = Path(os.path.realpath(root))
            seen_dirs = {real_root}
            onerror = partial(_unreadable, errors, root)
            for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=follow_links):
                kept = []
                for d in sorted(dirnames):
                    dp = Path(dirpath, d)
                    if d.startswith("."):
                        continue
                    if dp.is_symlink():
                        if not follow_links:
                            if not _inside(dp, real_root):
                                errors.append((dp, _LINK_OUT))
                            continue  # a link inside the tree: its files are walked under their own name
                        if Path(os.path.realpath(dp)) in seen_dirs:
                            continue  # a link loop or a folder seen already
                        seen_dirs.add(Path(os.path.realpath(dp)))
                    kept.append(d)
                dirnames[:] = kept
                for name in sorted(filenames):
                    p = Path(dirpath, name)
                    if not is_candidate(name) or p in skip:
                        continue
                    if not follow_links and p.is_symlink() and not _inside(p, real_root):
                        errors.append((p, _LINK_OUT))
                    elif p.is_file():
                        found[p] = None
        else:
            missing.append(root)
    return list(found), missing


_LINK_OUT = "a link to a place outside the input folder: not followed (--follow-links to read it)"
