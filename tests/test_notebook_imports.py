"""The notebooks use the public API only: `from pipeline import …` names in `pipeline.__all__`, no submodules.

Read from the .ipynb JSON directly, so this runs without the notebook extras installed.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import pipeline

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def code_cells(nb: Path) -> list[str]:
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    out = []
    for c in cells:
        if c["cell_type"] != "code":
            continue
        src = c["source"] if isinstance(c["source"], str) else "".join(c["source"])
        # IPython magics and shell escapes are not Python: blank them, keeping the line numbers.
        out.append("\n".join("" if ln.lstrip().startswith(("%", "!")) else ln for ln in src.splitlines()))
    return out


def pipeline_imports(source: str) -> list[tuple[str, list[str]]]:
    """(module, names) of every import of pipeline or one of its submodules in a piece of code."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "pipeline" or node.module.startswith("pipeline."):
                found.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names if a.name == "pipeline" or a.name.startswith("pipeline.")]
    return found


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_imports_only_the_public_api(nb: Path):
    imports = [imp for src in code_cells(nb) for imp in pipeline_imports(src)]
    assert imports, f"{nb.name} does not use pipeline at all"
    private = [f"{mod}: {', '.join(names) or '(module)'}" for mod, names in imports if mod != "pipeline"]
    assert not private, f"{nb.name} imports from pipeline submodules (use `from pipeline import …`): {private}"
    unknown = [n for _, names in imports for n in names if n not in pipeline.__all__]
    assert not unknown, f"{nb.name} imports names that are not in pipeline.__all__: {unknown}"


def test_the_check_sees_submodule_imports():
    src = "import pandas\nfrom pipeline.textutil import fold_key\nimport pipeline.api\nfrom pipeline import show\n"
    got = pipeline_imports(src)
    assert got == [("pipeline.textutil", ["fold_key"]), ("pipeline.api", []), ("pipeline", ["show"])]


def test_public_names_resolve_and_are_documented():
    for name in pipeline.__all__:
        obj = getattr(pipeline, name)
        if callable(obj):
            assert (obj.__doc__ or "").strip(), f"pipeline.{name} has no docstring"
