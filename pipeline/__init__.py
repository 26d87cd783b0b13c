"""Vietnamese directives → task table.

The analyst API is re-exported here and loaded on first use, so `import pipeline` (and the CLI) stays
cheap — pandas, DuckDB and spaCy load only when a function needs them:

    from pipeline import extract, load_tasks, connect, show, ingest
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

__version__ = "0.1.0"

# API name → module defining it.
_API = {
    "extract": "pipeline.api",
    "load_tasks": "pipeline.api",
    "connect": "pipeline.api",
    "show": "pipeline.api",
    "ingest": "pipeline.ingest",
}
# Names that are also submodules (pipeline/extract.py, pipeline/ingest.py).
_SHARED = ("extract", "ingest")

__all__ = ["__version__", *_API]


def _function(name: str) -> Any:
    return getattr(importlib.import_module(_API[name]), name)


class _FunctionAndModule:
    """`pipeline.extract` and `pipeline.ingest` name both an API function and a submodule: a call goes to
    the function, attribute access to the submodule, so `pipeline.extract(path)`, `import
    pipeline.extract as m; m.extract_file(...)` and `mock.patch("pipeline.extract.x")` all work."""

    __slots__ = ("_name",)  # no instance __dict__: `obj.__dict__` is the submodule's, as patch tools expect

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_name", name)

    def _module(self) -> types.ModuleType:
        return importlib.import_module(f"pipeline.{self._name}")

    @property
    def __wrapped__(self) -> Any:  # inspect.signature() and Jupyter's `?` follow this to the function
        return _function(self._name)

    @property
    def __doc__(self) -> str | None:  # type: ignore[override]
        return _function(self._name).__doc__

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _function(self._name)(*args, **kwargs)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._module(), attr)

    def __setattr__(self, attr: str, value: Any) -> None:
        setattr(self._module(), attr, value)

    def __delattr__(self, attr: str) -> None:
        delattr(self._module(), attr)

    def __dir__(self) -> list[str]:
        return dir(self._module())

    def __repr__(self) -> str:
        return f"<function {_API[self._name]}.{self._name} (attributes: module pipeline.{self._name})>"


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        # Importing a submodule binds it on the package; keep the function-and-module object instead.
        if name in _SHARED and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


extract = _FunctionAndModule("extract")
ingest = _FunctionAndModule("ingest")
sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    value = _function(name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
