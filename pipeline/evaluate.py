"""Score task rows against gold rows with the guideline's rule: pair by task-text overlap, then compare fields."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
PAIR_THRESHOLD = 0.5
ASSIGNEE_THRESHOLD = 0.8


def norm(s: object) -> str:
    """The guideline's normalisation: NFC, lower case, tone placement folded, marks and footnote digits dropped."""
    if s is None:
        return ""
    t = unicodedata.normalize("NFD", str(s).lower())
    t = "".join(c for c in t if c not in _TONES)
    t = unicodedata.normalize("NFC", t)
    t = re.sub(r"[*#\\_`]", " ", t)
    t = re.sub(r"(?<=[a-zđăâêôơư])\d{1,2}\b", "", t)
    return " ".join(t.split())


def tokens(s: object) -> list[str]:
    return [t for t in re.split(r"[^\w/.-]+", norm(s)) if t and t not in {".", "-"}]


def tok_f1(a: object, b: object) -> float:
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    if not ta and not tb:
        return 1.0
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(ta.values()), common / sum(tb.values())
    return 2 * p * r / (p + r)


def _joined(xs: list[str] | None) -> str:
    return " ; ".join(xs or [])


def _rrule_key(r: str | None) -> object:
    if not r:
        return None
    try:
        from datetime import datetime

        from dateutil.rrule import rrulestr

        occ = list(rrulestr(str(r), dtstart=datetime(2025, 1, 1))[:13])
        steps = [(b - a).days for a, b in itertools.pairwise(occ)]
        gaps = tuple(d if d < 28 else round(d / 30.44) for d in steps)
        return gaps, frozenset(o.day for o in occ), frozenset(o.time() for o in occ)
    except Exception:  # noqa: BLE001 - an unparsable rule compares as text
        return str(r).upper().replace(" ", "")


def _clause_key(c: str | None) -> str:
    return re.sub(r"\s+", "", norm(c or "")).strip(".")


# The fields compared on each pair, in the order the scores list them.
FIELDS = ("assignee", "coordinators", "deadline", "recurrence", "due_time", "clause")


@dataclass
class Score:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    strict: int = 0
    fields: Counter = field(default_factory=Counter)
    per_doc: list[tuple[str, int, int, int, int]] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @staticmethod
    def _f1(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
        p = tp / npred if npred else 0.0
        r = tp / ngold if ngold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def task_prf(self) -> tuple[float, float, float]:
        return self._f1(self.matched, self.pred, self.gold)

    def strict_prf(self) -> tuple[float, float, float]:
        return self._f1(self.strict, self.pred, self.gold)

    def accuracy(self, name: str) -> float:
        return self.fields[name] / self.matched if self.matched else 0.0

    def to_dict(self) -> dict:
        """The scores as `directives eval --json` prints them."""
        tp, tr, tf = self.task_prf()
        sp, sr, sf = self.strict_prf()
        return {
            "gold": self.gold,
            "pred": self.pred,
            "matched": self.matched,
            "strict_matched": self.strict,
            "tasks": {"precision": tp, "recall": tr, "f1": tf},
            "strict": {"precision": sp, "recall": sr, "f1": sf},
            "fields": {k: self.accuracy(k) for k in FIELDS},
            "documents": [
                {"doc": d, "gold": g, "pred": p, "matched": m, "strict": s} for d, g, p, m, s in self.per_doc
            ],
            "misses": self.misses,
        }


def score(
    gold_rows: list[dict],
    pred_rows: list[dict],
    docs: set[str] | None = None,
    key: Callable[[dict], str] | None = None,
    same: Callable[[dict, dict], bool] | None = None,
) -> Score:
    """Pair and compare per document; `key` names a row's document (default: gold `doc`, the file name
    of a predicted row's `doc`); `same(pred, gold)` says two rows are one task (one task_id), paired
    before any other pair whose texts still overlap enough (two tasks of the same words cannot swap)."""
    gold: dict[str, list[dict]] = defaultdict(list)
    pred: dict[str, list[dict]] = defaultdict(list)
    for r in gold_rows:
        gold[key(r) if key else r["doc"]].append(r)
    for r in pred_rows:
        pred[key(r) if key else Path(str(r.get("doc", ""))).name].append(r)
    sc = Score()
    for d in sorted(docs or gold.keys()):
        g, p = gold.get(d, []), pred.get(d, [])
        sc.gold += len(g)
        sc.pred += len(p)
        overlaps = ((tok_f1(pi.get("task"), gi.get("task")), a, b) for b, gi in enumerate(g) for a, pi in enumerate(p))
        cands = sorted(
            ((bool(same and same(p[a], g[b])), s, a, b) for s, a, b in overlaps if s >= PAIR_THRESHOLD),
            reverse=True,
        )
        used_p: set[int] = set()
        used_g: set[int] = set()
        m = strict = 0
        for _, _, a, b in cands:
            if a in used_p or b in used_g:
                continue
            used_p.add(a)
            used_g.add(b)
            pi, gi = p[a], g[b]
            ok = {
                "assignee": tok_f1(_joined(pi.get("assignees")), _joined(gi.get("assignees"))) >= ASSIGNEE_THRESHOLD,
                "coordinators": tok_f1(_joined(pi.get("coordinators")), _joined(gi.get("coordinators")))
                >= ASSIGNEE_THRESHOLD,
                "deadline": (pi.get("deadline") or None) == (gi.get("deadline") or None),
                "recurrence": _rrule_key(pi.get("recurrence")) == _rrule_key(gi.get("recurrence")),
                "due_time": (pi.get("due_time") or None) == (gi.get("due_time") or None),
                "clause": _clause_key(pi.get("clause")) == _clause_key(gi.get("clause")),
            }
            sc.fields.update(ok)
            m += 1
            if ok["assignee"] and ok["deadline"] and ok["recurrence"]:
                strict += 1
            else:
                sc.misses.append(
                    f"{d} [{gi.get('clause')}] gold {gi.get('assignees')} {gi.get('deadline')} "
                    f"{gi.get('recurrence')} / got {pi.get('assignees')} {pi.get('deadline')} "
                    f"{pi.get('recurrence')}"
                )
        sc.misses += [
            f"{d} MISSED [{gi.get('clause')}] {str(gi.get('task'))[:80]}" for b, gi in enumerate(g) if b not in used_g
        ]
        sc.misses += [
            f"{d} EXTRA [{pi.get('clause')}] {str(pi.get('task'))[:80]}" for a, pi in enumerate(p) if a not in used_p
        ]
        sc.matched += m
        sc.strict += strict
        sc.per_doc.append((d, len(g), len(p), m, strict))
    return sc
