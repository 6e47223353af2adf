"""A manifest's own markers → line rules, tried before the table's (for conventions
ficbind does not know). A label kind's expression matches the label at the start of a
line and the rest of the line is the text; any other kind's matches the whole line."""

from __future__ import annotations

import functools

from compiler.detect.kinds import LABEL_KINDS, LineKind, LineRule
from compiler.load.patterns import compile_marker
from compiler.options import Marker, MarkerKind

# What each kind of manifest marker marks.
MARKER_LINES: dict[MarkerKind, LineKind] = {
    MarkerKind.AUTHOR_NOTE: LineKind.AUTHOR_NOTE,
    MarkerKind.NOTE_END: LineKind.NOTE_END,
    MarkerKind.SUMMARY: LineKind.SUMMARY,
    MarkerKind.DISCLAIMER: LineKind.DISCLAIMER,
    MarkerKind.CHAPTER: LineKind.CHAPTER,
    MarkerKind.SCENE_BREAK: LineKind.SCENE_BREAK,
    MarkerKind.FLASHBACK_START: LineKind.FLASHBACK_START,
    MarkerKind.FLASHBACK_END: LineKind.FLASHBACK_END,
    MarkerKind.TIME_SKIP: LineKind.TIME_SKIP,
    MarkerKind.PRESENT_DAY: LineKind.PRESENT_DAY,
    MarkerKind.SCENE_HEADING: LineKind.SCENE_HEADING,
    MarkerKind.END_LINE: LineKind.END_LINE,
}


@functools.lru_cache(maxsize=256)
def marker_rules(markers: tuple[Marker, ...]) -> tuple[LineRule, ...]:
    """The rules for a story's manifest markers (validated by the load stage)."""
    rules = []
    for marker in markers:
        kind = MARKER_LINES[marker.kind]
        if kind in LABEL_KINDS:
            source = rf"^(?P<label>(?:{marker.pattern}))\s*(?P<rest>.*)$"
        else:
            source = rf"^(?:{marker.pattern})\s*$"
        # RE2, not Python's engine: a stranger's expression runs in linear time.
        rules.append(
            LineRule(marker.name, kind, compile_marker(source), f"from {marker.source}", (marker.pattern,), prefix=True)
        )
    return tuple(rules)
