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
    plan = FlashbackPlan()
    for index, para in enumerate(paragraphs):
        if para.kind not in (LineKind.TIME_SKIP, LineKind.FLASHBACK_START):
            continue
        closed = False
        for later in paragraphs[index + 1 :]:
            if later.kind in (LineKind.FLASHBACK_END, LineKind.PRESENT_DAY):
                closed = True
                break
            if later.kind in HEADINGS or later.kind in (LineKind.FLASHBACK_START, LineKind.TIME_SKIP):
                break
        if para.kind is LineKind.TIME_SKIP and closed:
            plan.openers.add(index)
        if para.kind is LineKind.FLASHBACK_START and not closed:
            plan.open_ended.add(index)
    return plan
