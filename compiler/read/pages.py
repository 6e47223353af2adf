"""Pages: a story being written from a page (`PageStory`: its header, chapters and notes,
what of the page was used and what was left out, listed by region), and any page no
archive's shape fits: the story is the element that holds nearly all of the page's text
outside its chrome (navigation, comments, footers), or the whole body when the text is
the page; its first heading (or the short title over the story's element) is the title,
and further headings of one level are its chapters.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from compiler.read.html import (
    CHAPTER_LIKE, DROPPED, HEADINGS, HtmlStory, LeftOut, Writer, escaped, first_words, plain, tag, words_in,
)

if TYPE_CHECKING:
    from lxml import etree


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
                lines.append(escaped(f"{key}: {value}"))
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


def any_page(root: etree._Element, body: etree._Element) -> HtmlStory:
    """The story's element written as the story; the page's own headings as the title
    (the first) and chapters (the others); the page's chrome inside it left out."""
    story = PageStory("a web page")
    container = _main_element(body)
    chrome = [e for e in container.iter() if e is not container and is_chrome(e)]
    outer = set(chrome)
    for element in chrome:
        if not any(parent in outer for parent in element.iterancestors()):
            story.leave(region(element), element)
            story.writer.skip.add(element)
    headings = [h for h in container.iter(*HEADINGS)
                if h not in outer and not any(parent in outer for parent in h.iterancestors())]
    if container is not body and not headings and (title := _title_before(body, container)) is not None:
        story.line(plain(title))
        story.used.add(title)
    if headings:
        level = {h: int(tag(h)[1]) for h in headings}
        title, rest = headings[0], headings[1:]
        top = min(level.values())
        if level[title] == top and sum(1 for h in headings if level[h] == top) == 1 and rest:
            under = min(level[h] for h in rest)
            chapters = [h for h in rest if level[h] == under]
        else:
            title, chapters = None, [h for h in headings if level[h] == top]
        if len(chapters) < 2 and not any(CHAPTER_LIKE.match(plain(h)) for h in chapters):
            chapters = []
        story.writer.skip.update(chapters)
        _write_with_headings(story, container, set(chapters), title)
    else:
        story.body(container)
    story.used.add(container)
    return story.done(body)


def _write_with_headings(story: PageStory, container: etree._Element, chapters: set, title) -> None:
    """The container's text, each chapter heading a chapter line where it stands."""
    writer = story.writer
    writer.skip.difference_update(chapters)
    # Write by walking: a chapter heading is written as a chapter line, the rest as text.
    original = writer._node

    def node(element, pre):  # a chapter heading or the title, written as a line of its own
        if element in chapters:
            story.heading(plain(element))
        elif element is title:
            story.line(plain(element))
        else:
            original(element, pre)

    writer._node = node
    try:
        story.body(container)
    finally:
        writer._node = original


def _title_before(body: etree._Element, container: etree._Element) -> etree._Element | None:
    """The story's title over its element: the last heading, or element named a title
    (`div#pagetitle`), of one short line before it and outside the page's chrome."""
    found = None
    for element in body.iter():
        if element is container:
            return found
        label = f"{element.get('id') or ''} {element.get('class') or ''}".lower()
        if (tag(element) in HEADINGS or "title" in label) and 0 < len(plain(element)) <= 200 and not any(
            is_chrome(e) for e in (element, *element.iterancestors())
        ):
            found = element
    return found


def _main_element(body: etree._Element) -> etree._Element:
    """The story's element: from the body down, into the one child that holds nearly all
    of the text not in the page's chrome (90 %), for as long as one does. A story split
    over several elements (a chapter to a `<div>`) stops the descent above them: more of
    the page kept is a word of the site too many, a descent too deep a chapter lost."""
    sizes: dict = {}

    def size(element: etree._Element) -> int:
        if tag(element) in DROPPED or (element is not body and is_chrome(element)):
            total = 0
        else:
            total = len((element.text or "").strip()) + sum(size(child) for child in element)
        sizes[element] = total
        return total + (len(element.tail.strip()) if element.tail and element is not body else 0)

    size(body)
    node = body
    while True:
        children = [child for child in node if tag(child)]
        if not children:
            return node
        largest = max(children, key=lambda child: sizes.get(child, 0))
        if sizes.get(largest, 0) < 0.9 * sizes[node] or sizes[node] == 0:
            return node
        node = largest


