"""Typeset stage: Story → the same tree with typeset inline text, and the changes made.

The tree's shape never changes here: only the text inside Text nodes (and the story's
title and summary strings) goes through the typography rules. Every change is counted
per rule and per source location, so `outline` and `check` can list them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from compiler.model import Block, Emphasis, Inline, Note, Origin, Section, Story, Strong, Text
from compiler.typography import TypoRule, active_rules, apply_rules


@dataclass(frozen=True)
class Change:
    rule: str
    count: int
    origin: Origin

    def __str__(self) -> str:
        return f"{self.origin}: {self.rule} ×{self.count}"


class _Typesetter:
    def __init__(self, rules: tuple[TypoRule, ...]) -> None:
        self.rules = rules
        self.changes: list[Change] = []

    def text(self, text: str, origin: Origin) -> str:
        result, counts = apply_rules(text, self.rules)
        self.changes.extend(Change(name, n, origin) for name, n in counts.items())
        return result

    def inlines(self, inlines: tuple[Inline, ...], origin: Origin) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for node in inlines:
            if isinstance(node, Text):
                out.append(Text(self.text(node.text, origin)))
            elif isinstance(node, (Emphasis, Strong)):
                out.append(type(node)(self.inlines(node.children, origin)))
            elif isinstance(node, Note):
                out.append(replace(node, children=self.inlines(node.children, origin)))
            else:
                out.append(node)
        return tuple(out)

    def block(self, block: Block) -> Block:
        if not block.inlines:
            return block
        return replace(block, inlines=self.inlines(block.inlines, block.origin))

    def section(self, section: Section) -> Section:
        content = tuple(self.section(c) if isinstance(c, Section) else self.block(c) for c in section.content)
        title_origin = Origin(section.origin.path, section.origin.line, section.origin.line)
        title = self.inlines(_undecorated(section.title), title_origin)
        return replace(section, title=title, content=content)


_DECORATION = re.compile(r"^[\s~*=#_\-\[\]<>|•]+|[\s~*=#_\-\[\]<>|•]+$")


def _undecorated(title: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """`~Chapter 6~`, `*~ Prologue ~*`: the ornaments typed around a heading are not the
    heading; the heading's own words and punctuation stay."""
    return tuple(Text(_DECORATION.sub("", node.text)) if isinstance(node, Text) else node for node in title)


def typeset_story(story: Story, switches: dict[str, bool] | None = None) -> tuple[Story, tuple[Change, ...]]:
    """Apply the active typography rules to every run of the story's text (pure)."""
    typesetter = _Typesetter(active_rules(switches))
    first_line = Origin(story.origin.path, 1, 1)
    meta = story.meta
    # The title and summary strings feed metadata and title pages; they were typed on the
    # same keyboard as the prose, so they get the same rules (changes are not double-counted:
    # the title line's own changes are counted once, below).
    quiet = _Typesetter(typesetter.rules)
    meta = replace(
        meta,
        title=quiet.text(meta.title, first_line),
        summary=quiet.text(meta.summary, first_line),
        author=quiet.text(meta.author, first_line),
    )
    title_line = typesetter.inlines(story.title_line, first_line)
    sections = tuple(typesetter.section(s) for s in story.sections)
    return replace(story, meta=meta, title_line=title_line, sections=sections), tuple(typesetter.changes)
