"""Header: a story's title line and byline, a chapter heading's title on the line
under it, and the StoryMeta that the header's fields and summary give."""

from __future__ import annotations

import re

from compiler.detect.kinds import LABEL_KINDS, QUOTES, LineKind
from compiler.detect.paragraphs import Paragraph
from compiler.model import Block, Inline, Section, SectionKind, StoryMeta, Text

_BYLINE = re.compile(r"^(?i:by|written\s+by|a\s+(?:story|fic|one-?shot)\s+by)\s+(?P<name>\S.{0,60})$")


def title_and_byline(paragraphs: list[Paragraph]) -> str | None:
    """`Salt Roads` over `by wrenfeather` with no blank line between: a title and its
    byline (the byline's name is returned)."""
    if len(paragraphs) < 2 or paragraphs[1].blank_before == 0:
        return None
    first = paragraphs[0]
    if len(first.lines) != 2 or first.kind is not LineKind.PROSE:
        return None
    title, byline = first.lines
    match = _BYLINE.match(byline)
    if match is None or len(title) > 80 or title[-1] in ".,;:" or title[0] in "\"'“‘(":
        return None
    return match.group("name")


def is_title_line(paragraphs: list[Paragraph]) -> bool:
    """A story's first paragraph is its title when it is one short line with no sentence end."""
    if len(paragraphs) < 2:
        return False
    first, second = paragraphs[0], paragraphs[1]
    if first.kind not in (LineKind.PROSE, LineKind.NAME_LINE) or len(first.lines) != 1:
        return False
    line = first.lines[0]
    if len(line) > 80 or len(line.split()) > 12 or line[0] in "\"'“‘(":
        return False
    if line[-1] in ".,;:" or line.endswith("--"):
        return False
    if line[-1] in "!?…" and second.kind not in LABEL_KINDS:
        return False
    return second.blank_before > 0


def is_subtitle(para: Paragraph, heading: Paragraph) -> bool:
    """`Chapter 1` then `The Beginning` on the next line: the chapter's title."""
    if "title" in heading.match.rule and heading.match.rest != heading.text:
        return False
    if para.kind not in (LineKind.PROSE, LineKind.NAME_LINE) or len(para.lines) != 1:
        return False
    text = para.text
    return (
        len(text.split()) <= 10
        and text[:1] not in QUOTES
        and not re.search(r"[.,;:]$", text)
        and re.fullmatch(r"(?i:chapter|ch\.|chap\.|part|book)\s*\S+[.:]?", heading.text.strip()) is not None
    )


def story_meta(title_line: tuple[Inline, ...], sections: tuple[Section, ...]) -> StoryMeta:
    summary = next((s for s in sections if s.kind is SectionKind.SUMMARY), None)
    summary_text = ""
    if summary is not None:
        summary_text = " ".join(
            "".join(n.text for n in b.inlines if isinstance(n, Text)) for b in summary.content if isinstance(b, Block)
        )
    fields: list[tuple[str, str]] = []
    for section in sections:
        if section.kind is SectionKind.HEADER:
            for block in section.content:
                if isinstance(block, Block):
                    value = "".join(n.text for n in block.inlines if isinstance(n, Text))
                    fields.append((block.marker.rstrip(": ").strip(), value))
    title = title_line[0].text if title_line and isinstance(title_line[0], Text) else ""
    given = {key.casefold(): value for key, value in fields}
    return StoryMeta(
        title=title or given.get("title", ""),
        author=given.get("author", "") or given.get("written by", "") or given.get("by", ""),
        summary=summary_text,
        fields=tuple(fields),
    )


def normalized(text: str) -> str:
    """Words only, case-folded: how a repeated disclaimer is known."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))
