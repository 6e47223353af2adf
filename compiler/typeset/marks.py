"""Marks: the functions behind the rules that need more than one pattern: ellipses (and
the four-dot form), primes for feet and inches, number ranges, and no-break spaces
after honorifics and before times."""

from __future__ import annotations

import re

from compiler.typeset.markup import MARKUP_CLASS
from compiler.typeset.rule import DOUBLE_PRIME, ELLIPSIS, EN_DASH, NBSP, PRIME

_FOUR_DOTS = re.compile(r"\.\.\.\.(?<=[\w" + MARKUP_CLASS + r"]\.\.\.\.)(?!\.)")
_DOTS = re.compile(r"\.(?:\.{2,}|(?: \.){2,})")


def ellipses(text: str) -> tuple[str, int]:
    # `word....` is a sentence that ended and trailed off: a full stop, then the ellipsis.
    text, four = _FOUR_DOTS.subn("." + ELLIPSIS, text)
    text, three = _DOTS.subn(ELLIPSIS, text)
    return text, four + three


_FEET_INCHES = re.compile(r"(?<=\b\d)'(?=\d{1,2}(?:\.\d+)?(?:\"|''))|(?<=\b\d\d)'(?=\d{1,2}(?:\.\d+)?(?:\"|''))")
_INCHES_AFTER_FEET = re.compile(r"(?<=\d′\d)(?:\"|'')|(?<=\d′\d\d)(?:\"|'')|(?<=\d′\d\.\d)(?:\"|'')")
_FEET_ALONE = re.compile(r"(?<=\b\d)'(?=\s+[a-z])|(?<=\b\d\d)'(?=\s+[a-z])")
_OPENING_SINGLE = re.compile(r"(?:^|(?<=[\s(\[—“\"]))'(?=\w)")
_UNITS = re.compile(r"\s+(?:tall|high|long|wide|deep|thick|away|ruler|screen|inch|inches|feet|foot|vinyl|record|pizza|tv|monitor)\b")
_INCHES_ALONE = re.compile(r"(?<=\b\d)\"(?=\s+[a-z])|(?<=\b\d\d)\"(?=\s+[a-z])")
_OPENING_DOUBLE = re.compile(r"(?:^|(?<=[\s(\[—‘']))\"(?=\S)")


_PRIME_HINT = re.compile(r"\d['\"]")


def trim(text: str) -> tuple[str, int]:
    stripped = text.strip(" \t")
    return stripped, int(stripped != text)


def _unit_marks(text: str, pattern: re.Pattern[str], opening: re.Pattern[str], mark: str) -> tuple[str, int]:
    """The quote marks `pattern` finds after a number, as `mark`; but `'I'm 6' she said`
    closes a quotation: a quote `opening` opened is still open and no unit follows."""
    count = 0

    def one(match: re.Match[str]) -> str:
        nonlocal count
        unit = _UNITS.match(match.string, match.end())
        if not unit and len(opening.findall(match.string, 0, match.start())) % 2:
            return match.group(0)
        count += 1
        return mark

    return pattern.sub(one, text), count


def primes(text: str) -> tuple[str, int]:
    if not _PRIME_HINT.search(text):
        return text, 0
    text, a = _FEET_INCHES.subn(PRIME, text)
    text, b = _INCHES_AFTER_FEET.subn(DOUBLE_PRIME, text)
    text, c = _unit_marks(text, _FEET_ALONE, _OPENING_SINGLE, PRIME)
    text, d = _unit_marks(text, _INCHES_ALONE, _OPENING_DOUBLE, DOUBLE_PRIME)
    return text, a + b + c + d


_RANGE = re.compile(r"(?<![\w.,/:\-–])(\d{1,4})-(\d{1,4})(?![\w/:\-–]|[.,]\d)")


def ranges(text: str) -> tuple[str, int]:
    count = 0

    def one(match: re.Match[str]) -> str:
        nonlocal count
        first, second = match.group(1), match.group(2)
        # `555-0123`: a leading zero past two digits is a code, not a range's end.
        if len(second) > 2 and second.startswith("0"):
            return match.group(0)
        count += 1
        return f"{first}{EN_DASH}{second}"

    return _RANGE.sub(one, text), count


ELISIONS = (
    r"(?:em|tis|twas|twere|twill|til|cause|cos|cuz|bout|round|n|nuff|kay|ello|ere|ow|fraid|scuse|sides"
    r"|nother|course|im|ol|cept|spose|sup|less)"
)


_HONORIFIC_WORDS = (
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "St", "Capt", "Lt", "Sgt", "Col", "Gen", "Rev", "Fr", "Sr", "Sra",
    "Mme", "Mlle", "Hon", "Insp", "Det", "Cmdr", "Adm", "Maj",
)
_HONORIFICS = "(?:" + "|".join(_HONORIFIC_WORDS) + ")"
# Abbreviations a street-name `St.` may meet (`Main St. No. 5`): no name follows there.
_NOT_NAMES = r"(?:No|Nos|Apt|Ste|Rd|Ave|Blvd|St|Dr)\b\.?"


# Cheap tests (each pattern starts with a literal or a class, so the engine scans for
# it) that a paragraph may hold an abbreviation or a time; the rules below decide.
def _dot_after(words: tuple[str, ...]) -> re.Pattern[str]:
    """A full stop right after one of `words`: the engine scans for the full stop (a
    literal), then looks behind it (one lookbehind per word length, as they must be)."""
    lengths = sorted({len(word) for word in words})
    behind = "|".join(
        "(?<=(?:" + "|".join(w for w in words if len(w) == n) + r")\.)" for n in lengths
    )
    return re.compile(rf"\.(?:{behind})")


_ABBREVIATION_HINT = _dot_after((*_HONORIFIC_WORDS, "No", "Nos", "no", "nos"))
_TIME_HINT = re.compile(r"\d[ \t]+[AaPp]")


def nbsp(text: str) -> tuple[str, int]:
    if not _ABBREVIATION_HINT.search(text) and not (
        ("m." in text or "M" in text) and _TIME_HINT.search(text)
    ):
        return text, 0
    total = 0
    for pattern, replacement in _NBSP_RULES:
        text, n = pattern.subn(replacement, text)
        total += n
    return text, total


_NBSP_RULES = (
    (re.compile(rf"\b({_HONORIFICS})\.[ \t]+(?=[A-Z][\w'’\-]*)(?!{_NOT_NAMES})"), rf"\1.{NBSP}"),
    (re.compile(r"\b(No|Nos|nos?)\.[ \t]+(?=\d)"), rf"\1.{NBSP}"),
    (re.compile(r"(?<=\d)[ \t]+(?=(?:[ap]\.m\.|[AP]M\b|[AP]\.M\.))"), NBSP),
)


# Before an em dash after anything but a space (an opening quote too, as Standard Ebooks
# sets `“⁠—and`); before an ellipsis after anything but a space or an opening mark.
WORD_JOINER_BEFORE = re.compile(
    "[—…](?:(?<=[^\\s(\\[—…\u2060\ue000\ue002]—)|(?<=[^\\s“‘(\\[—…\u2060\ue000\ue002]…))"
)
