"""Blocks → clean lines: NFC, markdown marks, bold, pipe tables, page furniture, footnotes, web boilerplate.

`raw_lines` keeps one line per visual line (the header stage needs them apart); `paragraphs` rejoins
hard-wrapped lines of the body into paragraphs.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.celltables import find_cell_tables
from pipeline.layouttables import find_layout_tables
from pipeline.linetables import find_line_tables
from pipeline.model import Block, Line
from pipeline.resources import load
from pipeline.tables import is_number_column, is_task_table
from pipeline.textutil import ascii_fold, is_upper_line, nfc
from pipeline.webtables import find_vertical_tables

# A list label at the start of a line: "1.", "1.1.", "(1)", "(i)", "a)", "I.", "-", "+", "Điều 1", "Thứ nhất".
LABEL_RE = re.compile(
    r"^\s*(?:"
    r"(?:[IVXLC]+)\s*[.)]\s"  # I.  II.
    r"|\d{1,3}(?:\.\d{1,2}){1,3}\.?\s|\d{1,3}[.)]\s|\d{1,2}/\s+(?=[^\W\d_])"  # 1.  1.1.  1)  1/; never 3.071
    r"|\(\s*\d{1,3}\s*\)"  # (1)
    r"|\(\s*[ivx]{1,5}\s*\)"  # (i)
    r"|[a-zđ]\s*\)"  # a)  đ)
    r"|\(\s*[a-zđ]\s*\)"  # (a)
    r"|[-+•·–—]\s"  # bullets
    r"|[-–—](?=[A-ZĐ\u00c0-\u1ef9][a-z\u00e0-\u1ef9])"  # "-Chỉ đạo": a dash glued to its first word
    r"|(?:điều|Điều|ĐIỀU)\s+\d+\s*[.:]"
    r"|(?:Thứ|THỨ)\s+(?i:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\b"
    r")"
)
_BOLD = re.compile(r"\*\*|__")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_FOOTNOTE_MARK_MD = re.compile(r"\s*\[(\d{1,3})\]")
_FOOTNOTE_BODY_MD = re.compile(r"^\s*\[(\d{1,3})\]\s*\S")
_FOOTNOTE_BODY_PDF = re.compile(r"^\s*(\d{1,2})\s+(?=[^\W\d_])")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
# "Số: 12/KH-BTP", and a scan's "Số: ‡o /QĐ-TTg" (a handwritten number read as marks)
_HEADER_LINE = re.compile(r"^\W*(?:Số\s*:?\s*(?:[\d\s.]*|[^\s/]{1,6}\s*)[-/]|V/v\b|Về việc\b|Kính gửi)")
_LAYOUT = re.compile(r"^[\s|*_=\-–—~.]*$")


@lru_cache(maxsize=1)
def _furniture() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    data = load("furniture")
    drop = [re.compile(p) for p in data["page_numbers"] + data["drop_lines"]]
    return drop, [re.compile(p) for p in data["motto"]]


@lru_cache(maxsize=1)
def _page_numbers() -> list[re.Pattern[str]]:
    return [re.compile(p) for p in load("furniture")["page_numbers"]]


def _page_number(text: str) -> bool:
    folded = ascii_fold(text)
    return any(p.match(folded) for p in _page_numbers())


@lru_cache(maxsize=1)
def _tail_markers() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    data = load("furniture")
    return [re.compile(p) for p in data["tail_markers"]], [re.compile(p) for p in data.get("tail_links", [])]


def _web_tail(texts: list[str], kinds: list[str]) -> int:
    """Index where a web page's own text starts after the document (its footer), or len(texts)."""
    markers, links = _tail_markers()
    for i in range(len(texts) // 5, len(texts)):
        if kinds[i] != "line" or len(texts[i]) >= 300:
            continue
        f = ascii_fold(texts[i])
        if any(p.search(f) for p in links):
            return i
        if len(texts[i]) < 120 and i >= len(texts) * 2 // 5 and any(p.search(f) for p in markers):
            return i
    return len(texts)


@lru_cache(maxsize=1)
def _article_patterns() -> tuple[re.Pattern[str], ...]:
    data = load("furniture")
    keys = ("article_question", "article_quote", "article_statute", "article_directive", "article_elision")
    return tuple(re.compile(data[k]) for k in keys)


def _article_asides(texts: list[str], kinds: list[str]) -> set[int]:
    """Lines of a legal-portal Q&A article that are not the directive: a question's section quoting a
    statute, and the article's comment after the "..." that closes a quoted directive."""
    question, quote, statute, directive, elision = _article_patterns()
    heads = [i for i, t in enumerate(texts) if kinds[i] == "line" and "?" in t and question.match(t)]
    out: set[int] = set()
    for n, h in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(texts)
        opening = [i for i in range(h + 1, end) if texts[i].strip()][:3]
        cites = next((ascii_fold(texts[i]) for i in opening if quote.match(ascii_fold(texts[i]))), None)
        if cites is None:
            continue
        law, doc = statute.search(cites), directive.search(cites)
        if law and (doc is None or law.start() < doc.start()):
            out.update(range(h, end))
            continue
        cut = next((i for i in range(h + 1, end) if elision.match(texts[i])), None)
        if cut is not None:
            out.update(range(cut, end))
    return out


def _page_title(texts: list[str], kinds: list[str]) -> set[int]:
    """A web page's headline ("# Thủ tướng yêu cầu xử lý … (Công điện 138/CĐ-TTg)") and its repeats: the
    page's first line, a mixed-case Markdown heading, that tells of the directive and assigns nothing."""
    first = next((i for i, t in enumerate(texts) if t.strip()), None)
    if first is None or kinds[first] != "line" or not re.match(r"\s*#{1,2}\s", texts[first]):
        return set()
    title = _strip_markdown(texts[first]).strip()
    if not title or is_upper_line(title) or LABEL_RE.match(title):
        return set()  # "# CHÍNH PHỦ …", "# TOÀN VĂN: KẾT LUẬN …": the document's own header; "## 4. …" an item
    return {i for i, t in enumerate(texts) if t.lstrip().startswith("#") and _strip_markdown(t).strip() == title}


_LIST_STAR = re.compile(r"^\s*\*\s+(?=\S)(?!.*\*\s*$)")


_STAMP_START = re.compile(r"^\W*ky\s+boi\s*:")
_STAMP_LINE = re.compile(r"^\W*(?:co\s+quan|ngay\s+ky|thoi\s+gian\s+ky|email|to\s+chuc)\s*:")


def _e_signature(texts: list[str]) -> set[int]:
    """An e-signed copy's stamp ("Ký bởi: CÔNG BÁO …" / "Cơ quan: VĂN PHÒNG CHÍNH PHỦ" / "Ngày ký: …"): no
    "Cơ quan:" field of the text."""
    out: set[int] = set()
    for i, t in enumerate(texts):
        if _STAMP_START.match(ascii_fold(t)):
            out.add(i)
            j = i + 1
            while j < len(texts) and j <= i + 4 and _STAMP_LINE.match(ascii_fold(texts[j])):
                out.add(j)
                j += 1
    return out


def _running_heads(texts: list[str], kinds: list[str]) -> set[int]:
    """A text copy's running header or footer ("UBND xã Phú Thành   Kế hoạch số 45/KH-UBND"): a short line
    repeated word for word, next to a page number or a page break at least once."""
    keys = [" ".join(t.split()) if k == "line" else "" for t, k in zip(texts, kinds, strict=False)]
    seen: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        if 15 <= len(k) <= 120 and not LABEL_RE.match(k) and not k.startswith(("-", "+", "|", "#")):
            seen.setdefault(k, []).append(i)

    def page_mark(j: int) -> bool:
        return 0 <= j < len(texts) and ("\f" in texts[j] or (bool(keys[j]) and _page_number(keys[j])))

    def near_page(i: int) -> bool:
        if "\f" in texts[i]:
            return True
        for step in (-1, 1):  # the nearest non-blank line above, and below
            j = i + step
            while 0 <= j < len(texts) and not keys[j] and "\f" not in texts[j]:
                j += step
            if page_mark(j):
                return True
        return False

    out: set[int] = set()
    for where in seen.values():
        # twice by a page mark: a table's repeated cell ("Bộ NN&MT") stands by row numbers only now and then
        if len(where) >= 2 and sum(near_page(i) for i in where) >= 2:
            out.update(where)
    return out


def _strip_markdown(s: str) -> str:
    if not any(c in s for c in "#>\\*_"):
        return s  # most lines carry no markdown at all
    s = re.sub(r"^\s{0,3}#{1,6}\s*", "", s)
    s = re.sub(r"^\s*>\s?", "", s)
    s = _LIST_STAR.sub("- ", s)  # a Markdown list item "*   Chủ trì …" is a bullet
    s = _ESCAPE.sub(r"\1", s)
    s = _BOLD.sub("", s)
    s = re.sub(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|^\s*\*\s*$", "", s)
    s = s.replace("*", "")
    return s


def _open_spans(texts: list[str]) -> list[bool]:
    """Whether each line continues a markdown emphasis span (* or **) left open a line or two before."""
    out = []
    open_for = 0  # lines the current span has stayed open; a span never lasts beyond a few lines
    for t in texts:
        t = _LIST_STAR.sub("", t)  # a list item's star opens no emphasis
        runs = re.findall(r"(?<!\\)\*+", t) if "*" in t and t.strip(" *") else []
        out.append(open_for > 0)
        toggles = sum(2 if len(r) == 3 else 1 for r in runs)
        if not t.strip():
            open_for = 0
        elif open_for > 0:
            open_for = 0 if toggles % 2 else (open_for + 1 if open_for < 3 else 0)
        elif toggles % 2:
            open_for = 1
    return out


def _bold_flags(texts: list[str]) -> list[bool]:
    """Whether each line lies wholly inside markdown bold (** … **), which may span lines."""
    flags = []
    inside = False
    for t in texts:
        parts = _BOLD.split(t)
        plain_outside = False
        state = inside
        for i, part in enumerate(parts):
            if i > 0:
                state = not state
            if part.strip(" *_#\\\t") and not state:
                plain_outside = True
        has_text = any(p.strip(" *_#\\\t") for p in parts)
        flags.append(has_text and not plain_outside)
        inside = state
    return flags


def _motto_start(texts: list[str]) -> int:
    """Index where the document proper starts (its issuer above the motto), skipping web text before it."""
    _, motto = _furniture()
    for i in range(len(texts)):
        if len(texts[i].strip()) > 100 and "|" not in texts[i]:  # a web table row holds issuer and motto
            continue  # a sentence naming the Party ("… của Đảng Cộng sản Việt Nam …"), not the motto line
        window = ascii_fold(" ".join(texts[i : i + 3]))
        first = len(ascii_fold(texts[i]))
        if any((m := p.search(window)) and m.start() <= first for p in motto):
            # a "Số …" or "V/v" line above the motto means the header was read column by column
            if any(_HEADER_LINE.match(t) for t in texts[max(0, i - 15) : i]):
                return 0
            # back up over the issuer block: capitals, rules, stars, table pipes
            j = i
            while j > 0 and i - j < 8:
                prev = texts[j - 1].strip()
                if prev and not (is_upper_line(prev) or _LAYOUT.match(prev)):
                    break
                j -= 1
            return j if i < len(texts) * 0.6 else 0
    return 0


def _end(b: Block) -> int | None:
    """Offset one past the block's text in the source, where the reader gave a start."""
    return b.start + len(b.text) if b.start is not None else None


def _layout_table_lines(rows: list[tuple[str, ...]]) -> list[str]:
    """Lines of a table that holds layout, not tasks: narrow ones column by column, wide ones row by row."""
    width = max((len(r) for r in rows), default=0)
    if width <= 3:
        cells = [r[c] for c in range(width) for r in rows if c < len(r)]
    else:
        cells = [c for r in rows for c in r]
    return [t.strip() for c in cells for t in c.split("\n") if t.strip()]


def _footnote_numbers(texts: list[str]) -> set[str]:
    """Numbers used as footnote marks glued to words ("hằng tháng1") or bracketed ("[1]")."""
    marks: set[str] = set()
    for t in texts:
        for m in re.finditer(r"(?<=[^\W\d_])(\d{1,2})(?=[\s.,;:)]|$)", t):
            marks.add(m.group(1))
        for m in _FOOTNOTE_MARK_MD.finditer(t):
            marks.add(m.group(1))
    return marks


def raw_lines(blocks: list[Block]) -> tuple[list[Line], list[str]]:
    """One cleaned Line per visual line or paragraph; footnote bodies are returned apart."""
    drop, _ = _furniture()
    texts = [nfc(b.text) for b in blocks]
    kinds = [b.kind for b in blocks]
    start = _motto_start([t if k == "line" else "x" for t, k in zip(texts, kinds, strict=False)])
    stop = _web_tail(texts, kinds)
    asides = _article_asides(texts, kinds) | _page_title(texts, kinds)
    asides |= _running_heads(texts, kinds) | _e_signature(texts)
    marks = _footnote_numbers(texts)
    # emphasis is counted from the document's start: web text before it leaves stray "**"
    bolds = [False] * start + _bold_flags(texts[start:])
    spans = [False] * start + _open_spans(texts[start:])
    lines: list[Line] = []
    footnotes: list[str] = []
    table_no = 0
    plain = [x if k == "line" else "" for x, k in zip(texts, kinds, strict=False)]
    vtables = {t.start: t for t in find_vertical_tables(plain) if t.start >= start}
    # a page's number and running head inside a table are no rows of it
    near = {j for i in asides for j in range(i - 3, i + 4) if 0 <= j < len(plain)}
    furniture = set(asides) | {j for j in near if plain[j].strip() and _page_number(plain[j])}
    for t in [*find_line_tables(plain), *find_layout_tables(plain), *find_cell_tables(plain, furniture)]:
        if t.start >= start and not any(v.start <= t.start < v.end for v in vtables.values()):
            vtables[t.start] = t
    skip_to = -1
    in_pipe_table = False
    in_footnote = False
    blank_run = 0
    for i, b in enumerate(blocks):
        if i < start or i >= stop or i < skip_to or i in asides:
            continue
        if i in vtables:
            vt = vtables[i]
            table_no += 1
            for row in vt.rows:
                lines.append(Line(text=" | ".join(row), page=b.page, start=b.start, cells=row, table=table_no))
            skip_to = vt.end
            continue
        t = texts[i]
        if b.kind == "footnote":
            footnotes.append(t.strip())
            continue
        if b.kind == "table":
            rows = [tuple(nfc(c).strip() for c in row) for row in b.rows]
            if not is_task_table(rows):
                # a layout table (header columns, "Nơi nhận" beside the signature): its text, column by column
                lines.extend(Line(text=t, page=b.page, bold=b.bold) for t in _layout_table_lines(rows))
                continue
            table_no += 1
            for cells in rows:
                lines.append(Line(text=" | ".join(cells), page=b.page, cells=cells, table=table_no))
            continue
        if b.kind == "para":
            text = (b.label + " " + t).strip() if b.label else t.strip()
            if text:
                lines.append(Line(text=text, page=b.page, start=b.start, bold=b.bold, para=True))
            continue
        # a visual line of text, PDF or markdown
        stripped = t.strip()
        if not stripped:
            blank_run += 1
            if in_footnote and blank_run >= 3:
                in_footnote = False
            continue
        prev_blank, blank_run = blank_run, 0
        if in_pipe_table and _TABLE_SEP.match(stripped):
            continue  # "|---|---|" under a markdown table's header
        if _pipe_row(stripped, in_pipe_table):
            if not in_pipe_table:
                table_no += 1
                in_pipe_table = True
            cells = tuple(_strip_markdown(c).strip() for c in stripped.strip("|").split("|"))
            lines.append(Line(text=" | ".join(cells), page=b.page, start=b.start, cells=cells, table=table_no))
            continue
        in_pipe_table = False
        if _LAYOUT.match(stripped):
            if "|" in stripped:  # a cell boundary of a web table: a paragraph break
                lines.append(Line(text="", para=True))
            continue
        folded = ascii_fold(stripped)
        if any(p.search(folded) for p in drop):
            if in_footnote and re.fullmatch(r"\s*-?\s*\d{1,3}\s*-?\s*", folded):
                in_footnote = False
            continue
        m = _FOOTNOTE_BODY_MD.match(stripped)
        fm = _FOOTNOTE_BODY_PDF.match(stripped)
        if m or (fm and fm.group(1) in marks and (prev_blank or not lines)):
            footnotes.append(_strip_markdown(stripped))
            in_footnote = True
            continue
        if (
            in_footnote
            and prev_blank <= 2
            and len(footnotes[-1]) < 600
            and not LABEL_RE.match(stripped)  # "2. Bộ Tài chính …" after a note is the body again
            and not (footnotes[-1].rstrip().endswith(".") and stripped[:1].isupper())
        ):
            footnotes[-1] += " " + _strip_markdown(stripped)
            continue
        in_footnote = False
        text = _strip_markdown(t)
        text = _FOOTNOTE_MARK_MD.sub("", text)
        if marks:
            text = re.sub(
                r"(?<=[^\W\d_])(\d{1,2})(?=[\s.,;:)]|$)",
                lambda mm: "" if mm.group(1) in marks else mm.group(0),
                text,
            )
        text = re.sub(r"[ \t\u00a0]+", " ", text).strip()
        if not text or _LAYOUT.match(text):
            continue
        prev = lines[-1] if lines else None
        if (
            prev is not None
            and prev.cells is None
            and not prev.para
            and prev_blank == 0
            and (
                spans[i]
                or (
                    (text[0].isdigit() or (text[0].islower() and not is_upper_line(prev.text)))
                    and not LABEL_RE.match(text)
                    and not prev.text.endswith((".", ":", ";"))
                )
            )
        ):
            # one emphasis span or one date broken over two lines: the same line
            prev.text = join_wrapped(prev.text, text)
            prev.end = _end(b) or prev.end
            prev.bold = prev.bold and bolds[i]
            continue
        lines.append(Line(text=text, page=b.page, start=b.start, end=_end(b), bold=bolds[i]))
    return lines, footnotes


def _pipe_row(stripped: str, in_table: bool) -> bool:
    """A row of a pipe table: "| a | b |" in Markdown, or "STT | Nội dung | …" and the rows after it in a text
    copy that dropped the outer bars (its header opens with the number column)."""
    if _LAYOUT.match(stripped) or stripped.count("|") < 2:
        return False
    if stripped.startswith("|"):
        return True
    return stripped.count(" | ") >= 2 and (in_table or is_number_column(stripped.split("|", 1)[0]))


def join_wrapped(a: str, b: str) -> str:
    """Join a line wrapped onto the next; "số 18-" + "NQ/TW" keeps its hyphen without a space."""
    if not a:
        return b
    if re.search(r"\w-$", a) and re.match(r"[A-ZĐ0-9]", b):
        return a + b
    return a + " " + b


def _ends_paragraph(s: str) -> bool:
    return s.rstrip().endswith((".", ":", ";", "!", "?", "…", ".)", ".”", '."'))


def _starts_continuation(s: str) -> bool:
    s = s.lstrip("“\"'")
    if not s:
        return False
    c = s[0]
    if c.islower():
        return True
    if c == "(" and len(s) > 1 and s[1].islower() and not LABEL_RE.match(s):
        return True
    if c.isdigit() and not LABEL_RE.match(s):
        return True
    return c in ",;)"


def paragraphs(lines: list[Line]) -> list[Line]:
    """Rejoin hard-wrapped visual lines into paragraphs; table rows and whole paragraphs pass through."""
    out: list[Line] = []
    cur: Line | None = None
    for ln in lines:
        if ln.cells is not None or ln.para:
            if cur:
                out.append(cur)
                cur = None
            if ln.text or ln.cells is not None:
                out.append(ln)
            continue
        if cur is None:
            cur = Line(text=ln.text, page=ln.page, start=ln.start, end=ln.end, bold=ln.bold)
            continue
        new = bool(LABEL_RE.match(ln.text))
        m = re.match(r"^\s*\(?(\d{1,2})\)", ln.text)
        if (
            new
            and m
            and int(m.group(1)) > 1
            and f"({int(m.group(1)) - 1})" in cur.text[3:]
            and not _ends_paragraph(cur.text)
        ):
            new = False  # "(2)" carried to a new line continues the "(1) … (2) …" run before it
        if not new and ln.bold != cur.bold and not _starts_continuation(ln.text):
            new = True
        if not new and not _starts_continuation(ln.text):
            if _ends_paragraph(cur.text):
                new = True
            elif is_upper_line(cur.text[:80]) and not is_upper_line(ln.text[:80]):
                new = True
        if new:
            out.append(cur)
            cur = Line(text=ln.text, page=ln.page, start=ln.start, end=ln.end, bold=ln.bold)
        else:
            cur.text = join_wrapped(cur.text, ln.text).strip()
            cur.end = ln.end or cur.end
            cur.bold = cur.bold and ln.bold
    if cur:
        out.append(cur)
    return out
