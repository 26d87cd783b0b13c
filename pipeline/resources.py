"""Domain data kept in models/ (gazetteer, lexicon, furniture patterns), loaded once per process."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

MODELS_DIR = Path(os.environ.get("DIRECTIVES_MODELS", Path(__file__).resolve().parents[1] / "models"))


@cache
def load(name: str) -> Any:
    """models/<name>.yml as Python data."""
    import srsly

    return srsly.read_yaml(MODELS_DIR / f"{name}.yml")
