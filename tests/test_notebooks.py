"""The notebooks run top to bottom in a fresh kernel, are committed without outputs, and draw the timeline."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ["tasks_overview.ipynb", "new_conclusion.ipynb", "cascade.ipynb"]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def execute(name: str, env: dict[str, str] | None = None) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    old = {k: os.environ.get(k) for k in env or {}}
    os.environ.update(env or {})  # the kernel inherits this process's environment
    try:
        client = nbclient.NotebookClient(
            nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
        )
        client.execute()  # raises CellExecutionError naming the cell that failed
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_committed_without_outputs(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(c.outputs == [] and c.execution_count is None for c in code)


def test_tasks_overview_runs_and_draws_timeline(tmp_path: Path) -> None:
    png = tmp_path / "timeline.png"
    nb = execute(NAMES[0], {"DIRECTIVES_TIMELINE_PNG": str(png)})
    assert png.read_bytes()[:8] == PNG_MAGIC
    assert png.stat().st_size > 5_000  # a drawn chart, not an empty canvas
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", []))
    assert '<mark class="entity"' in html  # the show() cell rendered marked spans


def test_new_conclusion_runs() -> None:
    nb = execute(NAMES[1])
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors


def test_cascade_runs_and_draws_the_deadlines(tmp_path: Path) -> None:
    png = tmp_path / "cascade.png"
    nb = execute(NAMES[2], {"DIRECTIVES_CASCADE_PNG": str(png)})
    assert png.read_bytes()[:8] == PNG_MAGIC
    assert png.stat().st_size > 5_000
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "5 of 23 tasks of 183-KL/TW have no local follow-up" in text
