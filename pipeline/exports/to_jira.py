"""Jira CSV importer file: one parent issue per document, its tasks as children.

Conventions of Jira's CSV importer (Cloud, since the 2024 change to the Parent field): every row has
a unique "Issue ID"; a child names its parent's Issue ID in "Parent"; parents come before children;
a multi-value field (Labels) repeats its column; labels hold no spaces; dates use the format chosen
in the importer, here dd/MMM/yy (31/Aug/25)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

HEADER_FIXED = ["Issue ID", "Parent", "Issue Type", "Summary", "Description", "Due Date"]
PARENT_TYPE = "Epic"
CHILD_TYPE = "Task"
DATE_FORMAT = "dd/MMM/yy"  # what to type in the importer's date format box
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SUMMARY_MAX = 250  # Jira's limit is 255


def jira_date(d: date | None) -> str:
    """dd/MMM/yy with English month names whatever the locale: 2025-08-31 → 31/Aug/25."""
    return f"{d.day:02d}/{_MONTHS[d.month - 1]}/{d.year % 100:02d}" if d else ""


def label(name: str) -> str:
    """A Jira label: no spaces (and no commas, which some importers split on)."""
    return "_".join(name.replace(",", " ").replace(";", " ").split())


def _cut(s: str, n: int = SUMMARY_MAX) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def _child_description(r: dict[str, Any]) -> str:
    lines = [
        (r.get("task") or "").strip(),
        "",
        f"Văn bản: {r.get('doc_number') or '(không số)'} — {r.get('doc')}, mục {r.get('clause')}",
    ]
    if r.get("assignees"):
        lines.append("Chủ trì: " + "; ".join(r["assignees"]))
    if r.get("coordinators"):
        lines.append("Phối hợp: " + "; ".join(r["coordinators"]))
    if r.get("deadline_text"):
        lines.append(f"Thời hạn: {r['deadline_text']}")
    if r.get("recurrence"):
        lines.append(f"Lặp lại: {r['recurrence']}")
    lines += ["", "Nguyên văn:", (r.get("source") or "").strip(), "", f"task_id: {r.get('task_id')}"]
    return "\n".join(lines)


def _parent_summary(key: tuple[str, str | None], first: dict[str, Any], subject: str | None) -> str:
    number = key[1] or first.get("doc") or ""
    kind = first.get("doc_type") or ""
    return _cut(" ".join(x for x in (kind, number) if x) + (f": {subject}" if subject else ""))


def write(rows: list[dict[str, Any]], out: Path, subjects: dict[tuple[str, str | None], str] | None = None) -> int:
    """`subjects`: (path, doc_number) → subject line of the document, for the parent summaries."""
    subjects = subjects or {}
    groups: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault((r.get("path") or r.get("doc") or "", r.get("doc_number")), []).append(r)
    n_labels = max((len(r.get("assignees") or []) for r in rows), default=0)
    header = HEADER_FIXED + ["Labels"] * max(1, n_labels)
    parents: list[list[str]] = []
    children: list[list[str]] = []
    next_id = 1
    for key, members in groups.items():
        pid = next_id
        next_id += 1
        first = members[0]
        desc = f"Văn bản {first.get('doc_number') or '(không số)'} — {first.get('doc')}"
        if first.get("issuer"):
            desc += f"\nCơ quan ban hành: {first['issuer']}"
        if first.get("doc_date"):
            desc += f"\nNgày: {first['doc_date'].isoformat()}"
        parents.append([str(pid), "", PARENT_TYPE, _parent_summary(key, first, subjects.get(key)), desc, ""])
        for r in members:
            labels = [label(a) for a in r.get("assignees") or []]
            who = ", ".join(r.get("assignees") or [])
            summary = _cut(f"{who}: {r.get('task') or ''}" if who else r.get("task") or "")
            children.append(
                [
                    str(next_id),
                    str(pid),
                    CHILD_TYPE,
                    summary,
                    _child_description(r),
                    jira_date(r.get("deadline")),
                ]
                + labels
            )
            next_id += 1
    width = len(header)
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for row in parents + children:  # parents first: the importer links children to rows it has seen
            w.writerow(row + [""] * (width - len(row)))
    return len(rows)
