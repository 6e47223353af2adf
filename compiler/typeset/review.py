"""Review: what typesetting did to each paragraph, rule by rule, and what it left for a
copy editor to query.

`paragraph_reviews` runs the rules one at a time over every paragraph, keeping the text
as typed, the text as set, and each rule's edits (what it replaced, in its context), so
`outline --changes` and `check --changes` can show the author what was done to their
punctuation before compiling. `queries` reads a typeset story for what a careful copy
editor would query and ficbind leaves alone: a double quote left open at a paragraph's
end that the next paragraph does not continue, a doubled full stop, `,.` and `.,`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from compiler.model import Block, BlockKind, Origin, Story, walk_sections
from compiler.typeset.engine import active_rules
from compiler.typeset.markup import EM_CLOSE, EM_OPEN, LINE_BREAK, NOTE, STRONG_CLOSE, STRONG_OPEN, flatten
from compiler.typeset.quotes import primary_quotes
from compiler.typeset.rule import HAIR_SPACE, NBSP, WORD_JOINER, TypoRule

CONTEXT = 8  # characters shown either side of an edit

_SHOWN = {
    EM_OPEN: "<i>", EM_CLOSE: "</i>", STRONG_OPEN: "<b>", STRONG_CLOSE: "</b>", NOTE: "[note]", LINE_BREAK: "⏎",
    WORD_JOINER: "{WJ}", HAIR_SPACE: "{HS}", NBSP: "{NBSP}", "\u2009": "{THIN}", "\t": "{TAB}",
}
_SHOWN_TABLE = str.maketrans(_SHOWN)


def shown(text: str) -> str:
    """Text a reader can review: markup as tags, invisible characters as {WJ}, {HS}…"""
    return text.translate(_SHOWN_TABLE)


@dataclass(frozen=True)
class Edit:
    before: str  # context, as set so far
    old: str
    new: str
    after: str

    def __str__(self) -> str:
        return f"{shown(self.before)}[{shown(self.old)}→{shown(self.new)}]{shown(self.after)}"


@dataclass(frozen=True)
class ParagraphReview:
    origin: Origin
    typed: str
    typeset: str
    edits: tuple[tuple[str, tuple[Edit, ...]], ...]  # (rule, its edits), in the order the rules ran


def explain(text: str, rules: tuple[TypoRule, ...]) -> tuple[str, tuple[tuple[str, tuple[Edit, ...]], ...]]:
    """One run of text through the rules one at a time: the result, and each rule's edits."""
    steps = []
    for rule in rules:
        if rule.needs and not any(needed in text for needed in rule.needs):
            continue
        new, count = rule.apply(text)
        if not count or new == text:
            continue
        edits = []
        matcher = difflib.SequenceMatcher(None, text, new, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "equal":
                edits.append(Edit(text[max(0, i1 - CONTEXT) : i1], text[i1:i2], new[j1:j2], text[i2 : i2 + CONTEXT]))
        steps.append((str(rule.name), tuple(edits)))
        text = new
    return text, tuple(steps)


def _paragraphs(story: Story) -> list[Block]:
    return [
        node
        for section in walk_sections(story.sections)
        for node in section.content
        if isinstance(node, Block) and node.kind in (BlockKind.PARAGRAPH, BlockKind.LINES) and node.inlines
    ]


def paragraph_reviews(
    story: Story, switches: dict[str, bool] | None = None, quotes: str = "as-typed"
) -> list[ParagraphReview]:
    """Every paragraph the typography rules change, as typed and as set, with the edits
    of each rule (the rules typeset_story would run: same switches, same quote style)."""
    blocks = _paragraphs(story)
    texts = [flatten(block.inlines)[0] for block in blocks]
    swap = quotes in ("american", "british") and primary_quotes(texts) != quotes
    rules = active_rules(switches, swap_quotes=swap)
    reviews = []
    for block, typed in zip(blocks, texts):
        typeset, edits = explain(typed, rules)
        if edits:
            reviews.append(ParagraphReview(block.origin, typed, typeset, edits))
    return reviews


# ── Queries: what a copy editor would ask about ──────────────────────────────────────


@dataclass(frozen=True)
class Query:
    origin: Origin
    line: int
    message: str
    excerpt: str
    needle: str = ""  # the characters queried, to find their own line in a hard-wrapped paragraph


_DOUBLED_STOP = re.compile(r"(?<![.…])\.\.(?![.…])")
_COMMA_STOP = re.compile(r",\.(?![.…])")
_STOP_COMMA = re.compile(r"(?<![.…])\.,")
# `e.g.,` `i.e.,` `a.m.,` `etc.,` `Mr.,`: an abbreviation's full stop may take a comma.
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.)+[A-Za-z]$|\b(?:etc|vs|Mr|Mrs|Ms|Dr|St|Jr|Sr|Inc|Ltd|Co|Prof|No|approx|cf)$", re.I)
_OPENING_ONLY = re.compile(r"^[\s\ue000\ue002\u2060\u200a]*[“\"]")


def _excerpt(text: str, start: int, end: int) -> str:
    return shown(text[max(0, start - 20) : end + 20]).strip()


def _stops(block: Block, text: str) -> list[Query]:
    found = []
    for pattern, message in (
        (_DOUBLED_STOP, "a doubled full stop (or two dots for an ellipsis)"),
        (_COMMA_STOP, "a comma and a full stop together"),
        (_STOP_COMMA, "a full stop and a comma together"),
    ):
        for match in pattern.finditer(text):
            if pattern is _STOP_COMMA and _ABBREVIATION.search(text, 0, match.start()):
                continue
            excerpt = _excerpt(text, match.start(), match.end())
            found.append(Query(block.origin, block.origin.line, message, excerpt, match.group(0)))
    return found


def _open_quote(block: Block, text: str, following: Block | None) -> Query | None:
    """A double quote left open at the paragraph's end: more opened than closed (or an
    odd number of straight ones), and the next paragraph does not open with a quote, as
    a speech running on into it would."""
    opened, closed = text.count("“"), text.count("”")
    straight = text.count('"')
    if opened == closed and straight % 2 == 0:
        return None
    if opened == closed + 1 and not straight and following is not None:
        if _OPENING_ONLY.match(flatten(following.inlines)[0]):
            return None  # multi-paragraph speech: the next paragraph continues it
    last = max(text.rfind("“"), text.rfind("”"), text.rfind('"'))
    return Query(
        block.origin, block.origin.end_line,
        "a quote left unpaired at the paragraph's end (left open, or one too many), "
        "and the next paragraph does not continue it",
        _excerpt(text, last, last + 1),
    )


def queries(story: Story) -> list[Query]:
    """What a careful copy editor would query in a typeset story, paragraph by paragraph
    (double quotes only: single ones share their mark with the apostrophe)."""
    found: list[Query] = []
    for section in walk_sections(story.sections):
        content = section.content
        for index, block in enumerate(content):
            if not isinstance(block, Block) or block.kind not in (BlockKind.PARAGRAPH, BlockKind.LINES):
                continue
            text = flatten(block.inlines)[0]
            found.extend(_stops(block, text))
            if block.kind is BlockKind.LINES:
                continue  # a poem's or a letter's lines: quotes may run across them
            after = content[index + 1] if index + 1 < len(content) else None
            following = after if isinstance(after, Block) and after.kind is BlockKind.PARAGRAPH else None
            query = _open_quote(block, text, following)
            if query:
                found.append(query)
    return sorted(found, key=lambda q: (q.line, q.message))

