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
    """A YAML scalar that is always read back as this exact string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def starter_manifest(folder: Path, manifest_dir: Path) -> str:
    stories = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".txt" and p.is_file())
    if not stories:
        raise FicbindError("has no .txt files", path=str(folder), hint="put your stories in it as .txt files")
    name = folder.resolve().name.replace("-", " ").replace("_", " ").strip() or "My collection"
    lines = [
        "# yaml-language-server: $schema=ficbind.schema.json",
        "# Written by `ficbind init`: check the titles, then `ficbind compile` this file.",
        f"title: {_yaml_string(name.title())}",
        "# author: your name, or the compiler's",
        "language: en",
        "stories:",
    ]
    for path in stories:
        relative = os.path.relpath(path.resolve(), manifest_dir.resolve())
        try:
            parsed = parse_story(read_source(path))
        except FicbindError as error:
            lines.append(f"  # skipped {relative}: {error.message}")
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
    return "\n".join(lines) + "\n"


def init_project(folder: Path, output: Path | None, force: bool) -> list[Path]:
    """Write a starter manifest for a folder of stories (at `output`, or
    FOLDER/<folder>.yaml) and the JSON Schema beside it; returns what was written."""
    if not folder.is_dir():
        raise FicbindError("is not a folder", path=str(folder), hint="give the folder that holds your .txt stories")
    target = output or folder / f"{folder.resolve().name}.yaml"
    if target.exists() and not force:
        raise FicbindError("already exists", path=str(target), hint="use --force to overwrite it, or --output elsewhere")
    text = starter_manifest(folder, target.parent)
    write_output(target, text.encode("utf-8"))
    written = [target]
    schema = target.parent / "ficbind.schema.json"
    if not schema.exists():  # so editors can complete and check the manifest
        write_output(schema, schema_text().encode("utf-8"))
        written.append(schema)
    return written
