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
    to `pad_to`). Each overlay page becomes a form XObject that the part's page draws
    after its own content (which is put between q and Q, so it starts from the page's
    own coordinates): the part's content streams are kept as they are, compressed,
    instead of being parsed, merged and compressed again as pypdf's merge_page does."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    first = writer.pages[0].mediabox
    while len(writer.pages) < pad_to:
        writer.add_blank_page(float(first.width), float(first.height))

    def stream(data: bytes, extra: dict | None = None):
        made = DecodedStreamObject()
        made.set_data(data)
        made.update(extra or {})
        return writer._add_object(made.flate_encode())

    before = stream(b"q\n")
    for number, (page, over) in enumerate(zip(writer.pages, PdfReader(io.BytesIO(overlay)).pages)):
        contents = over.get_contents()
        if contents is None:
            continue
        form = stream(contents.get_data(), {
            NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): over.mediabox, NameObject("/Resources"): over["/Resources"].clone(writer),
        })
        # The page's resources are often shared by all its part's pages (copying them
        # for each page made the book 15 % larger): each page's form has its own name.
        if "/Resources" not in page:
            page[NameObject("/Resources")] = DictionaryObject()
        resources = page["/Resources"].get_object()
        if "/XObject" not in resources:
            resources[NameObject("/XObject")] = DictionaryObject()
        forms = resources["/XObject"].get_object()
        name = f"/FicbindOverlay{number}"
        while name in forms:
            name += "x"
        forms[NameObject(name)] = form
        parts = []
        if "/Contents" in page:
            own = page.raw_get("/Contents")
            parts = list(own.get_object()) if isinstance(own.get_object(), ArrayObject) else [own]
        after = stream(f"\nQ\nq {name} Do Q\n".encode())
        page[NameObject("/Contents")] = ArrayObject([before, *parts, after])
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
