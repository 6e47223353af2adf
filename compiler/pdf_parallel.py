"""Parallel PDF: a collection's stories laid out in worker processes, joined into one book.

WeasyPrint lays a document out on one core, so a collection of many stories is cut into
parts of a few stories each, laid out at once in several processes, and joined:

1. Each story is laid out alone, with its running heads and page numbers switched off;
   a part reports its pages, where each anchor (story, chapter, note) fell, and its
   bookmarks.
2. As soon as the parts before it are done (its page numbers depend on their lengths),
   a part gets its overlay, laid out with the same stylesheets: one empty page per page
   of the part, grouped by story exactly as the book is, so the theme's own running
   heads and page numbers (left and right, none on a story's opening page) fall on the
   right pages. A worker draws it over the part's pages while others lay out later parts.
3. The front matter (half-title, title page, contents) is laid out last, its contents
   page numbers written in from the parts' anchors, and overlaid the same way.
4. The parts are joined with pypdf (a blank page where a story must open on a right-hand
   page), the bookmarks rebuilt collection → story → sections, the metadata set, and the
   file identifier derived from the content, so the same inputs still give the same bytes.

The text, the pages and the bookmarks are those of a one-process build (tests compare
them); an archival PDF variant is always laid out in one process.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from compiler.assets import styles_dir, stylesheets
from compiler.executors import LOCAL, open_workers
from compiler.model import Collection
from compiler.render import render_story, render_titlepage
from compiler.xmltext import escape, quoteattr

_BOXES = ("top-left", "top-center", "top-right", "bottom-left", "bottom-center", "bottom-right")
_PAGES = ("", ":left", ":right", ":first", ":blank", "story", "story:left", "story:right", ":nth(1 of story)", "front")
# Parts carry no running heads or page numbers: the overlay draws them.
NO_MARGIN_TEXT = "\n".join(
    f"@page {page} {{ {' '.join(f'@{box} {{ content: none; }}' for box in _BOXES)} }}" for page in _PAGES
)
# The overlay draws nothing but them: the text of its hidden headings is not painted.
OVERLAY_CSS = """
.overlay-page { break-before: page; height: 1px; }
.overlay-story { page: story; break-before: page; }
.overlay-front { page: front; }
.overlay-blank { page: overlay-blank; break-before: page; height: 1px; }
.overlay-story h2, .overlay-front h1, h1.overlay-title { visibility: hidden; height: 0; margin: 0; padding: 0; font-size: 1px;
  bookmark-level: none; }
@page overlay-blank { @top-left { content: none; } @top-center { content: none; } @top-right { content: none; }
  @bottom-left { content: none; } @bottom-center { content: none; } @bottom-right { content: none; } }
"""


Progress = Callable[[int, int], None]  # (parts done, parts in all)


@dataclass(frozen=True)
class Part:
    pdf: bytes
    pages: int
    anchors: dict[str, int]  # anchor → page index within the part
    bookmarks: list  # WeasyPrint's bookmark tree: (label, (page, x, y), children, state)
    blank: tuple[bool, ...] = ()  # pages left blank so that a story opens on a right-hand page


def _head(collection: Collection) -> str:
    meta = collection.meta
    return f'<meta charset="utf-8"/><title>{escape(meta.title)}</title>'


def _html(collection: Collection, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang={quoteattr(collection.meta.language)} xmlns:epub="http://www.idpf.org/2007/ops">'
        f"<head>{_head(collection)}</head><body>{body}</body></html>"
    )


def _layout(job: tuple[str, str, list[str], tuple[str, str]]) -> Part:
    """Lay out one part (in a worker process, here or on a cluster): HTML, theme, extra
    CSS strings, and the user's stylesheet as (text, the URL its own links resolve from)."""
    html, theme, extra_css, (user_css, user_base) = job
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    sheets = [CSS(filename=str(path), font_config=fonts) for _, path in stylesheets("print", theme)]
    sheets += [CSS(string=css, font_config=fonts) for css in extra_css]
    if user_css:
        sheets.append(CSS(string=user_css, base_url=user_base, font_config=fonts))
    document = HTML(string=html, base_url=str(styles_dir()) + "/").render(stylesheets=sheets, font_config=fonts)
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    blank = tuple(page._page_box.page_type.blank for page in document.pages)
    return Part(document.write_pdf(), len(document.pages), anchors, document.make_bookmark_tree(), blank)


def _front_html(collection: Collection, numbers: dict[str, int]) -> str:
    """Half-title, title page and a contents page with its page numbers written in."""
    from compiler.chunks import layout_collection
    from compiler.pdf import _anchor, render_halftitle

    def entries(points, depth: int) -> str:
        items = []
        for point in points:
            anchor = _anchor(point)
            number = numbers.get(anchor, "")
            children = entries(point.children, depth + 1) if point.children and depth < 2 else ""
            items.append(
                f'<li class="level-{depth}"><span class="entry">{escape(point.title)}'
                f'<span class="page-number">{number}</span></span>{children}</li>'
            )
        return f"<ol>{''.join(items)}</ol>"

    stories = layout_collection(collection).nav[0].children
    contents = f'<nav class="contents static" id="contents"><h2 class="contents-title">Contents</h2>{entries(stories, 1)}</nav>'
    return _html(collection, render_halftitle(collection) + render_titlepage(collection) + contents)


STATIC_CONTENTS_CSS = """
nav.contents.static .page-number::before { content: leader(". "); }
"""


def _all_anchors(collection: Collection) -> list[str]:
    from compiler.chunks import layout_collection
    from compiler.pdf import _anchor

    found: list[str] = []

    def walk(points) -> None:
        for point in points:
            found.append(_anchor(point))
            walk(point.children)

    walk(layout_collection(collection).nav[0].children)
    return found


def _groups(collection: Collection, jobs: int) -> list[list[int]]:
    """Consecutive stories in parts of about equal length, a few per process: enough
    parts to keep every process busy, few enough that each part's setup (stylesheets,
    fonts) is paid rarely."""
    from compiler.model import plain_text, walk_sections

    sizes = []
    for story in collection.stories:
        size = sum(len(plain_text(n.inlines)) for s in walk_sections(story.sections) for n in s.content
                   if hasattr(n, "inlines"))
        sizes.append(max(size, 1))
    count = max(1, min(len(sizes), jobs * 3))
    target = sum(sizes) / count
    groups: list[list[int]] = [[]]
    running = 0.0
    for number, size in enumerate(sizes, start=1):
        if groups[-1] and running + size / 2 > target and len(groups) < count:
            groups.append([])
            running = 0.0
        groups[-1].append(number)
        running += size
    return groups


def _overlay_html(collection: Collection, front_pages: int, pages: list[str]) -> str:
    """One empty page per page of the book: the front matter's (when front_pages), then
    each page a blank one or a story's, a story's pages in a group that sets its title
    (so its first page is the group's first, as in the book)."""
    meta = collection.meta
    body = ['<div class="overlay-front">', f'<h1 class="collection-title">{escape(meta.title)}</h1>']
    body += ['<div class="overlay-page"></div>'] * (front_pages - 1)
    body.append("</div>")
    # A later piece starts with a story: the collection's title (for the left-hand running
    # heads) goes inside that story's first page, not on a page of its own.
    carry = f'<h1 class="collection-title overlay-title">{escape(meta.title)}</h1>'
    if not front_pages:
        body = []
    previous = ""
    for kind in pages:
        if kind == "blank":
            if previous not in ("", "blank"):
                body.append("</div>")
            body.append('<div class="overlay-blank"></div>')
        elif kind != previous:
            if previous not in ("", "blank"):
                body.append("</div>")
            title = collection.stories[int(kind) - 1].meta.title
            body.append(f'<div class="overlay-story"><h2 class="story-title">{escape(title)}</h2>')
            if not front_pages and carry:
                body.append(carry)
                carry = ""
        else:
            body.append('<div class="overlay-page"></div>')
        previous = kind
    if previous not in ("", "blank"):
        body.append("</div>")
    return _html(collection, "\n".join(body))


def _outline(writer, parts_tree: list, offset: int, parent) -> None:
    for label, (page, _x, _y), children, _state in parts_tree:
        item = writer.add_outline_item(title=label, page_number=offset + page, parent=parent)
        _outline(writer, children, offset, item)


def _merge(pdf: bytes, overlay: bytes, pad_to: int = 0) -> bytes:
    """The overlay's pages drawn over the part's, page for page (and blank pages added up
    to `pad_to`), content streams compressed again (merging leaves them uncompressed)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    first = writer.pages[0].mediabox
    while len(writer.pages) < pad_to:
        writer.add_blank_page(float(first.width), float(first.height))
    for page, over in zip(writer.pages, PdfReader(io.BytesIO(overlay)).pages):
        page.merge_page(over)
        page.compress_content_streams()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _overlaid(job: tuple[bytes, tuple]) -> bytes:
    """In a worker: a laid-out part with its running heads and page numbers drawn on."""
    pdf, overlay_job = job
    return _merge(pdf, _layout(overlay_job).pdf)


def _front(job: tuple[tuple, tuple, int]) -> tuple[bytes, int]:
    """In a worker: the front matter laid out, padded to `pages` and overlaid; and how
    many pages it took (when that is not what was planned, the caller starts over)."""
    front_job, overlay_job, pages = job
    front = _layout(front_job)
    return _merge(front.pdf, _layout(overlay_job).pdf, pad_to=pages), front.pages


def parallel_pdf_bytes(
    collection: Collection,
    jobs: int,
    modified: datetime | None = None,
    user_css: Path | None = None,
    page_size_css: str = "",
    executor: str = LOCAL,
    progress: Progress | None = None,
) -> tuple[bytes, list[str]]:
    """The book laid out in parts by `jobs` (which decides how it is cut, so the same
    jobs give the same bytes on any executor) and joined.

    Each part's overlay is laid out and merged onto it by a worker as soon as the parts
    before it are done (its page numbers depend on their lengths), while later parts are
    still being laid out."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject

    theme = collection.meta.style or "classic"
    # The stylesheet travels as text: a worker elsewhere may not see this machine's files.
    user = (user_css.read_text(encoding="utf-8"), user_css.resolve().as_uri()) if user_css else ("", "")
    size = [f"@page {{ size: {page_size_css}; }}"] if page_size_css else []
    author = collection.meta.author
    groups = _groups(collection, jobs)
    story_jobs = [
        (
            _html(collection, "".join(render_story(collection.stories[n - 1], n, author) for n in group)),
            theme,
            [*size, NO_MARGIN_TEXT],
            user,
        )
        for group in groups
    ]
    front_css = [*size, NO_MARGIN_TEXT, STATIC_CONTENTS_CSS]

    def pages_of(group: list[int], part: Part) -> list[str]:
        """Each page of a part: "blank", or the number of the story it belongs to."""
        starts = {part.anchors[f"story-{n}"]: n for n in group if f"story-{n}" in part.anchors}
        kinds, current = [], group[0]
        for index in range(part.pages):
            current = starts.get(index, current)
            kinds.append("blank" if part.blank[index] else str(current))
        return kinds

    def first_pages(front_pages: int, parts: list[Part]) -> list[int]:
        """The page number each part opens on: a right-hand (odd) page, after the front."""
        firsts, page = [], front_pages
        for part in parts:
            page += page % 2  # a blank page before a part that would open on a left-hand page
            firsts.append(page + 1)
            page += part.pages
        return firsts

    def overlay_job(first: int, kinds: list[str]) -> tuple:
        extra = [*size, OVERLAY_CSS, f"@page :first {{ counter-reset: page {first}; }}"]
        return (_overlay_html(collection, 0, kinds), theme, extra, user)

    def front_job(front_pages: int, numbers: dict[str, int]) -> tuple:
        return ((_front_html(collection, numbers), theme, front_css, user),
                (_overlay_html(collection, front_pages, []), theme, [*size, OVERLAY_CSS], user), front_pages)

    def numbers_of(front_pages: int, parts: list[Part]) -> dict[str, int]:
        numbers: dict[str, int] = {}
        for first, part in zip(first_pages(front_pages, parts), parts):
            for anchor, index in part.anchors.items():
                numbers.setdefault(anchor, first + index)
        return numbers

    step = progress or (lambda done, total: None)
    total = 2 * len(groups) + 1  # the parts laid out, the parts overlaid, the front matter
    done = 0
    with open_workers(executor, max(2, jobs), len(groups) + 2) as workers:
        assert workers is not None
        pool = workers.pool
        # The front matter's length does not depend on the numbers in its contents:
        # lay it out with stand-ins first, then again with them.
        placeholder = {anchor: 888 for anchor in _all_anchors(collection)}
        first_front = pool.submit(_layout, (_front_html(collection, placeholder), theme, front_css, user))
        futures = [pool.submit(_layout, job) for job in story_jobs]
        front_pages = first_front.result().pages
        front_pages += front_pages % 2
        parts: list[Part] = []
        finishing = []
        for group, future in zip(groups, futures):
            parts.append(future.result())
            done += 1
            step(done, total)
            first = first_pages(front_pages, parts)[-1]
            finishing.append(pool.submit(_overlaid, (parts[-1].pdf, overlay_job(first, pages_of(group, parts[-1])))))
        front_future = pool.submit(_front, front_job(front_pages, numbers_of(front_pages, parts)))
        finished = []
        for future in finishing:
            finished.append(future.result())
            done += 1
            step(done, total)
        front, laid_out = front_future.result()
        if laid_out + laid_out % 2 != front_pages:  # the numbers changed its length after all
            front_pages = laid_out + laid_out % 2
            front, _ = _front(front_job(front_pages, numbers_of(front_pages, parts)))
            finished = [
                _overlaid((part.pdf, overlay_job(first, pages_of(group, part))))
                for group, part, first in zip(groups, parts, first_pages(front_pages, parts))
            ]
        step(total, total)

    digest = hashlib.sha256(b"".join(p.pdf for p in parts) + front).digest()[:16]

    class _Writer(PdfWriter):
        def generate_file_identifiers(self) -> None:  # reproducible: derived from the content
            self._ID = ArrayObject((ByteStringObject(digest), ByteStringObject(digest)))

    writer = _Writer()
    for page in PdfReader(io.BytesIO(front)).pages:
        writer.add_page(page)
    box = writer.pages[0].mediabox
    starts = []
    for pdf in finished:
        if len(writer.pages) % 2:
            writer.add_blank_page(float(box.width), float(box.height))
        starts.append(len(writer.pages))
        for page in PdfReader(io.BytesIO(pdf)).pages:
            writer.add_page(page)

    top = writer.add_outline_item(title=collection.meta.title, page_number=0)
    for start, part in zip(starts, parts):
        _outline(writer, part.bookmarks, start, top)

    meta = collection.meta
    info = {"/Title": meta.title, "/Creator": "ficbind", "/Producer": "WeasyPrint and pypdf"}
    if meta.author:
        info["/Author"] = meta.author
    if meta.description:
        info["/Subject"] = meta.description
    if modified is not None:
        stamp = modified.strftime("D:%Y%m%d%H%M%SZ")
        info["/CreationDate"] = stamp
        info["/ModDate"] = stamp
    writer.add_metadata(info)
    writer._root_object[NameObject("/Lang")] = TextStringObject(meta.language)  # as the one-process build sets it
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), []
