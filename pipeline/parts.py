"""Parts of one document after its signature: an attached plan ("Kèm theo Quyết định …") and annexes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.header import CLOSING, SIGNATURE
from pipeline.model import Line
from pipeline.textutil import ascii_fold, is_upper_line

_ANNEX = re.compile(r"^\W*PHỤ\s+LỤC(?:\s+(?:SỐ\s+)?(?P<n>[IVXLC]+|\d+))?\b", re.IGNORECASE)
# "Phụ lục" or "Phụ lục II" alone on its line is a heading in whatever case it is printed (bold title case).
_ANNEX_ALONE = re.compile(r"^\W*PHỤ\s+LỤC(?:\s+(?:SỐ\s+)?(?:[IVXLC]+|\d+))?\W*$", re.IGNORECASE)
_ATTACHED = re.compile(r"^\W*\(?\s*(?:Ban\s+hành\s+)?kèm\s+theo\b", re.IGNORECASE)
_FIRST_PART = re.compile(r"^\W*I\s*[.)]\s")
_TITLES = ("KE HOACH", "CHUONG TRINH", "QUY CHE", "QUY DINH", "DE AN", "DANH MUC", "HUONG DAN", "KET LUAN")


@dataclass
class Part:
    prefix: str  # "" for the body or an attached plan, "PL"/"PLII" for annexes
    start: int
    end: int


def _attached_title(lines: list[Line], i: int) -> bool:
    t = lines[i].text.strip(" *")
    if not is_upper_line(t) or not ascii_fold(t).upper().startswith(_TITLES):
        return False
    if any(_ATTACHED.match(lines[j].text) for j in range(i + 1, min(len(lines), i + 6))):
        return True
    # a web copy that lost the "(Kèm theo …)" line: the bare title ("KẾ HOẠCH") over its subject and part I.
    return len(t.split()) <= 3 and any(_FIRST_PART.match(lines[j].text) for j in range(i + 1, min(len(lines), i + 8)))


def _body_start(lines: list[Line], i: int, end: int) -> int:
    """Skip a part's title, subject and "(Kèm theo …)" lines."""
    j = i + 1
    while j < end and j < i + 8:
        t = lines[j].text
        if lines[j].cells is not None:
            break
        if _ATTACHED.match(t):
            return j + 1
        if not (is_upper_line(t) or not t.strip(" *-|")):
            break
        j += 1
    return j


def split_parts(lines: list[Line], body_start: int, body_end: int) -> list[Part]:
    """The body, then each attachment or annex found after the body's end."""
    starts: list[tuple[int, str]] = []
    annexes = [
        i
        for i in range(body_end, len(lines))
        if lines[i].cells is None
        and _ANNEX.match(lines[i].text)
        and (is_upper_line(lines[i].text) or _ANNEX_ALONE.match(lines[i].text))
    ]
    several = len(annexes) > 1
    for i in range(body_end, len(lines)):
        if lines[i].cells is not None:
            continue
        if i in annexes:
            m = _ANNEX.match(lines[i].text)
            num = (m.group("n") or "").upper() if m else ""
            starts.append((i, f"PL{num}" if several and num else "PL"))
        elif _attached_title(lines, i) and not (starts and starts[-1][1] and i - starts[-1][0] < 8):
            starts.append((i, ""))  # a title right under "PHỤ LỤC II" is that annex's own title
    parts = [Part(prefix="", start=body_start, end=body_end)]
    for k, (i, prefix) in enumerate(starts):
        nxt = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        end = nxt
        for j in range(i + 1, nxt):
            if lines[j].cells is None and (
                CLOSING.match(lines[j].text) or (SIGNATURE.match(lines[j].text) and is_upper_line(lines[j].text))
            ):
                end = j
                break
        parts.append(Part(prefix=prefix, start=_body_start(lines, i, end), end=end))
    return parts
