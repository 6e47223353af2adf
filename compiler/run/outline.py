"""Outline: a parsed Story → a readable dump of its tree (text, JSON, or items).

`outline_target` is the `outline` command: a story file or a collection, outlined.

The text form is what `ficbind outline` prints for users checking detection before they
compile, and the golden format of the structure tests: one line per section, and one per
block that is structure rather than prose (a scene break, a scene heading, an end line,
a header field, a note inside a paragraph):

    LINES     KIND "TITLE" [CONSUMED MARKERS] first words … (counts)

indented by depth, followed by the warnings. It shows the parsed text as the author typed
it (before typography), so goldens do not change when typography rules do.

`outline_items` flattens the same tree into the items a human editor marks (kind and line
range), the vocabulary of the golden `.expect` files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compiler.detect.assembly import parse_story
from compiler.detect.header import retitled
from compiler.detect.parsed import ParsedStory
from compiler.errors import FicbindError
from compiler.load.manifest import load_manifest
from compiler.model import (
    Block,
    BlockKind,
    Inline,
    Marker,
    Note,
    Section,
    SectionKind,
    Text,
    field_key,
    plain_text,
    prose_text,
)
from compiler.read.source import SourceText, read_source
from compiler.run.files import display_path
from compiler.run.project import MANIFEST_DIR, resolve_collection
from compiler.run.review import changed_paragraph_lines, changed_paragraphs_json, query_lines, review_json
from compiler.typeset.story import typeset_story

FIRST_WORDS = 8

_SHOWN_BLOCKS = {
    BlockKind.SCENE_BREAK: "scene-break",
    BlockKind.SCENE_HEADING: "scene-heading",
    BlockKind.END_LINE: "end-line",
    BlockKind.FIELD: "field",
}


def _first_words(section: Section) -> str:
    for node in section.content:
        if isinstance(node, Block) and node.kind in (BlockKind.PARAGRAPH, BlockKind.LINES):
            words = prose_text(node.inlines).split()
            text = " ".join(words[:FIRST_WORDS])
            return text + (" …" if len(words) > FIRST_WORDS else "")
    return ""


def _lines(first: int, last: int) -> str:
    return f"{first}-{last}" if last > first else str(first)


def _notes_in(inlines: tuple[Inline, ...]) -> list[Note]:
    return [node for node in inlines if isinstance(node, Note)]


def _block_line(block: Block, depth: int) -> list[str]:
    pad = "  " * depth
    out: list[str] = []
    if block.kind in _SHOWN_BLOCKS:
        kind = _SHOWN_BLOCKS[block.kind]
        if block.kind is BlockKind.SCENE_BREAK:
            detail = block.marker
        elif block.kind is BlockKind.FIELD:
            detail = f"[{block.marker}] {plain_text(block.inlines)}"
        else:
            detail = f'"{plain_text(block.inlines)}"'
        out.append(f"{_lines(block.origin.line, block.origin.end_line):<9} {pad}{kind} {detail}".rstrip())
    for note in _notes_in(block.inlines):
        words = " ".join(plain_text(note.children).split()[:FIRST_WORDS])
        out.append(f"{_lines(block.origin.line, block.origin.end_line):<9} {pad}inline-note [{' | '.join(note.markers)}] {words}")
    return out


def _section_lines(section: Section, depth: int) -> list[str]:
    parts = [section.kind.value]
    title = plain_text(section.title).replace("\n", " / ")
    if title:
        parts.append(f'"{title}"')
    if section.markers:
        parts.append("[" + " | ".join(m.text for m in section.markers) + "]")
    words = _first_words(section)
    if words:
        parts.append(words)
    paragraphs = sum(1 for n in section.content if isinstance(n, Block) and n.kind is BlockKind.PARAGRAPH)
    lines = sum(1 for n in section.content if isinstance(n, Block) and n.kind is BlockKind.LINES)
    counts = [f"{paragraphs} ¶"] + ([f"{lines} lines block{'s' if lines != 1 else ''}"] if lines else [])
    if section.repeat_of:
        counts.append(f"repeats line {section.repeat_of}")
    parts.append("(" + ", ".join(counts) + ")")
    out = [f"{_lines(section.origin.line, section.origin.end_line):<9} {'  ' * depth}{' '.join(parts)}"]
    out += [f"{'':<9} {'  ' * depth}  because: {evidence}" for evidence in section.evidence]
    for node in section.content:
        if isinstance(node, Section):
            out.extend(_section_lines(node, depth + 1))
        else:
            out.extend(_block_line(node, depth + 1))
    return out


_MARKER_NAMES = {"title": "the title again", "scene-break": "an ornament before the text"}


def _marker_line(marker: Marker) -> str:
    """A line of the story's opening consumed as what it was (the title repeated above the text)."""
    what = _MARKER_NAMES.get(marker.kind, marker.kind)
    return f"{_lines(marker.origin.line, marker.origin.end_line):<9} consumed [{marker.text}] ({what})"


def outline_text(parsed: ParsedStory, name: str, title: str = "") -> str:
    """The story's outline; `title` the manifest's title for it, if it gives one."""
    story = parsed.story
    head = f"{name}: "
    head += f'title line "{plain_text(story.title_line)}"' if story.title_line else "no title line"
    if retitled(story, title):
        head += f' (not printed: the manifest titles the story "{title}")'
    lines = [head]
    entries = [(section.origin.line, _section_lines(section, 0)) for section in story.sections]
    entries += [(marker.origin.line, [_marker_line(marker)]) for marker in story.markers]
    for _, text in sorted(entries, key=lambda entry: entry[0]):
        lines.extend(text)
    for diagnostic in parsed.diagnostics:
        lines.append(f"warning {diagnostic.origin.line}: {diagnostic.message} [{diagnostic.code}]")
    return "\n".join(lines) + "\n"


# ── JSON ─────────────────────────────────────────────────────────────────────────────


def _block_json(block: Block) -> dict[str, Any] | None:
    if block.kind not in _SHOWN_BLOCKS and not _notes_in(block.inlines):
        return None
    data: dict[str, Any] = {
        "kind": _SHOWN_BLOCKS.get(block.kind, block.kind.value),
        "lines": [block.origin.line, block.origin.end_line],
    }
    if block.kind is BlockKind.SCENE_BREAK:
        data["marker"] = block.marker
    elif block.kind in _SHOWN_BLOCKS:
        data["text"] = plain_text(block.inlines)
        if block.marker:
            data["marker"] = block.marker
    notes = _notes_in(block.inlines)
    if notes:
        data["inline_notes"] = [{"markers": list(n.markers), "text": plain_text(n.children)} for n in notes]
    return data


def _section_json(section: Section) -> dict[str, Any]:
    blocks = [b for b in (_block_json(n) for n in section.content if isinstance(n, Block)) if b]
    return {
        "kind": section.kind.value,
        "title": plain_text(section.title),
        "lines": [section.origin.line, section.origin.end_line],
        "markers": [m.text for m in section.markers],
        "first_words": _first_words(section),
        "paragraphs": sum(1 for n in section.content if isinstance(n, Block) and n.kind is BlockKind.PARAGRAPH),
        "repeats_line": section.repeat_of or None,
        "evidence": list(section.evidence),
        "blocks": blocks,
        "sections": [_section_json(child) for child in section.sections],
    }


def outline_json(parsed: ParsedStory, name: str) -> dict[str, Any]:
    story = parsed.story
    return {
        "file": name,
        "title_line": plain_text(story.title_line),
        "lines": [story.origin.line, story.origin.end_line],
        "sections": [_section_json(s) for s in story.sections],
        "consumed": [
            {"lines": [m.origin.line, m.origin.end_line], "kind": m.kind, "text": m.text} for m in story.markers
        ],
        "warnings": [{"line": d.origin.line, "code": d.code, "message": d.message} for d in parsed.diagnostics],
    }


# ── Items: what a human editor marks ─────────────────────────────────────────────────


@dataclass(frozen=True, order=True)
class Item:
    start: int
    end: int
    kind: str
    text: str = ""

    def __str__(self) -> str:
        lines = _lines(self.start, self.end)
        return f"{self.kind} {lines} {self.text}".rstrip()


_ITEM_SECTIONS = {
    SectionKind.SUMMARY,
    SectionKind.DISCLAIMER,
    SectionKind.AUTHOR_NOTE,
    SectionKind.FLASHBACK,
    SectionKind.LETTER,
    SectionKind.MESSAGES,
    SectionKind.LYRICS,
    SectionKind.RECAP,
    SectionKind.FURNITURE,
}
# What a consumed line of the story's opening was (the title again, an ornament).
_MARKER_ITEMS = {"title": "title", "scene-break": "scene-break"}


def outline_items(parsed: ParsedStory) -> list[Item]:
    story = parsed.story
    items: list[Item] = []
    if story.title_line and story.title_origin is not None:
        items.append(Item(story.title_origin.line, story.title_origin.end_line, "title", plain_text(story.title_line)))

    def walk(section: Section) -> None:
        for marker in section.markers:
            if marker.kind in _MARKER_ITEMS:
                items.append(Item(marker.origin.line, marker.origin.end_line, _MARKER_ITEMS[marker.kind], marker.text))
        if section.kind is SectionKind.CHAPTER:
            first = section.title[0].text if section.title and isinstance(section.title[0], Text) else ""
            items.append(Item(section.origin.line, section.origin.line, "chapter", first))
        elif section.kind in _ITEM_SECTIONS:
            items.append(Item(section.origin.line, section.origin.end_line, section.kind.value))
        for node in section.content:
            if isinstance(node, Section):
                walk(node)
                continue
            if node.kind is BlockKind.FIELD:
                items.append(Item(node.origin.line, node.origin.end_line, "field", field_key(node.marker)))
            elif node.kind is BlockKind.SCENE_BREAK:
                items.append(Item(node.origin.line, node.origin.end_line, "scene-break"))
            elif node.kind in (BlockKind.SCENE_HEADING, BlockKind.END_LINE):
                items.append(Item(node.origin.line, node.origin.end_line, node.kind.value, plain_text(node.inlines)))
            for _ in _notes_in(node.inlines):
                items.append(Item(node.origin.line, node.origin.line, "inline-note"))

    for section in story.sections:
        walk(section)
    for marker in story.markers:
        if marker.kind in _MARKER_ITEMS:
            items.append(Item(marker.origin.line, marker.origin.end_line, _MARKER_ITEMS[marker.kind], marker.text))
    return sorted(items)


_PROSE_SECTIONS = frozenset({SectionKind.BODY, SectionKind.CHAPTER, SectionKind.FLASHBACK})


def paragraph_items(parsed: ParsedStory) -> list[Item]:
    """The story's prose paragraphs as items (the paragraphs of chapters, the body and
    flashbacks; not those of notes, headers or letters): how the text's lines were
    joined into paragraphs, for measuring that on line-based and hard-wrapped text."""
    items: list[Item] = []

    def walk(section: Section) -> None:
        for node in section.content:
            if isinstance(node, Section):
                if node.kind in _PROSE_SECTIONS:
                    walk(node)
            elif node.kind is BlockKind.PARAGRAPH:
                items.append(Item(node.origin.line, node.origin.end_line, "paragraph"))

    for section in parsed.story.sections:
        if section.kind in _PROSE_SECTIONS:
            walk(section)
    return sorted(items)


# Kinds whose TEXT an .expect file states and a match must agree on.
TEXT_KINDS = frozenset({"title", "chapter", "scene-heading", "end-line", "field"})


def parse_expectations(text: str) -> list[Item]:
    """Read an `.expect` file: `KIND LINES [TEXT]` per line, `#` comments."""
    items: list[Item] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kind, _, rest = line.partition(" ")
        lines, _, detail = rest.strip().partition(" ")
        first, _, last = lines.partition("-")
        items.append(Item(int(first), int(last or first), kind, detail.strip() if kind in TEXT_KINDS else ""))
    return sorted(items)


def changes_text(repairs, changes, name: str) -> str:
    """What reading and typesetting changed: repairs to the file as a whole, then the
    typography rules that fired, line by line, with totals per rule."""
    lines = [f"{name}: changes"]
    for repair in repairs:
        lines.append(f"  repair {repair.name} ×{repair.count}: {repair.reason}")
    by_line: dict[int, dict[str, int]] = {}
    totals: dict[str, int] = {}
    for change in changes:
        per = by_line.setdefault(change.origin.line, {})
        per[change.rule] = per.get(change.rule, 0) + change.count
        totals[change.rule] = totals.get(change.rule, 0) + change.count
    for line in sorted(by_line):
        rules = ", ".join(f"{rule} ×{n}" for rule, n in by_line[line].items())
        lines.append(f"  {line:<7} {rules}")
    if totals:
        lines.append("  total   " + ", ".join(f"{rule} ×{n}" for rule, n in sorted(totals.items())))
    else:
        lines.append("  no typography changes")
    return "\n".join(lines) + "\n"


def html_lines(source: SourceText) -> list[str]:
    """For an HTML story: what the page was, and each part of it left out of the story's
    text (navigation, reviews, scripts), with its words; the outline's line numbers are
    those of the text read from it."""
    if not source.form:
        return []
    lines = [f"{'':<9} read as HTML ({source.form}); line numbers are of the text read from it (`outline --text`)"]
    for part in source.left_out:
        words = f" ({part.words} {'word' if part.words == 1 else 'words'}: {part.text})" if part.words else ""
        lines.append(f"{'':<9} left out: {part.what}{words}")
    return lines


def outline_target(target: str, as_json: bool, changes: bool, read: bool = False) -> list:
    """The outline of a story file, or of every story of a collection (a manifest's path
    or name): texts, or JSON data; with `changes`, what reading and typesetting change;
    with `read`, the text as read instead, numbered by line (an HTML story's text)."""
    path = Path(target)
    switches: dict[str, bool] = {}
    named = path.is_dir() and any(
        (MANIFEST_DIR / f"{target}{suffix}").is_file() for suffix in (".yaml", ".yml"))  # a collection beside its folder
    if path.suffix.lower() in (".yaml", ".yml") or not path.exists() or named:
        spec = load_manifest(resolve_collection(target))
        switches = spec.typography
        files = [(story.path, spec.markers_for(story), story.encoding, story.language or spec.language, story.title)
                 for story in spec.stories]
    elif path.is_dir():
        raise FicbindError("is a folder", path=target, hint="give a story .txt file or a manifest")
    else:
        files = [(path, (), "", "", "")]
    outlines: list = []
    for file, markers, encoding, language, title in files:
        source = read_source(file, display_path(file), encoding, language)
        if read:
            numbered = "".join(f"{n:>6}  {line}\n" for n, line in enumerate(source.text.split("\n"), start=1))
            outlines.append({"file": source.display, "text": source.text} if as_json else f"{source.display}:\n{numbered}")
            continue
        parsed = parse_story(source, markers)
        unsure = "" if source.encoding_sure else (
            f"{source.display}: warning: the encoding is a guess ({source.encoding}, from little text in a single-byte "
            "encoding): give the story `encoding:` in the manifest if it reads wrong"
        )
        typeset, made = typeset_story(parsed.story, switches)
        if as_json:
            data = outline_json(parsed, source.display)
            if unsure:
                data["encoding_guess"] = source.encoding
            if source.form:
                data["html"] = {"form": source.form, "left_out": [
                    {"what": part.what, "words": part.words, "text": part.text} for part in source.left_out]}
            data["queries"] = review_json(source, typeset)
            if changes:
                data["repairs"] = [{"name": r.name, "count": r.count} for r in source.repairs]
                data["changes"] = [{"line": c.origin.line, "rule": c.rule, "count": c.count} for c in made]
                data["changed_paragraphs"] = changed_paragraphs_json(parsed.story, switches)
            outlines.append(data)
        else:
            head, _, rest = outline_text(parsed, source.display, title).partition("\n")
            text = head + "\n" + "".join(line + "\n" for line in html_lines(source)) + rest
            text += unsure + "\n" if unsure else ""
            text += "".join(line.strip() + "\n" for line in query_lines(source, typeset))
            if changes:
                text += changes_text(source.repairs, made, source.display)
                text += "\n".join(changed_paragraph_lines(source, parsed.story, switches)) + "\n"
            outlines.append(text)
    return outlines
