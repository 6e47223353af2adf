"""PDF parts: some of a book's stories (or its front matter) laid out alone, in a worker
process here or on a cluster, with the page each anchor fell on and the bookmarks, and
how a collection is cut into parts of about equal length."""

from __future__ import annotations

from concurrent.futures import Executor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

from compiler.render.print_story import PrintStory
from compiler.write.assets import styles_dir, stylesheets
from compiler.write.fetch import fetch_refused, font_config, pdf_fetcher, refusal
from compiler.write.libraries import load_weasyprint
from compiler.write.pdf_fonts import whole_fonts

# Workers for the parts of a book laid out in parallel: given how many jobs there
# will be, a context that yields an executor to submit them to.
OpenPool = Callable[[int], AbstractContextManager[Executor]]

_BOXES = ("top-left", "top-center", "top-right", "bottom-left", "bottom-center", "bottom-right")
_PAGES = ("", ":left", ":right", ":first", ":blank", "story", "story:left", "story:right", ":nth(1 of story)", "front",
          "chapter", "chapter:left", "chapter:right", ":nth(1 of chapter)")
# Parts carry no running heads or page numbers: the overlay draws them.
NO_MARGIN_TEXT = "\n".join(
    f"@page {page} {{ {' '.join(f'@{box} {{ content: none; }}' for box in _BOXES)} }}" for page in _PAGES
)


def page_labels(front_pages: int) -> list[tuple[int, str, int]]:
    """The PDF's page labels as (first page index, style, first number), matching the
    printed folios: the front matter (half-title to the page before the first story) in
    lower-case roman numerals, then arabic from 1 on the first story's opening page, as
    print.css numbers its folios (the front matter's pages reset the page counter)."""
    labels = [(0, "/r", 1)] if front_pages else []
    return [*labels, (front_pages, "/D", 1)]


def first_story_page(pages) -> int:
    """The index of the page the first story opens on, in a laid-out WeasyPrint document."""
    for index, page in enumerate(pages):
        if "story-1" in page.anchors:
            return index
    return 0


# A page's content box in PDF points: x, y (from the top), width, height.
Frame = tuple[float, float, float, float]


@dataclass(frozen=True)
class Part:
    pdf: bytes
    pages: int
    anchors: dict[str, int]  # anchor → page index within the part
    bookmarks: list  # WeasyPrint's bookmark tree: (label, (page, x, y), children, state)
    blank: tuple[bool, ...] = ()  # pages left blank so that a story opens on a right-hand page
    openers: tuple[bool, ...] = ()  # pages that open a chapter (print_story.NEW_PAGE): a page group
    frames: tuple[Frame, ...] = ()
    breaks_first: bool = True  # its first section breaks the page before it (so a part may open there)
    points: dict[str, tuple[float, float]] = field(default_factory=dict)  # anchor → (x, y) on its page, CSS px


def _opens_chapter(page_type) -> bool:
    return ("chapter", 0) in page_type.groups


_FORCED = frozenset({"page", "left", "right", "recto", "verso"})


def _breaks_first(document) -> bool:
    """Whether the part's first section forces a page break before it: where a story is
    cut (print_story.NEW_PAGE), unless a user's stylesheet took the break away, and the
    one-process book would then run the chapter on from the page before."""
    if not document.pages:
        return True
    for box in document.pages[0]._page_box.descendants():
        if getattr(box, "element_tag", "") == "section":
            return box.style["break_before"] in _FORCED
    return True


# The first page of a part laid out to open on a left-hand page: an empty page before it,
# dropped once laid out (a document's first page is a right-hand one).
LEAD_PAGE = '<div style="page: lead; break-after: page"></div>'  # its own page: no rule of the book's


def layout_part(job: tuple) -> Part:
    """Lay out one part (in a worker process, here or on a cluster): HTML, theme, extra
    CSS strings, and the user's stylesheet bundle (text, URL, its files), which the
    worker loads from the job, never from its own disk; and, optionally, whether its HTML
    opens with LEAD_PAGE, to be dropped. Its fonts are embedded whole, to be subset once
    when the parts are joined (pdf_fonts.share_fonts)."""
    html, theme, extra_css, user, *lead = job
    load_weasyprint()
    from weasyprint import CSS, HTML

    fetcher = pdf_fetcher(user)
    with font_config() as fonts:
        try:
            sheets = [CSS(filename=str(path), font_config=fonts, url_fetcher=fetcher) for _, path in stylesheets("print", theme)]
            sheets += [CSS(string=css, font_config=fonts, url_fetcher=fetcher) for css in extra_css]
            if user[0]:
                sheets.append(CSS(string=user[0], base_url=user[1], font_config=fonts, url_fetcher=fetcher))
            document = HTML(string=html, base_url=str(styles_dir()) + "/", url_fetcher=fetcher).render(
                stylesheets=sheets, font_config=fonts)
            if lead and lead[0]:
                document = document.copy(document.pages[1:])
            anchors: dict[str, int] = {}
            points: dict[str, tuple[float, float]] = {}
            for index, page in enumerate(document.pages):
                for name, position in page.anchors.items():
                    anchors.setdefault(name, index)
                    points.setdefault(name, (position[0], position[1]))
            boxes = [page._page_box for page in document.pages]
            blank = tuple(box.page_type.blank for box in boxes)
            openers = tuple(_opens_chapter(box.page_type) for box in boxes)
            frames = tuple(tuple(round(v * 0.75, 4) for v in (box.content_box_x(), box.content_box_y(), box.width, box.height))
                           for box in boxes)
            with whole_fonts():  # subset once for the whole book when the parts are joined
                pdf = document.write_pdf()
            return Part(pdf, len(document.pages), anchors, document.make_bookmark_tree(), blank, openers, frames,
                        _breaks_first(document), points)
        except fetch_refused() as error:
            raise refusal(error, user) from None  # a BuildError: it travels back from a worker


def side_shifts(part: Part) -> tuple[float, ...] | None:
    """How far each page of a part laid out from a right-hand page moves across when it
    is joined from a left-hand page instead: a page's content box is the other side's,
    mirrored margins, the lines and the pages unchanged. None when the sides differ in
    more than where their content box sits (or the part is one page: its other side is
    not known), so that the part must be laid out again from a left-hand page."""
    rights, lefts = set(part.frames[0::2]), set(part.frames[1::2])
    if len(rights) != 1 or len(lefts) != 1:
        return None
    (right,), (left,) = rights, lefts
    if right[1:] != left[1:]:
        return None
    dx = left[0] - right[0]
    return tuple(dx if index % 2 == 0 else -dx for index in range(part.pages))


# About this many characters of text to a part: a part's own cost (stylesheets, fonts,
# its overlay) stays small beside its layout, and an edited story lays out again its
# own part only. Where the cuts fall depends on the stories' lengths alone (not on
# how many jobs run, nor on the book's total length), so an edit moves no cut far
# from it and any number of workers give the same bytes. Measured on the bench's 50
# stories (1.7 MB, 2 cores, quiet): 40,000 gave a full PDF in 31.3 s (0.64x one core:
# each part's setup adds up); 80,000 gives 25.2 s (0.51x), and an edited story's
# rebuild of EPUB and PDF takes 4.1 s against 26.4 s for both in full (16 %); 150,000
# gave 23.9 s.
PART_CHARS = 80_000


@dataclass(frozen=True)
class Piece:
    """A story's chunks [first, end) (print_story.PrintStory), in one part of the book."""

    story: int
    first: int
    end: int

    @property
    def continued(self) -> bool:
        """It opens on a chapter's new page, the story's opening in an earlier part."""
        return self.first > 0


def cut_into_parts(stories: list[PrintStory]) -> list[list[Piece]]:
    """The book's stories, in order, in parts of about PART_CHARS each; a story is cut
    only where one of its chapters opens a new page (print_story.page_openers), so a
    part's pages are the book's. A book shorter than two parts is still cut in two
    where it can be, so that it uses two workers."""
    units = [(number, first, end, sum(story.sizes[first:end]))
             for number, story in enumerate(stories, start=1) for first, end in story.segments]
    target = min(PART_CHARS, sum(unit[3] for unit in units) / 2)
    groups: list[list[Piece]] = [[]]
    running = 0.0
    for number, first, end, size in units:
        if groups[-1] and running + size / 2 > target:
            groups.append([])
            running = 0.0
        group = groups[-1]
        if group and group[-1].story == number:
            group[-1] = Piece(number, group[-1].first, end)
        else:
            group.append(Piece(number, first, end))
        running += size
    return groups


class Memo(Protocol):
    """Where results of the pure steps of a parallel PDF are kept between builds
    (run/cache.py): a key for a step and its input, and the result kept under it."""

    def key(self, kind: str, job: Any) -> str: ...

    def get(self, key: str) -> Any | None: ...

    def put(self, key: str, value: Any) -> None: ...
