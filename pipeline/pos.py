"""Part-of-speech reading of a clause with underthesea, for where the predicate starts.

The lexicon knows the verbs directives usually assign ("rà soát", "chủ trì"); a sentence whose verb is
not among them ("Sở Tài chính điều hành …") or whose subject carries a verb of its own ("Đơn vị quản lý
vận hành … rà soát …") is read here. Only those rare cases reach the tagger, so it costs little.
"""

from __future__ import annotations

from functools import cache

from pipeline.resources import load
from pipeline.textutil import tnorm

_WINDOW = 160  # characters: a subject and the start of its predicate


@cache
def _non_duty_verbs() -> frozenset[str]:
    return frozenset(tnorm(w) for w in load("lexicon")["non_duty_verbs"])


@cache
def _tag(text: str) -> tuple[tuple[str, str, int], ...]:
    """(word, tag, offset) of each word of `text`."""
    from underthesea import pos_tag

    out = []
    at = 0
    for word, tag in pos_tag(text):
        i = text.find(word, at)
        if i < 0:
            continue
        out.append((word, tag, i))
        at = i + len(word)
    return tuple(out)


def _is_duty_verb(word: str, tag: str) -> bool:
    return tag == "V" and word[:1].islower() and tnorm(word) not in _non_duty_verbs()


def verb_opens(text: str) -> bool:
    """Whether `text` opens with a verb that can carry a duty (not "là", "có", "được" …)."""
    words = _tag(text[:_WINDOW].strip())
    return bool(words) and _is_duty_verb(words[0][0], words[0][1])


def verbs_after_modifier(text: str) -> list[tuple[int, int]]:
    """Offsets where the main predicate may start in `text`, a generic head's modifier then the predicate.

    "quản lý vận hành hệ thống chiếu sáng trên địa bàn rà soát …" → the offset of "rà soát": a verb after
    a noun of the modifier, unless a comma joins it to a list ("thi đua, khen thưởng"); adverbs before
    it ("sẽ", "đã") open the predicate with it. Each is (start, end of the verb).
    """
    out = []
    seen_noun = False
    prev = ""
    adverb_at: int | None = None
    for word, tag, at in _tag(text[:_WINDOW]):
        if word in ".;:":
            break
        if seen_noun and prev != "," and _is_duty_verb(word, tag):
            out.append((at if adverb_at is None else adverb_at, at + len(word)))
        adverb_at = (at if adverb_at is None else adverb_at) if tag == "R" and seen_noun else None
        seen_noun = seen_noun or tag in ("N", "Np", "M")
        prev = word
    return out


_NOUN_TAGS = frozenset({"N", "Nc", "Nu", "L", "E"})  # nouns, classifiers, "những/các", "về"


def opens_noun(text: str) -> bool:
    """Whether `text` opens with a noun phrase ("Việc ban hành …", "Cơ cấu, thành phần …", "Về thời gian …")."""
    words = _tag(text[:_WINDOW].strip())
    return bool(words) and words[0][1] in _NOUN_TAGS


def verb_at(text: str, at: int) -> bool:
    """Whether the word at offset `at` is a verb that can carry a duty, tagged in its sentence's context."""
    lo = max(0, at - _WINDOW)
    for word, tag, off in _tag(text[lo : at + _WINDOW]):
        if lo + off == at:
            return _is_duty_verb(word, tag)
    return False


def warm() -> None:
    """Load the tagger now (≈1.5 s once per process), e.g. before timing a batch's steady state."""
    _tag("Bộ Nội vụ chủ trì")
