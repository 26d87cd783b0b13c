"""One directive as text, DOCX (automatic numbering, header table, real footnote) and PDF gives the same rows.

Fixtures: tests/fixtures/equiv/cv9797.* made by tests/fixtures/make_equivalence.py from the seed
corpus/002_adbae0d9f27c1d4c.txt (Công văn 9797-CV/BTCTW).
"""

from __future__ import annotations

from functools import cache

import pytest
from fixtures.helpers import FIXTURES

from pipeline.evaluate import tok_f1
from pipeline.extraction import extract_file
from pipeline.model import FileResult, Task

EQUIV = FIXTURES / "equiv"
RECIPIENTS = [
    "Các đồng chí bí thư tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương",
    "Các đồng chí bộ trưởng, thủ trưởng cơ quan ngang bộ",
]
# From the gold rows of the seed (/work/shared/gold/seeds/002_adbae0d9f27c1d4c.jsonl).
GOLD = {
    "1": (sorted(RECIPIENTS), True, "2025-10-15"),
    "2": (sorted(RECIPIENTS), True, "2025-10-15"),
    "3": (sorted(RECIPIENTS), True, "2025-10-15"),
    "4": (["Các bộ, ngành"], False, None),
    "5": (sorted(RECIPIENTS), True, "2025-10-30"),
    "6": (sorted(RECIPIENTS), True, "2025-10-15"),
}

@cache
def _extract(ext: str) -> FileResult:
    path = EQUIV / f"cv9797.{ext}"
    if not path.exists():
        pytest.skip(f"{path.name} missing: run tests/fixtures/make_equivalence.py (needs LibreOffice)")
    res = extract_file(path)
    assert res.error is None, res.error
    return res


def _key(t: Task) -> tuple:
    return (t.clause, tuple(sorted(t.assignees)), t.implicit, t.deadline, t.recurrence, t.due_time)


def _ws(s: str) -> str:
    return " ".join(s.split())


def _by_clause(res: FileResult) -> dict[str, Task]:
    return {t.clause: t for t in res.tasks}


def test_text_version_matches_gold():
    res = _extract("txt")
    assert [(t.clause, sorted(t.assignees), t.implicit, t.deadline) for t in res.tasks] == [
        (c, *v) for c, v in GOLD.items()
    ]
    assert {t.doc_number for t in res.tasks} == {"9797-CV/BTCTW"}


@pytest.mark.parametrize("ext", ["txt", "docx", "pdf"])
def test_gold_rows_in_every_format(ext):
    rows = _by_clause(_extract(ext))
    one, four = rows["1"], rows["4"]
    assert one.deadline == "2025-10-15" and one.implicit and sorted(one.assignees) == sorted(RECIPIENTS)
    assert four.assignees == ["Các bộ, ngành"] and not four.implicit and four.deadline is None
    assert {t.doc_number for t in rows.values()} == {"9797-CV/BTCTW"}


@pytest.mark.parametrize("ext", ["docx", "pdf"])
def test_same_rows_as_text(ext):
    assert [_key(t) for t in _extract(ext).tasks] == [_key(t) for t in _extract("txt").tasks]


@pytest.mark.parametrize("ext", ["docx", "pdf"])
def test_same_task_texts_as_text(ext):
    text, other = _by_clause(_extract("txt")), _by_clause(_extract(ext))
    assert {c: _ws(other[c].task) for c in GOLD} == {c: _ws(text[c].task) for c in GOLD}


@pytest.mark.parametrize("ext", ["docx", "pdf"])
def test_numbered_items_agree_closely(ext):
    """What already holds for every format: items 1-6, their deadlines, their text (token F1 ≥ 0.9)."""
    text, other = _by_clause(_extract("txt")), _by_clause(_extract(ext))
    assert set(GOLD) <= set(other)
    for c in GOLD:
        assert other[c].deadline == text[c].deadline, c
        assert tok_f1(other[c].task, text[c].task) >= 0.9, (c, other[c].task)
    assert other["4"].assignees == ["Các bộ, ngành"] and not other["4"].implicit


@pytest.mark.parametrize(
    "ext",
    ["docx", "pdf"],
)
def test_same_header_as_text(ext):
    def head(res: FileResult) -> tuple:
        h = res.documents[0].header
        return h.number, h.doc_type, h.date, h.place, h.issuer, h.subject, h.recipients

    assert head(_extract(ext)) == head(_extract("txt"))
