"""One long story on every core: a novel's chapters open new pages in print, and a story
long enough is cut there into parts laid out in parallel, the book unchanged: the same
words on the same pages at the same places, the same running heads and folios, the same
bookmarks; a part that opens on a left-hand page is moved across (or laid out again,
where its two sides differ in more than their margins)."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import pdf_body_pages, pdf_links, pdf_outline, words

import compiler.write.pdf
import compiler.write.pdf_parallel
from compiler.load import load_manifest
from compiler.render.print_story import CHAPTER_PAGE_CHARS, NEW_PAGE, page_openers, print_story
from compiler.run.executors import pool_opener
from compiler.run.prepare import prepare
from compiler.write.pdf import pdf_bytes
from compiler.write.pdf_parts import cut_into_parts

_PEOPLE = ("Maren", "Wren", "Callum", "Nana Ida", "Tobias", "Gus")
_DOING = ("counted the steps", "watched the water", "mended the net", "wound the clock",
          "trimmed the wick", "read the tide table", "listened for the horn", "made the tea")


def _paragraph(rng: random.Random) -> str:
    return " ".join(
        rng.choice((f"{rng.choice(_PEOPLE)} {rng.choice(_DOING)}.",
                    f'"Not yet," said {rng.choice(_PEOPLE)}, who {rng.choice(_DOING)}.'))
        for _ in range(rng.randint(3, 7))
    )


def _story(chapters: int, chapter_chars: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    lines = ["The Long Watch", "", "Summary: A winter at the light, told chapter by chapter.", ""]
    for number in range(1, chapters + 1):
        lines += [f"Chapter {number}: The {rng.choice(('Tide', 'Lamp', 'Fog', 'Ferry'))}", ""]
        size = 0
        while size < chapter_chars:
            text = _paragraph(rng)
            lines += [text, ""]
            size += len(text)
            if rng.random() < 0.05:
                lines += ["* * *", ""]
        if number % 4 == 0:
            lines += ["A/N: Thank you all for reading this far; the next one is long.", ""]
    return "\n".join(lines)


def _collection(tmp_path: Path, chapters: int, chapter_chars: int, theme: str = ""):
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "watch.txt").write_text(_story(chapters, chapter_chars), encoding="utf-8")
    style = f"style: {theme}\n" if theme else ""
    (tmp_path / "book.yaml").write_text(f"title: The Long Watch Book\nauthor: Ink\n{style}stories:\n  - watch.txt\n")
    return prepare(load_manifest(tmp_path / "book.yaml"))


def test_a_novels_chapters_open_new_pages_and_drabbles_do_not(tmp_path):
    novel = _collection(tmp_path / "a", 5, CHAPTER_PAGE_CHARS + 500)
    openers = page_openers(novel.collection.stories[0])
    assert len(openers) == 4  # every chapter but the first, which shares the story's opening page
    html = print_story(novel.collection, 1).html()
    assert html.count(f'class="chapter {NEW_PAGE}"') == 4
    assert html.index('class="chapter"') < html.index(NEW_PAGE)  # the first chapter is not one

    drabbles = _collection(tmp_path / "b", 12, 900)
    assert page_openers(drabbles.collection.stories[0]) == frozenset()
    assert NEW_PAGE not in print_story(drabbles.collection, 1).html()


def test_a_long_story_is_cut_only_where_a_chapter_opens_a_page(tmp_path):
    prepared = _collection(tmp_path, 16, 12_000)
    story = print_story(prepared.collection, 1)
    parts = cut_into_parts([story])
    assert len(parts) >= 2
    assert [piece.story for part in parts for piece in part] == [1] * len(parts)
    assert all(part[0].first in story.openers for part in parts[1:])
    assert [piece.end for part in parts for piece in part][-1] == len(story.chunks)


def _lines(path: Path) -> list[list[tuple[float, float, str]]]:
    """Each page's text lines, with where they start (points, rounded to 0.01)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTFigure, LTTextContainer, LTTextLine

    def lines(items):
        for item in items:
            if isinstance(item, LTFigure | LTTextContainer):
                yield from lines(item)
            elif isinstance(item, LTTextLine):
                yield (round(item.x0, 2), round(item.y1, 2), item.get_text())

    return [sorted(lines(page)) for page in extract_pages(str(path), laparams=LAParams(all_texts=True))]


@pytest.mark.parametrize("theme, fallback", [("classic", False), ("modern", True)])
def test_one_long_story_laid_out_in_parts_is_the_same_book(tmp_path, monkeypatch, theme, fallback,
                                                            no_weasyprint_warnings):
    prepared = _collection(tmp_path, 16, 12_000, theme)
    serial, _ = pdf_bytes(prepared.collection, prepared.modified, jobs=1)
    shifted = []
    real = compiler.write.pdf_parallel.side_shifts

    def side_shifts(part):
        shifts = real(part)
        shifted.append(shifts)
        return None if fallback else shifts  # None: the part is laid out again behind a leading page

    monkeypatch.setattr(compiler.write.pdf_parallel, "side_shifts", side_shifts)
    monkeypatch.setattr(compiler.write.pdf, "PARALLEL_FROM", 0)
    parallel, _ = pdf_bytes(prepared.collection, prepared.modified, jobs=2, open_pool=pool_opener("local", 2))
    assert parallel != serial  # it took the parallel path
    assert shifted and all(shifted), "no part opened on a left-hand page"
    (tmp_path / "s.pdf").write_bytes(serial)
    (tmp_path / "p.pdf").write_bytes(parallel)
    one, two = pdf_body_pages(tmp_path / "s.pdf", 0, 0), pdf_body_pages(tmp_path / "p.pdf", 0, 0)
    assert len(one) == len(two)
    assert [words(page) for page in one] == [words(page) for page in two]  # running heads and folios too
    assert _lines(tmp_path / "s.pdf") == _lines(tmp_path / "p.pdf")  # and where each line stands
    assert pdf_outline(tmp_path / "s.pdf") == pdf_outline(tmp_path / "p.pdf")
    links = pdf_links(tmp_path / "s.pdf")
    assert len(links) == 17 and pdf_links(tmp_path / "p.pdf") == links  # the contents: the story and its 16 chapters


def test_a_chapter_opening_page_has_no_running_head_but_keeps_its_folio(tmp_path):
    prepared = replace(_collection(tmp_path, 4, CHAPTER_PAGE_CHARS + 2_000))
    data, _ = pdf_bytes(prepared.collection, prepared.modified, jobs=1)
    (tmp_path / "b.pdf").write_bytes(data)
    whole, body = pdf_body_pages(tmp_path / "b.pdf", 0, 0), pdf_body_pages(tmp_path / "b.pdf")
    openings = [index for index, page in enumerate(whole) if page.lstrip().startswith("Chapter ")]
    assert len(openings) == 3  # chapters 2 to 4; the first is on the story's opening page
    for index in openings:
        margins = set(words(whole[index])) - set(words(body[index]))
        assert margins and all(word.isdigit() for word in margins), margins  # the folio alone
        assert {"long", "watch"} <= (set(words(whole[index + 1])) - set(words(body[index + 1])))


def test_a_stylesheet_that_runs_chapters_on_is_laid_out_in_one_process(tmp_path, monkeypatch):
    """Where a user's stylesheet takes away the page break before a chapter, the cut there
    would add one: the book is laid out in one process instead, byte for byte."""
    prepared = _collection(tmp_path, 16, 12_000)
    style = ("section.new-page { break-before: auto; }", (tmp_path / "mine.css").as_uri(), {})
    serial, _ = pdf_bytes(prepared.collection, prepared.modified, user_css=style, jobs=1)
    monkeypatch.setattr(compiler.write.pdf, "PARALLEL_FROM", 0)
    parallel, _ = pdf_bytes(prepared.collection, prepared.modified, user_css=style, jobs=2,
                            open_pool=pool_opener("local", 2))
    assert parallel == serial


def test_the_manifest_says_whether_chapters_open_pages(tmp_path):
    """`pdf: chapters:` auto (above), new-page (drabbles too) or run-on (a novel's too);
    anything else is an error that names the line."""
    from compiler.errors import ManifestError

    def book(folder: str, chapters: int, size: int, setting: str):
        prepared = _collection(tmp_path / folder, chapters, size)
        manifest = tmp_path / folder / "book.yaml"
        manifest.write_text(manifest.read_text() + f"pdf:\n  chapters: {setting}\n")
        return load_manifest(manifest), prepared

    spec, prepared = book("a", 6, 900, "new-page")
    assert spec.pdf.chapters == "new-page"
    assert page_openers(prepared.collection.stories[0], spec.pdf.chapters) and not page_openers(prepared.collection.stories[0])
    spec, prepared = book("b", 4, CHAPTER_PAGE_CHARS + 2_000, "run-on")
    story = prepared.collection.stories[0]
    assert page_openers(story) and not page_openers(story, spec.pdf.chapters)
    runs_on, _ = pdf_bytes(prepared.collection, prepared.modified, options=spec.pdf, jobs=1)
    opens, _ = pdf_bytes(prepared.collection, prepared.modified, jobs=1)
    (tmp_path / "r.pdf").write_bytes(runs_on)
    (tmp_path / "o.pdf").write_bytes(opens)
    assert len(pdf_body_pages(tmp_path / "r.pdf")) < len(pdf_body_pages(tmp_path / "o.pdf"))

    (tmp_path / "b" / "book.yaml").write_text((tmp_path / "b" / "book.yaml").read_text().replace("run-on", "sometimes"))
    with pytest.raises(ManifestError) as raised:
        load_manifest(tmp_path / "b" / "book.yaml")
    assert "chapters: sometimes" in str(raised.value) and raised.value.line == 6


def test_a_heading_alone_keeps_the_next_chapter_on_its_page(tmp_path):
    """"Book Two" over "Chapter 3", with no text between, as real posts have it: the book's
    heading opens the page and the chapter follows it there, no page holding a heading only."""
    text = _story(4, CHAPTER_PAGE_CHARS + 500).replace("Chapter 3:", "Book Two\n\nChapter 3:", 1)
    (tmp_path / "watch.txt").write_text(text, encoding="utf-8")
    (tmp_path / "book.yaml").write_text("title: The Long Watch Book\nstories:\n  - watch.txt\n")
    story = prepare(load_manifest(tmp_path / "book.yaml")).collection.stories[0]
    from compiler.render.xhtml import split_front

    _, main = split_front(story)
    titles = {section.key: "".join(getattr(t, "text", "") for t in section.title) for section in main}
    opening = sorted(titles[key] for key in page_openers(story))
    assert "Book Two" in opening and not any(title.startswith("Chapter 3") for title in opening), (titles, opening)
    assert any(title.startswith("Chapter 2") for title in opening) and any(title.startswith("Chapter 4") for title in opening)
