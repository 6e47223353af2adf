"""Parse stage: SourceText → Story (front matter and Sections of Blocks).

Three steps, each a pure function:

1. ``paragraphs.group_paragraphs``: lines → classified paragraphs (structure.RULES).
2. ``_plan``: decisions that need to look ahead, made once over the whole story: which
   lone time lines open a flashback (an end marker or "Present day" follows), which
   flashback markers have no end marker, where each author's note ends.
3. ``assemble``: a single pass that opens and closes sections, so the tree mirrors the
   order of the text: no paragraph is dropped, moved across prose or duplicated.
   Consumed marker lines are recorded on their section as Markers.

When a paragraph could be structure or prose and nothing decides it, it stays prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from compiler.model import (
    Block,
    BlockKind,
    Inline,
    LineBreak,
    Marker,
    Note,
    Origin,
    Section,
    SectionKind,
    Story,
    StoryMeta,
    Text,
    number_sections,
)
from compiler.paragraphs import Paragraph, Shape, group_paragraphs
from compiler.source import SourceText
from compiler.structure import LABEL_KINDS, LineKind, LineRule


@dataclass(frozen=True)
class Diagnostic:
    """Something that looked like structure but was not taken, or was taken with a doubt."""

    code: str
    message: str
    origin: Origin

    def __str__(self) -> str:
        return f"{self.origin}: {self.message} [{self.code}]"


@dataclass(frozen=True)
class ParsedStory:
    story: Story
    diagnostics: tuple[Diagnostic, ...]


# Paragraph kinds that may continue an author's note (they are not the story's structure).
_NOTE_TEXT = frozenset(
    {
        LineKind.PROSE,
        LineKind.SOLICITATION,
        LineKind.NAME_LINE,
        LineKind.VALEDICTION,
        LineKind.SALUTATION,
        LineKind.DISCLAIMER_TEXT,
    }
)
# Kinds that end a run of note text.
_STRUCTURE = frozenset(
    {
        LineKind.CHAPTER,
        LineKind.NUMBERED_HEADING,
        LineKind.SCENE_BREAK,
        LineKind.FLASHBACK_START,
        LineKind.FLASHBACK_END,
        LineKind.AUTHOR_NOTE,
        LineKind.TIME_SKIP,
        LineKind.PRESENT_DAY,
    }
)
_HEADINGS = frozenset({LineKind.CHAPTER, LineKind.NUMBERED_HEADING})
# A bare signature under a letter: "M.", "H. B.", "Gran", "- Tobias"
_SIGNATURE = re.compile(
    r"^(?:(?:[-–—~]\s*)?(?:[A-Z]\.(?:\s?[A-Z]\.)*|[A-Z][a-z'’]+(?:\s[A-Z][a-z'’]+)?\.?)"
    r"|[-–—~]\s*[A-Z][\w'’.\-]*(?:\s+[\w'’.\-]+){0,3}(?:,\s*[\w'’ ]{1,30})?)$"
)
# Words only an author talking to readers uses: what lets a note run on with no marker.
_STRONG_NOTE_WORDS = re.compile(
    r"(?i)(?:\b(?:reviews?|reviewing|reviewers|beta(?:s|d|ed|ing|'d)?|fic|fics|fanfic|fanfiction|drabble|one-?shot"
    r"|ficlet|updates?|updated|readers|favou?rit(?:ed|es?)|kudos|discord|tumblr|ao3|ffn|ff\.net|prompt|canon|ooc"
    r"|disclaimer|wip|hiatus|cliffhanger|sequel|prequel|typos?|forgive|mistakes)\b"
    r"|\b(?:this|next|last|the\s+next)\s+chapter\b|\bsorry\s+for\b|\bthank(?:s|\s+you)\b"
    r"|\bhope\s+you\s+(?:enjoy|like)|\bi\s+(?:do\s+not|don['’]?t)\s+own\b|:\)|<3|♥|\blol\b)"
)
# Words that make a paragraph sound like the author talking, not the story.
_NOTE_WORDS = re.compile(
    r"(?i)\b(?:review|reviews|reviewing|chapter|chapters|update|updated|updating|beta|fic|fanfic|story|stories|readers?"
    r"|reading|sorry|thanks|thank|posted|posting|writing|wrote|write|canon|prompt|ao3|ffn|author|disclaimer|own|lol"
    r"|enjoy|hope you|next time|cliffhanger|oneshot|one-shot|sequel|prequel|challenge|exchange|plot|character|ooc|au)\b"
)
_MAX_NOTE_PARAGRAPHS = 6  # a note longer than this is more likely story text
_MAX_LETTER_PARAGRAPHS = 15
_QUOTES = "\"“'‘"

_INLINE_NOTE = re.compile(
    r"(?P<open>[(\[])\s*(?P<label>(?:A\s*/\s*N|AN|A\.\s?N\.?|[Aa]uthor[’'´`]?s?\s+[Nn]otes?)\s*[:\-–—.]?)\s*"
    r"(?P<body>[^()\[\]]+?)\s*(?P<close>[)\]])"
)
# From the "A" (a literal the engine scans for), looking behind it for what may not precede.
_STRAY_NOTE_LABEL = re.compile(r"A(?<![(\[\w/]A)/?N\s*[:\-]\s")
_TIMESTAMPED = re.compile(r"^[\[(]?\d{1,2}[:.]\d{2}(?:\s?[APap]\.?[Mm]\.?)?[\])]?\s*[-–]?\s*@?\w[\w'’.\-]*\s*:\s+\S")
_MESSAGE_LINE = re.compile(r"^(?:[\[(]?\d{1,2}[:.]\d{2}(?:\s?[APap]\.?[Mm]\.?)?[\])]?\s*[-–]?\s*)?[A-Z][\w'’.\-]*(?:\s[A-Z][\w'’.\-]*)?\s*:\s+\S")


def _normalized(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


# ── 2. look-ahead decisions ──────────────────────────────────────────────────────────


@dataclass
class _Plan:
    # Lone time lines that open a flashback.
    openers: set[int] = field(default_factory=set)
    # Flashback start markers with no end marker ahead: they end at a scene break.
    open_ended: set[int] = field(default_factory=set)


def _plan(paragraphs: list[Paragraph]) -> _Plan:
    plan = _Plan()
    for index, para in enumerate(paragraphs):
        if para.kind not in (LineKind.TIME_SKIP, LineKind.FLASHBACK_START):
            continue
        closed = False
        for later in paragraphs[index + 1 :]:
            if later.kind in (LineKind.FLASHBACK_END, LineKind.PRESENT_DAY):
                closed = True
                break
            if later.kind in _HEADINGS or later.kind in (LineKind.FLASHBACK_START, LineKind.TIME_SKIP):
                break
        if para.kind is LineKind.TIME_SKIP and closed:
            plan.openers.add(index)
        if para.kind is LineKind.FLASHBACK_START and not closed:
            plan.open_ended.add(index)
    return plan


# ── 3. paragraphs → sections ─────────────────────────────────────────────────────────


@dataclass
class _Open:
    """A section under construction (assembly is the only mutable step)."""

    kind: SectionKind
    title: tuple[Inline, ...]
    start: int
    end: int
    content: list[Block | Section] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    explicit: bool = False  # opened by a marker line
    ends_at_break: bool = False  # an explicit start with no end marker ahead

    def add(self, node: Block | Section, end: int) -> None:
        self.content.append(node)
        self.end = max(self.end, end)

    def has_text(self) -> bool:
        return any(
            isinstance(node, Block) and node.kind in (BlockKind.PARAGRAPH, BlockKind.LINES)
            or isinstance(node, Section) and node.kind not in (SectionKind.AUTHOR_NOTE, SectionKind.DISCLAIMER,
                                                               SectionKind.SUMMARY, SectionKind.HEADER)
            for node in self.content
        )

    def freeze(self, path: str) -> Section:
        return Section(self.kind, self.title, tuple(self.content), Origin(path, self.start, self.end), tuple(self.markers))


class _Assembler:
    def __init__(self, paragraphs: list[Paragraph], path: str) -> None:
        self.paragraphs = paragraphs
        self.path = path
        self.plan = _plan(paragraphs)
        self.diagnostics: list[Diagnostic] = []
        self.top: list[Section] = []
        self.container: _Open | None = None
        self.flashback: _Open | None = None
        self.disclaimers: dict[str, int] = {}
        self.index = 0
        # Stories typed with no blank lines between paragraphs.
        adjacent = sum(1 for p in paragraphs[1:] if p.blank_before == 0)
        self.single_spaced = len(paragraphs) > 4 and adjacent * 2 > len(paragraphs)

    # ── helpers ──

    def origin(self, para: Paragraph) -> Origin:
        return Origin(self.path, para.start, para.end)

    def warn(self, code: str, message: str, para: Paragraph) -> None:
        self.diagnostics.append(Diagnostic(code, message, self.origin(para)))

    def at(self, index: int) -> Paragraph | None:
        return self.paragraphs[index] if 0 <= index < len(self.paragraphs) else None

    def host(self) -> _Open:
        """The innermost open section that text goes into, opening the story's body if needed."""
        if self.flashback is not None:
            return self.flashback
        if self.container is None:
            para = self.paragraphs[self.index]
            self.container = _Open(SectionKind.BODY, (), para.start, para.end)
        return self.container

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

    def paragraph_block(self, para: Paragraph, text: str | None = None) -> Block:
        if para.shape is Shape.LINES and text is None:
            inlines: list[Inline] = []
            for i, line in enumerate(para.lines):
                if i:
                    inlines.append(LineBreak())
                inlines.append(Text(line))
            return Block(BlockKind.LINES, tuple(inlines), self.origin(para))
        return Block(BlockKind.PARAGRAPH, self.inline_notes(text if text is not None else para.text, para), self.origin(para))

    def inline_notes(self, text: str, para: Paragraph) -> tuple[Inline, ...]:
        """`She ran. (A/N: yes, canon) Then …`: the note split out, the prose kept whole."""
        inlines: list[Inline] = []
        position = 0
        for match in _INLINE_NOTE.finditer(text):
            before = text[position : match.start()].rstrip()
            if before:
                inlines.append(Text(before))
            closing = match.group("close")
            inlines.append(Note((Text(match.group("body")),), (match.group("open") + match.group("label"), closing)))
            position = match.end()
        rest = text[position:]
        if inlines and rest and not rest[0].isspace() and rest[0] not in ",.;:!?)…":
            rest = " " + rest
        if rest:
            inlines.append(Text(rest))
        if _STRAY_NOTE_LABEL.search(_INLINE_NOTE.sub("", text) if position else text):
            self.warn(
                "note-label-in-prose",
                "an author's-note label inside prose was not taken; put the note on a line of its own or in (A/N: …)",
                para,
            )
        return tuple(inlines)

    # ── labelled sections ──

    def label_section(self, kind: SectionKind, index: int) -> tuple[Section, int]:
        """A labelled paragraph and the paragraphs that continue it; returns how many it used."""
        para = self.paragraphs[index]
        label, body, closing = _split_bracket(para.match.marker, para.match.rest)
        markers = [Marker(label, self.origin(para))]
        if closing:
            markers.append(Marker(closing, self.origin(para)))
        head = Paragraph((body, *para.lines[1:]) if body else para.lines[1:], para.start, para.end, 0, para.match)
        blocks: list[Block | Section] = []
        if head.lines:
            blocks.append(self.paragraph_block(head))
        last = index
        # The label's own lines: pieces of the same group (no blank line between), unless
        # the whole story is written that way (one paragraph per line, no blank lines).
        while (
            not self.single_spaced
            and (nxt := self.at(last + 1)) is not None
            and nxt.blank_before == 0
            and nxt.kind in _NOTE_TEXT
        ):
            blocks.append(self.paragraph_block(nxt))
            last += 1
        if kind is SectionKind.AUTHOR_NOTE:
            extra, end_marker = self.note_extent(last, bare=not blocks)
        elif not blocks and (nxt := self.at(last + 1)) is not None and nxt.kind in _NOTE_TEXT:
            extra, end_marker = 1, None  # a bare `Summary:` takes the next paragraph
        else:
            extra, end_marker = 0, None
        for offset in range(1, extra + 1):
            blocks.append(self.paragraph_block(self.paragraphs[last + offset]))
        last += extra
        if end_marker is not None:
            last += 1
            closer = self.paragraphs[last]
            markers.append(Marker(closer.text, self.origin(closer)))
        end = self.paragraphs[last].end
        return Section(kind, (), tuple(blocks), Origin(self.path, para.start, end), tuple(markers)), last - index

    def note_extent(self, last: int, bare: bool) -> tuple[int, Paragraph | None]:
        """How many more paragraphs an author's note takes, and its closing marker if any.

        A note runs on over several paragraphs when an `End A/N` line closes it; when it
        stands at the start of a story or chapter and its paragraphs lead up to the
        chapter heading (or an ornament that separates note from story); or when it
        stands after the last of the story's text, up to the next chapter or the end.
        """
        following = self.paragraphs[last + 1 :]
        # 1. An explicit end marker close ahead.
        for offset, para in enumerate(following[: _MAX_NOTE_PARAGRAPHS + 1]):
            if para.kind is LineKind.NOTE_END:
                return offset, para
            if para.kind not in _NOTE_TEXT:
                break
        run = 0
        for para in following:
            if para.kind not in _NOTE_TEXT or (para.text[:1] in _QUOTES and para.kind is LineKind.PROSE):
                break
            run += 1
        stop = self.at(last + 1 + run)
        host = self.flashback or self.container
        at_start = host is None or not host.has_text()
        if run and run <= _MAX_NOTE_PARAGRAPHS:
            # 2. Before the first chapter: the note's paragraphs lead up to its heading …
            if host is None and stop is not None and stop.kind in _HEADINGS:
                return run, None
            # … or to an ornament that separates the note from the story: consumed. Only
            # when the paragraphs sound like the author talking: story text may open
            # before a first scene break just as well.
            if (
                at_start
                and stop is not None
                and stop.kind is LineKind.SCENE_BREAK
                and run <= 3
                and all(_sounds_like_note(p.text) for p in following[:run])
            ):
                return run, stop
            # 3. After the story's last text: everything up to the next chapter or the end.
            if not at_start and (stop is None or stop.kind in _HEADINGS or stop.kind is LineKind.END_LINE):
                return run, None
        if at_start and run == 0 and stop is not None and stop.kind is LineKind.SCENE_BREAK and not bare:
            return 0, stop
        if host is None:
            # 4. Before any story text, with nothing to mark where the note ends: its next
            # paragraphs are the note's while they are plainly the author talking.
            talking = 0
            for para in following[:_MAX_NOTE_PARAGRAPHS]:
                own_words = _INLINE_NOTE.sub(" ", para.text)  # an inline note's words are not the paragraph's
                if para.kind not in _NOTE_TEXT or not _STRONG_NOTE_WORDS.search(own_words):
                    break
                talking += 1
            if talking:
                return talking, None
        if bare and run:
            return 1, None  # `Author's Note:` alone: its text is the next paragraph
        return 0, None

    def trailing_solicitation(self, index: int) -> int:
        """`Please review!` and kin after the story's last text: how many paragraphs form an
        unlabelled end note (0 when more story follows)."""
        count = 0
        for para in self.paragraphs[index:]:
            if para.kind in _HEADINGS or para.kind is LineKind.END_LINE or para.kind is LineKind.AUTHOR_NOTE:
                break
            if para.kind not in _NOTE_TEXT or (para.kind is LineKind.PROSE and para.text[:1] in _QUOTES):
                return 0
            count += 1
        return count if count <= _MAX_NOTE_PARAGRAPHS else 0

    # ── embedded texts ──

    def letter_extent(self, index: int) -> int:
        """`Dear Maren,` … `Love,` `Gran`: how many paragraphs the letter takes (0: no letter).
        A letter ends at its closing (`Love,`, then the signature) or at a bare signature
        (`M.`, `Gran`)."""
        for offset, para in enumerate(self.paragraphs[index + 1 : index + 1 + _MAX_LETTER_PARAGRAPHS], start=1):
            if para.kind in _STRUCTURE:
                return 0
            if offset > 1 and len(para.lines) == 1 and _SIGNATURE.match(para.text):
                return offset
            if para.kind is LineKind.VALEDICTION or (
                para.shape is Shape.LINES and any(_is_valediction(line) for line in para.lines[-2:])
            ):
                signature = self.at(index + offset + 1)
                if (
                    para.match.rest.count(",") == 1
                    and not _valediction_has_name(para.text)
                    and signature is not None
                    and signature.blank_before <= 1
                    and len(signature.text.split()) <= 5
                    and not re.search(r"[.!?]$", signature.text)
                ):
                    return offset + 1
                return offset
        return 0

    def message_run(self, index: int) -> int:
        count = 0
        for para in self.paragraphs[index:]:
            if para.kind is LineKind.PROSE and len(para.lines) == 1 and (
                _MESSAGE_LINE.match(para.text) or _TIMESTAMPED.match(para.text)
            ):
                count += 1
            else:
                break
        if count == 1 and _TIMESTAMPED.match(self.paragraphs[index].text):
            return 1  # one message, but the clock says it is one
        return count if count >= 2 else 0

    # ── the pass ──

    def run(self) -> ParsedStory:
        paragraphs = self.paragraphs
        title_line: tuple[Inline, ...] = ()
        title_origin = None
        byline = _title_and_byline(paragraphs)
        if byline is not None:
            first = paragraphs[0]
            title_line = (Text(first.lines[0]),)
            title_origin = Origin(self.path, first.start, first.start)
            line = first.start + 1
            field = Block(BlockKind.FIELD, (Text(byline),), Origin(self.path, line, line), marker="by")
            self.top.append(Section(SectionKind.HEADER, (), (field,), Origin(self.path, line, line)))
            self.index = 1
        elif _is_title_line(paragraphs):
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
        sections = number_sections(tuple(_lift_trailing_notes(self.top)))
        end_line = paragraphs[-1].end if paragraphs else 1
        meta = _meta(title_line, sections)
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

    def text_disclaimer(self, para: Paragraph) -> Section:
        """`I own nothing.` with no label: a disclaimer, nothing consumed."""
        return Section(SectionKind.DISCLAIMER, (), (self.paragraph_block(para),), self.origin(para))

    def field_block(self, para: Paragraph) -> Block:
        value = " ".join(part for part in (para.match.rest, *para.lines[1:]) if part)
        return Block(BlockKind.FIELD, (Text(value),) if value else (), self.origin(para), marker=para.match.marker)

    def header(self, fields: list[Block], start: int) -> Section:
        end = fields[-1].origin.end_line
        return Section(SectionKind.HEADER, (), tuple(fields), Origin(self.path, start, end))

    def mark_repeat(self, section: Section) -> Section:
        if section.kind is not SectionKind.DISCLAIMER:
            return section
        key = _normalized(" ".join(b.inlines[0].text for b in section.content if isinstance(b, Block) and b.inlines
                                   and isinstance(b.inlines[0], Text)))
        if key in self.disclaimers:
            return Section(section.kind, section.title, section.content, section.origin, section.markers,
                           repeat_of=self.disclaimers[key])
        self.disclaimers[key] = section.origin.line
        return section

    def step(self, para: Paragraph) -> int:
        """Take one paragraph (and any it pulls along); returns how many extra it used."""
        kind = para.kind
        index = self.index

        if kind in (LineKind.CHAPTER, LineKind.NUMBERED_HEADING):
            self.close_flashback("next chapter heading", para)
            self.close_container()
            title: tuple[Inline, ...] = (Text(para.text),)
            used = 0
            nxt = self.at(index + 1)
            if nxt is not None and nxt.blank_before == 0 and _is_subtitle(nxt, para):
                title = (Text(para.text), LineBreak(), Text(nxt.text))
                used = 1
            self.container = _Open(SectionKind.CHAPTER, title, para.start, (nxt.end if used else para.end))
            # A chapter may repeat the story's header: fields right under the heading.
            fields = []
            while (f := self.at(index + 1 + used)) is not None and f.kind is LineKind.FIELD:
                fields.append(self.field_block(f))
                used += 1
            if fields:
                self.container.add(self.header(fields, fields[0].origin.line), fields[-1].origin.end_line)
            return used

        if kind is LineKind.AUTHOR_NOTE and not self.plausible_note(index):
            self.host().add(self.paragraph_block(para), para.end)
            return 0

        if kind in LABEL_KINDS and kind is not LineKind.FIELD:
            section_kind = {
                LineKind.AUTHOR_NOTE: SectionKind.AUTHOR_NOTE,
                LineKind.SUMMARY: SectionKind.SUMMARY,
                LineKind.DISCLAIMER: SectionKind.DISCLAIMER,
            }[kind]
            section, used = self.label_section(section_kind, index)
            self.place(self.mark_repeat(section))
            return used

        if kind is LineKind.DISCLAIMER_TEXT and self.flashback is None and (
            self.container is None or not self.container.has_text()
        ):
            self.place(self.mark_repeat(self.text_disclaimer(para)))
            return 0

        if self.flashback is not None and self.flashback.ends_at_break and (
            kind in (LineKind.END_LINE, LineKind.AUTHOR_NOTE, LineKind.SCENE_HEADING)
            or (kind is LineKind.SOLICITATION and self.trailing_solicitation(index))
        ):
            self.close_flashback()  # a flashback with no end marker ends where the story moves on

        if kind is LineKind.FLASHBACK_START:
            self.close_flashback("next flashback", para)
            self.host()  # a flashback always sits inside the chapter or body it interrupts
            self.flashback = _Open(
                SectionKind.FLASHBACK,
                (Text(para.match.rest),) if para.match.rest else (),
                para.start,
                para.end,
                explicit=True,
                ends_at_break=index in self.plan.open_ended,
            )
            self.flashback.markers.append(Marker(para.match.marker, self.origin(para)))
            return 0

        if kind is LineKind.TIME_SKIP and index in self.plan.openers:
            self.close_flashback("next flashback", para)
            self.host()
            self.flashback = _Open(SectionKind.FLASHBACK, (Text(para.text),), para.start, para.end)
            return 0

        if kind is LineKind.FLASHBACK_END:
            if self.flashback is not None:
                self.flashback.markers.append(Marker(para.text, self.origin(para)))
                self.flashback.end = para.end
                self.close_flashback()
                return 0
            self.warn("flashback-end-without-start", "looks like the end of a flashback, but none was open; kept as prose", para)
            self.host().add(self.paragraph_block(para), para.end)
            return 0

        if kind is LineKind.PRESENT_DAY:
            if self.flashback is not None:
                # "Present day" closes the flashback (its source range ends there) and heads
                # the present-day text that follows.
                self.flashback.end = para.end
                self.close_flashback()
            self.host().add(Block(BlockKind.SCENE_HEADING, (Text(para.text),), self.origin(para)), para.end)
            return 0

        if kind is LineKind.NOTE_END:
            self.warn("note-end-without-note", "looks like the end of an author's note, but none was open; kept as prose", para)
            self.host().add(self.paragraph_block(para), para.end)
            return 0

        if kind is LineKind.SCENE_BREAK:
            if self.flashback is not None and self.flashback.ends_at_break:
                self.close_flashback()
            self.host().add(Block(BlockKind.SCENE_BREAK, (), self.origin(para), marker=para.text), para.end)
            return 0

        if kind in (LineKind.SCENE_HEADING, LineKind.TIME_SKIP) or (kind is LineKind.NAME_LINE and self.after_break(index)):
            self.host().add(Block(BlockKind.SCENE_HEADING, (Text(para.text),), self.origin(para)), para.end)
            return 0

        if kind is LineKind.END_LINE:
            self.host().add(Block(BlockKind.END_LINE, (Text(para.text),), self.origin(para)), para.end)
            return 0

        if kind is LineKind.RECAP:
            used = 0
            blocks = [self.paragraph_block(para)]
            # The recap's own lines (no blank line between) …
            while (
                not self.single_spaced
                and (nxt := self.at(index + 1 + used)) is not None
                and nxt.blank_before == 0
                and nxt.kind in _NOTE_TEXT
            ):
                blocks.append(self.paragraph_block(nxt))
                used += 1
            nxt = self.at(index + 1 + used)
            if not used and len(para.text.split()) <= 8 and nxt is not None and nxt.kind is LineKind.PROSE:
                blocks.append(self.paragraph_block(nxt))  # … or `Previously on X:` alone, the recap after it
                used = 1
            end = self.paragraphs[index + used].end
            self.place_text(Section(SectionKind.RECAP, (), tuple(blocks), Origin(self.path, para.start, end)))
            return used

        if kind is LineKind.SALUTATION and (extent := self.letter_extent(index)):
            return self.embedded(SectionKind.LETTER, index, extent)

        if kind is LineKind.SOLICITATION and (extent := self.trailing_solicitation(index)):
            blocks = tuple(self.paragraph_block(p) for p in self.paragraphs[index : index + extent])
            end = self.paragraphs[index + extent - 1].end
            self.place(Section(SectionKind.AUTHOR_NOTE, (), blocks, Origin(self.path, para.start, end)))
            return extent - 1

        if para.shape is Shape.LINES:
            kind_of = {"messages": SectionKind.MESSAGES, "letter": SectionKind.LETTER}.get(para.style, SectionKind.LYRICS)
            return self.embedded(kind_of, index, 0)

        if (run := self.message_run(index)) :
            return self.embedded(SectionKind.MESSAGES, index, run - 1)

        self.host().add(self.paragraph_block(para), para.end)
        return 0

    def plausible_note(self, index: int) -> bool:
        """`Note:` is also what a character writes in a notebook: a bare `Note:` label is
        an author's note only where notes stand (before or after the story's text, or in
        words only an author uses), never right after a line ending in a colon."""
        para = self.paragraphs[index]
        before = self.at(index - 1)
        if before is not None and before.text.rstrip().endswith(":") and before.kind is LineKind.PROSE:
            return False
        if not re.match(r"[(\[]?\s*notes?\b", para.match.marker, re.IGNORECASE):
            return True
        host = self.flashback or self.container
        if host is None or not host.has_text() or _STRONG_NOTE_WORDS.search(para.match.rest):
            return True
        return self.trailing_solicitation(index + 1) > 0 or self.at(index + 1) is None or (
            self.at(index + 1).kind in _HEADINGS
        )

    def place_text(self, section: Section) -> None:
        self.host().add(section, section.origin.end_line)

    def embedded(self, kind: SectionKind, index: int, extra: int) -> int:
        paras = self.paragraphs[index : index + extra + 1]
        blocks = tuple(self.paragraph_block(p) for p in paras)
        self.place_text(Section(kind, (), blocks, Origin(self.path, paras[0].start, paras[-1].end)))
        return extra

    def after_break(self, index: int) -> bool:
        """A lone name heads a scene only right after a break or heading, before prose."""
        before = self.at(index - 1)
        after = self.at(index + 1)
        opens = before is None or before.kind is LineKind.SCENE_BREAK or before.kind in _HEADINGS or (
            self.flashback is None and (self.container is None or not self.container.has_text())
        )
        return opens and after is not None and after.kind in (
            LineKind.PROSE, LineKind.TIME_SKIP, LineKind.SCENE_HEADING, LineKind.FLASHBACK_START, LineKind.SALUTATION
        )


def _sounds_like_note(text: str) -> bool:
    """The author talking (reviews, chapters, thanks), or a short sign-off line."""
    return len(text.split()) <= 6 or bool(_NOTE_WORDS.search(text))


def _is_valediction(line: str) -> bool:
    from compiler.structure import classify_line

    return classify_line(line).kind is LineKind.VALEDICTION


def _valediction_has_name(text: str) -> bool:
    return bool(re.search(r",\s*[A-Z]", text))


def _is_subtitle(para: Paragraph, heading: Paragraph) -> bool:
    """`Chapter 1` then `The Beginning` on the next line: the chapter's title."""
    if "title" in heading.match.rule and heading.match.rest != heading.text:
        return False
    if para.kind not in (LineKind.PROSE, LineKind.NAME_LINE) or len(para.lines) != 1:
        return False
    text = para.text
    return (
        len(text.split()) <= 10
        and text[:1] not in _QUOTES
        and not re.search(r"[.,;:]$", text)
        and re.fullmatch(r"(?i:chapter|ch\.|chap\.|part|book)\s*\S+[.:]?", heading.text.strip()) is not None
    )


def _split_bracket(label: str, body: str) -> tuple[str, str, str]:
    """`(A/N: yes)` as a whole paragraph: the closing bracket is consumed with the opening one."""
    closing = {"(": ")", "[": "]"}.get(label[:1], "")
    if closing and body.endswith(closing):
        return label, body[:-1].rstrip(), closing
    return label, body, ""


_BYLINE = re.compile(r"^(?i:by|written\s+by|a\s+(?:story|fic|one-?shot)\s+by)\s+(?P<name>\S.{0,60})$")


def _title_and_byline(paragraphs: list[Paragraph]) -> str | None:
    """`Salt Roads` over `by wrenfeather` with no blank line between: a title and its
    byline (the byline's name is returned)."""
    if len(paragraphs) < 2 or paragraphs[1].blank_before == 0:
        return None
    first = paragraphs[0]
    if len(first.lines) != 2 or first.kind is not LineKind.PROSE:
        return None
    title, byline = first.lines
    match = _BYLINE.match(byline)
    if match is None or len(title) > 80 or title[-1] in ".,;:" or title[0] in "\"'“‘(":
        return None
    return match.group("name")


def _is_title_line(paragraphs: list[Paragraph]) -> bool:
    """A story's first paragraph is its title when it is one short line with no sentence end."""
    if len(paragraphs) < 2:
        return False
    first, second = paragraphs[0], paragraphs[1]
    if first.kind not in (LineKind.PROSE, LineKind.NAME_LINE) or len(first.lines) != 1:
        return False
    line = first.lines[0]
    if len(line) > 80 or len(line.split()) > 12 or line[0] in "\"'“‘(":
        return False
    if line[-1] in ".,;:" or line.endswith("--"):
        return False
    if line[-1] in "!?…" and second.kind not in LABEL_KINDS:
        return False
    return second.blank_before > 0


def _meta(title_line: tuple[Inline, ...], sections: tuple[Section, ...]) -> StoryMeta:
    summary = next((s for s in sections if s.kind is SectionKind.SUMMARY), None)
    summary_text = ""
    if summary is not None:
        summary_text = " ".join(
            "".join(n.text for n in b.inlines if isinstance(n, Text)) for b in summary.content if isinstance(b, Block)
        )
    fields: list[tuple[str, str]] = []
    for section in sections:
        if section.kind is SectionKind.HEADER:
            for block in section.content:
                if isinstance(block, Block):
                    value = "".join(n.text for n in block.inlines if isinstance(n, Text))
                    fields.append((block.marker.rstrip(": ").strip(), value))
    title = title_line[0].text if title_line and isinstance(title_line[0], Text) else ""
    given = {key.casefold(): value for key, value in fields}
    return StoryMeta(
        title=title or given.get("title", ""),
        author=given.get("author", "") or given.get("written by", "") or given.get("by", ""),
        summary=summary_text,
        fields=tuple(fields),
    )


def _lift_trailing_notes(sections: list[Section]) -> list[Section]:
    """An author's note after a chapter's last paragraph belongs between chapters (or
    after the story), not inside the chapter: move it out, keeping the order."""
    result: list[Section] = []
    for section in sections:
        if section.kind not in (SectionKind.CHAPTER, SectionKind.BODY):
            result.append(section)
            continue
        content = list(section.content)
        trailing: list[Section] = []
        while content and isinstance(content[-1], Section) and content[-1].kind is SectionKind.AUTHOR_NOTE:
            trailing.insert(0, content.pop())  # type: ignore[arg-type]
        if content:
            last_line = max((c.origin.end_line for c in content), default=section.origin.line)
            result.append(
                Section(section.kind, section.title, tuple(content),
                        Origin(section.origin.path, section.origin.line, last_line), section.markers)
            )
        elif section.title:
            result.append(Section(section.kind, section.title, (), section.origin, section.markers))
        result.extend(trailing)
    return result


def parse_story(source: SourceText, rules: tuple[LineRule, ...] = ()) -> ParsedStory:
    """Detect a story's structure (pure: the same text always gives the same tree).

    `rules` are extra structure rules (a manifest's own markers), tried before ours."""
    return _Assembler(group_paragraphs(source.text, rules), source.display).run()
