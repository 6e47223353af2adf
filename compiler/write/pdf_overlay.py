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
.overlay-chapter { page: chapter; break-before: page; }
.overlay-mark { height: 1px; }
.overlay-front { page: front; }
.overlay-blank { page: overlay-blank; break-before: page; height: 1px; }
.overlay-story h2, .overlay-chapter h2, .overlay-front h1, h1.overlay-title { visibility: hidden; height: 0; margin: 0; padding: 0; font-size: 1px;
  bookmark-level: none; }
@page overlay-blank { @top-left { content: none; } @top-center { content: none; } @top-right { content: none; }
  @bottom-left { content: none; } @bottom-center { content: none; } @bottom-right { content: none; } }
"""


def overlay_html(collection: Collection, front_pages: int, pages: list[str]) -> str:
    """One empty page per page of the book: the front matter's (when front_pages), then
    each page a blank one or a story's ("N"), a story's pages in a group that sets its
    title (so its first page is the group's first, as in the book), and in it a group of
    its own for each page that opens a chapter ("N+"), from which on its pages are
    chapter pages (print_story.NEW_PAGE). A part that opens on a chapter of a story
    begun in an earlier part opens with that chapter's group."""
    meta = collection.meta
    body = ['<div class="overlay-front">', title_heading(meta.title, "h1", "collection-title")]
    body += ['<div class="overlay-page"></div>'] * (front_pages - 1)
    body.append("</div>")
    # A later piece starts with a story: the collection's title (for the left-hand running
    # heads) goes inside that story's first page, not on a page of its own.
    carry = title_heading(meta.title, "h1", "collection-title overlay-title")
    if not front_pages:
        body = []
    previous, depth, in_chapter = "", 0, False  # the story of the page before; the groups open

    def close() -> None:
        nonlocal depth, in_chapter
        body.extend(["</div>"] * depth)
        depth, in_chapter = 0, False

    for kind in pages:
        story, opens = kind.rstrip("+"), kind.endswith("+")
        if story == "blank":
            close()
            body.append('<div class="overlay-blank"></div>')
        elif story != previous:
            close()
            title = collection.stories[int(story) - 1].meta.title
            group = "overlay-chapter" if opens else "overlay-story"
            body.append(f'<div class="{group}">{title_heading(title, "h2", "story-title")}')
            if opens:
                body.append('<div class="overlay-mark"></div>')  # the chapter's page: its first
            depth, in_chapter = 1, opens
            if not front_pages and carry:
                body.append(carry)
                carry = ""
        elif opens:
            if in_chapter:
                body.append("</div>")
                depth -= 1
            body.append('<div class="overlay-chapter"><div class="overlay-mark"></div>')
            depth, in_chapter = depth + 1, True
        else:
            body.append('<div class="overlay-page"></div>')
        previous = story
    close()
    return part_html(collection, "\n".join(body))


def merge_overlay(pdf: bytes, overlay: bytes, pad_to: int = 0, shifts: tuple[float, ...] = ()) -> bytes:
    """The overlay's pages drawn over the part's, page for page (and blank pages added up
    to `pad_to`). Each overlay page becomes a form XObject that the part's page draws
    after its own content (which is put between q and Q, so it starts from the page's
    own coordinates): the part's content streams are kept as they are, compressed,
    instead of being parsed, merged and compressed again as pypdf's merge_page does.
    `shifts`: how far across each page's own content and links move (pdf_parts.side_shifts)."""
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
        opening = before
        if number < len(shifts) and shifts[number]:
            opening = stream(f"q 1 0 0 1 {shifts[number]:.4f} 0 cm\n".encode())
            _move_links(page, shifts[number])
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
        page[NameObject("/Contents")] = ArrayObject([opening, *parts, after])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _move_links(page, dx: float) -> None:
    from pypdf.generic import ArrayObject, FloatObject, NameObject

    for annotation in page.get("/Annots") or ():
        annotation = annotation.get_object()
        for key in ("/Rect", "/QuadPoints"):
            if key in annotation:
                values = [float(v) for v in annotation[key]]
                annotation[NameObject(key)] = ArrayObject(
                    FloatObject(v + dx if i % 2 == 0 else v) for i, v in enumerate(values))


def overlaid(job: tuple) -> tuple[bytes, bytes]:
    """In a worker: a laid-out part with its running heads and page numbers drawn on
    (and its pages moved across, when it opens on the other side than it was laid out),
    and the overlay's own pages: laid out from its job, unless the job brings them."""
    pdf, overlay_job, shifts, drawn = job
    if drawn is None:
        drawn = layout_part(overlay_job).pdf
    return merge_overlay(pdf, drawn, shifts=shifts), drawn


def overlaid_front(job: tuple[tuple, tuple, Collection]) -> tuple[bytes, int, int]:
    """In a worker: the front matter laid out, padded to an even number of pages and
    overlaid; how many pages it took, and the title page's index (for the bookmark).
    `job`: the front's layout job, the overlay's theme, CSS and stylesheet bundle, and
    the collection (its metadata: the overlay's headings)."""
    front_job, (theme, css, user), collection = job
    front = layout_part(front_job)
    pages = front.pages + front.pages % 2
    overlay = layout_part((overlay_html(collection, pages, []), theme, css, user))
    return merge_overlay(front.pdf, overlay.pdf, pad_to=pages), pages, front.anchors.get("titlepage", 0)
