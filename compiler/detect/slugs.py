"""Slugs: where and when a scene happens, on lines of their own above it, as screenplays
and mailing-list fics set them: `Quantico, Virginia` over `January 13, 1990`; `0800 hrs`
over `504 Battery Park, NYC`; `DANA SCULLY'S APARTMENT`, `GEORGETOWN`, `6:07am`.

A place alone is only a line of capitalised words, which a name or a shout can be too;
a run of them is a slug when a date or a clock time is among them.
"""

from __future__ import annotations

import re

from compiler.detect.kinds import LineKind
from compiler.detect.lines import classify_line
from compiler.detect.paragraphs import Paragraph

# Capitalised (or upper-case) words, perhaps after a street number, perhaps `, Region`.
_PLACE = re.compile(
    r"^(?:\d{1,5}\s+)?[A-Z][\w'’.\-&]*(?:\s+(?:[A-Z0-9][\w'’.\-&]*|of|the|de|la|on|upon))*"
    r"(?:,\s+[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,3})?$"
)
_WHEN_RULES = frozenset({"date-line", "clock-time", "day-and-time", "place-and-date"})
_MAX_RUN = 4
_MAX_WHEN = 60  # characters: the longest date or time line is `Wednesday evening, a quarter past eleven`


def is_when(line: str) -> bool:
    """A date or a clock time on its own (never a long line: those are prose)."""
    return len(line) <= _MAX_WHEN and classify_line(line).rule in _WHEN_RULES


def is_place(line: str) -> bool:
    return len(line) <= _MAX_WHEN and len(line.split()) <= 6 and bool(_PLACE.match(line)) and not line.endswith(".")


def _slug_line(line: str) -> bool:
    return is_place(line) or is_when(line)


def slug_lines(para: Paragraph) -> bool:
    """A paragraph of two or three slug lines, one of them a date or time."""
    return 2 <= len(para.lines) <= 3 and all(_slug_line(line) for line in para.lines) and any(
        is_when(line) for line in para.lines
    )


def slug_run(paragraphs: list[Paragraph], index: int) -> int:
    """How many one-line paragraphs from `index` are slug lines with a date or time
    among them, followed by the scene's text (0: not a slug)."""
    count = 0
    when = False
    for i in range(index, min(index + _MAX_RUN, len(paragraphs))):
        para = paragraphs[i]
        if len(para.lines) != 1 or not _slug_line(para.text) or para.kind not in (
            LineKind.PROSE, LineKind.NAME_LINE, LineKind.SCENE_HEADING
        ):
            break
        when = when or is_when(para.text)
        count += 1
    following = paragraphs[index + count] if index + count < len(paragraphs) else None
    if not when or count < 2 or following is None or following.kind is not LineKind.PROSE:
        return 0
    return count
