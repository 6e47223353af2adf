"""Assets: where ficbind's stylesheets and fonts are, installed or in a checkout.

The repository keeps them in the top-level `styles/` (the design card's layout); a wheel
carries the same folder inside the package as `compiler/styles/`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from compiler.errors import BuildError

_PACKAGE = Path(__file__).resolve().parent


@cache
def styles_dir() -> Path:
    for candidate in (_PACKAGE / "styles", _PACKAGE.parent / "styles"):
        if (candidate / "base.css").is_file():
            return candidate
    raise BuildError(
        "ficbind's stylesheets are missing from its installation",
        hint="reinstall ficbind (pip install --force-reinstall ficbind)",
    )


def stylesheet_path(name: str, style: str = "classic") -> Path:
    """A built-in stylesheet (base.css, epub.css or print.css) of a style."""
    path = styles_dir() / name
    if not path.is_file():
        raise BuildError(f"the {style} style has no {name}", hint="reinstall ficbind")
    return path


def stylesheet_bytes(name: str, style: str = "classic") -> bytes:
    return stylesheet_path(name, style).read_bytes()
