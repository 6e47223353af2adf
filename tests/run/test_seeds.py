"""The three real seed stories, compiled as one collection from the installed command.

Checked as the issue's "done when" says: EPUBCheck reports nothing; the navigation lists,
under each story, its author's notes and its flashback; no marker line survives as
prose; no straight quote is left; every word of the seeds is in the EPUB and in the PDF,
none twice.
"""

from __future__ import annotations

import re

import pytest
from helpers import (
    SEEDS,
    XHTML,
    element_text,
    epub_documents,
    epubcheck,
    epubcheck_problems,
    ficbind,
    needs_seeds,
    pdf_fonts_embedded,
    pdf_outline,
    pdf_story_words_problems,
    story_documents,
    story_words_problems,
)

pytestmark = needs_seeds()

SEED_FILES = ["000_ec4ce6cce712bd1b.txt", "001_a37607d1b2405426.txt", "002_368c916669e54302.txt"]
# Seeds 001 and 002 have no title line; the manifest names them, as a reader would.
TITLES = {SEED_FILES[1]: "Clearing the Air", SEED_FILES[2]: "Gone"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seeds")
    lines = ["title: Seeds", "author: Various", "stories:"]
    for name in SEED_FILES:
        lines.append(f"  - file: {SEEDS / name}")
        if name in TITLES:
            lines.append(f"    title: {TITLES[name]}")
    manifest = folder / "seeds.yaml"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = ficbind("compile", str(manifest), "--out", str(folder / "out"))
    assert result.returncode == 0, result.stderr
    return folder / "out", result


def test_epubcheck_reports_nothing(built):
    out, _ = built
    report = epubcheck(out / "seeds.epub")
    assert report["checker"]["checkerVersion"].startswith("5"), report["checker"]
    assert epubcheck_problems(report) == []


def _nav(out):
    docs = dict(epub_documents(out / "seeds.epub"))
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(out / "seeds.epub") as archive:
        nav = etree.fromstring(archive.read("EPUB/text/nav.xhtml"))
    toc = next(n for n in nav.iter(f"{XHTML}nav") if n.get("{http://www.idpf.org/2007/ops}type") == "toc")

    def entries(ol):
        result = []
        for li in ol.findall(f"{XHTML}li"):
            a = li.find(f"{XHTML}a")
            children = li.find(f"{XHTML}ol")
            result.append((a.text, "text/" + a.get("href"), entries(children) if children is not None else []))
        return result

    return entries(toc.find(f"{XHTML}ol")), docs


def test_navigation_lists_the_stories_and_their_sections(built):
    out, _ = built
    stories, docs = _nav(out)
    # The stories at the top: the book's title is no entry of its own.
    assert [title for title, _, _ in stories] == ["Not so Different", "Clearing the Air", "Gone"]
    assert [t for t, _, _ in stories[0][2]] == ["Notes"]
    assert [t for t, _, _ in stories[1][2]] == ["Notes", "Chapter 4: Clearing The Air", "End Notes"]
    assert [t for t, _, _ in stories[2][2]] == ["Flashback: 2 months ago"]
    # Each entry lands on its section, of its kind, inside the document where it stands.
    for story in stories:
        for title, href, _ in story[2]:
            name, _, anchor = href.partition("#")
            body = docs[name].find(f"{XHTML}body")
            target = next(e for e in body.iter() if e.get("id") == anchor) if anchor else body[0]
            expected = "flashback" if title.startswith("Flashback") else "chapter" if title.startswith("Chapter") else "author-note"
            assert target.tag == f"{XHTML}section" and expected in target.get("class").split(), (title, href)


MARKER_LINE = re.compile(
    r"^\s*(AN|A/N|Author.?s Note|Summary|Disclaimer|Disclamer)\s*:|End of Flashback|^\s*\*?Flashback\*?\s*$",
    re.IGNORECASE,
)


def test_no_marker_line_and_no_straight_quote_remains(built):
    out, _ = built
    for href, doc in epub_documents(out / "seeds.epub"):
        for p in doc.iter(f"{XHTML}p", f"{XHTML}h2", f"{XHTML}h3", f"{XHTML}h4"):
            if "label" in (p.get("class") or "").split():
                continue
            text = element_text(p)
            assert not MARKER_LINE.search(text), (href, text)
            for mark in ("\"", "'", "´", "`"):
                assert mark not in text, (href, mark, text)


def test_every_word_of_each_seed_is_in_the_epub_once(built):
    out, _ = built
    documents = epub_documents(out / "seeds.epub")
    for number, name in enumerate(SEED_FILES, start=1):
        docs = story_documents(documents, number)
        assert docs, name
        assert story_words_problems(SEEDS / name, docs, TITLES.get(name)) == [], name


def test_each_storys_pdf_text_is_its_epub_text(built):
    out, _ = built
    documents = epub_documents(out / "seeds.epub")
    docs = [story_documents(documents, number) for number in range(1, len(SEED_FILES) + 1)]
    assert pdf_story_words_problems(out / "seeds.pdf", docs) == []


def test_the_pdf_is_a_book(built):
    out, result = built
    assert "warning" not in result.stderr.lower(), result.stderr
    fonts = pdf_fonts_embedded(out / "seeds.pdf")
    assert fonts and all(fonts.values()), fonts
    assert all("Garamond" in name for name in fonts), fonts
    outline = pdf_outline(out / "seeds.pdf")
    assert [title for title, _ in outline] == ["Seeds"]
    stories = outline[0][1]
    assert [t for t, _ in stories] == ["Not so Different", "Clearing the Air", "Gone"]
    assert [t for t, _ in stories[1][1]] == ["Author’s Note", "Chapter 4: Clearing The Air", "Author’s Note"]
    assert [t for t, _ in stories[2][1]] == ["Flashback: 2 months ago"]
