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
from datetime import datetime
from typing import Callable

from compiler.model import Collection
from compiler.render.book import contents_anchors, part_html, render_numbered_front, render_print_story
from compiler.write.fetch import NO_STYLE, PdfStyle
from compiler.write.pdf_overlay import OVERLAY_CSS, overlaid, overlaid_front, overlay_html
from compiler.write.pdf_parts import NO_MARGIN_TEXT, OpenPool, Part, cut_into_parts, layout_part, page_labels

Progress = Callable[[int, int], None]  # (parts done, parts in all)

STATIC_CONTENTS_CSS = """
nav.contents.static .page-number::before { content: leader(". "); }
"""


def _outline(writer, parts_tree: list, offset: int, parent) -> None:
    for label, (page, _x, _y), children, _state in parts_tree:
        item = writer.add_outline_item(title=label, page_number=offset + page, parent=parent)
        _outline(writer, children, offset, item)


def parallel_pdf_bytes(
    collection: Collection,
    jobs: int,
    open_pool: OpenPool,
    modified: datetime | None = None,
    user_css: PdfStyle = NO_STYLE,
    page_size_css: str = "",
    progress: Progress | None = None,
) -> tuple[bytes, list[str]]:
    """The book laid out in parts by `jobs` (which decides how it is cut, so the same
    jobs give the same bytes whichever workers `open_pool` gives) and joined.

    Each part's overlay is laid out and merged onto it by a worker as soon as the parts
    before it are done (its page numbers depend on their lengths), while later parts are
    still being laid out."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject

    theme = collection.meta.style or "classic"
    # The stylesheet travels as text with its files: a worker elsewhere may not see this machine's.
    user = user_css
    size = [f"@page {{ size: {page_size_css}; }}"] if page_size_css else []
    groups = cut_into_parts(collection, jobs)
    story_jobs = [
        (
            part_html(collection, "".join(render_print_story(collection, n) for n in group)),
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
        """The folio each part opens on: a right-hand (odd) page, the first story's page
        numbered 1 (the front matter, an even number of pages, has folios of its own)."""
        firsts, page = [], 0
        for part in parts:
            page += page % 2  # a blank page before a part that would open on a left-hand page
            firsts.append(page + 1)
            page += part.pages
        return firsts

    def overlay_job(first: int, kinds: list[str]) -> tuple:
        extra = [*size, OVERLAY_CSS, f"@page :first {{ counter-reset: page {first}; }}"]
        return (overlay_html(collection, 0, kinds), theme, extra, user)

    def front_job(front_pages: int, numbers: dict[str, int]) -> tuple:
        return ((render_numbered_front(collection, numbers), theme, front_css, user),
                (overlay_html(collection, front_pages, []), theme, [*size, OVERLAY_CSS], user), front_pages)

    def numbers_of(front_pages: int, parts: list[Part]) -> dict[str, int]:
        numbers: dict[str, int] = {}
        for first, part in zip(first_pages(front_pages, parts), parts):
            for anchor, index in part.anchors.items():
                numbers.setdefault(anchor, first + index)
        return numbers

    step = progress or (lambda done, total: None)
    total = 2 * len(groups) + 1  # the parts laid out, the parts overlaid, the front matter
    done = 0
    with open_pool(len(groups) + 2) as pool:
        # The front matter's length does not depend on the numbers in its contents:
        # lay it out with stand-ins first, then again with them.
        placeholder = {anchor: 888 for anchor in contents_anchors(collection)}
        first_front = pool.submit(layout_part, (render_numbered_front(collection, placeholder), theme, front_css, user))
        futures = [pool.submit(layout_part, job) for job in story_jobs]
        front_pages = first_front.result().pages
        front_pages += front_pages % 2
        parts: list[Part] = []
        finishing = []
        for group, future in zip(groups, futures):
            parts.append(future.result())
            done += 1
            step(done, total)
            first = first_pages(front_pages, parts)[-1]
            finishing.append(pool.submit(overlaid, (parts[-1].pdf, overlay_job(first, pages_of(group, parts[-1])))))
        front_future = pool.submit(overlaid_front, front_job(front_pages, numbers_of(front_pages, parts)))
        finished = []
        for future in finishing:
            finished.append(future.result())
            done += 1
            step(done, total)
        front, laid_out = front_future.result()
        if laid_out + laid_out % 2 != front_pages:  # the numbers changed its length after all
            front_pages = laid_out + laid_out % 2
            front, _ = overlaid_front(front_job(front_pages, numbers_of(front_pages, parts)))
            finished = [
                overlaid((part.pdf, overlay_job(first, pages_of(group, part))))
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
    writer.create_viewer_preferences().display_doctitle = True
    for number, (index, style, start) in enumerate(labels := page_labels(starts[0])):
        last = labels[number + 1][0] - 1 if number + 1 < len(labels) else len(writer.pages) - 1
        writer.set_page_label(index, last, style=style, start=start)
    # Not tagged: each part's structure tree numbers its own pages, and pypdf's join
    # keeps none of them (a tagged book is laid out in one process).
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), []
