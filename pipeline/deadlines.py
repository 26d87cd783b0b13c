"""Deadline phrases: a small grammar for the phrase, a date parser for the date inside it.

"trước ngày 31/8/2025" → 2025-08-31; "trong quý III/2025" → 2025-09-30; "trước 16 giờ, ngày 22 hằng
tháng" → FREQ=MONTHLY;BYMONTHDAY=22 at 16:00. Citation dates ("Kết luận số 183-KL/TW, ngày 01/8/2025")
and vague periods ("đầu tháng 11/2025") give no date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from pipeline.textutil import ascii_fold

# Strength of a candidate: the highest wins; among equals the latest date (the last day allowed).
LEAD, PREP, BARE, VAGUE = 3, 2, 1, 0

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_WEEKDAYS = {"hai": "MO", "ba": "TU", "tu": "WE", "nam": "TH", "sau": "FR", "bay": "SA", "nhat": "SU"}

# All patterns run on the folded text (lower case, no tone marks), which keeps offsets.
_SEP = r"\s*[/.\-]\s*"
_Y = r"(?P<y>(?:19|20)\d\d)"
_DMY = rf"(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}})(?:{_SEP}{_Y})?"
_DMY_WORDS = r"(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})(?:\s*(?:nam|,)\s*(?P<y2>(?:19|20)\d\d))?"
_DATE = rf"(?:ngay\s+)?(?:(?:{_DMY_WORDS})|(?:{_DMY}))"
_TIME = r"(?P<hh>\d{1,2})\s*(?:gio|h)(?:\s*(?P<mm>\d{1,2})(?:\s*phut)?)?"
_WEEKDAY = r"(?:thu\s+(?:hai|ba|tu|nam|sau|bay)\b|chu\s+nhat)\s*,?\s*"  # "ba" never the start of "bảy"
_MONTH = rf"thang\s+(?P<mo>\d{{1,2}})(?:(?:{_SEP}|\s*,?\s+nam\s+)(?P<my>(?:19|20)\d\d))?"
# "quý III, IV/2026", "quý II và III năm 2026": a list of quarters is due with its last
_QUARTER = (
    rf"quy\s+(?:(?:iv|iii|ii|i|[1-4])\s*(?:,|va|-|–)\s*)*(?P<q>iv|iii|ii|i|[1-4])"
    rf"(?:(?:{_SEP}|\s*,?\s+nam\s+)(?P<qy>(?:19|20)\d\d))?"  # "Quý III, năm 2022" too
)
_YEAR = r"nam\s+(?P<yy>(?:19|20)\d\d)(?:\s*[-–]\s*(?P<yy2>(?:19|20)\d\d))?"
_EVERY = r"hang\s+(?P<every>ngay|tuan|thang|quy|nam)"

_LEAD_WORDS = re.compile(
    r"(?:hoan\s+thanh|hoan\s+tat|xong|cham\s+nhat|han\s+chot|thoi\s+han|thoi\s+gian(?:\s+\w+){0,2}"
    r"|dut\s+diem|phai|ban\s+hanh|thuc\s+hien)"
    r"(?:\s+[^\s,;.()]+){0,3}\s*:?\s*$"
)
_CITED_DOC = re.compile(
    r"(?:quy\s+dinh|nghi\s+quyet|ket\s+luan|chi\s+thi|quyet\s+dinh|thong\s+tu|nghi\s+dinh|luat|ke\s+hoach"
    r"|huong\s+dan|chuong\s+trinh|de\s+an)\s+(?:so\s+)?\d"
)
_CITATION_BEFORE = re.compile(r"(?:\bso\s+[\w./&\-đ]+\s*,?\s*|\b(?:ky|ban\s+hanh|hieu\s+luc(?:\s+tu)?|tu)\s+)$")
# A plan, budget or rating that is itself yearly ("chương trình, kế hoạch công tác hằng năm"): the cycle after it
# describes the noun, not when the duty recurs.
_PLAN_NOUN = r"(?:chuong\s+trinh|ke\s+hoach|du\s+toan|ngan\s+sach|kinh\s+phi|xep\s+loai|khen\s+thuong)"
_PERIODIC_NOUN = re.compile(rf"\b(?:{_PLAN_NOUN}|5\s+nam\s+va)(?:\s+[^\s,;.()]+){{0,3}}\s*$")
# "thực hiện Kế hoạch năm 2027", "các nhiệm vụ năm 2027": the year names the plan (or the year's tasks)
_NAMED_YEAR = re.compile(
    rf"\b(?:{_PLAN_NOUN}|nhiem\s+vu|chi\s+tieu)(?:\s+(?:cong\s+tac|hoat\s+dong|trong\s+tam))?\s+$"
)
_CONDITION_BEFORE = re.compile(r"\bda\b[^.;()]{0,60}$")

_PATTERNS: list[tuple[str, int, re.Pattern[str]]] = [
    # "hằng quý (trước ngày 20 của tháng cuối quý)": that day of March, June, September and December
    (
        "quarter_day",
        PREP,
        re.compile(
            r"(?:(?:truoc|cham\s+nhat|vao)\s+)?ngay\s+(?P<qd>\d{1,2})\s+(?:cua\s+)?thang\s+cuoi\s+(?:cua\s+)?(?:moi\s+)?quy"
        ),
    ),
    # "định kỳ 6 tháng (trước ngày 15/6) và năm (trước ngày 15/12)": a yearly cycle with two days
    (
        "every",
        PREP,
        re.compile(
            r"(?:dinh\s+ky\s+)?6\s+thang\s*\(\s*(?:truoc\s+)?ngay\s+(?P<ed0>\d{1,2})\s*/\s*(?P<em0>\d{1,2})\s*\)"
            r"\s*(?:,|va)\s*(?:hang\s+)?(?P<every>nam)\s*\(\s*(?:truoc\s+)?ngay\s+(?P<ed>\d{1,2})\s*/\s*(?P<em>\d{1,2})\s*\)"
        ),
    ),
    # recurrences first: "trước 16 giờ, ngày 22 hằng tháng", "trước ngày 25 hàng tháng"
    (
        "every",
        PREP,
        re.compile(
            rf"(?:(?:truoc|vao)\s+)?(?:{_TIME}\s*,?\s*)?(?:ngay\s+)?(?P<ed>\d{{1,2}})\s*/\s*(?P<em>\d{{1,2}})\s+{_EVERY}\b"
        ),
    ),
    (
        "every",
        PREP,
        re.compile(
            rf"(?:(?:cham\s+nhat\s+)?(?:truoc|vao|trong)\s+)?(?:{_TIME}\s*,?\s*)?"
            # "ngày 01 tháng 6 và ngày 01 tháng 12 hằng năm": two dates of one yearly cycle
            rf"(?:(?:ngay\s+)?(?P<ed0>\d{{1,2}})\s+thang\s+(?P<em0>\d{{1,2}})\s+va\s+)?(?:ngay\s+)?(?P<ed>\d{{1,2}})"
            rf"(?:\s+thang\s+(?P<em>\d{{1,2}}))?\s+{_EVERY}\b"
        ),
    ),
    # "trước 15 giờ ngày thứ Sáu hằng tuần"
    (
        "every",
        PREP,
        re.compile(rf"(?:(?:truoc|vao)\s+)?(?:{_TIME}\s*,?\s*)?(?:vao\s+)?(?:ngay\s+)?{_WEEKDAY}{_EVERY}\b"),
    ),
    # "báo cáo trước 16 giờ hằng ngày": a time of day on a daily cycle
    ("every", PREP, re.compile(rf"(?:truoc|(?:vao\s+)?luc|vao|cham\s+nhat)\s+{_TIME}\s*,?\s*{_EVERY}\b")),
    (
        "every",
        PREP,
        re.compile(
            rf"{_EVERY}\s*,?\s*(?:(?:cham\s+nhat\s+)?(?:truoc|vao)\s+)?(?:{_TIME}\s*,?\s*)?(?:ngay\s+)"
            rf"(?P<ed>\d{{1,2}})(?:\s+thang\s+(?P<em>\d{{1,2}}))?"
            # "hằng năm trước ngày 15 tháng 6 và ngày 15 tháng 12": the second date of the cycle
            rf"(?:\s+va\s+(?:ngay\s+)?(?P<ed1>\d{{1,2}})\s+thang\s+(?P<em1>\d{{1,2}}))?"
        ),
    ),
    # "báo cáo kết quả 6 tháng, hằng năm": the half-yearly report is the finer cycle
    (
        "every_n",
        PREP,
        re.compile(r"(?:dinh\s+ky\s+)?(?P<n>\d{1,2})\s+thang\s*(?:,|va|/)\s*hang\s+nam\b(?!\s+cua\b)"),
    ),
    # "dự toán kinh phí hoạt động hằng năm của đơn vị": a yearly budget, the task itself has no cycle
    ("every", BARE, re.compile(rf"(?:dinh\s+ky\s+)?{_EVERY}\b(?!\s+cua\b)")),
    # "định kỳ 6 tháng", "định kỳ 05 ngày/lần", "10 ngày một lần", "2 tuần/lần": every n days, weeks or months
    (
        "every_n",
        PREP,
        re.compile(
            r"(?:dinh\s+ky\s+)(?P<n>\d{1,2})\s+(?P<unit>ngay|tuan|thang|nam)(?:\s*/\s*lan|\s+mot\s+lan)?\b"
            r"|(?<![\d/])(?P<n2>\d{1,2})\s+(?P<unit2>ngay|tuan|thang)\s*(?:/\s*lan|\s+mot\s+lan)\b"
        ),
    ),
    # ranges: the end is the deadline
    (
        "range",
        PREP,
        re.compile(
            rf"tu\s+(?:ngay\s+)?(?P<a>\d{{1,2}}(?:{_SEP}\d{{1,2}})?(?:{_SEP}(?:19|20)\d\d)?)\s*(?:den|-|–)\s*"
            rf"(?:het\s+)?(?:ngay\s+)?(?P<b>\d{{1,2}}{_SEP}\d{{1,2}}(?:{_SEP}(?:19|20)\d\d)?)"
        ),
    ),
    (
        "range_month",
        PREP,
        re.compile(rf"(?:tu\s+nay|tu\s+thang\s+\d{{1,2}}(?:{_SEP}(?:19|20)\d\d)?)\s+den\s+(?:het\s+)?{_MONTH}"),
    ),
    # a firm day
    (
        "day",
        PREP,
        re.compile(
            rf"(?:cham\s+nhat\s+(?:la\s+)?(?:truoc\s+)?|truoc\s+|den\s+(?:het\s+)?|vao\s+|trong\s+|dip\s+|han\s+chot\s+)"
            # "đến ngày bầu cử 15/3/2026": the day named by its event, then its date
            rf"(?:{_TIME}\s*,?\s*)?(?:{_WEEKDAY})?(?:ngay\s+(?:[a-z]+\s+){{1,3}}(?=\d{{1,2}}{_SEP}\d))?{_DATE}"
        ),
    ),
    ("day", BARE, re.compile(rf"(?:{_TIME}\s*,?\s*)?(?:{_WEEKDAY})?ngay\s+(?:{_DMY_WORDS}|{_DMY})")),
    (
        "day",
        BARE,
        re.compile(rf"(?<![\d/])(?P<d3>\d{{1,2}}){_SEP}(?P<m3>\d{{1,2}}){_SEP}(?P<y3>(?:19|20)\d\d)"),
    ),
    # periods
    ("half", PREP, re.compile(rf"(?P<n>6|sau)\s+thang\s+(?P<half>dau|cuoi)\s+{_YEAR}")),
    ("vague", VAGUE, re.compile(rf"(?:dau|giua|trung\s+tuan)\s+(?:{_MONTH}|{_YEAR}|{_QUARTER})")),
    # open-ended: "năm 2025 và các năm tiếp theo", "từ năm 2026 trở đi"
    (
        "vague",
        VAGUE,
        re.compile(
            r"(?:tu\s+)?(?:giai\s+doan\s+|nam\s+)?(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?"
            r"\s*(?:va\s+(?:cac\s+|nhung\s+)?nam\s+tiep\s+theo|tro\s+di|ve\s+sau)"
        ),
    ),
    ("month", PREP, re.compile(rf"(?:trong|truoc|cuoi|den\s+het|het|ngay\s+trong|den)\s+{_MONTH}")),
    ("month", BARE, re.compile(rf"{_MONTH}")),
    ("quarter", PREP, re.compile(rf"(?:trong|truoc|cuoi|den\s+het|het)\s+{_QUARTER}")),
    ("quarter", BARE, re.compile(rf"{_QUARTER}")),
    ("year_before", PREP, re.compile(r"truoc\s+nam\s+(?P<yb>(?:19|20)\d\d)")),
    ("year", PREP, re.compile(rf"(?:trong|cuoi|den\s+het|het)\s+{_YEAR}")),
    # "giai đoạn 2026 - 2030" is a deadline in a time column, a plan's period in a sentence
    ("year", BARE, re.compile(rf"giai\s+doan\s+{_YEAR}")),
    (
        "year",
        BARE,
        re.compile(
            r"giai\s+doan\s+(?:tu\s+)?(?:nam\s+)?(?P<yy>(?:19|20)\d\d)\s*(?:-|–|den)\s*(?:nam\s+)?(?P<yy2>(?:19|20)\d\d)"
        ),
    ),
    # "dịp cuối năm", "những tháng cuối năm" name a season of the work, not its end
    # without its year, "cuối năm" dates a duty only after a preposition: "xếp loại … cuối năm" is the appraisal
    (
        "year_end",
        PREP,
        re.compile(
            r"(?:(?:truoc|den|vao|trong|cham\s+nhat|hoan\s+thanh|xong)\s+)(?:thoi\s+diem\s+)?"
            r"cuoi\s+nam(?!\s+(?:19|20)\d\d)(?!\s+hoc)\b"
        ),
    ),
    ("year", BARE, re.compile(rf"{_YEAR}")),
    ("vague", VAGUE, re.compile(r"thoi\s+gian\s+toi|som\s+nhat|ngay\s+sau\s+khi")),
    # in a time column these words are the whole answer; in a sentence they are adverbs
    ("vague_field", VAGUE, re.compile(r"thuong\s+xuyen|dot\s+xuat|hang\s+ngay|lien\s+tuc")),
    # a time column may hold bare numbers: "2026 - 2030", "2027", "6/2025", "11/8/14"
    (
        "field_year",
        BARE,
        re.compile(r"(?<![\d/.])(?P<yy>(?:19|20)\d\d)(?:\s*[-–]\s*(?P<yy2>(?:19|20)\d\d))?(?![\d/])"),
    ),
    ("field_month", BARE, re.compile(r"(?<![\d/.])(?P<mo>\d{1,2})\s*/\s*(?P<my>(?:19|20)\d\d)(?![\d/])")),
    ("field_day", BARE, re.compile(r"(?<![\d/.])(?P<d3>\d{1,2})/(?P<m3>\d{1,2})/(?P<y3>\d\d)(?![\d/])")),
]


# Words one of which a kind of phrase must contain; a text without them is not scanned for it.
_CUES: dict[str, tuple[str, ...]] = {
    "every": ("hang ",),
    "quarter_day": ("cuoi quy", "cuoi cua quy", "cuoi moi quy"),
    "every_n": ("dinh ky", "hang nam", "lan"),
    "range": ("tu ",),
    "range_month": ("tu ",),
    "half": ("thang dau", "thang cuoi"),
    "month": ("thang",),
    "quarter": ("quy",),
    "year": ("nam", "giai doan"),
    "year_before": ("truoc nam",),
    "year_end": ("cuoi nam",),
}


# A text with none of these has no deadline phrase at all.
_ANY_CUE = re.compile(r"\d|hang\s|cuoi\s+nam|thoi\s+gian|som\s+nhat|thuong\s+xuyen|dot\s+xuat|ngay\s+sau|lien\s+tuc")


def _name_before(text: str) -> bool:
    """A capitalised word after the first one: the number that follows belongs to a name."""
    # a period before it ("Quý IV/2026, 2027") is no name: roman numerals and numbers do not count
    return any(w[:1].isupper() and not re.match(r"[IVX]+\b|\S*\d", w) for w in text.split()[1:])


@dataclass(frozen=True)
class Deadline:
    text: str
    start: int
    end: int
    date: date | None = None
    recurrence: str | None = None
    due_time: str | None = None
    strength: int = PREP

    @property
    def iso(self) -> str | None:
        return self.date.isoformat() if self.date else None


def _last_day(y: int, m: int) -> date | None:
    if not (1 <= m <= 12):
        return None
    return date(y, m, calendar.monthrange(y, m)[1])


def inner_date(d: int, m: int, y: int | None, base: date | None) -> date | None:
    """The date inside a phrase; a missing year takes the document's year."""
    year = y or (base.year if base else None)
    if year is None:
        return None
    try:
        return date(year, m, d)
    except ValueError:
        return _dateparser_date(f"{d}/{m}/{year}", base)


@lru_cache(maxsize=256)
def _dateparser_date(s: str, base: date | None) -> date | None:
    # dateparser reads odd forms; a fixed RELATIVE_BASE keeps it off today's date.
    from datetime import datetime

    import dateparser

    settings = {"DATE_ORDER": "DMY", "STRICT_PARSING": True}
    if base:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    got = dateparser.parse(s, languages=["vi"], settings=settings)
    return got.date() if got else None


def _time(g: dict) -> str | None:
    if g.get("hh") is None:
        return None
    hh, mm = int(g["hh"]), int(g.get("mm") or 0)
    return f"{hh:02d}:{mm:02d}" if hh < 24 and mm < 60 else None


def _int(x: str | None) -> int | None:
    return int(x) if x else None


def _quarter(q: str) -> int:
    return _ROMAN.get(q, 0) or int(q)


def _resolve(kind: str, g: dict, base: date | None) -> tuple[date | None, str | None]:
    """(date, rrule) of one matched phrase."""
    year = base.year if base else None
    if kind == "every":
        freq = {"ngay": "DAILY", "tuan": "WEEKLY", "thang": "MONTHLY", "quy": "MONTHLY", "nam": "YEARLY"}[g["every"]]
        rule = f"FREQ={freq}"
        if g["every"] == "quy":
            rule += ";INTERVAL=3"
        if g.get("em") and g.get("ed") and freq == "YEARLY":
            dates = [(int(g[f"ed{k}"]), int(g[f"em{k}"])) for k in ("0", "", "1") if g.get(f"em{k}")]
            if len({d for d, _ in dates}) == 1:  # one day of two months
                months = ",".join(str(m) for _, m in dates)
            else:  # two different days: the later date
                months = str(dates[-1][1])
            rule += f";BYMONTH={months};BYMONTHDAY={dates[-1][0]}"
        elif g.get("ed") and freq in ("MONTHLY", "YEARLY"):
            rule += f";BYMONTHDAY={int(g['ed'])}"
        return None, rule
    if kind == "quarter_day":
        return None, f"FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY={int(g['qd'])}"
    if kind == "every_n":
        n = int(g.get("n") or g.get("n2"))
        unit = g.get("unit") or g.get("unit2") or ""
        freq = {"ngay": "DAILY", "tuan": "WEEKLY", "nam": "YEARLY"}.get(unit, "MONTHLY")
        return None, f"FREQ={freq};INTERVAL={n}" if n > 1 else f"FREQ={freq}"
    if kind == "range":
        b = re.split(r"\s*[/.\-]\s*", g["b"])
        a = re.split(r"\s*[/.\-]\s*", g["a"])
        y = int(b[2]) if len(b) > 2 else (int(a[2]) if len(a) > 2 else year)
        return (inner_date(int(b[0]), int(b[1]), y, base) if y else None), None
    if kind == "range_month":
        y = _int(g.get("my")) or year
        return (_last_day(y, int(g["mo"])) if y else None), None
    if kind == "day":
        d = g.get("d2") or g.get("d") or g.get("d3")
        m = g.get("m2") or g.get("m") or g.get("m3")
        y = _int(g.get("y2") or g.get("y") or g.get("y3"))
        y = y + 2000 if y is not None and y < 100 else y  # "11/8/14" in a tracking table
        return (inner_date(int(d), int(m), y, base) if d and m else None), None
    if kind == "month":
        y = _int(g.get("my")) or year
        return (_last_day(y, int(g["mo"])) if y else None), None
    if kind == "quarter":
        y = _int(g.get("qy")) or year
        q = _quarter(g["q"])
        return (_last_day(y, q * 3) if y and 1 <= q <= 4 else None), None
    if kind == "half":
        y = int(g["yy"])
        return (date(y, 6, 30) if g["half"] == "dau" else date(y, 12, 31)), None
    if kind == "year":
        y = _int(g.get("yy2")) or int(g["yy"])
        return date(y, 12, 31), None
    if kind == "year_before":
        return date(int(g["yb"]), 12, 31), None  # the guideline's annotators read "trước năm 2030" as by 2030
    if kind == "year_end":
        return (date(year, 12, 31) if year else None), None
    return None, None


def _lead_in(folded: str, start: int) -> int:
    """Start of the phrase's lead-in ("hoàn thành chi trả trước …"), or `start` when there is none."""
    window_start = max(0, start - 60)
    before = folded[window_start:start]
    cut = max(before.rfind(","), before.rfind(";"), before.rfind("("), before.rfind("."))
    seg_start = window_start + cut + 1
    m = _LEAD_WORDS.search(folded[seg_start:start])
    if not m:
        return start
    s = seg_start + m.start()
    return s


def find_deadlines(text: str, base: date | None = None, in_field: bool = False) -> list[Deadline]:
    """All deadline candidates in `text`, left to right, not overlapping.

    in_field: the text is a time column or a "Thời gian: …" field, where a bare date or year is a deadline.
    """
    return list(_find_deadlines(text, base, in_field))


@lru_cache(maxsize=4096)  # a row's text is searched again as later sentences join it
def _find_deadlines(text: str, base: date | None, in_field: bool) -> tuple[Deadline, ...]:
    folded = ascii_fold(text)
    if not _ANY_CUE.search(folded):
        return ()  # no digit and no cycle or period word: nothing to parse
    taken = [False] * (len(folded) + 1)
    found: list[Deadline] = []
    for kind, strength, pat in _PATTERNS:
        cue = _CUES.get(kind)
        if cue and not any(c in folded for c in cue):
            continue  # the phrase's key word is absent: skip the scan
        bare_number = kind.startswith("field_")
        if bare_number:
            if not in_field:
                continue
            kind = kind[len("field_") :]
        for m in pat.finditer(folded):
            s, e = m.start(), m.end()
            if any(taken[s:e]):
                continue
            if s > 0 and folded[s - 1].isalnum():
                continue
            g = m.groupdict()
            if bare_number and _name_before(text[:s]):
                continue  # "theo Luật An ninh mạng 2025": the year of a name, not a time
            if kind == "vague_field" and not in_field:
                continue
            if strength == BARE and not in_field:
                before = folded[max(0, s - 40) : s]
                if kind == "every":
                    # "báo cáo … hằng tháng" repeats the duty; "xếp loại chất lượng hằng năm" names a cited rule
                    if _CITED_DOC.search(folded[max(0, s - 120) : s]):
                        continue
                    if not m.group(0).startswith("dinh") and _PERIODIC_NOUN.search(before):
                        continue  # "kế hoạch công tác hằng năm", "dự toán ngân sách hằng năm": what the thing is
                elif kind in ("day", "month", "quarter", "year") and not _LEAD_WORDS.search(before):
                    continue
            if kind == "year" and _NAMED_YEAR.search(folded[max(0, s - 40) : s]):
                continue  # "thực hiện Kế hoạch năm 2027", "các nhiệm vụ năm 2027": the year names the plan
            if (
                kind in ("day", "month")
                and _CITATION_BEFORE.search(folded[max(0, s - 40) : s])
                and not m.group(0).startswith(("truoc", "cham nhat"))  # "còn hiệu lực trước ngày 30/9" is due
            ):
                continue
            if kind in ("day", "month", "quarter", "year") and re.search(
                r"(?<!\w)(?:từ|sau)\s+(?:ngày\s+)?$", text[max(0, s - 10) : s].lower()  # never "chủ đầu tư"
            ):
                kind = "vague"  # "từ quý II/2026", "sau năm 2028": when it starts, not when it is due
            d, rule = _resolve(kind, g, base)
            st = strength
            if kind in ("vague", "vague_field"):
                st = VAGUE
            elif kind == "every" and not (g.get("ed") or g.get("hh")) and strength == BARE:
                st = BARE
            if st >= PREP and _CONDITION_BEFORE.search(folded[max(0, s - 70) : s]) and kind == "day":
                st = BARE
            lead = _lead_in(folded, s) if not kind.startswith("vague") else s
            if lead < s and st >= BARE and kind != "every":
                st = max(st, LEAD) if st >= PREP or in_field else PREP
            for i in range(s, e):
                taken[i] = True
            weekday = re.search(rf"({_WEEKDAY})", folded[s:e]) if kind == "every" else None
            if weekday and not rule:
                rule = None
            if kind == "every" and weekday and rule and rule.startswith("FREQ=WEEKLY"):
                wd = " ".join(weekday.group(1).replace(",", " ").split()[1:]) or "nhat"
                code = _WEEKDAYS.get(wd)
                if code:
                    rule += f";BYDAY={code}"
            found.append(
                Deadline(
                    text=text[lead:e].strip(" ,;:"),
                    start=lead,
                    end=e,
                    date=d,
                    recurrence=rule,
                    due_time=_time(g),
                    strength=st,
                )
            )
    found.sort(key=lambda c: c.start)
    return tuple(found)


_YEARLESS_DAY = re.compile(
    r"(?i)ngày\s+\d{1,2}(?:\s*/\s*\d{1,2}|\s+tháng\s+\d{1,2})(?!\d)(?!\s*(?:[/.\-]|,?\s*năm)\s*\d)"
)


def in_cycle(d: Deadline, freq: str) -> Deadline:
    """A day written without its year ("trước ngày 05/7") in a cycle of `freq`: that day of every cycle; any
    other deadline as it is."""
    if d.date is None or d.recurrence or not _YEARLESS_DAY.search(d.text):
        return d
    by = f"BYMONTH={d.date.month};BYMONTHDAY={d.date.day}" if freq == "YEARLY" else f"BYMONTHDAY={d.date.day}"
    return replace(d, date=None, recurrence=f"FREQ={freq};{by}")


def pick(cands: list[Deadline]) -> Deadline | None:
    """The deadline of a task: the strongest candidate; among equals the latest date."""
    if not cands:
        return None
    # a cycle with its day ("trước ngày 25 hằng tháng", "thứ Sáu hằng tuần") beats the window it runs in
    firm = [c for c in cands if c.recurrence and c.strength >= PREP and re.search(r"BY(?:MONTH)?DAY", c.recurrence)]
    if firm:
        return firm[0]
    yearly = next((c for c in cands if c.recurrence == "FREQ=YEARLY"), None)
    if yearly is not None:
        # "định kỳ hằng năm báo cáo …, gửi … trước ngày 25 tháng 12": the day of the yearly cycle
        day = next((c for c in cands if c.strength >= PREP and in_cycle(c, "YEARLY") is not c), None)
        if day is not None:
            return in_cycle(day, "YEARLY")
        # "Năm 2022 và hằng năm": done by then, and again every year
        dated = next((c for c in cands if c.date and not c.recurrence and 0 <= yearly.start - c.end <= 5), None)
        if dated is not None:
            return replace(dated, recurrence=yearly.recurrence)
    best = max(c.strength for c in cands)
    top = [c for c in cands if c.strength == best]
    dated = [c for c in top if c.date]
    if dated:
        return max(dated, key=lambda c: (c.date, c.start))
    return top[-1]
