"""Agency keys: one key for one body however it is written, so counts per agency do not split it.

"UBND tỉnh", "Ủy ban nhân dân tỉnh" and "Uỷ ban nhân dân Tỉnh" are "uy ban nhan dan tinh"; the body
merged away in 2025 gets the key of its successor ("Bộ Kế hoạch và Đầu tư" → "bo tai chinh"); a list
after "các" ("các tỉnh ủy, thành ủy") is keyed in alphabetical order. The data (abbreviations, renamed bodies, merged
provinces, official names) is models/agencies.yml; the text as written is kept beside the key.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pipeline.resources import load

_ALNUM = re.compile(r"[a-z0-9]+")
_SEP = r"[\s.,&/-]*"  # what may stand between the letters of an abbreviation
_LIST_SEP = re.compile(r"\s*[,;/]\s*|\s+(?:va|cung)\s+")
# the first "các" before any list separator: what follows it is the list
_CLASS = re.compile(r"^(?P<pre>(?:[^,;]*?\s)?(?:cac|nhung))\s+(?P<rest>\S.*)$")
_GUARD = "\x00"  # stands for a separator inside an official name while a list is split


def plain(text: str) -> str:
    """Lower case, no marks, đ → d, punctuation kept (it separates the items of a list)."""
    d = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in d if not unicodedata.combining(c)).lower()


def _words(text: str) -> str:
    return " ".join(_ALNUM.findall(text))


def _boundary(pattern: str) -> str:
    return rf"(?<![a-z0-9]){pattern}(?![a-z0-9])"


@dataclass(frozen=True)
class _Model:
    abbreviations: re.Pattern[str]
    expansions: dict[str, str]  # abbreviation's letters → its plain expansion
    renamed: re.Pattern[str]
    successors: dict[str, str]  # plain old name → plain new name
    provinces: re.Pattern[str]
    merged_into: dict[str, str]  # plain old province → "tinh x" / "thanh pho x"
    guarded: re.Pattern[str]  # official names (and expansions) holding a list separator
    names: dict[str, str]  # key → official name as printed


def _alternation(items: list[str]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


@lru_cache(maxsize=1)
def _model() -> _Model:
    data = load("agencies")
    expansions: dict[str, str] = {}
    abbr_patterns: list[str] = []
    for short, full in data["abbreviations"].items():
        letters = _ALNUM.findall(plain(short))
        expansions["".join(letters)] = plain(full)
        abbr_patterns.append(_SEP.join(re.escape(x) for x in letters))
    successors: dict[str, str] = {}
    renamed: list[str] = []
    for old, new in data["renamed"].items():
        o, n = _words(plain(old)), _words(plain(new))
        successors[o] = n
        # "Ngân hàng Nhà nước" → "… Việt Nam" must leave "Ngân hàng Nhà nước Việt Nam" alone
        tail = n[len(o) :] if n.startswith(o + " ") else ""
        renamed.append(_boundary(re.escape(o)) + (f"(?!{re.escape(tail)}(?![a-z0-9]))" if tail else ""))
    merged_into = {_words(plain(old)): _words(plain(new)) for old, new in data["provinces_2025"].items()}
    provinces = re.compile(_boundary(rf"(tinh uy|thanh uy|tinh) ({_alternation([re.escape(p) for p in merged_into])})"))
    with_sep = {
        re.sub(r"\s+", " ", re.sub(r"\s*-\s*", " ", plain(x))).strip()
        for x in [*data["names"], *data["renamed"].values(), *data["abbreviations"].values()]
    }
    with_sep = {x for x in with_sep if _LIST_SEP.search(x)}
    model = _Model(
        abbreviations=re.compile(_boundary(f"({_alternation(abbr_patterns)})")),
        expansions=expansions,
        renamed=re.compile(f"({'|'.join(renamed)})"),
        successors=successors,
        provinces=provinces,
        merged_into=merged_into,
        guarded=re.compile(_boundary(f"({_alternation([re.escape(x) for x in with_sep])})")),
        names={},
    )
    for name in [*data["names"], *data["renamed"].values()]:
        k = _key(model, name)
        if k == _words(_expand(model, plain(name))):  # a current name: the display of its key
            model.names.setdefault(k, name)
    return model


def _expand(m: _Model, text: str) -> str:
    def full(mt: re.Match[str]) -> str:
        return m.expansions["".join(_ALNUM.findall(mt.group(0)))]

    return m.abbreviations.sub(full, text)


def _rename(m: _Model, words: str) -> str:
    words = m.renamed.sub(lambda mt: m.successors[mt.group(0)], words)

    def province(mt: re.Match[str]) -> str:
        unit, new = mt.group(1), m.merged_into[mt.group(2)]
        if unit == "tinh":
            return new
        city = new.startswith("thanh pho ")
        return ("thanh uy " if city else "tinh uy ") + new.split(" ", 2 if city else 1)[-1]

    return m.provinces.sub(province, words)


def _key(m: _Model, name: str) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"\s*[-–]\s*", " ", _expand(m, plain(name)))).strip()
    whole = _rename(m, _words(text))
    guarded = m.guarded.sub(lambda mt: mt.group(0).replace(",", _GUARD).replace(" ", _GUARD), text)
    prefix = ""
    cm = _CLASS.match(guarded)
    if cm:  # "các tỉnh ủy, thành ủy", "Ban Thường vụ các tỉnh ủy, thành ủy": the list follows "các"
        prefix, guarded = cm.group("pre"), cm.group("rest")
    items = [_rename(m, _words(i.replace(_GUARD, " "))) for i in _LIST_SEP.split(guarded)]
    items = [i for i in items if i]
    if len(items) < 2 or not prefix:
        return whole  # one body; bodies joined by "và" without "các" are entries of their own already
    head = _rename(m, _words(prefix.replace(_GUARD, " ")))
    return (head + " " if head else "") + ", ".join(sorted(dict.fromkeys(items)))


@lru_cache(maxsize=16384)
def agency_key(name: str) -> str:
    """The key of one assignee or partner as written: lower-case ASCII words, abbreviations written out,
    merged bodies and provinces under their successor, a list of bodies in alphabetical order."""
    return _key(_model(), unicodedata.normalize("NFC", name))


def agency_keys(names: list[str] | tuple[str, ...]) -> list[str]:
    return [agency_key(n) for n in names]


def agency_name(key: str) -> str | None:
    """The official name printed for a key of the gazetteer ("bo tai chinh" → "Bộ Tài chính"), else None."""
    return _model().names.get(key)
