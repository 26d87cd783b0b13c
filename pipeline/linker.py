"""Scoring which central task(s) a local task carries out.

Score = cosine similarity of TF-IDF vectors (scikit-learn) over underthesea's word segmentation,
tone-folded, plus bonuses for the clause the local task names, a deadline on or before the central one,
the same rhythm of a repeated duty, and a local assignee that is a subordinate of the central one
(models/linking.yml). Each link carries its reasons; a local deadline later than the central one is
flagged `late`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import Any

from pipeline.resources import load
from pipeline.textutil import ascii_fold

# "mục 3", "khoản 2", "điểm 4" of the central document (folded text).
_CLAUSE_NAMED = re.compile(r"\b(?:muc|khoan|diem|tiet|phan)\s+(?:so\s+)?(\d{1,2})\b")
_MONTHDAY = re.compile(r"BYMONTHDAY=(\d{1,2})")
_FREQ = re.compile(r"FREQ=(\w+)")


@dataclass
class LinkTask:
    """The fields of a task the linker reads."""

    task_id: str
    task: str
    clause: str = ""
    assignees: list[str] = field(default_factory=list)
    deadline: date | None = None
    recurrence: str | None = None
    doc_number: str | None = None


@dataclass
class Link:
    local: str  # task_id
    central: str  # task_id
    score: float
    reasons: list[str]
    late: bool = False


@dataclass(frozen=True)
class _Config:
    weights: dict[str, float]
    threshold: float
    ratio: float
    max_links: int
    stop_words: frozenset[str]
    subordinates: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    same_field: tuple[tuple[str, str], ...]


def _fold(s: str) -> str:
    return " ".join(ascii_fold(s.lower()).split())


@cache
def config() -> _Config:
    data: dict[str, Any] = load("linking")
    subs = tuple(
        (tuple(_fold(c) for c in r["central"]), tuple(_fold(x) for x in r["local"])) for r in data["subordinates"]
    )
    return _Config(
        weights={k: float(v) for k, v in data["weights"].items()},
        threshold=float(data["threshold"]),
        ratio=float(data["ratio"]),
        max_links=int(data["max_links"]),
        stop_words=frozenset(data["stop_words"]),
        subordinates=subs,
        same_field=tuple((_fold(a), _fold(b)) for a, b in data["same_field"]),
    )


def tokens(text: str) -> list[str]:
    """Word-segmented, tone-folded tokens ("Chính phủ" → "chinh_phu"), stop words and numbers dropped."""
    return list(_tokens(text))


@lru_cache(maxsize=65536)  # a central task is compared with every document implementing it
def _tokens(text: str) -> tuple[str, ...]:
    from underthesea import word_tokenize

    stop = config().stop_words
    out = []
    for w in word_tokenize(text):
        t = _fold(w).replace(" ", "_")
        if re.search(r"[a-z]", t) and t not in stop:
            out.append(t)
    return tuple(out)


def _analyzer(toks: list[str]) -> list[str]:
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]


def similarities(local: Sequence[LinkTask], central: Sequence[LinkTask]) -> Any:
    """The local × central matrix of TF-IDF cosine similarities. The IDF is fitted on the central tasks:
    a word is weighed by how well it tells central tasks apart, not by how common the local letter makes it."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True)
    c = vec.fit_transform([tokens(t.task) for t in central])
    lo = vec.transform([tokens(t.task) for t in local])
    return (lo @ c.T).toarray()


def subordinate(local_names: Sequence[str], central_names: Sequence[str]) -> str | None:
    """'Ban Tổ chức Thành ủy under Ban Tổ chức Trung ương' when a local assignee is one level below."""
    cfg = config()
    for cn in central_names:
        c = _fold(cn)
        for ln in local_names:
            lo = _fold(ln)
            for a, b in cfg.same_field:
                if c.startswith(a + " ") and lo.startswith(b + " ") and c[len(a) :].strip() == lo[len(b) :].strip():
                    return f"{ln} under {cn}"
            for cpats, lpats in cfg.subordinates:
                if any(p in c for p in cpats) and any(lo.startswith(p) or f" {p}" in lo for p in lpats):
                    return f"{ln} under {cn}"
    return None


def _rhythm(local: LinkTask, central: LinkTask) -> tuple[str | None, bool]:
    """(reason, late) for two repeated duties: same frequency; a monthly day after the central day is late."""
    lf, cf = (_FREQ.search(t.recurrence or "") for t in (local, central))
    if not (lf and cf and lf.group(1) == cf.group(1)):
        return None, False
    ld, cd = (_MONTHDAY.search(t.recurrence or "") for t in (local, central))
    if ld and cd:
        late = int(ld.group(1)) > int(cd.group(1))
        word = "after" if late else "on or before"
        return f"monthly, day {ld.group(1)} {word} the central day {cd.group(1)}", late
    return f"both {lf.group(1).lower()}", False


def score_pair(local: LinkTask, central: LinkTask, sim: float) -> Link:
    """The score and reasons of one (local, central) pair with text similarity `sim`."""
    w = config().weights
    score, reasons, late = sim, [f"text {sim:.2f}"], False
    named = {m.group(1) for m in _CLAUSE_NAMED.finditer(_fold(local.task))}
    if named and central.clause.split(".")[0] in named:
        score += w["clause_named"]
        reasons.append(f"names clause {central.clause.split('.')[0]}")
    if local.deadline and central.deadline:
        if local.deadline <= central.deadline:
            score += w["deadline_before"]
            reasons.append(f"deadline {local.deadline} on or before the central {central.deadline}")
        else:
            late = True
            reasons.append(f"deadline {local.deadline} after the central {central.deadline}")
    rhythm, rhythm_late = _rhythm(local, central)
    if rhythm:
        score += w["same_rhythm"]
        reasons.append(rhythm)
        late = late or rhythm_late
    sub = subordinate(local.assignees, central.assignees)
    if sub:
        score += w["subordinate"]
        reasons.append(sub)
    return Link(local.task_id, central.task_id, round(score, 4), reasons, late)


def link_tasks(local: Sequence[LinkTask], central: Sequence[LinkTask]) -> list[Link]:
    """For each local task, the central tasks it carries out (possibly none), best first."""
    if not local or not central:
        return []
    cfg = config()
    sims = similarities(local, central)
    out: list[Link] = []
    for i, lt in enumerate(local):
        scored = sorted((score_pair(lt, ct, float(sims[i, j])) for j, ct in enumerate(central)), key=lambda k: -k.score)
        best = scored[0].score
        keep = [k for k in scored if k.score >= cfg.threshold and k.score >= cfg.ratio * best]
        out.extend(keep[: cfg.max_links])
    return out
