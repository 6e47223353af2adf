"""A package's face: the names it offers, each loaded from its module on first use.

A stage's `__init__.py` names what the stage gives (its face) without importing its
modules: importing one module of a stage (`compiler.write.assets`) then costs nothing
of the rest (ebooklib, WeasyPrint), and the face stays a readable list.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable


def face(package: str, names: dict[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """`__getattr__`, `__dir__` and `__all__` for a package offering `names`, each
    mapped to the module (relative to the package) that defines it."""

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    def __dir__() -> list[str]:
        return sorted(names)

    return __getattr__, __dir__, list(names)
