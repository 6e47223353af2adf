"""An epic one-shot is not one XHTML file of megabytes: a section too long for one
document continues in the next, cut at its scene breaks (between paragraphs only when it
has none), every document under 300 KB, no word lost or repeated, EPUBCheck clean."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

from helpers import XHTML, element_text, epub_documents, epubcheck, epubcheck_problems, ficbind, words
from test_epub_flow import broken_links

from compiler.render.documents import MAX_CHARACTERS

LIMIT_BYTES = 300 * 1024

_PEOPLE = ("Maren", "Wren", "Callum", "Nana Ida", "Tobias", "Gus")
_DOING = ("counted the steps", "watched the water", "mended the net", "wound the clock",
          "trimmed the wick", "read the tide table", "listened for the horn", "made the tea")
_WHEN = ("before dawn", "after supper", "while the fog came in", "as the lamp turned",
         "when the boat was late", "on the last night of summer")


def _paragraph(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(3, 6)):
        who, what, when = rng.choice(_PEOPLE), rng.choice(_DOING), rng.choice(_WHEN)
        sentences.append(rng.choice((
            f"{who} {what} {when}.",
            f'"Not yet," said {who}, and {what} {when}.',
            f"It was {who} who {what}, {when}, and nobody asked why.",
        )))
    return " ".join(sentences)


def _story(seed: int, characters: int, breaks_every: int | None) -> str:
    rng = random.Random(seed)
    paragraphs, size = [], 0
    while size < characters:
        if breaks_every and paragraphs and len(paragraphs) % breaks_every == 0:
            paragraphs.append("* * *")
        paragraphs.append(_paragraph(rng))
        size += len(paragraphs[-1])
    return "\n\n".join(paragraphs) + "\n"


def _compile(tmp_path: Path) -> Path:
    (tmp_path / "epic.txt").write_text("The Long Watch\n\n" + _story(1, int(MAX_CHARACTERS * 3.4), 40), encoding="utf-8")
    (tmp_path / "unbroken.txt").write_text("No Rest\n\n" + _story(2, int(MAX_CHARACTERS * 2.3), None), encoding="utf-8")
    (tmp_path / "short.txt").write_text("A Short One\n\n" + _story(3, 20_000, 10), encoding="utf-8")
    (tmp_path / "book.yaml").write_text("title: Epics\nstories: [epic.txt, unbroken.txt, short.txt]\n", encoding="utf-8")
    result = ficbind("compile", str(tmp_path / "book.yaml"), "-o", str(tmp_path / "out"), "-f", "epub")
    assert result.returncode == 0, result.stderr
    return tmp_path / "out" / "book.epub"


def test_long_stories_are_cut_into_documents_under_the_limit(tmp_path):
    epub = _compile(tmp_path)
    with zipfile.ZipFile(epub) as archive:
        sizes = {name: archive.getinfo(name).file_size for name in archive.namelist() if name.endswith(".xhtml")}
    assert max(sizes.values()) < LIMIT_BYTES, sizes
    names = sorted(sizes)
    epic = [n for n in names if n.startswith("EPUB/text/story-1")]
    unbroken = [n for n in names if n.startswith("EPUB/text/story-2")]
    short = [n for n in names if n.startswith("EPUB/text/story-3")]
    assert len(epic) == 4 and len(unbroken) == 3 and len(short) == 1, names

    documents = dict(epub_documents(epub))
    for number, name, title in ((1, "epic.txt", "The Long Watch"), (2, "unbroken.txt", "No Rest")):
        parts = [documents[href] for href in documents if href.startswith(f"text/story-{number}")]
        text = " ".join(element_text(doc.find(f"{XHTML}body")) for doc in parts)
        assert words(text) == words((tmp_path / name).read_text(encoding="utf-8")), f"{name}: words lost or moved"
        # The continuations are the story's text going on: no heading repeated, and the
        # epic's later parts each open at one of its scene breaks.
        for doc in parts[1:]:
            assert doc.find(f".//{XHTML}h2") is None and doc.find(f".//{XHTML}h3") is None
            if number == 1:
                first = doc.find(f".//{XHTML}section")[0]
                assert first.tag == f"{XHTML}hr", etree_name(first)
    assert broken_links(epub) == []
    assert epubcheck_problems(epubcheck(epub)) == []


def etree_name(element) -> str:
    return f"{element.tag} {element.attrib}"
