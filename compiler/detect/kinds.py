"""Line kinds: what one source line can mark, and the shape of a rule that says so.

A LineRule recognises one kind of line (a label, a heading, a break, …); a LineMatch is
what classifying a line found: its kind, the rule, the part of the line that only
marks (consumed), and the rest (a label's text, a heading's title).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Callable


class LineKind(StrEnum):
    FIELD = "field"  # label "Rating:"; the rest is the value (only in a header block)
    SUMMARY = "summary"  # label; the rest of the paragraph is the summary
    DISCLAIMER_TEXT = "disclaimer-text"  # "I own nothing.": a disclaimer only at a story's or chapter's start
    DISCLAIMER = "disclaimer"  # label; the rest is the disclaimer
    AUTHOR_NOTE = "author-note"  # label; the rest is the note
    NOTE_END = "note-end"  # "End A/N": closes a note of several paragraphs
    CHAPTER = "chapter"  # a heading line of its own
    SCENE_BREAK = "scene-break"  # an ornament line of its own
    FLASHBACK_START = "flashback-start"
    FLASHBACK_END = "flashback-end"
    PRESENT_DAY = "present-day"  # "Present day": ends a flashback, stays as a scene heading
    NUMBERED_HEADING = "numbered-heading"  # "4. The Title": a chapter heading when alone
    TIME_SKIP = "time-skip"  # a lone "2 months ago": opens a flashback if an end marker follows
    SCENE_HEADING = "scene-heading"  # "Harry's POV", "Three years later"
    NAME_LINE = "name-line"  # "-Luna-", "Harry": a POV heading only right after a break
    END_LINE = "end-line"  # "TBC", "The End"
    RECAP = "recap"  # "Previously on …"
    SALUTATION = "salutation"  # "Dear Maren," opens a letter if a closing follows
    VALEDICTION = "valediction"  # "Love," / "Yours, Gran" closes a letter
    SOLICITATION = "solicitation"  # "Please review!": an end note without a label
    PROSE = "prose"


# Kinds that begin a paragraph with a label and keep the rest of it as text.
LABEL_KINDS = frozenset({LineKind.FIELD, LineKind.SUMMARY, LineKind.DISCLAIMER, LineKind.AUTHOR_NOTE})
# Kinds that are always a line of their own, even without blank lines around them.
LINE_KINDS = frozenset(
    {
        LineKind.CHAPTER,
        LineKind.SCENE_BREAK,
        LineKind.FLASHBACK_START,
        LineKind.FLASHBACK_END,
        LineKind.NOTE_END,
        LineKind.PRESENT_DAY,
    }
)
# Kinds that count only when they are a whole paragraph of one line.
LONE_KINDS = frozenset(
    {
        LineKind.NUMBERED_HEADING,
        LineKind.TIME_SKIP,
        LineKind.SCENE_HEADING,
        LineKind.NAME_LINE,
        LineKind.END_LINE,
        LineKind.SALUTATION,
        LineKind.VALEDICTION,
    }
)
# Kinds whose whole line only delimits structure: consumed, kept as a Marker.
CONSUMED_KINDS = frozenset(
    {LineKind.FLASHBACK_START, LineKind.FLASHBACK_END, LineKind.NOTE_END, LineKind.SCENE_BREAK}
)


@dataclass(frozen=True)
class LineRule:
    name: str
    kind: LineKind
    pattern: re.Pattern[str]
    reason: str
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...] = ()
    # An extra test on the match, for what a regular expression says badly.
    check: Callable[[re.Match[str]], bool] | None = None
    # The pattern reads only the start of a line, so it applies to lines of any length.
    prefix: bool = False


@dataclass(frozen=True)
class LineMatch:
    kind: LineKind
    rule: str
    marker: str  # the consumed part: a label ("AN:") or the whole marker line
    rest: str  # a label's text, or a heading's or marker's title part


# Kinds that head a chapter.
HEADINGS = frozenset({LineKind.CHAPTER, LineKind.NUMBERED_HEADING})
# Marks a line of dialogue opens with: such a paragraph is the story talking, not a label's text.
QUOTES = "\"“'‘"
