"""Documents: Collection → the XHTML documents of an EPUB and its navigation tree.

Documents follow the reader, not the tree: a document per chapter (per story where it has
no chapters), the story's opening at the head of its first one (unless the opening fills a
screen by itself). Author's notes and
flashbacks stay sections of their kind inside the document where they stand; a section
between chapters (a note, a disclaimer further in, the notes gathered at the end) joins
the document before it unless it fills a screen on its own (SCREEN words). No document
holds only a heading, a rule, a label or a short paragraph: one under SHORT words joins
the next (the last joins the one before), so a heading is kept with what follows. Links
between documents (notes gathered at the end, linked both ways) resolve through a map of
where every anchor lives. Navigation nests collection → story → sections; every titled
section has an entry, named for what it holds ("Notes", "End Notes", "Flashback: 2 months
ago"). A section too long for one document (an epic one-shot; some reading systems slow
down or fail on XHTML files past about 300 KB) continues in further documents, cut at
its scene breaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from compiler.model import Block, BlockKind, Collection, Section, SectionKind, Story, plain_text
from compiler.render.xhtml import (
    Context,
    nav_title,
    opening_key,
    render_section,
    render_story_front,
    render_titlepage,
    section_anchor,
    split_front,
    story_anchor,
)

# A section between chapters that holds this many words fills a screen: a document of its own.
SCREEN = 300
# A document with fewer words is not worth a screen turn: it joins its neighbour.
SHORT = 60
# A section with more characters of text than this continues in another document, cut at a
# scene break (its XHTML then stays under about 250 KB, the size Calibre and the older
# reading systems keep to); one with no scene break is cut between paragraphs only past
# twice this.
MAX_CHARACTERS = 200_000
# Sections that always open a document: the story's text.
OPENING_KINDS = frozenset({SectionKind.CHAPTER, SectionKind.BODY})


@dataclass(frozen=True)
class Chunk:
    file_name: str
    title: str
    body: str
    lang: str


@dataclass(frozen=True)
class NavPoint:
    title: str
    href: str
    children: tuple[NavPoint, ...] = field(default=())
    anchor: str = ""


StoryLayout = tuple[tuple[Chunk, ...], NavPoint]  # a story's documents and its contents entry


@dataclass(frozen=True)
class Layout:
    chunks: tuple[Chunk, ...]
    nav: tuple[NavPoint, ...]  # the collection → its stories (the EPUB lists the stories at the top)
    start: str  # where reading starts (the first story's opening)


def _words(node: Block | Section) -> int:
    if isinstance(node, Section):
        return len(plain_text(node.title).split()) + sum(_words(n) for n in node.content)
    return len(plain_text(node.inlines).split())


def _is_text(node: Block | Section) -> bool:
    """The story's own text (not a note or a heading the compiler added)."""
    if isinstance(node, Section):
        return node.kind not in (SectionKind.AUTHOR_NOTE, SectionKind.NOTES, SectionKind.FURNITURE)
    return node.kind is not BlockKind.NOTE_LINK


# ── Documents ────────────────────────────────────────────────────────────────────────


def _plan(front_words: int, main: tuple[Section, ...]) -> list[list[Section | None]]:
    """The story's units (None for its opening, then its top-level sections) grouped
    into documents."""
    docs: list[list[Section | None]] = [[None]]
    sizes = [front_words]
    for section in main:
        size = _words(section)
        if section.kind in OPENING_KINDS or size >= SCREEN:
            docs.append([section])
            sizes.append(size)
        else:
            docs[-1].append(section)
            sizes[-1] += size
    # The story's opening (and any notes before its text) leads into the text unless it
    # fills a screen itself; anything else too short joins the next document (the last,
    # the one before).
    if len(docs) > 1 and sizes[0] < SCREEN:
        docs[0] += docs.pop(1)
        sizes[0] += sizes.pop(1)
    index = 0
    while index < len(docs) and len(docs) > 1:
        if sizes[index] >= SHORT:
            index += 1
        elif index + 1 < len(docs):
            docs[index] += docs.pop(index + 1)
            sizes[index] += sizes.pop(index + 1)
        else:
            docs[index - 1] += docs.pop(index)
            sizes[index - 1] += sizes.pop(index)
            index -= 1
    return docs


def _characters(node: Block | Section) -> int:
    if isinstance(node, Section):
        return len(plain_text(node.title)) + sum(_characters(n) for n in node.content)
    return len(plain_text(node.inlines)) + 1


def _cut(section: Section, limit: int = MAX_CHARACTERS) -> list[Section]:
    """A section too long for one document as its parts, each up to `limit` characters
    where its scene breaks allow (a break opens the part after it); the parts after the
    first are untitled continuations with keys of their own ("3-part2")."""
    total = _characters(section)
    if total <= limit or section.kind not in OPENING_KINDS:
        return [section]
    content = section.content
    breaks = [i for i, node in enumerate(content)
              if isinstance(node, Block) and node.kind is BlockKind.SCENE_BREAK and i > 0]
    if not breaks and total > 2 * limit:
        breaks = [i for i, node in enumerate(content) if i > 0 and isinstance(node, Block)
                  and node.kind is BlockKind.PARAGRAPH]
    # Parts of about equal length: as many as the limit asks for.
    target = total / -(-total // limit)
    cuts, size = [], 0
    allowed = set(breaks)
    for index, node in enumerate(content):
        if index in allowed and size >= target:
            cuts.append(index)
            size = 0
        size += _characters(node)
    if not cuts:
        return [section]
    bounds = [0, *cuts, len(content)]
    parts = [replace(section, content=content[bounds[0]:bounds[1]])]
    for number, (start, end) in enumerate(zip(bounds[1:], bounds[2:]), start=2):
        parts.append(replace(section, title=(), content=content[start:end], key=f"{section.key}-part{number}",
                             markers=(), backlink=""))
    return parts


def _split_long(plan: list[list[Section | None]]) -> list[list[Section | None]]:
    """The plan with every section too long for one document cut into parts, each part
    after the first opening a document (what followed the section follows its last)."""
    out: list[list[Section | None]] = []
    for units in plan:
        out.append([])
        for unit in units:
            parts = [unit] if unit is None else _cut(unit)
            out[-1].append(parts[0])
            out.extend([part] for part in parts[1:])
    return out


def _anchors(nodes: tuple[Block | Section, ...], story_number: int) -> list[str]:
    """Every anchor a run of nodes holds: its sections' and its note links'."""
    found: list[str] = []
    for node in nodes:
        if isinstance(node, Section):
            found.append(section_anchor(story_number, node))
            found.extend(_anchors(node.content, story_number))
        elif node.kind is BlockKind.NOTE_LINK:
            found.append(f"{story_anchor(story_number)}-s{node.target}-link")
    return found


# ── Contents ─────────────────────────────────────────────────────────────────────────


def _excerpt(section: Section, count: int = 6) -> str:
    for node in section.content:
        text = plain_text(node.inlines) if isinstance(node, Block) else _excerpt(node, count)
        words = text.split()
        if words:
            return " ".join(words[:count]) + ("…" if len(words) > count else "")
    return ""


def entry_title(section: Section, siblings: tuple[Block | Section, ...]) -> str:
    """A section's contents entry, saying what it is: a chapter's title; a note as
    "Notes" before the text around it, "End Notes" after it, "Note: its first words"
    between; a flashback with its time line or its first words."""
    if section.kind is SectionKind.AUTHOR_NOTE:
        index = siblings.index(section)
        if not any(_is_text(n) for n in siblings[:index]):
            return "Notes"
        if not any(_is_text(n) for n in siblings[index + 1:]):
            return "End Notes"
        excerpt = _excerpt(section)
        return f"Note: {excerpt}" if excerpt else "Note"
    if section.kind is SectionKind.NOTES:
        return "Notes"
    title = nav_title(section)
    if section.kind is SectionKind.FLASHBACK and not section.title:
        excerpt = _excerpt(section)
        return f"{title}: {excerpt}" if excerpt else title
    return title


def _entries(
    nodes: tuple[Block | Section, ...], story_number: int, where: dict[str, str], starts: set[str]
) -> list[NavPoint]:
    points: list[NavPoint] = []
    for node in nodes:
        if not isinstance(node, Section) or node.kind in (SectionKind.FURNITURE, SectionKind.HEADER):
            continue
        children = _entries(node.content, story_number, where, starts)
        title = entry_title(node, nodes) if nav_title(node) else ""
        if not title:
            points.extend(children)  # untitled text: its notes and flashbacks belong to what holds it
            continue
        anchor = section_anchor(story_number, node)
        href = where[anchor] if anchor in starts else f"{where[anchor]}#{anchor}"
        points.append(NavPoint(title, href, tuple(children), anchor))
    return points


def layout_story(story: Story, number: int, collection_author: str) -> StoryLayout:
    lang = story.meta.language
    front, main = split_front(story)
    front_words = len(story.meta.title.split()) + sum(_words(s) for s in front)
    plan = _split_long(_plan(front_words, main))

    def name(unit: Section | None) -> str:
        return f"text/{story_anchor(number) if unit is None else section_anchor(number, unit)}.xhtml"

    # Where every anchor lives, so links between documents resolve (gathered notes).
    where: dict[str, str] = {}
    starts: set[str] = set()  # anchors that open their document: linked without a fragment
    for units in plan:
        file_name = name(units[0])
        if units[0] is not None:
            starts.add(section_anchor(number, units[0]))
        for unit in units:
            nodes = front if unit is None else (unit,)
            for anchor in _anchors(tuple(nodes), number):
                where.setdefault(anchor, file_name)

    front_name = name(None)

    def href(story_number: int, key: str) -> str:
        anchor = f"{story_anchor(story_number)}-s{key}"
        return f"{where.get(anchor, front_name).removeprefix('text/')}#{anchor}"

    ctx = Context(target="epub", href=href, openings={(number, opening_key(story))})
    chunks: list[Chunk] = []
    for units in plan:
        bodies = [
            render_story_front(story, number, collection_author, ctx) if unit is None
            else render_section(unit, number, 3, ctx=ctx)
            for unit in units
        ]
        # Named for what opens it: the story (its opening), or the chapter.
        title = story.meta.title if units[0] is None else nav_title(units[0]) or story.meta.title
        chunks.append(Chunk(name(units[0]), title, _with_notes("\n".join(bodies), ctx), lang))
    return tuple(chunks), NavPoint(story.meta.title, front_name, tuple(_entries(main, number, where, starts)))


def _with_notes(body: str, ctx: Context) -> str:
    asides = ctx.take_notes()
    return f"{body}\n{asides}" if asides else body


def layout_collection(collection: Collection, stories: tuple[StoryLayout, ...] | None = None) -> Layout:
    """The EPUB's documents and navigation; `stories` are the stories' own layouts when
    worker processes made them already (the same as laying them out here)."""
    meta = collection.meta
    chunks = [Chunk("text/titlepage.xhtml", meta.title, render_titlepage(collection), meta.language)]
    story_nav: list[NavPoint] = []
    for number, story in enumerate(collection.stories, start=1):
        story_chunks, point = stories[number - 1] if stories is not None else layout_story(story, number, meta.author)
        chunks.extend(story_chunks)
        story_nav.append(point)
    nav = (NavPoint(meta.title, chunks[0].file_name, tuple(story_nav)),)
    start = chunks[1].file_name if len(chunks) > 1 else chunks[0].file_name
    return Layout(tuple(chunks), nav, start)
