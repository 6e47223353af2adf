"""Sections under construction, and the tidying of the finished list: the one mutable
step of detection builds OpenSections and freezes them into the tree's Sections."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from compiler.model import Block, BlockKind, Inline, Marker, Origin, Section, SectionKind


@dataclass
class OpenSection:
    """A section under construction (assembly is the only mutable step)."""

    kind: SectionKind
    title: tuple[Inline, ...]
    start: int
    end: int
    content: list[Block | Section] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    explicit: bool = False  # opened by a marker line
    ends_at_break: bool = False  # an explicit start with no end marker ahead

    def add(self, node: Block | Section, end: int) -> None:
        self.content.append(node)
        self.end = max(self.end, end)

    def has_text(self) -> bool:
        return any(
            isinstance(node, Block) and node.kind in (BlockKind.PARAGRAPH, BlockKind.LINES)
            or isinstance(node, Section) and node.kind not in (SectionKind.AUTHOR_NOTE, SectionKind.DISCLAIMER,
                                                               SectionKind.SUMMARY, SectionKind.HEADER)
            for node in self.content
        )

    def freeze(self, path: str) -> Section:
        return Section(self.kind, self.title, tuple(self.content), Origin(path, self.start, self.end), tuple(self.markers))


def split_bracket(label: str, body: str) -> tuple[str, str, str]:
    """`(A/N: yes)` as a whole paragraph: the closing bracket is consumed with the opening one."""
    closing = {"(": ")", "[": "]"}.get(label[:1], "")
    if closing and body.endswith(closing):
        return label, body[:-1].rstrip(), closing
    return label, body, ""


def lift_trailing_notes(sections: list[Section]) -> list[Section]:
    """An author's note after a chapter's last paragraph belongs between chapters (or
    after the story), not inside the chapter: move it out, keeping the order."""
    result: list[Section] = []
    for section in sections:
        if section.kind not in (SectionKind.CHAPTER, SectionKind.BODY):
            result.append(section)
            continue
        content = list(section.content)
        trailing: list[Section] = []
        while content and isinstance(content[-1], Section) and content[-1].kind is SectionKind.AUTHOR_NOTE:
            trailing.insert(0, content.pop())  # type: ignore[arg-type]
        if content:
            last_line = max((c.origin.end_line for c in content), default=section.origin.line)
            result.append(
                replace(section, content=tuple(content), origin=Origin(section.origin.path, section.origin.line, last_line))
            )
        elif section.title:
            result.append(replace(section, content=()))
        result.extend(trailing)
    return result


def merge_adjacent_notes(nodes: list[Block | Section]) -> list[Block | Section]:
    """Author's notes that follow each other with nothing between them (`AN: …` then
    another `AN: …`) are one note, as an editor would set them."""
    merged: list[Block | Section] = []
    for node in nodes:
        if isinstance(node, Section):
            node = replace(node, content=tuple(merge_adjacent_notes(list(node.content))))
        previous = merged[-1] if merged else None
        if (
            isinstance(node, Section) and node.kind is SectionKind.AUTHOR_NOTE and isinstance(previous, Section)
            and previous.kind is SectionKind.AUTHOR_NOTE and not node.repeat_of and not previous.repeat_of
        ):
            merged[-1] = replace(
                previous,
                content=previous.content + node.content,
                origin=Origin(previous.origin.path, previous.origin.line, node.origin.end_line),
                markers=previous.markers + node.markers,
                evidence=previous.evidence + node.evidence,
            )
            continue
        merged.append(node)
    return merged
