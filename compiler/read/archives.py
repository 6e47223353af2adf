"""Archives' HTML: which part of a page is the story, its header, chapters and notes.

Each shape is recognised by the markup its archive or tool writes, and written as the
text the detect stage already reads (`Rating: …` header lines, the title, `by Author`,
`Summary:` and `Notes:` labels, chapter heading lines):

- AO3's "Download → HTML": `div#preface` (title, byline, `dl.tags` of Rating, Archive
  Warning, Fandom, Relationship, Character, Additional Tags, Series, Stats; Summary and
  Notes blockquotes), `div#chapters` (each chapter's `h2.heading`, its summary, notes
  and end notes), `div#afterword` (the work's end notes);
- a work's page on AO3 as a browser saved it: `dl.work.meta`, and `#workskin` with its
  preface modules and each `div.chapter`;
- FanFicFare's HTML: an `h1` of title and author, a `table.full` of `<b>Label:</b>`
  rows, a table of contents, `<a name="section…"><h2>` chapter headings;
- a saved FanFiction.net page: `div#storytext`, with `#profile_top` (title, author,
  summary, the `Rated: … - Words: …` line) and the chapter menu's chosen chapter;
- a saved LiveJournal or Dreamwidth entry: `.entry-content` and the entry's title;
- any other page: pages.py.

Everything else the page had (navigation, reviews, comments, menus, footers, scripts,
styles) is left out and listed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from compiler.read.html import HEADINGS, HtmlStory, classes, parse_html, plain, tag
from compiler.read.pages import PageStory, any_page

if TYPE_CHECKING:
    from lxml import etree


def read_html(text: str) -> HtmlStory:
    """An HTML story's text in the plain-text shape, what the page was, and what was left out."""
    root = parse_html(text)
    body = root.find(".//body")
    if body is None:
        body = root
    for shape in (_ao3, _ao3_page, _fanficfare, _fanfiction_net, _journal):
        found = shape(root, body)
        if found is not None:
            return found
    return any_page(root, body)


# ── AO3 ──────────────────────────────────────────────────────────────────────────────

_AO3_LABELS = {
    "summary": "Summary", "notes": "Notes", "chapter summary": "Chapter Summary", "chapter notes": "Chapter Notes",
    "chapter end notes": "End Notes", "end notes": "End Notes",  # "Chapter End Notes:" reads as no label
}


def _by_id(root: etree._Element, name: str) -> etree._Element | None:
    found = root.xpath(f"//*[@id='{name}']")
    return found[0] if found else None


def _ao3(root: etree._Element, body: etree._Element) -> HtmlStory | None:
    preface, chapters = _by_id(root, "preface"), _by_id(root, "chapters")
    if preface is None or chapters is None:
        return None
    story = PageStory("AO3 download")
    meta = next((e for e in preface.iter() if "meta" in classes(e)), preface)
    title = next((e for e in meta.iter("h1")), None)
    if title is not None:
        story.line(plain(title))
        story.used.add(title)
    byline = next((e for e in meta.iter() if "byline" in classes(e)), None)
    if byline is not None:
        story.line(plain(byline))
        story.used.add(byline)
    tags = next((e for e in preface.iter("dl") if "tags" in classes(e)), None)
    if tags is not None:
        pairs = [(plain(dt), plain(dt.getnext())) for dt in tags.iter("dt")
                 if dt.getnext() is not None and tag(dt.getnext()) == "dd"]
        story.fields(pairs)
        story.used.add(tags)
    _ao3_meta(story, meta)
    for message in preface.iter():
        if "message" in classes(message):
            story.leave("AO3's message", message)
    for child in chapters:
        name, kinds = tag(child), classes(child)
        if "toc-heading" in kinds:
            story.leave("AO3's contents heading", child)
        elif "meta" in kinds:
            _ao3_meta(story, child)
        elif name in HEADINGS:
            story.heading(plain(child))
            story.used.add(child)
        elif name:
            story.body(child)
    if not len(chapters) and (chapters.text or "").strip():
        story.body(chapters)
    afterword = _by_id(root, "afterword")
    if afterword is not None:
        for child in afterword.iter():
            if "meta" in classes(child):
                _ao3_meta(story, child)
        for child in afterword.iter():
            if "message" in classes(child):
                story.leave("AO3's message", child)
            elif child.get("id") == "children" or "children" in classes(child):
                story.leave("related works", child)
    return story.done(body)


def _ao3_meta(story: PageStory, meta: etree._Element) -> None:
    """An AO3 preface or chapter's meta group: its heading, each `<p>Label</p>` and the
    blockquote after it as a labelled note or summary, a list of the works it comes from
    (a translation of, inspired by) as a note; "See the end" pointers left out."""
    label = ""
    for element in story.unused(meta):
        kinds = classes(element)
        if "endnote-link" in kinds:
            story.leave("AO3's pointer to notes", element)
        elif "heading" in kinds and tag(element) in HEADINGS and "toc-heading" not in kinds:
            story.heading(plain(element))
            story.used.add(element)
        elif tag(element) == "p" and plain(element).casefold().rstrip(":") in _AO3_LABELS:
            label = _AO3_LABELS[plain(element).casefold().rstrip(":")]
            story.used.add(element)
        elif tag(element) == "blockquote" and label:
            story.labelled(label, element)
            label = ""
        elif "toc-heading" in kinds:
            story.leave("AO3's contents heading", element)
        elif tag(element) in ("ul", "ol") and plain(element):
            # What the work is a translation of, inspired by or a gift for: a note, as AO3 shows it.
            story.labelled("Notes", element)
    # Anything else the group holds is not taken: the page's rest lists it (nothing goes unseen).


def _ao3_page(root: etree._Element, body: etree._Element) -> HtmlStory | None:
    """A work's page on AO3 as a browser saved it: `dl.work.meta` of tags, `#workskin`
    with the preface (title, byline, summary and notes modules) and `#chapters` (each
    `div.chapter`: its title, modules and `div.userstuff`), the work's end notes."""
    skin = _by_id(root, "workskin")
    if skin is None:
        return None
    story = PageStory("a saved AO3 page")
    title = next((e for e in skin.iter("h2") if "title" in classes(e)), None)
    if title is not None:
        story.line(plain(title))
        story.used.add(title)
    byline = next((e for e in skin.iter() if {"byline", "heading"} <= classes(e)), None)
    if byline is not None:
        story.line(f"by {plain(byline)}")
        story.used.add(byline)
    tags = next((e for e in body.iter("dl") if {"work", "meta"} <= classes(e)), None)
    if tags is not None:
        story.fields([(plain(dt), plain(dt.getnext())) for dt in tags
                      if tag(dt) == "dt" and dt.getnext() is not None and tag(dt.getnext()) == "dd"])
        story.used.add(tags)
    for element in story.unused(skin):
        kinds = classes(element)
        if "landmark" in kinds:
            story.leave("AO3's landmark headings", element)
        elif "module" in kinds and kinds & {"summary", "notes"} and "userstuff" not in kinds:
            quote = next(element.iter("blockquote"), None)
            label = "End Notes" if "end" in kinds or element.get("id") == "work_endnotes" else (
                "Summary" if "summary" in kinds else "Notes")
            if quote is not None:
                story.labelled(("Chapter " if label != "End Notes" and _in_chapter(element) else "") + label, quote)
            story.used.add(element)
        elif tag(element) == "h3" and "title" in kinds:
            story.heading(plain(element))
            story.used.add(element)
        elif "userstuff" in kinds and tag(element) == "div":
            for landmark in [e for e in element.iter() if "landmark" in classes(e)]:
                story.leave("AO3's landmark headings", landmark)
                story.writer.skip.add(landmark)
            story.body(element)
    return story.done(body)


def _in_chapter(element: etree._Element) -> bool:
    return any("chapter" in classes(parent) for parent in element.iterancestors())


# ── FanFicFare ───────────────────────────────────────────────────────────────────────


def _fanficfare(root: etree._Element, body: etree._Element) -> HtmlStory | None:
    table = next((t for t in body.iter("table") if "full" in classes(t)), None)
    anchors = [a for a in body.iter("a") if (a.get("name") or "").startswith("section")]
    if table is None or not anchors:
        return None
    story = PageStory("FanFicFare HTML")
    head = next(body.iter("h1"), None)
    if head is not None:
        title, _, author = plain(head).rpartition(" by ")
        story.line(title or plain(head))
        if author:
            story.line(f"by {author}")
        story.used.add(head)
    summary = None
    pairs = []
    for row in table.iter("tr"):
        cells = [c for c in row if tag(c) in ("td", "th")]
        if len(cells) >= 2:
            key = plain(cells[0]).rstrip(":")
            if key.casefold() in ("summary", "description"):
                summary = cells[1]
            elif key.casefold() not in ("title", "author"):
                pairs.append((key, plain(cells[1])))
    story.fields(pairs)
    if summary is not None:
        story.labelled("Summary", summary)
    story.used.add(table)
    for element in body.iter("a"):
        if element.get("name") == "TOCTOP":
            contents = element.getnext()
            story.leave("the table of contents", element)
            if contents is not None and tag(contents) == "p":
                story.leave("the table of contents", contents)
    # The chapters: each `<a name="sectionN"><h2>` heading, and what follows it up to the next.
    for element in _after(table):
        if element in story.used:
            continue
        heading = element if tag(element) in HEADINGS else next((h for h in element.iter(*HEADINGS)), None)
        if tag(element) == "a" and (element.get("name") or "").startswith("section") or (
            heading is not None and heading is element and tag(element) == "h2"
        ):
            story.heading(plain(heading if heading is not None else element))
            story.used.add(element)
        elif tag(element):
            story.body(element)
    return story.done(body)


def _after(element: etree._Element):
    """The elements after `element` at its level and then at its parents' levels."""
    node = element
    while node is not None:
        sibling = node.getnext()
        while sibling is not None:
            yield sibling
            sibling = sibling.getnext()
        node = node.getparent()
        if node is not None and tag(node) in ("body", "html"):
            break


# ── FanFiction.net ───────────────────────────────────────────────────────────────────


def _fanfiction_net(root: etree._Element, body: etree._Element) -> HtmlStory | None:
    text = _by_id(root, "storytext")
    if text is None:
        text = _by_id(root, "storycontent")  # the mobile site's
    if text is None:
        return None
    story = PageStory("a saved FanFiction.net page")
    profile = _by_id(root, "profile_top")
    summary = None
    if profile is not None:
        bold = next((b for b in profile.iter("b")), None)
        if bold is not None:
            story.line(plain(bold))
            story.used.add(bold)
        author = next((a for a in profile.iter("a") if (a.get("href") or "").lstrip("/").startswith(("u/", "~"))
                       or "/u/" in (a.get("href") or "")), None)
        if author is not None:
            story.line(f"by {plain(author)}")
            story.used.add(author)
        for element in profile.iter("span"):
            line = plain(element)
            if line.startswith("Rated:"):
                story.fields(_ffn_fields(line))
                story.used.add(element)
        summary = next((d for d in profile.iter("div") if "xcontrast_txt" in classes(d) and not len(d)), None)
        if summary is not None:
            story.labelled("Summary", summary)
    chosen = next((o for o in root.iter("option") if o.get("selected") is not None
                   and (o.getparent() is not None and o.getparent().get("id") in ("chap_select", None))), None)
    if chosen is not None:
        story.heading(plain(chosen))
    story.body(text)
    return story.done(body)


_GENRES = frozenset(
    "adventure angst crime drama family fantasy friendship general horror humor hurt comfort mystery parody poetry "
    "romance sci-fi spiritual supernatural suspense tragedy western".split()
)


def _ffn_fields(line: str) -> list[tuple[str, str]]:
    """`Rated: Fiction T - English - Romance/Drama - Maren H., Ida T. - Chapters: 3 - Words: 5,012 - …`
    as fields: the keyed parts as they are, the others by their place (language, genre, characters)."""
    fields: list[tuple[str, str]] = []
    unkeyed = ["Language", "Genre", "Characters"]
    for part in (p.strip() for p in line.split(" - ")):
        key, colon, value = part.partition(":")
        if colon and key == "id":
            continue  # the archive's number for the story
        if colon and key and len(key) < 20:
            fields.append(("Rating" if key == "Rated" else key, value.strip()))
            continue
        while unkeyed:
            name = unkeyed.pop(0)
            if name != "Genre" or all(g.casefold() in _GENRES for g in re.split(r"/|&", part.replace("Hurt/Comfort", "hurt/comfort"))):
                fields.append((name, part))
                break
    return fields


# ── LiveJournal, Dreamwidth ──────────────────────────────────────────────────────────

_ENTRY = ("entry-content", "b-singlepost-bodywrapper", "asset-body", "entry_text", "entrytext")
_ENTRY_TITLE = ("entry-title", "b-singlepost-title", "subject", "asset-name", "entry-header")


def _journal(root: etree._Element, body: etree._Element) -> HtmlStory | None:
    entry = next((e for e in body.iter() if classes(e) & set(_ENTRY)), None)
    if entry is None:
        return None
    story = PageStory("a saved LiveJournal or Dreamwidth entry")
    title = next((e for e in body.iter() if classes(e) & set(_ENTRY_TITLE) and e is not entry
                  and entry not in set(e.iterancestors())), None)
    if title is not None and plain(title):
        story.line(plain(title))
        story.used.add(title)
    story.body(entry)
    return story.done(body)
