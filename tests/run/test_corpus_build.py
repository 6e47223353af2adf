"""The whole golden corpus compiled as collections, in each placement: the new structure
(header fields, notes inside paragraphs, letters, chats, lyrics, recaps, notes gathered
at the end with links both ways, flashbacks kept inline) must give EPUBs that EPUBCheck
accepts and PDFs WeasyPrint lays out without a warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import epubcheck, epubcheck_problems, ficbind

GOLDEN = Path(__file__).parents[1] / "detect" / "golden" / "structure"
HOLDOUT = GOLDEN.parent / "holdout"
FRESH = GOLDEN.parent / "fresh"


def manifest(folder: Path, name: str, extra: str) -> Path:
    lines = [f"title: Golden corpus ({name})", "author: ficbind tests", extra, "stories:"]
    lines += [f"  - {story}" for story in sorted([*GOLDEN.glob("*.txt"), *HOLDOUT.glob("*.txt"), *FRESH.glob("*.txt")])]
    path = folder / f"{name}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "extra"),
    [("default", ""), ("notes-end", "notes: end\nflashbacks: inline"), ("notes-omitted", "notes: omit")],
)
def test_the_corpus_compiles_cleanly(tmp_path, name, extra):
    result = ficbind("compile", str(manifest(tmp_path, name, extra)), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "warning: " + str(tmp_path) not in result.stderr, result.stderr
    assert epubcheck_problems(epubcheck(tmp_path / "out" / f"{name}.epub")) == []
    assert (tmp_path / "out" / f"{name}.pdf").stat().st_size > 10_000
