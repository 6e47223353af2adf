"""Outline: a parsed Story → a readable dump of its tree (text or JSON).

The text form is what `ficbind outline` prints for users checking detection before they
compile, and the golden format of the structure tests: one line per node that matters,

    LINES      KIND          TITLE / [CONSUMED MARKERS] / first words

indented by depth, followed by the warnings. It shows the parsed text as the author typed
it (before typography), so goldens do not change when typography rules do.
"""

from __future__ import annotations

from typing import Any

from compiler.model import Block, BlockKind, Section, plain_text
from compiler.parse import ParsedStory

FIRST_WORDS = 8


def _first_words(section: Section) -> str:
    for node in section.content:
        if isinstance(node, Block) and node.kind is BlockKind.PARAGRAPH:
            words = plain_text(node.inlines).split()
            text = " ".join(words[:FIRST_WORDS])
            return text + (" …" if len(words) > FIRST_WORDS else "")
    return ""


def _lines(origin_line: int, end_line: int) -> str:
    return f"{origin_line}-{end_line}" if end_line > origin_line else str(origin_line)


def _section_lines(section: Section, depth: int) -> list[str]:
    parts = [section.kind.value]
    title = plain_text(section.title)
    if title:
        parts.append(f'"{title}"')
    if section.markers:
        parts.append("[" + " | ".join(m.text for m in section.markers) + "]")
    words = _first_words(section)
    if words:
        parts.append(words)
    breaks = sum(1 for n in section.content if isinstance(n, Block) and n.kind is BlockKind.SCENE_BREAK)
    paragraphs = sum(1 for n in section.content if isinstance(n, Block) and n.kind is BlockKind.PARAGRAPH)
    counts = f"({paragraphs} ¶" + (f", {breaks} scene break{'s' if breaks != 1 else ''}" if breaks else "") + ")"
    parts.append(counts)
    out = [f"{_lines(section.origin.line, section.origin.end_line):<9} {'  ' * depth}{' '.join(parts)}"]
    for child in section.sections:
        out.extend(_section_lines(child, depth + 1))
    return out


def outline_text(parsed: ParsedStory, name: str) -> str:
    story = parsed.story
    head = f"{name}: "
    head += f'title line "{plain_text(story.title_line)}"' if story.title_line else "no title line"
    lines = [head]
    for section in story.sections:
        lines.extend(_section_lines(section, 0))
    for diagnostic in parsed.diagnostics:
        lines.append(f"warning {diagnostic.origin.line}: {diagnostic.message} [{diagnostic.code}]")
    return "\n".join(lines) + "\n"


def _section_json(section: Section) -> dict[str, Any]:
    return {
        "kind": section.kind.value,
        "title": plain_text(section.title),
        "lines": [section.origin.line, section.origin.end_line],
        "markers": [m.text for m in section.markers],
        "first_words": _first_words(section),
        "paragraphs": sum(1 for n in section.content if isinstance(n, Block) and n.kind is BlockKind.PARAGRAPH),
        "scene_breaks": sum(1 for n in section.content if isinstance(n, Block) and n.kind is BlockKind.SCENE_BREAK),
        "sections": [_section_json(child) for child in section.sections],
    }


def outline_json(parsed: ParsedStory, name: str) -> dict[str, Any]:
    story = parsed.story
    return {
        "file": name,
        "title_line": plain_text(story.title_line),
        "lines": [story.origin.line, story.origin.end_line],
        "sections": [_section_json(s) for s in story.sections],
        "warnings": [
            {"line": d.origin.line, "code": d.code, "message": d.message} for d in parsed.diagnostics
        ],
    }
