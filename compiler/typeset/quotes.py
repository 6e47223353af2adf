"""Quotes: straight quotation marks curled by their neighbours, in the author's style or
converted between American (double outside) and British (single outside)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from compiler.typeset.markup import EM_CLOSE, EM_OPEN, LINE_BREAK, STRONG_CLOSE, STRONG_OPEN
from compiler.typeset.rule import INVISIBLE, LEFT_DOUBLE, LEFT_SINGLE, RIGHT_DOUBLE, RIGHT_SINGLE

# Characters after which a quote mark opens rather than closes.
_OPENS_AFTER = set("([{—–-/“‘\u00a0") | {EM_OPEN, STRONG_OPEN}
# Characters before which a quote mark closes (besides space and the end of the text).
_CLOSES_BEFORE = set(",.;:!?)]}—–-…”’") | {EM_CLOSE, STRONG_CLOSE}


def _neighbour(text: str, index: int, step: int) -> str:
    """The nearest character in one direction, looking through markup and invisibles;
    an emphasis marker itself counts (it says which side of the quote the words are)."""
    index += step
    while 0 <= index < len(text):
        char = text[index]
        if char == LINE_BREAK:
            return " "
        if char in (EM_OPEN, STRONG_OPEN, EM_CLOSE, STRONG_CLOSE):
            return char
        if char not in INVISIBLE:
            return char
        index += step
    return ""


_LOOK_THROUGH = INVISIBLE | {LINE_BREAK}
_STOPS = set(",.;:!?")


def _glued(text: str, index: int, before: str, after: str) -> bool:
    """A quote that reads as closing what comes before it: a word before it (through
    markup), or sentence punctuation right after it."""
    if after in _STOPS:
        return True
    step = index - 1
    while step >= 0 and text[step] in _LOOK_THROUGH:
        step -= 1
    return step >= 0 and text[step].isalnum()


def _curl(text: str, straight: str, left: str, right: str) -> tuple[str, int]:
    """Curl every `straight` quote by its neighbours; where they do not decide (a quote
    between two spaces, or between two letters) alternate, as the author meant to."""
    if straight not in text:
        return text, 0
    out: list[str] = []
    is_open = False
    count = 0
    start = 0
    i = text.find(straight)
    while i != -1:
        out.append(text[start:i])
        # The characters right beside decide, unless they are markup or invisible.
        before = text[i - 1] if i else ""
        if before in _LOOK_THROUGH:
            before = _neighbour(text, i, -1)
        after = text[i + 1] if i + 1 < len(text) else ""
        if after in _LOOK_THROUGH:
            after = _neighbour(text, i, +1)
        opens_left = before == "" or before.isspace() or before in _OPENS_AFTER
        closes_right = after == "" or after.isspace() or after in _CLOSES_BEFORE
        if opens_left and not closes_right:
            opening = True
        elif not opens_left and closes_right:
            opening = False
        elif not is_open and text.find(straight, i + 1) == -1 and _glued(text, i, before, after):
            # The paragraph's last quote, nothing open, glued to what it follows
            # (`word"word`, `so<b>'</b>`, `".`): a quote with no partner closes.
            opening = False
        else:
            opening = not is_open
        is_open = opening
        out.append(left if opening else right)
        count += 1
        start = i + 1
        i = text.find(straight, start)
    out.append(text[start:])
    return "".join(out), count


@dataclass(frozen=True)
class QuoteStyle:
    """Which marks the author's straight quotes become: as typed, or converted between
    American (double outside) and British (single outside) by swapping roles."""

    double: tuple[str, str] = (LEFT_DOUBLE, RIGHT_DOUBLE)
    single: tuple[str, str] = (LEFT_SINGLE, RIGHT_SINGLE)


AS_TYPED = QuoteStyle()
SWAPPED = QuoteStyle(double=(LEFT_SINGLE, RIGHT_SINGLE), single=(LEFT_DOUBLE, RIGHT_DOUBLE))


def doubles(style: QuoteStyle) -> Callable[[str], tuple[str, int]]:
    return lambda text: _curl(text, '"', *style.double)


def singles(style: QuoteStyle) -> Callable[[str], tuple[str, int]]:
    # By now every apostrophe inside or before a word is curled, so a straight single
    # quote left over is a quotation mark (thoughts are often in single quotes).
    return lambda text: _curl(text, "'", *style.single)


_SINGLE_OPENING = re.compile(r"(?:^|(?<=[\s(\[—]))'(?=\w)")


def primary_quotes(paragraphs: list[str]) -> str:
    """Whether the author's dialogue is in double quotes (American) or single (British)."""
    doubles = sum(p.count('"') for p in paragraphs)
    singles = sum(len(_SINGLE_OPENING.findall(p)) for p in paragraphs)
    return "british" if singles > 2 * doubles and singles >= 4 else "american"


_TEX_DOUBLE = re.compile(r"``|(?<![\d'])''(?!')")
_TEX_SINGLE = re.compile(r"(?:^|(?<=[\s(\[—–\"“‘']))`(?=[^\W_])")


def tex(style: QuoteStyle) -> Callable[[str], tuple[str, int]]:
    """``these'' (TeX's quotes, and a typist's without a double-quote key) and `this':
    the backticks open (as the style sets opening marks); `''` is a straight double
    quote, for the quote rules to curl by its neighbours; `''` after a number is left
    for primes. Doubles first, so a single backtick sees the quote they became."""
    doubles = {"``": style.double[0], "''": '"'}

    def apply(text: str) -> tuple[str, int]:
        text, two = _TEX_DOUBLE.subn(lambda m: doubles[m.group(0)], text)
        text, one = _TEX_SINGLE.subn(style.single[0], text)
        return text, two + one

    return apply
