"""Golden rendering: a story .txt → the XHTML the renderer gives both outputs.

Each tests/render/golden/NAME.txt is compiled through read → parse → typeset → render and
must equal NAME.xhtml exactly: structure, typography and markup pinned together. To
regenerate after an intended change, run with FICBIND_UPDATE_GOLDENS=1 and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

from compiler.detect import parse_story
from compiler.read import read_source
from compiler.render import render_story
from compiler.typeset import typeset_story

GOLDEN = Path(__file__).parent / "golden"
STORIES = sorted(GOLDEN.glob("*.txt"))


def render(path: Path) -> str:
    story, _ = typeset_story(parse_story(read_source(path, path.name)).story)
    return render_story(story, 1, collection_author="") + "\n"


@pytest.mark.parametrize("story", STORIES, ids=[p.stem for p in STORIES])
def test_rendering_matches_golden(story: Path):
    actual = render(story)
    expected_path = story.with_suffix(".xhtml")
    if os.environ.get("FICBIND_UPDATE_GOLDENS"):
        expected_path.write_text(actual, encoding="utf-8")
    assert actual == expected_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("story", STORIES, ids=[p.stem for p in STORIES])
def test_rendering_is_well_formed_xml(story: Path):
    wrapped = f'<div xmlns:epub="http://www.idpf.org/2007/ops">{render(story)}</div>'
    etree.fromstring(wrapped.encode("utf-8"))


def test_there_are_render_goldens():
    assert len(STORIES) >= 3
