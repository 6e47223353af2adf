"""Parse stage: SourceText → Story (front matter and Sections of Blocks).

Three small steps, each a pure function:

1. ``group_paragraphs``: lines → paragraphs. A blank line ends a paragraph; marker lines
   (chapter headings, scene breaks, flashback markers) stand alone even without blank
   lines around them; a label line (``AN:``, ``Summary:``) starts a new paragraph.
2. ``classify``: each paragraph gets the kind its first line marks (structure.RULES).
3. ``assemble``: a single pass that opens and closes sections, so the tree mirrors the
   order of the text exactly: no paragraph is dropped, moved across prose or duplicated.
   Consumed marker lines are recorded on their section as Markers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from compiler.model import (
    Block,
    BlockKind,
    Marker,
    Origin,
    Section,
    SectionKind,
    Story,
    StoryMeta,
    Text,
    number_sections,
)
from compiler.source import SourceText
from compiler.structure import LABEL_KINDS, LINE_KINDS, LineKind, LineMatch, classify_line


@dataclass(frozen=True)
class Diagnostic:
    """Something that looked like structure but was not taken, or a repair made."""

    code: str
    message: str
    origin: Origin

    def __str__(self) -> str:
        return f"{self.origin}: {self.message} [{self.code}]"


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[str, ...]
    start: int
    end: int
    blank_before: int
    match: LineMatch

    @property
    def text(self) -> str:
        return " ".join(self.lines)


@dataclass(frozen=True)
class ParsedStory:
    story: Story
    diagnostics: tuple[Diagnostic, ...]


# ── 1. lines → paragraphs ────────────────────────────────────────────────────────────


def group_paragraphs(text: str) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    start = 0
    blank = 0
    pending_blank = 0
    first_match: LineMatch | None = None

    def flush(end: int) -> None:
        nonlocal current, first_match, pending_blank
        if current:
            match = first_match or LineMatch(LineKind.PROSE, "", "", current[0])
            if match.kind is LineKind.PROSE and len(current) == 1:
                match = classify_line(current[0])  # a lone time line is only known alone
                if match.kind not in (LineKind.PROSE, LineKind.TIME_SKIP):
                    match = LineMatch(LineKind.PROSE, "", "", current[0])
            paragraphs.append(Paragraph(tuple(current), start, end, pending_blank, match))
        current, first_match = [], None

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            flush(number - 1)
            blank += 1
            continue
        match = classify_line(line)
        if match.kind in LINE_KINDS:
            flush(number - 1)
            paragraphs.append(Paragraph((line,), number, number, blank, match))
            blank = 0
            continue
        if match.kind in LABEL_KINDS or not current:
            flush(number - 1)
            current, start, pending_blank = [line], number, blank
            first_match = match if match.kind in LABEL_KINDS else None
            blank = 0
            continue
        current.append(line)
    flush(len(text.split("\n")))
    return paragraphs


# ── 3. paragraphs → sections ─────────────────────────────────────────────────────────


@dataclass
class _Open:
    """A section under construction (assembly is the only mutable step)."""

    kind: SectionKind
    title: str
    start: int
    end: int
    content: list[Block | Section] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    explicit: bool = False  # opened by a marker line that promises an end marker

    def add(self, node: Block | Section, end: int) -> None:
        self.content.append(node)
        self.end = max(self.end, end)

    def freeze(self, path: str) -> Section:
        title = (Text(self.title),) if self.title else ()
        return Section(
            self.kind, title, tuple(self.content), Origin(path, self.start, self.end), tuple(self.markers)
        )


def _paragraph_block(text: str, para: Paragraph, path: str) -> Block:
    return Block(BlockKind.PARAGRAPH, (Text(text),), Origin(path, para.start, para.end))


def _is_title_line(paragraphs: list[Paragraph]) -> bool:
    """A story's first paragraph is its title when it is one short line with no sentence end."""
    if len(paragraphs) < 2:
        return False
    first, second = paragraphs[0], paragraphs[1]
    if first.match.kind is not LineKind.PROSE or len(first.lines) != 1:
        return False
    line = first.lines[0]
    if len(line) > 80 or len(line.split()) > 12 or line[0] in "\"'“‘(":
        return False
    if line[-1] in ".,;:" or line.endswith("--"):
        return False
    if line[-1] in "!?…" and second.match.kind not in LABEL_KINDS:
        return False
    return second.blank_before > 0


def _flashback_openers(paragraphs: list[Paragraph]) -> set[int]:
    """Indexes of lone time lines that open a flashback: an end marker follows them
    before any chapter heading, flashback start or other time line does."""
    openers: set[int] = set()
    for index, para in enumerate(paragraphs):
        if para.match.kind is not LineKind.TIME_SKIP:
            continue
        for later in paragraphs[index + 1 :]:
            kind = later.match.kind
            if kind is LineKind.FLASHBACK_END:
                openers.add(index)
                break
            if kind in (LineKind.CHAPTER, LineKind.FLASHBACK_START, LineKind.TIME_SKIP):
                break
    return openers


def _split_bracket(label: str, body: str) -> tuple[str, str, str]:
    """`(A/N: yes)` as a whole paragraph: the closing bracket is consumed with the opening one."""
    closing = {"(": ")", "[": "]"}.get(label[:1], "")
    if closing and body.endswith(closing):
        return label, body[:-1].rstrip(), closing
    return label, body, ""


def assemble(paragraphs: list[Paragraph], path: str) -> ParsedStory:
    diagnostics: list[Diagnostic] = []
    top: list[Section] = []
    story_markers: list[Marker] = []
    container: _Open | None = None
    flashback: _Open | None = None
    title_line = ""
    index = 0

    def origin(para: Paragraph) -> Origin:
        return Origin(path, para.start, para.end)

    def close_flashback(reason: str, para: Paragraph | None) -> None:
        nonlocal flashback
        if flashback is None:
            return
        if flashback.explicit and para is not None:
            diagnostics.append(
                Diagnostic(
                    "flashback-unclosed",
                    f"flashback opened on line {flashback.start} has no end marker; it ends at the {reason}",
                    origin(para),
                )
            )
        section = flashback.freeze(path)
        flashback = None
        host().add(section, section.origin.end_line)

    def close_container() -> None:
        nonlocal container
        close_flashback("next chapter", None)
        if container is not None:
            top.append(container.freeze(path))
            container = None

    def host() -> _Open:
        """The innermost open section that prose goes into, opening the story's body if needed."""
        nonlocal container
        if flashback is not None:
            return flashback
        if container is None:
            container = _Open(SectionKind.BODY, "", paragraphs[index].start, paragraphs[index].end)
        return container

    def label_section(kind: SectionKind, para: Paragraph) -> tuple[Section, int]:
        """A labelled paragraph as a section; a bare label takes the next paragraph as its text."""
        body = " ".join(part for part in (para.match.rest, *para.lines[1:]) if part)
        label, body, closing = _split_bracket(para.match.marker, body)
        markers = [Marker(label, origin(para))]
        if closing:
            markers.append(Marker(closing, origin(para)))
        blocks: list[Block] = []
        end, used = para.end, 0
        if body:
            blocks.append(_paragraph_block(body, para, path))
        elif index + 1 < len(paragraphs) and paragraphs[index + 1].match.kind is LineKind.PROSE:
            nxt = paragraphs[index + 1]
            blocks.append(_paragraph_block(nxt.text, nxt, path))
            end, used = nxt.end, 1
        return Section(kind, (), tuple(blocks), Origin(path, para.start, end), tuple(markers)), used

    openers = _flashback_openers(paragraphs)

    if _is_title_line(paragraphs):
        title_line = paragraphs[0].text
        index = 1

    # Front matter: summary and disclaimer paragraphs directly after the title.
    while index < len(paragraphs) and paragraphs[index].match.kind in (LineKind.SUMMARY, LineKind.DISCLAIMER):
        para = paragraphs[index]
        kind = SectionKind.SUMMARY if para.match.kind is LineKind.SUMMARY else SectionKind.DISCLAIMER
        section, used = label_section(kind, para)
        top.append(section)
        index += 1 + used

    while index < len(paragraphs):
        para = paragraphs[index]
        kind = para.match.kind
        used = 0

        if kind is LineKind.CHAPTER:
            close_flashback("next chapter heading", para)
            close_container()
            container = _Open(SectionKind.CHAPTER, para.text, para.start, para.end)
        elif kind in LABEL_KINDS:
            section_kind = {
                LineKind.AUTHOR_NOTE: SectionKind.AUTHOR_NOTE,
                LineKind.SUMMARY: SectionKind.SUMMARY,
                LineKind.DISCLAIMER: SectionKind.DISCLAIMER,
            }[kind]
            section, used = label_section(section_kind, para)
            if container is None and flashback is None:
                top.append(section)
            else:
                host().add(section, section.origin.end_line)
        elif kind is LineKind.FLASHBACK_START:
            close_flashback("next flashback", para)
            host()  # a flashback always sits inside the chapter or body it interrupts
            flashback = _Open(SectionKind.FLASHBACK, para.match.rest, para.start, para.end, explicit=True)
            flashback.markers.append(Marker(para.text, origin(para)))
        elif kind is LineKind.TIME_SKIP and index in openers:
            host()
            flashback = _Open(SectionKind.FLASHBACK, para.text, para.start, para.end)
        elif kind is LineKind.FLASHBACK_END and flashback is not None:
            flashback.markers.append(Marker(para.text, origin(para)))
            flashback.end = para.end
            close_flashback("", None)
        elif kind is LineKind.SCENE_BREAK:
            host().add(Block(BlockKind.SCENE_BREAK, (), origin(para), marker=para.text), para.end)
        else:
            if kind is LineKind.FLASHBACK_END:
                diagnostics.append(
                    Diagnostic(
                        "flashback-end-without-start",
                        "looks like the end of a flashback, but none was open; kept as prose",
                        origin(para),
                    )
                )
            host().add(_paragraph_block(para.text, para, path), para.end)
        index += 1 + used

    close_flashback("end of the story", paragraphs[-1] if paragraphs else None)
    close_container()

    sections = number_sections(tuple(_lift_trailing_notes(top)))
    end_line = paragraphs[-1].end if paragraphs else 1
    summary = next((s for s in sections if s.kind is SectionKind.SUMMARY), None)
    meta = StoryMeta(
        title=title_line,
        summary=" ".join(b.inlines[0].text for b in summary.content if isinstance(b, Block)) if summary else "",
    )
    title_inlines = (Text(title_line),) if title_line else ()
    story = Story(meta, title_inlines, tuple(sections), Origin(path, 1, end_line), tuple(story_markers))
    return ParsedStory(story, tuple(diagnostics))


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
            last_line = max(
                (c.origin.end_line for c in content), default=section.origin.line
            )
            result.append(
                Section(
                    section.kind,
                    section.title,
                    tuple(content),
                    Origin(section.origin.path, section.origin.line, last_line),
                    section.markers,
                )
            )
        elif section.title:
            result.append(Section(section.kind, section.title, (), section.origin, section.markers))
        result.extend(trailing)
    return result


def parse_story(source: SourceText) -> ParsedStory:
    """Detect a story's structure (pure: the same text always gives the same tree)."""
    return assemble(group_paragraphs(source.text), source.display)
