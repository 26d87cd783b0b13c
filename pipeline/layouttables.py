"""Task tables laid out in columns of a plain text (a PDF's text copy made with its layout kept):

    STT   Nội dung                  Cơ quan chủ     Cơ quan phối    Thời gian
                                    trì             hợp             hoàn thành
    1.1   Rà soát, bổ sung danh     Phòng Nghiệp    Bảo hiểm xã     Quý I/2026
          mục thuốc …               vụ Y - Dược     hội tỉnh

The header opens with its number column ("STT", "TT"); its words, two or more spaces apart, give the
columns and where each starts. A line whose first column holds an STT ("1", "1.1", "a)", "II") starts a
row, and the lines after it add to its cells, each piece of text to the column it starts under. The table
ends at a line that writes into the STT column without an STT, or at "Nơi nhận".
"""

from __future__ import annotations

import re

from pipeline.linetables import ROW_NUMBER
from pipeline.tables import header_index
from pipeline.webtables import VerticalTable

_CHUNK = re.compile(r"\S+(?: \S+)*")  # a run of words one space apart
_END = re.compile(r"^\W*(?:Nơi nhận|KT\.|TM\.|PHỤ LỤC)\b")
_PAGE = re.compile(r"^\s*-?\s*\d{1,3}\s*-?\s*$")
_OPENS_HEADER = re.compile(r"\s*(?i:stt|tt|số\s+tt)\s{2,}\S")
_SLACK = 2  # columns a wrapped piece may start before its column (centred or shifted text)


def _chunks(line: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in _CHUNK.finditer(line.expandtabs(8))]


def _column(starts: list[int], pos: int) -> int:
    """The column a piece starting at `pos` belongs to: the last one starting at or before it."""
    col = 0
    for k, s in enumerate(starts):
        if pos + _SLACK >= s:
            col = k
    return col


def _header(texts: list[str], i: int) -> tuple[list[int], list[str], int] | None:
    """(column starts, header cells, first data line) when a columned task-table header starts at line i."""
    first = _chunks(texts[i])
    if len(first) < 3 or "|" in texts[i]:
        return None
    starts = [s for s, _ in first]
    cells = [c for _, c in first]
    j = i + 1
    # header cells wrapped onto the next lines ("Cơ quan chủ" / "trì"), up to the first row
    while j < len(texts) and j < i + 4:
        ch = _chunks(texts[j])
        if not ch or ROW_NUMBER.match(ch[0][1]) and ch[0][0] < starts[1] - _SLACK:
            break
        for s, c in ch:
            k = _column(starts, s)
            cells[k] = f"{cells[k]} {c}"
        j += 1
    head = tuple(cells)
    if header_index([head]) != 0:
        return None
    return starts, cells, j


def find_layout_tables(texts: list[str]) -> list[VerticalTable]:
    """The columned task tables in `texts` (line indexes as in `texts`)."""
    out: list[VerticalTable] = []
    i = 0
    while i < len(texts):
        if not _OPENS_HEADER.match(texts[i]):
            i += 1
            continue  # a columned header opens with its number column ("STT", "TT", "Số TT")
        found = _header(texts, i)
        if found is None:
            i += 1
            continue
        starts, head, j = found
        rows: list[tuple[str, ...]] = [tuple(head)]
        cur: list[str] | None = None
        while j < len(texts):
            t = texts[j]
            if _END.match(t.strip()):
                break
            ch = _chunks(t)
            if not ch or _PAGE.match(t):
                j += 1
                continue
            pos, word = ch[0]
            stt = word.split(" ", 1)[0]
            if pos < starts[1] - _SLACK and ROW_NUMBER.match(stt):
                if cur is not None:
                    rows.append(tuple(cur))
                cur = [""] * len(starts)
                if stt != word:  # "1     Nâng cao …" read as one piece when one space apart
                    ch = [(pos, stt), (starts[1], word[len(stt) :].strip()), *ch[1:]]
            elif pos < starts[1] - _SLACK or cur is None:
                break  # text in the STT column that is no STT: the body again
            for s, c in ch:
                k = _column(starts, s)
                cur[k] = f"{cur[k]} {c}".strip()
            j += 1
        if cur is not None:
            rows.append(tuple(cur))
        if len(rows) > 1:
            out.append(VerticalTable(start=i, end=j, rows=rows))
        i = max(j, i + 1)
    return out
