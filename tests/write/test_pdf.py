"""The PDF as a book: themes, page sizes, embedded fonts, nested bookmarks, metadata, an
archival variant, and WeasyPrint never complaining (a logged warning fails the test)."""

from __future__ import annotations

import pytest
from helpers import ROOT, ficbind, pdf_fonts_embedded, pdf_links, pdf_outline

from compiler.load import load_manifest
from compiler.options import PdfOptions
from compiler.run.executors import pool_opener
from compiler.run.prepare import prepare
from compiler.write.pdf import pdf_bytes

SAMPLE = ROOT / "manifests" / "sample.yaml"


@pytest.fixture(scope="module")
def sample():
    return prepare(load_manifest(SAMPLE))


def size_mm(data: bytes) -> tuple[int, int]:
    import io

    from pypdf import PdfReader

    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    return round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)


@pytest.mark.parametrize("theme", ["classic", "modern"])
def test_each_theme_lays_out_without_a_warning_and_embeds_its_fonts(sample, theme, tmp_path, no_weasyprint_warnings):
    from dataclasses import replace

    collection = replace(sample.collection, meta=replace(sample.collection.meta, style=theme))
    data, warnings = pdf_bytes(collection, sample.modified)
    assert warnings == []
    path = tmp_path / f"{theme}.pdf"
    path.write_bytes(data)
    fonts = pdf_fonts_embedded(path)
    assert fonts and all(fonts.values()), fonts
    expected = {"classic": {"EB-Garamond"}, "modern": {"Charis-SIL", "Inter"}}[theme]
    assert all(any(face in name for name in fonts) for face in expected), fonts
    outline = pdf_outline(path)
    assert len(outline) == 1 and len(outline[0][1]) == 4  # collection → four stories → their sections
    assert any(children for _, children in outline[0][1])


@pytest.mark.parametrize(
    ("page_size", "mm"), [("A4", (210, 297)), ("Letter", (216, 279)), ("6x9", (152, 229)), ("130mm 200mm", (130, 200))]
)
def test_page_sizes(sample, page_size, mm, no_weasyprint_warnings):
    data, _ = pdf_bytes(sample.collection, sample.modified, options=PdfOptions(page_size=page_size))
    assert size_mm(data) == mm


def test_archival_variant(sample, no_weasyprint_warnings):
    import io

    from pypdf import PdfReader

    data, _ = pdf_bytes(sample.collection, sample.modified, options=PdfOptions(variant="pdf/a-3b"))
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in xmp and b"3" in xmp and "/OutputIntents" in root


def test_manifest_pdf_settings_and_theme_from_the_command(tmp_path):
    (tmp_path / "s.txt").write_text("Chapter 1\n\n\"Hello,\" she said.\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text(
        "title: C\nauthor: A\nstyle: modern\npdf: {page_size: A4, variant: pdf/a-3b}\nstories: [s.txt]\n",
        encoding="utf-8",
    )
    result = ficbind("compile", str(tmp_path / "c.yaml"), "-o", str(tmp_path / "out"), "-f", "pdf")
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    data = (tmp_path / "out" / "c.pdf").read_bytes()
    assert size_mm(data) == (210, 297)
    from pypdf import PdfReader

    info = PdfReader(tmp_path / "out" / "c.pdf").metadata
    assert info.title == "C" and info.author == "A"


@pytest.mark.parametrize(
    ("setting", "message"),
    [("pdf: {page_size: huge}", "not a page size"), ("pdf: {variant: pdf/x}", "not a PDF variant"),
     ("pdf: {pagesize: A4}", "did you mean `page_size`"), ("style: fancy", "unknown style")],
)
def test_bad_pdf_settings_are_clean_errors(tmp_path, setting, message):
    (tmp_path / "s.txt").write_text("Hi.\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text(f"title: C\n{setting}\nstories: [s.txt]\n", encoding="utf-8")
    result = ficbind("compile", str(tmp_path / "c.yaml"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_parallel_and_serial_pdfs_are_the_same_book(sample, tmp_path, no_weasyprint_warnings):
    """Stories laid out in worker processes and joined: the same text on the same pages,
    the same bookmarks, the same metadata, and still reproducible."""
    from helpers import pdf_body_pages, words

    import compiler.write.pdf

    serial, _ = pdf_bytes(sample.collection, sample.modified, jobs=1)
    threshold = compiler.write.pdf.PARALLEL_FROM
    compiler.write.pdf.PARALLEL_FROM = 0  # the sample is small: make it take the parallel path
    try:
        workers = pool_opener("local", 2)
        parallel, _ = pdf_bytes(sample.collection, sample.modified, jobs=2, open_pool=workers)
        again, _ = pdf_bytes(sample.collection, sample.modified, jobs=2, open_pool=workers)
    finally:
        compiler.write.pdf.PARALLEL_FROM = threshold
    assert len(parallel) != len(serial)  # it did take the parallel path
    assert parallel == again
    # Merged pages keep compressed content streams (left uncompressed, the bench
    # collection's PDF was 22 MB instead of 4).
    import io

    from pypdf import PdfReader

    for page in PdfReader(io.BytesIO(parallel)).pages:
        if "/Contents" not in page:
            continue  # a blank page before a story that opens on a right-hand page
        contents = page["/Contents"].get_object()
        streams = contents if isinstance(contents, list) else [contents]
        assert all(stream.get_object().get("/Filter") == "/FlateDecode" for stream in streams)
    (tmp_path / "s.pdf").write_bytes(serial)
    (tmp_path / "p.pdf").write_bytes(parallel)
    # Whole pages, margins included: running heads and page numbers must match too.
    one, two = pdf_body_pages(tmp_path / "s.pdf", 0, 0), pdf_body_pages(tmp_path / "p.pdf", 0, 0)
    assert len(one) == len(two)
    assert [words(page) for page in one] == [words(page) for page in two]
    assert pdf_outline(tmp_path / "s.pdf") == pdf_outline(tmp_path / "p.pdf")
    links = pdf_links(tmp_path / "s.pdf")  # the contents' entries, each to the page and place it names
    assert links and pdf_links(tmp_path / "p.pdf") == links
    from pypdf import PdfReader

    meta_one, meta_two = PdfReader(tmp_path / "s.pdf").metadata, PdfReader(tmp_path / "p.pdf").metadata
    assert (meta_one.title, meta_one.author) == (meta_two.title, meta_two.author)
    fonts = pdf_fonts_embedded(tmp_path / "p.pdf")
    assert fonts and all(fonts.values())


def test_a_parallel_pdf_carries_each_font_once_subset_for_the_whole_book(sample, tmp_path):
    """Parts are laid out with their fonts whole and the joined book subsets each once
    (pdf_fonts.py): one font file per font, every glyph it draws in it, and the book no
    larger than 1.2 times a one-process build's."""
    import io

    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    import compiler.write.pdf
    import compiler.write.pdf_parts

    serial, _ = pdf_bytes(sample.collection, sample.modified, jobs=1)
    saved = compiler.write.pdf.PARALLEL_FROM, compiler.write.pdf_parts.PART_CHARS
    compiler.write.pdf.PARALLEL_FROM, compiler.write.pdf_parts.PART_CHARS = 0, 1  # a part per story
    try:
        parallel, _ = pdf_bytes(sample.collection, sample.modified, jobs=2, open_pool=pool_opener("local", 2))
    finally:
        compiler.write.pdf.PARALLEL_FROM, compiler.write.pdf_parts.PART_CHARS = saved
    reader = PdfReader(io.BytesIO(parallel))
    files: dict[str, set] = {}
    used: dict[int, set] = {}
    for page in reader.pages:
        for font in page.get("/Resources", {}).get("/Font", {}).values():  # a blank page has none
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            reference = descriptor.raw_get("/FontFile3")
            family = str(descriptor["/FontName"]).split("+", 1)[1]
            files.setdefault(family, set()).add(reference.idnum)
            widths = descendant["/W"]
            glyphs = used.setdefault(reference.idnum, set())
            for start, run in zip(widths[::2], widths[1::2]):
                glyphs.update(range(int(start), int(start) + len(run)))
    assert files and all(len(ids) == 1 for ids in files.values()), files
    for idnum, glyphs in used.items():
        font = TTFont(io.BytesIO(reader.get_object(idnum).get_data()))
        charstrings = font["CFF "].cff.topDictIndex[0].CharStrings
        order = font.getGlyphOrder()
        drawn = {gid for gid in glyphs if gid < len(order) and charstrings[order[gid]].bytecode not in (None, b"")}
        assert len(order) > max(glyphs)
        assert len(drawn) >= len(glyphs) * 0.9  # every used glyph kept (a space draws nothing)
    assert len(parallel) <= 1.2 * len(serial), (len(parallel), len(serial))
