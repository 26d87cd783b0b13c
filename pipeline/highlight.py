"""Mark a task's lead agencies, partners and deadline phrase in its source clause, rendered with displaCy."""

from __future__ import annotations

import html
import math
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pipeline.textutil import fold, nfc

LEAD, PARTNER, DEADLINE = "LEAD", "PARTNER", "DEADLINE"
COLORS = {LEAD: "#f4a261", PARTNER: "#8ecae6", DEADLINE: "#b5e48c"}
# Where two found spans overlap, the longer wins; on a tie this order decides.
_PRIORITY = {DEADLINE: 0, LEAD: 1, PARTNER: 2}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str


@dataclass(repr=False)
class Highlight:
    """A source clause with its marked spans; shows itself as HTML in Jupyter."""

    text: str
    spans: list[Span]
    html: str
    missing: dict[str, list[str]] = field(default_factory=dict)  # label → phrases not found in the text

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        labels = ", ".join(f"{s.label} {self.text[s.start : s.end]!r}" for s in self.spans)
        return f"<Highlight of {len(self.text)} characters: {labels or 'nothing marked'}>"


def _present(value: Any) -> bool:
    """False for None and the NaN / NA / NaT that pandas puts in empty cells."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    pd = sys.modules.get("pandas")  # compare with pandas' markers only when pandas is already loaded
    return not (pd is not None and (value is pd.NA or value is pd.NaT))


def _as_list(value: Any) -> list[str]:
    if not _present(value):
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, Iterable):
        return [str(v) for v in value if _present(v) and str(v).strip()]
    return []


def _as_text(value: Any) -> str:
    return str(value) if _present(value) else ""


def _pattern(phrase: str) -> re.Pattern[str] | None:
    """A regex over folded text that matches the phrase with any run of white space between its words."""
    words = fold(nfc(phrase)).split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def find_spans(text: str, phrases: Mapping[str, Iterable[str]]) -> tuple[list[Span], dict[str, list[str]]]:
    """Locate every phrase in `text`, tone-folded and case-insensitive; returns non-overlapping spans
    sorted by start, and for each label the phrases that were not found."""
    folded = fold(text)  # one character for one, so offsets in `folded` are offsets in `text`
    found: list[Span] = []
    missing: dict[str, list[str]] = {}
    for label, items in phrases.items():
        for phrase in items:
            pat = _pattern(phrase)
            hits = [Span(m.start(), m.end(), label) for m in pat.finditer(folded)] if pat else []
            if not hits:
                missing.setdefault(label, []).append(phrase)
            found.extend(hits)
    found.sort(key=lambda s: (-(s.end - s.start), _PRIORITY.get(s.label, 9), s.start))
    kept: list[Span] = []
    for s in found:
        if all(s.end <= k.start or s.start >= k.end for k in kept):
            kept.append(s)
    return sorted(kept, key=lambda s: s.start), missing


def render(text: str, spans: list[Span], title: str = "", missing: Mapping[str, list[str]] | None = None) -> str:
    """displaCy "ent" markup of `text` with `spans`, plus an escaped title and a note on unfound phrases."""
    from spacy import displacy

    body = displacy.render(
        {"text": text, "ents": [{"start": s.start, "end": s.end, "label": s.label} for s in spans]},
        style="ent",
        manual=True,
        jupyter=False,  # always return the markup; displaCy would otherwise display it itself in Jupyter
        options={"ents": list(COLORS), "colors": COLORS},
    )
    head = f'<div class="task-title" style="font-weight: bold">{html.escape(title)}</div>' if title else ""
    notes = []
    for label, phrases in (missing or {}).items():
        if phrases:
            names = "; ".join(html.escape(p) for p in phrases)
            notes.append(f"{html.escape(label)} not in the text: {names}")
    foot = "".join(f'<div class="task-note" style="font-size: 0.85em; color: #666">{n}</div>' for n in notes)
    return f'<div class="task-highlight">{head}{body}{foot}</div>'


def _fields(obj: Any) -> dict[str, Any]:
    """The task fields of a Task, a dict, a pandas Series / one-row DataFrame, or a Clause."""
    if hasattr(obj, "to_dict") and hasattr(obj, "columns"):  # a DataFrame: accept exactly one row
        if len(obj) != 1:
            raise ValueError(f"show() takes one task; got a table of {len(obj)} rows (use .iloc[i])")
        return dict(obj.iloc[0].to_dict())
    if isinstance(obj, Mapping):
        return dict(obj)
    if hasattr(obj, "to_dict"):  # Task dataclass, pandas Series
        return dict(obj.to_dict())
    if hasattr(obj, "path") and hasattr(obj, "text"):  # a Clause of the outline
        return {"source": obj.text, "clause": obj.path}
    raise TypeError(f"show() takes a Task, a task-table row, a dict or a string, not {type(obj).__name__}")


def _tasks_in(text: str) -> list[Any]:
    """Run the extractor over a bare clause so a plain string gets its agencies and deadline marked."""
    from pipeline.extraction import extract_blocks
    from pipeline.model import Block

    try:
        docs = extract_blocks([Block(text=line) for line in text.splitlines() if line.strip()], "<text>")
    except Exception:  # noqa: BLE001 - highlighting a string must not fail on an extractor bug
        return []
    return [t for d in docs for t in d.tasks]


def highlight(
    task_or_clause: Any,
    *,
    assignees: Iterable[str] | None = None,
    coordinators: Iterable[str] | None = None,
    deadline_text: str | None = None,
) -> Highlight:
    """Build the highlighted view of one task (see `pipeline.api.show`)."""
    if isinstance(task_or_clause, str):
        text = nfc(task_or_clause)
        rows = [] if (assignees or coordinators or deadline_text) else _tasks_in(text)
        f: dict[str, Any] = {
            "assignees": [a for t in rows for a in t.assignees],
            "coordinators": [c for t in rows for c in t.coordinators],
            "deadline_text": [t.deadline_text for t in rows if t.deadline_text],
        }
        title = ""
    else:
        f = _fields(task_or_clause)
        text = nfc(_as_text(f.get("source")) or _as_text(f.get("task")))
        parts = [_as_text(f.get(k)) for k in ("doc_number", "doc", "clause")]
        title = " · ".join(p for p in parts if p)
        deadline = _as_text(f.get("deadline"))[:10]
        if deadline:
            title += f" · deadline {deadline}"
    if assignees is not None:
        f["assignees"] = list(assignees)
    if coordinators is not None:
        f["coordinators"] = list(coordinators)
    if deadline_text is not None:
        f["deadline_text"] = deadline_text
    phrases = {
        LEAD: _unique(_as_list(f.get("assignees"))),
        PARTNER: _unique(_as_list(f.get("coordinators"))),
        DEADLINE: _unique(_as_list(f.get("deadline_text"))),
    }
    spans, missing = find_spans(text, phrases)
    if _present(f.get("implicit")) and bool(f.get("implicit")):
        missing.pop(LEAD, None)  # implicit leads come from "Kính gửi", never from the clause itself
    return Highlight(text=text, spans=spans, html=render(text, spans, title, missing), missing=missing)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
