"""Incremental state: what each output was made from, so an output whose inputs have not
changed is not made again.

An output's digest hashes everything it is made from by content: the manifest, the
stories, the cover, ficbind's own styles and code, and the user's stylesheet with every
file it pulls in (imports, fonts, images), hashed as read when the manifest was loaded,
which is what the outputs are made from. The digests of the
last builds, and the content hash of each input with what stat said of it, are kept in
the output folder's state file (`.ficbind/state.json`, out of sight).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from compiler.load.files import Unreadable, regular_bytes
from compiler.load.manifest import CollectionSpec
from compiler.run.executors import code_digest
from compiler.run.files import output_path, private_dir, write_output
from compiler.write.assets import styles_dir

STATE_FILE = "state.json"  # in the output folder's private folder (files.private_dir)
OLD_STATE_FILE = ".ficbind-state.json"  # where ficbind kept it before: removed when the new one is written

# A file's content hash is remembered with what stat says of it: a file whose size,
# modification and change times and inode are all as they were has the content it had
# (the change time moves on every write and cannot be set back), so a no-op build reads
# no story. A file written in the last few seconds is read again every time, as git does
# for "racily clean" files: timestamps are coarser than a quick second edit.
_RECENT_NS = 3 * 10**9
_MAX_HASHED = 1 << 30  # beyond any story ficbind reads (the read stage refuses those)
_remembered: dict[str, list] = {}  # path → [size, mtime_ns, ctime_ns, inode, sha256 hex]


def file_digest(path: Path, known: dict[str, list] | None = None) -> str:
    """The SHA-256 of a file's content, read only when stat says it may have changed; for
    a file that cannot be read, a digest of why (reading it for the build says so)."""
    try:
        info = path.stat()
    except OSError as error:
        return hashlib.sha256(f"unreadable: {error.strerror}".encode()).hexdigest()
    key = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
    name = str(path.absolute())
    entry = _remembered.get(name) or (known or {}).get(name)
    if isinstance(entry, list) and len(entry) == 5 and entry[:4] == key:
        return entry[4]
    try:
        digest = hashlib.sha256(regular_bytes(path, _MAX_HASHED)).hexdigest()
    except Unreadable as why:
        return hashlib.sha256(f"unreadable: {why}".encode()).hexdigest()
    if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > _RECENT_NS:
        _remembered[name] = [*key, digest]
    return digest


def _inputs(spec: CollectionSpec) -> list[Path]:
    files = [spec.manifest, *(story.path for story in spec.stories)]
    if spec.cover is not None:
        files.append(spec.cover)
    return files + sorted(p for p in styles_dir().rglob("*") if p.is_file())


def input_digest(spec: CollectionSpec, fmt: str, known: dict[str, list] | None = None) -> str:
    """Everything an output is made from, hashed by content (timestamps only say when a
    file must be read again)."""
    digest = hashlib.sha256(f"{fmt}\0{code_digest()}\0".encode())
    for path in _inputs(spec):
        digest.update(str(path.name).encode() + b"\0")
        digest.update(bytes.fromhex(file_digest(path, known)))
    for item in spec.style_bundle.files if spec.style_bundle is not None else ():
        digest.update(item.name.encode() + b"\0" + bytes.fromhex(item.digest))
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    return digest.hexdigest()


def _read_state(out_dir: Path) -> dict:
    try:
        data = json.loads((private_dir(out_dir) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _known_files(state: dict) -> dict[str, list]:
    files = state.get("files")
    return files if isinstance(files, dict) else {}


def current_digest(spec: CollectionSpec, fmt: str, out_dir: Path) -> str:
    """The inputs' digest now, using the hashes remembered in the output folder."""
    return input_digest(spec, fmt, _known_files(_read_state(out_dir)))


def is_up_to_date(spec: CollectionSpec, fmt: str, out_dir: Path, digest: str | None = None) -> bool:
    target = output_path(spec, fmt, out_dir)
    if not target.is_file():
        return False
    state = _read_state(out_dir)
    return state.get(target.name) == (digest or input_digest(spec, fmt, _known_files(state)))


def record_build(spec: CollectionSpec, fmt: str, out_dir: Path, digest: str | None = None) -> None:
    """Remember what an output was made from: `digest`, taken before its inputs were
    read (a story edited during the build then leaves the output out of date), and the
    file hashes worth remembering."""
    state = _read_state(out_dir)
    known = _known_files(state)
    state[output_path(spec, fmt, out_dir).name] = digest or input_digest(spec, fmt, known)
    for path in _inputs(spec):
        name = str(path.absolute())
        if name in _remembered:
            known[name] = _remembered[name]
    state["files"] = known
    write_output(private_dir(out_dir) / STATE_FILE, json.dumps(state, indent=1, sort_keys=True).encode("utf-8"))
    (out_dir / OLD_STATE_FILE).unlink(missing_ok=True)


def pending_formats(spec: CollectionSpec, formats: list[str], out_dir: Path, force: bool) -> tuple[dict[str, str], list[str]]:
    """The inputs' digest for each format, taken before anything is read (a story edited
    during the build then leaves its output out of date), and the formats to make:
    those whose outputs are not up to date, or all with `force`."""
    digests = {fmt: current_digest(spec, fmt, out_dir) for fmt in formats}
    pending = [fmt for fmt in formats if force or not is_up_to_date(spec, fmt, out_dir, digests[fmt])]
    return digests, pending
