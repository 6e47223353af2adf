"""Flashbacks: the look-ahead decisions about where flashbacks begin and end, made once
over the whole story before it is assembled: which lone time lines (`2 months ago`)
open a flashback (an end marker or `Present day` follows before the next chapter), and
which flashback start markers have no end marker ahead (they end at a scene break)."""

from __future__ import annotations

from dataclasses import dataclass, field

from compiler.detect.kinds import HEADINGS, LineKind
from compiler.detect.paragraphs import Paragraph


@dataclass
class FlashbackPlan:
    """Paragraphs (by index) whose flashback the assembly opens or ends differently."""

    # Lone time lines that open a flashback.
    openers: set[int] = field(default_factory=set)
    # Flashback start markers with no end marker ahead: they end at a scene break.
    open_ended: set[int] = field(default_factory=set)


def plan_flashbacks(paragraphs: list[Paragraph]) -> FlashbackPlan:
    """One pass from the end: for each paragraph, whether the first of the markers that
    decide ahead of it (an end, `Present day`; a heading, another start) closes it, so
    a story of many flashbacks costs a pass, not a look-ahead per flashback."""
    plan = FlashbackPlan()
    closes_ahead = False  # what the first deciding paragraph after this one says
    for index in range(len(paragraphs) - 1, -1, -1):
        kind = paragraphs[index].kind
        if kind is LineKind.TIME_SKIP and closes_ahead:
            plan.openers.add(index)
        if kind is LineKind.FLASHBACK_START and not closes_ahead:
            plan.open_ended.add(index)
        if kind in (LineKind.FLASHBACK_END, LineKind.PRESENT_DAY):
            closes_ahead = True
        elif kind in HEADINGS or kind in (LineKind.FLASHBACK_START, LineKind.TIME_SKIP):
            closes_ahead = False
    return plan
