"""Small text helpers shared by the stages: tone folding that keeps offsets, tone placement, spaces."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The five Vietnamese tone marks; vowel-shape marks (ă, â, ê, ô, ơ, ư) are kept.
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _fold_char(c: str, keep_shape: bool) -> str:
    if not keep_shape and c in "đĐ":
        return "d"
    d = unicodedata.normalize("NFD", c.lower())
    if keep_shape:
        d = "".join(ch for ch in d if ch not in TONE_MARKS)
    else:
        d = "".join(ch for ch in d if not unicodedata.combining(ch))
    out = unicodedata.normalize("NFC", d)
    return out if len(out) == 1 else c.lower()


def _table(keep_shape: bool) -> dict[int, str]:
    # every Latin letter with marks (Latin-1 to Latin Extended Additional), plus ASCII capitals
    table = {cp: _fold_char(chr(cp), keep_shape) for cp in range(0xC0, 0x250)}
    table.update({cp: _fold_char(chr(cp), keep_shape) for cp in range(0x1E00, 0x1F00)})
    table.update({cp: chr(cp).lower() for cp in range(ord("A"), ord("Z") + 1)})
    return {k: v for k, v in table.items() if len(v) == 1}


def _as_list(table: dict[int, str]) -> list[str]:
    # str.translate looks a list up twice as fast as a dict; a character past its end is left as it is
    out = [chr(i) for i in range(max(table) + 1)]
    for k, v in table.items():
        out[k] = v
    return out


_FOLD = _as_list(_table(keep_shape=True))
_ASCII = _as_list(_table(keep_shape=False))


def fold(s: str) -> str:
    """Lower-case and strip tone marks, one character for one, so offsets in the folded text hold."""
    return s.translate(_FOLD)


@lru_cache(maxsize=16384)
def ascii_fold(s: str) -> str:
    """Lower-case ASCII letters for Vietnamese ones ("Hằng tháng" → "hang thang"), one for one."""
    return s.translate(_ASCII)


def fold_key(s: str) -> str:
    """A comparison key: lower case, tone marks dropped, runs of white space (and no-break spaces) collapsed.

    Spellings of one name that differ only in case, tone placement or spacing get the same key, so
    agencies can be grouped across documents: `fold_key("Các tỉnh uỷ") == fold_key("các tỉnh  ủy")`.
    Vowel shapes are kept ("bộ" → "bô", not "bo"). Exported as `pipeline.fold_key`."""
    return " ".join(fold(s).replace("\u00a0", " ").split())


# Old-style tone placement ("hoà", "uỷ") → the form most documents now use ("hòa", "ủy") is NOT done:
# the guideline compares names tone-folded, and keeping the printed form keeps spans exact.


# Old tone placement ("hoà", "uỷ", "thuý") → new ("hòa", "ủy", "thúy"), so word lists match either way.
_OLD_TONES = {}
for _base, _marks in (("oa", "àáảãạ"), ("oe", "èéẻẽẹ"), ("uy", "ỳýỷỹỵ")):
    _new = {"oa": "òóỏõọ", "oe": "òóỏõọ", "uy": "ùúủũụ"}[_base]
    for _old_c, _new_c in zip(_marks, _new, strict=False):
        _OLD_TONES[_base[0] + _old_c] = _new_c + _base[1]


@lru_cache(maxsize=16384)
def tnorm(s: str) -> str:
    """Lower case with the tone placement made uniform ("Uỷ" → "ủy"); same length as `s`."""
    low = s.lower()
    if not any(c in low for c in "àáảãạèéẻẽẹỳýỷỹỵ"):
        return low
    return re.sub("|".join(_OLD_TONES), lambda m: _OLD_TONES[m.group(0)], low)


def squash_spaces(s: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", s).strip()


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


# The small and capital letters of Latin scripts up to Vietnamese, for character classes: a range such as
# "À-Ỹ" also holds small letters ("ủ").
LOWER_LETTERS = "".join(c for c in map(chr, range(0x61, 0x1EFA)) if c.islower())
UPPER_LETTERS = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper())
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_LOWER_LETTERS = re.compile(f"[{LOWER_LETTERS}]+")


def is_upper_line(s: str) -> bool:
    """True for a line in capitals ("KẾT LUẬN", "BAN CHẤP HÀNH TRUNG ƯƠNG")."""
    head = s[:300]
    if len(head) - len(_LOWER_LETTERS.sub("", head)) > 0.15 * len(s):
        return False  # more small letters in its opening than a line in capitals has in all
    letters = _NOT_LETTERS.sub("", s)
    if len(letters) < 3:
        return False
    # the letters left when the lower-case ones are taken out: counted in C, not a character at a time
    return len(_LOWER_LETTERS.sub("", letters)) / len(letters) > 0.85
