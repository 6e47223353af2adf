"""The `ficbind` command: a thin layer of commands, options and messages over run/.

Errors a user can fix (FicbindError) become one line, `file:line: what — what to do`, on
stderr with a non-zero exit status, in one place (app.py). Data goes to stdout,
messages to stderr. Modules: app (the frame), build (compile), review (outline, check) and
project (init, list, schema, sideload).
"""

from __future__ import annotations

from compiler.cli import build, project, review  # noqa: F401 - each registers its commands
from compiler.cli.app import app


def main() -> None:
    try:
        app()
    finally:
        # Everything made is written; the collector's last pass over the build's objects
        # at interpreter exit is pure cost (70 ms for a 50-story build): skip it.
        import gc

        gc.freeze()
