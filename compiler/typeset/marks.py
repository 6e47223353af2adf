"""Marks: the functions behind the rules that need more than one pattern: ellipses (and
the four-dot form), primes for feet and inches, number ranges, and no-break spaces
after honorifics and before times."""

from __future__ import annotations

import re

from compiler.typeset.markup import MARKUP_CLASS
from compiler.typeset.rule import DOUBLE_PRIME, ELLIPSIS, EM_DASH, EN_DASH, NBSP, PRIME

# A run of dots, spaced or not (`...`, `. . .`, `. . ..`, `.. .. .`): three or more
# are one ellipsis; exactly four right after a word are a sentence that ended and
# trailed off (`word....`, `word. . . .`): a full stop, then the ellipsis.
_DOTS = re.compile(r"\.(?: ?\.){2,}")
_AFTER_WORD = re.compile(r"[\w" + MARKUP_CLASS + r"]")


def ellipses(text: str) -> tuple[str, int]:
    count = 0

    def one(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        start = match.start()
        if match.group(0).count(".") == 4 and start and _AFTER_WORD.match(text, start - 1):
            return "." + ELLIPSIS
        return ELLIPSIS

    return _DOTS.sub(one, text), count


# Feet then inches (`5'10"`, `4' 11"`, `7' 2.5"`, `5'10''`): primes wherever they stand.
_FEET_INCHES = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d+)?(?P<q>')(?=[ \u00a0]?\d{1,2}(?:\.\d+)?(?:\"|''))")
# Two single quotes after a number are inches (a keyboard without a double quote).
_INCHES_TWO_SINGLES = re.compile(r"(?<![\w.])\d{1,3}(?P<q>'')(?!')")
# A number, a double quote and another (`"the 40""`): inches, then the closing quote.
_INCHES_BEFORE_QUOTE = re.compile(r"(?<![\w.])\d{1,3}(?P<q>\")(?=\"(?:\s|$|[,.;:!?]))")
_INCHES_AFTER_FEET = re.compile(r"\d′[ \u00a0]?\d{1,2}(?:\.\d+)?(?P<q>\"|'')")
# A number, or a fraction, then one mark: feet or inches before a word (`6' tall`, `50"
# TV`), a hyphen (`40"-screen`), another quotation, or, after a fraction, anything.
_NUMBER_MARK = r"(?:(?<![\w.])\d{{1,3}}(?P<q>{0})(?=\s+[A-Za-z]|-[^\W\d_]|\s+[\"“])|\d/\d{{1,2}}(?P<f>{0})(?![\w'\"]))"
_FEET_ALONE = re.compile(_NUMBER_MARK.format("'"))
_INCHES_ALONE = re.compile(_NUMBER_MARK.format("\"|''(?!')"))
_OPENS = re.compile(r"(?:^|(?<=[\s(\[—“‘\"']))(?:\"|'')(?=\S)|(?:^|(?<=[\s(\[—“\"]))'(?=\S)")
_WITHIN_WORD = re.compile(r"[^\W_]'[^\W_]")
_UNITS = re.compile(r"\s+(?:tall|high|long|wide|deep|thick|away|ruler|screen|inch|inches|feet|foot|vinyl|record|pizza|tv|monitor)\b")


_PRIME_HINT = re.compile(r"\d['\"]")


def trim(text: str) -> tuple[str, int]:
    stripped = text.strip(" \t\u00a0\u2009\u202f")
    return stripped, int(stripped != text)


def _unit_marks(text: str, pattern: re.Pattern[str], quote: re.Pattern[str], mark: str) -> tuple[str, int]:
    """The marks `pattern` finds after a number, as `mark`, read left to right with the
    quotation marks around them: `'I'm 6' she said` closes a quotation, for a quote is
    open there and no unit follows; once the quotation closes, `50" TV` is inches."""
    marks = {}
    for match in pattern.finditer(text):
        group = "q" if match.group("q") is not None else "f"
        marks[match.start(group)] = match.end(group)
    if not marks:
        return text, 0
    out, last, depth, count = [], 0, 0, 0
    for token in quote.finditer(text):
        start = token.start()
        if start in marks and (depth == 0 or _UNITS.match(text, marks[start])):
            out.append(text[last:start] + mark)
            last = marks[start]
            count += 1
        elif _OPENS.match(text, start):
            depth += 1
        elif not _WITHIN_WORD.match(text, start - 1 if start else 0):
            depth = max(depth - 1, 0)
    out.append(text[last:])
    return "".join(out), count


def _always(text: str, pattern: re.Pattern[str], mark: str) -> tuple[str, int]:
    return pattern.subn(lambda m: m.group(0)[: m.start("q") - m.start()] + mark, text)


def primes(text: str) -> tuple[str, int]:
    if not _PRIME_HINT.search(text):
        return text, 0
    text, a = _always(text, _FEET_INCHES, PRIME)
    text, b = _always(text, _INCHES_AFTER_FEET, DOUBLE_PRIME)
    text, e = _always(text, _INCHES_TWO_SINGLES, DOUBLE_PRIME)
    text, f = _always(text, _INCHES_BEFORE_QUOTE, DOUBLE_PRIME)
    text, c = _unit_marks(text, _INCHES_ALONE, re.compile(r"\"|''"), DOUBLE_PRIME)
    text, d = _unit_marks(text, _FEET_ALONE, re.compile(r"'"), PRIME)
    return text, a + b + c + d + e + f


# Two numbers joined by a hyphen, two or three (`3--4`, `1881---1936`), or a spaced
# hyphen or en dash (`1991 – 1998`): a range, set closed with an en dash.
_RANGE = re.compile(
    r"(?<![\w.,/:\-–])(\d{1,4})(?:-{1,3}|[ \t]+[-–][ \t]+)(\d{1,4})(?![\w/:\-–]|[.,]\d)"
)
_CHAIN = re.compile(r"(?<=\d)-{2,3}(?=\d|'\d\d)")


def ranges(text: str) -> tuple[str, int]:
    count = 0

    def one(match: re.Match[str]) -> str:
        nonlocal count
        first, second = match.group(1), match.group(2)
        if match.group(0) == f"{first}{EN_DASH}{second}":
            return match.group(0)
        spaced = " " in match.group(0) or "\t" in match.group(0)
        if spaced and "-" in match.group(0) and not (len(first) == len(second) == 4):
            # `Part 2 - 3 days later` is a heading and a time line: a spaced hyphen joins
            # years (`1991 - 1998`), not any two numbers; a dash rule sets it.
            return match.group(0)
        single = "-" in match.group(0) and "--" not in match.group(0) and not spaced
        # `555-0123`: a leading zero past two digits is a code, not a range's end; and
        # `2019-06` is a year and a month, where `2001-02` runs into the next year.
        if single and second.startswith("0"):
            if len(second) > 2 or (len(first) == 4 and int(second) != (int(first) + 1) % 100):
                return match.group(0)
        count += 1
        return f"{first}{EN_DASH}{second}"

    text = _RANGE.sub(one, text)
    # `3--4--5`, `1950--'60s`: numbers joined by double hyphens are ranges too.
    text, chained = _CHAIN.subn(EN_DASH, text)
    return text, count + chained


_HYPHEN_RUN = re.compile(r"[ \t]*-{4,}[ \t]*")
_DOUBLE_HYPHEN = re.compile(r"[ \t-](?:(?<=-)-{1,2}|(?<=[ \t])[ \t]*-{2,3})[ \t]*")


def hyphen_dashes(text: str) -> tuple[str, int]:
    # Four hyphens or more are a long dash, set as two em dashes (a word or a speech
    # broken off at length); two or three are one em dash. Either is set closed.
    text, long = _HYPHEN_RUN.subn(EM_DASH + EM_DASH, text)
    text, short = _DOUBLE_HYPHEN.subn(EM_DASH, text)
    return text, long + short


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


_SPACE_RUN = re.compile("[ \t\u00a0\u2009\u202f]{2,}")
_SPECIAL_SPACE = re.compile("[\u00a0\u2009\u202f]")


def collapse_spaces(text: str) -> tuple[str, int]:
    """A run of spaces is one space; a no-break or thin space in the run is the one kept
    (`Diagon&nbsp;  Alley`: the author wanted those words together)."""
    count = 0

    def one(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        special = _SPECIAL_SPACE.search(match.group(0))
        return special.group(0) if special else " "

    return _SPACE_RUN.sub(one, text), count
