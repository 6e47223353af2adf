"""The sample collection, compiled by the installed command as the README says."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import (
    ROOT,
    epub_documents,
    epubcheck,
    epubcheck_problems,
    ficbind,
    pdf_fonts_embedded,
    pdf_story_words_problems,
    story_documents,
    story_words_problems,
)

from compiler.load import load_manifest


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    result = ficbind("compile", "sample", "--out", str(folder))
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr.lower(), result.stderr
    return folder


def test_both_books_are_written(out):
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["sample.epub", "sample.pdf"]


def test_epubcheck_reports_nothing(out):
    assert epubcheck_problems(epubcheck(out / "sample.epub")) == []


def test_every_word_of_every_story_is_in_the_epub_once(out):
    spec = load_manifest(ROOT / "manifests" / "sample.yaml")
    documents = epub_documents(out / "sample.epub")
    for number, story in enumerate(spec.stories, start=1):
        given = " ".join(part for part in (story.title, story.author) if part) or None
        problems = story_words_problems(story.path, story_documents(documents, number), given)
        assert problems == [], story.path.name


def test_each_storys_pdf_text_is_its_epub_text(out):
    documents = epub_documents(out / "sample.epub")
    count = len(load_manifest(ROOT / "manifests" / "sample.yaml").stories)
    docs = [story_documents(documents, number) for number in range(1, count + 1)]
    assert pdf_story_words_problems(out / "sample.pdf", docs) == []


def test_the_contents_page_numbers_are_the_pages_stories_open_on(out):
    import re

    from helpers import pdf_body_pages, pdf_story_starts

    pages = pdf_body_pages(out / "sample.pdf")
    contents = next(page for page in pages if page.lstrip().startswith("Contents"))
    titles = ["The Lamp Room", "After the Storm", "Spare Parts", "What the Fog Keeps"]
    listed = {}
    lines = [line.strip() for line in contents.splitlines() if line.strip()]
    for index, line in enumerate(lines):  # a title, its dotted leader, its page number
        if line in titles:
            number = next(entry for entry in lines[index + 1 :] if re.fullmatch(r"\d+", entry))
            listed[line] = int(number)
    # Page numbers count from 1 on the first story's opening page, as in a printed book.
    first, *_ = starts = pdf_story_starts(out / "sample.pdf")
    assert [listed[t] for t in titles] == [index - first + 1 for index in starts]
    assert listed["The Lamp Room"] == 1


def test_the_pdf_embeds_its_fonts_and_is_a5(out):
    from pypdf import PdfReader

    fonts = pdf_fonts_embedded(out / "sample.pdf")
    assert fonts and all(fonts.values()), fonts
    reader = PdfReader(out / "sample.pdf")
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (148, 210)
    info = reader.metadata
    assert info.title == "Keeping the Light: Gull Reach Stories" and info.author == "Ink and Barnacles"


def test_the_same_inputs_give_the_same_bytes(out, tmp_path):
    result = ficbind("compile", "sample", "--out", str(tmp_path), "--quiet", "--force")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "sample.epub").read_bytes() == (out / "sample.epub").read_bytes()
    assert (tmp_path / "sample.pdf").read_bytes() == (out / "sample.pdf").read_bytes()
