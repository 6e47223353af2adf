"""Detection against a careful human's markup.

Each golden story NAME.txt has NAME.expect, written from the text alone by someone who
never ran the detector (format: `KIND LINES [TEXT]`, see compiler/run/outline.py). The
detected items (outline_items) must match every expected item: kind, line range and,
for headings, the text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.detect import parse_story
from compiler.read import read_source
from compiler.run.outline import outline_items, parse_expectations

GOLDEN = Path(__file__).parent / "golden" / "structure"
STORIES = sorted(p for p in GOLDEN.glob("*.txt") if p.with_suffix(".expect").exists())


def test_the_corpus_is_large_enough():
    assert len(STORIES) >= 40


@pytest.mark.parametrize("story", STORIES, ids=[p.stem for p in STORIES])
def test_detection_matches_the_human_markup(story: Path):
    expected = set(parse_expectations(story.with_suffix(".expect").read_text(encoding="utf-8")))
    detected = set(outline_items(parse_story(read_source(story, story.name))))
    missing = sorted(str(i) for i in expected - detected)
    extra = sorted(str(i) for i in detected - expected)
    assert (missing, extra) == ([], []), f"missing {missing}, not expected {extra}"
