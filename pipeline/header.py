"""Document header and footer: number, type, issuer, place and date, subject, "Kính gửi", signer, citations."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from pipeline.clean import LABEL_RE, join_wrapped
from pipeline.model import Citation, Header, Line
from pipeline.textutil import ascii_fold, is_upper_line

NUMBER_LINE = re.compile(r"^\W*Số\s*(?:hiệu)?\s*:?\s*(?P<rest>.*)$")
_NUMBER = re.compile(
    r"(?P<n>\d[\d.]*(?:/\d{4})?)?\s*(?P<sep>[-/])?\s*(?P<sym>[A-ZĐ][A-ZĐa-zđ0-9&.]*(?:\s*[-/]\s*[A-ZĐa-zđ0-9&.]+)*)"
)
DATE_LINE = re.compile(
    r"^\W*(?P<place>[^,\d]{2,40}?)\s*,\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})",
    re.IGNORECASE,
)
_SUBJECT = re.compile(r"^\W*(?:V/v|Về việc|V/V)\s*:?\s*(?P<s>.*)$")
RECIPIENTS = re.compile(r"^\W*(?:Kính\s+gửi|.*\bđiện)\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
# The line under a title that states its subject ("Về …", "Kết luận của Thủ tướng …").
_TITLE_SUBJECT = re.compile(r"^\W*(?:Về|V/v|Kết luận của|Ý kiến (?:chỉ đạo|kết luận) của|Thông báo)\b")
_CONDITION_START = re.compile(r"^\W*(?:Thực hiện|Căn cứ|Để|Nhằm|Tại|Ngày|Theo|Trước|Vừa qua|Thời gian qua)\b")
_COPY_RECIPIENTS = re.compile(r"^\W*Đồng\s+kính\s+gửi", re.IGNORECASE)
SIGNATURE = re.compile(r"^\W*(?:T/M|TM\.?|K/T|KT\.?|TL\.?|TUQ\.?|Q\.|T\.M\.)\s+[A-ZĐÂ]")
CLOSING = re.compile(r"^\W*(?:Nơi\s+nhận|Nơi\s+gửi)\s*:?", re.IGNORECASE)
_MOTTO = re.compile(r"cong\s*hoa\s*xa\s*hoi|dang\s*cong\s*san\s*viet\s*nam|doc\s*lap\s*-?\s*tu\s*do")
# The kind word in any case ("kết luận số 183-KL/TW"); a bare number only after the kinds cited so
# ("Nghị quyết 18", "Kết luận số 183"), resolved against stored documents by the kind.
_CITATION = re.compile(
    r"(?P<kind>(?i:Kết luận|Nghị quyết|Chỉ thị|Quyết định|Quy định|Kế hoạch|Công văn|Thông báo|Hướng dẫn|Công điện"
    r"|Thông tư|Nghị định|Luật|Báo cáo|Chương trình|Đề án|Tờ trình))\s+(?:số\s+)?"
    r"(?:(?P<num>\d[\d.]*(?:/\d{4})?[-/][A-ZĐa-zđ0-9&./\-]*[A-ZĐ][A-ZĐa-zđ0-9&]*)"
    r"|(?P<bare>\d{1,4})(?![\d/-]|[.,]\d|\s*(?:năm|tháng|ngày|giờ|%)))"
    r"(?:\s*,?\s*(?:ngày|ban hành ngày)\s+(?P<d>\d{1,2})\s*(?:/|\s+tháng\s+)"
    r"(?P<m>\d{1,2})\s*(?:/|\s+năm\s+)(?P<y>\d{4}))?"
)
# Where a kind's word starts, found in the lower-cased text without the case-blind alternation; the full
# pattern is then tried there only.
_KIND_AT = re.compile(
    r"kết luận|nghị quyết|chỉ thị|quyết định|quy định|kế hoạch|công văn|thông báo|hướng dẫn|công điện"
    r"|thông tư|nghị định|luật|báo cáo|chương trình|đề án|tờ trình"
)
_BARE_KINDS = {"ket luan", "nghi quyet", "chi thi", "quyet dinh", "quy dinh", "cong dien"}
_BARE_NUMBER = re.compile(r"^\s*\d[\d.]*(?:/\d{4})?\s*[-/]\s*[A-ZĐ][A-ZĐa-zđ0-9&./\-]*\s*$")
_TITLE_NUMBER = re.compile(r"\b\d{1,5}[-/](?:KL|NQ|CT|QĐ|TB|CV|KH|HD|CĐ)[-/][A-ZĐa-z0-9]+\b")
# Document types by the word printed as the title, and by the first part of the symbol.
TITLES = {
    "KET LUAN": "KL",
    "CONG DIEN": "CĐ",
    "THONG BAO": "TB",
    "KE HOACH": "KH",
    "QUYET DINH": "QĐ",
    "CHI THI": "CT",
    "NGHI QUYET": "NQ",
    "HUONG DAN": "HD",
    "CONG VAN": "CV",
    "CHUONG TRINH": "CTr",
    "BAO CAO": "BC",
    "QUY CHE": "QC",
    "QUY DINH": "QĐi",
    "TO TRINH": "TTr",
    "THONG TRI": "TT",
}
SYMBOL_TYPES = {
    "KL",
    "CV",
    "TB",
    "CĐ",
    "CT",
    "NQ",
    "QĐ",
    "KH",
    "HD",
    "BC",
    "TTr",
    "QC",
    "CTr",
    "TT",
    "QĐi",
    "TĐ",
}


@dataclass
class HeaderParse:
    header: Header
    body_start: int  # index into the lines of the first body line
    body_end: int  # index of "Nơi nhận" or the signature, or len(lines)


def parse_number(rest: str) -> tuple[str | None, str | None]:
    """("119-CV/BTGDVTU", "CV") from "119 -CV/BTGDVTU"; (None, "CV") when the number is left blank."""
    m = _NUMBER.search(rest)
    if not m:
        return None, None
    sym = re.sub(r"\s+", "", m.group("sym"))
    first = re.split(r"[-/]", sym)[0]
    dtype = first if first in SYMBOL_TYPES else ("CV" if m.group("sep") else None)
    if not m.group("n"):
        return None, dtype
    return f"{m.group('n')}{m.group('sep') or '-'}{sym}", dtype


# The forms a document number takes: "707/QĐ-TTg", "39/2022/NĐ-CP", "4085/UBND-ĐT" (State), "45-KL/TW",
# "119-CV/BTGDVTU" (Party): digits, then a type and an issuer.
NUMBER_FORM = re.compile(
    r"^\d{1,5}(?:/\d{4})?(?:/[A-ZĐ][A-ZĐa-zđ&.]*(?:-[A-ZĐ][A-ZĐa-zđ0-9&.]*)+|-[A-ZĐ][A-ZĐa-zđ&.]*(?:/[A-ZĐ][A-ZĐa-zđ0-9&.]*)+)$"
)
# A number written in a file name: "QD_707-QD-TTg_2026_…", "NQ_115-NQ-CP_…", "KL_155-KL-TW_…".
_NAME_NUMBER = re.compile(r"(?<![A-Za-z0-9])(\d{1,5})-([A-Z][A-Za-z]{1,5})-([A-Z][A-Za-z0-9]{1,9})(?![A-Za-z0-9])")
_STROKED = {"QD": "QĐ", "ND": "NĐ", "CD": "CĐ", "TD": "TĐ", "DT": "ĐT", "DU": "ĐU"}


def _fold_symbol(sym: str) -> str:
    return re.sub(r"[-/]", "-", sym.upper().replace("Đ", "D"))


def number_from_name(name: str, like: str | None = None) -> str | None:
    """The document number a file name carries, written the way the document writes it: the
    separators of `like` (the number read from the document) when given, else by the issuer
    (a Party issuer "…/TW" after the type: "155-KL/TW"; a State one "707/QĐ-TTg")."""
    m = _NAME_NUMBER.search(name)
    if not m:
        return None
    n, kind, issuer = m.group(1), _STROKED.get(m.group(2), m.group(2)), _STROKED.get(m.group(3), m.group(3))
    if like and NUMBER_FORM.match(like):
        sym = re.sub(r"^\d{1,5}(?:/\d{4})?[-/]", "", like)
        if _fold_symbol(sym) == _fold_symbol(f"{kind}-{issuer}"):
            return re.sub(r"^\d{1,5}", n, like)
    party = issuer.upper() in {"TW", "TU", "HU", "DU", "ĐU", "BTCTW", "VPTW", "BTGTW", "BCSĐ"}
    return f"{n}-{kind}/{issuer}" if party else f"{n}/{kind}-{issuer}"


def confirm_scanned_number(number: str | None, name: str) -> str | None:
    """A scan's number checked against the forms a number takes and against the file name.

    The digits of a signed document are often written by hand or stamped, and OCR misreads them
    ("445" for a handwritten "115", "Zoš" for "707"); the file name an office gives a scan usually
    holds the number read by a person. A number of the wrong form gives way to the name's; one of
    the right form whose type and issuer agree with the name's takes the name's digits.
    """
    from_name = number_from_name(name, number)
    if from_name is None:
        return number
    if number is None or not NUMBER_FORM.match(number):
        return from_name
    sym = re.sub(r"^\d{1,5}(?:/\d{4})?[-/]", "", number)
    name_sym = re.sub(r"^\d{1,5}[-/]", "", from_name)
    return from_name if _fold_symbol(sym) == _fold_symbol(name_sym) else number


def _title_type(text: str) -> str | None:
    key = ascii_fold(text).upper().strip(" *:.")
    for word, t in TITLES.items():
        if key == word or key.startswith(word + " "):
            return t
    return None


def _clean_recipient(s: str) -> str:
    s = re.sub(r"^\W*[-+•]\s*", "", s).strip()
    return s.rstrip(" ,;.").strip()


def _citation_matches(text: str):
    """`_CITATION.finditer(text)`, tried only where a kind's word starts."""
    low = text.lower()
    if len(low) != len(text):  # a letter whose lower case is longer ("İ"): offsets would not hold
        yield from _CITATION.finditer(text)
        return
    end = 0
    for k in _KIND_AT.finditer(low):
        if k.start() < end:
            continue
        m = _CITATION.match(text, k.start())
        if m:
            end = m.end()
            yield m


def citations(text: str) -> list[Citation]:
    out, seen = [], set()
    for m in _citation_matches(text):
        num = (m.group("num") or m.group("bare")).rstrip(".-/")
        if m.group("bare") and (ascii_fold(m.group("kind")) not in _BARE_KINDS or 1945 <= int(num) <= 2100):
            continue  # "Kế hoạch 3 …", "Quyết định 2025": not a number of a document
        if num in seen or (m.group("bare") and any(re.match(rf"{num}\s*[-/]", n) for n in seen)):
            continue  # cited again, or again by its bare number
        seen.add(num)
        iso = None
        if m.group("y"):
            try:
                iso = date(int(m.group("y")), int(m.group("m")), int(m.group("d"))).isoformat()
            except ValueError:
                iso = None
        kind = m.group("kind")
        out.append(Citation(kind=kind[0].upper() + kind[1:], number=num, date=iso))
    return out


# The fields of an office's "received" stamp on a scan ("ĐẾN  Số: …  Ngày: 24/4  Giờ: …  Chuyển: …").
_STAMP_FIELD = re.compile(r"^\W*(?:ĐẾN\b|(?:Ngày|Giờ|Chuyển|Lưu hồ sơ)\s*:)", re.IGNORECASE)


def _is_headerish(t: str) -> bool:
    f = ascii_fold(t)
    return bool(
        is_upper_line(t)
        or _MOTTO.search(f)
        or DATE_LINE.match(t)
        or NUMBER_LINE.match(t)
        or _STAMP_FIELD.match(t)
        or not t.strip(" -*|")
    )


# A plan printed without its decision: "(Kèm theo Quyết định số 1422/QĐ-TTg ngày 19 tháng 11 năm 2024 …)"
_ATTACHED_TO = re.compile(
    r"\(\s*(?:ban\s+hành\s+)?kèm\s+theo\s+[^()]{0,40}?\bsố\s+(?P<num>[\w./\-Đđ]+[-/][\w./\-Đđ]+)"
    r"[^()]{0,20}?\bngày\s+(?P<d>\d{1,2})\s*(?:tháng\s+|[/.-]\s*)(?P<m>\d{1,2})\s*(?:năm\s+|[/.-]\s*)(?P<y>(?:19|20)\d\d)",
    re.IGNORECASE,
)


def _from_attached(h: Header, texts: list[str]) -> None:
    """The number and date of the decision a plan is attached to, where the plan has none of its own."""
    m = _ATTACHED_TO.search(" ".join(t.strip() for t in texts))
    if not m:
        return
    if h.number is None:
        h.number = parse_number(m.group("num"))[0]
    if h.date is None:
        try:
            h.date = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            return
        h.year = h.year or h.date.year


def parse_header(lines: list[Line]) -> HeaderParse:
    h = Header()
    texts = [ln.text for ln in lines]
    n = len(texts)
    # footer first: the body ends at "Nơi nhận" or at the signature block
    body_end = n
    for i, t in enumerate(texts):
        if i > 3 and (CLOSING.match(t) or (SIGNATURE.match(t) and is_upper_line(t))):
            body_end = i
            break
    for i in range(body_end, n):
        if SIGNATURE.match(texts[i]):
            cap = [texts[i]]
            j = i + 1
            while j < n and is_upper_line(texts[j]) and len(cap) < 3:
                cap.append(texts[j])
                j += 1
            h.signer_capacity = " ".join(cap)
            while j < n and not texts[j].strip():
                j += 1
            while j < n and (texts[j].lstrip().startswith(("-", "+", "(")) or not texts[j].strip()):
                j += 1  # recipients of "Nơi nhận" laid out beside the signature
            if j < n and len(texts[j]) < 40 and not CLOSING.match(texts[j]):
                h.signer = texts[j].strip(" *")
            break
    # header fields, scanned over the first lines
    limit = min(body_end, 60)
    i = 0
    last_header = -1
    issuer_lines: list[str] = []
    number_seen = False
    while i < limit:
        t = texts[i].strip()
        if not t:
            i += 1
            continue
        m = NUMBER_LINE.match(t)
        if m:
            number_seen = True  # the issuer stands above its "Số" line; a scan's stamps stand below it
        if m and not m.group("rest").strip(" :") and i + 1 < limit and _BARE_NUMBER.match(texts[i + 1]):
            # "Số:" with the number on the next line (a header read column by column)
            h.number, h.doc_type = parse_number(texts[i + 1])
            last_header = i + 1
            i += 2
            continue
        if m and h.number is None and h.doc_type is None and re.search(r"[-/]", m.group("rest")):
            h.number, sym_type = parse_number(m.group("rest"))
            h.doc_type = h.doc_type or sym_type
            last_header = i
            i += 1
            continue
        m = DATE_LINE.match(t)
        if m and h.year is None:
            h.place = m.group("place").strip(" *")
            h.year = int(m.group("y"))
            if m.group("d") and m.group("m"):
                try:
                    h.date = date(h.year, int(m.group("m")), int(m.group("d")))
                except ValueError:
                    h.date = None
            last_header = i
            i += 1
            continue
        m = _SUBJECT.match(t)
        if m and h.subject is None:
            parts = [m.group("s")]
            j = i + 1
            while j < limit and texts[j].strip() and not _is_headerish(texts[j]) and not RECIPIENTS.match(texts[j]):
                if len(" ".join(parts)) > 300:
                    break
                parts.append(texts[j].strip())
                j += 1
            h.subject = functools.reduce(join_wrapped, [p for p in parts if p], "").strip()
            last_header = j - 1
            i = j
            continue
        if _COPY_RECIPIENTS.match(t):
            # "Đồng kính gửi:" and its addressees, up to the next break
            j = i + 1
            while j < limit and not texts[j].strip():
                j += 1
            while j < limit and j < i + 6 and texts[j].strip() and not _CONDITION_START.match(texts[j]):
                j += 1
            last_header = j - 1
            i = j
            continue
        m = RECIPIENTS.match(t)
        if m and not h.recipients and not _COPY_RECIPIENTS.match(t):
            rest = m.group("rest").strip(" *")
            items = [x for x in re.split(r";\s*", rest)] if rest and rest not in "-" else []
            j = i + 1
            while j < limit:
                tj = texts[j].strip()
                if not tj:
                    j += 1
                    continue
                if _COPY_RECIPIENTS.match(tj):
                    break
                if re.match(r"^\W*[-+•]\s*\S", tj) and not re.match(r"^-{3,}", tj):
                    items.append(tj)
                elif (
                    items
                    and (tj[0].islower() or not items[-1].rstrip().endswith((";", ".", ":")))
                    and not _CONDITION_START.match(tj)
                    and not RECIPIENTS.match(tj)
                ):
                    items[-1] = join_wrapped(items[-1], tj)  # a recipient wrapped onto the next line
                else:
                    break
                j += 1
            # "- Công an tỉnh; Bộ Chỉ huy Quân sự tỉnh;": two addressees on one line
            items = [p for x in items for p in re.split(r"[;,]\s*-\s+|;\s+", x)]
            h.recipients = [r for r in (_clean_recipient(x) for x in items) if r]
            last_header = j - 1
            i = j
            continue
        title = _title_type(t) if is_upper_line(t) or lines[i].bold else None
        if title and len(t) < 40:
            h.doc_type = h.doc_type or title
            last_header = i
            j = i + 1
            # the title's subject: capitals or lines opening in lower case ("về …", "của …")
            subj = []
            while (
                j < limit
                and (
                    is_upper_line(texts[j])
                    or texts[j][:1].islower()
                    or not texts[j].strip(" -*")
                    or (j == i + 1 and (lines[j].bold or _TITLE_SUBJECT.match(texts[j])))
                    or (bool(subj) and texts[j].lstrip().startswith("(") and texts[j].rstrip(" .").endswith(")"))
                )
                and not LABEL_RE.match(texts[j])
            ):
                if texts[j].strip(" -*") and not _MOTTO.search(ascii_fold(texts[j])):
                    ms = _SUBJECT.match(texts[j])
                    subj.append(ms.group("s").strip() if ms else texts[j].strip())  # "Về việc" is no subject
                j += 1
            if subj and h.subject is None:
                h.subject = " ".join(subj)
            last_header = j - 1
            i = j
            continue
        if LABEL_RE.match(t) and not t.lstrip().startswith(("-", "+")):
            break  # "I. KINH PHÍ …": the body's first part, though in capitals
        if _is_headerish(t):
            if is_upper_line(t) and not _MOTTO.search(ascii_fold(t)) and not number_seen and h.year is None:
                issuer_lines.append(t.strip(" *"))
            last_header = i
            i += 1
            continue
        break
    if issuer_lines:
        h.issuer = " ".join(issuer_lines)
    if h.number is None and h.doc_type is None:
        # web copies print the number only in their title ("TOÀN VĂN: KẾT LUẬN 155-KL/TW …")
        for t in texts[: min(8, n)]:
            m = _TITLE_NUMBER.search(t)
            if m:
                h.number, h.doc_type = parse_number(m.group(0))
                break
    if h.number is None or h.date is None:
        _from_attached(h, texts[: min(body_end, 16)])
    body_start = last_header + 1
    h.citations = [c for c in citations(" ".join(texts[body_start:])) if c.number != h.number]
    return HeaderParse(header=h, body_start=body_start, body_end=body_end)
