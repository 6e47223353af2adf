"""Files: how messages name a file, where an output goes, and writing it atomically (a
temporary file beside the target, then a rename), so an interrupted or failed build
never leaves a half-written book."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from compiler.load.manifest import CollectionSpec

FORMATS = ("epub", "pdf", "kepub")
EXTENSIONS = {"epub": "epub", "pdf": "pdf", "kepub": "kepub.epub"}


def display_path(path: Path) -> str:
    """How messages name a file: relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# ficbind's own files in an output folder (the build locks, the incremental state, the
# cache) sit out of sight in one hidden folder, beside the books.
PRIVATE_DIR = ".ficbind"


def private_dir(out_dir: Path) -> Path:
    return out_dir / PRIVATE_DIR


def project_dir(manifest: Path) -> Path:
    """The project a manifest belongs to: the folder holding its `manifests/` folder,
    or, for a manifest kept anywhere else, the manifest's own folder."""
    folder = manifest.absolute().parent
    return folder.parent if folder.name == "manifests" else folder


def default_out(manifest: Path) -> Path:
    """Where a collection's books go unless --out says otherwise: `out/` in its project,
    whatever the folder ficbind is run from."""
    out = project_dir(manifest) / "out"
    try:
        return out.relative_to(Path.cwd())  # shorter in messages, the same folder
    except ValueError:
        return out


def output_path(spec: CollectionSpec, fmt: str, out_dir: Path) -> Path:
    return out_dir / f"{spec.name}.{EXTENSIONS[fmt]}"


def write_output(path: Path, data: bytes) -> None:
    """Write atomically: a temporary file in the same folder, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
