"""Jira CSV importer file: one Epic per document, its tasks as children.

Conventions of Jira's CSV importer: every row has a unique "Issue ID" (here the task_id, and a
fingerprint of the document for its Epic, so two exports give the same keys); parents come before
children; a multi-value field (Labels) repeats its column; labels hold no spaces; dates use the
format chosen in the importer, here dd/MMM/yyyy (31/Aug/2025). Jira Cloud links a child to its Epic
with "Parent" = the Epic's Issue ID; Jira Data Center with "Epic Link" = the Epic's "Epic Name"."""

from __future__ import annotations

import csv
import hashlib
from datetime import date
from pathlib import Path
from typing import Any

PARENT_TYPE = "Epic"
CHILD_TYPE = "Task"
DATE_FORMAT = "dd/MMM/yyyy"  # what to type in the importer's date format box
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SUMMARY_MAX = 250  # Jira's limit is 255
# The columns before the Labels, per flavour.
HEADERS = {
    "cloud": ["Issue ID", "Parent", "Issue Type", "Summary", "Description", "Due Date"],
    "datacenter": ["Issue ID", "Issue Type", "Summary", "Epic Name", "Epic Link", "Description", "Due Date"],
}

DocKey = tuple[str, str | None]  # (path, doc_number): one document


def jira_date(d: date | None) -> str:
    """dd/MMM/yyyy with English month names whatever the locale: 2025-08-31 → 31/Aug/2025."""
    return f"{d.day:02d}/{_MONTHS[d.month - 1]}/{d.year:04d}" if d else ""


def label(name: str) -> str:
    """A Jira label: no spaces (and no commas, which some importers split on)."""
    return "_".join(name.replace(",", " ").replace(";", " ").split())


def labels(row: dict[str, Any]) -> list[str]:
    """Agency keys (or, in a store without them, the lead agencies as written) and the document number."""
    agencies = row.get("assignee_keys") or row.get("assignees") or []
    out = [label(a) for a in agencies]
    if row.get("doc_number"):
        out.append(label(row["doc_number"]))
    return list(dict.fromkeys(x for x in out if x))  # once each, in order


def doc_ident(row: dict[str, Any]) -> str:
    """What makes one document (one Epic): its number, else the file it came from."""
    return f"number:{row['doc_number']}" if row.get("doc_number") else f"path:{row.get('path') or row.get('doc')}"


def epic_id(ident: str) -> str:
    """A document's Epic key, the same in every export."""
    return "doc-" + hashlib.sha256(ident.encode("utf-8")).hexdigest()[:16]


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


def _parent_summary(key: DocKey, first: dict[str, Any], subject: str | None) -> str:
    number = key[1] or first.get("doc") or ""
    kind = first.get("doc_type") or ""
    return _cut(" ".join(x for x in (kind, number) if x) + (f": {subject}" if subject else ""))


def _parent_description(first: dict[str, Any]) -> str:
    desc = f"Văn bản {first.get('doc_number') or '(không số)'} — {first.get('doc')}"
    if first.get("issuer"):
        desc += f"\nCơ quan ban hành: {first['issuer']}"
    if first.get("doc_date"):
        desc += f"\nNgày: {first['doc_date'].isoformat()}"
    return desc


def _issue(
    flavour: str, issue_id: str, kind: str, summary: str, desc: str, due: str, epic: str, link: str
) -> list[str]:
    """One row's fixed columns: `epic` is this row's Epic Name, `link` the Epic it belongs to."""
    if flavour == "cloud":
        return [issue_id, link, kind, summary, desc, due]
    return [issue_id, kind, summary, epic, link, desc, due]


def write(
    rows: list[dict[str, Any]],
    out: Path,
    subjects: dict[DocKey, str] | None = None,
    flavour: str = "cloud",
) -> int:
    """`subjects`: (path, doc_number) → subject line of the document, for the Epic summaries;
    `flavour`: "cloud" or "datacenter"."""
    if flavour not in HEADERS:
        raise ValueError(f"unknown Jira flavour {flavour!r}; one of {', '.join(HEADERS)}")
    subjects = subjects or {}
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(doc_ident(r), []).append(r)
    parents: list[list[str]] = []
    children: list[list[str]] = []
    for ident, members in groups.items():
        first = members[0]
        key = (first.get("path") or first.get("doc") or "", first.get("doc_number"))
        pid = epic_id(ident)
        summary = _parent_summary(key, first, subjects.get(key))
        epic_name = _cut(key[1] or first.get("doc") or pid)
        parents.append(
            _issue(flavour, pid, PARENT_TYPE, summary, _parent_description(first), "", epic_name, "")
            + labels({"doc_number": first.get("doc_number")})
        )
        link = pid if flavour == "cloud" else epic_name
        for r in members:
            who = ", ".join(r.get("assignees") or [])
            text = _cut(f"{who}: {r.get('task') or ''}" if who else r.get("task") or "")
            due = jira_date(r.get("deadline"))
            children.append(
                _issue(flavour, r["task_id"], CHILD_TYPE, text, _child_description(r), due, "", link) + labels(r)
            )
    fixed = HEADERS[flavour]
    n_labels = max((len(r) - len(fixed) for r in parents + children), default=0)
    header = fixed + ["Labels"] * max(1, n_labels)
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for row in parents + children:  # parents first: the importer links children to rows it has seen
            w.writerow(row + [""] * (len(header) - len(row)))
    return len(rows)
