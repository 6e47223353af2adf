"""The sample collection, compiled by the installed command as the README says."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.manifest import load_manifest
from helpers import (
    ROOT,
    epub_all_words,
    epub_documents,
    epubcheck,
    epubcheck_problems,
    ficbind,
    pdf_fonts_embedded,
    pdf_words,
    story_documents,
    story_words_problems,
    word_diff,
)


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


def test_the_pdf_holds_exactly_the_epubs_words(out):
    assert word_diff(epub_all_words(epub_documents(out / "sample.epub")), pdf_words(out / "sample.pdf")) == []


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
