"""Task tables a PDF's text copy wrote one cell line at a time, header included: "TT" / "Nội dung, nhiệm vụ" /
"Cơ quan chủ" / "trì thực hiện" / … / "1" / "Rà soát, thể chế hóa …" / "định hướng của Đảng …" / "Bộ NN&MT," /
"Bộ Quốc phòng" / "Các bộ," / "cơ quan," / "địa phương" / "Năm" / "2026 - 2027" / "2" / ….

Nothing marks where a cell ends, so a line goes on the cell before it when that one ends open ("," "-" "và")
or the line opens in small letters; each row starts at a line holding only its number. The first cell is
the content, the last one the time when it reads as one; the cells between fill the columns between.
"""

from __future__ import annotations

import re

from pipeline.agencies import starts_agency
from pipeline.linetables import ROW_NUMBER, TABLE_END
from pipeline.tables import column_roles, is_number_column
from pipeline.textutil import ascii_fold
from pipeline.webtables import VerticalTable

_OPEN_END = re.compile(r"(?i)(?:[,;(/&–-]|\b(?:và|các|của|với|cho|năm|quý|tháng|giai đoạn))\s*$")
_TIME = re.compile(r"(?i)\d{4}|\b(?:năm|quý|tháng|hằng|hàng|thường xuyên|định kỳ)\b")
_TIME_CELL = re.compile(r"(?i)(?:năm|quý|tháng|giai đoạn|hằng|hàng|thường xuyên|định kỳ|trước|trong|\d)")
_MAX_HEADER_LINES = 16
_MAX_HEADER_CELL = 40


def _join(cells: list[str], line: str) -> None:
    """Add a line to the cells: more of the last one, or a new one."""
    if cells and (_OPEN_END.search(cells[-1]) or line[:1].islower()):
        cells[-1] = f"{cells[-1]} {line}".strip()
    else:
        cells.append(line)


def _header(texts: list[str], i: int) -> tuple[tuple[str, ...], int] | None:
    """(header cells, index of the first row line) when a cell-per-line header starts at line i."""
    if not is_number_column(texts[i]):
        return None
    cells = [texts[i].strip()]
    j = i + 1
    while j < len(texts) and j - i <= _MAX_HEADER_LINES:
        t = texts[j].strip()
        if not t:
            j += 1
            continue
        if ROW_NUMBER.match(t) or len(t) > _MAX_HEADER_CELL:
            break
        _join(cells, t)
        j += 1
    head = tuple(cells)
    roles = set(column_roles(head).values())
    if len(head) < 4 or not {"content", "lead"} <= roles or not (j < len(texts) and ROW_NUMBER.match(texts[j])):
        return None
    return head, j


def _fit(lines: list[str], head: tuple[str, ...], roles: dict[int, str]) -> tuple[str, ...]:
    """One row's lines (its number first) as the header's cells: the content up to the first cell that names
    a body, then the lead and partner bodies, the time last where it is the last column, the rest in order."""
    cells: list[str] = []
    for t in lines[1:]:
        _join(cells, t)
    out = [lines[0]] + [""] * (len(head) - 1)
    if not cells:
        return tuple(out)
    col = {r: k for k, r in roles.items()}
    k = next((i for i in range(1, len(cells)) if starts_agency(cells[i], 0)), len(cells))
    out[col.get("content", 1)] = " ".join(cells[:k])
    rest = cells[k:]
    last = len(head) - 1
    if col.get("time") == last and rest and _TIME.search(rest[-1]):
        out[last] = rest.pop()
    for role in ("lead", "partner"):
        if role in col and rest and starts_agency(rest[0], 0):
            out[col[role]] = rest.pop(0)
    free = [i for i in range(1, len(head)) if not out[i] and i not in (col.get("lead"), col.get("partner"))]
    t = col.get("time")
    if t is not None and not out[t]:
        # a time column before others ("Kết quả | Thời gian | Căn cứ"): the first cell that opens as a time
        lo = [i for i in free if i < t]
        at = next((i for i, c in enumerate(rest) if _TIME_CELL.match(c) and (i or not lo)), None)
        if at is not None:
            out[t] = rest[at]
            _fill(out, lo, rest[:at])
            _fill(out, [i for i in free if i > t], rest[at + 1 :])
            return tuple(out)
    _fill(out, free, rest)
    return tuple(out)


def _fill(out: list[str], cols: list[int], cells: list[str]) -> None:
    """The cells into the columns in order; cells past the last column go on with it."""
    for i, c in zip(cols, cells, strict=False):
        out[i] = c
    if cols and len(cells) > len(cols):
        out[cols[-1]] = " ".join([out[cols[-1]], *cells[len(cols) :]])


def find_cell_tables(texts: list[str], skip: set[int] | None = None) -> list[VerticalTable]:
    """The cell-per-line task tables with a cell-per-line header in `texts` (line indexes as in `texts`);
    lines in `skip` (page furniture between a table's pages) are passed over."""
    skip = skip or set()
    out: list[VerticalTable] = []
    i = 0
    while i < len(texts):
        found = _header(texts, i)
        if found is None:
            i += 1
            continue
        head, j = found
        roles = column_roles(head)
        rows: list[tuple[str, ...]] = [head]
        cur: list[str] = []
        while j < len(texts):
            t = texts[j].strip()
            if j in skip:
                j += 1
                continue
            if TABLE_END.match(t):
                break
            again = _header(texts, j)
            if again is not None and again[0] == head:
                j = again[1]  # the header printed again on the next page
                continue
            if ROW_NUMBER.match(t):
                if cur:
                    rows.append(_fit(cur, head, roles))
                cur = [t]
            elif t and cur:
                cur.append(t)
            j += 1
        if cur:
            rows.append(_fit(cur, head, roles))
        if len(rows) > 2 and not any("|" in ascii_fold(c) for r in rows for c in r):
            out.append(VerticalTable(start=i, end=j, rows=rows))
        i = j
    return out
