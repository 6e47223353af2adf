"""Embedded texts: how far a letter or a run of text messages inside the story runs.

A letter opens with `Dear …,` and ends at its closing (`Love,` and the signature under
it) or a bare signature (`M.`, `Gran`); text messages are one-line paragraphs of
`Name: words` (or a timestamped `[10:42] Wren: …`), two or more in a row, or one whose
clock says it is a message.
"""

from __future__ import annotations

import re

from compiler.detect.kinds import LineKind
from compiler.detect.lines import classify_line
from compiler.detect.paragraphs import Paragraph, Shape, at

# Kinds that end a run of note text.
_STRUCTURE = frozenset(
    {
        LineKind.CHAPTER,
        LineKind.NUMBERED_HEADING,
        LineKind.SCENE_BREAK,
        LineKind.FLASHBACK_START,
        LineKind.FLASHBACK_END,
        LineKind.AUTHOR_NOTE,
        LineKind.TIME_SKIP,
        LineKind.PRESENT_DAY,
    }
)


# A bare signature under a letter: "M.", "H. B.", "Gran", "- Tobias"
_SIGNATURE = re.compile(
    r"^(?:(?:[-–—~]\s*)?(?:[A-Z]\.(?:\s?[A-Z]\.)*|[A-Z][a-z'’]+(?:\s[A-Z][a-z'’]+)?\.?)"
    r"|[-–—~]\s*[A-Z][\w'’.\-]*(?:\s+[\w'’.\-]+){0,3}(?:,\s*[\w'’ ]{1,30})?"
    r"|[-–—]\s*[A-Z][^\s,]*(?:[,\s]+[^\s,]+){0,5})$"
)


_MAX_LETTER_PARAGRAPHS = 15


_TIMESTAMPED = re.compile(r"^[\[(]?\d{1,2}[:.]\d{2}(?:\s?[APap]\.?[Mm]\.?)?[\])]?\s*[-–]?\s*@?\w[\w'’.\-]*\s*:\s+\S")


_MESSAGE_LINE = re.compile(r"^(?:[\[(]?\d{1,2}[:.]\d{2}(?:\s?[APap]\.?[Mm]\.?)?[\])]?\s*[-–]?\s*)?[A-Z][\w'’.\-]*(?:\s[A-Z][\w'’.\-]*)?\s*:\s+\S")


def letter_extent(paragraphs: list[Paragraph], index: int) -> int:
    """`Dear Maren,` … `Love,` `Gran`: how many paragraphs the letter opened at `index`
    takes (0: no letter)."""
    for offset in range(1, min(_MAX_LETTER_PARAGRAPHS, len(paragraphs) - index - 1) + 1):
        para = paragraphs[index + offset]
        if para.kind in _STRUCTURE:
            return 0
        if offset > 1 and len(para.lines) == 1 and _SIGNATURE.match(para.text):
            return offset
        if para.kind is LineKind.VALEDICTION or (
            para.shape is Shape.LINES and any(_is_valediction(line) for line in para.lines[-2:])
        ):
            signature = at(paragraphs, index + offset + 1)
            if (
                para.match.rest.count(",") == 1
                and not _valediction_has_name(para.text)
                and signature is not None
                and signature.blank_before <= 1
                and len(signature.text.split()) <= 5
                and not re.search(r"[.!?]$", signature.text)
            ):
                return offset + 1
            return offset
    return 0


def message_run(paragraphs: list[Paragraph], index: int) -> int:
    """How many paragraphs from `index` are a run of text messages (0: none)."""
    count = 0
    for i in range(index, len(paragraphs)):
        para = paragraphs[i]
        if para.kind is LineKind.PROSE and len(para.lines) == 1 and (
            _MESSAGE_LINE.match(para.text) or _TIMESTAMPED.match(para.text)
        ):
            count += 1
        else:
            break
    if count == 1 and _TIMESTAMPED.match(paragraphs[index].text):
        return 1  # one message, but the clock says it is one
    return count if count >= 2 else 0


def _is_valediction(line: str) -> bool:
    return classify_line(line).kind is LineKind.VALEDICTION


def _valediction_has_name(text: str) -> bool:
    return bool(re.search(r",\s*[A-Z]", text))


_VERSE_LINE = re.compile(r"^[\[(]?[A-Z\"“'‘][^.!?]{0,70}[^.!?:;,\s\"”]$|^[\[(]?[A-Z\"“'‘].{0,70}[\])]$|^[\[(].{0,80}$")
_LONGEST_VERSE = 82  # characters: no line _VERSE_LINE takes is longer
_MIN_VERSE_PARAGRAPHS = 3
_MAX_VERSE_PARAGRAPHS = 16


def _verse_line(para: Paragraph) -> bool:
    text = para.text
    return (
        len(para.lines) == 1 and para.kind is LineKind.PROSE and len(text) <= _LONGEST_VERSE and len(text.split()) <= 9
        and bool(_VERSE_LINE.match(text)) and text[-1] not in ".!?"
    )


def verse_run(paragraphs: list[Paragraph], index: int) -> int:
    """A song or poem typed a line to a paragraph: how many one-line paragraphs from
    `index` are its lines (0: none). Either a span between brackets (`[Let's take a blast
    …` … `… yeah!]`), or three or more short lines with no sentence end."""
    first = paragraphs[index]
    if len(first.lines) != 1 or first.kind is not LineKind.PROSE:
        return 0
    if first.text.startswith("[") and not first.text.endswith("]"):
        for i in range(index + 1, min(index + _MAX_VERSE_PARAGRAPHS, len(paragraphs))):
            para = paragraphs[i]
            if len(para.lines) != 1 or len(para.text) > 90 or para.kind is not LineKind.PROSE:
                return 0
            if para.text.rstrip().endswith("]"):
                return i - index + 1
        return 0
    count = 0
    for i in range(index, min(index + _MAX_VERSE_PARAGRAPHS, len(paragraphs))):
        if not _verse_line(paragraphs[i]):
            break
        count += 1
    return count if count >= _MIN_VERSE_PARAGRAPHS else 0
