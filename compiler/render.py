"""Render stage: the document tree → XHTML fragments, one renderer for EPUB and PDF.

Every section is a `<section>` whose class is its kind; scene breaks are
`<hr class="scene-break"/>`; text the compiler adds (labels such as "Author’s Note") has
class "label". The EPUB cuts these fragments into documents (epub.py), the PDF joins
them into one (pdf.py); neither adds markup of its own to the story's text, so a user's
stylesheet works for both. Output is well-formed XML (and so also valid HTML).
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from compiler.model import (
    Block,
    BlockKind,
    Collection,
    Emphasis,
    Inline,
    LineBreak,
    Section,
    SectionKind,
    Story,
    Strong,
    Text,
    plain_text,
)

# Sections that open a story: set together on its title page.
FRONT_KINDS = frozenset({SectionKind.SUMMARY, SectionKind.DISCLAIMER})

# EPUB structural semantics for the kinds that have an exact term.
_EPUB_TYPES = {SectionKind.CHAPTER: "chapter"}

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"


def story_anchor(number: int) -> str:
    return f"story-{number}"


def section_anchor(story_number: int, section: Section) -> str:
    return f"{story_anchor(story_number)}-s{section.key}"


def split_front(story: Story) -> tuple[tuple[Section, ...], tuple[Section, ...]]:
    """The story's leading summary and disclaimer sections, and everything after them."""
    count = 0
    for section in story.sections:
        if section.kind not in FRONT_KINDS:
            break
        count += 1
    return story.sections[:count], story.sections[count:]


def has_heading(section: Section) -> bool:
    return section.kind in (SectionKind.CHAPTER, SectionKind.AUTHOR_NOTE, SectionKind.FLASHBACK) and bool(
        section.title or section.label
    )


def nav_title(section: Section) -> str:
    """How the section is named in a table of contents ("" for untitled text)."""
    title = plain_text(section.title)
    if section.kind is SectionKind.FLASHBACK:
        return f"{section.label}: {title}" if title else section.label
    if section.kind is SectionKind.CHAPTER:
        return title
    if section.kind is SectionKind.AUTHOR_NOTE:
        return section.label
    return ""


# ── Inlines and blocks ───────────────────────────────────────────────────────────────


def render_inlines(inlines: tuple[Inline, ...]) -> str:
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(escape(node.text))
        elif isinstance(node, Emphasis):
            out.append(f"<i>{render_inlines(node.children)}</i>")
        elif isinstance(node, Strong):
            out.append(f"<b>{render_inlines(node.children)}</b>")
        elif isinstance(node, LineBreak):
            out.append("<br/>")
    return "".join(out)


def render_block(block: Block) -> str:
    if block.kind is BlockKind.SCENE_BREAK:
        return '<hr class="scene-break"/>'
    return f"<p>{render_inlines(block.inlines)}</p>"


# ── Sections ─────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Fragment:
    """Part of a section for one EPUB document: the whole section, or its content
    before or after a nested section that was cut out into a document of its own."""

    section: Section
    content: tuple[Block | Section, ...]
    continued: bool  # not the section's first part: no heading, class "continued"


def _heading(section: Section, level: int) -> str:
    h = f"h{min(level, 6)}"
    label = escape(section.label)
    title = render_inlines(section.title)
    if section.kind in FRONT_KINDS:
        return f'<p class="label">{label}</p>'
    if not has_heading(section):
        return ""
    if section.kind is SectionKind.CHAPTER or (title and not label):
        return f"<{h}>{title}</{h}>"
    if title:
        return f'<p class="label">{label}</p>\n<{h}>{title}</{h}>'
    return f'<{h} class="label">{label}</{h}>'


def render_section(
    section: Section, story_number: int, level: int, *, fragment: Fragment | None = None
) -> str:
    """A section and everything nested in it (or, given a fragment, just that part)."""
    content = fragment.content if fragment else section.content
    continued = bool(fragment and fragment.continued)
    classes = section.kind.value + (" continued" if continued else "")
    attrs = f' class="{classes}"'
    if not continued:
        attrs += f' id="{section_anchor(story_number, section)}"'
    epub_type = _EPUB_TYPES.get(section.kind)
    if epub_type and not continued:
        attrs += f' epub:type="{epub_type}"'
    heading = "" if continued else _heading(section, level)
    inner_level = level + 1 if has_heading(section) else level
    parts = [f"<section{attrs}>", heading]
    for node in content:
        if isinstance(node, Section):
            parts.append(render_section(node, story_number, inner_level))
        else:
            parts.append(render_block(node))
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def render_story_front(story: Story, story_number: int, collection_author: str) -> str:
    """A story's opening: its title, byline, summary and disclaimer."""
    front, _ = split_front(story)
    parts = [f'<section class="front" id="{story_anchor(story_number)}" epub:type="titlepage">']
    if story.meta.title:
        parts.append(f'<h2 class="story-title">{escape(story.meta.title)}</h2>')
    title_line = plain_text(story.title_line)
    if title_line and title_line.casefold() != story.meta.title.casefold():
        # The manifest retitled the story: the author's own title line is still theirs.
        parts.append(f'<p class="source-title">{render_inlines(story.title_line)}</p>')
    if story.meta.author and story.meta.author != collection_author:
        parts.append(f'<p class="byline">{escape(story.meta.author)}</p>')
    parts.extend(render_section(section, story_number, 3) for section in front)
    parts.append("</section>")
    return "\n".join(parts)


def render_titlepage(collection: Collection) -> str:
    meta = collection.meta
    parts = [
        '<section class="titlepage" id="titlepage" epub:type="titlepage">',
        f'<h1 class="collection-title">{escape(meta.title)}</h1>',
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


def render_story(story: Story, story_number: int, collection_author: str) -> str:
    """The whole story as one `<article>`, for the single-document PDF."""
    _, main = split_front(story)
    parts = [
        f'<article class="story" id="{story_anchor(story_number)}-article" lang={quoteattr(story.meta.language)}>',
        render_story_front(story, story_number, collection_author),
    ]
    parts.extend(render_section(section, story_number, 3) for section in main)
    parts.append("</article>")
    return "\n".join(parts)
