"""Confined reading: a file read only if it lies inside a folder, is a regular file and
is not too big, so that a manifest from a stranger cannot make ficbind read secrets,
hang on a FIFO or fill memory from a device.

The path is resolved first (symlinks followed: one inside the folder that points out of
it is refused, and a loop is an error, not a hang); it is checked with stat before it is
opened, opened without blocking (a FIFO swapped in meanwhile cannot hang the build), and
checked again on the open file; it is read up to a cap, never trusting st_size.
"""

from __future__ import annotations

import os
from pathlib import Path

from compiler.load.files import Unreadable, regular_bytes

MiB = 1024 * 1024


class Refused(Exception):
    """Why a file may not be read: one phrase, for the caller to put in its own message."""


def inside(path: Path, root: Path) -> Path:
    """The real path of `path`, if it names an existing file under `root`."""
    root = root.resolve()
    try:
        if not path.resolve().is_relative_to(root):  # said before whether it exists: nothing is told of outside
            linked = os.path.normpath(path.absolute()).startswith(str(root) + os.sep)
            raise Refused(f"{'points' if linked else 'is'} outside {root}")
        real = path.resolve(strict=True)
    except FileNotFoundError:
        raise Refused("does not exist") from None
    except (OSError, RuntimeError) as error:  # a symlink loop (RuntimeError before Python 3.13), no permission
        raise Refused(f"cannot be resolved ({getattr(error, 'strerror', None) or error})") from None
    if not real.is_relative_to(root):
        raise Refused(f"is outside {root}")
    if any(part.startswith(".") for part in real.relative_to(root).parts):
        raise Refused("is a hidden file or in a hidden folder")
    return real


def read_regular(path: Path, cap: int) -> bytes:
    """The bytes of a regular file (no device, FIFO or socket, no link swapped in), at
    most `cap` of them."""
    try:
        return regular_bytes(path, cap, follow=False)
    except Unreadable as why:
        raise Refused(str(why)) from None


def read_inside(path: Path, root: Path, cap: int) -> tuple[Path, bytes]:
    """A file under `root`: its real path and its bytes (at most `cap`), or Refused."""
    real = inside(path, root)
    return real, read_regular(real, cap)
