"""Part of speech: which words open a predicate that the lexicon does not list."""

from __future__ import annotations

import pytest

from pipeline.pos import verb_opens, verbs_after_modifier


@pytest.mark.parametrize(
    ("text", "opens"),
    [
        ("điều hành dự toán ngân sách.", True),
        ("là cơ quan thường trực.", False),  # a verb of being states
        ("xin thông báo để các cơ quan biết.", False),  # the issuer's courtesy
        ("đã tích cực triển khai.", False),  # an adverb of the past reports
    ],
)
def test_verb_opens(text, opens):
    assert verb_opens(text) is opens


def test_verbs_after_modifier_skip_the_modifier_and_lists():
    text = "phụ trách công tác thi đua, khen thưởng tổng hợp kết quả."
    assert [text[a:b] for a, b in verbs_after_modifier(text)] == ["tổng hợp"]


def test_an_adverb_before_the_verb_opens_the_predicate():
    text = "kiểm đếm phiếu sẽ công bố kết quả."
    assert [text[a:b] for a, b in verbs_after_modifier(text)] == ["sẽ công bố"]
