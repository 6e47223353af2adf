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
from typing import Iterator
from xml.sax.saxutils import escape, quoteattr

from compiler.assets import stylesheet_path, styles_dir
from compiler.model import Collection
from compiler.render import render_story, render_titlepage


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
    body = [render_titlepage(collection)]
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


def pdf_bytes(
    collection: Collection, modified: datetime | None = None, user_css: Path | None = None
) -> tuple[bytes, list[str]]:
    """The collection as PDF bytes, and WeasyPrint's warnings (none, when all is well)."""
    from weasyprint import CSS, HTML  # heavy: imported only when a PDF is wanted
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    with _weasyprint_warnings() as warnings:
        sheets = [
            CSS(filename=str(stylesheet_path("base.css", collection.meta.style)), font_config=fonts),
            CSS(filename=str(stylesheet_path("print.css", collection.meta.style)), font_config=fonts),
        ]
        if user_css is not None:
            sheets.append(CSS(filename=str(user_css), font_config=fonts))
        document = HTML(string=render_html(collection, modified), base_url=str(styles_dir()) + "/")
        data = document.write_pdf(stylesheets=sheets, font_config=fonts)
    return data, warnings
