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


_WORD = re.compile(r"[^\W_]+")


def _words(texts: list[str]) -> Counter[str]:
    """The words of many texts, counted: normalised and case-folded once over them all
    (joined by a space, so no word runs across two texts)."""
    return Counter(_WORD.findall(unicodedata.normalize("NFKC", " ".join(texts)).casefold()))


def tree_words(story: Story) -> Counter[str]:
    """Every word the tree holds, and every word its consumed markers held."""
    texts: list[str] = [plain_text(story.title_line)]

    def inlines(nodes: tuple[Inline, ...]) -> None:
        texts.append(plain_text(tuple(n for n in nodes if not isinstance(n, Note))))
        for node in nodes:
            if isinstance(node, Note):
                texts.append(plain_text(node.children))
                texts.extend(node.markers)

    def walk(section: Section) -> None:
        texts.extend(marker.text for marker in section.markers)
        inlines(section.title)
        for node in section.content:
            if isinstance(node, Section):
                walk(node)
            elif isinstance(node, Block):
                inlines(node.inlines)
                texts.append(node.marker)

    for section in story.sections:
        walk(section)
    return _words(texts)


@dataclass(frozen=True)
class Fidelity:
    lost: tuple[str, ...]
    doubled: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.lost and not self.doubled


def fidelity(source: SourceText, parsed: ParsedStory) -> Fidelity:
    expected = _words([source.text])
    found = tree_words(parsed.story)
    lost = expected - found
    doubled = found - expected
    return Fidelity(tuple(sorted(lost.elements())), tuple(sorted(doubled.elements())))
