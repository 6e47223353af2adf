"""The title page: what a story's opening says about the story, as the opening walks it
(opening.py): the title line (and a subtitle, the title again, the page's title above
the story's own), the byline and the author's name alone, the header's fields with any
key (a field's value over several lines, a one-line export, a page's table of
metadata), an unlabelled summary under the fields, an epigraph before them.

TitlePage holds the opening's state and what goes where; Opening walks it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from compiler.detect.builder import LABELLED, NOTE_KEYS, Builder
from compiler.detect.furniture import furniture_rule
from compiler.detect.header import (
    byline,
    field_like,
    keyed,
    known_key,
    meta_table,
    same_title,
    title_like,
)
from compiler.detect.header import (
    is_bare_key as _is_bare_key,
)
from compiler.detect.kinds import HEADINGS, LABEL_KINDS, QUOTES, LineKind
from compiler.detect.notes import evidence_of
from compiler.detect.paragraphs import Paragraph
from compiler.detect.sections import OpenSection
from compiler.model import Block, BlockKind, Marker, Section, SectionKind, Text, field_key

# A journal post's subject line names the story: `Fic: Title`, `FIC: Title (1/3)`.
POST_KEYS = {"fic", "fanfic", "new fic", "ficlet", "drabble", "one-shot", "oneshot"}



class TitlePage:
    """The opening's state (the fields gathered, the title found) and its decisions about
    the title page."""

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

    # ── pieces of a paragraph ──

    def sub(self, para: Paragraph, first: int, last: int | None = None) -> Paragraph:
        """Lines `first` to `last` (indices) of a paragraph, as a paragraph of their own."""
        from compiler.detect.lines import classify_line

        lines = para.lines[first : (last + 1 if last is not None else None)]
        return Paragraph(lines, para.start + first, para.start + first + len(lines) - 1, 0, classify_line(lines[0]))


    # ── the title page: title, byline, the header's fields ──
    @staticmethod
    def starts_piece(text: str) -> bool:
        from compiler.detect.lines import classify_line

        kind = classify_line(text).kind
        return (
            kind in LABEL_KINDS or kind is LineKind.SCENE_BREAK or known_key(text) or field_like(text) or byline(text) is not None
            or bool(furniture_rule(text, opening=True))
        )


    def labelled(self, para: Paragraph, kind: SectionKind | None = None) -> int:
        a = self.a
        kind = kind or LABELLED[para.kind]
        section, used = a.label_section(kind, a.index)
        self.add(a.mark_repeat(section))
        return used


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
        if not title_like(para) or furniture_rule(para.text, opening=True) or whole.kind in HEADINGS or byline(para.text):
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
        if field_key(key).casefold() in NOTE_KEYS:
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

    def unlabelled_summary(self, para: Paragraph) -> bool:
        """A short paragraph right under the header's fields and over a heading or a label
        (`Harry and Hermione's lesson to remember...` / `1. Part 1`), no summary yet."""
        a = self.a
        nxt = a.at(a.index + 1)
        return (
            self.chapter is None and bool(self.fields) and para.kind is LineKind.PROSE and para.text[:1] not in QUOTES
            and len(para.text.split()) <= 100 and nxt is not None and nxt.kind in (*HEADINGS, LineKind.DISCLAIMER, LineKind.SUMMARY)
            and not any(s.kind is SectionKind.SUMMARY for s in a.top) and evidence_of(para).score >= 0
        )

    def among_fields(self, para: Paragraph) -> bool:
        """A short paragraph of neither narration nor dialogue between header lines."""
        return (
            para.kind is LineKind.PROSE and bool(self.fields) and (nxt := self.a.at(self.a.index + 1)) is not None
            and known_key(nxt.lines[0])
            and len(para.text.split()) <= 40 and para.text[:1] not in "\"“" and evidence_of(para).score >= 0
        )

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
        page_title = self.a.furniture_section(old, "the page's title, above the story's own over its byline")
        top = self.a.top  # where it stood, among what the opening took after it
        top.insert(next((i for i, s in enumerate(top) if s.origin.line > old.start), len(top)), page_title)
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

