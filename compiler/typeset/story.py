"""The pass over the tree: Story → the same tree with typeset inline text, and the changes made.

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
from typing import Iterator

from compiler.model import Block, BlockKind, Inline, Note, Origin, Section, Story, Text, plain_text, walk_sections
from compiler.typeset.engine import active_rules, apply_rules, apply_rules_to_all
from compiler.typeset.markup import flatten, unflatten
from compiler.typeset.quotes import primary_quotes
from compiler.typeset.rule import TypoRule


@dataclass(frozen=True)
class Change:
    rule: str
    count: int
    origin: Origin

    def __str__(self) -> str:
        return f"{self.origin}: {self.rule} ×{self.count}"


class _Typesetter:
    """Typesets a tree in two walks: the first collects every run of text (a paragraph
    flattened, each inline note its own run), the rules then run over all the runs at
    once (rule by rule, so a rule none of the story's text needs costs one test), and
    the second walk builds the tree back from the typeset runs, in the same order."""

    def __init__(self, rules: tuple[TypoRule, ...]) -> None:
        self.rules = rules
        self.changes: list[Change] = []
        self.runs: list[tuple[str, list[Note]]] = []
        self.results: Iterator[tuple[str, dict[str, int], list[Note]]] | None = None
        self.origins: list[Origin] = []

    def typeset(self) -> None:
        """Between the walks: run the rules over every run collected."""
        texts, counts = apply_rules_to_all([text for text, _ in self.runs], self.rules)
        self.results = iter([(t, c, notes) for t, c, (_, notes) in zip(texts, counts, self.runs)])

    def inlines(self, inlines: tuple[Inline, ...], origin: Origin) -> tuple[Inline, ...]:
        if self.results is None:  # first walk: collect
            flat, notes = flatten(inlines)
            self.runs.append((flat, notes))
            for note in notes:
                self.inlines(note.children, origin)
            return inlines
        text, counts, notes = next(self.results)
        notes = [replace(note, children=self.inlines(note.children, origin)) for note in notes]
        self.changes.extend(Change(name, n, origin) for name, n in counts.items())
        return unflatten(text, notes)

    def block(self, block: Block) -> Block:
        if not block.inlines:
            return block
        inlines = self.inlines(block.inlines, block.origin)
        return block if self.results is None else replace(block, inlines=inlines)

    def section(self, section: Section) -> Section:
        content = tuple(self.section(c) if isinstance(c, Section) else self.block(c) for c in section.content)
        title_origin = Origin(section.origin.path, section.origin.line, section.origin.line)
        title = self.inlines(_undecorated(section.title), title_origin)
        return section if self.results is None else replace(section, title=title, content=content)


def typeset_block(block: Block, rules: tuple[TypoRule, ...]) -> Block:
    """One block through the rules (the golden typography cases use it)."""
    typesetter = _Typesetter(rules)
    typesetter.block(block)
    typesetter.typeset()
    return typesetter.block(block)


def _typeset_text(text: str, rules: tuple[TypoRule, ...]) -> tuple[Inline, ...]:
    """A string of metadata (title, summary) through the rules; its changes are not counted."""
    return typeset_block(Block(BlockKind.PARAGRAPH, (Text(text),), Origin("", 0, 0)), rules).inlines


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
    rules = active_rules(switches, swap_quotes=swap)
    first_line = Origin(story.origin.path, 1, 1)
    # The title and summary strings feed metadata and title pages; they were typed on the
    # same keyboard as the prose, so they get the same rules (counted once: the title
    # line's own changes are counted below).
    meta = replace(
        story.meta,
        title=_plain(_typeset_text(story.meta.title, rules)),
        summary=_plain(_typeset_text(story.meta.summary, rules)),
        author=apply_rules(story.meta.author, rules)[0],
    )
    typesetter = _Typesetter(rules)
    for walk in range(2):
        title_line = typesetter.inlines(story.title_line, first_line)
        sections = tuple(typesetter.section(s) for s in story.sections)
        if walk == 0:
            typesetter.typeset()
    return replace(story, meta=meta, title_line=title_line, sections=sections), tuple(typesetter.changes)


def _plain(inlines: tuple[Inline, ...]) -> str:
    """Metadata is plain text: emphasis in a title keeps its words, not its markup."""
    return plain_text(tuple(n for n in inlines if not isinstance(n, Note)))
