"""Placement: Story → Story with author's notes and flashbacks where the manifest wants them.

Applied after parsing, before typesetting (a pure transform over the tree):

- notes `in-place` (default): each author's note stays where it stands, a section of its
  own; `end`: all of a story's notes are gathered in an "Author’s Notes" section at its
  end, each leaving a link where it stood and linking back to it; `omit`: left out (the
  user's choice: by default no word is ever dropped).
- flashbacks `section` (default): a section of their own (their own EPUB document and
  contents entry); `inline`: kept in the text around them, set apart only by style.
- furniture `omit` (default): what the site put around the story (navigation, badges,
  stats) is left out of the book; `keep`: kept where it stood, set apart by style.
"""

from __future__ import annotations

from dataclasses import replace

from compiler.model import (
    Block,
    BlockKind,
    Inline,
    Note,
    Origin,
    Section,
    SectionKind,
    Story,
    number_sections,
)


def place(story: Story, notes: str = "in-place", flashbacks: str = "section", furniture: str = "omit") -> Story:
    if furniture == "omit":
        story = replace(story, sections=number_sections(_without(story.sections, SectionKind.FURNITURE)))
    if flashbacks == "inline":
        story = replace(story, sections=tuple(_inline_flashbacks(s) for s in story.sections))
    if notes == "omit":
        story = replace(story, sections=number_sections(_without(story.sections, SectionKind.AUTHOR_NOTE, True)))
    elif notes == "end":
        story = _gather_notes(story)
    return story


def _inline_flashbacks(section: Section) -> Section:
    content = tuple(_inline_flashbacks(n) if isinstance(n, Section) else n for n in section.content)
    return replace(section, content=content, standalone=section.standalone and section.kind is not SectionKind.FLASHBACK)


def _strip_inline_notes(block: Block) -> Block:
    kept: tuple[Inline, ...] = tuple(n for n in block.inlines if not isinstance(n, Note))
    return block if len(kept) == len(block.inlines) else replace(block, inlines=kept)


def _without(sections: tuple[Section, ...], kind: SectionKind, inline_notes: bool = False) -> tuple[Section, ...]:
    """The sections with every section of `kind` taken out, however deep (and with
    `inline_notes`, the notes inside paragraphs too)."""
    result: list[Section] = []
    for section in sections:
        if section.kind is kind:
            continue
        content: list[Block | Section] = []
        for node in section.content:
            if isinstance(node, Section):
                content.extend(_without((node,), kind, inline_notes))
            else:
                content.append(_strip_inline_notes(node) if inline_notes else node)
        result.append(replace(section, content=tuple(content)))
    return tuple(result)


def _link(origin: Origin) -> Block:
    return Block(BlockKind.NOTE_LINK, (), origin)


def _pull_notes(section: Section, gathered: list[Section]) -> Section:
    """Replace the author's notes inside a section by links, collecting the notes."""
    content: list[Block | Section] = []
    for node in section.content:
        if isinstance(node, Section) and node.kind is SectionKind.AUTHOR_NOTE:
            gathered.append(node)
            content.append(_link(node.origin))
        elif isinstance(node, Section):
            content.append(_pull_notes(node, gathered))
        else:
            content.append(node)
    return replace(section, content=tuple(content))


def _gather_notes(story: Story) -> Story:
    gathered: list[Section] = []
    sections: list[Section] = []
    pending_links: list[Block] = []  # notes before any section: linked from the next one
    for section in story.sections:
        if section.kind is SectionKind.AUTHOR_NOTE:
            gathered.append(section)
            link = _link(section.origin)
            previous = next((s for s in reversed(sections) if s.kind in (SectionKind.CHAPTER, SectionKind.BODY)), None)
            if previous is not None and sections[-1] is previous:
                sections[-1] = replace(previous, content=(*previous.content, link))
            else:
                pending_links.append(link)
            continue
        section = _pull_notes(section, gathered)
        if pending_links and section.kind in (SectionKind.CHAPTER, SectionKind.BODY):
            section = replace(section, content=(*pending_links, *section.content))
            pending_links = []
        sections.append(section)
    if not gathered:
        return story
    if pending_links:  # a story that is only notes and front matter
        sections.append(Section(SectionKind.BODY, (), tuple(pending_links), pending_links[0].origin))
    first, last = gathered[0].origin, gathered[-1].origin
    notes = Section(SectionKind.NOTES, (), tuple(gathered), Origin(first.path, first.line, last.end_line))
    numbered = number_sections((*sections, notes))
    # Pair links and notes in document order: the k-th link points at the k-th note.
    keys = [n.key for n in numbered[-1].sections]
    linked = iter(keys)
    relinked = tuple(_relink(s, linked) for s in numbered[:-1])
    notes_section = replace(
        numbered[-1], content=tuple(replace(n, backlink=n.key) for n in numbered[-1].sections)
    )
    return replace(story, sections=(*relinked, notes_section))


def _relink(section: Section, keys) -> Section:
    content: list[Block | Section] = []
    for node in section.content:
        if isinstance(node, Section):
            content.append(_relink(node, keys))
        elif node.kind is BlockKind.NOTE_LINK:
            content.append(replace(node, target=next(keys)))
        else:
            content.append(node)
    return replace(section, content=tuple(content))
