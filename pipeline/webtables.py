"""Tables of web copies written "vertically": one cell's text between lone "|" lines, "| |" ending a row.

Legal-document sites export HTML tables that way; an annex task table ("STT | Cơ quan chủ trì | … |
Thời hạn") must come back as rows. A row with fewer cells than the header continues the cells merged
from the row above (HTML rowspan), so its cells are aligned to the right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.tables import column_roles, header_index

_PIPE = re.compile(r"^\s*\|\s*$")
_TITLE = re.compile(r"^\W*(?:PHỤ\s+LỤC|DANH\s+MỤC|BIỂU|BẢNG)\b")
_MAX_GAP = 80  # lines between two "|" of one table; a longer stretch is body text


@dataclass
class VerticalTable:
    start: int  # first line index (the header's first "|")
    end: int  # one past the last line of the table
    rows: list[tuple[str, ...]]


def _strip(s: str) -> str:
    s = re.sub(r"\*\*|__|\\\*|(?<!\w)\*|\*(?!\w)", "", s)
    return s.strip()


def _regions(texts: list[str]) -> list[tuple[int, int]]:
    """Runs of lines in which lone "|" lines come at most _MAX_GAP lines apart."""
    pipes = [i for i, t in enumerate(texts) if _PIPE.match(t)]
    out: list[tuple[int, int]] = []
    for i in pipes:
        if out and i - out[-1][1] <= _MAX_GAP:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return [(a, b + 1) for a, b in out if b > a]


def _rows(texts: list[str], a: int, b: int) -> list[tuple[list[int], tuple[str, ...]]]:
    """(first line of each cell, cells) of each row between lines a and b."""
    rows: list[tuple[list[int], tuple[str, ...]]] = []
    row: list[str] = []
    starts: list[int] = []
    cell: list[str] = []
    cell_start = a
    for i in range(a, b):
        t = texts[i]
        if _PIPE.match(t):
            if cell:
                row.append(" ".join(cell))
                starts.append(cell_start)
                cell = []
            elif row:
                rows.append((starts, tuple(row)))
                row, starts = [], []
        elif t.strip():
            if not cell:
                cell_start = i
            cell.append(_strip(t))
    if cell:
        row.append(" ".join(cell))
        starts.append(cell_start)
    if row:
        rows.append((starts, tuple(row)))
    return rows


def _header_start(cells: tuple[str, ...]) -> int | None:
    """Where a task-table header starts inside a row (layout cells before it are dropped)."""
    for p in range(len(cells)):
        rest = cells[p:]
        if len(rest) >= 3 and header_index([rest]) == 0 and column_roles(rest).get(0):
            return p
    return None


def find_vertical_tables(texts: list[str]) -> list[VerticalTable]:
    tables: list[VerticalTable] = []
    for a, b in _regions(texts):
        rows = _rows(texts, a, b)
        k = 0
        while k < len(rows):
            p = _header_start(rows[k][1])
            if p is None:
                k += 1
                continue
            header = rows[k][1][p:]
            width = len(header)
            out = [header]
            prev: tuple[str, ...] = ()
            j = k + 1
            pending: tuple[list[int], tuple[str, ...]] | None = None
            end = b
            while j < len(rows):
                cells = rows[j][1]
                q = _header_start(cells)
                if q is not None:
                    if q > 0:  # the last data row, a title and the next table's header ran together
                        cut = min(q, width)
                        while cut > 0 and _TITLE.match(cells[cut - 1]):
                            cut -= 1  # "PHỤ LỤC II …" is the next table's title, not a cell
                        out.append(cells[:cut])
                        pending = (rows[j][0], cells)
                        end = rows[j][0][cut]
                    else:
                        end = rows[j][0][0]
                    break
                if 2 < len(cells) < width and prev:
                    # cells merged from the row above (rowspan) are the leading ones
                    cells = prev[: width - len(cells)] + cells
                out.append(cells)
                if len(cells) >= width:
                    prev = cells
                j += 1
            if j >= len(rows):
                end = b
            tables.append(VerticalTable(start=rows[k][0][p], end=end, rows=out))
            if pending:
                rows[j] = (pending[0], pending[1])
            k = j
    return tables
