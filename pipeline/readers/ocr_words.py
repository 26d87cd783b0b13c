"""Diacritics OCR misread, restored from a Vietnamese word list and running text.

Tesseract reads the letters of a syllable well and its marks less so: "Tống kết" for "Tổng kết",
"tô chức" for "tổ chức", "luât" for "luật". Two cases are repaired, both keeping the letters and
changing only the marks:
- a syllable Vietnamese does not have ("luât") takes the marks that make a word with a neighbour,
  else those of the commonest syllable with its letters;
- a real syllable that follows or precedes none of its neighbours anywhere in the word list or the
  running text ("Tống kết") takes the marks that make a listed word with a neighbour, when that
  neighbour is not bound to its other side by a listed word.
Correct text barely changes: run over the born-digital documents it changed two words in a
thousand, most of them in web page furniture.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from pipeline.textutil import ascii_fold

# The marks of the six tones; a syllable's key drops them and names its tone apart, so "hoà" and
# "hòa" (the two placements in use) are one syllable.
_TONES = {"\u0300": "`", "\u0301": "'", "\u0303": "~", "\u0309": "?", "\u0323": "."}
_WORD = re.compile(r"[^\W\d_]+")
# Only white space between two syllables lets them make one word; a comma or a line break does not.
_JOIN = re.compile(r"[ \t]+")


@lru_cache(maxsize=65536)  # a page repeats its syllables, and the word list is built of the same few thousand
def _key(syllable: str) -> str:
    """The syllable, lower case, its tone mark moved to the end ("hoà", "hòa" → "hoa`")."""
    d = unicodedata.normalize("NFD", syllable.lower())
    tone = "".join(_TONES[c] for c in d if c in _TONES)
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
    return base + tone


def _underthesea_file(*parts: str) -> Path | None:
    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent.joinpath(*parts)
    return path if path.exists() else None


def word_list() -> Path | None:
    """The Vietnamese word list shipped with underthesea (74 000 words, one a line)."""
    return _underthesea_file("corpus", "data", "Viet74K.txt")


def running_text() -> Path | None:
    """Running Vietnamese text shipped with underthesea: the VLSP 2013 set its tagger was tested on
    (news and legal prose, 68 000 words, one a line)."""
    return _underthesea_file("pipeline", "pos_tag", "models", "pos_crf_vlsp2013_20230303", "test_output.txt")


@dataclass(frozen=True)
class Lexicon:
    words: frozenset[tuple[str, str]]  # neighbouring syllables inside a listed word, as keys
    pairs: frozenset[tuple[str, str]]  # those, and syllables that follow each other in running text
    forms: dict[str, tuple[str, ...]]  # letters (ascii fold) → the syllables written with them
    pair_counts: Counter[tuple[str, str]]  # how often two syllables follow each other in running text
    known: frozenset[str]  # the keys of all syllables, listed, in running text or in agencies' names
    counts: Counter[str]  # how often each syllable key occurs in the running text


def _syllables(text: str) -> list[str] | None:
    sylls = text.strip().lower().split()
    return sylls if sylls and all(_WORD.fullmatch(s) for s in sylls) else None


@cache
def lexicon() -> Lexicon:
    words: set[tuple[str, str]] = set()
    forms: dict[str, set[str]] = {}
    path = word_list()
    for line in path.read_text(encoding="utf-8").splitlines() if path else []:
        sylls = _syllables(line)
        if sylls is None:
            continue
        keys = [_key(s) for s in sylls]
        words.update(zip(keys, keys[1:], strict=False))
        for s in sylls:
            forms.setdefault(ascii_fold(s), set()).add(unicodedata.normalize("NFC", s))
    pairs = set(words)
    for name in _agency_names():  # "Bộ Y tế": a name's parts follow each other
        keys = [_key(s) for s in _WORD.findall(name)]
        pairs.update(zip(keys, keys[1:], strict=False))
    counts: Counter[str] = Counter()
    pair_counts: Counter[tuple[str, str]] = Counter()
    text = running_text()
    prev: str | None = None
    for line in text.read_text(encoding="utf-8").splitlines() if text else []:
        sylls = _syllables(line.split("\t")[0])
        if sylls is None:
            prev = None
            continue
        keys = [_key(s) for s in sylls]
        counts.update(keys)
        seq = [prev, *keys] if prev else keys
        pair_counts.update(zip(seq, seq[1:], strict=False))
        prev = keys[-1]
    pairs.update(pair_counts)
    names = {_key(s) for name in _agency_names() for s in _WORD.findall(name)}
    known = frozenset({_key(f) for fs in forms.values() for f in fs} | set(counts) | names)
    return Lexicon(
        frozenset(words), frozenset(pairs), {f: tuple(sorted(v)) for f, v in forms.items()}, pair_counts, known, counts
    )


def _agency_names() -> list[str]:
    from pipeline.resources import load

    data = load("agencies")
    out: list[str] = []
    stack: list[object] = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
    return out


def is_known(token: str) -> bool:
    """Whether every run of letters of an OCR'd token is a Vietnamese syllable, a name's part, or an
    abbreviation in capitals ("UBND"); "Xâykế", "hoạchdựn" are not: words run together or misread."""
    lex = lexicon()
    if not lex.known:
        return True  # no word list: nothing to judge by
    return all(_key(w) in lex.known or (w.isupper() and len(w) <= 6) for w in _WORD.findall(token))


def _recase(form: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return form.upper()
    return form[:1].upper() + form[1:] if like[:1].isupper() else form


def _changed(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))


def restore_marks(text: str) -> str:
    """`text` with misread marks restored (see the module's note)."""
    lex = lexicon()
    if not lex.words:
        return text
    spans = [m.span() for m in _WORD.finditer(text)]
    words = [text[a:b] for a, b in spans]
    keys = [_key(w) for w in words]
    linked = [_JOIN.fullmatch(text[spans[i][1] : spans[i + 1][0]]) is not None for i in range(len(spans) - 1)]
    out = list(words)
    for i, w in enumerate(words):
        fix = _repair(lex, words, keys, linked, i)
        if fix is not None:
            out[i] = _recase(fix, w)
            keys[i] = _key(fix)
    if out == words:
        return text
    parts: list[str] = []
    at = 0
    for (a, b), w in zip(spans, out, strict=True):
        parts.extend((text[at:a], w))
        at = b
    parts.append(text[at:])
    return "".join(parts)


def _repair(lex: Lexicon, words: list[str], keys: list[str], linked: list[bool], i: int) -> str | None:
    """The syllable that should stand at `i`, or None to keep it."""
    w, k = words[i], keys[i]
    n = len(words)
    left = keys[i - 1] if i > 0 and linked[i - 1] else None
    right = keys[i + 1] if i + 1 < n and linked[i] else None
    variants = [f for f in lex.forms.get(ascii_fold(w), ()) if _key(f) != k]
    if not variants:
        return None
    norm = unicodedata.normalize("NFC", w.lower())
    if k not in lex.known and not w.isascii():  # no such syllable: its marks are wrong (a bare "it" is English)
        fits = [f for f in variants if (left, _key(f)) in lex.words or (_key(f), right) in lex.words]
        if fits:
            return min(fits, key=lambda f: (_changed(norm, f), f))
        if w[:1].isupper():
            return None  # a name the lists lack ("Nẵng"), likelier than a misread one
        common = max(variants, key=lambda f: (lex.counts[_key(f)], f))
        return common if lex.counts[_key(common)] else None
    if left is None and right is None:
        return None
    if (left, k) in lex.pairs or (k, right) in lex.pairs:
        return None
    if w[:1].isupper() and right is not None and words[i + 1][:1].isupper() and not (w + words[i + 1]).isupper():
        return None  # a name ("Lâm Đồng"): its parts need not make words
    far_left = keys[i - 2] if i > 1 and linked[i - 2] else None
    far_right = keys[i + 2] if i + 2 < n and linked[i + 1] else None
    if far_right is not None and words[i + 2][:1].isupper() and not words[i + 1][:1].isupper():
        far_right = None  # "nghị Viện kiểm sát": a capital starts a name, no word across it
    fits = [
        f
        for f in variants
        if ((left, _key(f)) in lex.words and _free(lex, (left, _key(f)), (far_left, left)))
        or ((_key(f), right) in lex.words and _free(lex, (_key(f), right), (right, far_right)))
    ]
    return min(fits, key=lambda f: (_changed(norm, f), f)) if fits else None


def _free(lex: Lexicon, new: tuple[str | None, str | None], other: tuple[str | None, str | None]) -> bool:
    """Whether a neighbour may make the word `new` with this syllable: the pair `other` it makes
    on its far side is no listed word, or one rarer in running text than `new`."""
    return other not in lex.words or lex.pair_counts[new] > lex.pair_counts[other]
