"""Opening untrusted Office files: zip-bomb checks on the central directory, hardened XML parsing."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from pipeline.model import ReadError

# Limits far above any real directive (the largest real DOCX seen is < 1 MB unpacked).
MAX_TOTAL = 200 * 1024 * 1024
MAX_MEMBER_RATIO = 200
MAX_MEMBERS = 5000

_DECL = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_comments=True
)


def open_zip(path: Path) -> zipfile.ZipFile:
    """Open an OOXML package, refusing corrupt zips and zip bombs before anything is inflated."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as e:
        raise ReadError("not a valid DOCX (corrupt zip)") from e
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    bomb = len(infos) > MAX_MEMBERS or total > MAX_TOTAL
    for i in infos:
        if i.file_size > 10 * 1024 * 1024 and i.file_size > MAX_MEMBER_RATIO * max(i.compress_size, 1):
            bomb = True
    if bomb:
        zf.close()
        raise ReadError(f"DOCX rejected as a zip bomb ({total // (1024 * 1024)} MB unpacked)")
    return zf


def read_member(zf: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    try:
        with zf.open(info) as fh:
            data = fh.read(MAX_TOTAL + 1)  # the header's size can lie; never inflate past the limit
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as e:
        raise ReadError(f"not a valid DOCX (corrupt zip member {name})") from e
    if len(data) > MAX_TOTAL:
        raise ReadError("DOCX rejected as a zip bomb (member inflates past its stated size)")
    return data


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse one XML part; a DTD or entity declaration (entity bombs, external entities) is refused."""
    if _DECL.search(data):
        raise ReadError(f"DOCX rejected: {name} declares XML entities (possible entity bomb)")
    try:
        return etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as e:
        raise ReadError(f"not a valid DOCX (broken XML in {name}: {e})") from e
