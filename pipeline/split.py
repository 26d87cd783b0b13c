"""Split the lines of one file into documents: a letter and the conclusions it forwards each stand alone."""

from __future__ import annotations

from pipeline.header import CLOSING, NUMBER_LINE, SIGNATURE
from pipeline.model import Line
from pipeline.textutil import is_upper_line


def _is_number_line(t: str) -> bool:
    m = NUMBER_LINE.match(t)
    return bool(m and any(c in m.group("rest") for c in "-/") and len(t) < 60)


def split_documents(lines: list[Line]) -> list[tuple[int, int]]:
    """(start, end) line ranges, one per document; a new one starts at a "Số …" line after a signature."""
    bounds: list[int] = [0]
    signed = False
    seen_number = False
    for i, ln in enumerate(lines):
        t = ln.text
        if ln.cells is not None:
            continue
        if CLOSING.match(t) or (SIGNATURE.match(t) and is_upper_line(t)):
            signed = True
            continue
        if _is_number_line(t):
            if seen_number and signed:
                # the issuer's capitals above the number belong to the new document
                j = i
                while j > bounds[-1] + 1 and i - j < 4:
                    prev = lines[j - 1].text.strip()
                    if not (is_upper_line(prev) or not prev.strip("*-| ")):
                        break
                    j -= 1
                bounds.append(j)
                signed = False
            seen_number = True
    bounds.append(len(lines))
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
