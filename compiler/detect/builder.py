"""The tree under construction: a story's paragraphs, the sections open so far, and the
moves that put text, blocks and sections into them. The assembly (assembly.py) decides
what each paragraph is; this is the bookkeeping it decides with."""

from __future__ import annotations

from dataclasses import replace

from compiler.detect.blocks import origin, paragraph_block
from compiler.detect.flashbacks import plan_flashbacks
from compiler.detect.header import keyed, known_key, normalized
from compiler.detect.kinds import HEADINGS, LABEL_KINDS, LineKind
from compiler.detect.notes import NOTE_TEXT, continues_note, note_extent, note_stops, stops_note
from compiler.detect.paragraphs import Paragraph, at
from compiler.detect.parsed import Diagnostic
from compiler.detect.sections import OpenSection, split_bracket
from compiler.model import Block, BlockKind, Marker, Origin, Section, SectionKind, Text

# A labelled paragraph's kind → the section it opens.
LABELLED = {
    LineKind.AUTHOR_NOTE: SectionKind.AUTHOR_NOTE,
    LineKind.SUMMARY: SectionKind.SUMMARY,
    LineKind.DISCLAIMER: SectionKind.DISCLAIMER,
}
# Header keys whose text is a section of its own (an author's note), not a field's value.
NOTE_KEYS = frozenset({"notes", "note"})


class Builder:
    """The story being assembled: where in its paragraphs the pass stands, the sections
    closed so far (`top`), the chapter or body open (`container`) and a flashback open
    inside it, and the doubts reported."""

    def __init__(self, paragraphs: list[Paragraph], path: str) -> None:
        self.paragraphs = paragraphs
        self.path = path
        self.replan()
        self.diagnostics: list[Diagnostic] = []
        self.top: list[Section] = []
        self.container: OpenSection | None = None
        self.flashback: OpenSection | None = None
        self.disclaimers: dict[str, int] = {}
        self.story_title = ""  # as the story's opening found it: chapters repeat it
        self.story_author = ""
        self.story_markers: list[Marker] = []  # lines of the opening it consumed (the title again)
        self.index = 0
        # Stories typed with no blank lines between paragraphs.
        adjacent = sum(1 for p in paragraphs[1:] if p.blank_before == 0)
        self.single_spaced = len(paragraphs) > 4 and adjacent * 2 > len(paragraphs)

    def replan(self) -> None:
        """The look-ahead facts about the paragraphs, made again when the opening cuts one
        into pieces: where flashbacks open and close, where an end note would stop."""
        self.plan = plan_flashbacks(self.paragraphs)
        self.stops = note_stops(self.paragraphs)

    def origin(self, para: Paragraph) -> Origin:
        return origin(self.path, para)

    def warn(self, code: str, message: str, para: Paragraph) -> None:
        self.diagnostics.append(Diagnostic(code, message, self.origin(para)))

    def at(self, index: int) -> Paragraph | None:
        return at(self.paragraphs, index)

    def block(self, para: Paragraph) -> Block:
        return paragraph_block(para, self.path, self.warn)

    def open_section(self) -> OpenSection | None:
        return self.flashback or self.container

    def at_start(self) -> bool:
        """No section holding the story's text is open yet."""
        host = self.open_section()
        return host is None or not host.has_text()

    def host(self) -> OpenSection:
        """The innermost open section that text goes into, opening the story's body if needed."""
        if self.flashback is not None:
            return self.flashback
        if self.container is None:
            para = self.paragraphs[self.index]
            self.container = OpenSection(SectionKind.BODY, (), para.start, para.end)
        return self.container

    def add(self, node: Block | Section, end: int) -> int:
        """Text, or a section that stands in the text, into the open section."""
        self.host().add(node, end)
        return 0

    def place(self, section: Section) -> None:
        """A note, summary or disclaimer: at story level between chapters, else where it stands."""
        if self.container is None and self.flashback is None:
            self.top.append(section)
        else:
            self.host().add(section, section.origin.end_line)

    def close_flashback(self, reason: str = "", para: Paragraph | None = None) -> None:
        if self.flashback is None:
            return
        if self.flashback.explicit and reason and para is not None and not self.flashback.ends_at_break:
            self.warn(
                "flashback-unclosed",
                f"flashback opened on line {self.flashback.start} has no end marker; it ends at the {reason}",
                para,
            )
        section = self.flashback.freeze(self.path)
        self.flashback = None
        self.host().add(section, section.origin.end_line)

    def close_container(self) -> None:
        self.close_flashback()
        if self.container is not None:
            self.top.append(self.container.freeze(self.path))
            self.container = None

    def own_lines(self, index: int, note: bool = False) -> list[Block]:
        """The paragraphs after `index` that belong to its group (no blank line between),
        unless the whole story is written that way (one paragraph per line); for a note,
        only while they go on reading as one."""
        blocks = []
        while (
            not self.single_spaced
            and (nxt := self.at(index + 1 + len(blocks))) is not None
            and nxt.blank_before == 0
            and nxt.kind in NOTE_TEXT
            and (not note or continues_note(nxt))
            and not stops_note(self.paragraphs, index + 1 + len(blocks))
        ):
            blocks.append(self.block(nxt))
        return blocks

    # ── blocks and sections ──

    def label_section(self, kind: SectionKind, index: int) -> tuple[Section, int]:
        """A labelled paragraph and the paragraphs that continue it; returns how many it used."""
        first = index
        para = self.paragraphs[index]
        label, body, closing = split_bracket(para.match.marker, para.match.rest)
        markers = [Marker(label, self.origin(para))]
        if closing:
            markers.append(Marker(closing, self.origin(para)))
        head = Paragraph((body, *para.lines[1:]) if body else para.lines[1:], para.start, para.end, 0, para.match)
        blocks: list[Block | Section] = []
        if head.lines:
            blocks.append(self.block(head))
        underline = self.at(index + 1)
        if not head.lines and underline is not None and underline.kind is LineKind.SCENE_BREAK and underline.blank_before == 0:
            markers.append(Marker(underline.text, self.origin(underline)))  # `Disclaimer` over `----------`
            index += 1
        own = self.own_lines(index, note=kind is SectionKind.AUTHOR_NOTE)
        blocks.extend(own)
        last = index + len(own)
        if kind is SectionKind.AUTHOR_NOTE:
            host = self.open_section()
            extra, end_marker = note_extent(self.paragraphs, last, not blocks, host is not None, self.at_start())
        elif not blocks and (nxt := self.at(last + 1)) is not None and nxt.kind in NOTE_TEXT:
            extra, end_marker = self.bare_label_extent(last), None  # a bare `Summary:` takes what follows
        else:
            extra, end_marker = 0, None
        for offset in range(1, extra + 1):
            blocks.append(self.block(self.paragraphs[last + offset]))
        last += extra
        if end_marker is not None:
            last += 1
            closer = self.paragraphs[last]
            markers.append(Marker(closer.text, self.origin(closer)))
        end = self.paragraphs[last].end
        return Section(kind, (), tuple(blocks), Origin(self.path, para.start, end), tuple(markers)), last - first

    def bare_label_extent(self, last: int) -> int:
        """A label alone on its line (`Summary:` as AO3 sets it) takes the paragraphs up to
        the next label or heading, when one comes soon and they hold no dialogue; else the
        next one."""
        count = 0
        while (nxt := self.at(last + 1 + count)) is not None and nxt.kind is LineKind.PROSE and nxt.text[:1] not in "\"“":
            count += 1
            if count > 6:
                return 1
        stop = self.at(last + 1 + count)
        ends = stop is None or stop.kind in LABEL_KINDS or stop.kind in HEADINGS or known_key(stop.lines[0])
        return count if count and ends else 1

    def heading_block(self, para: Paragraph) -> Block:
        return Block(BlockKind.SCENE_HEADING, (Text(para.text),), self.origin(para))

    def text_disclaimer(self, para: Paragraph) -> Section:
        """`I own nothing.` with no label: a disclaimer, nothing consumed."""
        return Section(SectionKind.DISCLAIMER, (), (self.block(para),), self.origin(para))

    def field_block(self, para: Paragraph) -> Block:
        if para.kind is not LineKind.FIELD and (pair := keyed(para.text)) is not None:
            return Block(BlockKind.FIELD, (Text(pair[1]),) if pair[1] else (), self.origin(para), marker=pair[0])
        value = " ".join(part for part in (para.match.rest, *para.lines[1:]) if part)
        return Block(BlockKind.FIELD, (Text(value),) if value else (), self.origin(para), marker=para.match.marker)

    def furniture_section(self, para: Paragraph, why: str) -> Section:
        """A paragraph that is the site's, and why (the outline shows it)."""
        return Section(SectionKind.FURNITURE, (), (self.block(para),), self.origin(para), evidence=(f"site furniture: {why}",))

    def header(self, fields: list[Block], start: int) -> Section:
        end = fields[-1].origin.end_line
        return Section(SectionKind.HEADER, (), tuple(fields), Origin(self.path, start, end))

    def mark_repeat(self, section: Section) -> Section:
        if section.kind is not SectionKind.DISCLAIMER:
            return section
        key = normalized(" ".join(b.inlines[0].text for b in section.content if isinstance(b, Block) and b.inlines
                                  and isinstance(b.inlines[0], Text)))
        if key in self.disclaimers:
            return replace(section, repeat_of=self.disclaimers[key])
        self.disclaimers[key] = section.origin.line
        return section

    def embedded(self, kind: SectionKind, extra: int) -> int:
        """A letter, song or chat of `extra` + 1 paragraphs, a section in the text."""
        paras = self.paragraphs[self.index : self.index + extra + 1]
        blocks = tuple(self.block(p) for p in paras)
        section = Section(kind, (), blocks, Origin(self.path, paras[0].start, paras[-1].end))
        self.host().add(section, section.origin.end_line)
        return extra
