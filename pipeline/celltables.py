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
from pipeline.tables import column_roles
from pipeline.textutil import ascii_fold
from pipeline.webtables import VerticalTable

_NUMBER_HEAD = re.compile(r"^\s*(?:STT|TT|Số\s+TT)\s*$", re.IGNORECASE)
_STT = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2}){0,2}\.?|[IVX]{1,5}\.?|[a-zđ]\))\s*$")
_OPEN_END = re.compile(r"(?i)(?:[,;(/&–-]|\b(?:và|các|của|với|cho|năm|quý|tháng|giai đoạn))\s*$")
_TIME = re.compile(r"(?i)\d{4}|\b(?:năm|quý|tháng|hằng|hàng|thường xuyên|định kỳ)\b")
_TIME_CELL = re.compile(r"(?i)(?:năm|quý|tháng|giai đoạn|hằng|hàng|thường xuyên|định kỳ|trước|trong|\d)")
_END = re.compile(r"^\W*(?:Nơi nhận|KT\.|TM\.|PHỤ LỤC|Phụ lục)\b")
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
    if not _NUMBER_HEAD.match(texts[i]):
        return None
    cells = [texts[i].strip()]
    j = i + 1
    while j < len(texts) and j - i <= _MAX_HEADER_LINES:
        t = texts[j].strip()
        if not t:
            j += 1
            continue
        if _STT.match(t) or len(t) > _MAX_HEADER_CELL:
            break
        _join(cells, t)
        j += 1
    head = tuple(cells)
    roles = set(column_roles(head).values())
    if len(head) < 4 or not {"content", "lead"} <= roles or not (j < len(texts) and _STT.match(texts[j])):
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
    t = col.get("time")
    if t is not None and not out[t]:
        # a time column before others ("Kết quả | Thời gian | Căn cứ"): the first cell that opens as a time
        at = next((i for i, c in enumerate(rest) if _TIME_CELL.match(c) and (i or t == 1 + min(col.values()))), None)
        if at is not None:
            before, out[t], after = rest[:at], rest[at], rest[at + 1 :]
            cols = [i for i in range(1, len(head)) if not out[i] and i not in (col.get("lead"), col.get("partner"))]
            lo, hi = [i for i in cols if i < t], [i for i in cols if i > t]
            for group, cells_ in ((lo, before), (hi, after)):
                if group and cells_:
                    for i, c in zip(group, cells_, strict=False):
                        out[i] = c
                    if len(cells_) > len(group):
                        out[group[-1]] = " ".join([out[group[-1]], *cells_[len(group) :]])
            return tuple(out)
    free = [i for i in range(1, len(head)) if not out[i] and i not in (col.get("lead"), col.get("partner"))]
    for i, c in zip(free, rest, strict=False):
        out[i] = c
    if len(rest) > len(free) and free:
        out[free[-1]] = " ".join([out[free[-1]], *rest[len(free) :]])
    return tuple(out)


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
            if _END.match(t):
                break
            again = _header(texts, j)
            if again is not None and again[0] == head:
                j = again[1]  # the header printed again on the next page
                continue
            if _STT.match(t):
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
