"""Agency names: the gazetteer of models/agencies.yml matched with spaCy, and phrase rules for unseen names.

The PhraseMatcher runs over the tone-folded text (same length as the original), so a match's character
offsets are the offsets of the printed name. A phrase of agencies ("Bộ Y tế, Bộ Giáo dục và Đào tạo và
các cơ quan liên quan") is read up to the word that opens the predicate and split into entries where a
new body or a new "các" starts; commas inside an official name never split it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from pipeline.pos import verb_at, verbs_after_modifier
from pipeline.resources import load
from pipeline.textutil import UPPER_LETTERS, ascii_fold, fold, tnorm

_WORD = re.compile(r"\S+")
_MAX_PHRASE_WORDS = 60


@dataclass(frozen=True)
class Phrase:
    """Agencies read at one place of a text: [start, end) and the entries as printed."""

    start: int
    end: int
    entries: tuple[str, ...]


class Gazetteer:
    """Official names matched with spaCy's PhraseMatcher over folded text; built once per process."""

    def __init__(self, names: list[str]) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self.nlp = spacy.blank("xx")
        self.nlp.max_length = 50_000_000  # only the tokenizer runs: the parser's memory guard does not apply
        self.matcher = PhraseMatcher(self.nlp.vocab)
        self.matcher.add("AGENCY", [self.nlp.make_doc(fold(n)) for n in names])

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of gazetteer names in `text`, longest first where they overlap; the names the
        document gives itself (`own_names`) count too."""
        found = self._spans(text)
        own = _OWN_NAMES.get()
        if not own:
            return list(found)
        low = fold(text)
        extra = [(m.start(), m.end()) for pat in own for m in pat.finditer(low)]
        if not extra:
            return list(found)
        merged = sorted([*found, *extra], key=lambda x: (x[0], -(x[1] - x[0])))
        out: list[tuple[int, int]] = []
        for a, b in merged:
            if out and a < out[-1][1]:
                continue
            out.append((a, b))
        return out

    @lru_cache(maxsize=4096)  # noqa: B019 - one Gazetteer per process; the same clause is matched several times
    def _spans(self, text: str) -> tuple[tuple[int, int], ...]:
        doc = self.nlp.make_doc(fold(text))
        found = sorted(
            ((doc[s:e].start_char, doc[s:e].end_char) for _, s, e in self.matcher(doc)),
            key=lambda x: (x[0], -(x[1] - x[0])),
        )
        out: list[tuple[int, int]] = []
        for s, e in found:
            if out and s < out[-1][1]:
                continue
            out.append((s, e))
        return tuple(out)


# Names a document gives itself in its header ("TIỂU BAN THÔNG TIN, TUYÊN TRUYỀN, KHÁNH TIẾT"), set while
# its body is read: a comma inside such a name is part of it, as in the gazetteer's.
_OWN_NAMES: ContextVar[tuple[re.Pattern[str], ...]] = ContextVar("own_names", default=())
# Where a body's name starts in an issuer block of several lines run together.
_HEADS = re.compile(r"\b(?:uy ban|tieu ban|hoi dong|ban|so|doan|dang uy|chi bo|van phong|cuc|vien|truong)\b")


def issuer_names(issuer: str | None) -> list[str]:
    """The bodies named in an issuer block ("ỦY BAN BẦU CỬ XÃ A TIỂU BAN THÔNG TIN, TUYÊN TRUYỀN"), each
    as one name; only those with a comma matter, the others the phrase rules read anyway."""
    if not issuer:
        return []
    low = ascii_fold(issuer)
    cuts = [m.start() for m in _HEADS.finditer(low)]
    bounds = [0, *[c for c in cuts if c > 0], len(issuer)]
    pieces = [issuer[a:b].strip(" ,;-") for a, b in zip(bounds, bounds[1:], strict=False)]
    return [p for p in pieces if "," in p and len(p.split()) >= 3]


@contextmanager
def own_names(names: list[str]) -> Iterator[None]:
    """Within the block, `Gazetteer.spans` also finds `names` (case and tone marks aside)."""
    pats = tuple(re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, fold(n).split())) + r"(?!\w)") for n in names)
    token = _OWN_NAMES.set(pats)
    try:
        yield
    finally:
        _OWN_NAMES.reset(token)


def own_names_in_force() -> tuple[re.Pattern[str], ...]:
    """The names `own_names` has set for the document being read (a cache key for what depends on them)."""
    return _OWN_NAMES.get()


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer(load("agencies")["names"])


def _phrases(key: str) -> list[str]:
    return sorted((ascii_fold(x) for x in load(key)), key=len, reverse=True)


@lru_cache(maxsize=1)
def _lex() -> dict[str, object]:
    lex = load("lexicon")
    ag = load("agencies")

    def alt_t(items: list[str]) -> re.Pattern[str]:
        # tone-exact word lists: "bộ" is not "bố", "vận" is not "vẫn"
        words = sorted({tnorm(x) for x in items}, key=len, reverse=True)
        return re.compile(r"(?:{})(?![\w])".format("|".join(re.escape(w) for w in words)))

    return {
        "predicate": alt_t(lex["predicate_starts"]),
        "nouns": alt_t(lex["noun_phrases"]),
        "heads": alt_t(ag["heads"]),
        "class": alt_t(ag["class_starts"]),
        "class_nouns": alt_t(ag["generic_nouns"] + ag["heads"]),
        "generic": alt_t(ag["generic_nouns"]),
        "stop": alt_t(lex["stop_words"]),
        "addressee": {tnorm(a) for a in lex["addressee_words"]},
        "roles": {tnorm(a) for a in lex["own_roles"]},
        "not_agency": alt_t(ag["not_agency"]),
        "main": alt_t(lex["main_predicates"]),
        "continues": alt_t(lex["name_continuations"]),
    }


def _phrases_from(items: list[str]) -> list[str]:
    return sorted({ascii_fold(x) for x in items}, key=len, reverse=True)


def _noun_spans(lx: dict, low: str, prev_start: int, pos: int) -> bool:
    """A noun phrase that began on the word before covers `pos` ("cơ quan chủ trì", "ban quản lý")."""
    m = lx["nouns"].match(low, prev_start)
    return bool(m) and m.end() > pos


def after_class_word(word: str) -> bool:
    return bool(word) and bool(_lex()["class"].fullmatch(tnorm(word)))


def is_predicate(text: str, pos: int, folded: str | None = None, low: str | None = None) -> bool:
    """A word opening the predicate at `pos`, unless it opens a noun ("tổ chức đảng")."""
    lx = _lex()
    folded = folded if folded is not None else ascii_fold(text)
    low = low if low is not None else tnorm(text)
    return bool(lx["predicate"].match(low, pos)) and not lx["nouns"].match(low, pos)


def _cap(word: str) -> bool:
    w = word.lstrip("(“\"'")
    return bool(w) and (w[0].isupper() or w[0].isdigit())


def starts_agency(text: str, pos: int, gaz: list[tuple[int, int]] | None = None) -> bool:
    """Whether a phrase naming a body starts at `pos` ("Bộ Nội vụ", "các cơ quan", "UBND xã", "Sở …")."""
    lx = _lex()
    rest = text[pos:].lstrip()
    off = pos + (len(text[pos:]) - len(rest))
    if not rest:
        return False
    if gaz and any(s == off for s, _ in gaz):
        return True
    low = tnorm(rest[:60])
    if low.startswith(_QUY) and len(rest) > 4:
        return starts_agency(rest, 4, None) or _cap(rest[4:])  # "Quý Ủy ban", "Quý cơ quan": the addressee
    if is_predicate(rest[:60], 0, low=low) or lx["not_agency"].match(low):
        return False
    m = lx["class"].match(low)
    if m:
        after = low[m.end() :].lstrip()
        if lx["not_agency"].match(after):
            return False  # "những trường hợp", "các hội nghị"
        return bool(lx["class_nouns"].match(after)) or after.startswith("đồng chí")
    if lx["heads"].match(low) and _cap(rest):
        return True
    return bool(
        re.match(r"(?:cơ quan|đơn vị|địa phương|cấp ủy|chủ đầu tư|nhà đầu tư|thủ trưởng|người đứng đầu|thường trực)\b",
                 low)
        or re.match(r"đồng chí\s+\S", low)  # "Giao đồng chí Bộ trưởng Bộ Xây dựng …"
    )


_QUY = tnorm("quý ")
_CLAUSE_END = re.compile(r"[.;:]")
_SCOPE_UNITS = frozenset(("xã", "phường", "tỉnh", "thành", "phố", "huyện", "quận", "đặc", "khu"))  # "từ xã Vĩnh Hậu"
_SCOPE = re.compile(r"từ\s+(\S+(?:\s+\S+){0,2}?)\s+đến\s+(\S+(?:\s+[A-ZĐ]\S*){0,2})")
# A name closed by its place: "… xã", "… tỉnh Quảng Ninh", "… cấp xã" (the capitalised words of the place).
_LOCALITY_END = re.compile(
    r"(?:^|\s)(?:xã|phường|tỉnh|huyện|quận|thị xã|thị trấn|thành phố|đặc khu|cấp xã|cấp tỉnh|cấp huyện)"
    rf"(?:\s+[{UPPER_LETTERS}][^\s]*)*$"  # capitals only: not the small "ủ" of "tỉnh ủy"
)
_PLURAL = re.compile(r"(?<!\w)(?:các|những|mọi)(?!\w)")  # a set of bodies, which a "có …" clause narrows
_LIST_NOUN_AFTER = re.compile(r"\s*(?:,|\s(?:được|và|có liên quan|liên quan|thuộc|các|trên|tại))")
_BARE_HEAD_WORDS = 3  # "Đơn vị", "Cán bộ", "Tổ công tác": a head that needs what follows it


def _main_predicate_ahead(text: str, low: str, s: int) -> int | None:
    """Where the main predicate starts after `s` in the same clause ("… được giao chủ trì X khẩn trương …").

    A role word right after "giao"/"được"/"phân công" belongs to the modifier, not to the predicate.
    """
    lx = _lex()
    stop = _CLAUSE_END.search(text, s)
    limit = stop.start() if stop else len(text)
    prev = ""
    for n, m in enumerate(_WORD.finditer(text, s, limit)):
        if n > 25:
            return None
        w = m.group(0)
        if n and w[:1].islower() and lx["main"].match(low, m.start()) and prev not in ("giao", "được", "công"):
            return m.start()
        prev = w.strip(",").lower()
    return None


def _place_closes_name(text: str, low: str, pos: int, s: int) -> int | None:
    """ "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh Ninh Bình khẩn trương …": a named
    body whose description holds a verb runs to its place when the main predicate follows the place and no
    other capitalised word stands between."""
    if not text[pos : pos + 1].isupper():
        return None
    ahead = _main_predicate_ahead(text, low, s)
    if ahead is None:
        return None
    stretch = text[s:ahead].rstrip(" ,")
    place = _LOCALITY_END.search(stretch)
    if not place or len(text[pos:ahead].split()) > 18:
        return None
    if any(w[:1].isupper() for w in stretch[: place.start()].split()):
        return None  # "Sở Xây dựng hướng dẫn Ủy ban nhân dân …": another body, not the name's description
    return ahead


def _verb_after_modifier(text: str, low: str, folded: str, s: int) -> int | None:
    """The main verb after a bare head's modifier, if no function word ("trong", "để", "sẽ") comes first."""
    lx = _lex()
    for o, e in verbs_after_modifier(text[s:]):
        at = s + o
        if any(lx["stop"].match(low, m.start()) for m in _WORD.finditer(text, s, at)):
            return None  # "Đoàn kiểm tra trong quá trình kiểm tra": the name ended at the function word
        nxt = _WORD.search(text, s + e)
        if nxt and lx["stop"].match(low, nxt.start()):
            continue  # "hội nghị ban lãnh đạo mở rộng để …": a verb before a function word qualifies the noun
        if is_predicate(text, at, folded, low):
            return at
    return None


def opens_with_function_word(text: str) -> bool:
    """ "về …", "để …", "đã …": a function word, which never opens a duty's verb."""
    return bool(_lex()["stop"].match(tnorm(text[:24])))


def _bare_head(phrase: str) -> bool:
    """A phrase that is only a generic head ("Đơn vị", "Các đơn vị", "Cán bộ"): it needs its modifier."""
    lx = _lex()
    low = tnorm(phrase.strip(" ,"))
    m = lx["class"].match(low)
    rest = low[m.end() :].strip() if m else low
    return len(rest.split()) <= _BARE_HEAD_WORDS and bool(lx["class_nouns"].fullmatch(rest))


def _honorific(text: str, pos: int) -> Phrase | None:
    """ "Quý Ủy ban", "Quý cơ quan": the letter's addressee, named by the honorific and its head noun only."""
    off = pos + len(text[pos:]) - len(text[pos:].lstrip())
    low = tnorm(text[off : off + 80])
    if not low.startswith(_QUY):
        return None
    lx = _lex()
    m = lx["heads"].match(low, len(_QUY)) or lx["generic"].match(low, len(_QUY))
    if not m:
        return None
    end = m.end()
    # "Quý cơ quan, đơn vị, địa phương": the honorific covers the nouns listed after its head
    while (c := re.match(r",\s*", low[end:])) and (g := lx["generic"].match(low, end + c.end())):
        end = g.end()
    return Phrase(start=pos, end=off + end, entries=(text[off : off + end],))


# "các Bộ: Công Thương, Ngoại giao …": a head whose bodies are listed by the rest of their names.
_LIST_COLON = re.compile(r"\b(Bộ|bộ|Sở|sở|Ban|ban)\s*:\s*")
_LIST_SEP = re.compile(r"\s*(?:,|\bvà\b)\s*")


def _whole_name(name: str) -> bool:
    return any(a == 0 and b == len(name) for a, b in gazetteer().spans(name))


def _listed_spans(text: str, pos: int) -> list[tuple[int, int]]:
    """Spans of the bodies a colon list names by the rest of their names ("Ngoại giao" of "các Bộ: …, Ngoại
    giao"): at each item the longest run of words that makes a known name with the head, so a verb
    ending one ("giao") is not read as the predicate."""
    m = _LIST_COLON.search(text, pos, pos + 40)
    if not m:
        return []
    head = m.group(1).capitalize()
    out: list[tuple[int, int]] = []
    at = m.end()
    while at < len(text) and text[at].isupper():
        words = list(re.finditer(r"[^\s,;.:]+", text[at : at + 80]))[:6]
        found = next((at + w.end() for w in reversed(words) if _whole_name(f"{head} {text[at : at + w.end()]}")), None)
        if found is None:
            comma = text.find(",", at, at + 80)
            if comma < 0:
                break
            at = comma + 1
        else:
            out.append((at, found))
            at = found
        sep = _LIST_SEP.match(text, at)
        if not sep or sep.end() == at:
            break
        at = sep.end()
    return out


def _only_head(lx: dict, before: str) -> bool:
    """Whether the words before are only a capitalised head noun of a body ("Ban", "Trung tâm", "Quỹ")."""
    return before[:1].isupper() and not before.isupper() and bool(lx["heads"].fullmatch(tnorm(before.strip())))


def read_phrase(
    text: str, pos: int, gaz: list[tuple[int, int]] | None = None, stop_colon: bool = True
) -> Phrase | None:
    """The agency phrase starting at `pos`, read up to the predicate; None when no body starts there."""
    if gaz is None:
        gaz = gazetteer().spans(text)
    if not starts_agency(text, pos, gaz):
        return None
    lx = _lex()
    quy = _honorific(text, pos)
    if quy:
        return quy
    # fold only the window a phrase can span, not the whole paragraph
    # folds are cached per text: the sentence is read from many positions
    folded = ascii_fold(text)
    low = tnorm(text)
    spans = [(s, e) for s, e in gaz if e > pos] + _listed_spans(text, pos)
    end = len(text)
    depth = 0
    words = 0
    first = True
    prev_word = ""
    recent: list[int] = []  # starts of the last words: a noun phrase may have begun there
    skip_to = -1
    for m in _WORD.finditer(text, pos):
        w = m.group(0)
        s = m.start()
        words += 1
        if words > _MAX_PHRASE_WORDS:
            return None
        if depth == 0 and not first and not any(a <= s < b for a, b in spans):
            lw = w.lstrip("(“\"'")
            scope = _SCOPE.match(text, s) if w == "từ" else None
            ends = f"{scope.group(1)} {scope.group(2)}".split() if scope else []
            named = [x for x in ends if x not in _SCOPE_UNITS]
            if named and all(x[:1].isupper() for x in named):
                skip_to = scope.end()  # "các tỉnh từ Quảng Trị đến Khánh Hòa": the scope is part of the name
            if s < skip_to:
                prev_word = w
                continue
            if (
                prev_word.endswith(",")
                and lx["class"].match(low, pos)
                and lx["generic"].match(low, s)
                and _LIST_NOUN_AFTER.match(low, lx["generic"].match(low, s).end())
            ):
                prev_word = w  # "các cơ quan, tổ chức được phân công": a noun of the list, not the verb
                recent.append(s)
                continue
            if (
                (w == "được" or (w == "có" and not lx["main"].match(low, s) and not lx["continues"].match(low, s)))
                and _PLURAL.search(low, pos, s)
            ):
                # "Ủy ban nhân dân các xã, phường có dự án đi qua chịu trách nhiệm …": which of them, then the duty
                ahead = _main_predicate_ahead(text, low, s)
                if ahead is not None:
                    end = ahead
                    break
            # a role needs no modifier ("người đứng đầu trực tiếp chỉ đạo"): the verb after it is the duty
            bare = lw[:1].islower() and _bare_head(text[pos:s]) and tnorm(text[pos:s].strip(" ,")) not in lx["roles"]
            if bare and (w == "được" or (is_predicate(text, s, folded, low) and not lx["class"].match(low, pos))):
                # "Các đơn vị được giao chủ trì … khẩn trương …", "Cán bộ phụ trách …": the head with its modifier
                ahead = _main_predicate_ahead(text, low, s)
                if ahead is None and w != "được" and not prev_word.endswith(",") and not lx["main"].match(low, s):
                    # "Đơn vị quản lý vận hành … rà soát": the first listed verb after the modifier's nouns
                    ahead = _verb_after_modifier(text, low, folded, s)
                if ahead is not None:
                    end = ahead
                    break
            if (
                lw[:1].islower()
                and w[:1] == lw[:1]  # a parenthesis after a name is dealt with below
                and spans
                and any(b == s - 1 or b == s for _, b in spans)
                and not lx["continues"].match(low, s)
                and not lx["class"].match(low, s)
            ):
                end = s  # a complete official name, then a lowercase word: the predicate ("Bộ Tài chính điều hành")
                break
            if (
                lw[:1].islower()
                and text[pos : pos + 1].isupper()  # a named body ("Ủy ban nhân dân xã"), not "các tỉnh ủy"
                and _LOCALITY_END.search(text[pos:s].rstrip())
                and not _bare_head(text[pos:s])
                and not lx["continues"].match(low, s)
                and not lx["class"].match(low, s)
                and not is_predicate(text, s, folded, low)  # the lexicon's verbs end it below, untagged
                and not lx["stop"].match(low, s)
                and verb_at(text, s)
            ):
                end = s  # "Ban Thường trực Ủy ban MTTQ xã triệu tập …": the place closes the name, a verb follows
                break
            if (
                lw[:1].islower()
                and lx["stop"].match(low, s)
                and not after_class_word(prev_word)
                and not lx["nouns"].match(low, s)
            ):
                end = s
                break
            pw = prev_word.strip(",;")
            # a capitalised verb ends a name only when it is two words ("Theo dõi"), never "Cần" of "Cần Thơ"
            pm = lx["predicate"].match(low, s) if lw[:1].isupper() else None
            capital_verb = (
                bool(pm)
                and " " in pm.group(0)
                and not (pw[:1].isupper() and lx["heads"].fullmatch(tnorm(pw)))
                and not _only_head(lx, text[pos:s])  # "Trung tâm Đổi mới sáng tạo": the name goes on
                and not prev_word.endswith((",", ":", ";"))  # "Các bộ: Tài chính, Xây dựng" lists names
                and prev_word not in ("và", "cùng")
            )
            if (
                (lw[:1].islower() or capital_verb)
                and is_predicate(text, s, folded, low)
                and not after_class_word(prev_word)
                and not any(_noun_spans(lx, low, st, s) for st in recent[-3:])
            ):
                end = _place_closes_name(text, low, pos, s) or s
                break
            if w.startswith(("(", "[")) and not re.match(r"\((?:cu|moi)\)", folded[s : s + 6]):
                # a parenthesis that narrows the assignee ("(nhất là các Bộ: …)") is left out
                pass
        depth += w.count("(") - w.count(")")
        if depth < 0:
            end = s
            break
        if depth == 0 and w.endswith(":") and stop_colon:
            nxt = text[m.end() :].lstrip()
            # "Ủy ban nhân dân các tỉnh, thành phố: Tuyên Quang, Đồng Nai …" names the places
            low_next = tnorm(nxt[:60])
            names = nxt[:1].isupper() and "," in nxt.split(".")[0][:80]
            if not (
                names
                and not is_predicate(nxt[:40], 0)
                and not lx["heads"].match(low_next)
                and not lx["stop"].match(low_next)
            ):
                end = m.end() - 1
                break
        if depth == 0 and w.endswith(";") and starts_agency(text, m.end(), gaz):
            pass  # "các cơ quan, đơn vị của Trung ương; các sở, ban, ngành …": one list
        elif (
            depth == 0
            and w.endswith((";", "."))
            and not re.fullmatch(r"(?:TP|Tp|tp|St|v\.v)\.", w)
            and not w.endswith(("...", "…"))
        ):
            end = m.end() - 1
            break
        first = False
        prev_word = w
        recent.append(m.start())
    phrase = text[pos:end]
    if len(phrase.split()) < 2 and not gaz and not phrase.strip().isupper():
        return None  # "Ban" alone before "chỉ đạo" is no body
    entries = split_entries(phrase, [(s - pos, e - pos) for s, e in gaz if s >= pos and e <= end])
    if not entries:
        return None
    return Phrase(start=pos, end=end, entries=tuple(entries))


def split_entries(phrase: str, gaz: list[tuple[int, int]]) -> list[str]:
    """Split "A, B và các C" into entries where a new body or a new "các" starts."""
    lx = _lex()
    phrase = re.sub(r"\s*\([^()]*\)\s*(?=\S|$)", lambda m: " " if _narrowing(m.group(0)) else m.group(0), phrase)
    phrase = phrase.strip(" ,;:")
    folded = tnorm(phrase)
    inside = [False] * (len(phrase) + 1)
    for s, e in gaz:
        for i in range(max(0, s), min(len(phrase), e)):
            inside[i] = True
    cuts = [0]
    class_entry = bool(lx["class"].match(folded))
    upper = phrase.isupper()  # a heading in capitals: every word is capitalised, names are not told by it
    for m in re.finditer(r",\s+|\s+và\s+|;\s+|\s+cùng\s+", phrase):
        nxt = m.end()
        if inside[m.start()] or nxt >= len(phrase):
            continue
        f = folded[nxt:]
        word = phrase[nxt:].split(" ", 1)[0]
        new = False
        if lx["class"].match(f):
            new = True
        elif any(s == nxt for s, _ in gaz) and not class_entry:
            new = True
        elif any(s == nxt for s, _ in gaz) and class_entry and _cap(word) and not _title(f):
            new = True
        elif not class_entry and lx["heads"].match(f) and (not lx["generic"].match(f) if upper else _cap(word)):
            new = True
        elif lx["heads"].match(f) and re.match(r"\S+(?:\s+\S+)?\s+các\b", f) and not _cap(word):
            new = True
        if new:
            cuts.append(nxt)
            class_entry = bool(lx["class"].match(f))
    cuts.append(len(phrase) + 2)
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        seg = phrase[a:b]
        seg = re.sub(r"^(?:và|cùng)\s+", "", seg.strip())
        seg = re.sub(r"(?:,|;|\s+và|\s+cùng)$", "", seg.strip()).strip(" ,;:").rstrip(".…").strip()
        if seg:
            out.append(seg)
    return out


def _title(f: str) -> bool:
    return bool(re.match(r"(?:bộ trưởng|thủ trưởng|chủ tịch|bí thư|giám đốc|trưởng ban|phó )", f))


def _narrowing(paren: str) -> bool:
    """A parenthesis left out of an assignee: one that narrows or lists members, not a short alias."""
    f = ascii_fold(paren)
    if re.search(r"\((?:\s*)(?:nhat la|trong do|gom|bao gom|doi voi|neu co|truc tiep la|qua)\b", f):
        return True
    return "," in paren or ":" in paren or len(paren.split()) > 5


def own_roles() -> set[str]:
    """The role words complete without a modifier ("người đứng đầu", "lãnh đạo"), folded."""
    return _lex()["roles"]


def is_own_role(entries: tuple[str, ...] | list[str]) -> bool:
    """True for a lone "người đứng đầu", "thủ trưởng": the role of bodies named before, not a new lead."""
    return len(entries) == 1 and tnorm(entries[0]).strip() in _lex()["roles"]


def is_addressee_word(entries: tuple[str, ...] | list[str]) -> bool:
    """True for "Đồng chí", "các đồng chí": words that stand for the "Kính gửi" addressees."""
    if len(entries) != 1:
        return False
    e = tnorm(entries[0]).strip()
    return e in _lex()["addressee"] or e.startswith(_QUY)  # the honorific names whom the letter is to


def predicate_at(text: str, pos: int) -> bool:
    return bool(_lex()["predicate"].match(ascii_fold(text), pos))


def is_generic_head(entry: str) -> bool:
    """ "Các cơ quan", "Cơ quan chủ trì", "Đơn vị": a generic noun, not followed by a capitalised name."""
    lx = _lex()
    low = tnorm(entry)
    m = lx["class"].match(low)
    at = m.end() if m else 0
    at += len(low[at:]) - len(low[at:].lstrip())
    g = lx["generic"].match(low, at)
    if not g:
        return False
    nxt = entry[g.end() :].split()
    return not nxt or not _cap(nxt[0])


def has_main_predicate(text: str) -> bool:
    """Whether a word that surely opens a duty ("có trách nhiệm", "chủ trì", "khẩn trương") starts a word of `text`."""
    main, low = _lex()["main"], tnorm(text)
    return any(main.match(low, m.start()) for m in re.finditer(r"(?<!\S)\S", low))
