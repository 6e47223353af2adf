"""Typeset stage: Story → the same tree with typeset inline text, and the changes made.

The tree's shape never changes here: each paragraph's inlines are flattened into one
marked string (markup.flatten), so rules see quotes on both sides of an emphasis, run
through the typography rules, and built back (markup.unflatten), which is also where
`*word*` and `<i>` in the text become emphasis. A note inside a paragraph is typeset as
its own run. Every change is counted per rule and per source location, so `outline
--changes` and `compile --verbose` can list them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from compiler.markup import flatten, unflatten
from compiler.model import Block, BlockKind, Inline, Note, Origin, Section, Story, Text, walk_sections
from compiler.typography import TypoRule, active_rules, apply_rules, primary_quotes


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
        flat, notes = flatten(inlines)
        notes = [replace(note, children=self.inlines(note.children, origin)) for note in notes]
        return unflatten(self.text(flat, origin), notes)

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


def _paragraph_texts(story: Story) -> list[str]:
    texts = []
    for section in walk_sections(story.sections):
        for node in section.content:
            if isinstance(node, Block) and node.kind in (BlockKind.PARAGRAPH, BlockKind.LINES):
                texts.append(flatten(node.inlines)[0])
    return texts


def typeset_story(
    story: Story, switches: dict[str, bool] | None = None, quotes: str = "as-typed"
) -> tuple[Story, tuple[Change, ...]]:
    """Apply the active typography rules to every run of the story's text (pure).

    `quotes`: `as-typed` keeps the author's choice of double or single quotes for
    dialogue; `american` or `british` converts to that style when the author used the other.
    """
    swap = quotes in ("american", "british") and primary_quotes(_paragraph_texts(story)) != quotes
    typesetter = _Typesetter(active_rules(switches, swap_quotes=swap))
    first_line = Origin(story.origin.path, 1, 1)
    # The title and summary strings feed metadata and title pages; they were typed on the
    # same keyboard as the prose, so they get the same rules (counted once: the title
    # line's own changes are counted below).
    quiet = _Typesetter(typesetter.rules)
    meta = replace(
        story.meta,
        title=_plain(quiet.inlines((Text(story.meta.title),), first_line)),
        summary=_plain(quiet.inlines((Text(story.meta.summary),), first_line)),
        author=quiet.text(story.meta.author, first_line),
    )
    title_line = typesetter.inlines(story.title_line, first_line)
    sections = tuple(typesetter.section(s) for s in story.sections)
    return replace(story, meta=meta, title_line=title_line, sections=sections), tuple(typesetter.changes)


def _plain(inlines: tuple[Inline, ...]) -> str:
    """Metadata is plain text: emphasis in a title keeps its words, not its markup."""
    from compiler.model import plain_text

    return plain_text(tuple(n for n in inlines if not isinstance(n, Note)))
