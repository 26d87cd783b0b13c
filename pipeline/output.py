"""Where `-o FILE` writes: '-' is standard output; the store and the inputs are never written over;
an existing file only with force; the file appears whole or not at all (temp file + os.replace)."""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

STDOUT = "-"


class OutputError(Exception):
    """The output cannot or must not be written; the message says what to do instead."""


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_target(out: str, *, force: bool = False, protected: Iterable[str | Path] = ()) -> Path | None:
    """The file to write (None for standard output), or OutputError saying why not."""
    if out == STDOUT:
        return None
    p = Path(out)
    if p.is_dir():
        raise OutputError(f"{out} is a folder; give a file name, e.g. {p / 'tasks.out'}")
    if p.exists():
        if any(_same(p, Path(q)) for q in protected):
            raise OutputError(f"{out} is the store or an input file; refusing to write over it")
        if stat.S_ISREG(p.stat().st_mode) and not force:
            raise OutputError(f"{out} already exists; use --force to replace it")
    elif not p.parent.is_dir():
        raise OutputError(f"folder {p.parent} does not exist")
    return p


@contextmanager
def _temp_beside(target: Path) -> Iterator[Path]:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    mask = os.umask(0)  # read the umask: mkstemp's 0600 would make the output private
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)
    try:
        yield tmp
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def _spooled(sink: Path | None) -> Iterator[Path]:
    # Writers get a regular file; its bytes then go to stdout or a device, where errors surface.
    with tempfile.TemporaryDirectory(prefix="directives-") as d:
        tmp = Path(d) / "out"
        yield tmp
        with tmp.open("rb") as src:
            if sink is None:
                shutil.copyfileobj(src, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                with sink.open("wb") as dst:
                    shutil.copyfileobj(src, dst)


@contextmanager
def output_path(out: str, *, force: bool = False, protected: Iterable[str | Path] = ()) -> Iterator[Path]:
    """A path to write the whole output to; on a clean exit it becomes `out` (or goes to stdout)."""
    target = check_target(out, force=force, protected=protected)
    if target is None or (target.exists() and not stat.S_ISREG(target.stat().st_mode)):
        with _spooled(target) as tmp:  # stdout, /dev/null, a fifo: cannot be replaced by a rename
            yield tmp
        return
    with _temp_beside(target) as tmp:
        yield tmp
        if target.exists() and not force:  # created by someone else while we wrote
            raise OutputError(f"{out} appeared while writing; use --force to replace it")
        os.replace(tmp, target)


def describe(e: OSError, out: str) -> str:
    """One line for a failed write: 'cannot write /dev/full: No space left on device'."""
    return f"cannot write {out}: {e.strerror or e}"
