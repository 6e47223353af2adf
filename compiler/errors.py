"""Errors a user can cause and fix: each names the file (and line) and says what to do.

The CLI turns these into one-line messages and exit codes in one place; anything else
that escapes is a bug in ficbind and is reported as such.
"""

from __future__ import annotations

from dataclasses import dataclass


class ExitCode:
    OK = 0
    BAD_INPUT = 2  # a manifest or source the user can fix
    BUILD_FAILED = 3  # an output could not be produced or validated
    INTERNAL = 70  # a bug in ficbind (EX_SOFTWARE)


@dataclass
class FicbindError(Exception):
    """A problem with the user's input, located as precisely as we know."""

    message: str
    path: str = ""
    line: int | None = None
    column: int | None = None
    hint: str = ""
    exit_code: int = ExitCode.BAD_INPUT

    def __str__(self) -> str:
        where = self.path
        if where and self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f" — {self.hint}"
        return text


class ManifestError(FicbindError):
    pass


class SourceError(FicbindError):
    pass


class BuildError(FicbindError):
    def __init__(self, message: str, path: str = "", hint: str = "") -> None:
        super().__init__(message, path=path, hint=hint, exit_code=ExitCode.BUILD_FAILED)
