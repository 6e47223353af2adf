"""The build cache: results of pure, slow steps (a story prepared, a PDF part laid out,
its overlay drawn), kept under the output folder so that editing one story of fifty
redoes the work of that story only.

- An entry is keyed by the content hash of everything its step reads: the step's name,
  its whole input (a story's bytes and settings, a part's HTML and stylesheets), and
  ficbind's own code and the versions of the libraries that lay out the PDF. A key is
  never a path or a time, so an entry is only ever found again for the same inputs, and
  the step's result is the same bytes a build without the cache makes.
- An entry is its payload's SHA-256 then the payload (a pickle); one that does not
  match, or does not unpickle, is ignored and made again, never trusted.
- Entries are written atomically (a temporary file, then a rename), and only once the
  build's output is written: a failed build leaves the cache as it was.
- `--force` reads no entry (every step is done again), but keeps what it made.
- The cache is bounded (CACHE_BYTES, FICBIND_CACHE_MB sets another bound): the entries
  used least recently go first.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from compiler.run.executors import code_digest

CACHE_BYTES = 512 * 2**20
_STALE_SECONDS = 600
_MAGIC = b"ficbind-cache-1\n"


def cache_dir(out_dir: Path) -> Path:
    """Where the cache lives: the output folder's own hidden folder."""
    return out_dir / ".ficbind" / "cache"


# The libraries whose versions a cached result depends on (they read, repair, typeset,
# lay out, draw, subset or join what the cache keeps), as their dist-info folders name them.
_LIBRARIES = ("weasyprint", "pydyf", "pypdf", "fonttools", "tinycss2", "cssselect2", "pyphen", "ftfy", "ebooklib",
              "lxml", "pillow", "google_re2", "pyyaml", "tinyhtml5", "html5lib")


@functools.cache
def _environment() -> bytes:
    """ficbind's code and the versions of the libraries its results depend on, read from
    the dist-info folders' names (importlib.metadata costs 20-40 ms a command)."""
    versions: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                project, _, version = name[: -len(".dist-info")].partition("-")
                versions.setdefault(project.lower().replace("-", "_").replace(".", "_"), version)
    found = " ".join(f"{name}={versions.get(name, 'none')}" for name in _LIBRARIES)
    return f"{code_digest()}\0{sys.version}\0{found}\0".encode()


def _bound() -> int:
    try:
        return max(0, int(os.environ["FICBIND_CACHE_MB"])) * 2**20
    except (KeyError, ValueError):
        return CACHE_BYTES


class Cache:
    """Entries read on demand, written by `commit()` (see the module docstring)."""

    def __init__(self, folder: Path, bound: int | None = None, read: bool = True) -> None:
        self.folder = folder
        self.read = read  # False (--force): every step is done again, and its result kept
        self.bound = _bound() if bound is None else bound
        self.pending: dict[str, bytes] = {}
        self.hits = 0
        self.misses = 0
        self._kinds: dict[str, str] = {}
        self.made: list[str] = []  # the kind of each step done (not found) in this build

    def key(self, kind: str, job: Any) -> str:
        digest = hashlib.sha256(_environment() + kind.encode() + b"\0")
        digest.update(pickle.dumps(job, protocol=5))
        key = digest.hexdigest()
        self._kinds[key] = kind
        return key

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> Any | None:
        """The entry's value, or None when there is none (or it is damaged)."""
        data = self.pending.get(key)
        if data is None and not self.read:
            self.misses += 1
            return None
        if data is None:
            try:
                path = self._path(key)
                data = path.read_bytes()
                os.utime(path)  # used: the last to be pruned
            except OSError:
                self.misses += 1
                return None
        head = len(_MAGIC) + 32
        payload = data[head:]
        if data[: len(_MAGIC)] != _MAGIC or hashlib.sha256(payload).digest() != data[len(_MAGIC):head]:
            self.misses += 1
            return None
        try:
            value = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - a damaged entry is made again, whatever is wrong with it
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: Any) -> None:
        """Keep a result, to be written by commit()."""
        self.made.append(self._kinds.get(key, ""))
        if self.bound:
            payload = pickle.dumps(value, protocol=5)
            self.pending[key] = _MAGIC + hashlib.sha256(payload).digest() + payload

    def commit(self) -> None:
        """Write the entries kept since the last commit, then prune to the bound. A cache
        that cannot be written is no error: the next build does the work again."""
        pending, self.pending = self.pending, {}
        try:
            for key, data in pending.items():
                path = self._path(key)
                path.parent.mkdir(parents=True, exist_ok=True)
                handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
                try:
                    with os.fdopen(handle, "wb") as file:
                        file.write(data)
                    os.replace(temporary, path)
                except BaseException:
                    Path(temporary).unlink(missing_ok=True)
                    raise
            if pending:
                self.prune()
        except OSError:
            pass

    def prune(self) -> None:
        """Remove the least recently used entries beyond the bound, and temporary files
        left by a build killed while writing its entries."""
        entries = []
        for path in self.folder.glob("*/*"):
            try:
                info = path.stat()
            except OSError:
                continue
            if path.name.endswith(".tmp"):  # a commit cut short (the build killed outright), once it is old
                if time.time() - info.st_mtime > _STALE_SECONDS:
                    path.unlink(missing_ok=True)
                continue
            entries.append((info.st_mtime_ns, info.st_size, path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries, key=lambda entry: entry[0]):
            if total <= self.bound:
                break
            path.unlink(missing_ok=True)
            total -= size
