"""Render stage: the typeset tree → XHTML, one renderer for both outputs.

Takes a Collection of typeset stories; gives XHTML: each section a `<section>` whose
class is its kind, the EPUB's documents and contents tree, and the one HTML document of
the printed book. Modules: xml (escaping), xhtml (inlines, blocks, sections, a story's
opening and the title page), documents (the EPUB's documents and navigation), book (the
PDF's single document and its front matter).
"""

from compiler.faces import face

__getattr__, __dir__, __all__ = face(
    __name__,
    {
        "render_story": "xhtml",
        "render_inlines": "xhtml",
        "render_section": "xhtml",
        "layout_collection": "documents",
        "layout_story": "documents",
        "render_html": "book",
    },
)
