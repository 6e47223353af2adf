"""The manifest's values, checked: each check takes a value, its key, the manifest's
path and the key's line, and returns the value in the form the spec keeps, or raises a
ManifestError naming the line and saying what to write instead."""

from __future__ import annotations

import codecs
import difflib
import math
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from compiler.errors import ManifestError
from compiler.load.files import file_problem
from compiler.load.patterns import PatternError, compile_marker
from compiler.options import (
    CHAPTER_PAGES,
    FLASHBACK_PLACEMENTS,
    FURNITURE_PLACEMENTS,
    NOTE_PLACEMENTS,
    PDF_VARIANTS,
    QUOTE_STYLES,
    Marker,
    MarkerKind,
    PdfOptions,
    TypographyRule,
    page_size_in_range,
    valid_page_size,
)

MAX_MARKER_LENGTH = 500
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


# Longest values a manifest may give, in characters: a title is a line, a description a
# few paragraphs. A megabyte-long title is not a title, and would be set on every page.
MAX_LENGTHS = {"description": 20_000, "summary": 20_000, "file": 4096, "cover": 4096, "style": 4096}
MAX_LENGTH = 1000
# Characters no value may hold: controls (but tab and line end), which XML cannot carry or
# which would reach an e-reader's library as garbage, and the non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def string(value: Any, key: str, path: Path, line: int | None) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise ManifestError(f"`{key}` must be text", path=str(path), line=line, hint=f"write `{key}: some text`")
    text = str(value).strip()
    if not text:
        raise ManifestError(f"`{key}` is empty", path=str(path), line=line, hint="give it a value or remove the key")
    limit = MAX_LENGTHS.get(key, MAX_LENGTH)
    if len(text) > limit:
        raise ManifestError(
            f"`{key}` is {len(text):,} characters long, more than the {limit:,} ficbind takes",
            path=str(path), line=line, hint="shorten it",
        )
    if control := _CONTROL.search(text):
        raise ManifestError(
            f"`{key}` holds a control character (U+{ord(control.group()):04X})",
            path=str(path), line=line, hint="remove it (an escape such as \\a in a quoted YAML string makes one)",
        )
    return text


def language(value: Any, key: str, path: Path, line: int | None) -> str:
    text = string(value, key, path, line)
    if not LANGUAGE.match(text):
        raise ManifestError(
            f"`{key}: {text}` is not a language code", path=str(path), line=line, hint="use a code such as en, en-GB or de"
        )
    return text


def number(value: Any, key: str, path: Path, line: int | None) -> float:
    """A number between 0 and 1,000,000 (a position in a series: 1, 2, 2.5)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ManifestError(f"`{key}` must be a number", path=str(path), line=line, hint=f"write e.g. `{key}: 2`")
    if not math.isfinite(value) or not 0 <= value <= 1_000_000:
        raise ManifestError(
            f"`{key}: {value}` is not a number ficbind takes", path=str(path), line=line,
            hint="give a number from 0 to 1,000,000, e.g. 1, 2 or 2.5",
        )
    return float(value)


def existing_file(value: Any, key: str, base: Path, path: Path, line: int | None, what: str) -> Path:
    """A path the manifest names, relative to its folder: it must be a regular file (not
    a folder, a device, a FIFO, a socket or a link that loops), refused here with the
    manifest's line rather than read (or waited on) later."""
    text = string(value, key, path, line)
    if "\x00" in text:
        raise ManifestError(f"`{key}` holds a NUL character, which no file name can", path=str(path), line=line)
    target = base / text if not Path(text).is_absolute() else Path(text)
    try:
        target = target.resolve()
    except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError for a link loop
        problem = "is a symbolic link that loops"
    else:
        problem = file_problem(target)
    if problem == "not found":
        raise ManifestError(
            f"{what} not found: {text}",
            path=str(path),
            line=line,
            hint=f"paths are relative to the manifest's folder ({base})",
        )
    if problem:
        raise ManifestError(f"{what} {text} {problem}", path=str(path), line=line, hint=f"name a {what} that is a regular file")
    return target


def calendar_date(value: Any, key: str, path: Path, line: int | None) -> date:
    """A calendar date, `2024-05-01` (YAML reads it as one; a quoted one is parsed)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = string(value, key, path, line)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ManifestError(f"`{key}: {text}` is not a date", path=str(path), line=line,
                            hint="write it as year-month-day, e.g. 2024-05-01") from None


def encoding(value: Any, key: str, path: Path, line: int | None) -> str:
    """A text encoding Python knows (`cp1253`, `windows-1251`, `mac_roman`), by its canonical name."""
    text = string(value, key, path, line)
    try:
        info = codecs.lookup(text)
    except LookupError:
        raise ManifestError(
            f"`{key}: {text}` is not an encoding ficbind knows", path=str(path), line=line,
            hint="e.g. utf-8, cp1252, cp1251, cp1253, mac_roman, koi8_r",
        ) from None
    if not getattr(info, "_is_text_encoding", True):
        raise ManifestError(f"`{key}: {text}` is not a text encoding", path=str(path), line=line)
    return info.name


def words(value: Any, key: str, path: Path, line: int | None) -> tuple[str, ...]:
    """A word or phrase, or a list of them: `fandom: Gull Reach` or `tags: [fluff, angst]`."""
    items = value if isinstance(value, list) else [value]
    return tuple(string(item, key, path, line) for item in items)


def choice(options: tuple[str, ...]) -> Callable[..., str]:
    def check(value: Any, key: str, path: Path, line: int | None) -> str:
        text = string(value, key, path, line)
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


def markers(value: Any, key: str, path: Path, line: int | None) -> tuple[Marker, ...]:
    """`markers: {scene-break: ["^<>$"], author-note: ["^Ramble:"]}` → the manifest's own
    structure markers, each a valid regular expression (detect makes them rules: a label
    kind's expression matches the label at the start of a line, the rest of the line is
    the text; any other kind's must match the whole line)."""
    if not isinstance(value, dict):
        raise ManifestError(
            "`markers` must map marker kinds to lists of regular expressions",
            path=str(path),
            line=line,
            hint='e.g. `markers: {scene-break: ["^<>$"]}`',
        )
    key_lines = getattr(value, "key_lines", {})
    kinds = [kind.value for kind in MarkerKind]
    found: list[Marker] = []
    for kind_name, patterns in value.items():
        where = key_lines.get(kind_name, line)
        if kind_name not in kinds:
            close = difflib.get_close_matches(str(kind_name), kinds, n=1, cutoff=0.5)
            raise ManifestError(
                f"unknown marker kind `{kind_name}`",
                path=str(path),
                line=where,
                hint=f"did you mean `{close[0]}`?" if close else "kinds: " + ", ".join(kinds),
            )
        if isinstance(patterns, str):
            patterns = [patterns]
        if not isinstance(patterns, list) or not all(isinstance(p, str) and p for p in patterns):
            raise ManifestError(
                f"markers for `{kind_name}` must be a list of regular expressions", path=str(path), line=where
            )
        for number, pattern in enumerate(patterns, start=1):
            if len(pattern) > MAX_MARKER_LENGTH:
                raise ManifestError(
                    f"marker {number} for `{kind_name}` is {len(pattern)} characters long, more than {MAX_MARKER_LENGTH}",
                    path=str(path),
                    line=where,
                    hint="a marker describes one kind of line; write a shorter expression",
                )
            try:
                re.compile(f"(?:{pattern})")  # Python's messages say best what is wrong
            except re.error as error:
                raise ManifestError(
                    f"marker `{pattern}` for `{kind_name}` is not a valid regular expression ({error.msg})",
                    path=str(path),
                    line=where,
                    hint="write a regular expression; quote it in YAML",
                ) from None
            try:
                compile_marker(f"(?:{pattern})")
            except PatternError as error:
                raise ManifestError(
                    f"marker `{pattern}` for `{kind_name}` cannot be used ({error})",
                    path=str(path),
                    line=where,
                    hint="write a regular expression without backreferences or lookaround; quote it in YAML",
                ) from None
            found.append(Marker(MarkerKind(kind_name), pattern, number, path.name))
    return tuple(found)


def _one_of(value: dict, name: str, default: str, choices: tuple[str, ...], problem: str, hint: str,
            path: Path, key_lines: dict, line: int | None) -> str:
    """A setting that is one of some words (any case), or its default when not given."""
    if name not in value:
        return default
    chosen = string(value[name], name, path, key_lines.get(name, line)).lower()
    if chosen not in choices:
        raise ManifestError(f"`{name}: {chosen}` {problem}", path=str(path), line=key_lines.get(name, line), hint=hint)
    return chosen


def pdf(value: Any, key: str, path: Path, line: int | None) -> PdfOptions:
    if not isinstance(value, dict):
        raise ManifestError("`pdf` must be a mapping", path=str(path), line=line, hint="e.g. `pdf: {page_size: A4}`")
    key_lines = getattr(value, "key_lines", {})
    known = ("page_size", "variant", "chapters")
    for name in value:
        if name not in known:
            close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.5)
            raise ManifestError(
                f"unknown key `{name}` in `pdf`",
                path=str(path),
                line=key_lines.get(name, line),
                hint=f"did you mean `{close[0]}`?" if close else "known: page_size, variant, chapters",
            )
    size = ""
    if "page_size" in value:
        size = string(value["page_size"], "page_size", path, key_lines.get("page_size", line))
        if not valid_page_size(size) or not page_size_in_range(size):
            raise ManifestError(
                f"`page_size: {size}` is not a page size",
                path=str(path),
                line=key_lines.get("page_size", line),
                hint="use A5, A4, A6, B5, Letter, Legal, 6x9, 5x8, 5.5x8.5, pocket, or a width and height like 130mm 200mm "
                "(each from 50 mm to 600 mm)",
            )
    variant = _one_of(value, "variant", "", PDF_VARIANTS, "is not a PDF variant ficbind can write",
                      "use one of " + ", ".join(PDF_VARIANTS), path, key_lines, line)
    chapters = _one_of(value, "chapters", "auto", CHAPTER_PAGES, "is not a way to set chapters",
                       "use auto (a novel's chapters open new pages, short ones run on), new-page or run-on",
                       path, key_lines, line)
    return PdfOptions(size, variant, chapters)


def typography(value: Any, key: str, path: Path, line: int | None) -> dict[str, bool]:
    """`typography: {dialogue-period-comma: false}`: rules switched on or off by name."""
    if not isinstance(value, dict):
        raise ManifestError(
            "`typography` must map rule names to true or false",
            path=str(path),
            line=line,
            hint="e.g. `typography: {dialogue-period-comma: false}`",
        )
    names = [rule.value for rule in TypographyRule]
    switches: dict[str, bool] = {}
    key_lines = getattr(value, "key_lines", {})
    for name, enabled in value.items():
        if name not in names:
            close = difflib.get_close_matches(str(name), names, n=1, cutoff=0.6)
            raise ManifestError(
                f"unknown typography rule `{name}`",
                path=str(path),
                line=key_lines.get(name, line),
                hint=f"did you mean `{close[0]}`?" if close else "rules: " + ", ".join(names),
            )
        if not isinstance(enabled, bool):
            raise ManifestError(
                f"typography rule `{name}` must be true or false",
                path=str(path),
                line=key_lines.get(name, line),
            )
        switches[name] = enabled
    return switches


CHECKS: dict[str, Callable[..., Any]] = {
    "string": string,
    "language": language,
    "number": number,
    "notes": choice(NOTE_PLACEMENTS),
    "flashbacks": choice(FLASHBACK_PLACEMENTS),
    "furniture": choice(FURNITURE_PLACEMENTS),
    "quotes": choice(QUOTE_STYLES),
    "words": words,
    "encoding": encoding,
    "date": calendar_date,
    "pdf": pdf,
    "markers": markers,
}
