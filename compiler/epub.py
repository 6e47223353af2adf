"""EPUB writer: Collection → EPUB 3 bytes (with an EPUB 2 NCX), packaged by ebooklib.

The rendered fragments are cut into XHTML documents: the collection's title page, each
story's opening (title, summary, disclaimer), and one document per chapter, author's
note and flashback. A flashback or note inside a chapter cuts the chapter in two; the
part after it continues in a document of its own (class "continued"). Navigation nests
collection → story → sections. The zip is rewritten with fixed timestamps and order, so
the same inputs always give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

from ebooklib import epub
from lxml import etree

from compiler.assets import stylesheet_bytes
from compiler.errors import BuildError
from compiler.model import Block, BlockKind, Collection, Section, SectionKind, Story
from compiler.render import (
    Context,
    Fragment,
    has_heading,
    nav_title,
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


@dataclass(frozen=True)
class Layout:
    chunks: tuple[Chunk, ...]
    nav: tuple[NavPoint, ...]
    start: str  # where reading starts (the first story's opening)


def _document(body: str, title: str, lang: str, stylesheets: tuple[str, ...]) -> bytes:
    head_links = "\n".join(
        f'<link rel="stylesheet" type="text/css" href="../styles/{name}"/>' for name in stylesheets
    )
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        "<!DOCTYPE html>\n"
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'lang="{escape(lang)}" xml:lang="{escape(lang)}">\n'
        f"<head>\n<title>{escape(title)}</title>\n{head_links}\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
    # Word joiners hold a dash or ellipsis to its word. Older EPUB reading systems
    # (Adobe's engine among them) draw U+2060 as a box; U+FEFF does the same job invisibly.
    data = text.replace("\u2060", "\ufeff").encode("utf-8")
    try:
        etree.fromstring(data)
    except etree.XMLSyntaxError as error:  # a renderer bug, never the user's text
        raise BuildError(f"rendered XHTML is not well-formed ({error}); this is a bug in ficbind") from None
    return data


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


def layout_story(story: Story, number: int, collection_author: str) -> tuple[list[Chunk], NavPoint]:
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

    ctx = Context(target="epub", href=href)
    front_body = render_story_front(story, number, collection_author, ctx)
    chunks = [Chunk(front_name, story.meta.title, _with_notes(front_body, ctx), lang)]
    for part in plan:
        body = render_section(part.section, number, part.level, fragment=part.fragment, ctx=ctx)
        chunks.append(Chunk(part.file_name, part.title or story.meta.title, _with_notes(body, ctx), lang))
    return chunks, NavPoint(story.meta.title, front_name, tuple(nav))


def _with_notes(body: str, ctx: Context) -> str:
    asides = ctx.take_notes()
    return f"{body}\n{asides}" if asides else body


def layout_collection(collection: Collection) -> Layout:
    meta = collection.meta
    chunks = [Chunk("text/titlepage.xhtml", meta.title, render_titlepage(collection), meta.language)]
    story_nav: list[NavPoint] = []
    for number, story in enumerate(collection.stories, start=1):
        story_chunks, point = layout_story(story, number, meta.author)
        chunks.extend(story_chunks)
        story_nav.append(point)
    nav = (NavPoint(meta.title, chunks[0].file_name, tuple(story_nav)),)
    start = chunks[1].file_name if len(chunks) > 1 else chunks[0].file_name
    return Layout(tuple(chunks), nav, start)


def _toc(points: tuple[NavPoint, ...], counter: list[int]) -> list:
    entries: list = []
    for point in points:
        counter[0] += 1
        uid = f"nav-{counter[0]}"
        if point.children:
            entries.append((epub.Section(point.title, href=point.href), _toc(point.children, counter)))
        else:
            entries.append(epub.Link(point.href, point.title, uid))
    return entries


def build_book(collection: Collection, modified: datetime, user_css: Path | None = None) -> epub.EpubBook:
    meta = collection.meta
    layout = layout_collection(collection)
    book = epub.EpubBook()
    book.set_identifier(meta.identifier)
    book.set_title(meta.title)
    book.set_language(meta.language)
    if meta.author:
        book.add_author(meta.author)
    if meta.description:
        book.add_metadata("DC", "description", meta.description)
    if meta.series:
        index = meta.series_index if meta.series_index is not None else 1
        position = str(int(index)) if index == int(index) else str(index)
        book.add_metadata(None, "meta", meta.series, {"property": "belongs-to-collection", "id": "series"})
        book.add_metadata(None, "meta", "series", {"refines": "#series", "property": "collection-type"})
        book.add_metadata(None, "meta", position, {"refines": "#series", "property": "group-position"})
        # Calibre, Kobo and KOReader read the series from Calibre's own metadata.
        book.add_metadata(None, "meta", "", {"name": "calibre:series", "content": meta.series})
        book.add_metadata(None, "meta", "", {"name": "calibre:series_index", "content": position})

    sheets = {name: stylesheet_bytes(name, meta.style) for name in ("base.css", "epub.css")}
    if user_css is not None:
        sheets["user.css"] = user_css.read_bytes()  # the reader's own rules come last and win
    for name, data in sheets.items():
        book.add_item(
            epub.EpubItem(uid=name.replace(".", "-"), file_name=f"styles/{name}", media_type="text/css", content=data)
        )

    items = []
    for number, chunk in enumerate(layout.chunks, start=1):
        item = epub.EpubItem(
            uid=f"doc-{number}",
            file_name=chunk.file_name,
            media_type="application/xhtml+xml",
            content=_document(chunk.body, chunk.title or meta.title, chunk.lang, tuple(sheets)),
        )
        book.add_item(item)
        items.append(item)

    book.toc = _toc(layout.nav, [0])
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = items
    book.guide = [{"href": layout.start, "title": "Start", "type": "text"}]
    return book


def _deterministic_zip(data: bytes, when: datetime) -> bytes:
    """Rewrite the zip with fixed timestamps and attributes; `mimetype` first, stored."""
    stamp = when.astimezone(timezone.utc).timetuple()[:6]
    stamp = (max(stamp[0], 1980), *stamp[1:])
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.create_system = 3  # Unix, whatever machine builds it
            entry.external_attr = 0o100644 << 16
            if info.filename == "mimetype":
                entry.compress_type = zipfile.ZIP_STORED
                target.writestr(entry, source.read(info))
            else:
                entry.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(entry, source.read(info), compresslevel=9)
    return out.getvalue()


def epub_bytes(collection: Collection, modified: datetime, user_css: Path | None = None) -> bytes:
    """The collection as EPUB file bytes (pure: same collection and date, same bytes)."""
    book = build_book(collection, modified, user_css)
    buffer = io.BytesIO()
    options = {"mtime": modified.astimezone(timezone.utc), "raise_exceptions": True, "epub3_pages": False}
    if not epub.write_epub(buffer, book, options):
        raise BuildError("ebooklib could not write the EPUB")
    return _deterministic_zip(buffer.getvalue(), modified)
