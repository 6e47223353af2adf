"""Scoring detection against the hand-marked outlines of real fan fiction.

The texts are other people's and stay in ../shared/realworld/texts; the marks are ours
(realworld/*.expect, kinds and line numbers only). `score()` compares the items
ficbind finds with the marked ones as (kind, first line, last line): structure items
apart from paragraphs, which are only marked (and only compared) in texts whose
paragraphs are not simply separated by blank lines.

    .venv/bin/python tests/detect/realworld.py [-v]     # the figures, and every disagreement
    FICBIND_REALWORLD=DIR FICBIND_REALWORLD_MARKS=DIR .venv/bin/python tests/detect/realworld.py   # your own
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# The texts, and the marks made for them; to measure on stories of your own, point both
# at a folder holding NAME.txt with NAME.expect beside it.
TEXTS = Path(os.environ.get("FICBIND_REALWORLD", ROOT.parent / "shared" / "realworld" / "texts"))
MARKS = Path(os.environ.get("FICBIND_REALWORLD_MARKS", HERE / "realworld"))

Key = tuple[str, int, int]


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    agreed: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.agreed / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.agreed / self.found if self.found else 1.0

    def add(self, name: str, expected: set[Key], found: set[Key]) -> None:
        self.expected += len(expected)
        self.found += len(found)
        self.agreed += len(expected & found)
        self.misses += [f"{name}: missing {k} {_lines(a, b)}" for k, a, b in sorted(expected - found, key=_order)]
        self.misses += [f"{name}: not expected {k} {_lines(a, b)}" for k, a, b in sorted(found - expected, key=_order)]


def _order(key: Key) -> tuple[int, int, str]:
    return key[1], key[2], key[0]


def _lines(first: int, last: int) -> str:
    return f"{first}-{last}" if last > first else str(first)


def marked(path: Path) -> set[Key]:
    items: set[Key] = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kind, _, lines = line.partition(" ")
        first, _, last = lines.strip().partition("-")
        items.add((kind, int(first), int(last or first)))
    return items


def found(text: Path, paragraphs: bool) -> set[Key]:
    from compiler.detect import parse_story
    from compiler.read import read_source
    from compiler.run.outline import outline_items, paragraph_items

    parsed = parse_story(read_source(text, text.name))
    items = {(item.kind, item.start, item.end) for item in outline_items(parsed)}
    if paragraphs:
        items |= {(item.kind, item.start, item.end) for item in paragraph_items(parsed)}
    return items


def score() -> tuple[Score, Score]:
    """(structure, paragraphs) over every marked text."""
    structure, paragraphs = Score(), Score()
    for marks in sorted(MARKS.glob("*.expect")):
        text = TEXTS / f"{marks.stem}.txt"
        expected = marked(marks)
        with_paragraphs = any(kind == "paragraph" for kind, _, _ in expected)
        detected = found(text, with_paragraphs)
        structure.add(marks.stem, {i for i in expected if i[0] != "paragraph"}, {i for i in detected if i[0] != "paragraph"})
        if with_paragraphs:
            paragraphs.add(marks.stem, {i for i in expected if i[0] == "paragraph"}, {i for i in detected if i[0] == "paragraph"})
    return structure, paragraphs


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    structure, paragraphs = score()
    if "-v" in sys.argv:
        print(*structure.misses, *paragraphs.misses, sep="\n")
    for name, s in (("structure", structure), ("paragraphs", paragraphs)):
        print(f"{name}: {s.agreed} of {s.expected} marked found (recall {s.recall:.1%}), "
              f"{s.found} found (precision {s.precision:.1%})")
