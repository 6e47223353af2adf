"""XHTML: the document tree → XHTML fragments, one renderer for EPUB and PDF.

Every section is a `<section>` whose class is its kind; scene breaks are
`<hr class="scene-break"/>`; text the compiler adds (labels such as "Author’s Note") has
class "label". The EPUB groups these sections into documents (documents.py), the PDF
joins them into one (book.py); neither adds markup of its own to the story's text, so
a user's stylesheet works for both. Output is well-formed XML (and so also valid HTML).

The two targets differ only where a reading system and a printed page must: a note inside
a paragraph becomes a pop-up footnote (a noteref and an `<aside>`) in the EPUB and a
footnote at the foot of the page in the PDF; links resolve to another document or to an
anchor in the same one. A Context carries that choice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable

from compiler.model import (
    Block,
    BlockKind,
    Collection,
    Emphasis,
    Inline,
    LineBreak,
    Note,
    Section,
    SectionKind,
    Story,
    Strong,
    Text,
    field_key,
    plain_text,
)
from compiler.render.titles import title_heading
from compiler.render.xml import escape, quoteattr

# Sections that open a story: set together on its title page.
FRONT_KINDS = frozenset({SectionKind.HEADER, SectionKind.SUMMARY, SectionKind.DISCLAIMER})
# Sections with a heading of their own (and a contents entry).
HEADED_KINDS = frozenset({SectionKind.CHAPTER, SectionKind.AUTHOR_NOTE, SectionKind.FLASHBACK, SectionKind.NOTES})

# EPUB structural semantics for the kinds that have an exact term, each with the DPUB-ARIA
# role that says the same to assistive technology (Ace: epub-type-has-matching-role).
_EPUB_TYPES = {SectionKind.CHAPTER: "chapter", SectionKind.NOTES: "endnotes"}

_BLOCK_CLASSES = {
    BlockKind.SCENE_HEADING: "scene-heading",
    BlockKind.END_LINE: "end-line",
    BlockKind.LINES: "lines",
}


def story_anchor(number: int) -> str:
    return f"story-{number}"


def section_anchor(story_number: int, section: Section) -> str:
    return f"{story_anchor(story_number)}-s{section.key}"


@dataclass
class Context:
    """What a target needs from the renderer: footnote style and how links resolve."""

    target: str = "pdf"  # "pdf" or "epub"
    # key of a section → href (an anchor in the same document, or another document's)
    href: Callable[[int, str], str] = lambda story, key: f"#{story_anchor(story)}-s{key}"
    notes: list[str] = field(default_factory=list)  # EPUB asides for the current document
    counter: dict[int, int] = field(default_factory=dict)
    # (story, section key) whose first paragraph opens the story: class "opening"
    openings: set[tuple[int, str]] = field(default_factory=set)

    def take_notes(self) -> str:
        asides, self.notes = self.notes, []
        return "\n".join(asides)


def opening_key(story: Story) -> str:
    """The section whose first paragraph opens the story's text (themes set it apart)."""
    _, main = split_front(story)
    for section in main:
        if section.kind in (SectionKind.CHAPTER, SectionKind.BODY):
            if any(isinstance(n, Block) and n.kind is BlockKind.PARAGRAPH for n in section.content):
                return section.key
    return ""


# What may stand between a story's top and its header, and leave the header on the
# opening page: the site's furniture (left out or kept), the author's notes (they follow
# the opening page, in their order).
_BEFORE_HEADER = frozenset({SectionKind.FURNITURE, SectionKind.AUTHOR_NOTE})


def split_front(story: Story) -> tuple[tuple[Section, ...], tuple[Section, ...]]:
    """The story's header, summary and disclaimer sections of its opening (before its text,
    whatever notes or furniture came first), and everything else, in order."""
    count = 0
    for section in story.sections:
        if section.kind not in FRONT_KINDS and section.kind not in _BEFORE_HEADER:
            break
        count += 1
    opening = story.sections[:count]
    front = tuple(s for s in opening if s.kind in FRONT_KINDS)
    return front, tuple(s for s in opening if s.kind not in FRONT_KINDS) + story.sections[count:]


def has_heading(section: Section) -> bool:
    return section.kind in HEADED_KINDS and bool(section.title or section.label)


_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred"
)
# What a chapter heading's label looks like: "Chapter Two", "Part II", "Ch. 3", "4", "Nine", "Prologue".
_CHAPTER_LABEL = re.compile(
    r"(?i)(?:(?:chapter|chap\.?|ch\.?|part|book|act|episode|season|volume|vol\.?|section)\s+\S+(?:\s+\S+)?"
    r"|prologue|epilogue|interlude|prelude|introduction|\d{1,4}|[ivxlcdm]{1,8}"
    rf"|(?:{_NUMBER_WORDS})(?:[- ](?:{_NUMBER_WORDS}))?)"
)
# Between a label and its title: a colon, a spaced hyphen or dash, a dash (typeset closed, with
# its word joiner), a full stop after a number.
_SEPARATOR = re.compile(r"\s*:\s*|\s+[-–—]\s*|[\u2060\ufeff]?[—–][\u2060\ufeff]?\s*|(?<=\d)\.\s+")


def heading_parts(section: Section) -> tuple[tuple[Inline, ...], tuple[Inline, ...]]:
    """A chapter heading as its label and its title ("Chapter Two", "The Middle"): two parts
    of the heading, never joined by a closed dash; ((), title) where there is no label."""
    title = section.title
    if section.kind is not SectionKind.CHAPTER or not title:
        return (), title
    breaks = [i for i, node in enumerate(title) if isinstance(node, LineBreak)]
    if breaks:  # the title on the line under the number
        label, rest = title[: breaks[0]], title[breaks[0] + 1:]
        if rest and len(plain_text(label).split()) <= 4:
            return label, rest
        return (), title
    first = title[0]
    if not isinstance(first, Text):
        return (), title
    for match in _SEPARATOR.finditer(first.text):
        label = first.text[: match.start()].strip()
        rest = first.text[match.end():]
        if _CHAPTER_LABEL.fullmatch(label) and (rest.strip() or len(title) > 1):
            tail = ((Text(rest),) if rest else ()) + title[1:]
            return (Text(label),), tail
        break  # only the first separator can end a label
    return (), title


def _join(parts: list[str]) -> str:
    title = ""
    for part in parts:
        title = f"{title}: {part}" if title and title[-1].isalnum() else f"{title} {part}".strip()
    return title


def nav_title(section: Section) -> str:
    """How the section is named in a table of contents ("" for untitled text)."""
    label, rest = heading_parts(section)
    parts = [p.strip() for p in plain_text(rest).split("\n") if p.strip()]
    title = _join([plain_text(label).strip(), *parts] if label else parts)
    if section.kind is SectionKind.FLASHBACK:
        return f"{section.label}: {title}" if title else section.label
    if section.kind is SectionKind.CHAPTER:
        return title
    if section.kind in (SectionKind.AUTHOR_NOTE, SectionKind.NOTES):
        return section.label
    return ""


# ── Inlines and blocks ───────────────────────────────────────────────────────────────


def render_inlines(inlines: tuple[Inline, ...], ctx: Context | None = None, story: int = 0) -> str:
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(escape(node.text))
        elif isinstance(node, Emphasis):
            out.append(f"<i>{render_inlines(node.children, ctx, story)}</i>")
        elif isinstance(node, Strong):
            out.append(f"<b>{render_inlines(node.children, ctx, story)}</b>")
        elif isinstance(node, LineBreak):
            out.append("<br/>")
        elif isinstance(node, Note):
            out.append(_render_note(node, ctx or Context(), story))
    return "".join(out)


def _render_note(note: Note, ctx: Context, story: int) -> str:
    number = ctx.counter.get(story, 0) + 1
    ctx.counter[story] = number
    note_id = f"{story_anchor(story)}-note-{number}"
    body = render_inlines(note.children, ctx, story)
    if ctx.target == "epub":
        # A pop-up where the reading system supports it (Apple Books, Kobo, KOReader),
        # a link to the note at the end of the document elsewhere; linked both ways.
        ctx.notes.append(
            f'<aside class="inline-note" epub:type="footnote" role="doc-footnote" id="{note_id}">'
            f'<p><a class="label" epub:type="backlink" role="doc-backlink" href="#{note_id}-ref">↩</a> {body}</p></aside>'
        )
        return f'<a class="noteref" epub:type="noteref" role="doc-noteref" href="#{note_id}" id="{note_id}-ref">*</a>'
    return f'<span class="inline-note" id="{note_id}">{body}</span>'


def render_block(block: Block, ctx: Context | None = None, story: int = 0) -> str:
    if block.kind is BlockKind.SCENE_BREAK:
        return '<hr class="scene-break"/>'
    if block.kind is BlockKind.FIELD:
        label = escape(field_key(block.marker))
        if not label:  # a header line with no key of its own (a pairing)
            return f'<p class="field">{render_inlines(block.inlines, ctx, story)}</p>'
        return f'<p class="field"><span class="label">{label}</span> {render_inlines(block.inlines, ctx, story)}</p>'
    if block.kind is BlockKind.NOTE_LINK:
        href = (ctx or Context()).href(story, block.target)
        return f'<p class="note-link" id="{story_anchor(story)}-s{block.target}-link"><a class="label" href="{escape(href)}">Author’s note</a></p>'
    css = _BLOCK_CLASSES.get(block.kind)
    attrs = f' class="{css}"' if css else ""
    return f"<p{attrs}>{render_inlines(block.inlines, ctx, story)}</p>"


# ── Sections ─────────────────────────────────────────────────────────────────────────


def _heading(section: Section, level: int) -> str:
    h = f"h{min(level, 6)}"
    label = escape(section.label)
    if section.kind in (SectionKind.SUMMARY, SectionKind.DISCLAIMER):
        return f'<p class="label">{label}</p>'
    if not has_heading(section):
        return ""
    if section.kind is SectionKind.CHAPTER:
        number, title = heading_parts(section)
        if number:  # two parts, set as two lines; named as one in the PDF's bookmarks
            return (
                f'<{h} data-title={quoteattr(nav_title(section))}><span class="chapter-label">{render_inlines(number)}</span> '
                f'<span class="chapter-title">{render_inlines(title)}</span></{h}>'
            )
        return f"<{h}>{render_inlines(title)}</{h}>"
    title = render_inlines(section.title)
    if title and not label:
        return f"<{h}>{title}</{h}>"
    if title:  # the compiler's word, then the author's ("Flashback", "2 months ago")
        return (
            f'<{h} data-title={quoteattr(nav_title(section))}><span class="label">{label}</span> '
            f'<span class="heading-title">{title}</span></{h}>'
        )
    return f'<{h} class="label">{label}</{h}>'


def render_section(
    section: Section,
    story_number: int,
    level: int,
    *,
    ctx: Context | None = None,
) -> str:
    """A section and everything nested in it."""
    ctx = ctx or Context()
    content = section.content
    classes = [section.kind.value]
    if not section.standalone:
        classes.append("inline")
    attrs = f' class="{" ".join(classes)}" id="{section_anchor(story_number, section)}"'
    epub_type = _EPUB_TYPES.get(section.kind)
    if epub_type:
        attrs += f' epub:type="{epub_type}" role="doc-{epub_type}"'
    heading = _heading(section, level)
    if section.backlink:
        href = ctx.href(story_number, f"{section.backlink}-link")
        heading += (
            f'\n<p class="note-backlink"><a class="label" epub:type="backlink" role="doc-backlink" '
            f'href="{escape(href)}">↩</a></p>'
        )
    inner_level = level + 1 if has_heading(section) else level
    parts = [f"<section{attrs}>", heading]
    opening = (story_number, section.key) in ctx.openings
    for node in content:
        if isinstance(node, Section):
            parts.append(render_section(node, story_number, inner_level, ctx=ctx))
        elif opening and node.kind is BlockKind.PARAGRAPH:
            parts.append(render_block(node, ctx, story_number).replace("<p>", '<p class="opening">', 1))
            opening = False
        else:
            parts.append(render_block(node, ctx, story_number))
    if section.kind is SectionKind.FLASHBACK:
        parts.append('<p class="label flashback-end">End of flashback</p>')
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def render_story_front(story: Story, story_number: int, collection_author: str, ctx: Context | None = None) -> str:
    """A story's opening: its title, byline, header fields, summary and disclaimer."""
    front, _ = split_front(story)
    fields = {key.casefold(): value for key, value in story.meta.fields}
    parts = [f'<section class="front" id="{story_anchor(story_number)}" epub:type="titlepage">']
    if story.meta.title:
        # A title line the manifest replaced is not printed under the new title (the
        # outline and `check` say so): the reader's title is the book's.
        parts.append(title_heading(story.meta.title, "h2", "story-title"))
    has_author_field = any(k in fields for k in ("author", "authors", "written by", "by"))
    if story.meta.author and story.meta.author != collection_author and not has_author_field:
        parts.append(f'<p class="byline">{escape(story.meta.author)}</p>')
    has_summary = any(section.kind is SectionKind.SUMMARY for section in story.sections)
    if story.meta.summary and not has_summary:
        # A summary from the manifest, for a story whose file has none.
        parts.append(
            f'<section class="summary"><p class="label">Summary</p><p>{escape(story.meta.summary)}</p></section>'
        )
    for section in front:
        if section.kind is SectionKind.HEADER:
            # The title field is the story's title above; the others are the header's.
            shown = tuple(
                b for b in section.content
                if not (isinstance(b, Block) and field_key(b.marker).casefold() == "title"
                        and plain_text(b.inlines).casefold() == story.meta.title.casefold())
            )
            if shown:
                parts.append(render_section(_with_content(section, shown), story_number, 3, ctx=ctx))
        else:
            parts.append(render_section(section, story_number, 3, ctx=ctx))
    parts.append("</section>")
    return "\n".join(parts)


def _with_content(section: Section, content: tuple[Block | Section, ...]) -> Section:
    return replace(section, content=content)


def render_titlepage(collection: Collection) -> str:
    meta = collection.meta
    parts = [
        '<section class="titlepage" id="titlepage" epub:type="titlepage">',
        title_heading(meta.title, "h1", "collection-title"),
    ]
    if meta.author:
        parts.append(f'<p class="collection-author">{escape(meta.author)}</p>')
    if meta.series:
        series = meta.series
        if meta.series_index is not None:
            index = meta.series_index
            series += f", Book {int(index) if index == int(index) else index}"
        parts.append(f'<p class="collection-series">{escape(series)}</p>')
    if meta.description:
        parts.append(f'<p class="collection-description">{escape(meta.description)}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def story_article_tag(story: Story, story_number: int, classes: str = "story") -> str:
    return f'<article class="{classes}" id="{story_anchor(story_number)}-article" lang={quoteattr(story.meta.language)}>'


def story_chunks(story: Story, story_number: int, collection_author: str, ctx: Context | None = None) -> list[str]:
    """The story's opening, then each of its other top-level sections, rendered: what
    its `<article>` holds, in order (render_story; the printed book cuts a long story
    into parts between them)."""
    ctx = ctx or Context()
    ctx.openings.add((story_number, opening_key(story)))
    _, main = split_front(story)
    return [render_story_front(story, story_number, collection_author, ctx),
            *(render_section(section, story_number, 3, ctx=ctx) for section in main)]


def render_story(story: Story, story_number: int, collection_author: str, ctx: Context | None = None) -> str:
    """The whole story as one `<article>`, for the single-document PDF."""
    chunks = story_chunks(story, story_number, collection_author, ctx)
    return "\n".join([story_article_tag(story, story_number), *chunks, "</article>"])
