"""The document tree: small immutable dataclasses that every stage shares.

Collection → Story(meta, sections) → Section(kind, title, content) → Block(kind, inlines).

A Section's content mixes Blocks and nested Sections, so a flashback inside a chapter is
simply a Section(kind="flashback") among the chapter's paragraphs (pandoc's Div idea):
new meanings become new kinds and a CSS rule, not new node types. Every node read from a
source keeps its Origin (file and line range), so outlines and errors can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a node came from: a source file and its 1-based, inclusive line range."""

    path: str
    line: int
    end_line: int

    def __str__(self) -> str:
        if self.end_line > self.line:
            return f"{self.path}:{self.line}-{self.end_line}"
        return f"{self.path}:{self.line}"


# ── Inlines ──────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class LineBreak:
    pass


@dataclass(frozen=True, slots=True)
class Note:
    """An author's note inside a paragraph, `(A/N: …)`: split out of the prose around it,
    which stays one paragraph. Rendered as a footnote (a pop-up in the EPUB)."""

    children: tuple[Inline, ...]
    markers: tuple[str, ...] = ()  # the consumed "(A/N:" and ")"
    key: str = ""  # anchor, given by number_notes


Inline = Text | Emphasis | Strong | LineBreak | Note


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The inlines' text with markup dropped and line breaks as newlines."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, Note):
            out.append(" (" + plain_text(node.children) + ") ")
        else:
            out.append(plain_text(node.children))
    return "".join(out)


def prose_text(inlines: tuple[Inline, ...]) -> str:
    """The inlines' text without their inline notes."""
    return plain_text(tuple(node for node in inlines if not isinstance(node, Note)))


# ── Blocks ───────────────────────────────────────────────────────────────────────────


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    SCENE_BREAK = "scene-break"
    LINES = "lines"  # lines kept as the author broke them: a letter, a song, a chat
    SCENE_HEADING = "scene-heading"  # a POV marker or a time skip: "Harry's POV", "Three years later"
    END_LINE = "end-line"  # "TBC", "The End"
    FIELD = "field"  # a header line "Rating: M": marker "Rating:", text "M"
    NOTE_LINK = "note-link"  # where an author's note stood before it was gathered at the end


def field_key(marker: str) -> str:
    """A header field's key as the author typed it, without its colon or dash: `Rating`."""
    return marker.rstrip(":-–— ").strip()


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    inlines: tuple[Inline, ...]
    origin: Origin
    # The author's own glyph for a scene break ("* * *", "xXx"), or a field's key, kept as data.
    marker: str = ""
    # NOTE_LINK: the key of the note it points to.
    target: str = ""


# ── Sections ─────────────────────────────────────────────────────────────────────────


class SectionKind(StrEnum):
    HEADER = "header"  # LiveJournal-style "Key: value" lines at the top
    SUMMARY = "summary"
    DISCLAIMER = "disclaimer"
    AUTHOR_NOTE = "author-note"
    CHAPTER = "chapter"
    FLASHBACK = "flashback"
    BODY = "body"
    RECAP = "recap"  # "Previously on…"
    LETTER = "letter"
    MESSAGES = "messages"  # text messages, chat
    LYRICS = "lyrics"  # a song or a poem
    NOTES = "notes"  # author's notes gathered at the end of a story
    FURNITURE = "furniture"  # what the site put around the story (navigation, badges): left out unless kept


# The word the compiler shows above a section whose marker it consumed. These are
# generated text (rendered with class "label"), not the author's words.
SECTION_LABELS: dict[SectionKind, str] = {
    SectionKind.SUMMARY: "Summary",
    SectionKind.DISCLAIMER: "Disclaimer",
    SectionKind.AUTHOR_NOTE: "Author’s Note",
    SectionKind.FLASHBACK: "Flashback",
    SectionKind.NOTES: "Author’s Notes",
}


@dataclass(frozen=True, slots=True)
class Marker:
    """A source line, or the start of one, that only delimited structure and was consumed.

    Kept so outlines can show it and tests can check that only markers, never prose,
    disappear from the text.
    """

    text: str
    origin: Origin
    # What the line was, where that is not its section's own label or end: a story's
    # title repeated above its text ("title"), an ornament between its header and text
    # ("scene-break").
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    kind: SectionKind
    # The author's heading ("Chapter 4: Clearing The Air", "2 months ago"); empty if none.
    title: tuple[Inline, ...]
    content: tuple[Block | Section, ...]
    origin: Origin
    markers: tuple[Marker, ...] = ()
    # Position in the story's tree ("3", "3-1"): stable anchors for links and file names.
    key: str = ""
    # A disclaimer or note repeating an earlier one word for word: that one's first line.
    repeat_of: int = 0
    # Set apart as a section of its own (EPUB document, contents entry), or kept in the
    # text around it (flashbacks placed `inline`).
    standalone: bool = True
    # An author's note moved to the end: the key of the link left where it stood.
    backlink: str = ""
    # For a section that no marker made (a note without a label, site furniture): what
    # it was taken on, for the outline to show.
    evidence: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return SECTION_LABELS.get(self.kind, "")

    @property
    def sections(self) -> tuple[Section, ...]:
        return tuple(c for c in self.content if isinstance(c, Section))


# ── Stories and collections ──────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class StoryMeta:
    title: str
    author: str = ""
    language: str = "en"
    summary: str = ""
    # Header fields as typed ("Rating", "T"), in order: rating, pairing, fandom, …
    fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    meta: StoryMeta
    # The story's title line as the author typed it, if the source had one.
    title_line: tuple[Inline, ...]
    sections: tuple[Section, ...]
    origin: Origin
    markers: tuple[Marker, ...] = ()
    title_origin: Origin | None = None


@dataclass(frozen=True, slots=True)
class CollectionMeta:
    title: str
    author: str = ""
    language: str = "en"
    description: str = ""
    series: str = ""
    series_index: float | None = None
    identifier: str = ""
    style: str = ""
    # Subjects for e-reader libraries: fandoms, pairings, tags.
    subjects: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Collection:
    meta: CollectionMeta
    stories: tuple[Story, ...]
    # Files the collection was built from, for messages and reproducible dates.
    sources: tuple[Path, ...] = field(default=())


def walk_sections(sections: tuple[Section, ...]):
    """Yield every section in document order, depth first."""
    for section in sections:
        yield section
        yield from walk_sections(section.sections)


def number_sections(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """Give every section its key, its position in the story's tree ("2", "2-1", …)."""
    return tuple(_numbered(section, str(index)) for index, section in enumerate(sections, start=1))


def _numbered(section: Section, key: str) -> Section:
    content: list[Block | Section] = []
    child = 0
    for node in section.content:
        if isinstance(node, Section):
            child += 1
            node = _numbered(node, f"{key}-{child}")
        content.append(node)
    return replace(section, key=key, content=tuple(content))
