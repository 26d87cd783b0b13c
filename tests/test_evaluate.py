"""Scoring against gold rows: the guideline's normalisation, pairing by text overlap, per-field agreement."""

from __future__ import annotations

import pytest

from pipeline.evaluate import Score, _clause_key, _rrule_key, norm, score, tok_f1, tokens


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Uỷ ban Kiểm tra", "Ủy ban Kiểm tra"),  # tone placement
        ("Hoà bình", "hòa bình"),
        ("**Bộ Nội vụ**", "Bộ Nội vụ"),  # markdown marks
        ("### Bộ Nội vụ", "Bộ Nội vụ"),
        ("báo cáo hằng tháng1 về Ban", "báo cáo hằng tháng về Ban"),  # glued footnote digits
        ("Bộ   Nội\n vụ", "Bộ Nội vụ"),  # white space
    ],
)
def test_norm_makes_equal(a, b):
    assert norm(a) == norm(b)


def test_norm_values():
    assert norm("Uỷ ban **Kiểm tra**  hằng tháng1 \\# Hoà") == "uy ban kiêm tra hăng thang hoa"
    assert norm(None) == ""
    assert norm("Hội nghị Trung ương 14") == "hôi nghi trung ương 14"  # a separate number is kept


def test_tokens():
    assert tokens("Bộ Nội vụ, 31/8/2025") == ["bô", "nôi", "vu", "31/8/2025"]
    assert tokens("183-KL/TW") == ["183-kl/tw"]


@pytest.mark.parametrize(
    ("a", "b", "f1"),
    [
        ("a b c", "a b c", 1.0),
        ("a b", "c d", 0.0),
        ("", "", 1.0),
        ("", "a", 0.0),
        ("a b c d", "a b", 2 / 3),
        ("Ủy ban nhân dân tỉnh", "Uỷ ban Nhân dân tỉnh", 1.0),
    ],
)
def test_tok_f1(a, b, f1):
    assert tok_f1(a, b) == pytest.approx(f1)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("FREQ=MONTHLY;BYMONTHDAY=25", "FREQ=MONTHLY;BYMONTHDAY=25", True),
        ("FREQ=MONTHLY;BYMONTHDAY=25", "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=25", True),
        ("FREQ=MONTHLY;BYMONTHDAY=25", "FREQ=MONTHLY;BYMONTHDAY=22", False),
        ("FREQ=MONTHLY;INTERVAL=3", "FREQ=MONTHLY", False),
        ("FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=15", "FREQ=YEARLY;BYMONTHDAY=15;BYMONTH=11", True),
        ("FREQ=YEARLY", "FREQ=MONTHLY", False),
        (None, None, True),
        (None, "", True),
        (None, "FREQ=YEARLY", False),
    ],
)
def test_rrule_equivalence(a, b, same):
    assert (_rrule_key(a) == _rrule_key(b)) is same


def test_unparsable_rrule_compares_as_text():
    assert _rrule_key("weekly please") == "WEEKLYPLEASE"


@pytest.mark.parametrize(
    ("a", "b"),
    [("**3**.(1)", "3.(1)"), (" 3.(1). ", "3.(1)"), ("2. p2", "2.p2"), ("II.Thứ nhất", "II.Thứ nhất")],
)
def test_clause_key(a, b):
    assert _clause_key(a) == _clause_key(b)


def gold_row(task: str, **kw) -> dict:
    row = {
        "doc": "a.txt",
        "doc_number": "1-KL/TW",
        "clause": "1",
        "assignees": ["Bộ Nội vụ"],
        "implicit": False,
        "coordinators": [],
        "task": task,
        "deadline": None,
        "deadline_text": None,
        "recurrence": None,
        "due_time": None,
    }
    row.update(kw)
    return row


GOLD = [
    gold_row("rà soát biên chế các cơ quan hành chính", deadline="2025-08-31"),
    gold_row("bố trí kinh phí thực hiện đề án", clause="2", assignees=["Bộ Tài chính"]),
    gold_row("gửi báo cáo về Ban Tổ chức Trung ương", clause="3", recurrence="FREQ=MONTHLY;BYMONTHDAY=25"),
]


def test_perfect_prediction():
    sc = score(GOLD, [dict(r) for r in GOLD])
    assert (sc.gold, sc.pred, sc.matched, sc.strict) == (3, 3, 3, 3)
    assert sc.task_prf() == (1.0, 1.0, 1.0)
    assert sc.strict_prf() == (1.0, 1.0, 1.0)
    assert sc.misses == []
    assert sc.per_doc == [("a.txt", 3, 3, 3, 3)]
    for f in ("assignee", "coordinators", "deadline", "recurrence", "due_time", "clause"):
        assert sc.accuracy(f) == 1.0


def test_pairs_by_text_and_checks_fields():
    pred = [
        dict(GOLD[0], doc="/somewhere/a.txt", assignees=["Bộ Nội Vụ"]),  # path and case do not matter
        dict(GOLD[1], deadline="2025-09-01"),  # wrong deadline: paired, not strict
        dict(GOLD[2], recurrence="FREQ=MONTHLY;BYMONTHDAY=25;INTERVAL=1", clause="4"),  # same rule; clause differs
        gold_row("một việc hoàn toàn khác hẳn"),  # no gold row: an extra
    ]
    sc = score(GOLD, pred)
    assert (sc.gold, sc.pred, sc.matched, sc.strict) == (3, 4, 3, 2)
    assert sc.task_prf() == pytest.approx((0.75, 1.0, 6 / 7))
    assert sc.strict_prf() == pytest.approx((0.5, 2 / 3, 4 / 7))
    assert sc.fields["deadline"] == 2
    assert sc.fields["clause"] == 2
    assert sc.fields["recurrence"] == 3
    assert sc.accuracy("assignee") == 1.0
    assert sc.misses == [
        "a.txt [2] gold ['Bộ Tài chính'] None None / got ['Bộ Tài chính'] 2025-09-01 None",
        "a.txt EXTRA [1] một việc hoàn toàn khác hẳn",
    ]


def test_missed_gold_rows_and_wrong_assignee():
    pred = [dict(GOLD[0], assignees=["Bộ Tài chính"])]
    sc = score(GOLD, pred)
    assert (sc.matched, sc.strict) == (1, 0)
    assert sc.fields["assignee"] == 0
    assert sum(m.startswith("a.txt MISSED") for m in sc.misses) == 2


def test_low_text_overlap_does_not_pair():
    sc = score([gold_row("rà soát biên chế các cơ quan hành chính")], [gold_row("bố trí kinh phí cho địa phương")])
    assert (sc.matched, sc.strict) == (0, 0)


def test_docs_filter_and_documents_without_predictions():
    gold = GOLD + [gold_row("tổ chức hội nghị quán triệt", doc="b.txt")]
    sc = score(gold, [dict(r) for r in GOLD], docs={"a.txt"})
    assert (sc.gold, sc.strict) == (3, 3)
    sc = score(gold, [dict(r) for r in GOLD])
    assert (sc.gold, sc.pred, sc.strict) == (4, 3, 3)
    assert sc.per_doc[-1] == ("b.txt", 1, 0, 0, 0)


def test_empty_score():
    sc = Score()
    assert sc.task_prf() == (0.0, 0.0, 0.0)
    assert sc.accuracy("deadline") == 0.0


def test_rows_of_one_task_pair_first_so_same_worded_tasks_cannot_swap():
    text = "báo cáo kết quả thực hiện"
    gold = [
        gold_row(text, task_id="t2", assignees=["Bộ Tài chính"]),
        gold_row(text, task_id="t1", assignees=["Bộ Tư pháp"]),  # corrected from Bộ Công an
        gold_row("bố trí kinh phí cho địa phương", task_id="t3"),  # rewritten below the threshold
    ]
    pred = [
        gold_row(text, task_id="t1", assignees=["Bộ Công an"]),
        gold_row(text, task_id="t2", assignees=["Bộ Tài chính"]),
        gold_row("rà soát biên chế các cơ quan hành chính", task_id="t3"),
    ]
    crossed = score(gold, pred)
    assert (crossed.matched, crossed.strict) == (2, 0)
    same = score(gold, pred, same=lambda p, g: p["task_id"] == g["task_id"])
    assert (same.matched, same.strict, same.fields["assignee"]) == (2, 1, 1)
    assert same.misses[0] == "a.txt [1] gold ['Bộ Tư pháp'] None None / got ['Bộ Công an'] None None"
    assert [m.split(" [")[0] for m in same.misses[1:]] == ["a.txt MISSED", "a.txt EXTRA"]
