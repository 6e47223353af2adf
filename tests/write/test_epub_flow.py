"""EPUB documents follow the reader: no spine document is a screen of almost nothing.

The seeds, the sample and ten real openings (each a one-story manifest) are compiled;
apart from the cover, title page and contents, no document holds fewer than 60 words
(a heading, a rule, a label or a short paragraph alone), every contents entry and link
lands on an anchor that exists, and EPUBCheck reports nothing."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest
from helpers import ROOT, SEEDS, element_text, epub_documents, epubcheck, epubcheck_problems, ficbind, words
from lxml import etree

REALWORLD = Path(os.environ.get("FICBIND_REALWORLD", ROOT.parent / "shared" / "realworld" / "texts"))
XHTML = "{http://www.w3.org/1999/xhtml}"
FURNITURE = ("cover.xhtml", "titlepage.xhtml", "nav.xhtml")
SHORT = 60


def _cases(folder: Path, prefix: str, count: int | None = None, variable: str = "") -> list:
    if not folder.is_dir():
        reason = f"the {prefix} texts are not at {folder} (set {variable} to their folder)"
        return [pytest.param(None, id=f"{prefix}-absent", marks=pytest.mark.skip(reason=reason))]
    return [pytest.param(p, id=f"{prefix}-{p.stem[:24]}") for p in sorted(folder.glob("*.txt"))[:count]]


CASES = _cases(SEEDS, "seed", None, "FICBIND_SEEDS") + _cases(REALWORLD, "real", 10, "FICBIND_REALWORLD")


def _compile_one(text: Path, folder: Path) -> Path:
    shutil.copy(text, folder / text.name)
    (folder / "book.yaml").write_text(f"title: {text.stem}\nstories: [{text.name}]\n", encoding="utf-8")
    result = ficbind("compile", str(folder / "book.yaml"), "-o", str(folder / "out"), "-f", "epub")
    assert result.returncode == 0, result.stderr
    return folder / "out" / "book.epub"


def tiny_documents(epub: Path) -> list[tuple[str, int]]:
    found = []
    for href, root in epub_documents(epub):
        if href.endswith(FURNITURE):
            continue
        count = len(words(element_text(root.find(f"{XHTML}body"))))
        if count < SHORT:
            found.append((href, count))
    return found


def broken_links(epub: Path) -> list[str]:
    """Links (contents entries, note references and backlinks) whose target is missing."""
    with zipfile.ZipFile(epub) as archive:
        trees = {
            name.removeprefix("EPUB/text/"): etree.fromstring(archive.read(name))
            for name in archive.namelist() if name.startswith("EPUB/text/")
        }
    ids = {name: {e.get("id") for e in tree.iter() if e.get("id")} for name, tree in trees.items()}
    broken = []
    for name, tree in trees.items():
        for a in tree.iter(f"{XHTML}a"):
            href = a.get("href") or ""
            target, _, anchor = href.partition("#")
            target = target or name
            if target not in ids or (anchor and anchor not in ids[target]):
                broken.append(f"{name}: {href}")
    return broken


def check(epub: Path) -> None:
    assert tiny_documents(epub) == []
    assert broken_links(epub) == []
    assert epubcheck_problems(epubcheck(epub)) == []


@pytest.mark.parametrize("text", CASES)
def test_no_document_is_a_screen_of_almost_nothing(text: Path, tmp_path):
    check(_compile_one(text, tmp_path))


def test_the_sample_has_no_tiny_documents(tmp_path):
    result = ficbind("compile", "sample", "-o", str(tmp_path), "-f", "epub", "--force")
    assert result.returncode == 0, result.stderr
    check(tmp_path / "sample.epub")
