"""Paragraphs: source lines → Paragraphs, each classified by the line rules.

A blank line ends a paragraph. Marker lines (chapter headings, scene breaks, flashback
markers) stand alone even without blank lines around them, and a label line (`AN:`,
`Summary:`, `Rating:`) starts a new paragraph. A group of lines with no blank line between
them is then shaped by what its lines look like:

- hard-wrapped prose (lines of nearly equal width, as an old editor or archive wrapped
  them) is joined into one paragraph, split again where a short line ends a sentence;
- lines indented like the first lines of printed paragraphs start new paragraphs;
- text messages (`Name: words`), a letter (`Dear …,` … `Love,`) and short unpunctuated
  lines (a song, a poem) keep their line breaks;
- anything else is one paragraph per line (paragraphs separated by single line breaks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from compiler.detect.kinds import LABEL_KINDS, LINE_KINDS, LONE_KINDS, LineKind, LineMatch, LineRule
from compiler.detect.lines import classify_line


class Shape(StrEnum):
    PROSE = "prose"  # lines joined with spaces
    LINES = "lines"  # line breaks kept


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[str, ...]
    start: int
    end: int
    blank_before: int  # blank lines between this paragraph and the one before
    match: LineMatch
    shape: Shape = Shape.PROSE
    style: str = ""  # for LINES: "messages", "letter" or "verse"

    @cached_property
    def text(self) -> str:  # asked for at every decision: joined once
        return " ".join(self.lines)

    @property
    def kind(self) -> LineKind:
        return self.match.kind


# `Ron: where r u`, `[10:42] Wren: library`, `Tobias (11:02): why`
_MESSAGE = re.compile(
    r"^(?:[\[(]?\d{1,2}[:.]\d{2}(?:\s?[APap]\.?[Mm]\.?)?[\])]?\s*[-–]?\s*)?"
    r"@?[\w][\w'’.\-]*(?:\s[A-Z][\w'’.\-]*)?\s*(?:\([^)]{1,12}\))?\s*:\s+\S"
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_STARTS_SENTENCE = re.compile(r"^[\"'“‘(\[]*[A-Z0-9]")
_WRAP_RATIO = 0.7  # hard-wrapped lines fill at least this share of the widest line
_MAX_WRAP_WIDTH = 100  # nobody hard-wraps wider than this
_MAX_VERSE_WIDTH = 60
_MIN_WRAP_WIDTH = 45
_MIN_VERSE_RUN = 3


def _is_messages(lines: list[str]) -> bool:
    hits = sum(1 for line in lines if _MESSAGE.match(line) and classify_line(line).kind is LineKind.PROSE)
    return len(lines) >= 2 and hits * 3 >= len(lines) * 2


def _is_letter(lines: list[str]) -> bool:
    return (
        len(lines) >= 3
        and classify_line(lines[0]).kind is LineKind.SALUTATION
        and any(classify_line(line).kind is LineKind.VALEDICTION for line in lines[1:])
    )


def _is_wrapped(lines: list[str]) -> bool:
    """Lines broken by a wrapping editor: each is full, in that the next line's first word
    would not have fitted on it (how greedy wrapping works), and the widths are prose widths,
    wider than a line of verse. Two lines where the first ends a sentence and the second
    opens a quotation are two speakers' lines, not one line wrapped."""
    if len(lines) == 2 and _SENTENCE_END.search(lines[0]) and lines[1][:1] in "\"“'‘":
        return False
    widest = max(len(line) for line in lines)
    if widest > _MAX_WRAP_WIDTH or widest < _MIN_WRAP_WIDTH:
        return _roughly_wrapped(lines)
    full = 0
    for line, following in zip(lines, lines[1:]):
        if len(line) < _WRAP_RATIO * widest:
            return _roughly_wrapped(lines)
        if len(line) + 1 + len(following.split()[0]) > widest:
            full += 1
    return full >= 0.75 * (len(lines) - 1) or _roughly_wrapped(lines)


def _wrap_width(lines: list[str]) -> int:
    """The width text was wrapped at: the median of its lines but the last."""
    widths = sorted(len(line) for line in lines[:-1])
    return widths[len(widths) // 2]


def _roughly_wrapped(lines: list[str]) -> bool:
    """Wrapped text as a stored copy keeps it: most lines about one width, a few broken
    early (a paragraph's end) or run together with the next, and most line breaks inside
    a sentence, where no author breaks a paragraph."""
    if len(lines) < 3:
        return False
    width = _wrap_width(lines)
    if not _MIN_WRAP_WIDTH <= width <= _MAX_WRAP_WIDTH:
        return False
    breaks = list(zip(lines, lines[1:]))
    inside = sum(1 for line, following in breaks if not _SENTENCE_END.search(line) or following[:1].islower())
    short = sum(1 for line in lines[:-1] if len(line) < 0.6 * width)
    return inside >= 0.6 * len(breaks) and short * 3 <= len(lines) - 1


def _is_verse(lines: list[str]) -> bool:
    if max(len(line) for line in lines) > _MAX_VERSE_WIDTH:
        return False
    if any(line[0] in "\"“'‘" for line in lines):
        return False  # dialogue, one line each
    open_ended = sum(1 for line in lines if not _SENTENCE_END.search(line))
    return open_ended * 2 >= len(lines)


def _split_wrapped(lines: list[str]) -> list[list[str]]:
    """Hard-wrapped text may hold several paragraphs: a short line that ends a sentence,
    followed by one that starts one, ends a paragraph (calibre's unwrapping rule)."""
    widest = max(len(line) for line in lines)
    if widest > _MAX_WRAP_WIDTH or any(len(line) < _WRAP_RATIO * widest for line in lines[:-1]):
        widest = _wrap_width(lines)  # wrapped roughly: measure against the usual width
    parts: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        parts[-1].append(line)
        is_last = i == len(lines) - 1
        if (
            not is_last
            and len(line) < _WRAP_RATIO * widest
            and _SENTENCE_END.search(line)
            and _STARTS_SENTENCE.match(lines[i + 1])
        ):
            parts.append([])
    return [p for p in parts if p]


@dataclass(frozen=True)
class _Piece:
    lines: tuple[str, ...]
    start: int
    shape: Shape
    style: str = ""


def shape_group(raw: list[str], start: int, spaced: bool = False) -> list[_Piece]:
    """How a group of consecutive non-blank lines (raw, with their indentation) reads;
    `spaced`: a blank line stands before it, as between the story's other paragraphs."""
    lines = [line.strip() for line in raw]
    if len(lines) == 1:
        return [_Piece((lines[0],), start, Shape.PROSE)]

    indents = [bool(re.match(r"^(?:\t| {2,})", line)) for line in raw]
    if any(indents[1:]) and not all(indents):
        # Indented first lines mark paragraphs, as in print.
        pieces: list[_Piece] = []
        begin = 0
        for i in range(1, len(raw) + 1):
            if i == len(raw) or indents[i]:
                pieces.extend(shape_group(raw[begin:i], start + begin))
                begin = i
        return pieces

    if _is_messages(lines):
        return [_Piece(tuple(lines), start, Shape.LINES, "messages")]
    if _is_letter(lines):
        return [_Piece(tuple(lines), start, Shape.LINES, "letter")]
    if _is_wrapped(lines):
        pieces = []
        offset = 0
        for part in _split_wrapped(lines):
            pieces.append(_Piece(tuple(part), start + offset, Shape.PROSE))
            offset += len(part)
        return pieces
    if spaced and _sentence_per_line(raw, lines):
        return [_Piece(tuple(lines), start, Shape.PROSE)]
    if _is_verse(lines):
        return [_Piece(tuple(lines), start, Shape.LINES, "verse")]
    return _one_per_line(lines, start)


def _sentence_per_line(raw: list[str], lines: list[str]) -> bool:
    """A paragraph typed a sentence to a line, between blank lines like the story's other
    paragraphs: narration only (a line of dialogue is a paragraph of its own), each line
    a whole sentence, none indented."""
    if len(lines) > 12 or any(re.match(r"^(?:\t| {2,})", line) for line in raw):
        return False
    return all(
        len(line) <= 250 and line[:1] not in "\"“'‘-–—*•" and _STARTS_SENTENCE.match(line)
        and (_SENTENCE_END.search(line) or i == len(lines) - 1)  # the last may be cut off
        for i, line in enumerate(lines)
    ) and not _is_messages(lines)


def _verse_line(line: str) -> bool:
    return len(line) <= _MAX_VERSE_WIDTH and line[0] not in "\"“'‘" and not _SENTENCE_END.search(line)


_SHORT_VERSE_WIDTH = 40


def _short_verse_run(lines: list[str]) -> int:
    """Lines of a verse that end some of its sentences on the line (`The dream must end; /
    I will it so. / And I will walk / wherev'r you go.`): short lines, no dialogue, at
    least half of them open-ended."""
    count = 0
    for line in lines:
        if len(line) > _SHORT_VERSE_WIDTH or line[0] in "\"“'‘" or classify_line(line).kind is not LineKind.PROSE:
            break
        count += 1
    while count >= _MIN_VERSE_RUN:
        open_ended = sum(1 for line in lines[:count] if not _SENTENCE_END.search(line))
        if open_ended * 2 >= count:
            return count
        count -= 1
    return 0


def _one_per_line(lines: list[str], start: int) -> list[_Piece]:
    """Paragraphs separated by single line breaks; a run of short open lines among them
    is a song or a poem and keeps its breaks."""
    pieces: list[_Piece] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _verse_line(lines[j]) and classify_line(lines[j]).kind is LineKind.PROSE:
            j += 1
        if j - i < _MIN_VERSE_RUN:
            j = i + _short_verse_run(lines[i:])
        if j - i >= _MIN_VERSE_RUN:
            pieces.append(_Piece(tuple(lines[i:j]), start + i, Shape.LINES, "verse"))
            i = j
            continue
        pieces.append(_Piece((lines[i],), start + i, Shape.PROSE))
        i += 1
    return pieces


def _classify_piece(piece: _Piece, rules: tuple[LineRule, ...]) -> LineMatch:
    first = piece.lines[0]
    match = classify_line(first, rules)
    if len(piece.lines) == 1 or piece.shape is Shape.LINES:
        if piece.shape is Shape.LINES and match.kind is not LineKind.PROSE and match.kind not in LABEL_KINDS:
            return LineMatch(LineKind.PROSE, "", "", first)
        return match
    if match.kind in (LineKind.RECAP, LineKind.SOLICITATION) or match.kind in LABEL_KINDS:
        return match  # these read the start of a paragraph, however long
    return LineMatch(LineKind.PROSE, "", "", first)


# In a story typed with (almost) no blank lines, these stand on lines of their own too.
_OWN_LINE_WHEN_SINGLE_SPACED = frozenset({LineKind.NUMBERED_HEADING, LineKind.TIME_SKIP, LineKind.SCENE_HEADING})


def _double_spaced_width(lines: list[str]) -> int:
    """The width a text was hard-wrapped at when a blank line follows every wrapped line
    (a copy that doubled its line breaks), or 0: most blocks one line of prose width, and
    most of those broken inside a sentence."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    singles = [block[0] for block in blocks if len(block) == 1]
    if len(singles) < 10 or len(singles) * 10 < len([b for b in blocks if b]) * 7:
        return 0
    wide = [line for line in singles if _MIN_WRAP_WIDTH <= len(line) <= _MAX_WRAP_WIDTH]
    if len(wide) * 10 < len(singles) * 6:
        return 0
    inside = sum(1 for line, following in zip(singles, singles[1:]) if not _SENTENCE_END.search(line) or following[:1].islower())
    if inside * 2 < len(singles):
        return 0
    return sorted(len(line) for line in wide)[len(wide) // 2]


def _runs_on(line: str, following: str, width: int) -> bool:
    """In a double-spaced wrapped text, whether `following` goes on the paragraph `line` is in."""
    return len(line) >= _WRAP_RATIO * width and (not _SENTENCE_END.search(line) or following[:1].islower())


def group_paragraphs(text: str, rules: tuple[LineRule, ...] = ()) -> list[Paragraph]:
    """Split a story's text into classified paragraphs, in source order."""
    lines = text.split("\n")
    double = _double_spaced_width(lines)
    blank_lines = sum(1 for line in lines if not line.strip())
    own_line = LINE_KINDS | _OWN_LINE_WHEN_SINGLE_SPACED if blank_lines * 10 < len(lines) - blank_lines else LINE_KINDS
    paragraphs: list[Paragraph] = []
    raw: list[str] = []
    numbers: list[int] = []  # the source line of each raw line (a double-spaced text skips its blanks)
    start = 0
    blank = 0
    label: LineMatch | None = None

    def flush() -> None:
        nonlocal raw, label, blank, numbers
        if not raw:
            return
        first_blank = blank
        if label is not None:
            # A label's paragraph: its first line is the label, the rest reads as usual.
            rest = [raw[0].strip()] + [line for line in raw[1:]]
            pieces = [_Piece((rest[0],), start, Shape.PROSE)]
            if len(raw) > 1:
                stripped = [r.strip() for r in raw]
                follow = shape_group(raw[1:], start + 1)
                if _is_wrapped(stripped) and (all(p.shape is Shape.PROSE for p in follow) or len(follow) == len(raw) - 1):
                    # The label's text wrapped over the lines under it, perhaps with more paragraphs after.
                    pieces, offset = [], 0
                    for part in _split_wrapped(stripped):
                        pieces.append(_Piece(tuple(part), start + offset, Shape.PROSE))
                        offset += len(part)
                else:
                    pieces.extend(follow)
            matches = [label] + [_classify_piece(p, rules) for p in pieces[1:]]
        else:
            pieces = shape_group(raw, start, spaced=first_blank > 0)
            matches = [_classify_piece(p, rules) for p in pieces]
        for i, (piece, match) in enumerate(zip(pieces, matches)):
            if match.kind in LONE_KINDS and len(piece.lines) > 1:
                match = LineMatch(LineKind.PROSE, "", "", piece.lines[0])
            offset = piece.start - start
            first, end = numbers[offset], numbers[offset + len(piece.lines) - 1]
            paragraphs.append(
                Paragraph(piece.lines, first, end, first_blank if i == 0 else 0, match, piece.shape, piece.style)
            )
        raw, label, blank, numbers = [], None, 0, []

    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            following = lines[number].strip() if number < len(lines) else ""
            if double and raw and following and classify_line(following, rules).kind is LineKind.PROSE and _runs_on(
                raw[-1].strip(), following, double
            ):
                continue  # the blank a double-spaced copy put inside a paragraph
            flush()
            blank += 1
            continue
        match = classify_line(stripped, rules)
        if match.kind in own_line:
            flush()
            paragraphs.append(Paragraph((stripped,), number, number, blank, match))
            blank = 0
            continue
        if match.kind in LABEL_KINDS or not raw:
            flush()
            raw, start, numbers = [line], number, [number]
            label = match if match.kind in LABEL_KINDS else None
            continue
        raw.append(line)
        numbers.append(number)
    flush()
    return paragraphs


def at(paragraphs: list[Paragraph], index: int) -> Paragraph | None:
    """The paragraph at `index`, or None past either end."""
    return paragraphs[index] if 0 <= index < len(paragraphs) else None
