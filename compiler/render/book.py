"""The printed book as HTML: Collection → the one document WeasyPrint lays out as the
PDF (half-title, title page, contents, then every story), and the front matter alone
with its contents' page numbers written in, for a PDF laid out in parts."""

from __future__ import annotations

from datetime import datetime, timezone

from compiler.model import Collection, SectionKind, walk_sections
from compiler.render.documents import NavPoint, layout_collection
from compiler.render.print_story import render_print_story
from compiler.render.titles import HALF_TITLE_CHARACTERS, lines_markup, split_title
from compiler.render.xhtml import render_titlepage, section_anchor
from compiler.render.xml import escape, quoteattr


def render_halftitle(collection: Collection) -> str:
    """The half-title: the book's title alone on its first leaf, as printed books open."""
    main = lines_markup(split_title(collection.meta.title).main, HALF_TITLE_CHARACTERS)
    return f'<section class="halftitle" id="halftitle"><p class="halftitle-title">{main}</p></section>'


def _chapters(collection: Collection) -> set[str]:
    return {
        section_anchor(number, section)
        for number, story in enumerate(collection.stories, start=1)
        for section in walk_sections(story.sections)
        if section.kind is SectionKind.CHAPTER
    }


def printed_contents(collection: Collection) -> tuple[NavPoint, ...]:
    """What the printed contents lists: the stories and their chapters. Author's notes
    and flashbacks stay in the PDF's bookmarks (and the EPUB's contents), not on paper."""
    chapters = _chapters(collection)

    def keep(point: NavPoint) -> NavPoint:
        children = tuple(keep(child) for child in point.children if contents_anchor(child) in chapters)
        return NavPoint(point.title, point.href, children, point.anchor)

    return tuple(keep(story) for story in layout_collection(collection).nav[0].children)


def contents_anchor(point: NavPoint) -> str:
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
            f'<li class="level-{depth}"><a href="#{escape(contents_anchor(point))}">{escape(point.title)}</a>{children}</li>'
        )
    return f"<ol>{''.join(items)}</ol>"


def render_contents(collection: Collection) -> str:
    """The printed contents: stories and their chapters, with the page each opens on
    (print.css fills in the numbers and the dotted leaders)."""
    stories = printed_contents(collection)
    return (
        '<nav class="contents" id="contents"><h2 class="contents-title">Contents</h2>'
        f"{_contents_list(stories, 1)}</nav>"
    )


def render_html(collection: Collection, modified: datetime | None = None, chapters_mode: str = "auto") -> str:
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
    # The stories in one element of their own: a blank page between two stories belongs
    # to it (a story page), the blank verso before the first to the front matter, whose
    # pages reset the page counter (print.css): the first story opens on page 1.
    body.append('<div class="stories">')
    body.extend(render_print_story(collection, number, chapters_mode) for number in range(1, len(collection.stories) + 1))
    body.append("</div>")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang={quoteattr(meta.language)} xmlns:epub="http://www.idpf.org/2007/ops">\n'
        f"<head>\n{chr(10).join(head)}\n</head>\n<body>\n{chr(10).join(body)}\n</body>\n</html>\n"
    )


def _part_head(collection: Collection) -> str:
    meta = collection.meta
    return f'<meta charset="utf-8"/><title>{escape(meta.title)}</title>'


def part_html(collection: Collection, body: str) -> str:
    """A part of the printed book (some of its stories, or its front matter) as a document."""
    return (
        f'<!DOCTYPE html>\n<html lang={quoteattr(collection.meta.language)} xmlns:epub="http://www.idpf.org/2007/ops">'
        f"<head>{_part_head(collection)}</head><body>{body}</body></html>"
    )


def render_numbered_front(collection: Collection, numbers: dict[str, int]) -> str:
    """Half-title, title page and a contents page with its page numbers written in (a
    part of a PDF laid out in parts, whose pages are numbered once all are laid out)."""

    def entries(points, depth: int) -> str:
        items = []
        for point in points:
            anchor = contents_anchor(point)
            number = numbers.get(anchor, "")
            children = entries(point.children, depth + 1) if point.children and depth < 2 else ""
            items.append(
                f'<li class="level-{depth}"><a class="entry" href="#{escape(anchor)}">{escape(point.title)}'
                f'<span class="page-number">{number}</span></a>{children}</li>'
            )
        return f"<ol>{''.join(items)}</ol>"

    stories = printed_contents(collection)
    # The entries link to the stories and chapters, which are in other parts: stand-ins
    # for them here (out of the flow: nothing moves) have WeasyPrint write the links,
    # whose destinations the joined book then names (pdf_parallel.py).
    targets = "".join(f'<span id="{escape(anchor)}"></span>' for anchor in contents_targets(collection))
    contents = (f'<nav class="contents static" id="contents"><h2 class="contents-title">Contents</h2>{entries(stories, 1)}'
                f'<div class="contents-targets">{targets}</div></nav>')
    return part_html(collection, render_halftitle(collection) + render_titlepage(collection) + contents)


def contents_targets(collection: Collection) -> list[str]:
    """The anchors the printed contents link to, in order."""
    found: list[str] = []

    def walk(points, depth: int) -> None:
        for point in points:
            found.append(contents_anchor(point))
            if depth < 2:
                walk(point.children, depth + 1)

    walk(printed_contents(collection), 1)
    return found
