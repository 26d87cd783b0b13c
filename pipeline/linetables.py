"""Task tables whose cells came out one a line (a PDF's text copy): "1" / "Tổ chức tuyên truyền …" /
"Cục Lâm nghiệp" / "Vụ Pháp chế" / "Quý III/2026" / "2" / ….

The header is a Markdown pipe row with no rows of its own (some of its cells may follow it a line each);
each row then starts at a line holding only its STT ("1", "a)", "II"). A row with just its STT and one
line heads a group; lines beyond the header's width are the content cell's wrapped rest.
"""

from __future__ import annotations

import re

from pipeline.tables import column_roles, header_index
from pipeline.webtables import VerticalTable

# a line holding only a row's number ("1", "2.1", "a)", "II"); and the lines that end a task table
ROW_NUMBER = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2}){0,2}\.?|[a-zđ]\)|[IVX]{1,5}\.?)\s*$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_SEPARATOR = re.compile(r"^\s*\|[\s:|-]+\|\s*$")
TABLE_END = re.compile(r"^\W*(?:Nơi nhận|KT\.|TM\.|PHỤ LỤC|Phụ lục)\b")
_MAX_HEADER_CELL = 60  # characters: a header cell is a short name of its column


def _cells(row: str) -> list[str]:
    return [c.strip(" *") for c in row.strip().strip("|").split("|")]


def _header(texts: list[str], i: int) -> tuple[tuple[str, ...], int] | None:
    """(header cells, index of the first data line) when a task-table header starts at line i."""
    t = texts[i]
    if _PIPE_ROW.match(t) and not _SEPARATOR.match(t):
        cells = _cells(t)
        j = i + 1
        if j < len(texts) and _SEPARATOR.match(texts[j]):
            j += 1
        if j < len(texts) and _PIPE_ROW.match(texts[j]):
            return None  # a pipe table with rows of its own: read as one
    else:
        return None
    # header cells carried onto the next lines ("Thời gian thực hiện")
    while j < len(texts) and not ROW_NUMBER.match(texts[j]) and len(texts[j].strip()) <= _MAX_HEADER_CELL:
        extra = texts[j].strip(" *")
        if not extra or not column_roles((extra,)):
            break
        cells.append(extra)
        j += 1
    head = tuple(cells)
    if header_index([head]) != 0 or len(head) < 3 or not (j < len(texts) and ROW_NUMBER.match(texts[j])):
        return None
    return head, j


def find_line_tables(texts: list[str]) -> list[VerticalTable]:
    """The cell-per-line task tables in `texts` (line indexes as in `texts`)."""
    out: list[VerticalTable] = []
    i = 0
    while i < len(texts):
        found = _header(texts, i)
        if found is None:
            i += 1
            continue
        head, j = found
        width = len(head)
        content = next((c for c, role in column_roles(head).items() if role == "content"), 1)
        rows: list[tuple[str, ...]] = [head]
        cur: list[str] = []
        while j < len(texts):
            t = texts[j].strip()
            if TABLE_END.match(t) or (not t and cur and len(cur) >= width):
                break
            if ROW_NUMBER.match(t):
                if cur:
                    rows.append(_fit(cur, width, content))
                cur = [t]
            elif t:
                cur.append(t)
            j += 1
        if cur:
            rows.append(_fit(cur, width, content))
        if len(rows) > 1:
            out.append(VerticalTable(start=i, end=j, rows=rows))
        i = j
    return out


def _fit(cells: list[str], width: int, content: int) -> tuple[str, ...]:
    """A row's cells to the header's width: the lines past it are the content cell's wrapped rest."""
    if len(cells) <= width:
        return tuple(cells)
    fitted = cells[:width]
    fitted[content] = " ".join([fitted[content], *cells[width:]])
    return tuple(fitted)
