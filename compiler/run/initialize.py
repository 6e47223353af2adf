"""Init: a folder of .txt stories → a starter manifest, titles read from the files.

Each story's title comes from what ficbind would detect (a title line, a `Title:`
field) or, failing that, from its file name; it is written into the manifest so the user
sees and can correct it. Files that cannot be read are listed as comments, not dropped
silently.
"""

from __future__ import annotations

import os
from pathlib import Path

from compiler.detect.assembly import parse_story
from compiler.errors import FicbindError
from compiler.load.schema import schema_text
from compiler.read.source import read_source
from compiler.run.files import write_output


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar that is always read back as this exact string: the
    backslash, the quote and every character YAML would fold or refuse are escaped."""
    out = []
    for char in text:
        code = ord(char)
        if char in '\\"':
            out.append("\\" + char)
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        elif code in (0x2028, 0x2029, 0xFEFF) or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _unwritable(name: str) -> str:
    """Why a file name cannot go into a manifest ("" when it can): a manifest is UTF-8
    text, and ficbind refuses control characters in its values."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "its name is not UTF-8 text; rename it to add it"
    if any(ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F for char in name):
        return "its name holds a control character (a line break, a tab); rename it to add it"
    return ""


def starter_manifest(folder: Path, manifest_dir: Path) -> tuple[str, list[str]]:
    """The manifest's text, and a line for each file left out of it (said on screen: a
    name that cannot be written safely is never written at all)."""
    stories = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".txt" and p.is_file())
    if not stories:
        raise FicbindError("has no .txt files", path=str(folder), hint="put your stories in it as .txt files")
    name = folder.resolve().name.replace("-", " ").replace("_", " ").strip() or "My collection"
    if _unwritable(name):
        name = "My collection"
    lines = [
        "# yaml-language-server: $schema=ficbind.schema.json",
        "# Written by `ficbind init`: check the titles, then `ficbind compile` this file.",
        f"title: {_yaml_string(name.title())}",
        "# author: your name, or the compiler's",
        "language: en",
        "stories:",
    ]
    skipped: list[str] = []
    for path in stories:
        relative = os.path.relpath(path.resolve(), manifest_dir.resolve())
        if reason := _unwritable(relative):
            skipped.append(f"{relative!r}: left out, {reason}")
            continue
        try:
            parsed = parse_story(read_source(path))
        except FicbindError as error:
            lines.append(f"  # skipped {_yaml_string(relative)}: {_yaml_string(error.message)}")
            skipped.append(f"{relative}: left out, {error.message}")
            continue
        title = parsed.story.meta.title
        lines.append(f"  - file: {_yaml_string(relative)}")
        if title:
            lines.append(f"    title: {_yaml_string(title)}")
        else:
            guess = path.stem.replace("_", " ").replace("-", " ").strip()
            lines.append(f"    title: {_yaml_string(guess[:1].upper() + guess[1:])}  # from the file name")
        if parsed.story.meta.author:
            lines.append(f"    author: {_yaml_string(parsed.story.meta.author)}")
    return "\n".join(lines) + "\n", skipped


def init_project(folder: Path, output: Path | None, force: bool) -> tuple[list[Path], list[str]]:
    """Write a starter manifest for a folder of stories (at `output`, or
    FOLDER/<folder>.yaml) and the JSON Schema beside it; returns what was written, and
    a line for each story file left out."""
    if not folder.is_dir():
        raise FicbindError("is not a folder", path=str(folder), hint="give the folder that holds your .txt stories")
    target = output or folder / f"{folder.resolve().name}.yaml"
    if target.exists() and not force:
        raise FicbindError("already exists", path=str(target), hint="use --force to overwrite it, or --output elsewhere")
    text, skipped = starter_manifest(folder, target.parent)
    write_output(target, text.encode("utf-8"))
    written = [target]
    schema = target.parent / "ficbind.schema.json"
    if not schema.exists():  # so editors can complete and check the manifest
        write_output(schema, schema_text().encode("utf-8"))
        written.append(schema)
    return written, skipped
