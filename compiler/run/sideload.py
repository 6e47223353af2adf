"""Sideload: find a mounted e-reader and put the right file for it in the right folder.

- Kobo (a `.kobo` folder at its root): the Kobo EPUB (`.kepub.epub`), in the root; Kobo
  finds books anywhere on its storage, and its own renderer needs the kepub.
- Kindle (`documents/` beside `system/`): Kindles do not open EPUB over USB, so the EPUB
  is converted to AZW3 with Calibre's `ebook-convert`, into `documents/`.
- Any other reader (PocketBook, Tolino, Nook, KOReader devices …): the EPUB, in `Books/`
  (or `books/`, `Documents/`) if the device has one, else the root.

Devices are looked for where desktop systems mount them (/media, /run/media, /Volumes,
/mnt), or wherever FICBIND_MOUNTS (a path list) says; `--device PATH` names one, which
may not be a folder of the system (`/`, `/etc`, `/usr`, a home folder itself, or a link
to one): a book is only ever copied into the device's own folders.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from compiler.errors import BuildError, FicbindError
from compiler.load.manifest import CollectionSpec
from compiler.run.build import build
from compiler.run.files import display_path, output_path
from compiler.run.prepare import prepare
from compiler.run.state import is_up_to_date

KINDS = ("kobo", "kindle", "generic")


@dataclass(frozen=True)
class Device:
    kind: str
    root: Path

    @property
    def label(self) -> str:
        return {"kobo": "Kobo", "kindle": "Kindle", "generic": "e-reader"}[self.kind]

    @property
    def format(self) -> str:
        """The output ficbind compiles for it: kepub, azw3 (from the EPUB) or epub."""
        return {"kobo": "kepub", "kindle": "azw3", "generic": "epub"}[self.kind]

    @property
    def folder(self) -> Path:
        if self.kind == "kindle":
            return self.root / "documents"
        if self.kind == "generic":
            for name in ("Books", "books", "Documents", "documents"):
                if (self.root / name).is_dir():
                    return self.root / name
        return self.root


def identify(root: Path) -> Device | None:
    """What kind of e-reader is mounted at root (None: not one we recognise)."""
    if not root.is_dir():
        return None
    if (root / ".kobo").is_dir():
        return Device("kobo", root)
    if (root / "documents").is_dir() and (root / "system").is_dir():
        return Device("kindle", root)
    markers = ("Digital Editions", ".adobe-digital-editions", "Books", "books", "koreader", ".pocketbook", "NOOK")
    if any((root / marker).exists() for marker in markers):
        return Device("generic", root)
    return None


def _mount_roots() -> list[Path]:
    configured = os.environ.get("FICBIND_MOUNTS")
    if configured is not None:
        return [Path(p) for p in configured.split(os.pathsep) if p]
    user = os.environ.get("USER", "")
    roots = [Path("/Volumes"), Path("/mnt"), Path("/media"), Path("/run/media")]
    if user:
        roots[2:2] = [Path("/media") / user, Path("/run/media") / user]
    return roots


def find_devices() -> list[Device]:
    found: list[Device] = []
    seen: set[Path] = set()
    for base in _mount_roots():
        try:
            candidates = sorted(p for p in base.iterdir() if p.is_dir())
        except OSError:
            continue
        for candidate in candidates:
            device = identify(candidate)
            if device is not None and device.root.resolve() not in seen:
                seen.add(device.root.resolve())
                found.append(device)
    return found


# Folders of the system itself: never a device, whatever a link or `--device` says.
_SYSTEM = tuple(Path(p) for p in (
    "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/opt", "/proc", "/run", "/sbin",
    "/srv", "/sys", "/usr", "/var", "/System", "/Library", "/Applications", "/private", "/cores",
))
# …except where desktops mount removable devices and keep temporary folders.
_MOUNT_PLACES = tuple(Path(p) for p in ("/run/media", "/media", "/mnt", "/Volumes", "/tmp", "/var/tmp", "/private/tmp"))


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def system_folder(path: Path) -> bool:
    """Whether a folder (links resolved) is the system's own: the root, a folder of the
    system (/etc, /usr, …), or a home folder itself (a device is mounted, not a home)."""
    if path == Path(path.anchor) or path == Path.home().resolve() or path.parent == Path("/home"):
        return True
    if any(_within(path, place) for place in _MOUNT_PLACES) and path not in _MOUNT_PLACES:
        return False
    return any(_within(path, folder) for folder in _SYSTEM)


def choose_device(path: Path | None) -> Device:
    if path is not None:
        if not path.is_dir():
            raise FicbindError("no such folder", path=str(path), hint="give the folder where the e-reader is mounted")
        resolved = path.resolve()
        if system_folder(resolved):
            raise FicbindError(
                f"is {'' if resolved == path.absolute() else f'a link to {resolved}, '}a folder of the system, not an e-reader",
                path=str(path),
                hint="give the folder where the e-reader is mounted (e.g. /media/you/KOBOeReader)",
            )
        return identify(resolved) or Device("generic", resolved)
    devices = find_devices()
    if not devices:
        raise FicbindError(
            "no e-reader found",
            hint="connect it by USB (and unlock it), or give its folder with --device",
        )
    if len(devices) > 1:
        listing = ", ".join(f"{d.label} at {d.root}" for d in devices)
        raise FicbindError(f"found several e-readers: {listing}", hint="choose one with --device PATH")
    return devices[0]


def convert_to_azw3(epub: Path, target: Path) -> None:
    """Kindles read AZW3 over USB; Calibre's ebook-convert makes it from the EPUB."""
    tool = shutil.which("ebook-convert")
    if tool is None:
        raise BuildError(
            "a Kindle needs AZW3, and Calibre's ebook-convert (which makes it) is not installed",
            hint="install Calibre, or send the EPUB with Send to Kindle instead",
        )
    result = subprocess.run(
        [tool, str(epub), str(target)], capture_output=True, text=True, timeout=600,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    if result.returncode != 0 or not target.is_file():
        tail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise BuildError(f"ebook-convert could not make AZW3: {tail[0]}")


def copy_to_device(source: Path, device: Device, name: str) -> Path:
    """Copy atomically (a temporary name on the device, then a rename), into the device's
    folder and nowhere else (a `Books` that links out of the device is refused); a device
    that is full or read-only is the user's to fix, said in one line."""
    folder = device.folder
    root = device.root.resolve()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not _within(folder.resolve(), root):
            raise FicbindError(
                f"{folder.name} links out of the e-reader (to {folder.resolve()})",
                path=str(device.root),
                hint="remove the link, or copy the book by hand",
            )
        target = folder / name
        handle, temporary = tempfile.mkstemp(prefix=".ficbind-", suffix=".part", dir=folder)
    except OSError as error:
        raise FicbindError(
            f"cannot write to the {device.label}: {error.strerror}", path=str(folder),
            hint="check that it is mounted read-write and has room",
        ) from None
    os.close(handle)
    try:
        shutil.copyfile(source, temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise FicbindError(
            f"cannot copy {name} to the {device.label}: {error.strerror}", path=str(folder),
            hint="free some room on it (or check that it is mounted read-write), then try again",
        ) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def sideload_collection(
    spec: CollectionSpec, device: Path | None, out: Path, dry_run: bool, report: Callable[[str, str], None]
) -> None:
    """Put a collection's book onto a connected e-reader (or the one at `device`),
    compiling it first if it is out of date. `report` is told each step: ("would", what
    would be done) on a dry run, else ("compiled", output) and ("copied", where)."""
    target = choose_device(device)
    source_format = "epub" if target.format == "azw3" else target.format
    compiled = output_path(spec, source_format, out)
    fresh = is_up_to_date(spec, source_format, out)
    name = f"{spec.name}.azw3" if target.format == "azw3" else compiled.name
    if dry_run:
        if not fresh:
            report("would", f"would compile {display_path(compiled)}")
        if target.format == "azw3":
            report("would", "would convert it to AZW3 with ebook-convert")
        report("would", f"would copy {name} to the {target.label} at {target.folder}")
        return
    if not fresh:
        build(prepare(spec), source_format, out)
        report("compiled", display_path(compiled))
    if target.format == "azw3":
        with tempfile.TemporaryDirectory() as scratch:
            azw3 = Path(scratch) / name
            convert_to_azw3(compiled, azw3)
            placed = copy_to_device(azw3, target, name)
    else:
        placed = copy_to_device(compiled, target, name)
    report("copied", f"{name} to the {target.label}: {placed}")
