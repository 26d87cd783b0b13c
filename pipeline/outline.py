"""Body paragraphs → clause tree, with the guideline's numbering paths.

Families of labels (I., 1., 1.1., (1), (i), a), -, +, Điều, Thứ nhất) nest in the order they first appear;
a label of a family already open closes everything below it. Unnumbered paragraphs hang below the
innermost item as p2, p3 … (the item's own paragraph is p1); inline "(1) … (2) …" runs are split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model import Clause, Line
from pipeline.textutil import ascii_fold, is_upper_line

_ORDINALS = r"(?i:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|thứ\s+\w+)"
_LABELS: list[tuple[str, re.Pattern[str]]] = [
    # the steps or phases of a procedure ("BƯỚC MỘT", "Bước 2:", "Giai đoạn 1.") stand above its parts
    (
        "step",
        re.compile(
            rf"^(?P<lab>(?:BƯỚC|Bước|GIAI ĐOẠN|Giai đoạn)\s+(?P<k>\d{{1,2}}|{_ORDINALS}))(?=$|\s*[.:–—-])\s*[.:–—-]?\s*"
        ),
    ),
    ("letter", re.compile(r"^(?P<lab>(?P<k>[A-HK-UYĐ])\.)\s+(?=\S)")),  # "A. MỤC TIÊU": capitals only
    ("dieu", re.compile(r"^(?P<lab>(?:Điều|ĐIỀU)\s+(?P<k>\d+))\s*[.:]\s*")),
    (
        "thu",
        re.compile(r"^(?P<lab>(?:Thứ|THỨ)\s+(?P<k>(?i:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)))\s*[,.:]?\s*"),
    ),
    ("roman", re.compile(r"^(?P<lab>(?P<k>[IVXLC]{1,6}))\s*[.)]\s*(?=\S)")),
    ("dec3", re.compile(r"^(?P<lab>(?P<k>\d{1,3}\.\d{1,2}\.\d{1,2}))\.?\s*(?=[^\W\d])")),
    ("dec2", re.compile(r"^(?P<lab>(?P<k>\d{1,3}\.\d{1,2}))\.?\s+(?=\S)")),
    # "1/ Các Cục Thuế …" numbers items in many letters; never "1/2026" nor "1/3 số"
    ("dec", re.compile(r"^(?P<lab>(?P<k>\d{1,3}))(?:\s*[.)]\s*(?=\S)|/\s+(?=[^\W\d_]))")),
    ("pnum", re.compile(r"^(?P<lab>\(\s*(?P<k>\d{1,3})\s*\))\s*")),
    ("proman", re.compile(r"^(?P<lab>\(\s*(?P<k>[ivx]{1,5})\s*\))\s*")),
    ("alpha", re.compile(r"^(?P<lab>(?P<k>[a-zđ])\s*\))\s*")),
    ("palpha", re.compile(r"^(?P<lab>\(\s*(?P<k>[a-zđ])\s*\))\s*")),
    # "-Chỉ đạo …": a dash glued to a word that starts with a capital and goes on in small letters ("-TTg" does not)
    ("dash", re.compile(r"^(?P<lab>[-–—•·])(?:\s+|(?=[^\W\d_][^\W\d_]))")),
    ("plus", re.compile(r"^(?P<lab>\+)\s+")),
]
_DEC_FAMILIES = {"dec", "dec2", "dec3"}
# Families with a fixed rank (parts, articles, numbered items); the others nest as they first appear.
_RANK = {"step": -2, "letter": -1, "dieu": 0, "roman": 0, "dec": 1, "dec2": 2, "dec3": 3}
_INLINE_NUM = re.compile(r"(?:(?<=^)|(?<=[\s:;.,]))\(\s*(\d{1,2})\s*\)\s*")
_INLINE_ROMAN = re.compile(r"(?:(?<=^)|(?<=[\s:;.,]))\(\s*([ivx]{1,4})\s*\)\s*")
# "(a) …; (b) …; (c) …" inside a clause: the Vietnamese letter order (no f, j, w, z; đ after d)
_INLINE_LETTER = re.compile(r"(?:(?<=^)|(?<=[\s:;.,]))\(\s*([a-eđg-ik-vxy])\s*\)\s*")
_LETTER_VALUES = {c: i + 1 for i, c in enumerate("abcdđeghiklmnopqrstuvxy")}
_ENUMERATION_INTRO = re.compile(r"(?:dac\s+biet\s+la|nhat\s+la|trong\s+do\s+co)\s*:?\s*$")
_ROMAN_VALUES = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
# The inline numberings, tried in this order: "(1)", "(i)", "(a)", each with the value of its labels.
_INLINE_SCHEMES = (
    (_INLINE_NUM, int),
    (_INLINE_ROMAN, lambda k: _ROMAN_VALUES.get(k, 0)),
    (_INLINE_LETTER, lambda k: _LETTER_VALUES.get(k, 0)),
)
# After the last item, a paragraph that refers to the whole text ("nêu trên", "Kế hoạch này") or ends
# with the end mark "./." closes the document and stands at the root.
_CLOSING_HINTS = re.compile(
    r"\b(?:neu\s+tren|tren\s+day|(?:ke\s+hoach|cong\s+van|thong\s+bao|chi\s+thi|cong\s+dien|quyet\s+dinh)\s+nay)\b"
)


@dataclass
class Label:
    family: str
    printed: str  # as it goes into the path: "3", "(1)", "a)", "-", "Điều 1", "Thứ nhất", "2.1"
    rest: str


def parse_label(text: str) -> Label | None:
    for fam, pat in _LABELS:
        m = pat.match(text)
        if not m:
            continue
        rest = text[m.end() :]
        if fam == "roman" and not re.match(r"^[IVXLC]+$", m.group("k")):
            continue
        if fam == "letter" and not is_upper_line(rest):
            continue  # "A. Nguyễn Văn …": a section letter heads a heading in capitals
        if fam == "alpha" and m.group("k") in "ivx" and False:
            continue
        glued = fam == "dash" and m.end() == len(m.group("lab"))  # "-Chỉ đạo", not "- UBND …"
        if glued and not (rest[:1].isupper() and rest[1:2].islower()):
            continue
        if fam in ("dec", "dec2", "dec3") and re.match(r"^\d", rest):
            continue  # "18/02/2019", "1.000 người"
        printed = m.group("lab").strip()
        if fam in ("roman", "dec", "dec2", "dec3"):
            printed = m.group("k")
        elif fam == "dash":
            printed = "-"
        elif fam in ("pnum", "proman", "palpha"):
            printed = f"({m.group('k')})"
        elif fam == "alpha":
            printed = f"{m.group('k')})"
        elif fam == "dieu":
            printed = f"Điều {m.group('k')}"
        elif fam == "thu":
            printed = "Thứ " + m.group("k").lower()
        elif fam == "letter":
            printed = m.group("k")
        elif fam == "step":
            printed = re.sub(r"\s+", " ", m.group("lab"))
        return Label(family=fam, printed=printed, rest=rest.strip())
    return None


def is_heading(line: Line, rest: str) -> bool:
    """A line that names a section or an agency rather than stating a duty."""
    body = rest.strip(" *:")
    if not body:
        return True
    if line.bold and len(body) < 160 and not body.endswith((".", ";")):
        return True
    if is_upper_line(body) and len(body) < 200:
        return True
    return len(body) < 90 and not body.endswith((".", ";", ",")) and line.bold


def _inline_runs(
    text: str, pat: re.Pattern[str], value, first: int = 1, least: int = 2
) -> list[tuple[int, int, str]] | None:
    """Positions of a consecutive inline numbering first, first + 1 … ((start, content_start, printed))."""
    hits = [(m.start(), m.end(), m.group(1)) for m in pat.finditer(text)]
    best: list[tuple[int, int, str]] = []
    for i, (s, e, k) in enumerate(hits):
        if value(k) != first:
            continue
        run = [(s, e, k)]
        want = first + 1
        for s2, e2, k2 in hits[i + 1 :]:
            if value(k2) == want:
                run.append((s2, e2, k2))
                want += 1
        if len(run) >= least and len(run) > len(best):
            best = run
    return best or None


def _continued_runs(node: Clause) -> None:
    """ "(i) kiểm tra …; (ii) đôn đốc …; (iii) …" begun on its own line: the numbers carried on in the
    first item's text are its siblings, not its children."""
    out: list[Clause] = []
    for c in node.children:
        out.append(c)
        if not c.text or "(" not in c.text:
            continue
        run = None
        for pat, value in _INLINE_SCHEMES:
            m = pat.fullmatch(c.label or "")
            if m and value(m.group(1)):
                run = _inline_runs(c.text, pat, value, first=value(m.group(1)) + 1, least=1)
                break
        if not run:
            continue
        prefix = c.path[: len(c.path) - len(c.label)]
        text, kids = c.text, c.children
        c.text, c.children = text[: run[0][0]].strip(), []
        for idx, (_s, e, printed) in enumerate(run):
            end = run[idx + 1][0] if idx + 1 < len(run) else len(text)
            label = f"({printed})"
            sib = Clause(path=prefix + label, label=label, text=text[e:end].strip(), page=c.page, start=c.start,
                         end=c.end)
            out.append(sib)
        out[-1].children = kids  # what followed the run's text belongs to its last item
        node.inline = True  # type: ignore[attr-defined]
    node.children = out


def split_inline(clause: Clause) -> None:
    """Split "(1) … (2) …" (and "(i) … (ii) …") inside a clause's own text into children."""
    text = clause.text
    if "(" not in text:
        return  # no "(1)", "(i)" or "(a)" in it
    for pat, value in _INLINE_SCHEMES:
        run = _inline_runs(text, pat, value)
        if not run:
            continue
        intro = text[: run[0][0]].strip()
        if _ENUMERATION_INTRO.search(ascii_fold(intro)):
            return  # "… các hành vi vi phạm, đặc biệt là: (i) khai thác trái phép; (ii) …": what is meant, not duties
        kids = []
        for idx, (_s, e, k) in enumerate(run):
            end = run[idx + 1][0] if idx + 1 < len(run) else len(text)
            printed = f"({k})"
            kid = Clause(
                path=f"{clause.path}.{printed}" if clause.path else printed,
                label=printed,
                text=text[e:end].strip(),
                page=clause.page,
                start=clause.start,
                end=clause.end,
            )
            split_inline(kid)
            kids.append(kid)
        clause.text = intro
        clause.children = kids + clause.children
        clause.inline = True  # type: ignore[attr-defined]
        return


def _join(prefix: str, comp: str) -> str:
    return f"{prefix}.{comp}" if prefix else comp


class _Builder:
    def __init__(self, root_prefix: str = "") -> None:
        self.root = Clause(path=root_prefix, label="", text="")
        self.stack: list[tuple[str, Clause]] = []
        self.counts: dict[int, dict[str, int]] = {}
        self.p_counts: dict[int, int] = {}
        self.fresh_heading: Clause | None = None
        self.fresh_family = ""

    def _parent(self) -> Clause:
        return self.stack[-1][1] if self.stack else self.root

    def _path_prefix(self, fam: str) -> str:
        # "2.1" under "2" prints whole: its prefix is that of the nearest non-decimal ancestor
        if fam in ("dec2", "dec3"):
            for f, c in reversed(self.stack):
                if f not in _DEC_FAMILIES:
                    return c.path
            return self.root.path
        return self._parent().path

    def add_labelled(self, line: Line, lab: Label) -> None:
        if self.stack and self.stack[-1][0] == "para" and lab.family not in ("dash", "plus"):
            self.stack.pop()  # only bullets hang under a paragraph that introduces them
        rank = _RANK.get(lab.family)
        if rank is not None and lab.family not in [f for f, _ in self.stack]:
            # "I." or "1." never nests under "(2)", "a)" or "-": close those first
            while self.stack and _RANK.get(self.stack[-1][0], 99) > rank:
                self.stack.pop()
        fams = [f for f, _ in self.stack]
        if lab.family in fams:
            while self.stack and self.stack[-1][0] != lab.family:
                self.stack.pop()
            self.stack.pop()
        elif lab.family in _DEC_FAMILIES and any(f in _DEC_FAMILIES for f in fams):
            depth = {"dec": 1, "dec2": 2, "dec3": 3}
            while self.stack and self.stack[-1][0] in _DEC_FAMILIES and depth[self.stack[-1][0]] >= depth[lab.family]:
                self.stack.pop()
        parent = self._parent()
        comp = lab.printed
        if lab.family in ("dash", "plus"):
            key = id(parent)
            c = self.counts.setdefault(key, {})
            c[lab.family] = c.get(lab.family, 0) + 1
            comp = f"{'-' if lab.family == 'dash' else '+'}{c[lab.family]}"
        path = _join(self._path_prefix(lab.family), comp)
        heading = is_heading(line, lab.rest)
        node = Clause(
            path=path,
            label=lab.printed,
            text=lab.rest,
            heading=heading,
            page=line.page,
            start=line.start,
            end=line.end,
        )
        parent.children.append(node)
        self.stack.append((lab.family, node))
        self.p_counts[id(node)] = 1
        self.fresh_heading = node if heading else None
        self.fresh_family = lab.family

    def _continues(self, node: Clause, line: Line) -> bool:
        """Whether `line` is more of the heading `node`: a step's title and period over several
        paragraphs, or a heading in capitals broken across two."""
        text = line.text.strip()
        if self.fresh_family == "step" and not node.text.endswith(")") and len(node.text) < 300:
            return line.bold or (text.endswith(")") and "(" in text and len(text) < 200)
        return bool(node.text) and line.bold and len(text) < 120 and is_upper_line(node.text) and is_upper_line(text)

    def add_plain(self, line: Line, closing: bool = False) -> None:
        if self.fresh_heading is not None and not closing and self._continues(self.fresh_heading, line):
            self.fresh_heading.text = f"{self.fresh_heading.text} {line.text.strip()}".strip()
            return
        if self.fresh_heading is not None and not closing:
            # a heading and the paragraph under it are the item itself
            node = self.fresh_heading
            node.heading_text = node.text  # type: ignore[attr-defined]
            node.text = line.text
            node.heading = False
            self.fresh_heading = None
            return
        if self.stack and self.stack[-1][0] == "para":
            self.stack.pop()
        parent = self.root if closing else self._parent()
        key = id(parent)
        n = self.p_counts.get(key, 0 if parent is self.root else 1) + 1
        if parent is self.root and key not in self.p_counts:
            n = 1
        self.p_counts[key] = n
        node = Clause(
            path=_join(parent.path, f"p{n}"),
            label="",
            text=line.text,
            page=line.page,
            start=line.start,
            end=line.end,
        )
        parent.children.append(node)
        self.fresh_heading = None
        if parent is not self.root and line.text.rstrip(" *").endswith(":"):
            # "Các sở … báo cáo … như sau:" under an item: the bullets after it are its items (7.a).p2.-1)
            self.stack.append(("para", node))

    def add_table(self, rows: list[Line]) -> None:
        parent = self._parent()
        node = Clause(path=parent.path, label="", text="", page=rows[0].page, start=rows[0].start)
        node.table_rows = [r.cells for r in rows]  # type: ignore[attr-defined]
        parent.children.append(node)
        self.fresh_heading = None


def build_outline(paras: list[Line], root_prefix: str = "") -> Clause:
    """The clause tree of one body (or one annex, with root_prefix "PL"/"PLII")."""
    b = _Builder(root_prefix)
    labelled_seen = False
    last_labelled = max((i for i, p in enumerate(paras) if p.cells is None and parse_label(p.text)), default=-1)
    i = 0
    while i < len(paras):
        p = paras[i]
        if p.cells is not None:
            j = i
            while j < len(paras) and paras[j].cells is not None and paras[j].table == p.table:
                j += 1
            b.add_table(paras[i:j])
            i = j
            continue
        lab = parse_label(p.text)
        if lab:
            b.add_labelled(p, lab)
            labelled_seen = True
        else:
            f = ascii_fold(p.text)
            closing = (
                labelled_seen
                and i > last_labelled
                and bool(_CLOSING_HINTS.search(f) or p.text.rstrip().endswith("./."))
            )
            b.add_plain(p, closing=closing)
        i += 1
    _finish(b.root)
    return b.root


def _begun_inline(node: Clause) -> None:
    """ "c) Rà soát …, gồm: (i) nạo vét …;" then "(ii) …", "(iii) …" on lines of their own: the numbers before
    the first child's, carried inline at the end of the item's text, are its first children."""
    first = next((k for k in node.children if k.label), None)
    if first is None or not node.text or "(" not in node.text:
        return
    for pat, value in _INLINE_SCHEMES:
        m = pat.fullmatch(first.label or "")
        if not m:
            continue
        v = value(m.group(1))
        run = _inline_runs(node.text, pat, value, least=1) if v > 1 else None
        if not run or len(run) != v - 1:
            return
        text, base = node.text, node.path
        kids = []
        for idx, (_s, e, k) in enumerate(run):
            end = run[idx + 1][0] if idx + 1 < len(run) else len(text)
            printed = f"({k})"
            kids.append(Clause(path=_join(base, printed), label=printed, text=text[e:end].strip(), page=node.page,
                               start=node.start, end=node.end))
        node.text = text[: run[0][0]].strip()
        node.children = kids + node.children
        node.inline = True  # type: ignore[attr-defined]  # one run: a deadline closing it dates every item
        return


def _finish(node: Clause) -> None:
    _begun_inline(node)
    _continued_runs(node)
    for c in node.children:
        if c.text and not getattr(c, "table_rows", None):
            split_inline(c)
        _finish(c)


def walk(node: Clause):
    """Every clause below `node`, depth first, in document order."""
    for c in node.children:
        yield c
        yield from walk(c)
