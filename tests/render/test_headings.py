"""Headings a careful editor would sign: a chapter's label and title are two parts of its
heading (never run together with a closed dash), its contents entry says "Label: Title",
and every flashback is headed and ended the same way wherever it stands."""

from __future__ import annotations

import pytest
from lxml import etree

from compiler.model import LineBreak, Section, SectionKind, Text, plain_text
from compiler.render.xhtml import heading_parts, nav_title, render_section


def chapter(*title) -> Section:
    return Section(SectionKind.CHAPTER, tuple(title), (), None, key="1")


@pytest.mark.parametrize(
    "title, label, rest",
    [
        ("Chapter Two\u2060—The Middle", "Chapter Two", "The Middle"),  # " - " typeset closed
        ("Chapter Two - The Middle", "Chapter Two", "The Middle"),
        ("Chapter 4: Clearing The Air", "Chapter 4", "Clearing The Air"),
        ("Part I: 1987", "Part I", "1987"),
        ("Nine: Surprise", "Nine", "Surprise"),
        ("4. Title", "4", "Title"),
        ("Ch. 3 – Foo", "Ch. 3", "Foo"),
        ("Chapter 1", "", "Chapter 1"),
        ("The Lady - and the Tramp", "", "The Lady - and the Tramp"),  # no label: one title
    ],
)
def test_a_chapter_heading_is_its_label_and_its_title(title, label, rest):
    got = heading_parts(chapter(Text(title)))
    assert (plain_text(got[0]), plain_text(got[1])) == (label, rest)


def test_a_title_on_the_line_under_the_number():
    got = heading_parts(chapter(Text("Chapter 5"), LineBreak(), Text("Home")))
    assert (plain_text(got[0]), plain_text(got[1])) == ("Chapter 5", "Home")


def test_the_heading_sets_the_parts_apart_and_the_contents_join_them():
    section = chapter(Text("Chapter Two\u2060—The Middle"))
    h3 = etree.fromstring(render_section(section, 1, 3).split("\n")[1])
    assert [(s.get("class"), s.text) for s in h3] == [("chapter-label", "Chapter Two"), ("chapter-title", "The Middle")]
    assert "—" not in "".join(h3.itertext())
    assert nav_title(section) == h3.get("data-title") == "Chapter Two: The Middle"  # the PDF's bookmark


@pytest.mark.parametrize("level", [3, 4, 5])
def test_a_flashback_is_headed_and_ended_the_same_way_at_any_depth(level):
    body = Section(SectionKind.FLASHBACK, (Text("2 months ago"),), (), None, key="1-1")
    root = etree.fromstring(f'<div>{render_section(body, 1, level)}</div>')
    heading = root[0][0]
    assert heading.tag == f"h{level}"
    assert [(s.get("class"), s.text) for s in heading] == [("label", "Flashback"), ("heading-title", "2 months ago")]
    assert root[0][-1].get("class") == "label flashback-end"
