"""Load stage: manifest.yaml → CollectionSpec (validated, paths resolved).

A manifest is YAML, one collection per file; its paths are relative to its own folder.
Every problem is reported with the manifest's path and the line of the offending key,
and unknown keys come with the closest known key as a suggestion.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from compiler.assets import THEMES as BUILTIN_STYLES
from compiler.errors import ManifestError
from compiler.pdf_options import PDF_VARIANTS, PdfOptions, valid_page_size
from compiler.placement import FLASHBACK_PLACEMENTS, NOTE_PLACEMENTS
from compiler.structure import LABEL_KINDS, LineKind, LineRule


@dataclass(frozen=True)
class Key:
    """One manifest key: its type check and a line for the docs and the JSON Schema."""

    name: str
    kind: str  # "string", "number", "path", "mapping", "stories", "language", "name"
    doc: str
    required: bool = False


COLLECTION_KEYS: tuple[Key, ...] = (
    Key("title", "string", "The collection's title, on its title page and in e-reader libraries.", True),
    Key("stories", "stories", "The stories, in reading order: paths, or mappings with `file:`.", True),
    Key("author", "string", "The collection's author or compiler."),
    Key("language", "language", "Language code (BCP 47, e.g. `en`, `en-GB`, `de`); default `en`."),
    Key("description", "string", "A sentence or two about the collection (the EPUB's description)."),
    Key("series", "string", "Series the collection belongs to."),
    Key("series_index", "number", "Position in the series (1, 2, 2.5, …)."),
    Key("identifier", "string", "A stable identifier; by default derived from title and author."),
    Key("cover", "path", "A cover image (JPEG or PNG); without one, a typographic cover is drawn."),
    Key("fandom", "words", "The fandom(s), for e-reader libraries: text or a list."),
    Key("tags", "words", "Tags (subjects) for e-reader libraries: a list."),
    Key("style", "string", "A built-in theme (`classic`, `modern`) or a path to your own CSS file, added on top of classic."),
    Key("pdf", "pdf", "PDF settings: `page_size` (A5, A4, Letter, 6x9, … or `130mm 200mm`) and `variant` (e.g. `pdf/a-3b`)."),
    Key("output", "name", "File name stem of the outputs; default: the manifest's file stem."),
    Key("typography", "mapping", "Typography rules switched on or off by name, e.g. `dialogue-period-comma: false`."),
    Key("quotes", "quotes", "Quotation style: `as-typed` (default), `american` (“…‘…’…”) or `british` (‘…“…”…’)."),
    Key("notes", "notes", "Author's notes: `in-place` (default), gathered at the `end` of each story, or `omit`."),
    Key("flashbacks", "flashbacks", "Flashbacks: a `section` of their own (default) or `inline` in the text, styled."),
    Key("markers", "markers", "Extra structure markers: a kind (`author-note`, `chapter`, `scene-break`, …) → regular expressions."),
)

STORY_KEYS: tuple[Key, ...] = (
    Key("file", "path", "The story's .txt file, relative to the manifest.", True),
    Key("title", "string", "Title to use instead of the one in the file."),
    Key("author", "string", "The story's author, if not the collection's."),
    Key("summary", "string", "A summary to use instead of the file's `Summary:`."),
    Key("language", "language", "The story's language, if not the collection's."),
    Key("fandom", "words", "The story's fandom(s)."),
    Key("tags", "words", "The story's tags."),
    Key("quotes", "quotes", "This story's quotation style: `as-typed`, `american` or `british`."),
    Key("notes", "notes", "This story's author's notes: `in-place`, `end` or `omit`."),
    Key("flashbacks", "flashbacks", "This story's flashbacks: `section` or `inline`."),
    Key("markers", "markers", "Extra structure markers for this story only."),
)


_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_NAME = re.compile(r"^[^/\\\x00-\x1f]+$")


@dataclass(frozen=True)
class StorySpec:
    path: Path
    line: int  # the manifest line that names the story
    title: str = ""
    author: str = ""
    summary: str = ""
    language: str = ""
    notes: str = ""  # "" = the collection's choice
    flashbacks: str = ""
    quotes: str = ""
    markers: tuple[LineRule, ...] = ()
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
    identifier: str = ""
    cover: Path | None = None
    style: str = "classic"
    style_path: Path | None = None
    typography: dict[str, bool] = field(default_factory=dict)
    pdf: PdfOptions = field(default_factory=PdfOptions)
    notes: str = "in-place"
    flashbacks: str = "section"
    quotes: str = "as-typed"
    markers: tuple[LineRule, ...] = ()
    fandom: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def quotes_for(self, story: StorySpec) -> str:
        return story.quotes or self.quotes

    def notes_for(self, story: StorySpec) -> str:
        return story.notes or self.notes

    def flashbacks_for(self, story: StorySpec) -> str:
        return story.flashbacks or self.flashbacks

    def markers_for(self, story: StorySpec) -> tuple[LineRule, ...]:
        return (*story.markers, *self.markers)


# ── YAML with line numbers ───────────────────────────────────────────────────────────


class _Map(dict):
    line: int = 0
    key_lines: dict[str, int]


class _Seq(list):
    line: int = 0
    item_lines: list[int]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when present: 5x faster
    """A safe loader whose mappings and lists remember their source lines."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    result = _Map()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            raise ManifestError(f"keys must be words, not {key!r}", line=line)
        if key in result:
            raise ManifestError(
                f"key `{key}` appears twice (first on line {result.key_lines[key]})",
                line=line,
                hint="keep one of them",
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> _Seq:
    result = _Seq(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _parse_yaml(text: str, path: Path) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except ManifestError as error:
        error.path = str(path)
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        raise ManifestError(
            f"not valid YAML: {problem}",
            path=str(path),
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint="check the indentation and quoting near this spot",
        ) from None
    except yaml.YAMLError as error:
        raise ManifestError(f"not valid YAML: {error}", path=str(path)) from None


# ── Validation ───────────────────────────────────────────────────────────────────────


def _suggest(key: str, known: tuple[Key, ...]) -> str:
    names = [k.name for k in known]
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    return "known keys: " + ", ".join(names)


def _check_keys(data: _Map, known: tuple[Key, ...], path: Path, what: str) -> None:
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


def _string(value: Any, key: str, path: Path, line: int | None) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise ManifestError(f"`{key}` must be text", path=str(path), line=line, hint=f"write `{key}: some text`")
    text = str(value).strip()
    if not text:
        raise ManifestError(f"`{key}` is empty", path=str(path), line=line, hint="give it a value or remove the key")
    return text


def _language(value: Any, key: str, path: Path, line: int | None) -> str:
    text = _string(value, key, path, line)
    if not _LANGUAGE.match(text):
        raise ManifestError(
            f"`{key}: {text}` is not a language code", path=str(path), line=line, hint="use a code such as en, en-GB or de"
        )
    return text


def _number(value: Any, key: str, path: Path, line: int | None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ManifestError(f"`{key}` must be a number", path=str(path), line=line, hint=f"write e.g. `{key}: 2`")
    return float(value)


def _existing_file(value: Any, key: str, base: Path, path: Path, line: int | None, what: str) -> Path:
    text = _string(value, key, path, line)
    target = (base / text).resolve() if not Path(text).is_absolute() else Path(text)
    if not target.exists():
        raise ManifestError(
            f"{what} not found: {text}",
            path=str(path),
            line=line,
            hint=f"paths are relative to the manifest's folder ({base})",
        )
    if target.is_dir():
        raise ManifestError(f"{what} is a folder, not a file: {text}", path=str(path), line=line, hint="name a file")
    return target


def _words(value: Any, key: str, path: Path, line: int | None) -> tuple[str, ...]:
    """A word or phrase, or a list of them: `fandom: Gull Reach` or `tags: [fluff, angst]`."""
    items = value if isinstance(value, list) else [value]
    return tuple(_string(item, key, path, line) for item in items)


def _choice(options: tuple[str, ...]) -> Callable[..., str]:
    def check(value: Any, key: str, path: Path, line: int | None) -> str:
        text = _string(value, key, path, line)
        if text not in options:
            close = difflib.get_close_matches(text, options, n=1, cutoff=0.5)
            raise ManifestError(
                f"`{key}: {text}` is not one of {', '.join(options)}",
                path=str(path),
                line=line,
                hint=f"did you mean `{close[0]}`?" if close else f"use one of {', '.join(options)}",
            )
        return text

    return check


# The kinds a manifest may add markers for, and what each marks.
MARKER_KINDS: dict[str, LineKind] = {
    "author-note": LineKind.AUTHOR_NOTE,
    "note-end": LineKind.NOTE_END,
    "summary": LineKind.SUMMARY,
    "disclaimer": LineKind.DISCLAIMER,
    "chapter": LineKind.CHAPTER,
    "scene-break": LineKind.SCENE_BREAK,
    "flashback-start": LineKind.FLASHBACK_START,
    "flashback-end": LineKind.FLASHBACK_END,
    "time-skip": LineKind.TIME_SKIP,
    "present-day": LineKind.PRESENT_DAY,
    "scene-heading": LineKind.SCENE_HEADING,
    "end-line": LineKind.END_LINE,
}


def _markers(value: Any, key: str, path: Path, line: int | None) -> tuple[LineRule, ...]:
    """`markers: {scene-break: ["^<>$"], author-note: ["^Ramble:"]}` → extra structure rules.

    A label kind's expression matches the label at the start of a line (the rest of the
    line is the text); any other kind's must match the whole line."""
    if not isinstance(value, dict):
        raise ManifestError(
            "`markers` must map marker kinds to lists of regular expressions",
            path=str(path),
            line=line,
            hint='e.g. `markers: {scene-break: ["^<>$"]}`',
        )
    key_lines = getattr(value, "key_lines", {})
    rules: list[LineRule] = []
    for kind_name, patterns in value.items():
        where = key_lines.get(kind_name, line)
        if kind_name not in MARKER_KINDS:
            close = difflib.get_close_matches(str(kind_name), list(MARKER_KINDS), n=1, cutoff=0.5)
            raise ManifestError(
                f"unknown marker kind `{kind_name}`",
                path=str(path),
                line=where,
                hint=f"did you mean `{close[0]}`?" if close else "kinds: " + ", ".join(MARKER_KINDS),
            )
        if isinstance(patterns, str):
            patterns = [patterns]
        if not isinstance(patterns, list) or not all(isinstance(p, str) and p for p in patterns):
            raise ManifestError(
                f"markers for `{kind_name}` must be a list of regular expressions", path=str(path), line=where
            )
        kind = MARKER_KINDS[kind_name]
        for number, pattern in enumerate(patterns, start=1):
            if kind in LABEL_KINDS:
                source = rf"^(?P<label>(?:{pattern}))\s*(?P<rest>.*)$"
            else:
                source = rf"^(?:{pattern})\s*$"
            try:
                compiled = re.compile(source)
            except re.error as error:
                raise ManifestError(
                    f"marker `{pattern}` for `{kind_name}` is not a valid regular expression ({error.msg})",
                    path=str(path),
                    line=where,
                    hint="write a Python regular expression; quote it in YAML",
                ) from None
            rules.append(
                LineRule(f"manifest-{kind_name}-{number}", kind, compiled, f"from {path.name}", (pattern,), prefix=True)
            )
    return tuple(rules)


def _pdf(value: Any, key: str, path: Path, line: int | None) -> PdfOptions:
    if not isinstance(value, dict):
        raise ManifestError("`pdf` must be a mapping", path=str(path), line=line, hint="e.g. `pdf: {page_size: A4}`")
    key_lines = getattr(value, "key_lines", {})
    known = ("page_size", "variant")
    for name in value:
        if name not in known:
            close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.5)
            raise ManifestError(
                f"unknown key `{name}` in `pdf`",
                path=str(path),
                line=key_lines.get(name, line),
                hint=f"did you mean `{close[0]}`?" if close else "known: page_size, variant",
            )
    size = ""
    if "page_size" in value:
        size = _string(value["page_size"], "page_size", path, key_lines.get("page_size", line))
        if not valid_page_size(size):
            raise ManifestError(
                f"`page_size: {size}` is not a page size",
                path=str(path),
                line=key_lines.get("page_size", line),
                hint="use A5, A4, A6, B5, Letter, Legal, 6x9, 5x8, 5.5x8.5, pocket, or a width and height like 130mm 200mm",
            )
    variant = ""
    if "variant" in value:
        variant = _string(value["variant"], "variant", path, key_lines.get("variant", line)).lower()
        if variant not in PDF_VARIANTS:
            raise ManifestError(
                f"`variant: {variant}` is not a PDF variant ficbind can write",
                path=str(path),
                line=key_lines.get("variant", line),
                hint="use one of " + ", ".join(PDF_VARIANTS),
            )
    return PdfOptions(size, variant)


_CHECKS: dict[str, Callable[..., Any]] = {
    "string": _string,
    "language": _language,
    "number": _number,
    "notes": _choice(NOTE_PLACEMENTS),
    "flashbacks": _choice(FLASHBACK_PLACEMENTS),
    "quotes": _choice(("as-typed", "american", "british")),
    "words": _words,
    "pdf": _pdf,
    "markers": _markers,
}


def _story(item: Any, line: int, base: Path, path: Path) -> StorySpec:
    if isinstance(item, str):
        item = _Map({"file": item})
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
    story_path = _existing_file(item["file"], "file", base, path, lines.get("file", line), "story file")
    extra: dict[str, Any] = {}
    for key in ("title", "author", "summary"):
        if key in item:
            extra[key] = _string(item[key], key, path, lines.get(key))
    if "language" in item:
        extra["language"] = _language(item["language"], "language", path, lines.get("language"))
    for key in ("notes", "flashbacks", "quotes", "markers", "fandom", "tags"):
        if key in item:
            extra[key] = _CHECKS[key](item[key], key, path, lines.get(key))
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
    specs = tuple(_story(item, item_line, base, path) for item, item_line in zip(value, item_lines))
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


def _typography(value: Any, line: int | None, path: Path) -> dict[str, bool]:
    from compiler.typography import RULE_NAMES  # late: the rule table is the typeset stage's

    if not isinstance(value, dict):
        raise ManifestError(
            "`typography` must map rule names to true or false",
            path=str(path),
            line=line,
            hint="e.g. `typography: {dialogue-period-comma: false}`",
        )
    switches: dict[str, bool] = {}
    key_lines = getattr(value, "key_lines", {})
    for name, enabled in value.items():
        if name not in RULE_NAMES:
            close = difflib.get_close_matches(str(name), RULE_NAMES, n=1, cutoff=0.6)
            raise ManifestError(
                f"unknown typography rule `{name}`",
                path=str(path),
                line=key_lines.get(name, line),
                hint=f"did you mean `{close[0]}`?" if close else "rules: " + ", ".join(RULE_NAMES),
            )
        if not isinstance(enabled, bool):
            raise ManifestError(
                f"typography rule `{name}` must be true or false",
                path=str(path),
                line=key_lines.get(name, line),
            )
        switches[name] = enabled
    return switches


def load_manifest(manifest: Path) -> CollectionSpec:
    """Read and validate one manifest; every path in it resolved against its folder."""
    path = manifest
    try:
        raw = manifest.read_bytes()
    except FileNotFoundError:
        raise ManifestError("manifest not found", path=str(path), hint="give a path or the name of a manifest in manifests/") from None
    except IsADirectoryError:
        raise ManifestError("is a folder, not a manifest file", path=str(path)) from None
    except OSError as error:
        raise ManifestError(f"cannot read the manifest: {error.strerror}", path=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ManifestError(
            f"not UTF-8 text (byte {error.start})", path=str(path), hint="save the manifest as UTF-8"
        ) from None

    data = _parse_yaml(text, path)
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
        if key.name not in data or key.kind not in _CHECKS:
            continue
        values[key.name] = _CHECKS[key.kind](data[key.name], key.name, path, lines.get(key.name))

    stories = _stories(data["stories"], lines.get("stories"), base, path)

    cover = None
    if "cover" in data:
        cover = _existing_file(data["cover"], "cover", base, path, lines.get("cover"), "cover image")

    style, style_path = "classic", None
    if "style" in data:
        style = values.pop("style")
        if style not in BUILTIN_STYLES:
            if not style.endswith(".css"):
                raise ManifestError(
                    f"unknown style `{style}`",
                    path=str(path),
                    line=lines.get("style"),
                    hint="built-in styles: " + ", ".join(BUILTIN_STYLES) + "; or give a path to a .css file",
                )
            style_path = _existing_file(style, "style", base, path, lines.get("style"), "stylesheet")
            style = "classic"  # the user's sheet goes on top of the built-in one
    values.pop("style", None)

    name = manifest.stem
    if "output" in data:
        name = _string(data["output"], "output", path, lines.get("output"))
        if not _NAME.match(name) or name in {".", ".."}:
            raise ManifestError(
                f"`output: {name}` must be a plain file name stem",
                path=str(path),
                line=lines.get("output"),
                hint="no folders or slashes; use --out to choose the folder",
            )

    typography = _typography(data["typography"], lines.get("typography"), path) if "typography" in data else {}

    return CollectionSpec(
        manifest=manifest.resolve(),
        name=name,
        stories=stories,
        cover=cover,
        style=style,
        style_path=style_path,
        typography=typography,
        **values,
    )
