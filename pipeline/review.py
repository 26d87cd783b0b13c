"""Review flags and a read confidence for every task row: which rows a person should check, and why.

A scanned row's confidence is that of its least sure OCR'd line or cell (the page's where none
matches), 0-1; a text layer's rows have 1.0. Reasons (models/review.yml holds the thresholds and words):
- "low_ocr_confidence": the row's confidence is below the threshold;
- "lead_not_agency": a lead is no body by the gazetteer or the head-word rules (a heading in
  capitals, words run together by a lost cell wall);
- "deadline_unparsed": the row has deadline text that gives neither a date nor a recurrence;
- "cells_misaligned": a scanned table row whose cells did not line up with the columns.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.agencies import gazetteer, own_names_in_force, starts_agency
from pipeline.model import OcrText, Task
from pipeline.resources import load
from pipeline.textutil import LOWER_LETTERS, UPPER_LETTERS, nfc, tnorm

LOW_CONFIDENCE = "low_ocr_confidence"
NOT_AGENCY = "lead_not_agency"
DEADLINE_UNPARSED = "deadline_unparsed"
MISALIGNED = "cells_misaligned"

# An OCR line this short is matched only as a whole part: "năm 2026" stands in too many clauses.
_MIN_MATCH = 12


@dataclass
class Evidence:
    """The OCR'd texts of one document, with a lookup from text to its confidence and alignment."""

    texts: list[OcrText]

    def __post_init__(self) -> None:
        self.by_page: dict[int, list[tuple[str, OcrText]]] = defaultdict(list)
        for t in self.texts:
            self.by_page[t.page].append((_norm(t.text), t))

    def matching(self, parts: list[str], page: int | None) -> list[OcrText]:
        """The OCR'd texts that make up `parts` (the clause text, the row's cells), from `page` on."""
        wanted = [_norm(p) for p in parts if p and p.strip()]
        exact = set(wanted)
        out: list[OcrText] = []
        for pno, items in self.by_page.items():
            if page is not None and pno < page:
                continue
            for text, t in items:
                if text in exact or (len(text) >= _MIN_MATCH and any(text in w for w in wanted)):
                    out.append(t)
        return out

    def page_conf(self, page: int | None) -> float | None:
        return _mean([t for t in self.texts if page is None or t.page == page]) or _mean(self.texts)


def _norm(s: str) -> str:
    return " ".join(nfc(s).split())


def _mean(texts: list[OcrText]) -> float | None:
    rated = [(t.conf, len(t.text)) for t in texts if t.conf is not None]
    total = sum(n for _, n in rated)
    return sum(c * n for c, n in rated) / total if total else None


@cache
def _rules() -> tuple[float, tuple[str, ...]]:
    data = load("review")
    return float(data["low_ocr_confidence"]), tuple(tnorm(w) for w in data["open_ended"])


def is_agency(name: str) -> bool:
    """Whether a lead reads as a body: the gazetteer or the head-word rules, not a heading in capitals
    nor words run together."""
    return _is_agency(name.strip(), own_names_in_force())


@lru_cache(maxsize=4096)
def _is_agency(name: str, _own: object) -> bool:
    # a document's own names (`_own`) change what the gazetteer finds: they are part of the key
    if not name or _run_together(name) or re.search(r"[_|#~^*]", name):
        return False
    spans = gazetteer().spans(name)
    if any(a == 0 and b >= len(name.rstrip(" .,;")) for a, b in spans):
        return True
    if any(b < a2 and not name[b:a2].strip() for (_, b), (a2, _) in zip(spans, spans[1:], strict=False)):
        return False  # "Ngân hàng Nhà nước Việt Nam Bộ Công an": two names a lost separator ran together
    letters = [c for c in name if c.isalpha()]
    if len(name.split()) >= 4 and letters and all(c.isupper() for c in letters):
        return False  # "TỔ CHỨC THỰC HIỆN": a heading read as a lead
    return starts_agency(name, 0, spans)


_RUN_TOGETHER = re.compile(f"[{LOWER_LETTERS}][{UPPER_LETTERS}]")


def _run_together(name: str) -> bool:
    """A lower-case letter straight before a capital inside a word: two cells' words run together ("nướcBộ")."""
    return _RUN_TOGETHER.search(name) is not None


def deadline_unparsed(task: Task) -> bool:
    """Deadline text that gives no date and no recurrence, and is not an open-ended one ("thường xuyên")."""
    text = (task.deadline_text or "").strip()
    if not text or task.deadline or task.recurrence or task.due_time:
        return False
    folded = tnorm(text)
    return not any(w in folded for w in _rules()[1])


def review(task: Task, parts: list[str], evidence: Evidence | None) -> None:
    """Set the row's confidence and review flags; `evidence` is None for a text layer."""
    reasons: list[str] = []
    if evidence is not None:
        found = evidence.matching(parts, task.page)
        # a row is as sure as its least sure line or cell: one misread lead cell makes the row doubtful
        rated = [t.conf for t in found if t.conf is not None and sum(c.isalnum() for c in t.text) >= 2]
        conf = min(rated) if rated else evidence.page_conf(task.page)
        task.confidence = round(conf / 100, 3) if conf is not None else 0.0
        if conf is None or conf < _rules()[0]:
            reasons.append(LOW_CONFIDENCE)
        if any(not t.aligned for t in found):
            reasons.append(MISALIGNED)
    else:
        task.confidence = 1.0
    if any(not is_agency(a) for a in task.assignees):
        reasons.append(NOT_AGENCY)
    if deadline_unparsed(task):
        reasons.append(DEADLINE_UNPARSED)
    task.review_reasons = sorted(reasons)
    task.needs_review = bool(reasons)
