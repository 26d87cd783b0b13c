"""Task tables: a table whose header names content / lead / partner / time columns gives one task a row."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline import deadlines as dl
from pipeline.model import Clause
from pipeline.resources import load
from pipeline.sequence import next_roman, number_run, roman_value
from pipeline.textutil import ascii_fold

if TYPE_CHECKING:
    from pipeline.tasks import Ctx, Row

ROLES = ("number", "content", "lead", "partner", "time", "product", "group")


@lru_cache(maxsize=1)
def _field_words() -> dict[str, list[str]]:
    """Each role's column names, folded and spaced as a header key is, longest first (built once)."""
    out: dict[str, list[str]] = {}
    for role, words in load("lexicon")["fields"].items():
        keys = {" ".join(re.sub(r"[^a-z0-9 /]", " ", ascii_fold(w)).split()) for w in words}
        out[role] = sorted(keys, key=len, reverse=True)
    return out


def column_roles(header: tuple[str, ...]) -> dict[int, str]:
    """Column index → role for a header row ("STT", "Nội dung", "Cơ quan chủ trì", …)."""
    return dict(_column_roles(header))


@lru_cache(maxsize=1024)  # every row of a table is tried as its header: the same cells come back
def _column_roles(header: tuple[str, ...]) -> dict[int, str]:
    words = _field_words()
    roles: dict[int, str] = {}
    for i, cell in enumerate(header):
        key = re.sub(r"[^a-z0-9 /]", " ", ascii_fold(cell))
        # a scan's speck before the name: "Ị Bộ ngành phối hợp"
        key = re.sub(r"^(?:\S )+(?=\S\S)", "", " ".join(key.split()))
        best = None
        for role in ("number", "partner", "lead", "time", "product", "detail", "content"):
            for wk in words.get(role, ()):
                if key == wk or (len(wk) > 4 and key.startswith(wk)):
                    best = role
                    break
            if best:
                break
        if best and best not in roles.values():
            roles[i] = best
    if "detail" in roles.values():  # "Nội dung hành động | Hành động cụ thể": the specific actions are the tasks
        roles = {i: {"content": "group", "detail": "content"}.get(r, r) for i, r in roles.items()}
    return roles


def is_number_column(cell: str) -> bool:
    """Whether a header cell names the row-number column ("STT", "TT", "Số TT")."""
    return column_roles((cell.strip(" *."),)).get(0) == "number"


def is_task_table(rows: list[tuple[str, ...]] | tuple[tuple[str, ...], ...]) -> bool:
    return header_index(rows) is not None


def header_index(rows) -> int | None:
    for i, r in enumerate(rows[:4]):
        roles = set(column_roles(tuple(r)).values())
        if len(roles & {"content", "lead", "partner", "time"}) >= 2 and ("lead" in roles or "time" in roles):
            return i
    return None


def table_rows(node: Clause, rows: list[tuple[str, ...]], ctx: Ctx, base: date | None) -> list[Row]:
    from pipeline.tasks import Row, _entries_of_cell

    h = header_index(rows)
    if h is None:
        return []
    roles = column_roles(tuple(rows[h]))
    col = {role: i for i, role in roles.items()}
    out: list[Row] = []
    group_lead: tuple[str, ...] = ()
    group_label = ""  # "I", "A": a group row's own STT goes into its rows' paths ("PLII.I.1")
    last_roman = 0
    prefix = node.path
    body = list(rows[h + 1 :])
    kinds = [_row_kind(tuple(r), tuple(rows[h]), col) for r in body]
    numbers = _task_numbers(body, kinds, col.get("number"))
    for n, r in enumerate(body, 1):
        cell = {role: (r[i].strip() if i < len(r) else "") for role, i in col.items()}
        if kinds[n - 1] == "skip":
            continue  # a repeated header, or the column-number row "(1) (2) (3)"
        content = cell.get("content", "")
        filled = [c for c in r if c.strip()]
        if kinds[n - 1] == "group":
            # a group row heads the rows below it; an agency in capitals is their lead
            label_text = " ".join(c for c in filled if not re.fullmatch(r"[A-ZĐIVX\d.]+", c.strip()))
            ents = _entries_of_cell(label_text.title() if label_text.isupper() else label_text) if label_text else ()
            group_lead = ents if ents and _looks_agency(label_text) else ()
            raw = (cell.get("number") or "").strip().rstrip(".,")
            roman = next_roman(raw, last_roman) if raw and not _group_label(raw).isdigit() else None
            group_label = roman or _group_label(raw)
            last_roman = roman_value(roman) or last_roman if roman else last_roman
            continue
        stt = numbers.get(n - 1, "").strip().rstrip(".")
        if group_label and stt and _scheme(stt) == _scheme(group_label):
            group_label, group_lead = "", ()  # "3" after group "2" and its a), b): the group has ended
        comp = stt if stt else str(n)
        if group_label and not comp.startswith(group_label + "."):
            comp = f"{group_label}.{comp}"
        path = f"{prefix}.{comp}" if prefix else comp
        lead = _entries_of_cell(cell["lead"]) if cell.get("lead") else (group_lead or ctx.assignees)
        partners = _entries_of_cell(cell["partner"]) if cell.get("partner") else ()
        dtext = cell.get("time") or ""
        d = dl.pick(dl.find_deadlines(dtext, base, in_field=True)) if dtext else None
        if dtext and d is None:
            d = dl.Deadline(text=dtext, start=0, end=len(dtext), strength=dl.VAGUE)
        if not dtext:
            d = _content_deadline(content, base)  # an empty time column: the duty may state its own
        row_clause = Clause(
            path=path,
            label=stt,
            text=content,
            page=node.page,
            start=node.start,
            end=node.end,
            cells={role: cell.get(role, "") for role in col},
        )
        out.append(
            Row(
                clause=row_clause,
                assignees=tuple(lead),
                implicit=False,
                coordinators=tuple(partners),
                text=re.sub(r"\s+", " ", content).strip(),
                deadline=d,
                explicit=bool(cell.get("lead")),
            )
        )
    return out


def _row_kind(r: tuple[str, ...], header: tuple[str, ...], col: dict[str, int]) -> str:
    """"skip" (a repeated header, the column-number row "(1) (2) (3)"), "group" (a row heading the
    rows below it) or "task"."""
    if r == header or all(re.fullmatch(r"\(?\d+\)?", c.strip()) for c in r if c.strip()):
        return "skip"
    cell = {role: (r[i].strip() if i < len(r) else "") for role, i in col.items()}
    filled = [c for c in r if c.strip()]
    if not cell.get("content") or len(filled) <= 2 and not cell.get("lead") and not cell.get("time"):
        return "group"
    if not any(cell.get(k) for k in ("lead", "partner", "time")) and len(filled) <= 3:
        # "II. | Các hành động … | … PCRT": a heading read across a column line in a scan
        if not re.fullmatch(r"\d{1,3}[.,]?", cell.get("number", "")):
            return "group"
    return "task"


def _task_numbers(body: list[tuple[str, ...]], kinds: list[str], number_col: int | None) -> dict[int, str]:
    """Each task row's STT, read in the run of its group (`sequence.number_run`: a scan's "S," is 5)."""
    out: dict[int, str] = {}
    if number_col is None:
        return out
    run: list[int] = []
    for i, kind in [*enumerate(kinds), (len(kinds), "group")]:
        if kind == "task":
            run.append(i)
        elif kind == "group" and run:
            raws = [body[j][number_col] if number_col < len(body[j]) else "" for j in run]
            out.update(zip(run, number_run(raws), strict=True))
            run = []
    return out


_GROUP_LABEL = re.compile(r"[IVXLC]{1,5}|[A-ZĐ]|\d{1,3}")


def _scheme(label: str) -> str:
    """The numbering a label belongs to: arabic, roman, capital or small letter."""
    for name, pat in (("arabic", r"\d+"), ("roman", r"[IVXLC]+"), ("capital", r"[A-ZĐ]"), ("letter", r"[a-zđ]\)?")):
        if re.fullmatch(pat, label):
            return name
    return label


def _group_label(number_cell: str) -> str:
    """The STT of a group row when it is a label ("I", "A", "2"), not a name written in that column."""
    t = number_cell.strip().rstrip(".")
    return t if _GROUP_LABEL.fullmatch(t) else ""


def _content_deadline(content: str, base: date | None) -> dl.Deadline | None:
    """A firm deadline the content cell states in prose ("… báo cáo trước ngày 13/8/2014")."""
    cands = [c for c in dl.find_deadlines(content, base) if c.strength >= dl.PREP and (c.date or c.recurrence)]
    return dl.pick(cands)


def _looks_agency(text: str) -> bool:
    f = ascii_fold(text).strip()
    return bool(re.match(r"(?:bo|ban|so|uy ban|ubnd|van phong|tap doan|ngan hang|thanh tra|cac bo|dai)\b", f))
