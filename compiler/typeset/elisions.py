"""Elisions: whether a single quote at the front of a word is an apostrophe ('em, 'Arry,
the '90s) or opens a quotation ('Why?' she thought), decided by evidence in the
paragraph, not by a word list alone: fan fiction is full of dialect no list holds.

The evidence, for a quote before a word: whether a single quote is already open before
it, and whether one is left to close it later in the paragraph. A word on the list of
common elisions is an apostrophe unless it is quoted whole (`her sister 'Kay'`). A word
that reads clipped (`'ave`, `'er`, `'Arry`, `the 'net`) is one when no quote is left to
close it. Any other word is one when no quote is left to close it and either a
quotation is already open, or its h was dropped after a word a quotation seldom follows
(`out of 'Ogsmeade`, where `she whispered 'Always` opens a quotation that runs on). The
same evidence turns a curly opening mark typed before an elision by a word processor's
autocorrect (`‘em`, `‘90s`) the right way round.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from compiler.typeset.rule import APOSTROPHE, LEFT_SINGLE

# Clipped at the front so often they are elisions wherever they stand.
ELISIONS = (
    r"(?:em|tis|twas|twere|twill|til|cause|cos|cuz|bout|round|n|nuff|kay|ello|ere|ow|fraid|scuse|sides"
    r"|nother|course|im|ol|cept|spose|sup|less)"
)
# Words that read clipped (a dropped h, a nickname's cut head): elisions unless a quote
# is left in the paragraph to close them (`'Er, I don't know,' he said` is a quotation).
CLIPPED = (
    r"(?:ave|avin|er|ad|ed|eard|elp|ead|alf|appen|appened|ard|urt|ome|ouse|orse|oo|ungry|ang|ands"
    r"|arry|ermione|mione|nough|till|scuse|night|mornin|evenin|net)"
)

_LISTED = re.compile(rf"(?:{ELISIONS}\b|\d\d(?:s\b|\b))", re.IGNORECASE)
_READS_CLIPPED = re.compile(rf"{CLIPPED}\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]*")
# A quote before a word (`can't` is settled before this runs).
_CANDIDATE = re.compile(r"'(?<![\w'’]')(?=[^\W_])")
# A quote that closes: after a word or punctuation, before a space, punctuation or the end.
# (`goin' to`, `an' 'ave`: a g or d dropped at a word's end, before a space, is not one;
# `'Come in' he said` closes.)
_CLOSER = re.compile(
    r"(?<=[^\s'‘“(\[—\ue000\ue002])['’](?![^\W_])(?<![^\W\d_]{2}in')(?<![^\W\d_]{2}in’)(?<!\ban')(?<!\ban’)"
    r"|(?<=n)['’](?=[^\w\s]|$)"
)
# Words after which a clipped word is met, and a quotation seldom opens (`out of 'Ogsmeade`).
_BEFORE_CLIPPED = re.compile(r"\b(?:of|the|a|an|to|at|in|on|for|from|with|by|and|an'|an’|me|my|his|her|your|our|their)\s+$", re.I)
_CURLY_CLOSER = re.compile(r"(?<=[^\s'‘“(\[—\ue000\ue002])’(?![^\W_])")


class _Quotes:
    """A paragraph's single quotes read once, left to right: how many are open at a point
    (quotes before a word, `opening`, less those that close, never below none) and how
    many close after it. Elisions decided on the way are neither."""

    def __init__(self, text: str, opening: str, closer: re.Pattern[str]) -> None:
        self.text, self.opening = text, opening
        self.closing = {m.start() for m in _CLOSER.finditer(text)}
        self.ahead = [m.start() for m in closer.finditer(text)]
        self.marks = [i for i, char in enumerate(text) if char in "'’" or char == opening]
        self.elisions: set[int] = set()
        self.depth, self.seen = 0, 0

    def open_at(self, end: int) -> int:
        text = self.text
        while self.seen < len(self.marks) and self.marks[self.seen] < end:
            index = self.marks[self.seen]
            self.seen += 1
            if index in self.elisions:
                continue
            if index in self.closing:
                self.depth = max(self.depth - 1, 0)
            elif text[index] == self.opening and (index == 0 or not (text[index - 1].isalnum() or text[index - 1] in "'’‘")):
                self.depth += 1
        return self.depth

    def closers_after(self, index: int) -> int:
        return len(self.ahead) - bisect_left(self.ahead, index)


def _is_elision(text: str, start: int, quotes: _Quotes) -> bool:
    """Whether the straight quote at `start`, before a word, is an apostrophe."""
    after = text[start + 1 : start + 40]
    word_end = _WORD.match(text, start + 1).end()
    open_before = quotes.open_at(start)
    if _LISTED.match(after):
        # Quoted whole with nothing open before (`sister 'Kay'`) is a quotation; `'n'` is not.
        quoted_whole = word_end < len(text) and text[word_end] == "'" and not open_before
        return not quoted_whole or after[:2].lower() == "n'"
    if quotes.closers_after(word_end) > open_before:
        return False  # a quote is left to close this one: it opens a quotation
    if _READS_CLIPPED.match(after):
        return True
    # Any other word: inside a quotation already, or a word whose h was dropped after a
    # word a quotation seldom follows (`of 'Ogsmeade`; `whispered 'Always` opens one).
    return bool(open_before) or (after[:1] in "AEIOUaeiou" and bool(_BEFORE_CLIPPED.search(text, max(0, start - 12), start)))


def leading_elisions(text: str) -> tuple[str, int]:
    """Straight quotes before a word that are apostrophes: 'em, 'Arry, the '90s; decided
    left to right, so an elision decided is not read as a quote by the next."""
    if "'" not in text:
        return text, 0
    quotes = _Quotes(text, "'", _CLOSER)
    for match in _CANDIDATE.finditer(text):
        if _is_elision(text, match.start(), quotes):
            quotes.elisions.add(match.start())
    return _apostrophes(text, quotes.elisions)


def _apostrophes(text: str, indices: set[int]) -> tuple[str, int]:
    if not indices:
        return text, 0
    chars = list(text)
    for index in indices:
        chars[index] = APOSTROPHE
    return "".join(chars), len(indices)


_REVERSED = re.compile(rf"{LEFT_SINGLE}(?=(?:{ELISIONS}|{CLIPPED})\b|\d\d(?:s\b|\b))", re.IGNORECASE)


def reversed_elisions(text: str) -> tuple[str, int]:
    """`‘em`, `‘Cause`, `‘90s`: an opening mark a word processor typed before an elision
    is an apostrophe, unless a closing mark is left in the paragraph to pair with it."""
    if LEFT_SINGLE not in text:
        return text, 0
    quotes = _Quotes(text, LEFT_SINGLE, _CURLY_CLOSER)
    for match in _REVERSED.finditer(text):
        index = match.start()
        if quotes.closers_after(_WORD.match(text, index + 1).end()) <= quotes.open_at(index):
            quotes.elisions.add(index)
    return _apostrophes(text, quotes.elisions)
