"""Ruled tables on a PDF page: find them, read their cells from the page's words."""

from __future__ import annotations

import re
from typing import Any

from .layout import Word, drop_marks, group_lines

Rows = tuple[tuple[str, ...], ...]
BBox = tuple[float, float, float, float]

# A cell line that starts with one of these starts a new paragraph inside the cell.
_PARA_START = re.compile(r"^(?:[-+•–]\s|\(?\d{1,2}[.)]\s|[a-zđ]\)\s)")


def _inside(w: Word, bbox: BBox) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


def cell_text(words: list[Word]) -> str:
    """Hard-wrapped cell lines rejoined; a bullet or number at a line start opens a new paragraph."""
    if not words:
        return ""
    parts: list[str] = []
    for ln in group_lines(words):
        text = drop_marks(ln)[0].text
        if parts and not _PARA_START.match(text):
            parts[-1] = f"{parts[-1]} {text}"
        else:
            parts.append(text)
    return "\n".join(parts)


def find_tables(page: Any, words: list[Word]) -> list[tuple[BBox, Rows]]:
    """Ruled tables that hold a real grid of text; a box drawn round one paragraph is not one."""
    found: list[tuple[BBox, Rows]] = []
    for t in page.find_tables():
        rows: list[tuple[str, ...]] = []
        for r in t.rows:
            cells = []
            for c in r.cells:
                cells.append("" if c is None else cell_text([w for w in words if _inside(w, c)]))
            rows.append(tuple(cells))
        width = max((len(r) for r in rows), default=0)
        filled = sum(1 for r in rows if sum(1 for c in r if c.strip()) >= 2)
        if width >= 2 and len(rows) >= 2 and filled >= 2:
            found.append((tuple(t.bbox), tuple(rows)))
    return found


def words_outside(words: list[Word], boxes: list[BBox]) -> list[Word]:
    return [w for w in words if not any(_inside(w, b) for b in boxes)]


def continue_rows(prev: Rows, rows: Rows) -> Rows:
    """Rows of a table continued on the next page, less a repeated header (or column-number row)."""
    heads = set(prev[:2])
    body = list(rows)
    while body and body[0] in heads:
        body.pop(0)
    return prev + tuple(body)
