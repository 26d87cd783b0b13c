"""Page layout shared by the PDF and OCR readers: words → visual lines in reading order.

Pure functions over positioned words; the callers turn the result into Blocks.
Coordinates are PDF points with the origin at the top-left (pdfplumber's `top`/`bottom`).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field, replace

# A gap wider than this many font sizes splits a line into segments (columns, tab stops).
_SEGMENT_GAP = 1.6
# In the first lines of page 1 (the letter header) a narrower gap separates the two columns.
_HEADER_GAP = 0.65
_HEADER_LINES = 6
# Words closer than this (points) were split by a font change, not by a space.
_GLUE_GAP = 0.8
# A raised word at most this share of the line's size is a footnote mark ("tháng¹").
_MARK_SIZE = 0.82
# Page furniture lives in these top/bottom shares of the page height.
_MARGIN = 0.1

_PAGE_NO = re.compile(r"^[-–—\s]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE)
_MARK = re.compile(r"^[\d,*]{1,6}$")
# Bullet glyphs (Symbol/Wingdings private-use codes, •) at a line start stand for "-".
_BULLET = re.compile(r"^[\uf000-\uf0ff•●▪■◦‣∙]\s+")


def normalise_bullet(text: str) -> str:
    return _BULLET.sub("- ", text)


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    conf: float | None = None  # OCR word confidence, 0-100 (tesseract); None for a text layer


@dataclass
class Line:
    words: list[Word]
    top: float = 0.0
    bottom: float = 0.0
    segments: list[list[Word]] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def size(self) -> float:
        return statistics.median(w.size for w in self.words)

    @property
    def text(self) -> str:
        return join_words(self.words)

    @property
    def bold(self) -> bool:
        """Every word with a letter in it is bold (and there is one)."""
        found = False
        for w in self.words:
            if (w.bold and found) or not any(map(str.isalpha, w.text)):
                continue
            if not w.bold:
                return False
            found = True
        return found


def join_words(words: list[Word]) -> str:
    out: list[str] = []
    prev: Word | None = None
    for w in words:
        if prev is not None and w.x0 - prev.x1 > _GLUE_GAP:
            out.append(" ")
        out.append(w.text)
        prev = w
    return "".join(out).strip()


def group_lines(words: list[Word]) -> list[Line]:
    """Cluster words into lines by vertical overlap (superscripts join the line they sit on)."""
    lines: list[Line] = []
    biggest: list[float] = []  # per line, its largest word size
    for w in sorted(words, key=lambda w: (w.bottom, w.x0)):
        target = -1
        for k in range(len(lines) - 1, max(len(lines) - 7, -1), -1):
            ln = lines[k]
            overlap = min(w.bottom, ln.bottom) - max(w.top, ln.top)
            # half the smaller height: tight leading must not merge two lines
            if overlap >= 0.5 * min(w.bottom - w.top, ln.bottom - ln.top):
                target = k
                break
        if target < 0:
            lines.append(Line(words=[w], top=w.top, bottom=w.bottom))
            biggest.append(w.size)
        else:
            ln = lines[target]
            ln.words.append(w)
            # the line box follows its larger words so a superscript does not stretch it
            # (a word near the line's largest size passes without computing the median)
            if w.size >= biggest[target] * _MARK_SIZE or w.size >= ln.size * _MARK_SIZE:
                ln.top = min(ln.top, w.top)
                ln.bottom = max(ln.bottom, w.bottom)
            biggest[target] = max(biggest[target], w.size)
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    for ln in lines:
        ln.words.sort(key=lambda w: w.x0)
        ln.segments = _segments(ln.words)
    return lines


def _segments(words: list[Word], gap: float = _SEGMENT_GAP) -> list[list[Word]]:
    segs: list[list[Word]] = [[words[0]]]
    for w in words[1:]:
        prev = segs[-1][-1]
        if w.x0 - prev.x1 > gap * max(prev.size, w.size):
            segs.append([w])
        else:
            segs[-1].append(w)
    return segs


def drop_marks(line: Line) -> tuple[Line, list[str]]:
    """Remove raised small digits glued to words (footnote references); return them too."""
    if len(line.words) < 2:
        return line, []
    sizes = [w.size for w in line.words]
    if min(sizes) > max(max(sizes), 1.0) * _MARK_SIZE:
        return line, []  # no word small enough to be a mark (the median is at most the largest size)
    size = max(statistics.median(sizes), 1.0)
    base = statistics.median(w.bottom for w in line.words if w.size > size * _MARK_SIZE)
    keep: list[Word] = []
    marks: list[str] = []
    glued = False  # the last word dropped was a mark touching the word before it
    mark_x1 = 0.0
    for w in line.words:
        raised = w.bottom < base - 0.12 * size
        if w.size <= size * _MARK_SIZE and raised and _MARK.match(w.text):
            marks.append(w.text)
            glued = bool(keep) and w.x0 - keep[-1].x1 <= _GLUE_GAP
            mark_x1 = w.x1
        else:
            if glued and w.x0 - mark_x1 <= _GLUE_GAP:
                # "thư¹," → "thư,": punctuation set right after the mark stays glued to the word
                w = replace(w, x0=keep[-1].x1)
            glued = False
            keep.append(w)
    if not marks or not keep:
        return line, []
    new = Line(words=keep, top=line.top, bottom=line.bottom)
    new.segments = _segments(keep)
    return new, marks


def is_page_number(line: Line, height: float) -> bool:
    in_margin = line.top < height * _MARGIN * 1.3 or line.bottom > height * (1 - _MARGIN * 1.3)
    return in_margin and bool(_PAGE_NO.match(line.text))


def in_margin(line: Line, height: float) -> bool:
    return line.top < height * _MARGIN or line.bottom > height * (1 - _MARGIN)


def furniture_key(text: str) -> str:
    """A running header's identity: digits vary from page to page, the words do not."""
    return re.sub(r"\d+", "#", text.casefold()).strip()


@dataclass
class Placed:
    """A visual line after column ordering: its text, bold flag and vertical position."""

    text: str
    bold: bool
    top: float
    size: float
    line: Line


def order_columns(lines: list[Line], width: float, first_page: bool = False) -> list[Placed]:
    """Reading order: in two-column zones (letter header, signature block) left column first."""
    if first_page:
        # header columns of a letter can sit closer than a tab stop; look for a narrower gap there
        for ln in lines[:_HEADER_LINES]:
            if _two_col_boundary(ln, width) is None:
                narrow = _segments(ln.words, _HEADER_GAP)
                probe = Line(words=ln.words, top=ln.top, bottom=ln.bottom, segments=narrow)
                if _two_col_boundary(probe, width) is not None:
                    ln.segments = narrow
    out: list[Placed] = []
    i = 0
    while i < len(lines):
        zone = _zone_at(lines, i, width)
        if zone is None:
            ln = lines[i]
            out.append(Placed(ln.text, ln.bold, ln.top, ln.size, ln))
            i += 1
            continue
        end, boundary = zone
        left: list[Placed] = []
        right: list[Placed] = []
        for ln in lines[i:end]:
            lw = [w for s in ln.segments if s[0].x0 < boundary for w in s]
            rw = [w for s in ln.segments if s[0].x0 >= boundary for w in s]
            for words, dest in ((lw, left), (rw, right)):
                if words:
                    part = Line(words=words, top=ln.top, bottom=ln.bottom)
                    part.segments = _segments(words)
                    dest.append(Placed(part.text, part.bold, ln.top, part.size, part))
        out.extend(left)
        out.extend(right)
        i = end
    return out


def _two_col_boundary(ln: Line, width: float) -> float | None:
    """x where the right column starts, for a line with a left part and a right part."""
    if len(ln.segments) < 2 or ln.segments[0][0].x0 >= width * 0.4:
        return None
    for s in ln.segments[1:]:
        if s[0].x0 >= width * 0.4:
            return s[0].x0
    return None


def _zone_at(lines: list[Line], i: int, width: float) -> tuple[int, float] | None:
    """If a two-column zone starts at line i, return (end index, column boundary)."""
    b = _two_col_boundary(lines[i], width)
    if b is None:
        return None
    # the zone runs while lines are two-column or sit wholly on one side of the boundary
    bounds = [b]
    centres = [_centre(s) for s in lines[i].segments if s[0].x0 >= b]
    body_centre = width / 2
    right_bottom = lines[i].bottom  # a left-only line far below the right column has left the zone
    j = i + 1
    while j < len(lines):
        ln = lines[j]
        prev = lines[j - 1]
        bj = _two_col_boundary(ln, width)
        if bj is not None and abs(bj - min(bounds)) < width * 0.25:
            bounds.append(bj)
            centres.extend(_centre(s) for s in ln.segments if s[0].x0 >= bj)
            right_bottom = ln.bottom
            j += 1
            continue
        boundary = min(bounds)
        cr = statistics.median(centres)
        c = (ln.x0 + ln.x1) / 2
        aligned = abs(ln.x0 - boundary) < 6  # left-aligned text in the right column
        # ...unless it continues a wrapped left-column line ("- Thường trực …, đảng" / "ủy trực thuộc …")
        wrapped = _continues(ln.text) and prev.x0 < boundary and ln.top <= prev.bottom + ln.size
        left_only = ln.x1 <= boundary + 2 and (ln.top <= right_bottom + 1.5 * ln.size or wrapped)
        right_only = ln.x0 >= boundary - 4 and (aligned or abs(c - cr) < abs(c - body_centre))
        if not (left_only or right_only):
            break
        if right_only:
            right_bottom = ln.bottom
        j += 1
    return j, min(bounds) - 2


def _continues(text: str) -> bool:
    """A line opening in lower case or with closing punctuation continues the line above it."""
    return bool(text) and (text[0].islower() or text[0] in ",.;:)")


def _centre(seg: list[Word]) -> float:
    return (seg[0].x0 + seg[-1].x1) / 2
