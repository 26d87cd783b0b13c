"""Progress of a long ingest: files done and failed, files/s, time left; plain lines when not on a terminal."""

from __future__ import annotations

import io

import pytest

import pipeline.progress as progress_mod
from pipeline.progress import Progress, rate_line


def test_the_rate_line_says_done_failed_speed_and_time_left() -> None:
    assert rate_line(120, 3, 1000, 3.0) == "120/1000 files, 3 failed, 40.0 files/s, 0:00:22 left"
    assert rate_line(0, 0, 10, 0.0) == "0/10 files, 0 failed, 0.0 files/s, time left unknown"


def test_off_a_terminal_a_line_is_logged_every_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    clock = iter([100.0, 105.0, 111.0])  # the start, then one reading a tick
    monkeypatch.setattr(progress_mod.time, "monotonic", lambda: next(clock))
    p = Progress(4, "log", stream=out)
    p.tick()  # 5 s in: too soon
    p.tick(failed=True)  # 11 s in: a line
    p.note("ingest: Dask dashboard at http://127.0.0.1:8787/status")
    assert out.getvalue().splitlines() == [
        "ingest: 2/4 files, 1 failed, 0.2 files/s, 0:00:11 left",
        "ingest: Dask dashboard at http://127.0.0.1:8787/status",
    ]


def test_off_is_silent() -> None:
    out = io.StringIO()
    p = Progress(2, "off", stream=out)
    p.tick()
    p.note("x")
    p.close()
    assert out.getvalue() == ""
