"""Placement options from the manifest: notes in place, gathered at the end or left out;
flashbacks as sections or inline; extra markers for conventions the rules do not know."""

from __future__ import annotations

import zipfile
from pathlib import Path

from helpers import ficbind

from compiler.detect import parse_story, place
from compiler.load import load_manifest
from compiler.model import Block, BlockKind, Note, SectionKind, walk_sections
from compiler.read import decode_source

STORY = """AN: Thanks for waiting!

Chapter 1: Rain

It rained. (A/N: it always rains here) She stayed in.

*Flashback*

The sun, once.

*End Flashback*

She went to bed.

A/N: More soon.

Chapter 2: Sun

The sun came out.

A/N: The end, really.
"""


def parsed(text: str = STORY):
    return parse_story(decode_source(text.encode(), Path("s.txt"))).story


def blocks(story, kind):
    return [b for s in walk_sections(story.sections) for b in s.content if isinstance(b, Block) and b.kind is kind]


def test_notes_in_place_by_default():
    story = place(parsed())
    kinds = [s.kind for s in story.sections]
    assert kinds == [SectionKind.AUTHOR_NOTE, SectionKind.CHAPTER, SectionKind.AUTHOR_NOTE, SectionKind.CHAPTER,
                     SectionKind.AUTHOR_NOTE]


def test_notes_gathered_at_the_end_link_both_ways():
    story = place(parsed(), notes="end")
    assert [s.kind for s in story.sections] == [SectionKind.CHAPTER, SectionKind.CHAPTER, SectionKind.NOTES]
    notes = story.sections[-1].sections
    links = blocks(story, BlockKind.NOTE_LINK)
    assert len(notes) == len(links) == 3
    assert [link.target for link in links] == [n.key for n in notes]
    assert all(n.backlink == n.key for n in notes)
    # The first link opens chapter 1 (the note stood before it); the others close chapters.
    assert story.sections[0].content[0].kind is BlockKind.NOTE_LINK


def test_notes_omitted_take_inline_notes_too():
    story = place(parsed(), notes="omit")
    assert all(s.kind is not SectionKind.AUTHOR_NOTE for s in walk_sections(story.sections))
    assert not any(isinstance(i, Note) for b in blocks(story, BlockKind.PARAGRAPH) for i in b.inlines)


def test_flashbacks_inline_stay_in_the_text():
    story = place(parsed(), flashbacks="inline")
    flashbacks = [s for s in walk_sections(story.sections) if s.kind is SectionKind.FLASHBACK]
    assert flashbacks and not any(f.standalone for f in flashbacks)


def compile_epub(tmp_path: Path, settings: str) -> zipfile.ZipFile:
    (tmp_path / "s.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(f"title: C\n{settings}\nstories: [s.txt]\n", encoding="utf-8")
    result = ficbind("compile", str(tmp_path / "c.yaml"), "--out", str(tmp_path / "out"), "--format", "epub")
    assert result.returncode == 0, result.stderr
    return zipfile.ZipFile(tmp_path / "out" / "c.epub")


def holder(epub, anchor: str) -> str:
    """The document that holds an anchor (short sections share a document with their neighbours)."""
    return next(n for n in epub.namelist() if n.endswith(".xhtml") and f'id="{anchor}"'.encode() in epub.read(n))


def test_gathered_notes_in_the_epub(tmp_path):
    epub = compile_epub(tmp_path, "notes: end")
    names = epub.namelist()
    notes_doc = next(n for n in names if n.endswith(".xhtml") and b'class="notes"' in epub.read(n))
    text = epub.read(notes_doc).decode()
    assert text.count('class="author-note"') == 3 and text.count('class="note-backlink"') == 3
    chapter = epub.read(holder(epub, "story-1-s1")).decode()
    assert 'class="note-link"' in chapter and f'{notes_doc.rsplit("/", 1)[1]}#' in chapter


def test_inline_flashback_in_the_epub(tmp_path):
    epub = compile_epub(tmp_path, "flashbacks: inline")
    assert "EPUB/text/story-1-s2-1.xhtml" not in epub.namelist()
    name = holder(epub, "story-1-s2")
    chapter = epub.read(name).decode()
    assert 'class="flashback inline"' in chapter and 'id="story-1-s2-1"' in chapter
    nav = epub.read("EPUB/text/nav.xhtml").decode()
    assert f'href="{name.rsplit("/", 1)[1]}#story-1-s2-1"' in nav


def test_inline_note_is_a_popup_footnote_in_the_epub(tmp_path):
    epub = compile_epub(tmp_path, "")
    chapter = epub.read(holder(epub, "story-1-s2")).decode()
    assert 'epub:type="noteref"' in chapter and 'epub:type="footnote"' in chapter
    assert "It rained.<a" in chapter and "She stayed in." in chapter


def test_manifest_markers_teach_new_conventions(tmp_path):
    (tmp_path / "s.txt").write_text(
        "Ramble: hello friends\n\nEpisode 3\n\nShe ran.\n\n<>\n\nHe followed.\n", encoding="utf-8"
    )
    (tmp_path / "c.yaml").write_text(
        "title: C\nmarkers:\n  author-note: ['Ramble:']\n  chapter: ['Episode \\d+']\n"
        "stories:\n  - file: s.txt\n    markers: {scene-break: ['<>']}\n",
        encoding="utf-8",
    )
    spec = load_manifest(tmp_path / "c.yaml")
    story = parse_story(decode_source((tmp_path / "s.txt").read_bytes(), Path("s.txt")),
                        spec.markers_for(spec.stories[0])).story
    assert [s.kind for s in story.sections] == [SectionKind.AUTHOR_NOTE, SectionKind.CHAPTER]
    assert [m.text for m in story.sections[0].markers] == ["Ramble:"]
    assert any(b.kind is BlockKind.SCENE_BREAK for b in story.sections[1].content if isinstance(b, Block))


def test_bad_marker_expression_is_a_clean_error(tmp_path):
    (tmp_path / "s.txt").write_text("Hi.\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("title: C\nmarkers:\n  chapter: ['Episode (']\nstories: [s.txt]\n", encoding="utf-8")
    result = ficbind("outline", str(tmp_path / "c.yaml"))
    assert result.returncode == 2 and "c.yaml:3:" in result.stderr and "regular expression" in result.stderr


def test_outline_warns_about_structure_it_did_not_take():
    from compiler.detect import parse_story as parse

    text = "She said AN: this is weird and left.\n\n/End of Flashback/\n\nThe end came.\n"
    result = parse(decode_source(text.encode(), Path("w.txt")))
    codes = [(d.code, d.origin.line) for d in result.diagnostics]
    assert codes == [("note-label-in-prose", 1), ("flashback-end-without-start", 3)]


def test_a_repeated_disclaimer_is_detected_and_kept():
    text = (
        "Chapter 1\n\nDisclaimer: Not mine.\n\nShe ran.\n\nChapter 2\n\nDisclaimer: Not mine.\n\nHe ran.\n"
    )
    story = parsed(text)
    disclaimers = [s for s in walk_sections(story.sections) if s.kind is SectionKind.DISCLAIMER]
    assert [d.repeat_of for d in disclaimers] == [0, 3]
