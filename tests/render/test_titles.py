"""Titles as a designer sets them (render/titles.py): split at the colon into title and
subtitle, broken into balanced lines, a short running head; on the title page, the
half-title, the PDF's running heads and bookmarks, and the drawn cover."""

from __future__ import annotations

import io

import pytest

from compiler.render.titles import (
    RUNNING_CHARACTERS,
    TitleParts,
    character_lines,
    running_head,
    split_title,
    title_heading,
)


@pytest.mark.parametrize(("title", "parts"), [
    ("Keeping the Light: Gull Reach Stories", TitleParts("Keeping the Light", "Gull Reach Stories")),
    ("Terminal City Nights: Three Dark Angel Stories", TitleParts("Terminal City Nights", "Three Dark Angel Stories")),
    ("Strange Encounters: Of a Frustrated Fanfic Author", TitleParts("Strange Encounters", "Of a Frustrated Fanfic Author")),
    ("Re: Nothing", TitleParts("Re: Nothing")),  # too short a title to stand alone
    ("The 10:30 Train", TitleParts("The 10:30 Train")),  # no space after the colon: a time
    ('"Wait: Stop" and Other Stories', TitleParts('"Wait: Stop" and Other Stories')),  # inside quotes
    ("Notes (Part One: Spring)", TitleParts("Notes (Part One: Spring)")),  # inside brackets
    ("Year 3: 1994", TitleParts("Year 3: 1994")),  # nothing but digits after it
    ("Plain  Title ", TitleParts("Plain Title")),
])
def test_a_title_splits_at_its_colon_only_between_words(title, parts):
    assert split_title(title) == parts


def test_long_titles_break_into_balanced_lines_not_a_runt():
    lines = character_lines("The Extraordinarily Long Title of a Story That Never Ends at All", 22)
    assert lines == ["The Extraordinarily", "Long Title of a Story", "That Never Ends at All"]
    # Greedy filling would leave "Stories" alone on the last line.
    assert character_lines("Three Dark Angel Stories and Others Besides Stories", 34) == [
        "Three Dark Angel Stories", "and Others Besides Stories"]
    assert character_lines("Short", 22) == ["Short"]
    assert character_lines("Supercalifragilisticexpialidocious words", 10) == [
        "Supercalifragilisticexpialidocious", "words"]  # a word wider than the measure is a line


def test_running_heads_are_the_title_alone_and_one_line():
    assert running_head("Keeping the Light: Gull Reach Stories") == "Keeping the Light"
    long = running_head("A Story With a Title So Long That It Could Never Fit in the Margin of a Page")
    assert long.endswith("…") and len(long) <= RUNNING_CHARACTERS
    assert "Margin" not in long and not long[:-1].endswith(" ")


def test_the_heading_keeps_the_colon_for_readers_without_styles():
    html = title_heading("Terminal City Nights: Three Dark Angel Stories", "h1", "collection-title")
    assert html == (
        '<h1 class="collection-title" data-running="Terminal City Nights" '
        'data-title="Terminal City Nights: Three Dark Angel Stories">'
        '<span class="title-main">Terminal City Nights</span><span class="title-colon">:</span> '
        '<span class="subtitle">Three Dark Angel Stories</span></h1>'
    )
    assert title_heading("A & B", "h2", "story-title") == '<h2 class="story-title" data-running="A &amp; B">A &amp; B</h2>'


def _ink_bands(png: bytes) -> list[tuple[int, int]]:
    """Runs of rows holding ink inside the cover's frame: the lines of its text."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    inner = image.crop((140, 140, width - 140, height - 140))
    ground, data = inner.getpixel((0, 0)), inner.tobytes()
    rows = [any(abs(v - ground) > 60 for v in data[y * inner.width:(y + 1) * inner.width]) for y in range(inner.height)]
    bands, start = [], None
    for y, inked in enumerate([*rows, False]):
        if inked and start is None:
            start = y
        elif not inked and start is not None:
            bands.append((start + 140, y + 140))
            start = None
    return bands


def test_the_drawn_cover_sets_title_and_subtitle_above_and_uses_its_lower_half():
    from compiler.write.assets import styles_dir
    from compiler.write.cover import HEIGHT, draw_cover

    fonts = styles_dir() / "fonts"
    cover = draw_cover("Terminal City Nights: Three Dark Angel Stories", "Anonymous Reader", "Terminal City, Book 2",
                       fonts / "EBGaramond12-Regular.otf", fonts / "EBGaramond12-Italic.otf", "Dark Angel")
    bands = _ink_bands(cover.data)
    # Title in two lines, the subtitle, the rule, the author, the fandom, the series.
    assert len(bands) == 7, bands
    upper = [b for b in bands if b[1] < HEIGHT * 0.5]
    lower = [b for b in bands if b[0] > HEIGHT * 0.5]
    assert len(upper) == 3 and len(lower) == 4
    assert lower[-1][1] > HEIGHT * 0.85  # the series at the foot, not in the middle
    again = draw_cover("Terminal City Nights: Three Dark Angel Stories", "Anonymous Reader", "Terminal City, Book 2",
                       fonts / "EBGaramond12-Regular.otf", fonts / "EBGaramond12-Italic.otf", "Dark Angel")
    assert again.data == cover.data


def test_a_book_with_a_subtitle_and_a_retitled_story(tmp_path):
    """From the command: the running heads carry the title alone, the bookmark the whole
    title, and a story the manifest retitles shows the manifest's title only (its own
    title line is listed by `outline` and `check`, not printed)."""
    from helpers import XHTML, element_text, epub_documents, ficbind, pdf_body_pages, pdf_outline

    body = "\n\n".join(
        f"The tide came in at {hour} o'clock, and the keeper wrote it down in the big green book "
        f"with the cracked spine, as every keeper before her had done, night after night after night."
        for hour in ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"] * 8
    )
    (tmp_path / "tide.txt").write_text(f"Tide Book (draft)\n\n{body}\n", encoding="utf-8")
    (tmp_path / "book.yaml").write_text(
        'title: "Keeping the Light: Gull Reach Stories"\nstories:\n  - file: tide.txt\n    title: The Tide Book\n',
        encoding="utf-8")
    result = ficbind("compile", str(tmp_path / "book.yaml"), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr

    pages = pdf_body_pages(tmp_path / "out" / "book.pdf", 0, 0)
    heads = {page.split("\n")[0].strip() for page in pages[7:] if page.strip()}
    assert "Keeping the Light" in heads and not any("Gull Reach" in head for head in heads), heads
    assert pdf_outline(tmp_path / "out" / "book.pdf")[0][0] == "Keeping the Light: Gull Reach Stories"

    text = " ".join(element_text(doc.find(f"{XHTML}body")) for href, doc in epub_documents(tmp_path / "out" / "book.epub")
                    if href.startswith("text/story-1"))
    assert "The Tide Book" in text and "draft" not in text
    outline = ficbind("outline", str(tmp_path / "book.yaml")).stdout
    assert 'title line "Tide Book (draft)" (not printed: the manifest titles the story "The Tide Book")' in outline
    check = ficbind("check", str(tmp_path / "book.yaml")).stdout
    assert 'replaces the title line "Tide Book (draft)" (line 1), which is not printed' in check
