"""Kobo EPUB (kepub): XHTML → the same XHTML with Kobo's reading-position spans.

Kobo's own renderer, which shows covers, reading statistics and position reliably for
sideloaded books, needs every sentence of text in a `<span class="koboSpan"
id="kobo.P.S">` (P counts blocks, S sentences within a block) and the body's content in
`<div class="book-columns"><div class="book-inner">`, as kepubify writes them. Nothing of
the text changes; markup inside a paragraph (emphasis, links) keeps its place, with spans
inside it.
"""

from __future__ import annotations

import re

from lxml import etree

# A parser without lxml's 10 MB limit on one text node: an epic may be one paragraph of
# more (a whole story pasted without a line break), and it is the author's text.
HUGE = etree.XMLParser(huge_tree=True)

XHTML = "http://www.w3.org/1999/xhtml"
_BLOCKS = {f"{{{XHTML}}}{name}" for name in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd")}
_NO_TEXT = {f"{{{XHTML}}}{name}" for name in ("br", "hr", "img", "script", "style")}


def _segments(text: str) -> list[str]:
    """Sentences, each keeping the space after it."""
    parts = re.split(r"((?<=[.!?…])[\"”’)\]]*\s+)", text)
    out: list[str] = []
    for i in range(0, len(parts), 2):
        piece = parts[i] + (parts[i + 1] if i + 1 < len(parts) else "")
        if piece:
            out.append(piece)
    return out


class _Spanner:
    def __init__(self) -> None:
        self.paragraph = 0
        self.sentence = 0

    def spans(self, text: str) -> list[etree._Element]:
        made = []
        for piece in _segments(text):
            self.sentence += 1
            span = etree.Element(f"{{{XHTML}}}span", {"class": "koboSpan", "id": f"kobo.{self.paragraph}.{self.sentence}"})
            span.text = piece
            made.append(span)
        return made

    def inline(self, element: etree._Element) -> None:
        """Wrap the text inside an element of a block, and the text after its children."""
        if element.tag in _NO_TEXT:
            return
        if element.text and element.text.strip():
            made = self.spans(element.text)
            element.text = None
            for index, span in enumerate(made):
                element.insert(index, span)
        for child in list(element):
            if child.get("class") == "koboSpan":
                continue
            self.inline(child)
            if child.tail and child.tail.strip():
                made = self.spans(child.tail)
                child.tail = None
                position = element.index(child)
                for offset, span in enumerate(made, start=1):
                    element.insert(position + offset, span)

    def block(self, element: etree._Element) -> None:
        self.paragraph += 1
        self.sentence = 0
        self.inline(element)


def add_kobo_spans(document: bytes) -> bytes:
    """One XHTML document with Kobo's spans and wrapper divs (pure)."""
    root = etree.fromstring(document, HUGE)
    body = root.find(f"{{{XHTML}}}body")
    if body is None:
        return document
    spanner = _Spanner()
    for element in body.iter():
        if element.tag in _BLOCKS and not any(a.tag in _BLOCKS for a in element.iterancestors()):
            spanner.block(element)
    columns = etree.Element(f"{{{XHTML}}}div", {"class": "book-columns"})
    inner = etree.SubElement(columns, f"{{{XHTML}}}div", {"class": "book-inner"})
    inner.text = body.text
    body.text = "\n"
    for child in list(body):
        inner.append(child)
    body.append(columns)
    tree = etree.ElementTree(root)
    return etree.tostring(tree, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")
