"""HTML stories: a document → the plain-text shape the detect stage reads.

An HTML story (AO3's download, FanFicFare's output, a page a browser saved) is parsed
with lxml, never run: scripts, styles, forms and embedded objects are removed unread,
nothing is fetched. What remains is written as the text a reader would have typed:
paragraphs apart by a blank line, `<br>` a line break, `<hr>` a `* * *` scene break,
headings as heading lines, `<i>/<em>` and `<b>/<strong>` kept as `<i>`/`<b>` (the
typography rules make them emphasis), every other tag gone and its text kept. A `<` or
`&` that is the story's own text is kept as text (a word joiner after it keeps the
typography rules from reading it as a tag or entity; they take the joiner out again).

Which part of the page is the story, and which is its header, chapters and notes, is
archives.py's; what the page had that is not the story is listed as `LeftOut`, for
`outline` and `check` to show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

# Removed unread: their text is never prose.
DROPPED = frozenset({
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "applet", "svg",
    "math", "canvas", "audio", "video", "source", "track", "map", "head", "link", "meta", "base", "button", "select",
    "option", "input", "textarea", "form", "dialog", "title",
})
# Each of these starts a paragraph of its own.
_BLOCKS = frozenset({
    "p", "div", "blockquote", "li", "ul", "ol", "dl", "dt", "dd", "pre", "section", "article", "header", "footer",
    "main", "aside", "nav", "table", "thead", "tbody", "tfoot", "tr", "caption", "center", "figure", "figcaption",
    "address", "details", "summary", "fieldset", "legend", "body", "html", "h1", "h2", "h3", "h4", "h5", "h6",
})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_EMPHASIS = {"i": "i", "em": "i", "cite": "i", "var": "i", "dfn": "i", "b": "b", "strong": "b"}
_CELLS = frozenset({"td", "th"})
# A heading that already reads as a chapter heading (the detect stage's rules take it).
CHAPTER_LIKE = re.compile(
    r"^(?:chapter|chap\.|ch\.|part|book|volume|prologue|epilogue|interlude|prelude|afterword|\d{1,3}\s*[.:])", re.I
)

_PARAGRAPH = "\x00"  # a paragraph break while writing (never in the text: controls are removed before)
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
# A `<` or `&` of the story's own that the typography rules would read as a tag or entity.
_TAG_LIKE = re.compile(r"<(?=/?[A-Za-z!])")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]{1,10};)")
WORD_JOINER = "\u2060"
WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class LeftOut:
    """A part of the page that is not the story, left out of the text."""

    what: str  # "navigation", "reviews", "scripts", "AO3's message"
    words: int
    text: str = ""  # its first words


@dataclass(frozen=True)
class HtmlStory:
    text: str
    form: str  # what the page was: "AO3 download", "FanFicFare HTML", "a saved FanFiction.net page", "a web page"
    left_out: tuple[LeftOut, ...] = ()


def parse_html(text: str) -> etree._Element:
    """The document's tree: parsed, never run or fetched from (no network, no entities
    loaded), comments and processing instructions dropped."""
    from lxml import etree, html  # only for the stories that are HTML

    text = re.sub(r"\A\s*<\?xml[^>]*\?>", "", text.lstrip("\ufeff"))  # lxml refuses a declared encoding in a str
    parser = html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True,
                             default_doctype=False)
    if not text.strip():
        return html.fromstring("<html><body></body></html>")
    try:
        return html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return html.fromstring("<html><body></body></html>")


def classes(element: etree._Element) -> set[str]:
    value = element.get("class") if isinstance(element.tag, str) else None
    return set(value.split()) if value else set()


def tag(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def escaped(text: str) -> str:
    """The story's own `<` and `&`, kept from being read as a tag or an entity."""
    if "<" in text:
        text = _TAG_LIKE.sub("<" + WORD_JOINER, text)
    if "&" in text:
        text = _ENTITY_LIKE.sub("&" + WORD_JOINER, text)
    return text


def words_in(text: str) -> int:
    return len(WORD.findall(text))


def first_words(text: str, count: int = 10) -> str:
    found = text.split()
    return " ".join(found[:count]) + (" …" if len(found) > count else "")


_ITALIC = re.compile(r"font-style\s*:\s*(?:italic|oblique)", re.I)
_BOLD = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.I)
_CLASS_RULE = re.compile(r"\.([A-Za-z_][\w-]*)\s*\{([^{}]*)\}")


def styled_classes(root: etree._Element) -> dict[str, str]:
    """Classes the page's own stylesheets set in italics or bold (`.c4{font-style:italic}`),
    as a Google Docs or word-processor export marks its emphasis."""
    found: dict[str, str] = {}
    for style in root.iter("style"):
        for name, rules in _CLASS_RULE.findall(style.text or ""):
            if _ITALIC.search(rules):
                found[name] = "i"
            elif _BOLD.search(rules):
                found[name] = "b"
    return found


def plain(element: etree._Element) -> str:
    """An element's text as one line, whitespace collapsed (scripts and styles not read)."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if tag(node) in DROPPED and node is not element:
            if node.tail:
                parts.append(node.tail)
            return
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            walk(child)
        if tag(node) in _BLOCKS or tag(node) in ("br", "td", "th"):
            parts.append(" ")
        if node is not element and node.tail:
            parts.append(node.tail)

    walk(element)
    return _SPACE.sub(" ", "".join(parts)).strip()


class Writer:
    """Elements → the text's paragraphs. `skip` holds elements written elsewhere or left
    out (their text is not written here); scripts, styles and forms are never read."""

    def __init__(self, skip: set | None = None) -> None:
        self.out: list[str] = []
        self.skip = skip if skip is not None else set()
        self.images: list[str] = []
        self.styled: dict[str, str] | None = None  # class → "i"/"b", from the page's stylesheets

    # ── the text ──

    def line(self, text: str) -> None:
        """A paragraph of its own (a heading, a field, a label): the page's text, on one line."""
        self.out.append(_PARAGRAPH + escaped(text.replace("\n", " ")) + _PARAGRAPH)

    def element(self, element: etree._Element) -> None:
        """An element's content as paragraphs."""
        if self.styled is None:
            self.styled = styled_classes(element.getroottree().getroot())
        self.out.append(_PARAGRAPH)
        self._children(element, pre=tag(element) == "pre")
        self.out.append(_PARAGRAPH)

    def _text(self, text: str | None, pre: bool) -> None:
        if not text:
            return
        text = escaped(text)
        if pre:
            self.out.append(text.replace("\r\n", "\n"))
        else:
            self.out.append(_SPACE.sub(" ", text))

    def _children(self, element: etree._Element, pre: bool) -> None:
        self._text(element.text, pre)
        for child in element:
            self._node(child, pre)
            self._text(child.tail, pre)

    def _node(self, node: etree._Element, pre: bool) -> None:
        name = tag(node)
        if not name:
            return  # a comment or processing instruction the parser kept
        if node in self.skip:
            return
        if name in DROPPED:
            return
        if name == "br":
            self.out.append("\n")
            return
        if name == "hr":
            self.out.append(_PARAGRAPH + "* * *" + _PARAGRAPH)
            return
        if name == "img":
            alt = (node.get("alt") or "").strip()
            self.images.append(alt)
            return
        if name in _EMPHASIS:
            mark = _EMPHASIS[name]
            self.out.append(f"<{mark}>")
            self._children(node, pre)
            self.out.append(f"</{mark}>")
            return
        block = name in _BLOCKS
        if block:
            self.out.append(_PARAGRAPH)
        elif name in _CELLS:
            self.out.append(" ")
        # Emphasis set by a style (a word processor's paste, a Google Docs export).
        marks = self._style_marks(node)
        self.out.extend(f"<{m}>" for m in marks)
        self._children(node, pre or name == "pre")
        self.out.extend(f"</{m}>" for m in reversed(marks))
        if block:
            self.out.append(_PARAGRAPH)
        elif name in _CELLS:
            self.out.append(" ")

    def _style_marks(self, node: etree._Element) -> list[str]:
        marks = []
        style = node.get("style")
        if style:
            if _ITALIC.search(style):
                marks.append("i")
            if _BOLD.search(style):
                marks.append("b")
        if self.styled and node.get("class"):
            for name in node.get("class").split():
                mark = self.styled.get(name)
                if mark and mark not in marks:
                    marks.append(mark)
        return marks

    def text(self) -> str:
        """The paragraphs written, each apart by a blank line; a paragraph's `<br>` lines
        kept as lines, two line breaks in a row a paragraph break (as old pages set them)."""
        paragraphs: list[str] = []
        for chunk in "".join(self.out).split(_PARAGRAPH):
            for para in re.split(r"\n[ \t]*\n", chunk):
                lines = [_tidy(line) for line in para.split("\n")]
                lines = [line for line in lines if line]
                if lines:
                    paragraphs.append("\n".join(lines))
        return "\n\n".join(paragraphs) + "\n" if paragraphs else ""


_EMPTY_MARK = re.compile(r"<(i|b)>(\s*)</\1>")
_EDGE_OPEN = re.compile(r"^((?:<[ib]>)*)\s+")
_EDGE_CLOSE = re.compile(r"\s+((?:</[ib]>)*)$")


def _tidy(line: str) -> str:
    """A line without the spaces at its ends (also those inside emphasis at its ends), and
    without emphasis that holds nothing; a line of only `&nbsp;` is empty."""
    line = line.strip(" \t\u00a0")
    if "<" not in line:
        return line
    while True:
        cleaned = _EMPTY_MARK.sub(r"\2", line)
        if cleaned == line:
            break
        line = cleaned
    line = _EDGE_OPEN.sub(r"\1", line)
    line = _EDGE_CLOSE.sub(r"\1", line)
    return line.strip(" \t\u00a0")
