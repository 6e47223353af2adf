"""Init: a folder of .txt (and .html) stories → a starter manifest, titles read from the files.

The manifest goes into `manifests/` of the folder ficbind runs in, which makes that
folder a project: `list`, `compile NAME` and `compile --all` find it there, and the books
go to its `out/`. Each story's title comes from what ficbind would detect (a title line,
a `Title:` field), else from its first chapter's heading ("Chapter 4: Clearing The Air"
gives "Clearing The Air"), else from its file name, or from its first words when the file
name is an archive's number; it is written into the manifest, and said on screen, so
the user sees what was guessed and can correct it. Files that cannot be read are listed
as comments, not dropped silently.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from compiler.detect.assembly import parse_story
from compiler.errors import FicbindError
from compiler.model import Section, SectionKind, plain_text, walk_sections
from compiler.load.schema import schema_text
from compiler.read.source import read_source
from compiler.render.xhtml import heading_parts
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


# What a folder of stories holds: text files, and the HTML the archives give (AO3's
# download, FanFicFare's, a saved page).
STORY_SUFFIXES = (".txt", ".html", ".htm")

# A file name that is an archive's number or a hash ("002_368c916669e54302", "12345678").
_NUMBERED = re.compile(r"(?:^|[\s_-])(?:[0-9a-f]{8,}|\d{5,})(?:$|[\s_-])", re.IGNORECASE)


def _first_chapter(sections: tuple[Section, ...]) -> str:
    for section in walk_sections(sections):
        if section.kind is SectionKind.CHAPTER and section.title:
            # Its title without its label ("Chapter 4: Clearing The Air"), as the book sets it.
            _, title = heading_parts(section)
            return " ".join(plain_text(title).split()) or " ".join(plain_text(section.title).split())
    return ""


def _first_words(sections: tuple[Section, ...], count: int = 6) -> str:
    """The story's first sentence, if short ("She was gone"), else its first words…"""
    for section in walk_sections(sections):
        if section.kind not in (SectionKind.BODY, SectionKind.CHAPTER):
            continue
        for node in section.content:
            text = plain_text(getattr(node, "inlines", ())).strip()
            if not text:
                continue
            sentence = re.match(r"[^.!?]+", text.lstrip("\"'“”‘’")).group(0).strip()
            words = sentence.split()
            if len(words) <= count + 2:
                return sentence.strip("\"'“”‘’,;:")
            return " ".join(words[:count]).rstrip(",;:") + "…"
    return ""


_SMALL_WORDS = frozenset("a an the and but or nor of in on at to for by with from as".split())


def _title_case(text: str) -> str:
    """`after the storm` → `After the Storm`: a file name's words as a title."""
    words = text.split()
    return " ".join(
        word if word != word.lower() else word if (i and word in _SMALL_WORDS) else word[:1].upper() + word[1:]
        for i, word in enumerate(words)
    )


def guess_title(path: Path, parsed) -> tuple[str, str]:
    """A story's title and where it came from, for the manifest and the screen."""
    story = parsed.story
    if story.meta.title:
        return story.meta.title, "its title line" if story.title_line else "its Title: field"
    if chapter := _first_chapter(story.sections):
        return chapter, "its first chapter's heading"
    stem = path.stem.replace("_", " ").replace("-", " ").strip()
    if _NUMBERED.search(path.stem) and (words := _first_words(story.sections)):
        return words, "its first words (the file name is a number)"
    return _title_case(stem), "its file name"


def starter_manifest(folder: Path, manifest_dir: Path) -> tuple[str, list[str], list[str]]:
    """The manifest's text, a line for each file left out of it (said on screen: a name
    that cannot be written safely is never written at all), and a line for each story
    saying what title was guessed and from what."""
    stories = sorted(p for p in folder.iterdir() if p.suffix.lower() in STORY_SUFFIXES and p.is_file())
    if not stories:
        raise FicbindError("has no stories (.txt or .html files)", path=str(folder),
                           hint="put your stories in it as the .txt or .html files the archives give")
    name = folder.resolve().name.replace("-", " ").replace("_", " ").strip() or "My collection"
    if _unwritable(name):
        name = "My collection"
    lines = [
        "# yaml-language-server: $schema=ficbind.schema.json",
        "# Written by `ficbind init`: check the titles, then `ficbind compile` this collection.",
        f"title: {_yaml_string(name.title())}",
        "# author: your name, or the compiler's",
        "language: en",
        "stories:",
    ]
    skipped: list[str] = []
    guesses: list[str] = []
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
        title, source = guess_title(path, parsed)
        lines.append(f"  - file: {_yaml_string(relative)}")
        comment = "" if source in ("its title line", "its Title: field") else f"  # from {source}: check it"
        lines.append(f"    title: {_yaml_string(title)}{comment}")
        if parsed.story.meta.author:
            lines.append(f"    author: {_yaml_string(parsed.story.meta.author)}")
        guesses.append(f"{path.name}: “{title}”, from {source}")
    return "\n".join(lines) + "\n", skipped, guesses


def manifest_name(folder: Path) -> str:
    """The collection's name (its manifest's file name): the folder's, as a plain word."""
    slug = re.sub(r"[^\w]+", "-", folder.resolve().name.casefold()).strip("-_")
    return slug if slug and not _unwritable(slug) else "stories"


def init_project(folder: Path, output: Path | None, force: bool) -> tuple[list[Path], list[str], list[str]]:
    """Write a starter manifest for a folder of stories (at `output`, or
    manifests/<folder>.yaml in the folder ficbind runs in) and the JSON Schema beside it;
    returns what was written, a line for each story file left out, and a line for each
    story's guessed title."""
    if not folder.is_dir():
        raise FicbindError("is not a folder", path=str(folder), hint="give the folder that holds your .txt stories")
    target = output or Path("manifests") / f"{manifest_name(folder)}.yaml"
    if target.exists() and not force:
        raise FicbindError("already exists", path=str(target), hint="use --force to overwrite it, or --output elsewhere")
    text, skipped, guesses = starter_manifest(folder, target.parent)
    write_output(target, text.encode("utf-8"))
    written = [target]
    schema = target.parent / "ficbind.schema.json"
    if not schema.exists():  # so editors can complete and check the manifest
        write_output(schema, schema_text().encode("utf-8"))
        written.append(schema)
    return written, skipped, guesses
