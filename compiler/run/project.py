"""Project: where a project's collections are (the manifests in `manifests/`), which of
them a command works on, and one build of a collection into a folder at a time."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Callable, Iterator

from compiler.errors import FicbindError
from compiler.load.manifest import CollectionSpec, load_manifest
from compiler.run.files import default_out, display_path, output_path, private_dir
from compiler.run.state import is_up_to_date

MANIFEST_DIR = Path("manifests")


def resolve_collection(name: str) -> Path:
    """A manifest path, or the name of a manifest in manifests/."""
    path = Path(name)
    if path.is_file() or (os.path.lexists(path) and not path.is_dir()):
        return path  # a FIFO, a device or a dangling link: loading it says what it is
    for candidate in (MANIFEST_DIR / f"{name}.yaml", MANIFEST_DIR / f"{name}.yml", MANIFEST_DIR / name):
        if candidate.is_file():
            return candidate
    known = sorted(p.stem for p in all_manifests())
    hint = ("collections in manifests/: " + ", ".join(known)) if known else "give the path to a manifest .yaml file"
    if "/" in name or os.sep in name or path.suffix:
        # A path, not a collection's name: `outline missing.txt`, `compile books/x.yaml`.
        raise FicbindError("does not exist", path=name, hint="check the file's name and folder")
    raise FicbindError(f"no such collection: {name}", hint=hint)


def all_manifests() -> list[Path]:
    if not MANIFEST_DIR.is_dir():
        return []
    return sorted([*MANIFEST_DIR.glob("*.yaml"), *MANIFEST_DIR.glob("*.yml")])


def chosen_manifests(names: list[str] | None, all_: bool, verb: str) -> list[Path]:
    """The manifests a command works on: those named, or with --all every one in manifests/."""
    if all_:
        manifests = all_manifests()
        if not manifests:
            raise FicbindError("no manifests in manifests/", hint="run ficbind from your project folder")
        return manifests
    if names:
        return [resolve_collection(name) for name in names]
    raise FicbindError(f"name a collection to {verb}, or use --all", hint=f"e.g. ficbind {verb} sample")


def _inputs(spec: CollectionSpec) -> list[Path]:
    return [spec.manifest, *(story.path for story in spec.stories), *(p for p in (spec.cover, spec.style_path) if p)]


def out_folder(spec: CollectionSpec, out: Path | None) -> Path:
    """The folder a collection's outputs go to: --out, else `out/` in its project."""
    return out if out is not None else default_out(spec.manifest)


def check_outputs(specs: list[CollectionSpec], formats: list[str], out: Path | None) -> None:
    """Refuse a run in which two outputs would share a path (two manifests with the same
    `output:`), or an output would overwrite one of the run's own inputs (`--out` set to
    the stories' folder, with a story named like the book)."""
    written: dict[Path, CollectionSpec] = {}
    for spec in specs:
        for fmt in formats:
            target = output_path(spec, fmt, out_folder(spec, out)).absolute()
            other = written.get(target)
            if other is not None and other.manifest != spec.manifest:
                raise FicbindError(
                    f"{other.manifest.name} and {spec.manifest.name} would both write {target.name}",
                    path=display_path(spec.manifest),
                    hint="give one of them another `output:` name, or build them into different --out folders",
                )
            written[target] = spec
    sources = {path.resolve(): spec for spec in specs for path in _inputs(spec)}
    for target, spec in written.items():
        try:
            resolved = target.resolve()
        except (OSError, RuntimeError):
            continue
        if resolved in sources:
            raise FicbindError(
                f"the output {target.name} would overwrite {display_path(resolved)}, one of the files it is made from",
                path=display_path(spec.manifest),
                hint="choose another folder with --out, or another `output:` name",
            )


@contextlib.contextmanager
def build_lock(out: Path, name: str, waiting: Callable[[], None]) -> Iterator[None]:
    """One build of a collection into a folder at a time: a second one waits its turn
    (and `waiting` is told so). A build that fails leaves nothing behind: the lock file
    and the folders it made for it are removed again (a folder only if still empty)."""
    import fcntl

    folder = private_dir(out)
    created = [f for f in (folder, out, *out.parents) if not f.exists()]
    lock = folder / f"{name}.lock"
    new_lock = not lock.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(lock, "w")  # noqa: SIM115 - held for the build
        (out / f".{name}.lock").unlink(missing_ok=True)  # where ficbind kept it before
    except OSError as error:
        raise FicbindError(f"cannot write to {out}: {error.strerror}", path=str(out), hint="choose another folder with --out") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    except BaseException:
        if new_lock:
            lock.unlink(missing_ok=True)
        for made in created:  # deepest first
            try:
                made.rmdir()
            except OSError:
                break  # not empty: something else is in it now
        raise
    finally:
        handle.close()


def collection_states(out: Path | None) -> list[str]:
    """A line for each collection in manifests/: its title, and whether its EPUB and PDF
    in `out` (by default its project's `out/`) are up to date."""
    manifests = all_manifests()
    if not manifests:
        raise FicbindError("no manifests in manifests/", hint="run ficbind from your project folder, or ficbind init")
    lines = []
    for manifest in manifests:
        try:
            spec = load_manifest(manifest)
        except FicbindError as error:
            lines.append(f"{manifest.stem}: invalid ({error})")
            continue
        states, folder = [], out_folder(spec, out)
        for fmt in ("epub", "pdf"):
            path = output_path(spec, fmt, folder)
            state = "up to date" if is_up_to_date(spec, fmt, folder) else ("out of date" if path.exists() else "not built")
            states.append(f"{fmt} {state}")
        count = len(spec.stories)
        lines.append(f"{manifest.stem}: {spec.title} ({count} {'story' if count == 1 else 'stories'}): {', '.join(states)}")
    return lines
