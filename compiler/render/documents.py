"""Documents: Collection → the XHTML documents of an EPUB and its navigation tree.

The rendered fragments are cut into documents: the collection's title page, each story's
opening (title, header, summary, disclaimer), and one document per chapter, author's note
and flashback. A flashback or note inside a chapter cuts the chapter in two; the part after
it continues in a document of its own (class "continued"). Links between documents (notes
gathered at the end, linked both ways) resolve through a map of where every anchor lives.
Navigation nests collection → story → sections.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from compiler.model import Block, BlockKind, Collection, Section, SectionKind, Story
from compiler.render.xhtml import (
    Context,
    Fragment,
    has_heading,
    nav_title,
    opening_key,
    render_section,
    render_story_front,
    render_titlepage,
    section_anchor,
    split_front,
    story_anchor,
)

# Sections that get an XHTML document (and a spine item) of their own.
DOCUMENT_KINDS = frozenset({SectionKind.CHAPTER, SectionKind.AUTHOR_NOTE, SectionKind.FLASHBACK, SectionKind.NOTES})


@dataclass(frozen=True)
class Chunk:
    file_name: str
    title: str
    body: str
    lang: str


@dataclass(frozen=True)
class NavPoint:
    title: str
    href: str
    children: tuple[NavPoint, ...] = field(default=())
    anchor: str = ""


StoryLayout = tuple[tuple[Chunk, ...], NavPoint]  # a story's documents and its contents entry


@dataclass(frozen=True)
class Layout:
    chunks: tuple[Chunk, ...]
    nav: tuple[NavPoint, ...]
    start: str  # where reading starts (the first story's opening)


@dataclass(frozen=True)
class _Part:
    """One XHTML document to be: a section (or part of one) and where it goes."""

    file_name: str
    section: Section
    fragment: Fragment
    level: int
    title: str


def _is_document(section: Section) -> bool:
    return section.kind in DOCUMENT_KINDS and section.standalone


def _split(section: Section, story_number: int, level: int) -> tuple[list[_Part], list[NavPoint]]:
    """Cut a section into documents at nested document-kind sections."""
    parts: list[_Part] = []
    nested_nav: list[NavPoint] = []
    base = section_anchor(story_number, section)
    inner_level = level + 1 if has_heading(section) else level
    pending: list[Block | Section] = []
    count = 0
    title = nav_title(section)

    def flush(continued: bool) -> None:
        nonlocal pending, count
        if continued and not pending:
            return
        if not continued and not pending and not has_heading(section):
            return  # an untitled body that opens with a flashback: nothing to show yet
        count += 1
        name = f"text/{base}.xhtml" if count == 1 else f"text/{base}-c{count}.xhtml"
        parts.append(_Part(name, section, Fragment(section, tuple(pending), continued), level, title))
        pending = []

    started = False
    for node in section.content:
        # Notes gathered at the end read as one document, not one each.
        if isinstance(node, Section) and _is_document(node) and section.kind is not SectionKind.NOTES:
            flush(started)
            started = True
            sub_parts, sub_nav = _split(node, story_number, inner_level)
            parts.extend(sub_parts)
            nested_nav.extend(sub_nav)
        else:
            if isinstance(node, Section) and nav_title(node):
                # Kept in the text (a flashback set inline): still in the contents.
                nested_nav.append(NavPoint(nav_title(node), "", (), section_anchor(story_number, node)))
            pending.append(node)
    flush(started)

    # Entries kept in the text point into the document that holds them.
    nested_nav = [
        point if point.href else replace(point, href=f"{_holder(parts, point.anchor)}#{point.anchor}")
        for point in nested_nav
    ]
    if not parts:
        return [], []
    if title:
        return parts, [NavPoint(title, parts[0].file_name, tuple(nested_nav))]
    return parts, nested_nav  # untitled text: its notes and flashbacks belong to the story


def _anchors(nodes: tuple[Block | Section, ...], story_number: int) -> list[str]:
    """Every anchor a document holds: its sections' and its note links'."""
    found: list[str] = []
    for node in nodes:
        if isinstance(node, Section):
            found.append(section_anchor(story_number, node))
            found.extend(_anchors(node.content, story_number))
        elif node.kind is BlockKind.NOTE_LINK:
            found.append(f"{story_anchor(story_number)}-s{node.target}-link")
    return found


def _holder(parts: list[_Part], anchor: str) -> str:
    for part in parts:
        number = int(anchor.split("-")[1])
        if anchor in _anchors(part.fragment.content, number) or (
            not part.fragment.continued and anchor == section_anchor(number, part.section)
        ):
            return part.file_name
    return parts[0].file_name if parts else ""


def layout_story(story: Story, number: int, collection_author: str) -> StoryLayout:
    lang = story.meta.language
    front_name = f"text/{story_anchor(number)}.xhtml"
    plan: list[_Part] = []
    nav: list[NavPoint] = []
    front, main = split_front(story)
    for section in main:
        if _is_document(section) or section.kind is SectionKind.BODY:
            sub_parts, sub_nav = _split(section, number, 3)
        else:  # a disclaimer or summary further in: a document of its own, untitled
            name = f"text/{section_anchor(number, section)}.xhtml"
            sub_parts, sub_nav = [_Part(name, section, Fragment(section, section.content, False), 3, "")], []
        plan.extend(sub_parts)
        nav.extend(sub_nav)

    # Where every anchor lives, so links between documents resolve (gathered notes).
    where: dict[str, str] = {}
    for section in front:
        for anchor in [section_anchor(number, section), *_anchors(section.content, number)]:
            where.setdefault(anchor, front_name)
    for part in plan:
        if not part.fragment.continued:
            where.setdefault(section_anchor(number, part.section), part.file_name)
        for anchor in _anchors(part.fragment.content, number):
            where.setdefault(anchor, part.file_name)

    def href(story_number: int, key: str) -> str:
        anchor = f"{story_anchor(story_number)}-s{key}"
        return f"{where.get(anchor, front_name).removeprefix('text/')}#{anchor}"

    ctx = Context(target="epub", href=href, openings={(number, opening_key(story))})
    front_body = render_story_front(story, number, collection_author, ctx)
    chunks = [Chunk(front_name, story.meta.title, _with_notes(front_body, ctx), lang)]
    for part in plan:
        body = render_section(part.section, number, part.level, fragment=part.fragment, ctx=ctx)
        chunks.append(Chunk(part.file_name, part.title or story.meta.title, _with_notes(body, ctx), lang))
    return tuple(chunks), NavPoint(story.meta.title, front_name, tuple(nav))


def _with_notes(body: str, ctx: Context) -> str:
    asides = ctx.take_notes()
    return f"{body}\n{asides}" if asides else body


def layout_collection(collection: Collection, stories: tuple[StoryLayout, ...] | None = None) -> Layout:
    """The EPUB's documents and navigation; `stories` are the stories' own layouts when
    worker processes made them already (the same as laying them out here)."""
    meta = collection.meta
    chunks = [Chunk("text/titlepage.xhtml", meta.title, render_titlepage(collection), meta.language)]
    story_nav: list[NavPoint] = []
    for number, story in enumerate(collection.stories, start=1):
        story_chunks, point = stories[number - 1] if stories is not None else layout_story(story, number, meta.author)
        chunks.extend(story_chunks)
        story_nav.append(point)
    nav = (NavPoint(meta.title, chunks[0].file_name, tuple(story_nav)),)
    start = chunks[1].file_name if len(chunks) > 1 else chunks[0].file_name
    return Layout(tuple(chunks), nav, start)


