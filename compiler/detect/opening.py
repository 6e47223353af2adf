"""The opening: what stands before a story's text, in whatever order the author (and the
site) put it: site furniture, the title and byline, a header block of fields (any key,
`Key: value` or `Key - value`, with or without blank lines, a one-line export), the
summary and disclaimer, author's notes with or without a label, the title again, an
ornament before the text. The opening ends at the first paragraph that is the story:
narration, dialogue, a chapter heading.

This walks the opening paragraph by paragraph for the assembly, deciding each by the
rules of header.py, furniture.py and notes.py, and records what it took: sections at
the story's top level, and the lines it consumed (the title repeated, an ornament) as
the story's markers.
"""

from __future__ import annotations

import re
from dataclasses import replace

from compiler.detect.builder import Builder
from compiler.detect.contents import CONTENTS_EVIDENCE, contents_run
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
from compiler.detect.header import (
    is_bare_key as _is_bare_key,
)
from compiler.detect.kinds import HEADINGS, LABEL_KINDS, QUOTES, LineKind
from compiler.detect.notes import evidence_of, note_extent, plausible_note, reads_as_note, typing_key
from compiler.detect.paragraphs import Paragraph
from compiler.detect.sections import OpenSection
from compiler.model import Block, BlockKind, Marker, Origin, Section, SectionKind, Text, field_key

_LABELLED = {
    LineKind.SUMMARY: SectionKind.SUMMARY,
    LineKind.DISCLAIMER: SectionKind.DISCLAIMER,
    LineKind.AUTHOR_NOTE: SectionKind.AUTHOR_NOTE,
}
# Header keys whose text is a section of its own, not a field's value.
_NOTE_KEYS = {"notes", "note"}
# A journal post's subject line names the story: `Fic: Title`, `FIC: Title (1/3)`.
_POST_KEYS = {"fic", "fanfic", "new fic", "ficlet", "drabble", "one-shot", "oneshot"}


class Opening:
    """The opening of a story (into the story's top level), or of a chapter (into the
    chapter, right under its heading)."""

    def __init__(self, assembler: Builder, chapter: OpenSection | None = None) -> None:
        self.a = assembler
        self.chapter = chapter
        self.fields: list[Block] = []
        self.title = ""  # the title as the story gives it (its title line, or its Title field)
        self.title_line: Paragraph | None = None
        self.split = False  # whether a paragraph was cut into its lines
        self.title_repeated: Paragraph | None = None  # the title again, just consumed

    # ── what goes where ──

    def flush(self) -> None:
        """The header fields gathered so far, as one header section."""
        if self.fields:
            self.place(self.a.header(self.fields, self.fields[0].origin.line))
            self.fields = []

    def place(self, section: Section) -> None:
        if self.chapter is None:
            self.a.top.append(section)
        else:
            self.chapter.add(section, section.origin.end_line)

    def add(self, section: Section) -> None:
        self.flush()
        self.place(section)

    def consume(self, para: Paragraph, kind: str) -> None:
        marker = Marker(para.text, self.a.origin(para), kind)
        if self.chapter is None:
            self.a.story_markers.append(marker)
        else:
            self.chapter.markers.append(marker)
            self.chapter.end = max(self.chapter.end, para.end)

    def field(self, para: Paragraph, key: str, value: str) -> None:
        origin = self.a.origin(para)
        self.fields.append(Block(BlockKind.FIELD, (Text(value),) if value else (), origin, marker=key))
        if field_key(key).casefold() == "title" and value and not self.title:
            self.title = value
        if field_key(key).casefold() in ("by", "author", "written by") and value and self.chapter is None:
            self.a.story_author = self.a.story_author or value

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

    @staticmethod
    def starts_piece(text: str) -> bool:
        from compiler.detect.lines import classify_line

        kind = classify_line(text).kind
        return (
            kind in LABEL_KINDS or kind is LineKind.SCENE_BREAK or known_key(text) or field_like(text) or byline(text) is not None
            or bool(furniture_rule(text, opening=True))
        )

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
        if kind in _LABELLED and not para.match.rest and len(para.lines) == 1 and self.over_furniture():
            return self.furniture(para)  # AO3's `Notes:` over its pointer to the notes at the end
        if kind is LineKind.AUTHOR_NOTE and not para.match.rest and len(para.lines) == 1 and self.over_label():
            return self.furniture(para)  # AO3's `Notes:` heading over notes with labels of their own
        if kind is LineKind.AUTHOR_NOTE and not plausible_note(a.paragraphs, a.index, at_start=True):
            return None  # a character's "Note:": the story has begun
        if kind in _LABELLED:
            return self.labelled(para)
        if kind is LineKind.DISCLAIMER_TEXT:
            self.add(a.mark_repeat(a.text_disclaimer(para)))
            return 0
        if self.chapter is None and credit_line(para.lines):
            self.field(para, *credit(para.lines))
            return 0
        title = self.title or (self.a.story_title if self.chapter is not None else "")  # a chapter repeats the story's
        if title and len(para.lines) == 1 and parts_index(line, title):
            self.add(Section(SectionKind.FURNITURE, (), (a.block(para),), a.origin(para),
                             evidence=("site furniture: the story's parts listed by the site",)))
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
            if len(para.lines) == 1 and (pair := keyed(line)) and field_key(pair[0]).casefold() in _POST_KEYS and pair[1]:
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
            self.field(para, "by", line)  # `Seiryuu` alone under the title, over the header
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

    def epigraph(self, para: Paragraph) -> bool:
        """A quotation set before a story's header (the header follows it): kept where it
        stands, as the text's own, and the opening goes on."""
        a = self.a
        if self.chapter is not None or a.top or a.index != 0 or para.text[:1] not in "\"“‘'":
            return False
        if not self.next_is_field():
            return False
        a.top.append(Section(SectionKind.BODY, (), (a.block(para),), a.origin(para)))
        return True

    def is_title(self, para: Paragraph, whole: Paragraph | None = None) -> bool:
        """A title line: short, no sentence end, standing alone: a blank line after it, or
        a header line or heading right under it, or in a story typed with no blank lines,
        the story (`whole`: the paragraph it is the first line of)."""
        whole = whole or para
        if not title_like(para) or furniture_rule(para.text, opening=True) or whole.kind in HEADINGS:
            return False
        nxt = self.a.at(self.a.index + 1)
        if nxt is None:
            return False
        if not (nxt.blank_before > 0 or self.starts_piece(nxt.lines[0]) or nxt.kind in HEADINGS or self.a.single_spaced):
            return False  # a line run into the next
        if para.text[-1] in "!?…":  # "Just Fight Already!": a title when a header follows
            return nxt.kind in LABEL_KINDS
        return not (keyed(para.text) and known_key(para.text))

    def names_the_author(self, para: Paragraph) -> bool:
        """A name alone right under the title, with the header or a blank line after it."""
        title = self.title_line
        if title is None or self.fields or para.start - title.end > 4 or len(para.lines) != 1:
            return False
        words = para.text.split()
        if not 1 <= len(words) <= 3 or para.text[-1] in "!?,:;\"”" or para.kind not in (LineKind.PROSE, LineKind.NAME_LINE):
            return False
        if not re.fullmatch(r"(?:[A-Z][\w'’\-]*\.?|[A-Z]\.(?:[A-Z]\.)*|[\w\-]+)(?:\s+(?:[A-Z][\w'’\-]*\.?|[A-Z]\.))*", para.text):
            return False  # a name, initials, a user name
        nxt = self.a.at(self.a.index + 1)
        return nxt is not None and (nxt.blank_before > 0 or self.starts_piece(nxt.lines[0]) or nxt.kind in LABEL_KINDS)

    def next_is_field(self) -> bool:
        """Whether the next paragraph begins with a header line (a known key, a label)."""
        nxt = self.a.at(self.a.index + 1)
        return nxt is not None and (nxt.kind in LABEL_KINDS or known_key(nxt.lines[0]) or (
            nxt.blank_before == 0 and keyed(nxt.lines[0]) is not None
        ))

    def field_paragraph(self, para: Paragraph) -> int:
        """A known key's line, and its value's lines; a line of it that is a field of its
        own (a key ficbind does not know, among known ones) is one."""
        key, value = para.match.marker, para.match.rest
        if field_key(key).casefold() in _NOTE_KEYS:
            return self.labelled(para, SectionKind.AUTHOR_NOTE)
        rest: list[str] = []
        for offset, text in enumerate(para.lines[1:], start=1):
            if keyed(text) or field_like(text):
                self.field(self.sub(para, 0, offset - 1), key, " ".join((value, *rest)).strip())
                return self.keyed_paragraph(self.sub(para, offset))
            rest.append(text)
        nxt = self.a.at(self.a.index + 1)
        if not value and not rest and nxt is not None and nxt.kind is LineKind.PROSE and not keyed(nxt.lines[0]):
            # `WARNING:` alone on its line, its text the paragraph under it (as AO3 sets notes).
            self.field(replace(para, end=nxt.end), key, nxt.text)
            return 1
        self.field(para, key, " ".join((value, *rest)).strip())
        return 0

    def keyed_paragraph(self, para: Paragraph) -> int:
        """Lines of `Key: value` (keys ficbind may not know) or metadata without a key."""
        for offset, text in enumerate(para.lines):
            pair = keyed(text)
            sub = self.sub(para, offset, offset)
            if pair is not None:
                self.field(sub, pair[0], pair[1])
            else:
                self.field(sub, "", text)
        return 0

    def labelled(self, para: Paragraph, kind: SectionKind | None = None) -> int:
        a = self.a
        kind = kind or _LABELLED[para.kind]
        section, used = a.label_section(kind, a.index)
        self.add(a.mark_repeat(section))
        return used

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
        self.add(Section(SectionKind.FURNITURE, (), (a.block(para),), a.origin(para), evidence=(f"site furniture: {rule}",)))
        return 0

    def contents(self) -> int:
        """The page's list of the story's chapters: furniture, and the opening goes on."""
        a = self.a
        run = contents_run(a.paragraphs, a.index)
        for para in a.paragraphs[a.index : a.index + run]:
            self.add(Section(SectionKind.FURNITURE, (), (a.block(para),), a.origin(para), evidence=(CONTENTS_EVIDENCE,)))
        return run - 1

    def table_run(self) -> list[Paragraph]:
        """Paragraphs with no blank line between them that together are a page's table of
        metadata (each of its keys started a paragraph of its own), or []."""
        a = self.a
        first = a.at(a.index)
        if first is None or not _is_bare_key(first.lines[0]):
            return []
        count = 1
        while (nxt := a.at(a.index + count)) is not None and nxt.blank_before == 0:
            count += 1
        run = a.paragraphs[a.index : a.index + count]
        return run if meta_table(tuple(line for para in run for line in para.lines)) else []

    def over_label(self) -> bool:
        nxt = self.a.at(self.a.index + 1)
        return nxt is not None and (nxt.kind in LABEL_KINDS or known_key(nxt.lines[0]))

    def over_furniture(self) -> bool:
        nxt = self.a.at(self.a.index + 1)
        return nxt is not None and all(furniture_rule(text, opening=True) for text in nxt.lines)

    def among_fields(self, para: Paragraph) -> bool:
        """A short paragraph of neither narration nor dialogue between header lines."""
        return (
            para.kind is LineKind.PROSE and bool(self.fields) and (nxt := self.a.at(self.a.index + 1)) is not None
            and known_key(nxt.lines[0])
            and len(para.text.split()) <= 40 and para.text[:1] not in "\"“" and evidence_of(para).score >= 0
        )

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

    def over_byline(self) -> bool:
        nxt = self.a.at(self.a.index + 1)
        return nxt is not None and nxt.blank_before == 0 and byline(nxt.lines[0]) is not None

    def better_title(self, para: Paragraph) -> int:
        """A title-like line right over a byline, after the title was taken: the line under
        the title (a subtitle), or the story's own title below the page's."""
        old = self.title_line
        assert old is not None
        line = para.text
        again = self.title_repeated
        if para.start == old.end + 1 and para.blank_before == 0:
            self.title_line = replace(old, lines=(*old.lines, *para.lines), end=para.end)  # title and subtitle
            return 0
        if again is not None and para.start == again.end + 1 and para.blank_before == 0:
            self.a.story_markers.pop()  # the title again, with its subtitle and byline: the story's own title page
            self.title_repeated = None
            para = replace(again, lines=(*again.lines, *para.lines), end=para.end)
        elif same_title(line, self.title) or same_title(self.title, line):
            return self.title_again(para)
        self.place(Section(SectionKind.FURNITURE, (), (self.a.block(old),), self.a.origin(old),
                           evidence=("site furniture: the page's title, above the story's own over its byline",)))
        self.title_line = para
        return 0

    def is_author(self, line: str) -> bool:
        """The story's author's name alone (under the title repeated over a chapter)."""
        return bool(self.a.story_author) and line.strip().casefold() == self.a.story_author.strip().casefold()

    def title_again(self, para: Paragraph) -> int:
        """The title repeated above the text (perhaps with its byline under it): consumed."""
        title = self.sub(para, 0, 0)
        self.consume(title, "title")
        self.title_repeated = title if self.chapter is None and len(para.lines) == 1 else None
        if len(para.lines) == 2:
            by = byline(para.lines[1])
            self.field(self.sub(para, 1, 1), *(by or ("by" if self.is_author(para.lines[1]) else "", para.lines[1])))
        return 0

    def export(self, para: Paragraph, pairs: list[tuple[str, str]]) -> int:
        """`Story: … Category: … Summary: …` on one line: its fields, and its summary."""
        origin = self.a.origin(para)
        summary = ""
        for key, value in pairs:
            if key.casefold() == "summary":
                summary = value
                continue
            self.field(para, f"{key}:", value)
        if summary:
            self.add(Section(SectionKind.SUMMARY, (), (Block(BlockKind.PARAGRAPH, (Text(summary),), origin),), origin,
                             (Marker("Summary:", origin),)))
        return 0

    # ── pieces of a paragraph ──

    def sub(self, para: Paragraph, first: int, last: int | None = None) -> Paragraph:
        """Lines `first` to `last` (indices) of a paragraph, as a paragraph of their own."""
        from compiler.detect.lines import classify_line

        lines = para.lines[first : (last + 1 if last is not None else None)]
        return Paragraph(lines, para.start + first, para.start + first + len(lines) - 1, 0, classify_line(lines[0]))
