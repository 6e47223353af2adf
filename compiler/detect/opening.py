"""The opening: what stands before a story's text, in whatever order the author (and the
site) put it: site furniture, the title and byline, a header block of fields (any key,
`Key: value` or `Key - value`, with or without blank lines, a one-line export), the
summary and disclaimer, author's notes with or without a label, the title again, an
ornament before the text. The opening ends at the first paragraph that is the story:
narration, dialogue, a chapter heading.

This walks the opening paragraph by paragraph for the assembly, deciding each by the
rules of header.py, furniture.py, notes.py and the title page's (titlepage.py), and records what it took: sections at
the story's top level, and the lines it consumed (the title repeated, an ornament) as
the story's markers.
"""

from __future__ import annotations

from dataclasses import replace

from compiler.detect.builder import LABELLED
from compiler.detect.contents import CONTENTS, contents_run
from compiler.detect.evidence import NOTE_SCORE
from compiler.detect.frontmatter import authors, header_ahead, page_line
from compiler.detect.furniture import furniture_rule
from compiler.detect.header import (
    byline,
    credit,
    credit_line,
    disclaims,
    export_fields,
    field_like,
    header_line,
    header_stack,
    keyed,
    known_key,
    meta_table,
    parts_index,
    same_title,
    title_like,
)
from compiler.detect.kinds import HEADINGS, LABEL_KINDS, QUOTES, LineKind
from compiler.detect.notes import evidence_of, note_extent, plausible_note, reads_as_note, typing_key
from compiler.detect.paragraphs import Paragraph
from compiler.detect.titlepage import POST_KEYS, TitlePage
from compiler.model import Marker, Origin, Section, SectionKind, field_key


class Opening(TitlePage):
    """The opening of a story (into the story's top level), or of a chapter (into the
    chapter, right under its heading)."""

    # ── the walk ──

    def run(self) -> None:
        a = self.a
        while (para := a.at(a.index)) is not None:
            pieces = self.pieces(para)
            if len(pieces) > 1:
                a.paragraphs[a.index : a.index + 1] = pieces
                self.split = True
                continue
            used = self.take(para)
            if used is None and self.epigraph(para):
                used = 0
            if used is None and self.chapter is None:
                used = self.front_matter(para)
            if used is None:
                self.almost(para)
                break
            a.index += 1 + used
        self.flush()
        if self.chapter is None:
            a.story_title = self.title
        if self.split:  # the look-ahead decisions were made on the paragraphs before the cuts
            a.replan()

    def pieces(self, para: Paragraph) -> list[Paragraph]:
        """A paragraph of the opening whose lines hold header lines, labels or furniture
        after its first (a header typed with no blank lines, a note run into a field): its
        lines as paragraphs, each header line starting one and the lines after it that are
        not, its text."""
        if len(para.lines) == 1 or para.kind in HEADINGS:
            return [para]
        if len(para.lines) == 2 and byline(para.lines[1]) is not None and not header_line(para.lines[0]):
            return [para]  # a title or a credit over its byline: a pair
        if header_stack(para.lines):
            pieces = [self.sub(para, i, i) for i in range(len(para.lines))]
            return [replace(pieces[0], blank_before=para.blank_before), *pieces[1:]]
        furniture = [bool(furniture_rule(text, opening=True)) for text in para.lines]
        header = para.kind in LABEL_KINDS or known_key(para.lines[0]) or sum(
            1 for text in para.lines[:4] if keyed(text) is not None
        ) >= 2
        starts = [0] + [
            i for i, text in enumerate(para.lines[1:], start=1)
            if furniture[i] != furniture[i - 1]
            or (not furniture[i] and (self.starts_piece(text) or (header and keyed(text) is not None)))
        ]
        if len(starts) == 1:
            return [para]
        ends = [*starts[1:], len(para.lines)]
        pieces = [self.sub(para, first, last - 1) for first, last in zip(starts, ends)]
        return [replace(pieces[0], blank_before=para.blank_before), *pieces[1:]]

    def take(self, para: Paragraph) -> int | None:
        """Take one paragraph of the opening (and any it pulls along); None: the story begins."""
        a = self.a
        kind = para.kind
        line = para.lines[0]
        if all(furniture_rule(text, opening=True) for text in para.lines) or meta_table(para.lines):
            return self.furniture(para)
        if table := self.table_run():
            self.furniture(Paragraph(
                tuple(text for part in table for text in part.lines), table[0].start, table[-1].end,
                table[0].blank_before, table[0].match,
            ))
            return len(table) - 1
        if kind in HEADINGS:
            return self.contents() if contents_run(a.paragraphs, a.index) else None
        if kind is LineKind.SCENE_BREAK:
            self.flush()
            self.consume(para, "scene-break")  # between the header and the story: a separator only
            return 0
        if len(para.lines) == 1 and (pairs := export_fields(line)):
            return self.export(para, pairs)
        if kind is LineKind.FIELD:
            return self.field_paragraph(para)
        if kind in LABELLED and not para.match.rest and len(para.lines) == 1 and self.over_furniture():
            return self.furniture(para)  # AO3's `Notes:` over its pointer to the notes at the end
        if kind is LineKind.AUTHOR_NOTE and not para.match.rest and len(para.lines) == 1 and self.over_label():
            return self.furniture(para)  # AO3's `Notes:` heading over notes with labels of their own
        if kind is LineKind.AUTHOR_NOTE and not plausible_note(a.paragraphs, a.index, at_start=True):
            return None  # a character's "Note:": the story has begun
        if kind in LABELLED:
            return self.labelled(para)
        if kind is LineKind.DISCLAIMER_TEXT:
            self.add(a.mark_repeat(a.text_disclaimer(para)))
            return 0
        if self.chapter is None and credit_line(para.lines):
            self.field(para, *credit(para.lines))
            return 0
        title = self.title or (self.a.story_title if self.chapter is not None else "")  # a chapter repeats the story's
        if title and len(para.lines) == 1 and parts_index(line, title):
            self.add(a.furniture_section(para, "the story's parts listed by the site"))
            return 0
        if title and same_title(line, title) and (len(para.lines) == 1 or (
            len(para.lines) == 2 and (byline(para.lines[1]) or self.is_author(para.lines[1]))
        )):
            return self.title_again(para)
        if self.chapter is None and not self.title and not self.fields and self.title_line is None:
            if self.is_title(para):
                self.title_line = para
                self.title = para.text
                return 0
            if len(para.lines) == 2 and byline(para.lines[1]) and self.is_title(self.sub(para, 0, 0), para):
                self.title_line = self.sub(para, 0, 0)  # a title with its byline under it
                self.title = line
                self.field(self.sub(para, 1, 1), *byline(para.lines[1]))  # type: ignore[misc] - checked above
                return 0
            if len(para.lines) == 1 and (pair := keyed(line)) and field_key(pair[0]).casefold() in POST_KEYS and pair[1]:
                self.a.story_markers.append(Marker(pair[0], a.origin(para), "label"))  # a journal's `Fic: Title`
                self.title_line = replace(para, lines=(pair[1],))
                self.title = pair[1]
                return 0
        if self.chapter is None and self.title_line is not None and len(para.lines) == 1 and title_like(para) and self.over_byline():
            return self.better_title(para)
        if len(para.lines) == 1 and (by := byline(line)):
            self.field(para, *by)
            return 0
        if self.names_the_author(para):
            self.field(para, "by", line)  # `Wrenfield` alone under the title, over the header
            return 0
        if disclaims(para.text) and para.kind is LineKind.PROSE and evidence_of(para).score >= 0:
            self.add(a.mark_repeat(a.text_disclaimer(para)))  # `… I dont own Inuyasha! …`
            return 0
        if all(keyed(text) or field_like(text) for text in para.lines) and (
            self.fields or self.title or self.next_is_field() or any(field_like(text) for text in para.lines)
        ):
            return self.keyed_paragraph(para)
        if reads_as_note(para):
            return self.unlabelled_note(para)
        if typing_key(para):
            return self.unlabelled_note(para, "a key to the typing")
        if self.unlabelled_summary(para):
            self.add(Section(SectionKind.SUMMARY, (), (a.block(para),), a.origin(para),
                             evidence=("a summary with no label: under the header, over the story's first heading",)))
            return 0
        if self.among_fields(para):
            return self.unlabelled_note(para, "an aside among the header's fields")
        if self.chapter is None and self.title_line is None and not self.title and self.is_title(para) and a.top:
            self.title_line = para  # after a note or the site's furniture
            self.title = para.text
            return 0
        return None

    # ── the kinds of paragraph ──

    def almost(self, para: Paragraph) -> None:
        """Where the story begins with a paragraph that reads a little like the author
        talking, say so: the outline shows what was almost taken, and why it was not."""
        if para.kind is not LineKind.PROSE or para.text[:1] in QUOTES:
            return  # dialogue is never almost a note
        evidence = evidence_of(para)
        if evidence.strong and NOTE_SCORE // 2 <= evidence.score < NOTE_SCORE:
            self.a.warn(
                "almost-a-note",
                f"reads a little like an author's note ({evidence}), but not enough: kept as the story's text",
                para,
            )

    def front_matter(self, para: Paragraph) -> int | None:
        """A paragraph above the story's header (frontmatter.py): the page's furniture, or
        the author's note; None: no header follows, the story begins here."""
        a = self.a
        header = header_ahead(a.paragraphs, a.index)
        if header is None:
            return None
        why = f"above the story's header (line {header.start})"
        if page_line(para):
            return self.furniture(para, why)
        if authors(para):
            self.add(Section(SectionKind.AUTHOR_NOTE, (), (a.block(para),), a.origin(para),
                             evidence=(f"the author talking {why}: {evidence_of(para)}",)))
            return 0
        return None

    def furniture(self, para: Paragraph, why: str = "") -> int:
        """The site's lines; run on from the site's lines just above (no blank line), one piece."""
        a = self.a
        rule = why or furniture_rule(para.lines[0], opening=True) or "a label over the site's own words"
        holder = a.top if self.chapter is None else self.chapter.content
        previous = holder[-1] if holder and not self.fields else None
        if para.blank_before == 0 and isinstance(previous, Section) and previous.kind is SectionKind.FURNITURE:
            holder[-1] = replace(
                previous, content=(*previous.content, a.block(para)),
                origin=Origin(a.path, previous.origin.line, para.end), evidence=(*previous.evidence, f"site furniture: {rule}"),
            )
            return 0
        self.add(a.furniture_section(para, rule))
        return 0

    def contents(self) -> int:
        """The page's list of the story's chapters: furniture, and the opening goes on."""
        a = self.a
        run = contents_run(a.paragraphs, a.index)
        for para in a.paragraphs[a.index : a.index + run]:
            self.add(a.furniture_section(para, CONTENTS))
        return run - 1

    def over_label(self) -> bool:
        nxt = self.a.at(self.a.index + 1)
        return nxt is not None and (nxt.kind in LABEL_KINDS or known_key(nxt.lines[0]))

    def over_furniture(self) -> bool:
        nxt = self.a.at(self.a.index + 1)
        return nxt is not None and all(furniture_rule(text, opening=True) for text in nxt.lines)

    def unlabelled_note(self, para: Paragraph, why: str = "reads as the author talking") -> int:
        a = self.a
        evidence = evidence_of(para)
        extra, end_marker = note_extent(a.paragraphs, a.index, False, False, True)
        paras = a.paragraphs[a.index : a.index + extra + 1]
        markers = ()
        if end_marker is not None:
            markers = (Marker(end_marker.text, a.origin(end_marker)),)
        end = (end_marker or paras[-1]).end
        self.add(
            Section(
                SectionKind.AUTHOR_NOTE, (), tuple(a.block(p) for p in paras), Origin(a.path, para.start, end), markers,
                evidence=(f"{why}: {evidence}",),
            )
        )
        return extra + (1 if end_marker is not None else 0)

