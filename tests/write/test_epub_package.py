"""The EPUB package as reading systems see it: cover, navigation with landmarks, an in-book
contents page, metadata (series both ways, subjects, accessibility), XML declarations and
languages everywhere, Kobo's kepub, and what Calibre makes of it."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from helpers import ROOT, epubcheck, epubcheck_problems, ficbind
from lxml import etree

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"

STORY = """Title: Tidewater
Author: quillfeather
Fandom: Gull Reach
Pairing: Maren/Callum
Rating: T

Summary: The tide comes in.

Chapter 1: Low

"It's low," she said.

Chapter 2: High

"It's high," he said.
"""


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("package")
    (folder / "tidewater.txt").write_text(STORY, encoding="utf-8")
    (folder / "tide.yaml").write_text(
        "title: Tides\nauthor: Ink and Barnacles\nlanguage: en-GB\nseries: Gull Reach Fics\nseries_index: 2\n"
        "tags: [fluff, lighthouses]\nstories: [tidewater.txt]\n",
        encoding="utf-8",
    )
    result = ficbind("compile", str(folder / "tide.yaml"), "--out", str(folder / "out"), "-f", "epub", "-f", "kepub")
    assert result.returncode == 0, result.stderr
    return folder / "out"


def opf(epub: Path) -> etree._Element:
    with zipfile.ZipFile(epub) as archive:
        return etree.fromstring(archive.read("EPUB/content.opf"))


def test_both_validate(books):
    assert epubcheck_problems(epubcheck(books / "tide.epub")) == []
    assert epubcheck_problems(epubcheck(books / "tide.kepub.epub")) == []


def test_cover_is_a_raster_image_marked_both_ways(books):
    package = opf(books / "tide.epub")
    cover = [i for i in package.iter(f"{OPF}item") if "cover-image" in (i.get("properties") or "")]
    assert len(cover) == 1 and cover[0].get("media-type") == "image/png"
    assert any(m.get("name") == "cover" and m.get("content") == cover[0].get("id") for m in package.iter(f"{OPF}meta"))
    with zipfile.ZipFile(books / "tide.epub") as archive:
        import io

        from PIL import Image

        image = Image.open(io.BytesIO(archive.read("EPUB/" + cover[0].get("href"))))
        assert image.size == (1600, 2560)
    spine = [r.get("idref") for r in package.iter(f"{OPF}itemref")]
    assert spine[:3] == ["cover", "doc-1", "nav"]  # cover, title page, contents


def test_navigation_has_landmarks_and_is_the_contents_page(books):
    with zipfile.ZipFile(books / "tide.epub") as archive:
        nav = etree.fromstring(archive.read("EPUB/text/nav.xhtml"))
    landmarks = next(n for n in nav.iter(f"{XHTML}nav") if n.get(EPUB_TYPE) == "landmarks")
    kinds = [a.get(EPUB_TYPE) for a in landmarks.iter(f"{XHTML}a")]
    assert kinds == ["cover", "titlepage", "toc", "bodymatter"]
    toc = next(n for n in nav.iter(f"{XHTML}nav") if n.get(EPUB_TYPE) == "toc")
    titles = [a.text for a in toc.iter(f"{XHTML}a")]
    # The stories at the top (not under the book's title), each entry on a line of its own.
    assert titles == ["Tidewater", "Chapter 1: Low", "Chapter 2: High"]
    assert all(li.tail == "\n" for li in toc.iter(f"{XHTML}li"))
    assert all("#" not in a.get("href") or not a.get("href").endswith("body") for a in toc.iter(f"{XHTML}a"))


def test_metadata(books):
    package = opf(books / "tide.epub")
    metadata = package.find(f"{OPF}metadata")
    assert metadata.findtext(f"{DC}language") == "en-GB"
    assert [c.text for c in metadata.iter(f"{DC}creator")] == ["Ink and Barnacles", "quillfeather"]
    assert [s.text for s in metadata.iter(f"{DC}subject")] == ["fluff", "lighthouses", "Gull Reach", "Maren/Callum"]
    props = {(m.get("property"), m.text) for m in metadata.iter(f"{OPF}meta") if m.get("property")}
    assert ("belongs-to-collection", "Gull Reach Fics") in props and ("group-position", "2") in props
    assert ("schema:accessMode", "textual") in props and ("schema:accessibilityHazard", "none") in props
    assert any(p == "schema:accessibilitySummary" for p, _ in props)
    named = {m.get("name"): m.get("content") for m in metadata.iter(f"{OPF}meta") if m.get("name")}
    assert named["calibre:series"] == "Gull Reach Fics" and named["calibre:series_index"] == "2"
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", metadata.findtext(f"{DC}identifier"))


def test_every_document_declares_utf8_and_its_language(books):
    with zipfile.ZipFile(books / "tide.epub") as archive:
        for name in archive.namelist():
            if name.endswith(".xhtml"):
                data = archive.read(name)
                assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>'), name
                root = etree.fromstring(data)
                assert root.get("lang") == "en-GB" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"


def test_kepub_has_kobo_spans_around_every_sentence(books):
    with zipfile.ZipFile(books / "tide.kepub.epub") as archive:
        # Two chapters of a line each are too short for screens of their own: one document.
        assert "EPUB/text/story-1-s3.xhtml" not in archive.namelist()
        chapter = front = archive.read("EPUB/text/story-1.xhtml").decode()
    assert '<div class="book-columns"><div class="book-inner">' in chapter
    assert re.search(r'<p[^>]*><span class="koboSpan" id="kobo\.\d+\.1">“It’s low,” she said\.</span></p>', chapter)
    # Two sentences in one paragraph: two spans, numbered within it.
    assert re.search(r'id="kobo\.(\d+)\.1">The tide comes in\.</span>', front)


def test_the_same_collection_gives_the_same_bytes_with_its_cover(books, tmp_path):
    again = tmp_path / "again"
    result = ficbind("compile", str(books.parent / "tide.yaml"), "--out", str(again), "-f", "epub", "-f", "kepub")
    assert result.returncode == 0, result.stderr
    assert (again / "tide.epub").read_bytes() == (books / "tide.epub").read_bytes()
    assert (again / "tide.kepub.epub").read_bytes() == (books / "tide.kepub.epub").read_bytes()


def test_a_manifest_cover_is_used(tmp_path):
    from PIL import Image

    Image.new("RGB", (600, 900), (200, 30, 30)).save(tmp_path / "art.jpg", "JPEG")
    (tmp_path / "s.txt").write_text("Hello.\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("title: C\ncover: art.jpg\nstories: [s.txt]\n", encoding="utf-8")
    assert ficbind("compile", str(tmp_path / "c.yaml"), "-o", str(tmp_path / "out"), "-f", "epub").returncode == 0
    with zipfile.ZipFile(tmp_path / "out" / "c.epub") as archive:
        assert archive.read("EPUB/images/cover.jpg") == (tmp_path / "art.jpg").read_bytes()


CALIBRE = pytest.mark.skipif(shutil.which("ebook-meta") is None, reason="Calibre is not installed")


@CALIBRE
def test_calibre_reads_title_author_series_and_cover(books, tmp_path):
    env = {"QT_QPA_PLATFORM": "offscreen"}
    import os

    result = subprocess.run(
        ["ebook-meta", str(books / "tide.epub"), f"--get-cover={tmp_path / 'cover.png'}"],
        capture_output=True, text=True, timeout=120, env={**os.environ, **env},
    )
    assert result.returncode == 0, result.stderr
    fields = dict(line.split(":", 1) for line in result.stdout.splitlines() if ":" in line and not line.startswith(" "))
    fields = {k.strip(): v.strip() for k, v in fields.items()}
    assert fields["Title"] == "Tides"
    assert fields["Author(s)"] == "Ink and Barnacles & quillfeather"
    assert fields["Series"] == "Gull Reach Fics #2"
    assert (tmp_path / "cover.png").stat().st_size > 10_000


@CALIBRE
def test_calibre_converts_it_to_azw3(books, tmp_path):
    import os

    result = subprocess.run(
        ["ebook-convert", str(books / "tide.epub"), str(tmp_path / "tide.azw3")],
        capture_output=True, text=True, timeout=300, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert (tmp_path / "tide.azw3").stat().st_size > 10_000


def test_sample_epub_is_complete(tmp_path):
    result = ficbind("compile", "sample", "-o", str(tmp_path), "-f", "epub", "--force")
    assert result.returncode == 0, result.stderr
    assert epubcheck_problems(epubcheck(tmp_path / "sample.epub")) == []
    assert ROOT.exists()


# epub:type → the DPUB-ARIA role Ace asks for (epub-type-has-matching-role); the types
# with no matching role (titlepage, and the landmarks' own) are not in it.
MATCHING_ROLES = {
    "chapter": "doc-chapter", "part": "doc-part", "footnote": "doc-footnote", "endnotes": "doc-endnotes",
    "endnote": "doc-endnote", "noteref": "doc-noteref", "backlink": "doc-backlink", "toc": "doc-toc",
    "cover": "doc-cover", "prologue": "doc-prologue", "epilogue": "doc-epilogue", "introduction": "doc-introduction",
}


def test_the_package_says_its_language(books):
    package = opf(books / "tide.epub")
    assert package.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"


def test_every_epub_type_has_its_matching_role(tmp_path):
    # The sample has chapters, notes inside paragraphs (footnotes, noterefs, backlinks) and a cover.
    result = ficbind("compile", "sample", "-o", str(tmp_path), "-f", "epub", "--force")
    assert result.returncode == 0, result.stderr
    seen, wrong = set(), []
    with zipfile.ZipFile(tmp_path / "sample.epub") as archive:
        for name in archive.namelist():
            if not name.endswith(".xhtml"):
                continue
            root = etree.fromstring(archive.read(name))
            for element in root.iter():
                landmark = any(a.get(EPUB_TYPE) == "landmarks" for a in element.iterancestors())
                for kind in (element.get(EPUB_TYPE) or "").split():
                    if kind in MATCHING_ROLES and not landmark:
                        seen.add(kind)
                        if MATCHING_ROLES[kind] not in (element.get("role") or "").split():
                            wrong.append((name, etree.QName(element).localname, kind, element.get("role")))
    assert wrong == []
    assert {"chapter", "toc", "cover"} <= seen
