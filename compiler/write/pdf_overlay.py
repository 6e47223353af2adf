"""PDF overlays: a part's running heads and page numbers, laid out on empty pages with
the theme's own stylesheets once the part's page numbers are known, and drawn over
the part's pages."""

from __future__ import annotations

import io

from compiler.model import Collection
from compiler.render.book import part_html
from compiler.render.titles import title_heading
from compiler.write.pdf_parts import layout_part

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


def overlay_html(collection: Collection, front_pages: int, pages: list[str]) -> str:
    """One empty page per page of the book: the front matter's (when front_pages), then
    each page a blank one or a story's, a story's pages in a group that sets its title
    (so its first page is the group's first, as in the book)."""
    meta = collection.meta
    body = ['<div class="overlay-front">', title_heading(meta.title, "h1", "collection-title")]
    body += ['<div class="overlay-page"></div>'] * (front_pages - 1)
    body.append("</div>")
    # A later piece starts with a story: the collection's title (for the left-hand running
    # heads) goes inside that story's first page, not on a page of its own.
    carry = title_heading(meta.title, "h1", "collection-title overlay-title")
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
            body.append(f'<div class="overlay-story">{title_heading(title, "h2", "story-title")}')
            if not front_pages and carry:
                body.append(carry)
                carry = ""
        else:
            body.append('<div class="overlay-page"></div>')
        previous = kind
    if previous not in ("", "blank"):
        body.append("</div>")
    return part_html(collection, "\n".join(body))


def merge_overlay(pdf: bytes, overlay: bytes, pad_to: int = 0) -> bytes:
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


def overlaid(job: tuple[bytes, tuple]) -> bytes:
    """In a worker: a laid-out part with its running heads and page numbers drawn on."""
    pdf, overlay_job = job
    return merge_overlay(pdf, layout_part(overlay_job).pdf)


def overlaid_front(job: tuple[tuple, tuple, int]) -> tuple[bytes, int]:
    """In a worker: the front matter laid out, padded to `pages` and overlaid; and how
    many pages it took (when that is not what was planned, the caller starts over)."""
    front_job, overlay_job, pages = job
    front = layout_part(front_job)
    return merge_overlay(front.pdf, layout_part(overlay_job).pdf, pad_to=pages), front.pages
