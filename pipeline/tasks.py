"""Clause tree → task rows: who must do what by when, inheriting assignees and deadlines down the tree.

A sentence names its assignee after a request verb ("Giao Bộ Nội vụ chủ trì …"), as its subject ("Bộ
Tài chính khẩn trương …", also after a condition: "Trường hợp …, các cấp ủy chủ động …"), or not at
all, when it inherits from its heading or introducing clause, and at last from "Kính gửi" (implicit).
"""

from __future__ import annotations

import bisect
import copy
import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from itertools import islice

from pipeline import content
from pipeline import deadlines as dl
from pipeline.agencies import (
    Phrase,
    gazetteer,
    has_main_predicate,
    is_addressee_word,
    is_generic_head,
    is_own_role,
    is_predicate,
    opens_with_function_word,
    own_roles,
    read_phrase,
    split_entries,
    starts_agency,
)
from pipeline.model import Clause, Header
from pipeline.pos import verb_at, verb_opens
from pipeline.resources import load
from pipeline.textutil import UPPER_LETTERS, ascii_fold, is_upper_line, tnorm


@dataclass
class Ctx:
    assignees: tuple[str, ...] = ()
    implicit: bool = False
    coordinators: tuple[str, ...] = ()
    deadline: dl.Deadline | None = None
    cycle: str | None = None  # the frequency of a report named by its period ("Báo cáo 6 tháng: …")


@dataclass
class Row:
    clause: Clause
    assignees: tuple[str, ...]
    implicit: bool
    coordinators: tuple[str, ...]
    text: str
    deadline: dl.Deadline | None = None
    explicit: bool = False  # the assignee is named in this row's own text
    extra: dict = field(default_factory=dict)


@dataclass
class Parsed:
    entries: tuple[str, ...] | None
    task_start: int
    finding: bool = False
    preamble: bool = False
    request: bool = False  # named after "giao", "yêu cầu", "đề nghị"
    conditional_duty: bool = False  # a condition, then a duty with no subject of its own


def _alt(items: list[str]) -> re.Pattern[str]:
    words = sorted({ascii_fold(x) for x in items}, key=len, reverse=True)
    return re.compile(r"(?:{})\b".format("|".join(re.escape(w) for w in words)))


@lru_cache(maxsize=1)
def _lex() -> dict:
    lex = load("lexicon")
    fields = {role: _alt(words) for role, words in lex["fields"].items()}
    return {
        "request": re.compile(r"(?<![\w])(?:{})\s+".format(_alt(lex["request_verbs"]).pattern)),
        "duty_heading": re.compile(r"(?:{})\s+".format(_alt(lex["duty_headings"]).pattern)),
        "finding": _alt(lex["finding_starts"]),
        "oversight": re.compile(_alt(lex["oversight_verbs"]).pattern + r"\s*,\s*$"),
        "section_starts": tuple(ascii_fold(w) for w in lex["non_task_section_starts"]),
        "announcing": _alt(lex["announcing_verbs"]),
        "preamble": _PREAMBLE,
        "sections": {ascii_fold(s) for s in lex["non_task_sections"]},
        "fields": fields,
        "predicate": _alt(lex["predicate_starts"]),
    }


_DOC_WORDS = (
    r"(?:cac\s+)?(?:ket\s+luan|nghi\s+quyet|chi\s+thi|cong\s+van|quyet\s+dinh|ke\s+hoach|thong\s+bao"
    r"|huong\s+dan|chuong\s+trinh|y\s+kien|chi\s+dao|luat|nghi\s+dinh|van\s+ban|cong\s+dien|quy\s+dinh)"
)
# "Nếu …", and "(Trong) quá trình thực hiện(,) nếu …": the closing formula of most directives
_IF = re.compile(r"\W*(?:(?:trong\s+)?qua\s+trinh\s[^,;:]{0,60}?,?\s*)?(?:neu|khi|(?:trong\s+)?truong\s+hop)\s")
_THEN = re.compile(r"\s+thi\s+")
_AGENT = re.compile(r"\s+do\s+(?=\S)")
_RIGHT = re.compile(r"\bco\s+quyen$")
_OBLIGATION = re.compile(r"(?:phai|co\s+trach\s+nhiem|chiu\s+trach\s+nhiem)\b")
_MANNER = re.compile(r"(?:tren|voi|theo)\s+tinh\s+than\b")
_CONDITION = re.compile(
    r"(?:truong\s+hop|thuc\s+hien\s+" + _DOC_WORDS + r"|de\s|nham\s|tren\s+co\s+so|can\s+cu|khi\s|sau\s+khi"
    r"|trong\s+qua\s+trinh|qua\s+trinh|doi\s+voi|tai\s+(?:phien|cuoc|hoi\s+nghi|buoi)|theo\s+(?:de\s+nghi|do\b)"
    r"|ngay\s+\d|tiep\s+theo|ngoai\s+ra|dong\s+thoi|mat\s+khac|truoc\s+mat|thoi\s+gian\s+qua|vua\s+qua"
    r"|trong\s+do\s*,)"
)
_PREAMBLE = re.compile(
    r"(?:thuc\s+hien\s+"
    + _DOC_WORDS
    + r"|xet\s+(?:bao\s+cao|de\s+nghi|de\s+xuat|to\s+trinh)|can\s+cu|tai\s+(?:phien|cuoc|hoi\s+nghi|buoi)"
    r"|sau\s+khi\s+nghe|theo\s+de\s+nghi|ngay\s+\d|thoi\s+gian\s+qua|vua\s+qua|theo\s+do\b"
    r"|tuy\s+nhien|ben\s+canh\s+do|nham\s|de\s"
    r"|(?:tham|cung)\s+du\b|du\s+hop\s+co)"  # "Tham dự buổi làm việc có: …": who attended
)
_NARRATIVE = re.compile(
    r"(?:ngay\s+\d|tai\s+(?:phien|cuoc|hoi\s+nghi|buoi)|thoi\s+gian\s+qua|vua\s+qua|sau\s+khi\s+nghe"
    r"|theo\s+do\b|tuy\s+nhien|ben\s+canh\s+do)"
)
_PARTNER = re.compile(r"phoi\s+hop(?:\s+chat\s+che)?(?:\s+voi|\s+cung)?\s+", re.IGNORECASE)
_CLOSING_PAREN = re.compile(r"\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*[.;]?\s*$")
_ABBREV_BEFORE_DOT = re.compile(r"(?:TP|Tp|tp|TS|ThS|PGS|GS|St|Q|P|TX|TT|v\.v)$")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; a sentence ends at ". " (or "; ") before a capital letter or an opening bracket."""
    spans, start = [], 0
    for m in re.finditer(r"([.;!?])\s+(?=[\"“(]?[^\W\d_])", text):
        nxt = text[m.end() : m.end() + 2].lstrip('"“(')
        if not nxt or not nxt[0].isupper():
            continue
        before = text[start : m.start()].rsplit(" ", 1)[-1]
        if m.group(1) == "." and _ABBREV_BEFORE_DOT.search(before):
            continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _semicolon_parts(text: str) -> list[tuple[int, int]]:
    """Spans split at "; " (the parts a new subject may start)."""
    spans, start = [], 0
    for m in re.finditer(r";\s+", text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _predicate_after(text: str, pos: int) -> bool:
    rest = text[pos:].lstrip(" ,:")
    if not rest:
        return False
    f = ascii_fold(rest[:60])
    if is_predicate(rest[:60], 0, f) or re.match(r"(?:co\s|phai\s|can\s)", f):
        return True
    # a verb the lexicon does not list ("điều hành"); the tagger is not woken for a function word
    if not rest[:1].islower() or opens_with_function_word(rest):
        return False
    # tagged in context: alone "triệu tập hội nghị" reads as a noun, after its subject as the verb it is
    return verb_opens(rest) or verb_at(text, len(text) - len(rest))


def _after_phrase(text: str, end: int) -> int:
    i = end
    while i < len(text) and text[i] in " :,":
        i += 1
    return i


# "… ban hành Kế hoạch … như sau:", "… ban hành kèm theo Quyết định này": the issuer introduces its text
_INTRODUCES = re.compile(r"(?:nhu\s+sau|sau\s+day|cu\s+the)\s*:?\s*$|\bnay\b|:\s*$")


def parse_sentence(s: str, gaz: list[tuple[int, int]] | None = None) -> Parsed:
    """Who the sentence names and where its duty starts."""
    lx = _lex()
    f = ascii_fold(s)
    if gaz is None:
        gaz = gazetteer().spans(s)
    # 1. a request verb followed by the agencies
    for m in lx["request"].finditer(f):
        if re.search(r"(?:duoc|da|nhiem\s+vu|theo|cua|hoac)\s+$", f[max(0, m.start() - 15) : m.start()]):
            continue  # "xử lý theo thẩm quyền hoặc đề nghị cơ quan có thẩm quyền …" is the duty's own verb
        if lx["oversight"].search(f[max(0, m.start() - 20) : m.start()]):
            continue  # "hướng dẫn, đôn đốc, yêu cầu các đơn vị …": the sentence's own body asks
        ph = read_phrase(s, m.end(), gaz)
        if ph:
            ph = _colon_list(s, ph)
            return Parsed(entries=ph.entries, task_start=_after_phrase(s, ph.end), request=True)
    lead = f.lstrip(" -")
    if lx["finding"].match(lead) and (not lead.startswith("ban hanh") or _INTRODUCES.search(lead)):
        return Parsed(entries=None, task_start=0, finding=True)  # "- Ban hành kế hoạch cụ thể …" is a duty

    def finding_at(pos: int) -> bool:
        # "Bộ Chính trị, Ban Bí thư (tiếp tục) ghi nhận …"; "Thủ tướng Chính phủ yêu cầu:" — the issuer speaks
        rest = f[pos:]
        if re.match(r"(?:yeu\s+cau|de\s+nghi|chi\s+dao|giao)\s*:", rest):
            return True
        m = re.match(r"(?:(?:tiep\s+tuc|cung|da|rat|dac\s+biet)\s+)*" + lx["finding"].pattern, rest)
        if m and rest.startswith("ban hanh"):
            # "UBND tỉnh ban hành Kế hoạch … như sau:" introduces the text; "Bộ Y tế ban hành hướng dẫn …" is a duty
            return bool(_INTRODUCES.search(rest))
        return bool(m)

    then = _consequent(s, f, gaz)
    if then:
        return then
    topic = re.match(r"\W*(?:ve|doi\s+voi)\s[^:;]{2,160}:\s*", f)
    if topic:
        # "Về việc thỏa thuận giao cắt tuyến ống: Ủy ban nhân dân Thành phố … xử lý dứt điểm …"
        inner = parse_sentence(s[topic.end() :])
        if inner.entries or inner.finding:
            return replace(inner, task_start=inner.task_start + topic.end())
    topic = re.match(r"[^:;.]{6,120}:\s+(?=[A-ZĐ])", s)
    if topic and not read_phrase(s, 0, gaz):
        # "- Dự án Nhà ở xã hội tại phường Long Bình: Sở Tư pháp chủ trì, …": the project, then its lead
        inner = parse_sentence(s[topic.end() :])
        if inner.entries and not inner.finding:
            return replace(inner, task_start=inner.task_start + topic.end())
    conditional = bool(_CONDITION.match(f) or lx["preamble"].match(f))
    # 2. the subject opens the sentence ("Đối với X, …" too)
    start = 0
    m = re.match(r"\W*(?:doi\s+voi|rieng)\s+", f)
    if m:
        start = m.end()
    ph = read_phrase(s, start, gaz) if (start or not conditional) else None
    if ph:
        ph = _colon_list(s, ph)
        after = _after_phrase(s, ph.end)
        if finding_at(after):
            return Parsed(entries=None, task_start=0, finding=True)
        if _predicate_after(s, ph.end) or s[ph.end : ph.end + 1] == ":":
            return Parsed(entries=ph.entries, task_start=after)
        if _ROLE_IS.match(f, after) and has_main_predicate(s[after:]):
            # "Sở Văn hóa … là cơ quan thường trực, có trách nhiệm hướng dẫn …": the role, then its duty
            return Parsed(entries=ph.entries, task_start=after)
        if _MANNER.match(f, after) and has_main_predicate(s[after:]):
            # "các bộ, ngành, địa phương trên tinh thần “…”, … chủ động giải quyết …": the manner, then the duty
            return Parsed(entries=ph.entries, task_start=after)
        if after >= len(s.rstrip(" .;:")):
            return Parsed(entries=ph.entries, task_start=len(s))  # a heading naming agencies
        return Parsed(entries=None, task_start=0, finding=True)  # a statement about a body
    # 3. a condition or purpose, then the subject after a comma
    if conditional and _NARRATIVE.match(f):
        return Parsed(entries=None, task_start=0, preamble=True)
    if conditional:
        weak: Parsed | None = None
        for c in re.finditer(r",\s+", s):
            if c.start() > len(s) * 0.8:
                break
            at = c.end()
            ph = read_phrase(s, at, gaz)
            if ph and (_predicate_after(s, ph.end)):
                after = _after_phrase(s, ph.end)
                if finding_at(after):
                    return Parsed(entries=None, task_start=0, finding=True)
                found = Parsed(entries=ph.entries, task_start=after)
                # "…của các cơ quan, đơn vị, Sở Tài chính tổng hợp": a named body or "các …" beats a bare noun
                if s[at].isupper() or re.match(r"(?:các|những|mỗi|từng)\b", s[at:].lower()):
                    return found
                weak = weak or found
        if weak:
            return weak
        # no subject: under an item the sentence is still a duty ("Căn cứ Kế hoạch, …, xây dựng kế hoạch …")
        duty = any(is_predicate(s, c.end()) for c in re.finditer(r",\s+", s))
        return Parsed(entries=None, task_start=0, preamble=True, conditional_duty=duty)
    return Parsed(entries=None, task_start=0)


_LIST_HEAD = re.compile(r"cac\s+(?:bo|so|ban|bo,\s*nganh|tinh|thanh\s+pho|dia\s+phuong|tap\s+doan|tong\s+cong\s+ty)$")
_LIST_WORD = re.compile(r"\S+")


def _colon_list(s: str, ph: Phrase) -> Phrase:
    """"các Bộ: Công an, Tài chính, Nông nghiệp và Môi trường có ý kiến …": the bodies listed after the head's
    colon are part of its one entry (they share its "các"), up to the predicate."""
    colon = re.match(r"\s*:\s*", s[ph.end :])
    if not colon or not ph.entries or not _LIST_HEAD.search(ascii_fold(ph.entries[-1]).strip()):
        return ph
    start = ph.end + colon.end()
    if not s[start : start + 1].isupper():
        return ph
    end = None
    for w in _LIST_WORD.finditer(s, start):
        rest = s[w.start() : w.start() + 60]
        if w.group()[:1].islower() and (is_predicate(rest, 0) or re.match(r"(?:co|phai|can)\s", ascii_fold(rest))):
            end = w.start()
            break
        if w.group().endswith((".", ";", ":")):
            return ph  # the list never reaches a predicate: not a subject
    if end is None:
        return ph
    entry = ph.entries[-1] + s[ph.end : end].rstrip(" ,")
    return replace(ph, end=len(s[:end].rstrip(" ,")), entries=(*ph.entries[:-1], entry))


def _consequent(s: str, f: str, gaz: list[tuple[int, int]]) -> Parsed | None:
    """"Nếu …/Trường hợp … thì X <duty>": the subject of the consequent, or its agent after "do" ("… thì việc
    tổ chức hội nghị do Ban lãnh đạo cơ quan triệu tập")."""
    then = _THEN.search(f) if _IF.match(f) else None
    if not then or ":" in f[: then.start()]:
        return None  # "Nếu liên quan đến hồ sơ: Chuyển ngay …" is a case, read as one
    agent = _AGENT.search(f, then.end())
    for at in (then.end(), *([agent.end()] if agent else [])):
        ph = read_phrase(s, at, gaz)
        if ph and not _RIGHT.search(ascii_fold(ph.entries[-1])) and _predicate_after(s, ph.end):
            return Parsed(entries=ph.entries, task_start=_after_phrase(s, ph.end))
    return None


def coordinators(text: str, gaz: list[tuple[int, int]] | None = None) -> tuple[str, ...]:
    """Agencies named after "phối hợp (với)"."""
    out: list[str] = []
    f = ascii_fold(text)
    for m in _PARTNER.finditer(f):
        ph = read_phrase(text, m.end(), gaz)
        if ph:
            out.extend(e for e in ph.entries if e not in out)
    return tuple(out)


def _strip_closing_deadline(text: str, base: date | None) -> tuple[str, dl.Deadline | None]:
    """Cut a closing "(hoàn thành trước ngày …)" off the task text; return it as the deadline."""
    m = _CLOSING_PAREN.search(text)
    if m:
        cands = dl.find_deadlines(m.group(1), base)
        best = dl.pick(cands)
        if best and (best.date or best.recurrence):
            return text[: m.start()].rstrip() + ("." if text.rstrip().endswith(".") else ""), best
    return text, None


def _closes_with_deadline(text: str, base: date | None) -> bool:
    t = text.rstrip(" .;")
    if _CLOSING_PAREN.search(text) and _strip_closing_deadline(text, base)[1]:
        return True
    cands = dl.find_deadlines(t, base)
    return bool(cands) and cands[-1].end >= len(t) - 2 and cands[-1].strength >= dl.PREP


def _clean_task(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,;:-")


def _deadline(text: str, base: date | None) -> dl.Deadline | None:
    cands = dl.find_deadlines(text, base)
    firm = dl.pick([c for c in cands if c.strength > dl.BARE or c.recurrence])
    # a vague period ("đầu tháng 11/2025") gives no date but keeps its words
    return firm or dl.pick([c for c in cands if c.strength == dl.VAGUE])


_FIRM_START = re.compile(r"(?:truoc|cham\s+nhat|han\s+chot|den\s+het\s+ngay)\b")


def binds_items(d: dl.Deadline | None, duty: bool = False) -> bool:
    """Whether a deadline in a heading or an introducing clause is the deadline of the items below it.

    Only a deadline the clause sets for its duties binds them: one with a lead-in ("hoàn thành trong năm
    2025", "phải xong trước …"), a firm limit ("trước ngày 31/8/2025", "chậm nhất …") or a cycle ("hằng
    tháng"), or any period of a heading that is itself a duty ("1. Hoàn thành … trong năm 2025", `duty`).
    A period that frames a plan or section ("năm 2026", "giai đoạn 2026 - 2030", "đến cuối năm 2025",
    "trong mùa mưa năm 2026") says when the work happens, not when each item is due.
    """
    if d is None or not (d.date or d.recurrence):
        return False
    if duty and d.strength >= dl.PREP:
        return True
    return d.strength >= dl.LEAD or bool(d.recurrence) or bool(_FIRM_START.match(ascii_fold(d.text)))


_PHASE_WORDS = re.compile(
    r"(?:dot|giai\s+doan|buoc|ky|thoi\s+gian(?:\s+thuc\s+hien)?|tu|den|thang|ngay|nam|quy|\d+|[ivx]+"
    r"|nay|mot|hai|ba|bon|sau|bay|tam|chin|muoi)\b"
)


def _phase_heading(text: str, d: dl.Deadline | None) -> bool:
    """A heading that is only a phase and its period ("Đợt 1: Trong tháng 12/2025"): its items are due then."""
    if d is None or not d.date:
        return False
    if _PHASE_LABEL.match(ascii_fold(text[: d.start])):
        return True  # "Giai đoạn 1 (từ ngày 05/5 đến ngày 31/5/2027): tuyên truyền, khảo sát …"
    rest = ascii_fold(text[: d.start] + " " + text[d.end :])
    return not re.sub(r"\s+", " ", _PHASE_WORDS.sub(" ", re.sub(r"[\W_]+", " ", rest))).strip()


_PHASE_LABEL = re.compile(r"\W*(?:dot|giai\s+doan|buoc)\s+(?:\d{1,2}|[ivx]+|mot|hai|ba|bon|nam)\W*(?:tu\s+)?$")


def rows_of_text(clause: Clause, text: str, ctx: Ctx, base: date | None) -> tuple[list[Row], Ctx | None]:
    """Rows of one clause's own text, and the context it sets for what it introduces."""
    rows: list[Row] = []

    def start(assignees: tuple[str, ...], implicit: bool, text: str, explicit: bool) -> Row:
        row = Row(clause=clause, assignees=assignees, implicit=implicit, coordinators=(), text=text, explicit=explicit)
        rows.append(row)
        return row

    cur: Row | None = None
    intro_ctx: Ctx | None = None
    gaz_all = gazetteer().spans(text)
    gaz_starts = [s for s, _ in gaz_all]
    last_sentence, told = -1, False  # where the last sentence starts, and whether it only states something
    listing = False  # the sentence opened as a preamble listing who attended
    for a, b in _sentences(text):
        last_sentence = a
        sent = text[a:b]
        parts = _semicolon_parts(sent)
        for pa, pb in parts:
            piece = sent[pa:pb]
            lo = bisect.bisect_left(gaz_starts, a + pa)  # spans are sorted: no scan of the whole paragraph
            hi = bisect.bisect_right(gaz_starts, a + pb)
            gaz = [(s - a - pa, e - a - pa) for s, e in gaz_all[lo:hi] if e <= a + pb]
            p = parse_sentence(piece, gaz)
            if pa == 0 and not (listing and text[a:b].rstrip().endswith(";")):
                # "Tham dự buổi làm việc có: lãnh đạo các Sở …; Công an tỉnh; …": the parts after ";" go on listing
                listing = p.preamble and not p.entries and not p.request and ":" in piece
            elif listing and not p.request:
                continue
            told = p.finding  # the last sentence states something ("… đã kết luận như sau:"), it assigns nothing
            if (
                pa > 0
                and p.entries
                and not p.request
                and not _predicate_after(piece, p.task_start - 1 if p.task_start else 0)
                and p.task_start >= len(piece.rstrip(" .;:"))
            ):
                p = Parsed(entries=None, task_start=0)  # "…; các quy chế, quy trình …" lists, not a subject
            new_subject = bool(p.entries) and not is_addressee_word(p.entries)
            addressee = bool(p.entries) and is_addressee_word(p.entries)
            if cur is not None and pa > 0 and (not p.entries or is_own_role(p.entries)):
                cur.text += " " + piece  # the rest of the sentence after ";" ("…; người đứng đầu trực tiếp …")
                continue
            if not p.entries and cur is not None and (p.preamble or p.finding is False):
                if pa == 0 and not p.preamble and _closes_with_deadline(cur.text, base):
                    # a deadline closed the sentence before: this sentence is a duty of its own
                    cur = start(cur.assignees, cur.implicit, piece, cur.explicit)
                    continue
                if not p.finding:
                    cur.text += " " + piece
                    continue
            if pa > 0 and not p.entries:
                continue
            if p.preamble and p.conditional_duty and ctx.assignees and not p.entries:
                cur = start(ctx.assignees, ctx.implicit, piece, False)
                continue
            if p.finding or (p.preamble and not p.entries):
                cur = None
                continue
            task = piece[p.task_start :]
            lead_in = piece[: p.task_start]
            if (
                new_subject
                and cur is not None
                and cur.explicit
                and not cur.text.strip(" ;,")
                # across sentences only when the one before was just the list ("Thủ trưởng các Sở, ban, ngành;")
                and (pa > 0 or cur.extra.get("lead_in", "").lstrip().startswith(cur.assignees[0]))
            ):
                # "đề nghị các cơ quan …; các sở, ban, ngành … treo cờ": one list of agencies across ";"
                cur.assignees = cur.assignees + tuple(e for e in p.entries if e not in cur.assignees)
                cur.text = task
            elif new_subject:
                cur = start(p.entries, False, task, True)
                cur.extra["lead_in"] = lead_in
                cur.extra["sentence"] = a
            elif addressee:
                cur = start((), True, task, False)
                cur.extra["addressee"] = True
            else:
                cur = start(ctx.assignees, ctx.implicit, task, False)
    period = report_cycle(text) or ctx.cycle
    for r in rows:
        r.text, closing = _strip_closing_deadline(r.text.strip(), base)
        # a deadline may stand before the subject ("Hằng năm hoặc đột xuất, các bộ …")
        inner = _deadline(r.text, base)
        # "… trước 15 giờ ngày thứ Sáu hằng tuần (từ tháng 3 đến tháng 5/2026)": the window frames the cycle
        cycle = inner is not None and inner.recurrence and re.search(r"BY(?:MONTH)?DAY", inner.recurrence)
        r.deadline = inner if cycle and closing is not None and not closing.recurrence else closing or inner
        r.extra["own_deadline"] = r.deadline is not None
        if r.deadline is None:
            # before the subject only a cycle ("Hằng năm hoặc đột xuất, các bộ …") or a target the sentence sets
            # ("Để …, phấn đấu hoàn thành trước ngày 30/11/2025, yêu cầu …") counts, not a narrative date
            pre = _deadline(r.extra.get("lead_in", ""), base)
            r.deadline = pre if pre and (pre.recurrence or pre.strength >= dl.LEAD) else ctx.deadline
        if period and r.deadline is not None and r.extra["own_deadline"]:
            r.deadline = dl.in_cycle(r.deadline, period)
        r.extra["closing"] = closing is not None
        r.coordinators = coordinators(r.text) or ctx.coordinators
        r.text = _clean_task(r.text)
    if rows and _announces(rows[-1], text):
        rows.pop()  # "X hướng dẫn quy trình … như sau:": what follows is the text, not X's duties
        return [r for r in rows if r.text], replace(ctx, deadline=ctx.deadline)
    earlier = bool(rows) and rows[-1].explicit and rows[-1].extra.get("sentence") != last_sentence
    if told and earlier and text.rstrip().endswith(":"):
        # "Ban Tổ chức nhận được 16 tham luận. … Đồng chí Chánh Văn phòng kết luận như sau:": the body an
        # earlier sentence told of does not lead what the last one introduces
        return [r for r in rows if r.text], ctx
    if rows:
        last = rows[-1]
        intro_ctx = Ctx(
            assignees=last.assignees if last.explicit else ctx.assignees,
            implicit=last.implicit if last.explicit else ctx.implicit,
            coordinators=last.coordinators or ctx.coordinators,
            deadline=(last.deadline if binds_items(last.deadline, is_predicate(last.text, 0)) else None)
            or ctx.deadline,
            cycle=period,
        )
        if last.extra.get("addressee"):
            intro_ctx = replace(intro_ctx, assignees=(), implicit=True)
    return [r for r in rows if r.text], intro_ctx


@lru_cache(maxsize=1)
def _report_periods() -> tuple[re.Pattern[str], dict[str, str]]:
    periods = {ascii_fold(k): v for k, v in load("lexicon")["report_periods"].items()}
    words = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(periods, key=len, reverse=True))
    return re.compile(rf"\W*bao\s+cao(?:\s+(?:dinh\s+ky|so\s+ket|tong\s+ket))?\s+({words})\s*:"), periods


def report_cycle(text: str) -> str | None:
    """The frequency of a report its text names by period ("Báo cáo 6 tháng: …" → YEARLY), else None."""
    pat, periods = _report_periods()
    m = pat.match(ascii_fold(text[:60]))  # the label opens the text: fold no more of it
    return periods[re.sub(r"\s+", " ", m.group(1))] if m else None


_AS_FOLLOWS = re.compile(r"(?:nhu|sau)\s+(?:sau|day)\W*$")


def _announces(r: Row, text: str) -> bool:
    """Whether the row is the issuer announcing the text below it ("… hướng dẫn … như sau:")."""
    return (
        r.explicit
        and bool(_AS_FOLLOWS.search(ascii_fold(text.rstrip())))
        and bool(_lex()["announcing"].match(ascii_fold(r.text.lstrip())))
    )


def _heading_agencies(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(assignees, coordinators) named by a heading ("4. Giao Đảng ủy Quốc hội chủ trì, phối hợp với …:")."""
    t = text.strip(" :*")
    f = ascii_fold(t)
    m = _lex()["request"].match(f) or _lex()["duty_heading"].match(f)
    pos = m.end() if m else 0
    gaz = gazetteer().spans(t)
    ph = read_phrase(t, pos, gaz, stop_colon=True)
    if not ph:
        return _role_of_body(t, gaz), ()
    body = None if m else body_line(t, ph.entries, t[ph.end :], gaz)
    if body:
        return (body,), ()
    return ph.entries, coordinators(t[ph.end :], None)


_MAX_BODY_WORDS = 16
# "6. Các đảng ủy xã, phường lãnh đạo, chỉ đạo ủy ban nhân dân cùng cấp:": the Party's directing duty, no modifier
_DIRECTS = re.compile(r"lanh\s+dao\s*,\s*chi\s+dao\b")
_NARROWS = re.compile(r"\W*(?:duoc\s+(?:giao|phan\s+cong|cap|uy\s+quyen)|co\s+(?:lien\s+quan|du\s+an))\b")


def _role_of_body(t: str, gaz: list[tuple[int, int]]) -> tuple[str, ...]:
    """ "n) Lãnh đạo Ban Dân nguyện" over bullets: a role ("lãnh đạo" reads as a verb) of the named body
    that fills the rest of the heading is the lead."""
    low = tnorm(t)
    for role in own_roles():
        if low.startswith(role + " "):
            ph = read_phrase(t, len(role) + 1, gaz)
            if ph and ph.end >= len(t.rstrip(" .")):
                return (t,)
    return ()


def body_line(text: str, entries: tuple[str, ...], rest: str, gaz: list[tuple[int, int]]) -> str | None:
    """The whole line when a heading over items names only a body with its modifier ("1. Các cơ quan đăng ký
    đầu tư (Sở Tài chính, …):", "3. Cơ quan chủ trì giải quyết thủ tục đầu tư dự án"): the phrase reader stops
    at the modifier's verb, but with no duty in the line nothing else can be its predicate."""
    line = re.sub(r"\s*\([^()]*\)", "", text).strip(" :;,")
    rest = re.sub(r"\s*\([^()]*\)", "", rest).strip(" :;,")
    # a line that closes with ":" over its items may name a body however long ("4. Đơn vị quản lý vận hành …:"),
    # if its modifier lists nothing ("… lãnh đạo, chỉ đạo thực hiện …:" is a duty)
    # or if it narrows a set of bodies by what they were given ("… doanh nghiệp được giao quản lý, sử dụng …")
    long_name = (text.rstrip(" *").endswith(":") and "," not in rest) or bool(_NARROWS.match(ascii_fold(rest)))
    most = _MAX_BODY_WORDS * 3 if long_name else _MAX_BODY_WORDS
    if len(entries) != 1 or not rest or rest.endswith(".") or len(line.split()) > most:
        return None
    if any(s < len(entries[0]) < e for s, e in gaz) or not is_generic_head(entries[0]):
        return None  # "Sở Tư pháp thẩm định …": a named body, then its duty
    low = ascii_fold(rest)
    asks = [m for m in _lex()["request"].finditer(low + " ") if not low[: m.start()].endswith("duoc ")]
    if asks or _PARTNER.search(low) or re.search(r"[;:]", rest):  # "được giao …" is a modifier, not a request
        return None
    if re.search(r"\bsau$", low) or has_main_predicate(rest) or _DIRECTS.match(low):
        return None  # "Các đơn vị có trách nhiệm …", "… thực hiện các nhiệm vụ sau:": a duty of its own
    return line


def _non_task_section(text: str) -> bool:
    key = ascii_fold(text).strip(" :.*")
    key = re.sub(r"^(?:[ivxlc]+\s*[.)]|[\d.]+\s*[.)]?)\s*", "", key)  # never the "v" of "về"
    key = re.sub(r"^ve\s+", "", key)  # "1. Về đánh giá tình hình …": a topic heading names its section
    if key in _lex()["sections"]:
        return True
    words = re.sub(r"\W+", " ", key).strip()
    # a start of three words or more is specific enough to head a longer title
    return any(
        words.startswith(s + " ") and len(words) < len(s) + (60 if s.count(" ") >= 2 else 30)
        for s in _lex()["section_starts"]
    )


# Field bullets under an item: "- Cơ quan chủ trì: Bộ Công an".
def _fields_of(node: Clause) -> tuple[dict[str, str], list[Clause]]:
    """Field bullets ("- Cơ quan chủ trì: …") that describe the item itself, and its other children."""
    fields: dict[str, str] = {}
    rest_kids: list[Clause] = []
    for k in node.children:
        fv = _field(k.text) if not getattr(k, "table_rows", None) else None
        if fv and fv[0] in ("lead", "partner", "time", "product", "content") and fv[0] not in fields:
            fields[fv[0]] = fv[1]
            rest_kids.extend(k.children)
        elif not fv and not getattr(k, "table_rows", None) and _attribute(k.text) and not k.children:
            fields.setdefault("attribute", k.text)
        else:
            rest_kids.append(k)
    return fields, rest_kids


@lru_cache(maxsize=4096)  # asked of one line by several readers (its item, the run it closes)
def _field(text: str) -> tuple[str, str] | None:
    f = ascii_fold(text)
    for role, pat in _lex()["fields"].items():
        m = pat.match(f.lstrip(" -+*("))
        if m:
            off = len(f) - len(f.lstrip(" -+*(")) + m.end()
            # "Đơn vị chủ trì thực hiện:" — a few more words may stand before the colon
            mm = re.match(r"(?:\s+[^\s:;,.]+){0,4}?\s*:", text[off:])
            if mm and len(text[off:].split(":", 1)[0]) < 40:
                return role, text[off + mm.end() :].strip().rstrip(").").strip()
    return None


_LABEL_COLON = re.compile(r"^\W*([^:;,.()]{2,60}?)\s*:\s*\S")


def _attribute(text: str) -> bool:
    """ "Địa điểm: …", "Kinh phí: …", "Cơ quan phối hợp: …": a property of its item, not a duty."""
    if _field(text):
        return True
    m = _LABEL_COLON.match(text)
    if not m:
        return False
    label = m.group(1).strip()
    words = label.split()
    return (
        0 < len(words) <= 6
        and label[:1].isupper()
        and not starts_agency(label, 0)
        and not is_predicate(label, 0)
        and not _lex()["request"].match(ascii_fold(label) + " ")
    )


def _entries_of_cell(cell: str) -> tuple[str, ...]:
    """Agencies listed in a table cell or a field ("- Bộ Xây dựng;\n- Bộ Công Thương", "Bộ Công an chủ trì")."""
    items = [x for x in re.split(r"\n|;\s*(?=\S)|(?:^|\s)[-+•]\s+", _name_dashes(cell)) if x and x.strip(" -+;,.")]
    out: list[str] = []
    for it in (part.replace(_NAME_DASH, "-") for x in items for part in _abutting_names(x)):
        it = it.strip(" -+;,.")
        it = re.sub(r"\s*\((?:chủ trì|phối hợp)\)\s*$", "", it)
        m = _lex()["request"].match(ascii_fold(it))
        if m:  # "Đề nghị Viện kiểm sát nhân dân tối cao": a body the Government can only ask is still the lead
            it = it[m.end() :]
        gaz = gazetteer().spans(it)
        ph = read_phrase(it, 0, gaz, stop_colon=False)
        ents = ph.entries if ph else split_entries(it, gaz)
        for e in ents:
            if e not in out:
                out.append(e)
    return tuple(out)


def _names_only(c: Clause) -> tuple[str, ...] | None:
    """The bodies a bullet names, when it names nothing else ("- Sở Xây dựng (đối với hạ tầng đô thị);")."""
    t = re.sub(r"\s*\([^()]*\)", "", c.text).strip(" ;,.")
    if not t or c.label not in ("-", "+", "•"):
        return None
    ph = read_phrase(t, 0, gazetteer().spans(t))
    return ph.entries if ph and ph.end >= len(t) - 1 else None


def _listed_bodies(kids: list[Clause]) -> dict[int, tuple[str, ...]]:
    """ "Giao các sở … gồm: - Sở Công Thương (…); - Sở Xây dựng (…); … Có trách nhiệm: a) … b) …": bullets that
    only list bodies, the last holding the duties. Maps each bullet of such a run to () and the last one to
    all the bodies listed."""
    out: dict[int, tuple[str, ...]] = {}
    i = 0
    while i < len(kids):
        j, names = i, []
        while j < len(kids) and not kids[j].children and (n := _names_only(kids[j])):
            names.extend(n)
            j += 1
        if j > i and j < len(kids) and kids[j].children and (n := _names_only(kids[j])):
            names.extend(n)
            out.update({k: () for k in range(i, j)})
            out[j] = tuple(dict.fromkeys(names))
            i = j + 1
            continue
        i = j + 1
    return out


_DASH_BEFORE_CAPITAL = re.compile(f"(?<=\\S) - (?=[{UPPER_LETTERS}])")
_NAME_DASH = "\u2011"  # a non-breaking hyphen: a dash inside a name, kept through the split below


def _name_dashes(cell: str) -> str:
    """ "Phòng Kế hoạch - Tài chính", "Phòng Nghiệp vụ Y - Dược": a dash between words of one name, not a
    bullet, when what follows it starts no body of its own."""
    def keep(m: re.Match[str]) -> str:
        before = cell[: m.start()].rstrip()
        if not before or before[-1] in ";,.:" or starts_agency(cell, m.end()):
            return m.group(0)
        return " " + _NAME_DASH + " "

    return _DASH_BEFORE_CAPITAL.sub(keep, cell)


def _abutting_names(item: str) -> list[str]:
    """A cell's lines joined without a mark ("Ngân hàng Nhà nước Việt Nam Bộ Công an"): split where one
    complete name ends and another starts after nothing but a space (or a colon OCR read for a semicolon)."""
    spans = gazetteer().spans(item)
    cuts = [
        (b, a2)
        for (_, b), (a2, _) in zip(spans, spans[1:], strict=False)
        if re.fullmatch(r"\s*:?\s+", item[b:a2]) and item[a2].isupper()
    ]
    bounds = [0, *(x for cut in cuts for x in cut), len(item)]
    return [item[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2)]


_TIME_PARA = re.compile(r"\W*(?:thoi\s+gian|thoi\s+han|tien\s+do)\b")
# "Các nhiệm vụ trên hoàn thành trước ngày …" after a run of items: the run's deadline, not a duty of its own
_GROUP_CLOSE = re.compile(
    r"\W*(?:(?:toan\s+bo|tat\s+ca)\s+)?(?:cac|nhung)?\s*(?:nhiem\s+vu|noi\s+dung|cong\s+viec)\s+"
    r"(?:(?:neu|noi)\s+)?(?:tren|nay)\b"
)


class Walker:
    def __init__(self, header: Header, base: date | None) -> None:
        self.header = header
        self.base = base
        self.recipients = tuple(header.recipients)

    def walk(self, node: Clause, ctx: Ctx) -> list[Row]:
        out: list[Row] = []
        sib_ctx = ctx
        prev_subject: tuple[str, tuple[str, ...]] | None = None
        kids = self._regroup(node.children)
        listed = _listed_bodies(kids)
        for i, c in enumerate(kids):
            if i in listed:
                if listed[i]:  # the list's last body holds the duties of every body listed
                    out.extend(self.walk(c, replace(sib_ctx, assignees=listed[i], implicit=False)))
                continue
            if getattr(c, "covers", False):
                out.extend(self.clause(c, sib_ctx))
                _, ictx = rows_of_text(c, c.text, sib_ctx, self.base)
                if ictx and not c.label:
                    sib_ctx = ictx  # a paragraph also introduces the items after what it covers
                continue
            if (
                c.label == ""
                and not getattr(c, "table_rows", None)
                and c.text.rstrip().endswith(":")
                and not c.children
                and i + 1 < len(kids)
                and kids[i + 1].label
            ):
                # an introducing paragraph: it sets who the following items are for
                _, ictx = rows_of_text(c, c.text, sib_ctx, self.base)
                if ictx:
                    sib_ctx = ictx
                continue
            use = sib_ctx
            if (
                prev_subject
                and c.label == prev_subject[0]
                and (not sib_ctx.assignees or sib_ctx.implicit)
                and is_predicate(c.text.lstrip(" *"), 0)
            ):
                use = replace(sib_ctx, assignees=prev_subject[1], implicit=False)
            got = self.clause(c, use)
            out.extend(got)
            named = [r for r in got if r.explicit and r.clause is c]
            if named and c.label in ("-", "+", "•"):
                # "- Ủy ban MTTQ xã tổ chức …; - Chỉ đạo …; - Phối hợp …": where nothing above names the lead,
                # the bullets after one that does are its duties too
                prev_subject = (c.label, named[-1].assignees)
            lead = self._lead_field(c)
            if lead:
                # a step whose "Đơn vị chủ trì:" names the lead leaves it to the steps after it
                sib_ctx = replace(sib_ctx, assignees=lead, implicit=False)
        return out

    def _regroup(self, kids: list[Clause]) -> list[Clause]:
        """Siblings that spell out the duty of the item before them ("… Cụ thể:" then "- Việc …", "- Cơ cấu
        …", see `content`) are moved under it; that item is marked as covering them."""
        out: list[Clause] = []
        i = 0
        while i < len(kids):
            c = kids[i]
            run: list[Clause] = []
            if (
                c.text.rstrip().endswith(":")
                and not any(k.label for k in c.children)
                and not getattr(c, "table_rows", None)
                and not c.heading
            ):
                run = content.content_run(kids[i + 1 :])
            if run and rows_of_text(c, c.text, Ctx(), self.base)[0]:
                c = copy.copy(c)  # keeps what the outline noted on it (inline runs, heading text)
                c.children = [*c.children, *run]
                c.covers = True  # type: ignore[attr-defined]
                i += len(run)
            out.append(c)
            i += 1
        return self._share_fields(out)

    def _share_fields(self, kids: list[Clause]) -> list[Clause]:
        """Field lines ("Đơn vị thực hiện: …", "Thời gian thực hiện: …") written after a run of bullets
        describe every bullet of the run: each bare bullet before them, with no subject of its own, gets
        them too."""
        out = list(kids)
        for j, c in enumerate(kids):
            if not c.label or not c.children or not any(_field(k.text) for k in c.children):
                continue
            fields = [k for k in c.children if _field(k.text)]
            i = j - 1
            while i >= 0 and kids[i].label == c.label and not kids[i].children:
                if any(r.explicit for r in rows_of_text(kids[i], kids[i].text, Ctx(), self.base)[0]):
                    break
                out[i] = copy.copy(kids[i])
                out[i].children = fields
                i -= 1
        return out

    @staticmethod
    def _lead_field(c: Clause) -> tuple[str, ...]:
        """The lead named by a step's own field bullet ("- Đơn vị chủ trì: …"); sections have none."""
        if c.heading:
            return ()
        for k in c.children:
            if k.label not in ("-", "+", "") or getattr(k, "table_rows", None):
                continue
            fv = _field(k.text)
            if fv and fv[0] == "lead" and fv[1]:
                return _entries_of_cell(fv[1])
        return ()

    def clause(self, node: Clause, ctx: Ctx) -> list[Row]:
        rows_tbl = getattr(node, "table_rows", None)
        if rows_tbl:
            return self.table(node, rows_tbl, ctx)
        heading_text = getattr(node, "heading_text", None) or (node.text if node.heading else None)
        if heading_text:
            if _non_task_section(heading_text):
                # goals and requirements, save one that binds a body it names ("…, Ban Thường trực phải chuyển đơn …")
                kids = self.walk(node, Ctx()) if node.heading else []
                return [r for r in kids if r.explicit and ascii_fold(r.text.lstrip()).startswith("phai ")]
            lead, partners = _heading_agencies(heading_text)
            if lead:
                ctx = Ctx(assignees=lead, implicit=False, coordinators=partners, deadline=ctx.deadline)
            d = _deadline(heading_text, self.base)
            if binds_items(d, duty=is_predicate(heading_text.lstrip(" *"), 0)) or _phase_heading(heading_text, d):
                ctx = replace(ctx, deadline=d)  # "1. Hoàn thành … trong năm 2025" over its a), b), c)
        if node.heading:
            fields, rest_kids = _fields_of(node)
            if fields.get("lead") or fields.get("partner"):
                # "1. Phổ biến Luật …" over "- Nội dung thực hiện: …", "- Cơ quan chủ trì: …": a titled item
                return self._field_item(node, fields, rest_kids, ctx, titled=True)
            return self.walk(node, ctx)
        if node.children and node.text.rstrip().endswith(":") and _non_task_section(node.text):
            return []  # "1.1. Thành phần dự họp: - …", "Trình tự, thủ tục tổ chức cuộc họp: - …"
        if node.text.startswith("(") and node.text.rstrip(".").endswith(")") and not node.children:
            return []  # "(Kèm theo Báo cáo số …)"
        fields, rest_kids = _fields_of(node)
        if not fields and _attribute(node.text) and not any(k.label for k in node.children):
            return []
        if set(fields) - {"content", "product", "attribute"}:
            return self._field_item(node, fields, rest_kids, ctx)
        own, intro = rows_of_text(node, node.text, ctx, self.base)
        child_ctx = intro or ctx
        phase = _deadline(node.text, self.base) if node.children else None
        if _phase_heading(node.text, phase):
            child_ctx = replace(child_ctx, deadline=phase)  # "1. Giai đoạn 1 (từ … đến ngày 31/5/2027): …"
        if not any(r.explicit for r in own) and not child_ctx.assignees and any(k.label for k in node.children):
            # "2. Trách nhiệm của Ngân hàng Nhà nước Việt Nam" over its bullets: a title, not in bold, naming the lead
            lead, partners = _heading_agencies(node.text)
            if lead:
                child_ctx = Ctx(assignees=lead, implicit=False, coordinators=partners, deadline=ctx.deadline)
        if own and len(own) == 1 and own[0].explicit and any(k.label for k in node.children):
            line = node.text.strip(" *")
            body = body_line(line, own[0].assignees, own[0].text, gazetteer().spans(line))
            if body:  # "1. Các cơ quan đăng ký đầu tư (…):" over a), b): the line is the lead
                own = []
                child_ctx = replace(child_ctx, assignees=(body,), implicit=False)
        kids = self._regroup(node.children)
        if len(kids) != len(node.children):
            node = copy.copy(node)
            node.children = kids
        labelled = [k for k in node.children if k.label]
        closing = self._group_close(labelled)
        if closing is not None:  # written as the last item's paragraph, it dates the whole run
            labelled[-1] = copy.copy(labelled[-1])
            labelled[-1].children = labelled[-1].children[:-1]
        run = content.content_run(labelled) if own and labelled else []
        if run:
            self._fold(own[-1], run)
            labelled = labelled[len(run) :]
        kid_rows: list[Row] = []
        if labelled:
            kid_rows = self.walk(Clause(path=node.path, label=node.label, text="", children=labelled), child_ctx)
            if getattr(node, "inline", False):
                self._spread_closing(labelled, kid_rows)
            if child_ctx.deadline and not (own and own[-1].explicit and own[-1].deadline is None):
                for r in kid_rows:
                    r.deadline = r.deadline or child_ctx.deadline
            if closing is not None:
                for r in kid_rows:
                    r.deadline = r.deadline or closing
        # an item with sub-items yields the sub-items only; its own text is their introduction
        result = own + kid_rows if run else list(kid_rows or own)
        # continuation paragraphs (p2, p3 …) inherit the item's assignee
        last = own[-1] if own else None
        if last is not None:
            p_ctx = Ctx(assignees=last.assignees, implicit=last.implicit, cycle=child_ctx.cycle)
        else:
            p_ctx = Ctx(assignees=child_ctx.assignees, implicit=child_ctx.implicit, cycle=child_ctx.cycle)
        for k in node.children:
            if k.label:
                continue
            d = self._closing_deadline(k) if kid_rows else None
            if d is not None:
                for r in kid_rows:
                    r.deadline = r.deadline or d
                continue
            if _TIME_PARA.match(ascii_fold(k.text)) and not k.children and result:
                # "Thời gian hoàn thành trước ngày …" under an item (or its paragraphs) is their deadline
                d = dl.pick(dl.find_deadlines(k.text, self.base, in_field=True))
                if d:
                    for r in result:
                        r.deadline = r.deadline or replace(d, text=k.text.strip(" ."))
                    continue
            result += self.clause(k, p_ctx)
        return result

    def _fold(self, row: Row, run: list[Clause]) -> None:
        """Write the items of `run` into `row`, the duty they spell out; a time paragraph among them dates it."""
        if row.clause.text.rstrip().endswith(":") and not row.text.endswith(":"):
            row.text += ":"  # "Cụ thể:" introduces what follows in the row's own text
        row.text, times = content.fold(row.text, run)
        if times and row.deadline is None:
            spec = " ".join(times)
            d = dl.pick(dl.find_deadlines(spec, self.base, in_field=True))
            row.deadline = d or dl.Deadline(text=spec, start=0, end=len(spec), strength=dl.VAGUE)

    def _field_item(
        self, node: Clause, fields: dict[str, str], rest_kids: list[Clause], ctx: Ctx, titled: bool = False
    ) -> list[Row]:
        """An item described by field bullets: the lead, partner and time fields give its row. Under a
        title the content field, when there is one, is the duty; a lead field written as sentences
        ("Sở Nội vụ chủ trì tham mưu …; Sở Tư pháp … chủ động triển khai …") gives a row to each."""
        own = self._lead_sentences(node, fields.get("lead", "")) if titled else []
        if own:
            d = self._field_deadline(node, fields)
            for r in own:
                r.deadline = r.deadline or d
            return own
        lead = _entries_of_cell(fields["lead"]) if fields.get("lead") else ctx.assignees
        partners = _entries_of_cell(fields["partner"]) if fields.get("partner") else ()
        d = self._field_deadline(node, fields)
        row = Row(
            clause=node,
            assignees=tuple(lead),
            implicit=False,
            coordinators=tuple(partners),
            text=_clean_task(fields["content"] if titled and fields.get("content") else node.text),
            deadline=d,
            explicit=bool(fields.get("lead")),
        )
        sub = Clause(path=node.path, label=node.label, text="", children=rest_kids)
        # "Bước 2: …", its duty paragraphs, "Thời gian hoàn tất: trước ngày …": the time dates the paragraphs
        paras_only = bool(rest_kids) and not any(k.label for k in rest_kids)
        sub_ctx = Ctx(assignees=tuple(lead), coordinators=tuple(partners), deadline=d if paras_only else None)
        return [row, *self.walk(sub, sub_ctx)]

    def _field_deadline(self, node: Clause, fields: dict[str, str]) -> dl.Deadline | None:
        dtext = fields.get("time")
        cands = dl.find_deadlines(dtext, self.base, in_field=True) if dtext else []
        if not dtext and "time" in fields:
            # "- Thời gian thực hiện:" with its dates in the bullets below
            tk = next((k for k in node.children if (_field(k.text) or ("",))[0] == "time"), None)
            if tk:
                cands = [c for g in tk.children for c in dl.find_deadlines(g.text, self.base)]
        d = dl.pick(cands)
        if dtext and d is None:
            d = dl.Deadline(text=dtext, start=0, end=len(dtext), strength=dl.VAGUE)
        return d

    def _lead_sentences(self, node: Clause, lead: str) -> list[Row]:
        """The rows of a lead field that states duties ("Sở Nội vụ chủ trì tham mưu …"), or none when it
        only names bodies."""
        if not lead:
            return []
        own, _ = rows_of_text(node, lead, Ctx(), self.base)
        if own and all(r.explicit and len(r.text.split()) >= 3 and is_predicate(r.text, 0) for r in own):
            return own
        return []

    def _closing_deadline(self, para: Clause) -> dl.Deadline | None:
        """The deadline of a paragraph that only dates the items above it ("Các nhiệm vụ trên hoàn thành
        trước ngày 30/9/2026."), else None."""
        if para.label or para.children or not _GROUP_CLOSE.match(ascii_fold(para.text)):
            return None
        return dl.pick(dl.find_deadlines(para.text, self.base))

    def _group_close(self, labelled: list[Clause]) -> dl.Deadline | None:
        """The closing deadline of a run of items, read where the outline hung it: on the last item."""
        if len(labelled) < 2 or not labelled[-1].children:
            return None
        return self._closing_deadline(labelled[-1].children[-1])

    def _spread_closing(self, kids: list[Clause], rows: list[Row]) -> None:
        """A deadline closing the last inline item covers every item of that run."""
        if not kids or not rows:
            return
        last = kids[-1]
        last_rows = [r for r in rows if r.clause is last]
        others = [r for r in rows if r.clause is not last]
        if not last_rows or not last_rows[-1].deadline or any(r.deadline for r in others):
            return
        if not (_CLOSING_PAREN.search(last.text) or self._closing_clause(last.text)):
            return
        for r in others:
            r.deadline = last_rows[-1].deadline

    def _closing_clause(self, text: str) -> bool:
        """ "…; (iii) …, hoàn thành trong tháng 11 năm 2025.": a deadline with its lead-in closing the run."""
        t = text.rstrip(" .;")
        cands = dl.find_deadlines(t, self.base)
        if not cands:
            return False
        c = cands[-1]
        return c.end >= len(t) - 1 and c.strength >= dl.LEAD and t[: c.start].rstrip().endswith(",")

    def table(self, node: Clause, rows: list[tuple[str, ...]], ctx: Ctx) -> list[Row]:
        from pipeline.tables import table_rows

        return table_rows(node, rows, ctx, self.base)


# What was done ("… đã ban hành Thông tư …", "… đã có nhiều văn bản chỉ đạo …"), and words that ask for more.
_PAST = re.compile(r"\b(?:đã|vừa)\s+(?!được\s+giao\b)\w")
_ASKS = re.compile(r"\b(?:giao|yêu\s+cầu|đề\s+nghị|cần|phải|có\s+trách\s+nhiệm|khẩn\s+trương|hoàn\s+thành)\b")


def _reports(text: str) -> bool:
    """An unnumbered paragraph telling what has been done, asking nothing: the letter's situation report."""
    f = tnorm(text)  # with its marks: folded, "cân đối" would read as "cần"
    first = re.split(r"[.;](?=\s|$)", f, maxsplit=1)[0]
    return bool(_PAST.search(first)) and not _ASKS.search(f)


def _reads_as_duty(r: Row) -> bool:
    """A row with no named agency stands for the addressees only if it reads as a duty."""
    words = r.text.split()
    if len(words) < 4 or r.clause.path.startswith("PL"):
        return False
    if not r.clause.label and _reports(r.text):
        return False
    return bool(r.clause.label) or is_predicate(r.text[:40], 0) or r.extra.get("addressee", False)


def _narrates(r: Row) -> bool:
    """"Hội nghị biểu quyết …", "Người ứng cử phát biểu.": a step told of someone who is not a body, with no
    duty word, is not a duty of the lead the row would inherit."""
    # a deadline of its own makes it a duty; one inherited from a step's period does not
    if r.explicit or r.extra.get("own_deadline", r.deadline is not None) or r.clause.path.startswith("PL"):
        return False
    t = r.text.lstrip(" -+*•")
    if not _narrators().match(tnorm(t)):
        return False
    # "Người ứng cử phải hoàn thành việc nộp hồ sơ …": an obligation makes it a duty after all
    return not has_main_predicate(t[:_DUTY_WINDOW])


# A question, maybe with a picture's caption after it ("… hoàn thành khi nào? (Hình từ Internet)").
_QUESTION = re.compile(r"\?[\s*_]*(?:\([^()]*\)[\s*_]*)?$")


def _comments(r: Row) -> bool:
    """A question ("… hoàn thành khi nào?") asks, a summing-up ("Như vậy, …") restates: neither assigns a duty."""
    if _QUESTION.search(r.text):
        return True
    opener = tnorm(r.clause.text.lstrip(" -+*•_#"))
    return any(opener.startswith(w) for w in _restatements())


@lru_cache(maxsize=1)
def _restatements() -> tuple[str, ...]:
    return tuple(tnorm(w) for w in load("lexicon")["restatement_openers"])


@lru_cache(maxsize=1)
def _narrators() -> re.Pattern[str]:
    words = sorted({tnorm(w) for w in load("lexicon")["narration_subjects"]}, key=len, reverse=True)
    return re.compile(r"(?:{})\b".format("|".join(map(re.escape, words))))


_DUTY_WINDOW = 160


def _same_cell_row(a: Row, b: Row) -> bool:
    """Two table rows that are one task cell split by a row line or a page break (its text, deadline and
    partners the same, its lead cell in two parts)."""
    return (
        a.clause.cells is not None
        and b.clause.cells is not None
        and a.clause.path == b.clause.path
        and a.text == b.text
        and a.coordinators == b.coordinators
        and (a.deadline.iso if a.deadline else None) == (b.deadline.iso if b.deadline else None)
        and (a.deadline.recurrence if a.deadline else None) == (b.deadline.recurrence if b.deadline else None)
    )


_ROLE_IS = re.compile(r"la\s+(?:co\s+quan|don\s+vi|dau\s+moi)\b")
_WORDISH = re.compile(r"[^\W\d_]{2,}")


def finish(rows: list[Row], recipients: tuple[str, ...]) -> list[Row]:
    """Fill in implicit assignees from "Kính gửi"; drop rows nobody is assigned to."""
    out: list[Row] = []
    for r in rows:
        if out and _same_cell_row(out[-1], r):
            out[-1].assignees = out[-1].assignees + tuple(e for e in r.assignees if e not in out[-1].assignees)
            continue
        if len(list(islice(_WORDISH.finditer(r.text), 3))) < 3:
            continue  # "94,29", "2.", "Tổng số": table debris, not a duty
        if not r.clause.path.startswith("PL") and is_upper_line(r.text):
            continue  # a heading in capitals the outline could not place
        if _narrates(r) or _comments(r):
            continue
        if r.clause.path.startswith("PL") and not r.explicit and not r.clause.cells:
            continue  # an annex's loose text names no duty of its own
        if not r.assignees:
            if recipients and _reads_as_duty(r):
                r.assignees, r.implicit = recipients, True
            else:
                continue
        out.append(r)
    return out
