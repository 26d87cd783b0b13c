"""Word automatic numbering (numbering.xml) rendered to the labels a reader sees: "1.", "1.1.", "a)", "-".

Counters follow Word: lists whose numIds share an abstractNum continue one another unless a
startOverride restarts them; a level advancing resets the deeper levels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip
_KEEP_BULLETS = {"-", "+", "–", "*"}


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # lvlRestart: restart after this (1-based) level advances
    legal: bool = False  # isLgl: show all levels as decimal


@dataclass
class Num:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # startOverride per level
    levels: dict[int, Level] = field(default_factory=dict)  # full lvl override


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(f"{W}val", default)


def _int(s: str | None, default: int) -> int:
    try:
        return int(s) if s is not None else default
    except ValueError:
        return default


def _level(el: etree._Element) -> Level:
    restart = el.find(f"{W}lvlRestart")
    return Level(
        fmt=_val(el.find(f"{W}numFmt"), "decimal") or "decimal",
        text=_val(el.find(f"{W}lvlText"), "") or "",
        start=_int(_val(el.find(f"{W}start")), 1),
        restart=_int(_val(restart), 0) if restart is not None else None,
        legal=el.find(f"{W}isLgl") is not None and _val(el.find(f"{W}isLgl"), "1") not in ("0", "false"),
    )


def to_roman(n: int) -> str:
    out = []
    for v, s in _ROMAN:
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def to_letters(n: int) -> str:
    """1 → a, 26 → z, 27 → aa (Word repeats the letter)."""
    if n <= 0:
        return ""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter",):
        return to_letters(n)
    if fmt == "upperLetter":
        return to_letters(n).upper()
    if fmt == "lowerRoman":
        return to_roman(n)
    if fmt == "upperRoman":
        return to_roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


class Numbering:
    """Renders list labels in document order; call `label` once per numbered paragraph."""

    def __init__(self, root: etree._Element | None, style_links: dict[str, str] | None = None) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.abstract_link: dict[str, str] = {}  # numStyleLink: abstract defined through a style
        self.nums: dict[str, Num] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        self.style_links = style_links or {}
        if root is None:
            return
        for a in root.findall(f"{W}abstractNum"):
            aid = a.get(f"{W}abstractNumId", "")
            self.abstract[aid] = {_int(lv.get(f"{W}ilvl"), 0): _level(lv) for lv in a.findall(f"{W}lvl")}
            link = _val(a.find(f"{W}numStyleLink"))
            if link:
                self.abstract_link[aid] = link
        for n in root.findall(f"{W}num"):
            num = Num(abstract=_val(n.find(f"{W}abstractNumId"), "") or "")
            for o in n.findall(f"{W}lvlOverride"):
                ilvl = _int(o.get(f"{W}ilvl"), 0)
                so = o.find(f"{W}startOverride")
                if so is not None:
                    num.starts[ilvl] = _int(_val(so), 1)
                lv = o.find(f"{W}lvl")
                if lv is not None:
                    num.levels[ilvl] = _level(lv)
            self.nums[n.get(f"{W}numId", "")] = num

    def _resolve(self, num_id: str) -> tuple[Num, str] | None:
        num = self.nums.get(num_id)
        seen = 0
        while num is not None and num.abstract in self.abstract_link and seen < 5:
            target = self.style_links.get(self.abstract_link[num.abstract])
            if target is None or target == num_id:
                break
            num = self.nums.get(target, num)
            seen += 1
        if num is None or num.abstract not in self.abstract:
            return None
        return num, num.abstract

    def _lvl(self, num: Num, ilvl: int) -> Level:
        return num.levels.get(ilvl) or self.abstract[num.abstract].get(ilvl) or Level()

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (num_id, ilvl) and return the rendered label ('' if none)."""
        if not num_id or num_id == "0":
            return ""
        found = self._resolve(num_id)
        if found is None:
            return ""
        num, key = found
        counters = self.counters.setdefault(key, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in num.starts.items():
                counters[lvl] = start - 1  # a restart: the next paragraph of this level shows `start`
                for deeper in [k for k in counters if k > lvl]:
                    del counters[deeper]
        lvl = self._lvl(num, ilvl)
        counters[ilvl] = counters.get(ilvl, lvl.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            dl = self._lvl(num, deeper)
            # lvlRestart is 1-based; 0 means the deeper level never restarts
            if dl.restart is None or (dl.restart > 0 and ilvl + 1 <= dl.restart):
                del counters[deeper]
        return self._render(num, ilvl, counters)

    def _render(self, num: Num, ilvl: int, counters: dict[int, int]) -> str:
        lvl = self._lvl(num, ilvl)
        if lvl.fmt == "bullet":
            glyph = lvl.text.strip()
            if glyph in _KEEP_BULLETS:
                return "-" if glyph == "–" else glyph
            # the list's first bullet level is "-", a bullet level under another bullet is "+"
            above = [k for k in range(ilvl) if self._lvl(num, k).fmt == "bullet"]
            return "+" if above else "-"

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            kl = self._lvl(num, k)
            n = counters.get(k, kl.start)
            return format_number(n, "decimal" if lvl.legal and k != ilvl else kl.fmt)

        return re.sub(r"%([1-9])", sub, lvl.text).strip()
