"""Files a manifest names: read only when they are regular files, and never past a size.

A manifest may come from a stranger, and what it names is opened here and nowhere else:
the manifest itself, stories, covers. A device (`/dev/zero`), a FIFO, a socket or a
symbolic link that loops is refused at once, not read until memory runs out or waited
on for ever; the size is checked on the bytes read, not on what `stat` says (which is
0 for all of those). Opening never blocks (O_NONBLOCK: a FIFO with no writer would),
and the check that it is a regular file is made on the open file, so nothing can be
swapped in between the check and the read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from compiler.errors import FicbindError

_CHUNK = 1 << 20

_KINDS = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISCHR, "is a device, not a file"),
    (stat.S_ISBLK, "is a device, not a file"),
    (stat.S_ISFIFO, "is a pipe (FIFO), not a file"),
    (stat.S_ISSOCK, "is a socket, not a file"),
)


def not_regular(mode: int) -> str:
    """Why a file of this mode is not one ficbind reads ("" for a regular file)."""
    if stat.S_ISREG(mode):
        return ""
    for test, reason in _KINDS:
        if test(mode):
            return reason
    return "is not a regular file"


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOENT:
        return "not found"
    if error.errno == errno.ELOOP:
        return "is a symbolic link that loops (or links too deep)"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read (permission denied)"
    if error.errno == errno.ENAMETOOLONG:
        return "has a name too long for this system"
    if error.errno == errno.EISDIR:
        return "is a folder, not a file"
    return f"cannot be read: {error.strerror or error}"


def file_problem(path: Path) -> str:
    """Why `path` cannot be read as a file ("" when it can), without opening it."""
    try:
        info = os.stat(path)
    except OSError as error:
        return _reason(error)
    except ValueError:  # a NUL byte in the name
        return "has a name no file can have"
    return not_regular(info.st_mode)


class Unreadable(Exception):
    """Why a file cannot be read: one phrase ("is a device, not a file"), for the caller
    to put in its own message."""


def regular_bytes(path: Path, limit: int, follow: bool = True) -> bytes:
    """A regular file's bytes, at most `limit` of them, else Unreadable saying why;
    `follow=False` refuses a symbolic link (for a path already resolved and checked,
    which a link swapped in since must not redirect)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(path, flags)
    except OSError as failure:
        raise Unreadable(_reason(failure)) from None
    except ValueError:
        raise Unreadable("has a name no file can have") from None
    try:
        reason = not_regular(os.fstat(handle).st_mode)
        if reason:
            raise Unreadable(reason)
        chunks: list[bytes] = []
        size = 0
        while True:
            try:
                chunk = os.read(handle, min(_CHUNK, limit + 1 - size))
            except OSError as failure:
                raise Unreadable(_reason(failure)) from None
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise Unreadable(f"is larger than {_megabytes(limit)}")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(handle)


def read_regular(
    path: Path, limit: int, display: str, error: type[FicbindError] = FicbindError, what: str = "", hint: str = ""
) -> bytes:
    """A regular file's bytes, at most `limit` of them; anything else raises `error`
    naming the file (`what` says what it was meant to be; `hint`, what to do about a
    file too large)."""
    try:
        return regular_bytes(path, limit)
    except Unreadable as why:
        reason = str(why)
        if reason.startswith("is larger than"):
            raise error(f"{reason}, more than ficbind reads as one {what or 'file'}", path=display, hint=hint) from None
        if reason.endswith("not a file"):
            raise error(reason, path=display, hint=f"name a {what or 'file'} that is a regular file") from None
        raise error(reason, path=display) from None


def _megabytes(limit: int) -> str:
    return f"{limit / 1024 / 1024:.0f} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
