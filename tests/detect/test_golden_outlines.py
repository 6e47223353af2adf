"""Golden structure fixtures: each tests/detect/golden/structure/NAME.txt (stories of our own
writing, one or two conventions each) must outline exactly as NAME.outline says.

To regenerate after an intended change, run with FICBIND_UPDATE_GOLDENS=1 and review
the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import words

from compiler.detect import parse_story
from compiler.read import read_source
from compiler.run.outline import outline_text

GOLDEN = Path(__file__).parent / "golden" / "structure"
STORIES = sorted(GOLDEN.glob("*.txt"))


@pytest.mark.parametrize("story", STORIES, ids=[p.stem for p in STORIES])
def test_outline_matches_golden(story: Path):
    parsed = parse_story(read_source(story, story.name))
    actual = outline_text(parsed, story.name)
    expected_path = story.with_suffix(".outline")
    if os.environ.get("FICBIND_UPDATE_GOLDENS"):
        expected_path.write_text(actual, encoding="utf-8")
    assert expected_path.exists(), f"no golden outline for {story.name}: run with FICBIND_UPDATE_GOLDENS=1"
    assert actual == expected_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("story", STORIES, ids=[p.stem for p in STORIES])
def test_parsing_keeps_every_word(story: Path):
    """Only consumed markers leave the tree: their words plus the tree's words are the source's."""
    from compiler.model import Block, Note, Section, plain_text

    source = read_source(story, story.name)
    parsed = parse_story(source)
    kept: list[str] = words(plain_text(parsed.story.title_line))
    consumed: list[str] = []

    def walk(section: Section) -> None:
        consumed.extend(w for m in section.markers for w in words(m.text))
        kept.extend(words(plain_text(section.title)))
        for node in section.content:
            if isinstance(node, Section):
                walk(node)
            elif isinstance(node, Block):
                kept.extend(words(plain_text(node.inlines)))
                consumed.extend(words(node.marker))  # a scene break's glyph or a field's key
                for inline in node.inlines:
                    if isinstance(inline, Note):
                        consumed.extend(w for marker in inline.markers for w in words(marker))

    for section in parsed.story.sections:
        walk(section)
    assert sorted(kept + consumed) == sorted(words(source.text))
