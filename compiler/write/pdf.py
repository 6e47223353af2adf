"""PDF writer: Collection → PDF bytes, laid out by WeasyPrint.

The HTML is the printed book's one document (render/book.py), made of the same
rendered fragments the EPUB uses; the book look (page size, page numbers, every story
on a new page, bookmarks) comes from `styles/base.css` + `styles/print.css` and the
theme. A long book is laid out in parts, in parallel (pdf_parallel.py), when the caller
gives workers to lay them out in. WeasyPrint only logs what it cannot do (unknown CSS,
missing fonts), so those log records are collected and returned as warnings.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import datetime
from typing import Callable, Iterator

from compiler.model import Collection, plain_text, walk_sections
from compiler.options import PdfOptions, page_size_css
from compiler.render.book import render_html
from compiler.write.assets import styles_dir, stylesheets
from compiler.write.fetch import NO_STYLE, PdfStyle, fetch_refused, font_config, pdf_fetcher, refusal
from compiler.write.libraries import load_weasyprint
from compiler.write.pdf_parts import Memo, OpenPool, first_story_page, page_labels


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
    return sum(
        len(plain_text(node.inlines))
        for story in collection.stories
        for section in walk_sections(story.sections)
        for node in section.content
        if hasattr(node, "inlines")
    )


def _finisher(labels: list[tuple[int, str, int]]) -> Callable:
    """Set the page labels (pdf_parts.page_labels) in the PDF WeasyPrint is writing. Its
    tagging (pdf_tags) already sets /Lang from <html lang>, a /StructTreeRoot and
    /ViewerPreferences /DisplayDocTitle true."""

    def finish(_document, pdf) -> None:
        import pydyf

        numbers = pydyf.Array()
        for index, style, start in labels:
            numbers.extend([index, pydyf.Dictionary({"S": style, "St": start})])
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": numbers})
        pdf.catalog.setdefault("ViewerPreferences", pydyf.Dictionary({"DisplayDocTitle": "true"}))

    return finish


def pdf_bytes(
    collection: Collection,
    modified: datetime | None = None,
    user_css: PdfStyle = NO_STYLE,
    options: PdfOptions = PdfOptions(),
    jobs: int = 1,
    open_pool: OpenPool | None = None,
    progress: Callable[[int, int], None] | None = None,
    memo: Memo | None = None,
) -> tuple[bytes, list[str]]:
    """The collection as PDF bytes, and WeasyPrint's warnings (none, when all is well).

    With several jobs, workers to run them (`open_pool`) and text enough to cut into two
    parts or more (stories, or a long story's chapters that open pages), the parts are
    laid out in parallel processes and joined (pdf_parallel.py); an archival variant is
    always laid out in one process. `user_css` is the user's stylesheet bundle
    (StyleBundle.pdf_style()); WeasyPrint loads nothing but what write/fetch.py allows.
    `memo` keeps the parallel build's parts between builds (pdf_parallel.py)."""
    if open_pool is not None and jobs > 1 and not options.variant and _text_size(collection) >= PARALLEL_FROM:
        from compiler.write.pdf_parallel import parallel_pdf_bytes

        with _weasyprint_warnings() as warnings:
            size = page_size_css(options.page_size) if options.page_size else ""
            made = parallel_pdf_bytes(collection, jobs, open_pool, modified, user_css, size, progress, memo,
                                      options.chapters)
        if made is not None:
            return made[0], warnings
    load_weasyprint()
    from weasyprint import CSS, HTML  # heavy: imported only when a PDF is wanted

    fetcher = pdf_fetcher(user_css)
    text, base, _ = user_css
    with _weasyprint_warnings() as warnings, font_config() as fonts:
        try:
            sheets = [
                CSS(filename=str(path), font_config=fonts, url_fetcher=fetcher)
                for _, path in stylesheets("print", collection.meta.style or "classic")
            ]
            if options.page_size:
                size = f"@page {{ size: {page_size_css(options.page_size)}; }}"
                sheets.append(CSS(string=size, font_config=fonts, url_fetcher=fetcher))
            if text:
                sheets.append(CSS(string=text, base_url=base, font_config=fonts, url_fetcher=fetcher))
            document = HTML(string=render_html(collection, modified, options.chapters), base_url=str(styles_dir()) + "/", url_fetcher=fetcher)
            laid_out = document.render(stylesheets=sheets, font_config=fonts)
            extra = {"pdf_variant": options.variant} if options.variant else {}
            labels = page_labels(first_story_page(laid_out.pages))
            data = laid_out.write_pdf(pdf_tags=True, finisher=_finisher(labels), **extra)
        except fetch_refused() as error:
            raise refusal(error, user_css) from None
    return data, warnings
