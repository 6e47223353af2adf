"""Files: a story's bytes, read from a file opened for reading only."""

from __future__ import annotations

import os
from pathlib import Path

from compiler.errors import SourceError


def max_story_bytes() -> int:
    """Stories larger than this are refused (a whole archive pasted into one file, or not text)."""
    return int(float(os.environ.get("FICBIND_MAX_STORY_MB", "64")) * 1024 * 1024)


def read_raw(path: Path, display: str) -> bytes:
    """One story file's bytes (opened read-only), refused when missing, unreadable or
    larger than a story can be."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    limit = max_story_bytes()
    if size > limit:
        raise SourceError(
            f"is {size / 1024 / 1024:.0f} MB, more than the {limit // 1024 // 1024} MB ficbind reads as one story",
            path=display,
            hint="split it into several stories (or set FICBIND_MAX_STORY_MB)",
        )
    try:
        with path.open("rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise SourceError("not found", path=display) from None
    except IsADirectoryError:
        raise SourceError("is a folder, not a story file", path=display) from None
    except PermissionError:
        raise SourceError("cannot be read (permission denied)", path=display) from None
    except OSError as error:
        raise SourceError(f"cannot be read: {error.strerror}", path=display) from None
    return raw
