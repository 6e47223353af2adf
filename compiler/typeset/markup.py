"""Inline markup: inlines ↔ one marked string, so text rules see a paragraph whole.

Typography needs context across emphasis (`"*No*," she said` has its quotes outside the
emphasis), so a paragraph's inlines are flattened into one string in which markup is a
handful of private-use characters, the rules run over that string, and the result is
built back into inlines. The same markers carry emphasis found in the text itself
(`*word*`, `_word_`, `/word/`, `**word**`) and HTML leftovers (`<i>`, `<b>`, `&quot;`),
so they become real markup on the way.
"""

from __future__ import annotations

import html
import re

from compiler.model import Emphasis, Inline, LineBreak, Note, Strong, Text

EM_OPEN, EM_CLOSE = "\ue000", "\ue001"
STRONG_OPEN, STRONG_CLOSE = "\ue002", "\ue003"
NOTE = "\ue004"  # where an inline note sits; the note itself is typeset on its own
LINE_BREAK = "\ue005"  # a kept line break (letters, lyrics): a space to the rules' eyes
MARKUP = frozenset({EM_OPEN, EM_CLOSE, STRONG_OPEN, STRONG_CLOSE, NOTE, LINE_BREAK})
MARKUP_CLASS = "\ue000-\ue005"


# The markers are private-use characters; any the text itself holds (never a letter or
# digit: a glyph in some private font) are dropped rather than read as markup.
_OWN_MARKERS = {ord(c): None for c in MARKUP}
_ANY_MARKUP = re.compile(f"[{MARKUP_CLASS}]")


def flatten(inlines: tuple[Inline, ...]) -> tuple[str, list[Note]]:
    """Inlines → marked string and the notes it refers to, in order."""
    notes: list[Note] = []
    out: list[str] = []

    def walk(nodes: tuple[Inline, ...]) -> None:
        for node in nodes:
            if isinstance(node, Text):
                # translate() is slow on wide strings; most text holds no marker at all.
                text = node.text
                out.append(text.translate(_OWN_MARKERS) if _ANY_MARKUP.search(text) else text)
            elif isinstance(node, LineBreak):
                out.append(LINE_BREAK)
            elif isinstance(node, Emphasis):
                out.append(EM_OPEN)
                walk(node.children)
                out.append(EM_CLOSE)
            elif isinstance(node, Strong):
                out.append(STRONG_OPEN)
                walk(node.children)
                out.append(STRONG_CLOSE)
            elif isinstance(node, Note):
                notes.append(node)
                out.append(NOTE)

    walk(inlines)
    return "".join(out), notes



def unflatten(text: str, notes: list[Note]) -> tuple[Inline, ...]:
    """Marked string → inlines. A marker with no partner is dropped: markers are never text."""
    if not _ANY_MARKUP.search(text):
        return (Text(text),) if text else ()  # most paragraphs: plain text
    pairs = {EM_OPEN: EM_CLOSE, STRONG_OPEN: STRONG_CLOSE}
    # Only markers that close in the same run count; the others are dropped.
    keep: set[int] = set()
    stack: list[tuple[str, int]] = []
    for i, char in enumerate(text):
        if char in pairs:
            stack.append((char, i))
        elif char in (EM_CLOSE, STRONG_CLOSE):
            for depth in range(len(stack) - 1, -1, -1):
                if pairs[stack[depth][0]] == char:
                    keep.update((stack[depth][1], i))
                    del stack[depth:]
                    break
    root: list[Inline] = []
    frames: list[tuple[str, list[Inline]]] = []
    current = root
    buffer: list[str] = []
    note_iter = iter(notes)

    def flush() -> None:
        if buffer:
            current.append(Text("".join(buffer)))
            buffer.clear()

    for i, char in enumerate(text):
        if char == LINE_BREAK:
            flush()
            current.append(LineBreak())
        elif char == NOTE:
            flush()
            note = next(note_iter, None)
            if note is not None:
                current.append(note)
        elif char in pairs:
            if i in keep:
                flush()
                frames.append((char, current))
                current = []
        elif char in (EM_CLOSE, STRONG_CLOSE):
            if i in keep:
                flush()
                opener, parent = frames.pop()
                node = Emphasis(tuple(current)) if opener == EM_OPEN else Strong(tuple(current))
                parent.append(node)
                current = parent
        else:
            buffer.append(char)
    flush()
    return tuple(root)


# ── markup found in the text ─────────────────────────────────────────────────────────

_ENTITY = re.compile(r"&(?:#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[A-Za-z][A-Za-z0-9]{1,9});")
_TAG = re.compile(
    r"<(?P<close>/?)(?P<name>i|em|b|strong|u|s|strike|del|ins|span|font|small|big|sup|sub|center|a|cite|q|mark)"
    r"(?:\s+[^<>]*)?>|<(?:br|hr|wbr)\s*/?>",
    re.IGNORECASE,
)


def decode_entities(text: str) -> tuple[str, int]:
    count = 0

    def one(match: re.Match[str]) -> str:
        nonlocal count
        decoded = html.unescape(match.group(0))
        if decoded == match.group(0):
            return decoded
        count += 1
        return decoded

    return _ENTITY.sub(one, text), count


def convert_tags(text: str) -> tuple[str, int]:
    count = 0

    def one(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        name = (match.group("name") or "").lower()
        closing = bool(match.group("close"))
        if name in ("i", "em", "cite"):
            return EM_CLOSE if closing else EM_OPEN
        if name in ("b", "strong"):
            return STRONG_CLOSE if closing else STRONG_OPEN
        if not name:  # <br>
            return " "
        return ""  # a tag with no meaning here: its text stays, the tag goes

    return _TAG.sub(one, text), count


def strip_markup(text: str) -> str:
    """The text with recognised HTML tags removed and entities decoded: what fidelity is
    measured against (tag names and entity numbers are markup, not the author's words)."""
    return decode_entities(_TAG.sub(" ", text))[0]


_STRONG_EMPHASIS = re.compile(r"(?<![\w*])\*\*\*(?=[^\s*])([^*\n]{1,200}?)(?<=[^\s*])\*\*\*(?![\w*])")
_STRONG_STARS = re.compile(r"(?<![\w*])\*\*(?=[^\s*])([^*\n]{1,200}?)(?<=[^\s*])\*\*(?![\w*])")


def strong_stars(text: str) -> tuple[str, int]:
    """`***both***` (strong inside emphasis, as Markdown reads it), then `**strong**`."""
    text, both = _STRONG_EMPHASIS.subn(rf"{EM_OPEN}{STRONG_OPEN}\1{STRONG_CLOSE}{EM_CLOSE}", text)
    text, strong = _STRONG_STARS.subn(rf"{STRONG_OPEN}\1{STRONG_CLOSE}", text)
    return text, both + strong
