"""Contents: a list of the story's chapters that the site (or the author) put before the
text: `1. Preludes` / `2. Chapter I: Mako Jade` / … or `Chapter 1` / `Chapter 2` / …
with no text between them. Three headings or more in a row that head nothing are a
table of contents, not chapters: the book makes its own, so the list is furniture
(left out, and listed), never a run of empty chapters.
"""

from __future__ import annotations

from compiler.detect.kinds import LineKind
from compiler.detect.lines import classify_line
from compiler.detect.paragraphs import Paragraph

_HEADINGS = (LineKind.CHAPTER, LineKind.NUMBERED_HEADING)
CONTENTS = "a table of contents (chapter headings with nothing under them)"
MIN_ENTRIES = 3  # two headings in a row can be a heading and its part title


def _entry(para: Paragraph) -> bool:
    """A paragraph that is only chapter headings, one to a line."""
    return para.kind in _HEADINGS and all(classify_line(line).kind in _HEADINGS for line in para.lines[1:])


def _form(para: Paragraph) -> tuple[str, str]:
    """What kind of heading it is: its rule, and its first word (`1.`, `Chapter`, `Part`).
    A contents list repeats one form; a stack of headings over a chapter (`Chapter 1` /
    `Book I: …` / `Part 1: …`) changes it at every line."""
    word = para.lines[0].strip("*~=#-_[<( ").split(" ", 1)[0].lower()
    return para.match.rule, word if word.isalpha() else "#"


def contents_run(paragraphs: list[Paragraph], index: int) -> int:
    """How many paragraphs from `index` are a table of contents (0: none): chapter
    headings of one form one after another, three or more, nothing under any of them but
    the next; two are enough when the heading after them repeats the first."""
    count = 0
    form = _form(paragraphs[index])
    seen: set[str] = set()
    repeated = False  # the list is followed by its first chapter's own heading (FanFicFare's text)
    while index + count < len(paragraphs) and _entry(paragraphs[index + count]) and _form(paragraphs[index + count]) == form:
        text = " ".join(paragraphs[index + count].lines[0].split()).casefold()
        if text in seen:
            repeated = True
            break
        seen.add(text)
        count += 1
    entries = count if count >= (2 if repeated else MIN_ENTRIES) else 0
    if entries == 0 and count == 1 and len(paragraphs[index].lines) >= MIN_ENTRIES:
        return 1  # the list typed as one paragraph, an entry to a line
    return entries
