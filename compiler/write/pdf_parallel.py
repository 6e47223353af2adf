"""Parallel PDF: a collection's stories laid out in worker processes, joined into one book.

WeasyPrint lays a document out on one core, so a collection of many stories is cut into
parts of a few stories each (a long story of a novel's chapters, at the chapters that
open a new page: render/print_story.py), laid out at once in several processes, and joined:

1. Each part is laid out alone, with its running heads and page numbers switched off;
   a part reports its pages, where each anchor (story, chapter, note) fell, which pages
   open a chapter, and its bookmarks. A part laid out from a right-hand page that opens
   the rest of a story on a left-hand one is moved across by the difference of the two
   sides' margins (its lines are the same); where the sides differ in more, it is laid
   out again behind a leading page that is dropped.
2. As soon as the parts before it are done (its page numbers depend on their lengths),
   a part gets its overlay, laid out with the same stylesheets: one empty page per page
   of the part, grouped by story exactly as the book is, so the theme's own running
   heads and page numbers (left and right, none on a story's opening page) fall on the
   right pages. A worker draws it over the part's pages while others lay out later parts.
3. The front matter (half-title, title page, contents) is laid out last, once, its
   contents' page numbers written in from the parts' anchors, and overlaid the same way
   (the folios count from the first story: its length moves no part's numbers).
4. The parts are joined with pypdf (a blank page where a story must open on a
   right-hand page; a story's chapters under its bookmark, whichever part they are in), each font subset once for the whole book and embedded once
   (pdf_fonts.py: the parts carry them whole), the bookmarks rebuilt collection → story → sections, the metadata set, and the
   file identifier derived from the content, so the same inputs still give the same bytes.

The text, the pages and the bookmarks are those of a one-process build (tests compare
them); an archival PDF variant is always laid out in one process.
"""

from __future__ import annotations

import hashlib
import io
from concurrent.futures import Executor, Future
from contextlib import ExitStack
from dataclasses import replace
from datetime import datetime
from typing import Callable

from compiler.model import Collection
from compiler.render.book import contents_targets, part_html, render_numbered_front
from compiler.render.print_story import print_story
from compiler.write.fetch import NO_STYLE, PdfStyle
from compiler.write.pdf_fonts import share_fonts
from compiler.write.pdf_overlay import OVERLAY_CSS, overlaid, overlaid_front, overlay_html
from compiler.write.pdf_parts import (
    LEAD_PAGE, NO_MARGIN_TEXT, Memo, OpenPool, Part, cut_into_parts, layout_part, page_labels, side_shifts,
)

Progress = Callable[[int, int], None]  # (parts done, parts in all)

STATIC_CONTENTS_CSS = """
nav.contents.static .page-number::before { content: leader(". "); }
nav.contents.static a::after { content: none; }
nav.contents.static .contents-targets { position: absolute; top: 0; left: 0; }
"""


class _Pending:
    """A step's result: from the memo, or to come from a worker (and then kept)."""

    def __init__(self, key: str | None, value=None, future: Future | None = None, memo: Memo | None = None) -> None:
        self.key, self.value, self.future, self.memo = key, value, future, memo

    def result(self):
        if self.future is not None:
            self.value, self.future = self.future.result(), None
            if self.memo is not None and self.key is not None:
                self.memo.put(self.key, self.value)
        return self.value


class _Runner:
    """Steps run by workers, which are started at the first step the memo does not hold."""

    def __init__(self, open_pool: OpenPool, tasks: int, memo: Memo | None) -> None:
        self.open_pool, self.tasks, self.memo = open_pool, tasks, memo
        self.stack = ExitStack()
        self.pool: Executor | None = None

    def __enter__(self) -> "_Runner":
        return self

    def __exit__(self, *exc) -> None:
        self.stack.__exit__(*exc)

    def submit(self, function: Callable, job, key_job=None) -> _Pending:
        """`key_job`: what the step's result depends on, when that is smaller than its input."""
        key = None
        if self.memo is not None:
            key = self.memo.key(function.__name__, job if key_job is None else key_job)
            found = self.memo.get(key)
            if found is not None:
                return _Pending(key, found)
        if self.pool is None:
            self.pool = self.stack.enter_context(self.open_pool(self.tasks))
        return _Pending(key, future=self.pool.submit(function, job), memo=self.memo)


def _name_destinations(writer, names: list[str], starts: list[int], parts: list[Part], moved: list[tuple]) -> None:
    """The destinations the contents' links name: each anchor's place on its page (moved
    across with it), as a one-process book has them (WeasyPrint's /XYZ, from the top left)."""
    from pypdf.generic import Fit

    for name in names:
        for start, part, shifts in zip(starts, parts, moved):
            if name in part.anchors:
                index = part.anchors[name]
                x, y = part.points.get(name, (0.0, 0.0))
                x = x * 0.75 + (shifts[index] if index < len(shifts) else 0.0)
                height = float(writer.pages[start + index].mediabox.height)
                writer.add_named_destination(name, start + index, Fit.xyz(round(x, 4), round(height - y * 0.75, 4), 0))
                break


def _outline(writer, parts_tree: list, offset: int, parent) -> list:
    items = []
    for label, (page, _x, _y), children, _state in parts_tree:
        items.append(item := writer.add_outline_item(title=label, page_number=offset + page, parent=parent))
        _outline(writer, children, offset, item)
    return items


def parallel_pdf_bytes(
    collection: Collection,
    jobs: int,
    open_pool: OpenPool,
    modified: datetime | None = None,
    user_css: PdfStyle = NO_STYLE,
    page_size_css: str = "",
    progress: Progress | None = None,
    memo: Memo | None = None,
    chapters_mode: str = "auto",
) -> tuple[bytes, list[str]] | None:
    """The book laid out in parts (cut by the stories' lengths alone, pdf_parts.PART_CHARS,
    so any `jobs` and whichever workers `open_pool` gives make the same bytes) and joined.

    Each part's overlay is laid out and merged onto it by a worker as soon as the parts
    before it are done (its page numbers depend on their lengths), while later parts are
    still being laid out. With a `memo`, a step whose input is unchanged since an earlier
    build (a part's HTML and stylesheets, an overlay's pages and numbers) is not run again:
    its result is taken from the memo, and workers start only if some step must run.
    None when the book makes one part only (a story no chapter of which opens a page), or
    when a stylesheet took away the page break before a chapter a story was cut at."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject

    theme = collection.meta.style or "classic"
    # The stylesheet travels as text with its files: a worker elsewhere may not see this machine's.
    user = user_css
    size = [f"@page {{ size: {page_size_css}; }}"] if page_size_css else []
    stories = [print_story(collection, number, chapters_mode) for number in range(1, len(collection.stories) + 1)]
    groups = cut_into_parts(stories)
    if len(groups) < 2:
        return None
    story_jobs = [
        (
            part_html(collection, "".join(stories[p.story - 1].html(p.first, p.end) for p in group)),
            theme,
            [*size, NO_MARGIN_TEXT],
            user,
        )
        for group in groups
    ]
    front_css = [*size, NO_MARGIN_TEXT, STATIC_CONTENTS_CSS]

    def pages_of(group, part: Part) -> list[str]:
        """Each page of a part: "blank", or the number of the story it belongs to, and a
        "+" when it opens a chapter (overlay_html)."""
        starts = {part.anchors[f"story-{p.story}"]: p.story for p in group
                  if not p.continued and f"story-{p.story}" in part.anchors}
        kinds, current = [], group[0].story
        for index in range(part.pages):
            current = starts.get(index, current)
            kinds.append("blank" if part.blank[index] else f"{current}{'+' if part.openers[index] else ''}")
        return kinds

    def first_pages(parts: list[Part]) -> list[int]:
        """The folio each part opens on: a story's opening on a right-hand (odd) page, the
        first story's page numbered 1 (the front matter, an even number of pages, has
        folios of its own); a chapter that continues a story on the page after."""
        firsts, page = [], 0
        for group, part in zip(groups, parts):
            if not group[0].continued:
                page += page % 2  # a blank page before a story that would open on a left-hand page
            firsts.append(page + 1)
            page += part.pages
        return firsts

    def overlay_job(first: int, kinds: list[str]) -> tuple:
        """An overlay's pages from folio `first`: from a left-hand page (an even folio),
        behind a leading page that is dropped, so that each page's running head and
        folio are the side's they are on."""
        html, lead = overlay_html(collection, 0, kinds), first % 2 == 0
        if lead:
            html = html.replace("<body>", "<body>" + LEAD_PAGE, 1)
        extra = [*size, OVERLAY_CSS, f"@page :first {{ counter-reset: page {first - lead}; }}"]
        return (html, theme, extra, user, lead)

    def front_job(numbers: dict[str, int]) -> tuple:
        return ((render_numbered_front(collection, numbers), theme, front_css, user),
                (theme, [*size, OVERLAY_CSS], user), replace(collection, stories=(), sources=()))

    def numbers_of(parts: list[Part]) -> dict[str, int]:
        numbers: dict[str, int] = {}
        for first, part in zip(first_pages(parts), parts):
            for anchor, index in part.anchors.items():
                numbers.setdefault(anchor, first + index)
        return numbers

    step = progress or (lambda done, total: None)
    total = 2 * len(groups) + 1  # the parts laid out, the parts overlaid, the front matter
    done = 0
    with _Runner(open_pool, len(groups) + 2, memo) as run:
        futures = [run.submit(layout_part, job) for job in story_jobs]
        parts: list[Part] = []
        finishing = []
        unkept: list[tuple[int, str | None]] = []  # overlays laid out in this build: their pages to keep
        relaid: set[int] = set()  # parts laid out again to open on a left-hand page
        moved: dict[int, tuple[float, ...]] = {}  # how far each part's pages were moved across

        def overlay(number: int, first: int) -> _Pending:
            """A part's overlay; a part laid out from a right-hand page that opens on a
            left-hand one moved across (or, where its sides differ more, laid out again)."""
            shifts: tuple[float, ...] = ()
            if first % 2 == 0 and number not in relaid:
                shifts = side_shifts(parts[number]) or ()
                if not shifts:
                    relaid.add(number)
                    again = run.submit(layout_part, (story_jobs[number][0].replace("<body>", "<body>" + LEAD_PAGE, 1),
                                                     *story_jobs[number][1:], True))
                    parts[number], futures[number] = again.result(), again
            moved[number] = shifts
            job = overlay_job(first, pages_of(groups[number], parts[number]))
            # The overlay's own pages are kept apart too: an edited story whose pages do
            # not move has its part's overlay drawn on again, not laid out again.
            drawn_key = memo.key("overlay_pages", job) if memo is not None else None
            drawn = memo.get(drawn_key) if memo is not None else None
            if drawn is None:
                unkept.append((number, drawn_key))
            return run.submit(overlaid, (parts[number].pdf, job, shifts, drawn), (futures[number].key, job, shifts))

        for number, future in enumerate(futures):
            parts.append(future.result())
            if groups[number][0].continued and not parts[-1].breaks_first:
                return None  # a stylesheet runs the chapter on: the book is laid out in one process
            done += 1
            step(done, total)
            finishing.append(overlay(number, first_pages(parts)[-1]))
        # The folios count from the first story: the front matter is laid out once, last,
        # with its contents' page numbers, however many pages it takes.
        front_future = run.submit(overlaid_front, front_job(numbers_of(parts)))
        finished = []
        for future in finishing:
            finished.append(future.result()[0])
            done += 1
            step(done, total)
        front, _, title_page = front_future.result()
        for number, drawn_key in unkept:
            if memo is not None and drawn_key is not None:
                memo.put(drawn_key, finishing[number].result()[1])
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
    for group, pdf in zip(groups, finished):
        if not group[0].continued and len(writer.pages) % 2:
            writer.add_blank_page(float(box.width), float(box.height))
        starts.append(len(writer.pages))
        for page in PdfReader(io.BytesIO(pdf)).pages:
            writer.add_page(page)

    _name_destinations(writer, contents_targets(collection), starts, parts, [moved.get(n, ()) for n in range(len(parts))])
    top = writer.add_outline_item(title=collection.meta.title, page_number=title_page)
    story_item = None
    for start, group, part in zip(starts, groups, parts):
        tree = part.bookmarks
        if group[0].continued and story_item is not None:
            # The chapters of a story begun in an earlier part: under its bookmark.
            following = [part.anchors[f"story-{p.story}"] for p in group[1:] if f"story-{p.story}" in part.anchors]
            own = [item for item in tree if item[1][0] < min(following, default=part.pages)]
            _outline(writer, own, start, story_item)
            tree = tree[len(own):]
        items = _outline(writer, tree, start, top)
        story_item = items[-1] if items else story_item

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
    share_fonts(writer, memo)
    # Not tagged: each part's structure tree numbers its own pages, and pypdf's join
    # keeps none of them (a tagged book is laid out in one process).
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), []
