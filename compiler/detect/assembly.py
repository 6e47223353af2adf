"""Assembly: classified paragraphs → Story, in a single pass that opens and closes sections.

The tree mirrors the order of the text: no paragraph is dropped, moved across prose or
duplicated, and a consumed marker line is recorded on its section as a Marker. The
decisions that need to look ahead are made elsewhere and only consulted here: where
flashbacks open and end (flashbacks.py), how far a note runs (notes.py), how far a
letter or a run of messages runs (embedded.py), what the title line is (header.py).

When a paragraph could be structure or prose and nothing decides it, it stays prose.
"""

from __future__ import annotations

from typing import Callable

from compiler.detect.builder import Builder
from compiler.detect.embedded import letter_extent, message_run
from compiler.detect.header import is_subtitle, is_title_line, story_meta, title_and_byline
from compiler.detect.kinds import HEADINGS, LineKind
from compiler.detect.markers import marker_rules
from compiler.detect.notes import NOTE_TEXT, note_extent, plausible_note, trailing_solicitation
from compiler.detect.paragraphs import Paragraph, Shape, group_paragraphs
from compiler.detect.parsed import ParsedStory
from compiler.detect.sections import OpenSection, lift_trailing_notes, split_bracket
from compiler.model import (
    Block,
    BlockKind,
    Inline,
    LineBreak,
    Marker,
    Origin,
    Section,
    SectionKind,
    Story,
    Text,
    number_sections,
)
from compiler.options import Marker as ManifestMarker
from compiler.read.source import SourceText

# A labelled paragraph's kind → the section it opens.
_LABELLED = {
    LineKind.AUTHOR_NOTE: SectionKind.AUTHOR_NOTE,
    LineKind.SUMMARY: SectionKind.SUMMARY,
    LineKind.DISCLAIMER: SectionKind.DISCLAIMER,
}


class _Assembler(Builder):
    """The single pass: each paragraph taken by what it is."""

    # ── the pass ──

    def run(self) -> ParsedStory:
        paragraphs = self.paragraphs
        title_line: tuple[Inline, ...] = ()
        title_origin = None
        byline = title_and_byline(paragraphs)
        if byline is not None:
            first = paragraphs[0]
            title_line = (Text(first.lines[0]),)
            title_origin = Origin(self.path, first.start, first.start)
            line = first.start + 1
            field = Block(BlockKind.FIELD, (Text(byline),), Origin(self.path, line, line), marker="by")
            self.top.append(Section(SectionKind.HEADER, (), (field,), Origin(self.path, line, line)))
            self.index = 1
        elif is_title_line(paragraphs):
            title_line = (Text(paragraphs[0].text),)
            title_origin = self.origin(paragraphs[0])
            self.index = 1
        self.front()
        while self.index < len(paragraphs):
            used = self.step(paragraphs[self.index])
            self.index += 1 + used
        if paragraphs:
            self.close_flashback("end of the story", paragraphs[-1])
        self.close_container()
        sections = number_sections(tuple(lift_trailing_notes(self.top)))
        end_line = paragraphs[-1].end if paragraphs else 1
        meta = story_meta(title_line, sections)
        story = Story(meta, title_line, sections, Origin(self.path, 1, end_line), (), title_origin)
        return ParsedStory(story, tuple(self.diagnostics))

    def front(self) -> None:
        """The header block: fields, summary and disclaimer paragraphs at the top."""
        fields: list[Block] = []
        start = 0
        while (para := self.at(self.index)) is not None and para.kind in (
            LineKind.FIELD, LineKind.SUMMARY, LineKind.DISCLAIMER, LineKind.DISCLAIMER_TEXT
        ):
            if para.kind is LineKind.DISCLAIMER_TEXT:
                if fields:
                    self.top.append(self.header(fields, start))
                    fields = []
                self.top.append(self.mark_repeat(self.text_disclaimer(para)))
                self.index += 1
                continue
            if para.kind is LineKind.FIELD:
                if not fields:
                    start = para.start
                fields.append(self.field_block(para))
                self.index += 1
                continue
            if fields:
                self.top.append(self.header(fields, start))
                fields = []
            kind = SectionKind.SUMMARY if para.kind is LineKind.SUMMARY else SectionKind.DISCLAIMER
            section, used = self.label_section(kind, self.index)
            self.top.append(self.mark_repeat(section))
            self.index += 1 + used
        if fields:
            self.top.append(self.header(fields, start))

    def step(self, para: Paragraph) -> int:
        """Take one paragraph (and any it pulls along); returns how many extra it used."""
        handler = _BY_KIND.get(para.kind)
        used = handler(self, para) if handler is not None else None
        return self.text(para) if used is None else used

    # ── what each kind of paragraph does (None: it is text after all) ──

    def chapter(self, para: Paragraph) -> int:
        self.close_flashback("next chapter heading", para)
        self.close_container()
        index = self.index
        title: tuple[Inline, ...] = (Text(para.text),)
        used = 0
        nxt = self.at(index + 1)
        if nxt is not None and nxt.blank_before == 0 and is_subtitle(nxt, para):
            title = (Text(para.text), LineBreak(), Text(nxt.text))
            used = 1
        self.container = OpenSection(SectionKind.CHAPTER, title, para.start, (nxt.end if used else para.end))
        # A chapter may repeat the story's header: fields right under the heading.
        fields = []
        while (f := self.at(index + 1 + used)) is not None and f.kind is LineKind.FIELD:
            fields.append(self.field_block(f))
            used += 1
        if fields:
            self.container.add(self.header(fields, fields[0].origin.line), fields[-1].origin.end_line)
        return used

    def author_note(self, para: Paragraph) -> int:
        if not plausible_note(self.paragraphs, self.index, self.at_start()):
            return self.add(self.block(para), para.end)
        return self.labelled(para)

    def labelled(self, para: Paragraph) -> int:
        section, used = self.label_section(_LABELLED[para.kind], self.index)
        self.place(self.mark_repeat(section))
        return used

    def unlabelled_disclaimer(self, para: Paragraph) -> int | None:
        if self.flashback is None and (self.container is None or not self.container.has_text()):
            self.place(self.mark_repeat(self.text_disclaimer(para)))
            return 0
        return None

    def moving_on(self) -> None:
        """A flashback with no end marker ends where the story moves on."""
        if self.flashback is not None and self.flashback.ends_at_break:
            self.close_flashback()

    def flashback_start(self, para: Paragraph) -> int:
        self.close_flashback("next flashback", para)
        self.host()  # a flashback always sits inside the chapter or body it interrupts
        self.flashback = OpenSection(
            SectionKind.FLASHBACK,
            (Text(para.match.rest),) if para.match.rest else (),
            para.start,
            para.end,
            explicit=True,
            ends_at_break=self.index in self.plan.open_ended,
        )
        self.flashback.markers.append(Marker(para.match.marker, self.origin(para)))
        return 0

    def time_line(self, para: Paragraph) -> int:
        if self.index not in self.plan.openers:
            return self.add(self.heading_block(para), para.end)
        self.close_flashback("next flashback", para)
        self.host()
        self.flashback = OpenSection(SectionKind.FLASHBACK, (Text(para.text),), para.start, para.end)
        return 0

    def flashback_end(self, para: Paragraph) -> int:
        if self.flashback is not None:
            self.flashback.markers.append(Marker(para.text, self.origin(para)))
            self.flashback.end = para.end
            self.close_flashback()
            return 0
        self.warn("flashback-end-without-start", "looks like the end of a flashback, but none was open; kept as prose", para)
        return self.add(self.block(para), para.end)

    def present_day(self, para: Paragraph) -> int:
        if self.flashback is not None:
            # "Present day" closes the flashback (its source range ends there) and heads
            # the present-day text that follows.
            self.flashback.end = para.end
            self.close_flashback()
        return self.add(self.heading_block(para), para.end)

    def stray_note_end(self, para: Paragraph) -> int:
        self.warn("note-end-without-note", "looks like the end of an author's note, but none was open; kept as prose", para)
        return self.add(self.block(para), para.end)

    def scene_break(self, para: Paragraph) -> int:
        self.moving_on()
        return self.add(Block(BlockKind.SCENE_BREAK, (), self.origin(para), marker=para.text), para.end)

    def scene_heading(self, para: Paragraph) -> int:
        self.moving_on()
        return self.add(self.heading_block(para), para.end)

    def name_line(self, para: Paragraph) -> int | None:
        return self.add(self.heading_block(para), para.end) if self.after_break(self.index) else None

    def end_line(self, para: Paragraph) -> int:
        self.moving_on()
        return self.add(Block(BlockKind.END_LINE, (Text(para.text),), self.origin(para)), para.end)

    def recap(self, para: Paragraph) -> int:
        index = self.index
        blocks = [self.block(para), *self.own_lines(index)]  # the recap's own lines …
        used = len(blocks) - 1
        nxt = self.at(index + 1 + used)
        if not used and len(para.text.split()) <= 8 and nxt is not None and nxt.kind is LineKind.PROSE:
            blocks.append(self.block(nxt))  # … or `Previously on X:` alone, the recap after it
            used = 1
        end = self.paragraphs[index + used].end
        self.add(Section(SectionKind.RECAP, (), tuple(blocks), Origin(self.path, para.start, end)), end)
        return used

    def salutation(self, para: Paragraph) -> int | None:
        extent = letter_extent(self.paragraphs, self.index)
        return self.embedded(SectionKind.LETTER, extent) if extent else None

    def solicitation(self, para: Paragraph) -> int | None:
        extent = trailing_solicitation(self.paragraphs, self.index)
        if not extent:
            return None
        self.moving_on()
        paras = self.paragraphs[self.index : self.index + extent]
        end = paras[-1].end
        self.place(Section(SectionKind.AUTHOR_NOTE, (), tuple(self.block(p) for p in paras), Origin(self.path, para.start, end)))
        return extent - 1

    def text(self, para: Paragraph) -> int:
        """Prose: a paragraph, or lines kept as typed (a letter, a song), or text messages."""
        if para.shape is Shape.LINES:
            kind_of = {"messages": SectionKind.MESSAGES, "letter": SectionKind.LETTER}.get(para.style, SectionKind.LYRICS)
            return self.embedded(kind_of, 0)
        if run := message_run(self.paragraphs, self.index):
            return self.embedded(SectionKind.MESSAGES, run - 1)
        return self.add(self.block(para), para.end)

    # ── the sections and blocks they make ──

    def label_section(self, kind: SectionKind, index: int) -> tuple[Section, int]:
        """A labelled paragraph and the paragraphs that continue it; returns how many it used."""
        para = self.paragraphs[index]
        label, body, closing = split_bracket(para.match.marker, para.match.rest)
        markers = [Marker(label, self.origin(para))]
        if closing:
            markers.append(Marker(closing, self.origin(para)))
        head = Paragraph((body, *para.lines[1:]) if body else para.lines[1:], para.start, para.end, 0, para.match)
        blocks: list[Block | Section] = []
        if head.lines:
            blocks.append(self.block(head))
        own = self.own_lines(index)
        blocks.extend(own)
        last = index + len(own)
        if kind is SectionKind.AUTHOR_NOTE:
            host = self.open_section()
            extra, end_marker = note_extent(self.paragraphs, last, not blocks, host is not None, self.at_start())
        elif not blocks and (nxt := self.at(last + 1)) is not None and nxt.kind in NOTE_TEXT:
            extra, end_marker = 1, None  # a bare `Summary:` takes the next paragraph
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
        return Section(kind, (), tuple(blocks), Origin(self.path, para.start, end), tuple(markers)), last - index

    def after_break(self, index: int) -> bool:
        """A lone name heads a scene only right after a break or heading, before prose."""
        before = self.at(index - 1)
        after = self.at(index + 1)
        opens = before is None or before.kind is LineKind.SCENE_BREAK or before.kind in HEADINGS or (
            self.flashback is None and (self.container is None or not self.container.has_text())
        )
        return opens and after is not None and after.kind in (
            LineKind.PROSE, LineKind.TIME_SKIP, LineKind.SCENE_HEADING, LineKind.FLASHBACK_START, LineKind.SALUTATION
        )


_BY_KIND: dict[LineKind, Callable[[_Assembler, Paragraph], int | None]] = {
    LineKind.CHAPTER: _Assembler.chapter,
    LineKind.NUMBERED_HEADING: _Assembler.chapter,
    LineKind.AUTHOR_NOTE: _Assembler.author_note,
    LineKind.SUMMARY: _Assembler.labelled,
    LineKind.DISCLAIMER: _Assembler.labelled,
    LineKind.DISCLAIMER_TEXT: _Assembler.unlabelled_disclaimer,
    LineKind.FLASHBACK_START: _Assembler.flashback_start,
    LineKind.TIME_SKIP: _Assembler.time_line,
    LineKind.FLASHBACK_END: _Assembler.flashback_end,
    LineKind.PRESENT_DAY: _Assembler.present_day,
    LineKind.NOTE_END: _Assembler.stray_note_end,
    LineKind.SCENE_BREAK: _Assembler.scene_break,
    LineKind.SCENE_HEADING: _Assembler.scene_heading,
    LineKind.NAME_LINE: _Assembler.name_line,
    LineKind.END_LINE: _Assembler.end_line,
    LineKind.RECAP: _Assembler.recap,
    LineKind.SALUTATION: _Assembler.salutation,
    LineKind.SOLICITATION: _Assembler.solicitation,
}


def parse_story(source: SourceText, markers: tuple[ManifestMarker, ...] = ()) -> ParsedStory:
    """Detect a story's structure (pure: the same text always gives the same tree).

    `markers` are a manifest's own structure markers, tried before the rule table."""
    return _Assembler(group_paragraphs(source.text, marker_rules(markers)), source.display).run()
