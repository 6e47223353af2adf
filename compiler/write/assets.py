"""Assets: ficbind's stylesheets and fonts, installed or in a checkout.

The repository keeps them in the top-level `styles/` (the design card's layout); a wheel
carries the same folder inside the package as `compiler/styles/`. Stylesheets layer:

    base.css   shared semantics, both outputs, every theme
    epub.css   what reading systems need          print.css  pages, heads, contents
    THEME/base.css  the theme's look, both outputs
    THEME/epub.css  the theme for e-readers       THEME/print.css  the theme on paper

so a theme overrides only what makes it itself, and a user's stylesheet comes last.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from compiler.errors import BuildError

_PACKAGE = Path(__file__).resolve().parents[1]  # compiler/


@cache
def styles_dir() -> Path:
    for candidate in (_PACKAGE / "styles", _PACKAGE.parent / "styles"):
        if (candidate / "base.css").is_file():
            return candidate
    raise BuildError(
        "ficbind's stylesheets are missing from its installation",
        hint="reinstall ficbind (pip install --force-reinstall ficbind)",
    )


def stylesheets(target: str, theme: str = "classic") -> list[tuple[str, Path]]:
    """The stylesheets for `epub` or `print`, in cascade order, with their EPUB names."""
    root = styles_dir()
    shared = "epub.css" if target == "epub" else "print.css"
    sheets = [("base.css", root / "base.css"), (shared, root / shared)]
    for name in ("base.css", shared):
        path = root / theme / name
        if path.is_file():
            sheets.append((f"{theme}-{name}", path))
    for _, path in sheets:
        if not path.is_file():
            raise BuildError(f"the stylesheet {path.name} is missing", hint="reinstall ficbind")
    return sheets
