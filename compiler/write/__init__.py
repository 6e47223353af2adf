"""Write stage: the rendered collection → the bytes of each output.

Takes a Collection (typeset) and what packaging needs (the cover, the user's
stylesheet, the PDF's settings); gives EPUB, Kobo EPUB and PDF bytes, the same bytes
for the same inputs. Modules: assets (ficbind's stylesheets and fonts), cover (the
manifest's image or a drawn one), epub (ebooklib's package), kepub (Kobo's spans),
pdf (WeasyPrint), fetch (what WeasyPrint may load, its temporary folders removed), and
for a long book laid out in parallel pdf_parts (a part laid out), pdf_overlay (its
running heads and page numbers) and pdf_parallel (the parts joined).
Writing to disk is the run layer's: nothing here touches a file but what it reads.
"""

from compiler.faces import face

__getattr__, __dir__, __all__ = face(
    __name__,
    {
        "epub_bytes": "epub",
        "Packaging": "epub",
        "pdf_bytes": "pdf",
        "draw_cover": "cover",
        "load_cover": "cover",
        "styles_dir": "assets",
        "stylesheets": "assets",
    },
)
