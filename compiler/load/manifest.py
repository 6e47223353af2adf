"""Load stage: manifest.yaml → CollectionSpec (validated, paths resolved).

A manifest is YAML, one collection per file; its paths are relative to its own folder.
Every problem is reported with the manifest's path and the line of the offending key,
and unknown keys come with the closest known key as a suggestion.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from compiler.errors import ManifestError
from compiler.load.files import file_problem, read_regular
from compiler.load.keys import COLLECTION_KEYS, STORY_KEYS, Key
from compiler.load.style import StyleBundle, resolve_style
from compiler.load.values import CHECKS, existing_file, language, string
from compiler.load.values import typography as switches
from compiler.load.yaml_lines import Map, parse_yaml
from compiler.options import THEMES, Marker, PdfOptions

_NAME = re.compile(r"^[^/\\\x00-\x1f]+$")
# A manifest lists stories; one larger than this is not a manifest (or is a YAML bomb).
MAX_MANIFEST_BYTES = 1024 * 1024
# File systems take 255 bytes a name: room for `.kepub.epub` and a temporary file's affixes.
MAX_NAME_BYTES = 200


@dataclass(frozen=True)
class StorySpec:
    path: Path
    line: int  # the manifest line that names the story
    title: str = ""
    author: str = ""
    summary: str = ""
    language: str = ""
    encoding: str = ""  # "" = ficbind guesses
    notes: str = ""  # "" = the collection's choice
    flashbacks: str = ""
    furniture: str = ""
    quotes: str = ""
    markers: tuple[Marker, ...] = ()
    fandom: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class CollectionSpec:
    manifest: Path
    name: str
    title: str
    stories: tuple[StorySpec, ...]
    author: str = ""
    language: str = "en"
    description: str = ""
    series: str = ""
    series_index: float | None = None
    date: date | None = None
    identifier: str = ""
    cover: Path | None = None
    style: str = "classic"
    style_path: Path | None = None
    style_bundle: StyleBundle | None = None  # the user's stylesheet and all it loads, read under the fetch policy
    typography: dict[str, bool] = field(default_factory=dict)
    pdf: PdfOptions = field(default_factory=PdfOptions)
    notes: str = "in-place"
    flashbacks: str = "section"
    furniture: str = "omit"
    quotes: str = "as-typed"
    markers: tuple[Marker, ...] = ()
    fandom: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def quotes_for(self, story: StorySpec) -> str:
        return story.quotes or self.quotes

    def notes_for(self, story: StorySpec) -> str:
        return story.notes or self.notes

    def flashbacks_for(self, story: StorySpec) -> str:
        return story.flashbacks or self.flashbacks

    def furniture_for(self, story: StorySpec) -> str:
        return story.furniture or self.furniture

    def markers_for(self, story: StorySpec) -> tuple[Marker, ...]:
        return (*story.markers, *self.markers)


def _suggest(key: str, known: tuple[Key, ...]) -> str:
    names = [k.name for k in known]
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    return "known keys: " + ", ".join(names)


def _check_keys(data: Map, known: tuple[Key, ...], path: Path, what: str) -> None:
    names = {k.name for k in known}
    for key in data:
        if key not in names:
            raise ManifestError(
                f"unknown key `{key}` in {what}",
                path=str(path),
                line=data.key_lines.get(key),
                hint=_suggest(key, known),
            )
    for k in known:
        if k.required and k.name not in data:
            raise ManifestError(
                f"{what} has no `{k.name}`",
                path=str(path),
                line=data.line,
                hint=f"add `{k.name}:` ({k.doc})",
            )


def _story(item: Any, line: int, base: Path, path: Path) -> StorySpec:
    if isinstance(item, str):
        item = Map({"file": item})
        item.line = line
        item.key_lines = {"file": line}
    if not isinstance(item, dict):
        raise ManifestError(
            "each story must be a file path or a mapping with `file:`",
            path=str(path),
            line=line,
            hint="write `- stories/name.txt` or `- file: stories/name.txt`",
        )
    _check_keys(item, STORY_KEYS, path, "a story")
    lines = item.key_lines
    story_path = existing_file(item["file"], "file", base, path, lines.get("file", line), "story file")
    extra: dict[str, Any] = {}
    for key in ("title", "author", "summary"):
        if key in item:
            extra[key] = string(item[key], key, path, lines.get(key))
    if "language" in item:
        extra["language"] = language(item["language"], "language", path, lines.get("language"))
    for key in ("notes", "flashbacks", "furniture", "quotes", "markers", "fandom", "tags", "encoding"):
        if key in item:
            extra[key] = CHECKS[key](item[key], key, path, lines.get(key))
    return StorySpec(path=story_path, line=lines.get("file", line), **extra)


def _stories(value: Any, line: int | None, base: Path, path: Path) -> tuple[StorySpec, ...]:
    if not isinstance(value, list) or not value:
        raise ManifestError(
            "`stories` must be a list with at least one story",
            path=str(path),
            line=line,
            hint="list the .txt files under `stories:`, one `- path` per line",
        )
    item_lines = getattr(value, "item_lines", [line or 0] * len(value))
    # Every story file that is missing is named at once (a folder renamed, a download
    # moved): not one error per run.
    found: list[StorySpec] = []
    missing: list[ManifestError] = []
    for item, item_line in zip(value, item_lines):
        try:
            found.append(_story(item, item_line, base, path))
        except ManifestError as error:
            if not error.message.startswith("story file not found: "):
                raise
            missing.append(error)
    if len(missing) == 1:
        raise missing[0]
    if missing:
        names = ", ".join(f"{e.message.removeprefix('story file not found: ')} (line {e.line})" for e in missing)
        raise ManifestError(f"{len(missing)} story files not found: {names}", path=str(path), line=missing[0].line,
                            hint=missing[0].hint)
    specs = tuple(found)
    seen: dict[Path, int] = {}
    for spec in specs:
        if spec.path in seen:
            raise ManifestError(
                f"{spec.path.name} is listed twice (first on line {seen[spec.path]})",
                path=str(path),
                line=spec.line,
                hint="list each story once",
            )
        seen[spec.path] = spec.line
    return specs


def load_manifest(manifest: Path) -> CollectionSpec:
    """Read and validate one manifest; every path in it resolved against its folder."""
    path = manifest
    if file_problem(manifest) == "not found":
        raise ManifestError("manifest not found", path=str(path), hint="give a path or the name of a manifest in manifests/")
    raw = read_regular(manifest, MAX_MANIFEST_BYTES, str(path), ManifestError, "manifest")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ManifestError(
            f"not UTF-8 text (byte {error.start})", path=str(path), hint="save the manifest as UTF-8"
        ) from None

    data = parse_yaml(text, path)
    if not isinstance(data, dict):
        raise ManifestError(
            "a manifest must be a mapping of keys such as `title:` and `stories:`",
            path=str(path),
            line=getattr(data, "line", 1) if data is not None else 1,
            hint="start with `title: …` and a `stories:` list",
        )
    _check_keys(data, COLLECTION_KEYS, path, "the manifest")
    base = manifest.resolve().parent
    lines = data.key_lines

    values: dict[str, Any] = {}
    for key in COLLECTION_KEYS:
        if key.name not in data or key.kind not in CHECKS:
            continue
        values[key.name] = CHECKS[key.kind](data[key.name], key.name, path, lines.get(key.name))

    stories = _stories(data["stories"], lines.get("stories"), base, path)

    cover = None
    if "cover" in data:
        cover = existing_file(data["cover"], "cover", base, path, lines.get("cover"), "cover image")

    style, style_path, style_bundle = "classic", None, None
    if "style" in data:
        style = values.pop("style")
        if style not in THEMES:
            if not style.endswith(".css"):
                raise ManifestError(
                    f"unknown style `{style}`",
                    path=str(path),
                    line=lines.get("style"),
                    hint="built-in styles: " + ", ".join(THEMES) + "; or give a path to a .css file",
                )
            style_path = existing_file(style, "style", base, path, lines.get("style"), "stylesheet")
            style_bundle = resolve_style(style_path, base, path, lines.get("style"))
            style = "classic"  # the user's sheet goes on top of the built-in one
    values.pop("style", None)

    name = manifest.stem
    if "output" in data:
        name = string(data["output"], "output", path, lines.get("output"))
        if not _NAME.match(name) or name in {".", ".."}:
            raise ManifestError(
                f"`output: {name}` must be a plain file name stem",
                path=str(path),
                line=lines.get("output"),
                hint="no folders or slashes; use --out to choose the folder",
            )

    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise ManifestError(
            "the manifest's file name is not UTF-8, so its outputs cannot be named after it",
            path=str(path),
            hint="rename the manifest, or name the outputs with `output:`",
        ) from None
    if len(name.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
        raise ManifestError(
            f"the outputs' name is {len(name.encode('utf-8', 'surrogateescape'))} bytes long, more than the "
            f"{MAX_NAME_BYTES} a file name can take with its extension",
            path=str(path),
            line=lines.get("output"),
            hint="give the outputs a shorter name with `output:`",
        )
    typography = switches(data["typography"], "typography", path, lines.get("typography")) if "typography" in data else {}

    return CollectionSpec(
        manifest=manifest.resolve(),
        name=name,
        stories=stories,
        cover=cover,
        style=style,
        style_path=style_path,
        style_bundle=style_bundle,
        typography=typography,
        **values,
    )
