"""Check: what compiling a collection would do, without writing anything.

For each story: the encoding read, the repairs the reader would make, the structure
warnings, the typography changes by rule, and the fidelity count: every word of the
source must be in the tree once, or in a marker the parser consumed (`AN:`). Words that
would be lost or doubled are reported as errors; they are never expected.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from compiler.model import Block, Inline, Note, Section, Story, plain_text
from compiler.parse import ParsedStory
from compiler.source import SourceText


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    return [w.casefold() for w in re.findall(r"[^\W_]+", text)]


def tree_words(story: Story) -> Counter[str]:
    """Every word the tree holds, and every word its consumed markers held."""
    found: Counter[str] = Counter(_words(plain_text(story.title_line)))

    def inlines(nodes: tuple[Inline, ...]) -> None:
        found.update(_words(plain_text(tuple(n for n in nodes if not isinstance(n, Note)))))
        for node in nodes:
            if isinstance(node, Note):
                found.update(_words(plain_text(node.children)))
                found.update(w for marker in node.markers for w in _words(marker))

    def walk(section: Section) -> None:
        found.update(w for marker in section.markers for w in _words(marker.text))
        inlines(section.title)
        for node in section.content:
            if isinstance(node, Section):
                walk(node)
            elif isinstance(node, Block):
                inlines(node.inlines)
                found.update(_words(node.marker))

    for section in story.sections:
        walk(section)
    return found


@dataclass(frozen=True)
class Fidelity:
    lost: tuple[str, ...]
    doubled: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.lost and not self.doubled


def fidelity(source: SourceText, parsed: ParsedStory) -> Fidelity:
    expected = Counter(_words(source.text))
    found = tree_words(parsed.story)
    lost = expected - found
    doubled = found - expected
    return Fidelity(tuple(sorted(lost.elements())), tuple(sorted(doubled.elements())))
