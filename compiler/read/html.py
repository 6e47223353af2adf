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
        """A paragraph of its own (a heading, a field, a label), written as given."""
        self.out.append(_PARAGRAPH + text.replace("\n", " ") + _PARAGRAPH)

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
        if "<" in text:
            text = _TAG_LIKE.sub("<" + WORD_JOINER, text)
        if "&" in text:
            text = _ENTITY_LIKE.sub("&" + WORD_JOINER, text)
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


# ── a page being written as a story ──────────────────────────────────────────────────

class PageStory:
    """A story being written from a page: the writer, and the elements it used."""

    def __init__(self, form: str) -> None:
        self.form = form
        self.writer = Writer()
        self.used: set[etree._Element] = set()
        self.left: list[LeftOut] = []
        self.chapters = 0

    def fields(self, pairs: list[tuple[str, str]]) -> None:
        """A header block: `Key: value` lines, one after another as archives' text gives them."""
        lines = []
        for key, value in pairs:
            key, value = key.strip().rstrip(":").strip(), " ".join(value.split())
            if key and value:
                lines.append(f"{key}: {value}")
        if lines:
            self.writer.out.append("\x00" + "\n".join(lines) + "\x00")

    def line(self, text: str) -> None:
        if text.strip():
            self.writer.line(text.strip())

    def body(self, element: etree._Element) -> None:
        self.writer.element(element)
        self.used.add(element)

    def labelled(self, label: str, element: etree._Element) -> None:
        """A note or summary: its label on the line of its first paragraph, as typed text has it."""
        inner = Writer(self.writer.skip)
        inner.element(element)
        paragraphs = inner.text().strip().split("\n\n") if inner.text().strip() else []
        if not paragraphs:
            return
        self.writer.out.append("\x00" + f"{label}: " + "\n".join(paragraphs) + "\x00")
        self.used.add(element)

    def heading(self, text: str) -> None:
        """A chapter's heading: as the page gives it when it reads as one, else numbered
        as the archive shows it (`Chapter 2: The Keeper`)."""
        self.chapters += 1
        text = re.sub(r"\s+", " ", text).strip()
        if not text:
            self.line(f"Chapter {self.chapters}")
        elif CHAPTER_LIKE.match(text):
            self.line(text)
        else:
            self.line(f"Chapter {self.chapters}: {text}")

    def leave(self, what: str, element: etree._Element | None = None, text: str = "") -> None:
        if element is not None:
            text = plain(element)
            self.used.add(element)
        if text.strip():
            self.left.append(LeftOut(what, words_in(text), first_words(text)))

    def unused(self, element: etree._Element):
        """The elements under `element` not yet used, in document order, never going into
        one that is used (or is used by the time its turn comes): linear in the page."""
        for child in element:
            if child in self.used:
                continue
            yield child
            if child not in self.used:
                yield from self.unused(child)

    def done(self, body: etree._Element) -> HtmlStory:
        self.left.extend(rest_of_page(body, self.used))
        root = body.getroottree().getroot()
        unread = {
            "scripts (never run)": sum(1 for _ in root.iter("script", "noscript")),
            "styles": sum(1 for _ in root.iter("style")) + sum(
                1 for e in root.iter("link") if "stylesheet" in (e.get("rel") or "").lower()),
            "forms and buttons": sum(1 for _ in root.iter("form", "button", "select", "input", "textarea")),
        }
        for what, count in unread.items():
            if count:
                self.left.append(LeftOut(f"{what} ×{count}", 0))
        if self.writer.images:
            alts = "; ".join(a for a in self.writer.images if a)
            self.left.append(LeftOut(f"images ×{len(self.writer.images)}", words_in(alts), first_words(alts)))
        merged: dict[str, LeftOut] = {}
        for part in self.left:  # one entry for each kind of thing left out
            if part.what in merged:
                before = merged[part.what]
                part = LeftOut(part.what, before.words + part.words, before.text or part.text)
            merged[part.what] = part
        return HtmlStory(self.writer.text(), self.form, tuple(merged.values()))


CHROME = re.compile(
    r"nav|menu|breadcrumb|footer|header|sidebar|comment|review|share|social|cookie|banner|advert|\bads?\b|related"
    r"|login|signup|search|toolbar|pagination|pager", re.I,
)


def is_chrome(element: etree._Element) -> bool:
    name = tag(element)
    if name in ("nav", "aside", "footer", "header") or element.get("role") in ("navigation", "banner", "contentinfo"):
        return True
    label = " ".join([element.get("id") or "", element.get("class") or ""])
    return bool(label.strip()) and bool(CHROME.search(label)) and name not in ("body", "html", "p", "span", "i", "b")


def region(element: etree._Element) -> str:
    label = " ".join([tag(element), element.get("id") or "", element.get("class") or "", element.get("role") or ""])
    for pattern, what in (
        (r"toc-heading", "AO3's contents headings"), (r"review", "reviews"), (r"comment|kudos|feedback", "comments"),
        (r"nav|menu|breadcrumb|pag|toolbar|links|\btop\b", "navigation"),
        (r"footer|contentinfo", "the page's footer"), (r"header|banner", "the page's header"),
        (r"share|social", "sharing buttons"), (r"advert|\bads?\b", "advertising"), (r"aside|sidebar", "a sidebar"),
        (r"login|signup|search", "the site's forms"), (r"cookie", "a cookie notice"),
    ):
        if re.search(pattern, label, re.I):
            return what
    return "the rest of the page"


def rest_of_page(body: etree._Element, used: set[etree._Element]) -> list[LeftOut]:
    """What of the page no shape used, by region (navigation, reviews, footer …)."""
    taken = used
    holding = {parent for element in used for parent in element.iterancestors()}
    found: dict[str, list[str]] = {}

    def walk(element: etree._Element) -> None:
        for child in element:
            if child in taken or tag(child) in ("script", "style", "noscript", "template") or not tag(child):
                continue
            if child in holding:
                walk(child)
                loose = " ".join(t for t in [child.text] if t and t.strip())
                if loose:
                    found.setdefault("the rest of the page", []).append(loose)
            else:
                text = plain(child)
                if text:
                    found.setdefault(region(child), []).append(text)
            if child.tail and child.tail.strip() and element in holding | {body}:
                found.setdefault("the rest of the page", []).append(child.tail.strip())

    if body not in taken:
        walk(body)
    return [LeftOut(what, words_in(" ".join(texts)), first_words(" ".join(texts))) for what, texts in found.items()]
