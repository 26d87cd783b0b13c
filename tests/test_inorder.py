"""Results put back in the plan's order: the rows do not depend on which worker finished first."""

from __future__ import annotations

from pathlib import Path

from pipeline.inorder import InOrder
from pipeline.model import FileResult


def res(name: str) -> FileResult:
    return FileResult(path=f"/in/{name}", sha256=name)


def names(out: object) -> list[str]:
    return [r.sha256 for r, _ in out]  # type: ignore[attr-defined]


def test_results_come_out_in_the_plans_order() -> None:
    o = InOrder([Path("/in/a"), Path("/in/b"), Path("/in/c")])
    assert names(o.put(res("c"), "new")) == []
    assert names(o.put(res("a"), "new")) == ["a"]
    assert names(o.put(res("b"), "new")) == ["b", "c"]
    assert names(o.rest()) == []


def test_a_file_not_in_the_plan_passes_and_what_waits_comes_out_at_the_end() -> None:
    o = InOrder([Path("/in/a"), Path("/in/b"), Path("/in/c")])
    assert names(o.put(res("x"), "new")) == ["x"]
    assert names(o.put(res("c"), "new")) == []
    assert names(o.rest()) == ["c"]  # b never came (the run was stopped)


def test_past_the_hold_back_what_waits_is_let_go_in_order() -> None:
    o = InOrder([Path(f"/in/{n}") for n in "abcd"], hold_back=2)
    assert names(o.put(res("c"), "new")) == []
    assert names(o.put(res("b"), "new")) == []
    assert names(o.put(res("d"), "new")) == ["b", "c", "d"]  # a is too far behind
    assert names(o.put(res("a"), "new")) == ["a"]
