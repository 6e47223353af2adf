"""Any other page: the story is the element that holds nearly all of the page's text
outside its chrome (navigation, comments, footers: html.py's `is_chrome`), or the whole
body when the text is the page; its first heading (or the short title over the story's
element) is the title, and further headings of one level are its chapters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from compiler.read.html import (
    CHAPTER_LIKE, DROPPED, HEADINGS, HtmlStory, PageStory, is_chrome, plain, region, tag,
)

if TYPE_CHECKING:
    from lxml import etree


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


