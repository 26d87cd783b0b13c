"""Sub-items that are the object of their parent's duty, not duties of their own.

"Kiểm tra việc hiệp thương …. Cụ thể: - Việc bảo đảm tỷ lệ …; - Cơ cấu, thành phần …" lists what the
inspection covers: noun phrases with no agency and no verb of their own. One row per duty, so the
parent is the task and such items are part of its text; items that carry a duty keep their own rows.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.agencies import is_predicate, starts_agency
from pipeline.model import Clause
from pipeline.pos import opens_noun
from pipeline.resources import load
from pipeline.textutil import tnorm

BULLETS = ("-", "+", "•", "*", "")
_TIME = re.compile(r"\W*(?:thời gian|thời hạn|tiến độ)\b")


@cache
def _starts(key: str) -> re.Pattern[str]:
    words = sorted({tnorm(w) for w in load("lexicon")[key]}, key=len, reverse=True)
    return re.compile(r"(?:{})\b".format("|".join(map(re.escape, words))))


def kind(text: str) -> str | None:
    """ "noun" for a noun phrase, "criterion" for "Đảm bảo …", None for an item that may be a duty."""
    t = text.lstrip(" -+*•").strip()
    if not t or starts_agency(t, 0):
        return None
    low = tnorm(t[:60])
    if any(_starts(k).match(low) for k in ("document_kinds", "finding_starts", "case_starts")):
        return None  # a document to draft is its own row, "Cơ bản thống nhất …" a finding, "Đối với …:" a case
    if _starts("criterion_verbs").match(low):
        return "criterion"
    if is_predicate(t, 0):
        return None
    return "noun" if opens_noun(t) else None


def content_run(kids: list[Clause]) -> list[Clause]:
    """The leading items of `kids` that spell out their parent's duty, or [] where they read as duties.

    A run counts when one of its items at least is a noun phrase ("Đảm bảo …" alone is a duty) and it
    holds half the items or more, so a noun mis-tagged in a list of duties does not swallow the list.
    """
    run: list[Clause] = []
    for k in kids:
        if getattr(k, "table_rows", None) or k.heading or _TIME.match(tnorm(k.text)):
            break
        if k.label not in BULLETS and any(c.label for c in k.children):
            break  # "Điều 1." or "a)" over items of its own: a part of the document, not an object
        kd = kind(k.text)
        if kd is None:
            break
        run.append(k)
    if not any(kind(k.text) == "noun" for k in run) or 2 * len(run) < len(kids):
        return []
    return run


def fold(text: str, run: list[Clause]) -> tuple[str, list[str]]:
    """The parent's text with the items of `run` written after it ("… Cụ thể: - Việc …; - Cơ cấu …"), and
    the time paragraphs found among them ("* Thời gian thực hiện: …"), which are the parent's."""
    parts, times = [text.rstrip()], []

    def add(kids: list[Clause]) -> None:
        for i, k in enumerate(kids):
            if _TIME.match(tnorm(k.text.lstrip(" -+*•"))):
                # the time spec and the entries under or after it ("+ Đợt 1: …") are the deadline
                times.append(" ".join([k.text, *(c.text for c in k.children), *(c.text for c in kids[i + 1 :])]))
                return
            parts.append(f"{k.label} {k.text}".strip())
            add(k.children)

    add(run)
    return " ".join(parts), times
