"""The printed book's setting, as a careful editor would check it (issue 15): hyphenation
within limits and never inside an author's compound, notes and disclaimers ragged, one
running-head style, flashbacks without a rule down their side, a contents of stories and
chapters only, and a PDF that is tagged, says its language and title, and labels its pages
as they are numbered.

Measured on the seeds' PDF (helpers.hyphen_faults, type area only) before this setting:
classic 24 hyphenated line ends, 11 leaving fewer than three letters on a side ("oth‐/er",
"an‐/swer", "me‐/dium") and 1 compound split away from its hyphen ("chocol‐/ate-brown");
modern 25, 9 and 0. The sample: classic 36 and 16, modern 35 and 12. After: 14 / 18
(seeds) and 17 / 22 (sample) hyphenated line ends, no fault of either kind.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from helpers import ROOT, SEEDS, hyphen_faults, hyphen_ladder, needs_seeds, pdf_outline

from compiler.load import load_manifest
from compiler.render.book import render_contents, render_html
from compiler.render.print_story import hold_compounds
from compiler.run.executors import pool_opener
from compiler.run.prepare import prepare
from compiler.write.pdf import pdf_bytes

SAMPLE = ROOT / "manifests" / "sample.yaml"
THEMES = ["classic", "modern"]


@pytest.fixture(scope="module")
def sample():
    return prepare(load_manifest(SAMPLE))


def themed(collection, theme):
    return replace(collection, meta=replace(collection.meta, style=theme))


def laid_out(collection, theme):
    """The print HTML laid out by WeasyPrint with the theme's stylesheets."""
    from weasyprint import CSS, HTML

    from compiler.write.assets import styles_dir, stylesheets
    from compiler.write.fetch import NO_STYLE, font_config, pdf_fetcher

    fetcher = pdf_fetcher(NO_STYLE)
    with font_config() as fonts:
        sheets = [CSS(filename=str(path), font_config=fonts, url_fetcher=fetcher) for _, path in stylesheets("print", theme)]
        html = HTML(string=render_html(collection), base_url=str(styles_dir()) + "/", url_fetcher=fetcher)
        return html.render(stylesheets=sheets, font_config=fonts)


def boxes(document):
    """Every box laid out, with the classes of the elements around it."""

    def walk(box, classes: frozenset):
        element = getattr(box, "element", None)
        own = frozenset((element.get("class") or "").split()) if element is not None else frozenset()
        yield box, classes | own
        for child in getattr(box, "children", ()):
            yield from walk(child, classes | own)

    for page in document.pages:
        yield from walk(page._page_box, frozenset())


def styles_of(document, tag: str, within: str = "", kind: str = "BlockBox") -> list:
    """Computed styles of the `kind` boxes of `tag` elements (inside an element of class
    `within`)."""
    return [
        box.style for box, classes in boxes(document)
        if type(box).__name__ == kind and getattr(box, "element_tag", None) == tag and (not within or within in classes)
    ]


@pytest.mark.parametrize("theme", THEMES)
def test_the_hyphenation_limits_and_the_ragged_notes_reach_weasyprint(sample, theme):
    document = laid_out(themed(sample.collection, theme), theme)
    text = styles_of(document, "p", "chapter")
    assert text and all(s["hyphens"] == "auto" and tuple(s["hyphenate_limit_chars"]) == (6, 3, 3) for s in text)
    if theme == "classic":  # the small-caps lead-in, the first line of a story (a text box of p.opening)
        lead = [s for s in styles_of(document, "p", "opening", "TextBox") if s["font_variant_caps"] == "small-caps"]
        assert len(lead) >= len(sample.collection.stories) and all(s["hyphens"] == "manual" for s in lead)
    for within in ("author-note", "disclaimer"):
        notes = styles_of(document, "p", within)
        assert notes and all(s["text_align_all"] == "left" and s["hyphens"] == "manual" for s in notes), within
    assert all(s["hyphens"] != "auto" for s in styles_of(document, "a", "contents", "InlineBox"))
    assert all(s["hyphens"] == "none" for tag in ("h2", "h3") for s in styles_of(document, tag))
    flashbacks = styles_of(document, "section", "flashback")
    assert flashbacks and all(s["border_left_width"] == 0 for s in flashbacks)


def test_a_compound_is_held_together_in_the_print_html_only_in_text():
    html = '<p class="x-y">A chocolate-brown coat, well-known <a href="#a-b">to-day</a>, 3-4 &amp; Anne-Marie.</p>'
    held = hold_compounds(html)
    assert held == (
        '<p class="x-y">A <span class="compound">chocolate-brown</span> coat, <span class="compound">well-known</span> '
        '<a href="#a-b"><span class="compound">to-day</span></a>, 3-4 &amp; <span class="compound">Anne-Marie</span>.</p>'
    )


LONG_WORDS = (
    "The lighthouse-keeper considered the extraordinary, unremarkable weather-beaten "
    "barometer; afterwards, unquestionably disappointed, she remembered the chocolate-brown "
    "notebook, the particularly misunderstood correspondence and everything else underneath "
    "the neighbourhood's well-intentioned, ever-complicated conversations."
)


def test_a_story_full_of_long_words_and_compounds_breaks_only_where_an_editor_would(tmp_path, no_weasyprint_warnings):
    paragraphs = [f"{LONG_WORDS} {' '.join(LONG_WORDS.split()[i:] + LONG_WORDS.split()[:i])}" for i in range(0, 40, 3)]
    (tmp_path / "s.txt").write_text("Chapter 1\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("title: Long Words\nauthor: A\nstories: [s.txt]\n", encoding="utf-8")
    prepared = prepare(load_manifest(tmp_path / "c.yaml"))
    for theme in THEMES:
        data, _ = pdf_bytes(themed(prepared.collection, theme), prepared.modified)
        (tmp_path / f"{theme}.pdf").write_bytes(data)
        total, short, compound = hyphen_faults(tmp_path / f"{theme}.pdf")
        assert total >= 5, (theme, total)  # it does hyphenate: the limits are limits, not a switch
        assert (short, compound) == ([], []), theme


@needs_seeds()
@pytest.mark.parametrize("theme", THEMES)
def test_the_seeds_pdf_has_no_short_fragment_and_no_compound_split_inside(tmp_path, theme):
    names = ["000_ec4ce6cce712bd1b.txt", "001_a37607d1b2405426.txt", "002_368c916669e54302.txt"]
    lines = ["title: Seeds", "author: Various", f"style: {theme}", "stories:"]
    lines += [f"  - file: {SEEDS / name}" for name in names]
    (tmp_path / "seeds.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    prepared = prepare(load_manifest(tmp_path / "seeds.yaml"))
    data, _ = pdf_bytes(prepared.collection, prepared.modified)
    (tmp_path / "seeds.pdf").write_bytes(data)
    total, short, compound = hyphen_faults(tmp_path / "seeds.pdf")
    assert total > 0 and short == [] and compound == [], (total, short, compound)
    assert hyphen_ladder(tmp_path / "seeds.pdf") <= 2


def test_the_printed_contents_lists_stories_and_chapters_only(sample, tmp_path):
    contents = render_contents(sample.collection)
    assert "Author’s Note" not in contents and "Flashback" not in contents
    assert all(story.meta.title.replace("&", "&amp;") in contents for story in sample.collection.stories)
    data, _ = pdf_bytes(sample.collection, sample.modified)
    (tmp_path / "b.pdf").write_bytes(data)

    def titles(items):
        for title, children in items:
            yield title
            yield from titles(children)

    bookmarks = list(titles(pdf_outline(tmp_path / "b.pdf")))
    assert any("Author’s Note" in t for t in bookmarks) and any(t.startswith("Flashback") for t in bookmarks)


def _top_fonts(path, index: int) -> set[str]:
    """The fonts of the characters in a page's top margin (its running head)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer

    page = list(extract_pages(str(path), page_numbers=[index]))[0]
    return {
        char.fontname
        for box in page if isinstance(box, LTTextContainer)
        for line in box for char in line
        if isinstance(char, LTChar) and char.y0 > page.height - 16 * 72 / 25.4 and char.get_text().strip()
    }


@pytest.mark.parametrize("theme", THEMES)
def test_left_and_right_running_heads_are_set_alike(sample, theme, tmp_path):
    data, _ = pdf_bytes(themed(sample.collection, theme), sample.modified)
    path = tmp_path / "b.pdf"
    path.write_bytes(data)
    from pypdf import PdfReader

    pages = len(PdfReader(path).pages)
    heads = [fonts for fonts in (_top_fonts(path, i) for i in range(6, pages)) if fonts]
    assert len(heads) >= 4 and all(fonts == heads[0] for fonts in heads), heads


def _catalog(data: bytes):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return reader, reader.trailer["/Root"]


def test_the_pdf_is_tagged_says_its_language_and_title_and_labels_its_pages(sample, tmp_path):
    import compiler.write.pdf

    serial, _ = pdf_bytes(sample.collection, sample.modified)
    reader, root = _catalog(serial)
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en" and bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    labels = reader.page_labels
    first = next(i for i, label in enumerate(labels) if label.isdigit())
    assert labels[:first] == ["i", "ii", "iii", "iv", "v", "vi"][:first] and first >= 5
    # The first story opens on page 1, as in a printed book: the front matter's pages
    # reset the counter (a blank verso before the first story is one of them).
    assert labels[first:] == [str(n) for n in range(1, len(labels) - first + 1)]
    contents = reader.pages[4].extract_text()
    assert contents.split("\n")[1].rstrip().endswith(" 1"), contents  # the first story's entry
    (tmp_path / "s.pdf").write_bytes(serial)
    import subprocess

    folio = subprocess.run(["pdftotext", "-f", str(first + 2), "-l", str(first + 2), str(tmp_path / "s.pdf"), "-"],
                           capture_output=True, text=True).stdout.split()
    assert folio[-1] == labels[first + 1]  # the label is the number printed at the page's foot

    threshold = compiler.write.pdf.PARALLEL_FROM
    compiler.write.pdf.PARALLEL_FROM = 0
    try:
        parallel, _ = pdf_bytes(sample.collection, sample.modified, jobs=2, open_pool=pool_opener("local", 2))
    finally:
        compiler.write.pdf.PARALLEL_FROM = threshold
    joined, root = _catalog(parallel)
    assert joined.page_labels == labels
    assert root["/Lang"] == "en" and bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert "/StructTreeRoot" not in root  # the join keeps no part's structure tree (README says so)
