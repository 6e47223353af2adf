"""Blocks: a paragraph → the Block that holds it: its lines kept (a letter, a song) or
joined, with an author's note inside it, `(A/N: …)`, split out as a Note while the
prose around it stays one paragraph."""

from __future__ import annotations

import re
from typing import Callable

from compiler.detect.paragraphs import Paragraph, Shape
from compiler.model import Block, BlockKind, Inline, LineBreak, Note, Origin, Text

# Where a doubt is reported: (code, message, the paragraph it is about).
Warn = Callable[[str, str, Paragraph], None]

INLINE_NOTE = re.compile(
    r"(?P<open>[(\[])\s*(?P<label>(?:A\s*/\s*N|AN|A\.\s?N\.?|[Aa]uthor[’'´`]?s?\s+[Nn]otes?)\s*[:\-–—.]?)\s*"
    r"(?P<body>[^()\[\]]+?)\s*(?P<close>[)\]])"
)


# From the "A" (a literal the engine scans for), looking behind it for what may not precede.
_STRAY_NOTE_LABEL = re.compile(r"A(?<![(\[\w/]A)/?N\s*[:\-]\s")


def origin(path: str, para: Paragraph) -> Origin:
    return Origin(path, para.start, para.end)


def paragraph_block(para: Paragraph, path: str, warn: Warn) -> Block:
    """The paragraph as a block: a LINES block keeps its line breaks."""
    if para.shape is Shape.LINES:
        inlines: list[Inline] = []
        for i, line in enumerate(para.lines):
            if i:
                inlines.append(LineBreak())
            inlines.append(Text(line))
        return Block(BlockKind.LINES, tuple(inlines), origin(path, para))
    return Block(BlockKind.PARAGRAPH, inline_notes(para.text, para, warn), origin(path, para))


def inline_notes(text: str, para: Paragraph, warn: Warn) -> tuple[Inline, ...]:
    """`She ran. (A/N: yes, canon) Then …`: the note split out, the prose kept whole."""
    inlines: list[Inline] = []
    position = 0
    for match in INLINE_NOTE.finditer(text):
        before = text[position : match.start()].rstrip()
        if before:
            inlines.append(Text(before))
        closing = match.group("close")
        inlines.append(Note((Text(match.group("body")),), (match.group("open") + match.group("label"), closing)))
        position = match.end()
    rest = text[position:]
    if inlines and rest and not rest[0].isspace() and rest[0] not in ",.;:!?)…":
        rest = " " + rest
    if rest:
        inlines.append(Text(rest))
    if _STRAY_NOTE_LABEL.search(INLINE_NOTE.sub("", text) if position else text):
        warn(
            "note-label-in-prose",
            "an author's-note label inside prose was not taken; put the note on a line of its own or in (A/N: …)",
            para,
        )
    return tuple(inlines)
