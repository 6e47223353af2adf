"""Fidelity: every word of a story's source is in its tree once, or in a marker the
parser consumed (`AN:`). Words that would be lost or doubled are what `check` reports
as errors; they are never expected.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from compiler.detect.parsed import ParsedStory
from compiler.model import Block, Inline, Note, Section, Story, Text, plain_text
from compiler.read.source import SourceText

_WORD = re.compile(r"[^\W_]+")


def _words(texts: list[str]) -> Counter[str]:
    """The words of many texts, counted: normalised and case-folded once over them all
    (joined by a space, so no word runs across two texts)."""
    text = " ".join(texts)
    if not unicodedata.is_normalized("NFKC", text):  # a quick check; most text already is
        text = unicodedata.normalize("NFKC", text)
    return Counter(_WORD.findall(text.casefold()))


def _texts(nodes: tuple[Inline, ...], out: list[str]) -> None:
    """The text of a run of inlines into `out`: the prose as one string (as the reader
    reads it), each inline note's text and its consumed markers apart."""
    if len(nodes) == 1 and type(nodes[0]) is Text:  # most paragraphs: one run of text
        out.append(nodes[0].text)
        return
    out.append(plain_text(tuple(node for node in nodes if not isinstance(node, Note))))
    for node in nodes:
        if isinstance(node, Note):
            out.append(plain_text(node.children))
            out.extend(node.markers)


def tree_words(story: Story) -> Counter[str]:
    """Every word the tree holds, and every word its consumed markers held."""
    texts: list[str] = []
    _texts(story.title_line, texts)

    def walk(section: Section) -> None:
        texts.extend(marker.text for marker in section.markers)
        _texts(section.title, texts)
        for node in section.content:
            if isinstance(node, Section):
                walk(node)
            elif isinstance(node, Block):
                _texts(node.inlines, texts)
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
    if expected == found:
        return Fidelity((), ())
    lost = expected - found
    doubled = found - expected
    return Fidelity(tuple(sorted(lost.elements())), tuple(sorted(doubled.elements())))
