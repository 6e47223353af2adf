"""Fidelity: every word of a story's source is in its tree once, or in a marker the
parser consumed (`AN:`). Words that would be lost or doubled are what `check` reports
as errors; they are never expected.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from compiler.detect.lines import classify_line
from compiler.detect.markers import marker_rules
from compiler.detect.parsed import ParsedStory
from compiler.model import Block, Inline, Note, Section, SectionKind, Story, Text, plain_text, walk_sections
from compiler.options import Marker as ManifestMarker
from compiler.read.source import SourceText

WORD = re.compile(r"[^\W_]+")


def _words(texts: list[str]) -> Counter[str]:
    """The words of many texts, counted: normalised and case-folded once over them all
    (joined by a space, so no word runs across two texts)."""
    text = " ".join(texts)
    if not unicodedata.is_normalized("NFKC", text):  # a quick check; most text already is
        text = unicodedata.normalize("NFKC", text)
    return Counter(WORD.findall(text.casefold()))


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
    texts.extend(marker.text for marker in story.markers)
    for section in story.sections:
        _section_texts(section, texts)
    return _words(texts)


def _section_texts(section: Section, texts: list[str]) -> None:
    """A section's text into `texts`: its markers, title and content, however deep."""
    texts.extend(marker.text for marker in section.markers)
    _texts(section.title, texts)
    for node in section.content:
        if isinstance(node, Section):
            _section_texts(node, texts)
        elif isinstance(node, Block):
            _texts(node.inlines, texts)
            texts.append(node.marker)


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


def marker_words(source: SourceText, markers: tuple[ManifestMarker, ...]) -> tuple[tuple[int, str, str], ...]:
    """The lines a manifest's own markers consume that hold words (line, marker, what
    was consumed): a scene-break marker written too wide takes prose with it, and the
    words are gone from the book though the parser kept them as a marker."""
    if not markers:
        return ()
    rules = marker_rules(markers)
    found = []
    for number, line in enumerate(source.text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        match = classify_line(stripped, rules)
        if match.rule.startswith("manifest-") and match.marker and WORD.search(match.marker):
            found.append((number, match.rule, match.marker))
    return tuple(found)


@dataclass(frozen=True)
class Placed:
    """What a placement setting did with the author's words: moved or left out."""

    setting: str  # "notes: end", "notes: omit", "furniture: omit"
    words: int
    lines: tuple[tuple[int, str], ...] = ()  # for what was left out of the book: each line and its text


def placement(parsed: Story, placed: Story, notes: str, furniture: str) -> tuple[tuple[Placed, ...], tuple[str, ...]]:
    """What placing the story moved and dropped, by setting, and the words it dropped
    that no setting names (never expected: a setting touches only what it names)."""
    report: list[Placed] = []
    named: Counter[str] = Counter()
    if furniture == "omit":
        words = _words_of(parsed.sections, SectionKind.FURNITURE)
        lines = tuple(sorted(
            (block.origin.line, plain_text(block.inlines))
            for section in walk_sections(parsed.sections) if section.kind is SectionKind.FURNITURE
            for block in section.content if isinstance(block, Block)
        ))
        if lines:
            report.append(Placed("furniture: omit", sum(words.values()), lines))
        named += words
    if notes == "omit":
        words = _words_of(parsed.sections, SectionKind.AUTHOR_NOTE) + _inline_note_words(parsed.sections)
        if words:
            report.append(Placed("notes: omit", sum(words.values())))
        named += words
    elif notes == "end":
        words = _words_of(placed.sections, SectionKind.NOTES)
        if words:
            report.append(Placed("notes: end", sum(words.values())))
    dropped = tree_words(parsed) - tree_words(placed)
    return tuple(report), tuple(sorted((dropped - named).elements()))


def _words_of(sections: tuple[Section, ...], kind: SectionKind) -> Counter[str]:
    texts: list[str] = []
    for section in walk_sections(sections):
        if section.kind is kind:
            _section_texts(section, texts)
    return _words(texts)


def _inline_note_words(sections: tuple[Section, ...]) -> Counter[str]:
    texts: list[str] = []
    for section in walk_sections(sections):
        if section.kind is SectionKind.AUTHOR_NOTE:
            continue  # counted with its section
        for node in section.content:
            if isinstance(node, Block):
                for inline in node.inlines:
                    if isinstance(inline, Note):
                        texts.append(plain_text(inline.children))
                        texts.extend(inline.markers)
    return _words(texts)
