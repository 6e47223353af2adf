"""Files: a story's bytes, read from a regular file opened for reading only."""

from __future__ import annotations

import os
from pathlib import Path

from compiler.errors import SourceError
from compiler.load.files import read_regular


def max_story_bytes() -> int:
    """Stories larger than this are refused (a whole archive pasted into one file, or not text)."""
    return int(float(os.environ.get("FICBIND_MAX_STORY_MB", "64")) * 1024 * 1024)


def read_raw(path: Path, display: str) -> bytes:
    """One story file's bytes (opened read-only), refused when missing, unreadable, not
    a regular file (a device, a FIFO, a socket) or larger than a story can be."""
    return read_regular(
        path, max_story_bytes(), display, SourceError, "story",
        hint="split it into several stories (or set FICBIND_MAX_STORY_MB)",
    )
