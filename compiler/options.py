"""Options: what a manifest may choose that a later stage carries out.

The load stage validates a manifest against these names, and the stage that acts on
each option implements it: the typography rules (typeset), the marker kinds and the
placements of notes and flashbacks (detect), the themes and PDF settings (write). Kept
here, below every stage, so that loading a manifest needs none of the stages' machinery
(as pandoc keeps its reader and writer options in a module of their own), and each
stage's table of rules is held to this vocabulary by a test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class TypographyRule(StrEnum):
    """The typography rules a manifest switches by name (`typography: {tabs: false}`),
    in the order they run; the typeset stage's table has one row for each."""

    HTML_ENTITIES = "html-entities"
    HTML_TAGS = "html-tags"
    INVISIBLE_SPACING = "invisible-spacing"
    TABS = "tabs"
    STRONG_ASTERISKS = "strong-asterisks"
    STRONG_UNDERSCORES = "strong-underscores"
    EMPHASIS_ASTERISKS = "emphasis-asterisks"
    EMPHASIS_UNDERSCORES = "emphasis-underscores"
    EMPHASIS_SLASHES = "emphasis-slashes"
    ACUTE_GRAVE_APOSTROPHE = "acute-grave-apostrophe"
    TEX_QUOTES = "tex-quotes"
    DIALOGUE_PERIOD_COMMA = "dialogue-period-comma"
    PRIMES = "primes"
    ELLIPSIS = "ellipsis"
    NUMBER_RANGE_EN_DASH = "number-range-en-dash"
    DOUBLE_HYPHEN_DASH = "double-hyphen-dash"
    SPACED_HYPHEN_DASH = "spaced-hyphen-dash"
    SPACED_EM_DASH = "spaced-em-dash"
    INTERRUPTED_SPEECH_HYPHEN = "interrupted-speech-hyphen"
    APOSTROPHE_IN_WORD = "apostrophe-in-word"
    LEADING_ELISION = "leading-elision"
    DOUBLE_QUOTES = "double-quotes"
    SINGLE_QUOTES = "single-quotes"
    REVERSED_ELISION = "reversed-elision"
    TRIM_SPACES = "trim-spaces"
    ELLIPSIS_SPACING = "ellipsis-spacing"
    SPACE_INSIDE_QUOTES = "space-inside-quotes"
    COLLAPSE_SPACES = "collapse-spaces"
    FRACTION_SPACE = "fraction-space"
    SPACE_BEFORE_PUNCTUATION = "space-before-punctuation"
    NESTED_QUOTE_HAIR_SPACE = "nested-quote-hair-space"
    NO_BREAK_SPACES = "no-break-spaces"
    WORD_JOINER = "word-joiner"


class MarkerKind(StrEnum):
    """What a manifest's own structure markers (`markers: {scene-break: […]}`) mark."""

    AUTHOR_NOTE = "author-note"
    NOTE_END = "note-end"
    SUMMARY = "summary"
    DISCLAIMER = "disclaimer"
    CHAPTER = "chapter"
    SCENE_BREAK = "scene-break"
    FLASHBACK_START = "flashback-start"
    FLASHBACK_END = "flashback-end"
    TIME_SKIP = "time-skip"
    PRESENT_DAY = "present-day"
    SCENE_HEADING = "scene-heading"
    END_LINE = "end-line"


@dataclass(frozen=True)
class Marker:
    """One of a manifest's structure markers: a regular expression (validated when the
    manifest is loaded) for a kind of line, and where it came from."""

    kind: MarkerKind
    pattern: str
    number: int  # its place among the manifest's markers of that kind, from 1
    source: str  # the manifest's file name

    @property
    def name(self) -> str:
        return f"manifest-{self.kind}-{self.number}"


# Author's notes: each a section where it stands, gathered at the end of each story, or
# left out; flashbacks: a section of their own, or kept in the text and set apart by style.
NOTE_PLACEMENTS = ("in-place", "end", "omit")
FLASHBACK_PLACEMENTS = ("section", "inline")
# What the site put around a story (navigation, badges, stats): left out, or kept.
FURNITURE_PLACEMENTS = ("omit", "keep")
# Quotation style: the author's, or converted to American (“…‘…’…”) or British (‘…“…”…’).
QUOTE_STYLES = ("as-typed", "american", "british")
# The built-in themes, folders of styles/.
THEMES = ("classic", "modern")


@dataclass(frozen=True)
class PdfOptions:
    """The manifest's `pdf:` settings."""

    page_size: str = ""  # "", "A5", "A4", "Letter", "6x9", "130mm 200mm"
    variant: str = ""  # "", "pdf/a-3b", … (archival PDF)
    chapters: str = "auto"  # CHAPTER_PAGES: whether a story's chapters open new pages


# `auto`: a novel's chapters do, short ones run on (render/print_story.py); or always, or never.
CHAPTER_PAGES = ("auto", "new-page", "run-on")


PAGE_SIZES = {
    "a4": "A4",
    "a5": "A5",
    "a6": "A6",
    "b5": "B5",
    "letter": "letter",
    "legal": "legal",
    "6x9": "6in 9in",  # US trade
    "5x8": "5in 8in",
    "5.5x8.5": "5.5in 8.5in",  # digest
    "5.25x8": "5.25in 8in",
    "pocket": "4.25in 6.87in",
}
PDF_VARIANTS = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-4b", "pdf/a-2u", "pdf/a-3u", "pdf/a-4u", "pdf/ua-1")
_EXPLICIT_SIZE = re.compile(r"^\d+(?:\.\d+)?(?:mm|cm|in|pt)\s+\d+(?:\.\d+)?(?:mm|cm|in|pt)$")


def page_size_css(value: str) -> str:
    """A manifest page size as a CSS `size` value (validated by the manifest loader)."""
    named = PAGE_SIZES.get(value.strip().lower())
    return named or value.strip()


_MILLIMETRES = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
# A page from a playing card's to a broadsheet's: beyond, a manifest asks for a layout of
# thousands of pages (or one page the size of a field), which takes minutes and gigabytes.
PAGE_SIDE_MM = (50.0, 600.0)


def page_size_in_range(value: str) -> bool:
    """Whether an explicit `width height` has each side from 50 mm to 600 mm (named sizes do)."""
    if value.strip().lower() in PAGE_SIZES:
        return True
    low, high = PAGE_SIDE_MM
    for side in value.split():
        number = side.rstrip("abcdefghijklmnopqrstuvwxyz")
        if not low <= float(number) * _MILLIMETRES[side[len(number):]] <= high:
            return False
    return True


def valid_page_size(value: str) -> bool:
    return value.strip().lower() in PAGE_SIZES or bool(_EXPLICIT_SIZE.match(value.strip()))
