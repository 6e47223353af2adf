"""HTML stories: read as HTML, their structure found, no markup in their text.

The fixtures in html/ are written for these tests in the shapes the archives and tools
write (AO3's "Download → HTML", FanFicFare's HTML and text, a browser's saved
FanFiction.net page, a saved LiveJournal entry, a page typed by hand); their stories are
invented for them.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from helpers import ficbind
from lxml import etree

from compiler.detect import parse_story
from compiler.model import BlockKind, SectionKind, field_key, plain_text, walk_sections
from compiler.read import decode_source, read_source

HERE = Path(__file__).parent / "html"
PAGES = ["ao3-download.html", "ao3-page-saved.html", "fanficfare.html", "fanfiction-net-saved.html",
         "livejournal-entry.html", "efiction-saved.html", "handwritten.htm"]
# Markup that must never be the story's text: a tag (but the `<i>`/`<b>` the typography
# rules make emphasis), an attribute, a stylesheet's or a script's words.
MARKUP = re.compile(
    r"<(?!/?[ib]>)[A-Za-z/!]|class=|style=|href=|font-family|text-align|margin:|function\s*\(|review_init|never prose"
    r"|currentJournal|&(?:amp|lt|gt|quot|nbsp);"
)


def outline(name: str):
    source = read_source(HERE / name, name)
    return source, parse_story(source).story


def chapters(story) -> list[str]:
    return [plain_text(s.title) for s in walk_sections(story.sections) if s.kind is SectionKind.CHAPTER]


def fields(story) -> dict[str, str]:
    return {
        field_key(block.marker): plain_text(block.inlines)
        for section in story.sections if section.kind is SectionKind.HEADER
        for block in section.content if getattr(block, "kind", None) is BlockKind.FIELD
    }


def kinds(story) -> list[str]:
    return [s.kind.value for s in walk_sections(story.sections)]


@pytest.mark.parametrize("name", PAGES)
def test_no_markup_reaches_the_text(name):
    source = read_source(HERE / name, name)
    assert source.form, "read as HTML"
    assert not MARKUP.findall(source.text), MARKUP.findall(source.text)
    assert "\n\n\n" not in source.text


def test_an_ao3_download():
    source, story = outline("ao3-download.html")
    assert source.form == "AO3 download"
    assert plain_text(story.title_line) == "The Lamp Room Keeps Its Own Hours"
    found = fields(story)
    assert found["Rating"] == "General Audiences"
    assert found["Archive Warning"] == "No Archive Warnings Apply"
    assert found["Fandom"] == "Gull Reach (TV)"
    assert found["Relationship"] == "Maren Holloway/Ida Torrance"
    assert found["Character"] == "Maren Holloway, Ida Torrance, Gran Holloway"
    assert found["Additional Tags"] == "Lighthouses, Slow Burn, Weather as a Character"
    assert found["Series"] == "Part 2 of Low Tide Letters"
    assert "Words: 1,212" in found["Stats"]
    # A chapter's title alone is numbered as AO3 shows it; one that is numbered stays as it is.
    assert chapters(story) == ["Chapter 1: Salt on the Stairs", "Chapter 2: The Cat Has Opinions"]
    # The work's summary and notes, the chapter's summary, notes and end notes, the work's end notes.
    assert kinds(story).count("summary") == 2
    assert kinds(story).count("author-note") == 4
    assert [b.marker for s in walk_sections(story.sections) for b in s.content
            if getattr(b, "kind", None) is BlockKind.SCENE_BREAK] == ["* * *"]
    left = {part.what: part for part in source.left_out}
    assert left["AO3's message"].words > 20 and "Posted originally" in left["AO3's message"].text
    assert "AO3's pointer to notes" in left and "styles ×1" in left
    assert "Posted originally" not in source.text and "See the end" not in source.text
    assert "Inspired by The Keeper's Log by quill" in source.text  # the work it comes from, kept as a note
    assert left["the rest of the page"].text == "A line AO3 might add one day."  # what no rule takes is listed


def test_a_saved_ao3_page():
    source, story = outline("ao3-page-saved.html")
    assert source.form == "a saved AO3 page"
    assert plain_text(story.title_line) == "Four Minutes Fast"
    found = fields(story)
    assert found["by"] == "lamplighter_ida" and found["Relationship"] == "Ida Torrance/Maren Holloway"
    assert "Kudos: 41" in found["Stats"]
    assert chapters(story) == ["Chapter 1: Early", "Chapter 2: On Time"]
    assert kinds(story).count("summary") == 1 and kinds(story).count("author-note") == 1
    left = {part.what: part for part in source.left_out}
    assert left["comments"].words == 24 and "Fandoms Browse" in left["the page's header"].text
    assert left["AO3's landmark headings"].words == 4  # "Chapter Text" twice
    for text in ("Chapter Text", "kudos", "Terms of Service", "Main Content"):
        assert text not in source.text


def test_a_saved_page_of_another_archive():
    """No rule knows the archive: the element holding the page's paragraphs is the story."""
    source, story = outline("efiction-saved.html")
    assert source.form == "a web page"
    assert plain_text(story.title_line) == "The Weather Vane by Ida Torrance"
    assert source.text.count("\n\n") == 5  # the title and five paragraphs
    left = {part.what: part for part in source.left_out}
    assert {"navigation", "a sidebar", "reviews", "the page's footer"} <= set(left)
    for text in ("Browse", "Newest Member", "Reviewer", "No money is being made", "Story Index"):
        assert text not in source.text


def test_a_fanficfare_html_file():
    source, story = outline("fanficfare.html")
    assert source.form == "FanFicFare HTML"
    assert plain_text(story.title_line) == "Low Tide Letters"
    found = fields(story)
    assert found["by"] == "Quill Harper" and found["Rating"] == "K+" and found["Characters"] == "Maren H., Gran H."
    assert chapters(story) == ["1. The First Letter", "2. The Answer"]
    assert "summary" in kinds(story) and "author-note" in kinds(story)
    assert "Table of Contents" not in source.text
    assert any(part.what == "the table of contents" for part in source.left_out)


def test_a_fanficfare_text_file():
    """FanFicFare's text download is text: its header block, its contents left out, its chapters."""
    source, story = outline("fanficfare.txt")
    assert not source.form
    assert fields(story)["Rating"] == "K+"
    assert chapters(story) == ["1. The First Letter", "2. The Answer"]
    assert kinds(story).count("furniture") == 3  # TABLE OF CONTENTS and its two entries


def test_a_saved_fanfiction_net_page():
    source, story = outline("fanfiction-net-saved.html")
    assert source.form == "a saved FanFiction.net page"
    assert plain_text(story.title_line) == "Low Tide Letters"
    found = fields(story)
    assert found["by"] == "Quill Harper"
    assert found["Rating"] == "Fiction K+" and found["Language"] == "English"
    assert found["Genre"] == "Friendship/Hurt/Comfort" and found["Characters"] == "Maren H., Gran H."
    assert found["Words"] == "640" and "id" not in found
    assert chapters(story) == ["2. The Answer"]  # the chapter the menu had chosen
    assert "summary" in kinds(story) and "letter" in kinds(story) and "author-note" in kinds(story)
    left = {part.what: part for part in source.left_out}
    assert left["reviews"].words > 20 and "ShellSeeker" in left["reviews"].text
    assert left["navigation"].words and "Just In" in left["navigation"].text
    assert "Terms of Service" in left["the page's footer"].text
    assert "scripts (never run) ×3" in left and "styles ×2" in left
    for text in ("ShellSeeker", "Just In", "Terms of Service", "Follow/Fav", "Post Review"):
        assert text not in source.text


def test_a_saved_livejournal_entry():
    source, story = outline("livejournal-entry.html")
    assert plain_text(story.title_line).startswith("Fic: The Keeper's Clock")
    found = fields(story)
    assert found["Pairing"] == "Ida/Maren" and found["Rating"] == "PG"
    assert "summary" in kinds(story)
    left = {part.what: part for part in source.left_out}
    assert "tidewatcher" in left["comments"].text and "tidewatcher" not in source.text
    assert "Recent Entries" not in source.text


def test_a_story_of_a_chapter_to_an_element_loses_no_chapter():
    """The story's element is the one holding nearly all the text, not the largest chapter."""
    page = ("<html><body><div id='nav'>Home About</div>"
            "<div class='chapter'><h2>One</h2><p>" + "Gulls wheel. " * 60 + "</p></div>"
            "<div class='chapter'><h2>Two</h2><p>" + "Tides turn. " * 40 + "</p></div>"
            "<div id='footer'>(c) 2020 the archive</div></body></html>").encode()
    source = decode_source(page, Path("s.html"))
    assert source.text.count("Gulls wheel.") == 60 and source.text.count("Tides turn.") == 40
    assert "Chapter 1: One" in source.text and "Chapter 2: Two" in source.text
    assert "Home" not in source.text and "archive" not in source.text
    deep = ("<html><body>" + "<div>" * 200 + "<p>deep <i>text</i></p>" + "</div>" * 200 + "<p>after</p></body></html>")
    assert decode_source(deep.encode(), Path("s.html")).text == "deep <i>text</i>\n\nafter\n"


def test_a_page_typed_by_hand():
    """Headings: the first the title, the others chapters; the text's own `<` and `&` kept."""
    source, story = outline("handwritten.htm")
    assert plain_text(story.title_line) == "Two Keepers"
    assert chapters(story) == ["Chapter 1: The Old Keeper", "Chapter 2: The New Keeper"]
    assert "the sea & nothing else" in source.text


def test_html_is_found_by_its_content_whatever_its_name():
    page = b"<!DOCTYPE html>\n<html><head><title>x</title><style>p {color: red}</style></head>" \
           b"<body><p>She <em>ran</em>.</p><p>He didn't.</p></body></html>"
    source = decode_source(page, Path("story.txt"))
    assert source.text == "She <i>ran</i>.\n\nHe didn't.\n" and source.form
    saved = b"<!-- saved from url=(0040)https://example.org/story -->\n<html><body><p>Hi.</p></body></html>"
    assert decode_source(saved, Path("s.txt")).text == "Hi.\n"
    # A text with tags left in it (copied from a page) is a text, read by the typography rules.
    text = b"<i>Hello</i>, she said.\n\nTom & Jerry <script>x</script>\n"
    assert decode_source(text, Path("s.txt")).text == text.decode() and not decode_source(text, Path("s.txt")).form


def test_breaks_rules_and_the_texts_own_brackets():
    page = ("<html><body><p>One<br>two<br/>three</p><hr><p>A &lt;3 and 5 &lt; 6 &amp; R&amp;R</p>"
            "<p>&lt;i&gt;not emphasis&lt;/i&gt; and &amp;amp; typed</p><p>&nbsp;</p><div>Last<br><br>Para</div>"
            "</body></html>").encode()
    text = decode_source(page, Path("s.html")).text
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "One\ntwo\nthree" and paragraphs[1] == "* * *"
    assert paragraphs[2] == "A <3 and 5 < 6 & R&R"
    assert paragraphs[3] == "<\u2060i>not emphasis<\u2060/i> and &\u2060amp; typed"  # kept from the rules by a joiner
    assert paragraphs[4:] == ["Last", "Para\n"]


def test_emphasis_set_by_a_style_is_emphasis():
    """A Google Docs export marks emphasis by class (`.c2{font-style:italic}`), a pasted
    Word document by `style=`."""
    page = (b'<html><head><style>.c1{font-weight:700} .c2{font-style:italic;color:red} p.x{margin:0}</style></head>'
            b'<body><p class="c3"><span>Plain, </span><span class="c2">slanted</span> and '
            b'<span style="font-weight: bold">heavy</span>.</p><p style="font-style:italic">All of it.</p></body></html>')
    assert decode_source(page, Path("s.html")).text == "Plain, <i>slanted</i> and <b>heavy</b>.\n\n<i>All of it.</i>\n"


def test_a_title_or_field_keeps_its_own_brackets():
    page = b"<html><body><h1>Fish &amp;amp; Chips &lt;i&gt;</h1><h2>Chapter 1</h2><p>x</p><h2>Chapter 2</h2><p>y</p></body></html>"
    assert decode_source(page, Path("s.html")).text.startswith("Fish &\u2060amp; Chips <\u2060i>\n\nChapter 1\n")


def test_a_declared_single_byte_charset_is_read():
    page = '<html><head><meta charset="windows-1252"></head><body><p>Caf\u00e9 \u201cnoir\u201d</p></body></html>'
    source = decode_source(page.encode("cp1252"), Path("s.html"))
    assert source.text == "Caf\u00e9 \u201cnoir\u201d\n" and source.encoding == "cp1252"


def test_a_page_with_no_story_says_so():
    from compiler.errors import SourceError

    with pytest.raises(SourceError, match="is HTML .* with no story text"):
        decode_source(b"<html><head><script>var a = 1;</script></head><body></body></html>", Path("s.html"))


def _epub_text(path: Path) -> tuple[str, list[etree._Element]]:
    texts, documents = [], []
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            if name.endswith(".xhtml") and not name.endswith("nav.xhtml"):
                document = etree.fromstring(book.read(name))
                documents.append(document)
                texts.append(" ".join(document.itertext()))
    return "\n".join(texts), documents


def test_the_html_stories_compile_with_their_structure_and_no_markup(tmp_path):
    """The installed command, as a reader runs it: compile, outline and check."""
    for name in [*PAGES, "fanficfare.txt"]:
        (tmp_path / name).write_bytes((HERE / name).read_bytes())
    manifest = tmp_path / "shelf.yaml"
    manifest.write_text("title: Shelf\nauthor: Various\nstories:\n" + "".join(f"  - {n}\n" for n in PAGES), encoding="utf-8")
    result = ficbind("compile", str(manifest), "--out", str(tmp_path / "out"), "-f", "epub")
    assert result.returncode == 0, result.stderr
    text, documents = _epub_text(tmp_path / "out" / "shelf.epub")
    from helpers import epubcheck, epubcheck_problems

    assert epubcheck_problems(epubcheck(tmp_path / "out" / "shelf.epub")) == []
    assert not MARKUP.findall(text), MARKUP.findall(text)
    assert "\u2060" not in text
    assert text.count("<i>") == 1 and "<b>" not in text  # the one the story typed; the others are emphasis
    for kept in ("5 < 6 keepers", "patience <3", "R&R is what", "the sea & nothing else", "<i> and all"):
        assert kept in text, kept
    for left in ("Posted originally", "ShellSeeker", "Terms of Service", "tidewatcher", "Table of Contents"):
        assert left not in text, left
    xhtml = "{http://www.w3.org/1999/xhtml}"
    emphasis = {" ".join(e.itertext()) for d in documents for e in d.iter(xhtml + "i", xhtml + "em")}
    assert {"a modest property", "August", "early"} <= emphasis
    strong = {" ".join(e.itertext()) for d in documents for e in d.iter(xhtml + "b", xhtml + "strong")}
    assert {"I breathe", "almost"} <= strong
    headings = " ".join(" ".join(h.itertext()) for d in documents for h in d.iter(xhtml + "h2", xhtml + "h3"))
    assert "Salt on the Stairs" in headings and "The Cat Has Opinions" in headings

    shown = ficbind("outline", str(tmp_path / "fanfiction-net-saved.html"))
    assert shown.returncode == 0, shown.stderr
    assert "read as HTML (a saved FanFiction.net page)" in shown.stdout
    assert "left out: reviews (27 words" in shown.stdout and "left out: scripts (never run) ×3" in shown.stdout

    read = ficbind("outline", "--text", str(tmp_path / "ao3-download.html"))
    assert read.returncode == 0 and "     1  The Lamp Room Keeps Its Own Hours\n" in read.stdout, read.stderr
    assert "    23  Chapter 1: Salt on the Stairs\n" in read.stdout  # where the outline says the chapter starts
    assert "23-47     chapter \"Chapter 1: Salt on the Stairs\"" in ficbind("outline", str(tmp_path / "ao3-download.html")).stdout

    checked = ficbind("check", str(manifest))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("words: all kept") == len(PAGES), checked.stdout
    assert "left out of the page: reviews: 27 words" in checked.stdout


def test_an_html_storys_emphasis_whatever_the_manifest_says_of_typed_tags(tmp_path):
    """`typography: {html-tags: false}` keeps tags typed into a text file as text; an HTML
    story's emphasis is still emphasis."""
    (tmp_path / "s.html").write_text("<html><body><p>She <em>ran</em>.</p></body></html>", encoding="utf-8")
    (tmp_path / "t.txt").write_text("He <i>walked</i>.\n", encoding="utf-8")
    manifest = tmp_path / "c.yaml"
    manifest.write_text("title: T\ntypography: {html-tags: false}\nstories: [s.html, t.txt]\n", encoding="utf-8")
    result = ficbind("compile", str(manifest), "--out", str(tmp_path / "out"), "-f", "epub")
    assert result.returncode == 0, result.stderr
    text, documents = _epub_text(tmp_path / "out" / "c.epub")
    xhtml = "{http://www.w3.org/1999/xhtml}"
    assert "ran" in {" ".join(e.itertext()) for d in documents for e in d.iter(xhtml + "i", xhtml + "em")}
    assert "<i>walked</i>" in text and "<i>ran" not in text
