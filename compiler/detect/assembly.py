"""Assembly: classified paragraphs → Story, in a single pass that opens and closes sections.

The tree mirrors the order of the text: no paragraph is dropped, moved across prose or
duplicated, and a consumed marker line is recorded on its section as a Marker. The
decisions that need to look ahead are made elsewhere and only consulted here: where
flashbacks open and end (flashbacks.py), how far a note runs (notes.py), how far a
letter or a run of messages runs (embedded.py), what the title line is (header.py).

When a paragraph could be structure or prose and nothing decides it, it stays prose.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from compiler.detect.builder import LABELLED, NOTE_KEYS, Builder
from compiler.detect.contents import CONTENTS, contents_run
from compiler.detect.embedded import letter_extent, message_run, verse_run
from compiler.detect.header import is_subtitle, keyed, story_meta
from compiler.detect.kinds import HEADINGS, LineKind, LineMatch
from compiler.detect.markers import marker_rules
from compiler.detect.notes import evidence_of, plausible_note, reads_as_note, trailing_note, trailing_solicitation
from compiler.detect.opening import Opening
from compiler.detect.paragraphs import Paragraph, Shape, group_paragraphs
from compiler.detect.parsed import ParsedStory
from compiler.detect.sections import OpenSection, lift_trailing_notes, merge_adjacent_notes
from compiler.detect.slugs import slug_lines, slug_run
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
    field_key,
    number_sections,
)
from compiler.options import Marker as ManifestMarker
from compiler.read.source import SourceText


class Assembler(Builder):
    """The single pass: each paragraph taken by what it is."""

    # ── the pass ──

    def run(self) -> ParsedStory:
        paragraphs = self.paragraphs
        opening = Opening(self)
        opening.run()
        title_line: tuple[Inline, ...] = ()
        title_origin = None
        if opening.title_line is not None:
            # A title over its subtitle reads as one: `Strange Encounters: Of a Frustrated Fanfic Author`.
            lines = [line.strip() for line in opening.title_line.lines]
            title_line = (Text("".join(
                (part if not i else (" " if lines[i - 1][-1:] in ":;,.!?-–—" else ": ") + part) for i, part in enumerate(lines)
            )),)
            title_origin = self.origin(opening.title_line)
        while self.index < len(paragraphs):
            used = self.step(paragraphs[self.index])
            self.index += 1 + used
        if paragraphs:
            self.close_flashback("end of the story", paragraphs[-1])
        self.close_container()
        top = merge_adjacent_notes(lift_trailing_notes(self.top))
        sections = number_sections(tuple(top))  # type: ignore[arg-type] - the top level holds sections only
        end_line = paragraphs[-1].end if paragraphs else 1
        meta = story_meta(title_line, sections)
        story = Story(meta, title_line, sections, Origin(self.path, 1, end_line), tuple(self.story_markers), title_origin)
        return ParsedStory(story, tuple(self.diagnostics))

    def step(self, para: Paragraph) -> int:
        """Take one paragraph (and any it pulls along); returns how many extra it used."""
        handler = _BY_KIND.get(para.kind)
        used = handler(self, para) if handler is not None else None
        return self.text(para) if used is None else used

    # ── what each kind of paragraph does (None: it is text after all) ──

    def chapter(self, para: Paragraph) -> int:
        if run := contents_run(self.paragraphs, self.index):
            return self.contents(run)
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
        # A chapter has an opening of its own: the story's header repeated, a disclaimer,
        # the chapter's notes, the site's furniture, all before its text.
        self.index = index + 1 + used
        Opening(self, self.container).run()
        used, self.index = self.index - index - 1, index
        return used

    def contents(self, run: int) -> int:
        """A table of contents: each entry the site's furniture, where it stands."""
        for para in self.paragraphs[self.index : self.index + run]:
            self.place(self.furniture_section(para, CONTENTS))
        return run - 1

    def author_note(self, para: Paragraph) -> int:
        if not plausible_note(self.paragraphs, self.index, self.at_start()):
            return self.add(self.block(para), para.end)
        return self.labelled(para)

    def labelled(self, para: Paragraph) -> int:
        section, used = self.label_section(LABELLED[para.kind], self.index)
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
        label = re.match(r"^\W*(?i:recap|previously(?:\s+on)?|last\s+time)\W*?:\s*", para.text)
        rest = replace(para, lines=(para.text[label.end():],), match=LineMatch(LineKind.PROSE, "", "", "")) if label else para
        if label is not None and reads_as_note(rest):
            # `RECAP: Sorry, a short one this time…`: a note under a recap's label.
            evidence = f"a recap's label over the author talking: {evidence_of(rest)}"
            self.place(Section(SectionKind.AUTHOR_NOTE, (), (self.block(rest),), self.origin(para),
                               (Marker(label.group(0).strip(), self.origin(para)),), evidence=(evidence,)))
            return 0
        blocks = [self.block(para), *self.own_lines(index)]  # the recap's own lines …
        used = len(blocks) - 1
        nxt = self.at(index + 1 + used)
        if not used and len(para.text.split()) <= 8 and nxt is not None and nxt.kind is LineKind.PROSE:
            blocks.append(self.block(nxt))  # … or `Previously on X:` alone, the recap after it
            used = 1
        end = self.paragraphs[index + used].end
        self.add(Section(SectionKind.RECAP, (), tuple(blocks), Origin(self.path, para.start, end)), end)
        return used

    def field_line(self, para: Paragraph) -> int | None:
        """`Key: value` lines in the text: a header where they stand (a second story's in one
        post, the tags at the end of a post), when there are two or more together, or one
        after the story's last text; else a line of the story."""
        run = 0
        while (nxt := self.at(self.index + run)) is not None and (nxt.kind is LineKind.FIELD or (
            run > 0 and nxt.blank_before == 0 and len(nxt.lines) == 1 and (
                keyed(nxt.text) is not None or nxt.kind in (LineKind.SUMMARY, LineKind.DISCLAIMER)
            )
        )):  # a key ficbind does not know, among known ones
            run += 1
        after_header = bool(self.host().content) and isinstance(last := self.host().content[-1], Section) and (
            last.kind in (SectionKind.HEADER, SectionKind.SUMMARY, SectionKind.DISCLAIMER)
        )
        if run < 2 and self.at(self.index + run) is not None and not after_header:
            return None
        self.moving_on()
        fields: list[Block] = []
        for offset in range(run):
            field = self.paragraphs[self.index + offset]
            kind = SectionKind.AUTHOR_NOTE if field_key(field.match.marker).casefold() in NOTE_KEYS else LABELLED.get(field.kind)
            if kind is not None:  # a label among the fields: its section, where it stands
                if fields:
                    self.add(self.header(fields, fields[0].origin.line), fields[-1].origin.end_line)
                    fields = []
                section, _ = self.label_section(kind, self.index + offset)
                self.add(self.mark_repeat(section), section.origin.end_line)
                continue
            fields.append(self.field_block(field))
        if fields:
            self.add(self.header(fields, fields[0].origin.line), fields[-1].origin.end_line)
        return run - 1

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
        """Prose: a paragraph, or lines kept as typed (a letter, a song), or text messages;
        or, after the story's last text, the author talking with no label."""
        if not self.at_start() and (extent := trailing_note(self.paragraphs, self.index, self.stops)):
            paras = self.paragraphs[self.index : self.index + extent]
            evidence = f"reads as the author talking after the text: {evidence_of(para)}"
            self.place(Section(SectionKind.AUTHOR_NOTE, (), tuple(self.block(p) for p in paras),
                               Origin(self.path, para.start, paras[-1].end), evidence=(evidence,)))
            return extent - 1
        if slug_lines(para):  # `Quantico, Virginia` over `January 13, 1990`: where and when
            inlines: list[Inline] = []
            for i, line in enumerate(para.lines):
                inlines += [LineBreak(), Text(line)] if i else [Text(line)]
            return self.add(Block(BlockKind.SCENE_HEADING, tuple(inlines), self.origin(para)), para.end)
        if run := slug_run(self.paragraphs, self.index):
            for offset in range(run):
                self.add(self.heading_block(self.paragraphs[self.index + offset]), self.paragraphs[self.index + offset].end)
            return run - 1
        if para.shape is Shape.LINES:
            kind_of = {"messages": SectionKind.MESSAGES, "letter": SectionKind.LETTER}.get(para.style, SectionKind.LYRICS)
            return self.embedded(kind_of, 0)
        if run := verse_run(self.paragraphs, self.index):
            return self.embedded(SectionKind.LYRICS, run - 1)
        if run := message_run(self.paragraphs, self.index):
            return self.embedded(SectionKind.MESSAGES, run - 1)
        return self.add(self.block(para), para.end)

    # ── the sections and blocks they make ──

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


_BY_KIND: dict[LineKind, Callable[[Assembler, Paragraph], int | None]] = {
    LineKind.CHAPTER: Assembler.chapter,
    LineKind.NUMBERED_HEADING: Assembler.chapter,
    LineKind.AUTHOR_NOTE: Assembler.author_note,
    LineKind.SUMMARY: Assembler.labelled,
    LineKind.DISCLAIMER: Assembler.labelled,
    LineKind.DISCLAIMER_TEXT: Assembler.unlabelled_disclaimer,
    LineKind.FLASHBACK_START: Assembler.flashback_start,
    LineKind.TIME_SKIP: Assembler.time_line,
    LineKind.FLASHBACK_END: Assembler.flashback_end,
    LineKind.PRESENT_DAY: Assembler.present_day,
    LineKind.NOTE_END: Assembler.stray_note_end,
    LineKind.SCENE_BREAK: Assembler.scene_break,
    LineKind.SCENE_HEADING: Assembler.scene_heading,
    LineKind.NAME_LINE: Assembler.name_line,
    LineKind.END_LINE: Assembler.end_line,
    LineKind.RECAP: Assembler.recap,
    LineKind.FIELD: Assembler.field_line,
    LineKind.SALUTATION: Assembler.salutation,
    LineKind.SOLICITATION: Assembler.solicitation,
}


def parse_story(source: SourceText, markers: tuple[ManifestMarker, ...] = ()) -> ParsedStory:
    """Detect a story's structure (pure: the same text always gives the same tree).

    `markers` are a manifest's own structure markers, tried before the rule table."""
    return Assembler(group_paragraphs(source.text, marker_rules(markers)), source.display).run()
