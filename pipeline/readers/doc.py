"""Legacy Word .doc: converted to DOCX by LibreOffice headless, then read by the DOCX reader."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.model import ReadError, ReadResult

from .docx import read_docx

# LibreOffice needs ≈1 s a file; a file that takes this long is stuck (password dialog, damage).
TIMEOUT_S = 120


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(path: Path, outdir: Path, timeout: float = TIMEOUT_S) -> Path:
    exe = soffice()
    if exe is None:
        raise ReadError("legacy .doc needs LibreOffice: apt-get install libreoffice-writer-nogui")
    # own profile per call: two LibreOffice processes sharing one profile block each other
    profile = outdir / "profile"
    src = outdir / ("input" + (path.suffix.lower() or ".doc"))
    shutil.copyfile(path, src)  # a plain name: LibreOffice mangles some non-ASCII paths
    cmd = [
        exe,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(outdir),
        str(src),
    ]
    env = dict(os.environ, HOME=str(outdir))
    try:
        subprocess.run(
            cmd, capture_output=True, timeout=timeout, check=False, env=env, start_new_session=True
        )
    except subprocess.TimeoutExpired as e:
        raise ReadError(f"LibreOffice did not convert the .doc within {timeout:.0f} s") from e
    out = outdir / "input.docx"
    if not out.exists() or out.stat().st_size == 0:
        raise ReadError("LibreOffice could not convert the .doc (damaged or password-protected?)")
    return out


# The main stream of every Word 97-2003 file, named in the compound file's directory (UTF-16).
_WORD_STREAM = "WordDocument".encode("utf-16-le")


def check_doc(path: Path) -> None:
    """A damaged .doc must not reach LibreOffice, which imports any bytes as text."""
    data = path.read_bytes()
    if data[28:30] != b"\xfe\xff" or _WORD_STREAM not in data:
        raise ReadError("a damaged or non-Word .doc (no Word document stream): it cannot be read; re-save it")


def read_doc(path: Path) -> ReadResult:
    check_doc(path)
    with tempfile.TemporaryDirectory(prefix="doc2docx-") as tmp:
        docx = convert_to_docx(path, Path(tmp))
        result = read_docx(docx, source_kind="doc")
    return result
