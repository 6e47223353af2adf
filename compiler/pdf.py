"""PDF writer: Collection → one HTML document → PDF bytes, laid out by WeasyPrint.

The HTML is the same rendered fragments the EPUB uses, joined into one document; the
book look (page size, page numbers, every story on a new page, bookmarks) comes from
`styles/base.css` + `styles/print.css`. WeasyPrint only logs what it cannot do (unknown
CSS, missing fonts), so those log records are collected and returned as warnings.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from compiler.assets import styles_dir, stylesheets
from compiler.chunks import NavPoint, layout_collection
from compiler.executors import LOCAL
from compiler.model import Collection
from compiler.pdf_options import PdfOptions, page_size_css
from compiler.render import render_story, render_titlepage
from compiler.xmltext import escape, quoteattr


def render_halftitle(collection: Collection) -> str:
    """The half-title: the book's title alone on its first leaf, as printed books open."""
    return f'<section class="halftitle" id="halftitle"><p class="halftitle-title">{escape(collection.meta.title)}</p></section>'


def _anchor(point: NavPoint) -> str:
    """A contents entry's target in the one-document PDF: the anchor of its section."""
    if point.anchor:
        return point.anchor
    name = point.href.removeprefix("text/").removesuffix(".xhtml")
    return name.split("#")[-1]


def _contents_list(points: tuple[NavPoint, ...], depth: int) -> str:
    items = []
    for point in points:
        children = _contents_list(point.children, depth + 1) if point.children and depth < 2 else ""
        items.append(
            f'<li class="level-{depth}"><a href="#{escape(_anchor(point))}">{escape(point.title)}</a>{children}</li>'
        )
    return f"<ol>{''.join(items)}</ol>"


def render_contents(collection: Collection) -> str:
    """The printed contents: stories and their chapters, notes and flashbacks, with the
    page each opens on (print.css fills in the numbers and the dotted leaders)."""
    stories = layout_collection(collection).nav[0].children
    return (
        '<nav class="contents" id="contents"><h2 class="contents-title">Contents</h2>'
        f"{_contents_list(stories, 1)}</nav>"
    )


def render_html(collection: Collection, modified: datetime | None = None) -> str:
    meta = collection.meta
    head = [
        '<meta charset="utf-8"/>',
        f"<title>{escape(meta.title)}</title>",
        '<meta name="generator" content="ficbind"/>',
    ]
    if meta.author:
        head.append(f"<meta name=\"author\" content={quoteattr(meta.author)}/>")
    if meta.description:
        head.append(f"<meta name=\"description\" content={quoteattr(meta.description)}/>")
    if modified is not None:
        stamp = modified.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        head.append(f'<meta name="dcterms.created" content="{stamp}"/>')
        head.append(f'<meta name="dcterms.modified" content="{stamp}"/>')
    body = [render_halftitle(collection), render_titlepage(collection), render_contents(collection)]
    body.extend(render_story(story, number, meta.author) for number, story in enumerate(collection.stories, start=1))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang={quoteattr(meta.language)} xmlns:epub="http://www.idpf.org/2007/ops">\n'
        f"<head>\n{chr(10).join(head)}\n</head>\n<body>\n{chr(10).join(body)}\n</body>\n</html>\n"
    )


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_warnings() -> Iterator[list[str]]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


# Below about this many characters of text, one process lays the book out faster than
# several can start, and the joined PDF would carry a font subset per part.
PARALLEL_FROM = 250_000


def _text_size(collection: Collection) -> int:
    from compiler.model import plain_text, walk_sections

    return sum(
        len(plain_text(node.inlines))
        for story in collection.stories
        for section in walk_sections(story.sections)
        for node in section.content
        if hasattr(node, "inlines")
    )


def pdf_bytes(
    collection: Collection,
    modified: datetime | None = None,
    user_css: Path | None = None,
    options: PdfOptions = PdfOptions(),
    jobs: int = 1,
    executor: str = LOCAL,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[bytes, list[str]]:
    """The collection as PDF bytes, and WeasyPrint's warnings (none, when all is well).

    With several jobs and stories, stories are laid out in parallel processes and joined
    (pdf_parallel.py); an archival variant is always laid out in one process."""
    if jobs > 1 and len(collection.stories) > 1 and not options.variant and _text_size(collection) >= PARALLEL_FROM:
        from compiler.pdf_parallel import parallel_pdf_bytes

        with _weasyprint_warnings() as warnings:
            size = page_size_css(options.page_size) if options.page_size else ""
            data, _ = parallel_pdf_bytes(collection, jobs, modified, user_css, size, executor, progress)
        return data, warnings
    from weasyprint import CSS, HTML  # heavy: imported only when a PDF is wanted
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    with _weasyprint_warnings() as warnings:
        sheets = [
            CSS(filename=str(path), font_config=fonts)
            for _, path in stylesheets("print", collection.meta.style or "classic")
        ]
        if options.page_size:
            sheets.append(CSS(string=f"@page {{ size: {page_size_css(options.page_size)}; }}", font_config=fonts))
        if user_css is not None:
            sheets.append(CSS(filename=str(user_css), font_config=fonts))
        document = HTML(string=render_html(collection, modified), base_url=str(styles_dir()) + "/")
        extra = {"pdf_variant": options.variant} if options.variant else {}
        data = document.write_pdf(stylesheets=sheets, font_config=fonts, **extra)
    return data, warnings
