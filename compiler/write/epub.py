"""EPUB writer: Collection → EPUB 3 bytes, packaged by ebooklib, for every reading system.

What goes in, in reading order: a cover page (the manifest's image, or a drawn one: Kindle
and Kobo need a raster cover), the collection's title page, an in-book contents page
(which is also the EPUB 3 navigation document, with landmarks), then each story's
documents (render/documents.py). An EPUB 2 NCX and guide serve older readers. Metadata carries
title, authors, language, a stable identifier, description, subjects, series in both the
EPUB 3 and Calibre forms, accessibility, and a modification date taken from the inputs.
Every document is well-formed XHTML with an XML declaration and a language. The zip is
rewritten with fixed timestamps and order, so the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone

from ebooklib import epub
from lxml import etree

from compiler.errors import BuildError
from compiler.load.style import StyleBundle
from compiler.model import Collection
from compiler.render.documents import Chunk, Layout, NavPoint, StoryLayout, layout_collection
from compiler.render.xml import escape, quoteattr
from compiler.write.assets import stylesheets
from compiler.write.cover import CoverImage
from compiler.write.kepub import HUGE


# The stamp of an undated book: the zip format's epoch, what reproducible builds use.
UNDATED = datetime(1980, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Packaging:
    """Choices that change the package but not the text."""

    user_css: StyleBundle | None = None  # the user's stylesheet with its imports, fonts and images
    cover: CoverImage | None = None
    kobo: bool = False  # Kobo's reading-position spans (a .kepub.epub)


def _document(body: str, title: str, lang: str, stylesheets: tuple[str, ...], kobo: bool = False) -> bytes:
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
        etree.fromstring(data, HUGE)  # a story may hold a paragraph past lxml's 10 MB default
    except etree.XMLSyntaxError as error:  # a renderer bug, never the user's text
        raise BuildError(f"rendered XHTML is not well-formed ({error}); this is a bug in ficbind") from None
    if kobo:
        from compiler.write.kepub import add_kobo_spans

        data = add_kobo_spans(data)
    return data


# ── navigation ───────────────────────────────────────────────────────────────────────


def _relative(href: str) -> str:
    """Hrefs in the layout are from the package root; nav.xhtml sits beside the text."""
    return href.removeprefix("text/")


def _nav_list(points: tuple[NavPoint, ...]) -> str:
    items = []
    for point in points:
        child = _nav_list(point.children) if point.children else ""
        items.append(f'<li><a href={quoteattr(_relative(point.href))}>{escape(point.title)}</a>{child}</li>')
    # A line between entries: text taken out of the page keeps them apart.
    return "<ol>\n" + "\n".join(items) + "\n</ol>"


def _contents(layout: Layout) -> tuple[NavPoint, ...]:
    """The stories, at the top of the contents (not under one entry that is the book's title)."""
    return tuple(point for root in layout.nav for point in root.children)


def _nav_document(layout: Layout, collection: Collection, cover: bool, stylesheets: tuple[str, ...]) -> bytes:
    """The navigation document, which is also the book's own contents page."""
    landmarks = []
    if cover:
        landmarks.append(("cover", "cover.xhtml", "Cover"))
    landmarks += [
        ("titlepage", "titlepage.xhtml", "Title Page"),
        ("toc", "nav.xhtml", "Contents"),
        ("bodymatter", _relative(layout.start), "Start"),
    ]
    marks = "".join(f'<li><a epub:type="{kind}" href="{href}">{escape(label)}</a></li>' for kind, href, label in landmarks)
    body = (
        '<nav class="contents" epub:type="toc" id="toc" role="doc-toc">\n'
        '<h2 class="contents-title">Contents</h2>\n'
        f"{_nav_list(_contents(layout))}\n</nav>\n"
        '<nav epub:type="landmarks" id="landmarks" hidden="">\n<h2>Landmarks</h2>\n'
        f"<ol>{marks}</ol>\n</nav>"
    )
    return _document(body, "Contents", collection.meta.language, stylesheets)


def _toc(points: tuple[NavPoint, ...], counter: list[int]) -> list:
    """The same tree for ebooklib's EPUB 2 NCX."""
    entries: list = []
    for point in points:
        counter[0] += 1
        uid = f"nav-{counter[0]}"
        if point.children:
            entries.append((epub.Section(point.title, href=point.href), _toc(point.children, counter)))
        else:
            entries.append(epub.Link(point.href, point.title, uid))
    return entries


def _cover_document(cover_href: str, collection: Collection, stylesheets: tuple[str, ...]) -> bytes:
    meta = collection.meta
    alt = f"Cover: {meta.title}" + (f", by {meta.author}" if meta.author else "")
    body = (
        '<section class="cover">\n'  # doc-cover belongs on the image, not on a section
        f'<img class="cover-image" epub:type="cover" role="doc-cover" src="../{cover_href}" alt={quoteattr(alt)}/>\n</section>'
    )
    return _document(body, meta.title, meta.language, stylesheets)


# ── metadata ─────────────────────────────────────────────────────────────────────────


def _metadata(book: epub.EpubBook, collection: Collection, modified: datetime | None) -> None:
    meta = collection.meta
    book.set_identifier(meta.identifier)
    book.set_title(meta.title)
    book.set_language(meta.language)
    authors = [meta.author] if meta.author else []
    for story in collection.stories:
        # "A & B" wrote it together: two creators, as libraries list them.
        for author in re.split(r"\s+&\s+", story.meta.author):
            if author.strip() and author.strip() not in authors:
                authors.append(author.strip())
    for number, author in enumerate(authors, start=1):
        book.add_author(author, role="aut", uid=f"creator{number}")
    if meta.description:
        book.add_metadata("DC", "description", meta.description)
    for subject in meta.subjects:
        book.add_metadata("DC", "subject", subject)
    if modified is not None:  # an undated book claims no publication date
        book.add_metadata("DC", "date", modified.astimezone(timezone.utc).strftime("%Y-%m-%d"))
    if meta.series:
        index = meta.series_index if meta.series_index is not None else 1
        position = str(int(index)) if index == int(index) else str(index)
        book.add_metadata(None, "meta", meta.series, {"property": "belongs-to-collection", "id": "series"})
        book.add_metadata(None, "meta", "series", {"refines": "#series", "property": "collection-type"})
        book.add_metadata(None, "meta", position, {"refines": "#series", "property": "group-position"})
        # Calibre, Kobo and KOReader read the series from Calibre's own metadata.
        book.add_metadata(None, "meta", "", {"name": "calibre:series", "content": meta.series})
        book.add_metadata(None, "meta", "", {"name": "calibre:series_index", "content": position})
    # Accessibility (EPUB Accessibility 1.1 discovery metadata): text with structure,
    # a contents page, a reading order; no hazards.
    for prop, value in (
        ("schema:accessMode", "textual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "alternativeText"),
        ("schema:accessibilityHazard", "none"),
        (
            "schema:accessibilitySummary",
            "Text with headings for every story and chapter, a table of contents, notes linked "
            "both ways, and a cover image described in its alternative text.",
        ),
    ):
        book.add_metadata(None, "meta", value, {"property": prop})


# ── the package ──────────────────────────────────────────────────────────────────────


def build_book(
    collection: Collection, modified: datetime | None, packaging: Packaging = Packaging(),
    stories: tuple[StoryLayout, ...] | None = None,
) -> epub.EpubBook:
    meta = collection.meta
    layout = layout_collection(collection, stories)
    book = epub.EpubBook()
    _metadata(book, collection, modified)

    sheets = {name: path.read_bytes() for name, path in stylesheets("epub", meta.style or "classic")}
    if packaging.user_css is not None:
        sheets["user.css"] = packaging.user_css.sheet.data  # the reader's own rules come last and win
    for name, data in sheets.items():
        book.add_item(
            epub.EpubItem(uid=name.replace(".", "-"), file_name=f"styles/{name}", media_type="text/css", content=data)
        )
    sheet_names = tuple(sheets)
    # What the user's stylesheet imports and loads, under styles/user/, its URLs already relative to it.
    for number, item in enumerate(packaging.user_css.files[1:] if packaging.user_css else (), start=1):
        book.add_item(epub.EpubItem(uid=f"user-{number}", file_name=f"styles/{item.name}", media_type=item.media_type,
                                    content=item.data))

    spine: list = []
    guide: list[dict] = []
    if packaging.cover is not None:
        cover = packaging.cover
        image = epub.EpubItem(
            uid="cover-image", file_name=f"images/cover.{cover.extension}", media_type=cover.media_type, content=cover.data
        )
        image.properties = ["cover-image"]
        book.add_item(image)
        book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
        page = epub.EpubItem(
            uid="cover", file_name="text/cover.xhtml", media_type="application/xhtml+xml",
            content=_cover_document(image.file_name, collection, sheet_names),
        )
        book.add_item(page)
        spine.append(page)
        guide.append({"href": page.file_name, "title": "Cover", "type": "cover"})

    documents = []
    for number, chunk in enumerate(layout.chunks, start=1):
        item = epub.EpubItem(
            uid=f"doc-{number}",
            file_name=chunk.file_name,
            media_type="application/xhtml+xml",
            content=_document(chunk.body, chunk.title or meta.title, chunk.lang, sheet_names, packaging.kobo),
        )
        book.add_item(item)
        documents.append(item)

    nav = epub.EpubItem(
        uid="nav", file_name="text/nav.xhtml", media_type="application/xhtml+xml",
        content=_nav_document(layout, collection, packaging.cover is not None, sheet_names),
    )
    nav.properties = ["nav"]
    book.add_item(nav)
    # Title page, then the contents page, then the stories.
    spine += [documents[0], nav, *documents[1:]]
    guide += [
        {"href": documents[0].file_name, "title": "Title Page", "type": "title-page"},
        {"href": nav.file_name, "title": "Contents", "type": "toc"},
        {"href": layout.start, "title": "Start", "type": "text"},
    ]

    book.toc = _toc(_contents(layout), [0])
    book.add_item(epub.EpubNcx())
    book.spine = spine
    book.guide = guide
    return book


class _ReproducibleZip(zipfile.ZipFile):
    """A zip whose entries carry a fixed time and Unix attributes whatever machine
    writes it; `mimetype` stored (EPUB wants it first and uncompressed), the rest
    deflated. ebooklib writes its entries through it, so the archive is made once."""

    stamp: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)

    def writestr(self, name, data, compress_type=None, compresslevel=None):  # noqa: ANN001 - zipfile's own signature
        filename = name.filename if isinstance(name, zipfile.ZipInfo) else name
        entry = zipfile.ZipInfo(filename, date_time=self.stamp)
        entry.create_system = 3  # Unix
        entry.external_attr = 0o100644 << 16
        stored = filename == "mimetype"
        entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        super().writestr(entry, data, compresslevel=None if stored else 6)


class _Writer(epub.EpubWriter):
    def __init__(self, name, book: epub.EpubBook, options: dict, stamp: tuple[int, ...]) -> None:
        super().__init__(name, book, options)
        self.stamp = stamp

    def _write_opf_metadata(self, root) -> None:  # noqa: ANN001 - ebooklib's own signature
        # The package's own language (Ace: epub-lang), the book's as its metadata says it.
        root.set("{http://www.w3.org/XML/1998/namespace}lang", self.book.language)
        super()._write_opf_metadata(root)

    def write(self) -> None:
        self.out = _ReproducibleZip(self.file_name, "w")
        self.out.stamp = self.stamp
        self.out.writestr("mimetype", "application/epub+zip")
        self._write_container()
        self._write_opf()
        self._write_items()
        self.out.close()


def epub_bytes(
    collection: Collection, modified: datetime | None, packaging: Packaging = Packaging(),
    stories: tuple[StoryLayout, ...] | None = None,
) -> bytes:
    """The collection as EPUB file bytes (pure: same collection and date, same bytes);
    `stories` are the stories' layouts when workers made them already. An undated book
    (`modified` None) takes the zip epoch for the stamps EPUB and zip require."""
    book = build_book(collection, modified, packaging, stories)
    modified = modified or UNDATED
    buffer = io.BytesIO()
    options = {
        "mtime": modified.astimezone(timezone.utc),
        "raise_exceptions": True,
        "epub3_pages": False,
        "epub3_landmark": False,  # the navigation document is ours, landmarks included
    }
    stamp = modified.astimezone(timezone.utc).timetuple()[:6]
    writer = _Writer(buffer, book, options, (max(stamp[0], 1980), *stamp[1:]))
    writer.process()
    try:
        writer.write()
    except OSError as error:
        raise BuildError(f"ebooklib could not write the EPUB: {error}") from None
    return buffer.getvalue()


__all__ = ["Chunk", "Packaging", "epub_bytes", "build_book"]
