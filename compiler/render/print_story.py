"""A story as the printed book sets it: the EPUB's fragments, compounds held, and, in a
story of long chapters, each chapter after the first opening a new page, as a printed
novel's do. Those page breaks are where a long story may be cut into parts laid out
in parallel (write/pdf_parallel.py): the parts' pages are then the book's pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from statistics import median

from compiler.model import Block, Collection, Section, SectionKind, Story, plain_text, walk_sections
from compiler.render.xhtml import split_front, story_article_tag, story_chunks

# A word the author hyphenated ("chocolate-brown", "well-known"): letters on both sides
# of each hyphen. Matched in text only (between tags), never in a tag's attributes.
_COMPOUND = re.compile(r"(?<![\w\-\u2010])[^\W\d_]+(?:[\-\u2010][^\W\d_]+)+(?![\w\-\u2010])")
_TEXT = re.compile(r">([^<]+)<")


def hold_compounds(html: str) -> str:
    """Each hyphenated compound wrapped in span.compound, which print.css does not
    hyphenate: Pyphen would otherwise split its parts ("choc-/olate-brown"), and a
    compound is broken only at its own hyphen."""

    def text(match: re.Match) -> str:
        return ">" + _COMPOUND.sub(lambda m: f'<span class="compound">{m.group(0)}</span>', match.group(1)) + "<"

    return _TEXT.sub(text, html)


# A story's chapters open new pages when half of them or more hold at least this many
# characters of text (about two and a half printed pages, some 850 words): a novel's
# chapters, which a printed book opens on a new page. Shorter ones (drabbles, ficlets
# posted as chapters) follow one another on the page, set apart by space, so that a
# book of them is not half blank paper.
CHAPTER_PAGE_CHARS = 5_000

# The class print.css breaks a page before (and names the pages of, for the running heads).
NEW_PAGE = "new-page"
_SECTION_TAG = re.compile(r'<section class="[^"]*"')


def text_size(section: Section) -> int:
    """Characters of text in a section and the sections inside it."""
    return sum(len(plain_text(node.inlines)) for part in walk_sections((section,)) for node in part.content
               if isinstance(node, Block))


def page_openers(story: Story, chapters_mode: str = "auto") -> frozenset[str]:
    """The keys of the chapters that open a new page: every top-level chapter after the
    story's first text (which shares the opening page with the title), in a story of two
    chapters or more whose median chapter is CHAPTER_PAGE_CHARS long (`auto`), in any
    story (`new-page`), or in none (`run-on`): the manifest's `pdf: chapters:`."""
    _, main = split_front(story)
    sizes = [text_size(section) for section in main if section.kind is SectionKind.CHAPTER]
    if chapters_mode == "run-on" or len(sizes) < 2:
        return frozenset()
    # A heading with no text of its own ("Book I" over "Part 1") is not a short chapter.
    if chapters_mode == "auto" and median([size for size in sizes if size] or [0]) < CHAPTER_PAGE_CHARS:
        return frozenset()
    openers, text_seen = [], False  # text since the last page break
    for section in main:
        if section.kind is SectionKind.CHAPTER and text_seen:
            openers.append(section.key)
            text_seen = False
        # A heading alone keeps the next chapter on its page: no page holds a heading only.
        text_seen = text_seen or (section.kind in (SectionKind.CHAPTER, SectionKind.BODY) and text_size(section) > 0)
    return frozenset(openers)


@dataclass(frozen=True)
class PrintStory:
    """A story's `<article>` as chunks (its opening, then each top-level section), with
    the characters of text in each and the chunks that open a new page."""

    article: str  # the opening tag
    continued: str  # the opening tag of a part that continues the story
    chunks: tuple[str, ...]
    sizes: tuple[int, ...]
    openers: tuple[int, ...]  # indices into chunks

    def html(self, first: int = 0, end: int | None = None) -> str:
        """The article, or the part of it holding chunks[first:end] (first: 0 or an opener)."""
        tag = self.article if first == 0 else self.continued
        return "\n".join([tag, *self.chunks[first:end], "</article>"])

    @cached_property
    def segments(self) -> tuple[tuple[int, int], ...]:
        """(first chunk, end chunk) of each run between page openers."""
        bounds = [0, *self.openers, len(self.chunks)]
        return tuple(zip(bounds, bounds[1:]))


def print_story(collection: Collection, number: int, chapters_mode: str = "auto") -> PrintStory:
    story = collection.stories[number - 1]
    _, main = split_front(story)
    openers = page_openers(story, chapters_mode)
    chunks = story_chunks(story, number, collection.meta.author)
    marked, opening = [hold_compounds(chunks[0])], []
    for index, (section, chunk) in enumerate(zip(main, chunks[1:]), start=1):
        if section.key in openers and (tag := _SECTION_TAG.match(chunk)):
            chunk = f"{tag.group(0)[:-1]} {NEW_PAGE}\"{chunk[tag.end():]}"
            opening.append(index)
        marked.append(hold_compounds(chunk))
    front_size = sum(text_size(section) for section in story.sections) - sum(text_size(s) for s in main)
    return PrintStory(
        story_article_tag(story, number),
        story_article_tag(story, number, "story continued"),
        tuple(marked),
        (max(1, front_size), *(text_size(section) for section in main)),
        tuple(opening),
    )


def render_print_story(collection: Collection, number: int, chapters_mode: str = "auto") -> str:
    """A story as the printed book sets it, whole."""
    return print_story(collection, number, chapters_mode).html()
