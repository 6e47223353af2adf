"""Typography rules: keyboard text → typeset text, as a table of small named rules.

Each rule is a row in RULES with a kebab-case name (the manifest's `typography:` key
switches it on or off), the reason it exists and examples it must turn into their
typeset form when applied alone (the tests run every one; the full house style with its
golden cases is tests/fixtures/typography/). Rules run in table order, and the order is
part of the design: markup first (HTML leftovers, emphasis markers), then the marks
that must be decided before quotes are curled (apostrophes, primes, dashes), then
quotes, then spacing, then the invisible characters that hold lines together.

Rules work on a paragraph flattened by markup.flatten, where emphasis and notes are
private-use characters; they change punctuation and spacing only: letters and digits
stay exactly the author's (HTML tags and entities are markup, not the author's text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from compiler.markup import (
    EM_CLOSE,
    EM_OPEN,
    LINE_BREAK,
    MARKUP,
    MARKUP_CLASS,
    STRONG_CLOSE,
    STRONG_OPEN,
    convert_tags,
    decode_entities,
)

LEFT_DOUBLE, RIGHT_DOUBLE = "“", "”"
LEFT_SINGLE, RIGHT_SINGLE = "‘", "’"
APOSTROPHE = RIGHT_SINGLE
ELLIPSIS = "…"
EM_DASH, EN_DASH = "—", "–"
WORD_JOINER = "\u2060"
HAIR_SPACE = "\u200a"
NBSP = "\u00a0"
PRIME, DOUBLE_PRIME = "′", "″"
# Invisible characters the rules themselves put in; context checks look through them.
_INVISIBLE = frozenset({WORD_JOINER, HAIR_SPACE}) | MARKUP


@dataclass(frozen=True)
class TypoRule:
    name: str
    reason: str
    examples: tuple[tuple[str, str], ...]
    apply: Callable[[str], tuple[str, int]]
    default: bool = True
    markup: bool = False  # turns text into markup (HTML, emphasis): letters may go with tags
    # Characters without one of which the rule cannot apply: a cheap test that spares
    # most paragraphs most rules (the rules stay correct without it).
    needs: tuple[str, ...] = ()


def _regex(pattern: str, replacement: str | Callable[[re.Match[str]], str], flags: int = 0):
    compiled = re.compile(pattern, flags)

    def apply(text: str) -> tuple[str, int]:
        return compiled.subn(replacement, text)

    return apply


# ── quotes ───────────────────────────────────────────────────────────────────────────

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
        if char not in _INVISIBLE:
            return char
        index += step
    return ""


_LOOK_THROUGH = _INVISIBLE | {LINE_BREAK}


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


def _doubles(style: QuoteStyle) -> Callable[[str], tuple[str, int]]:
    return lambda text: _curl(text, '"', *style.double)


def _singles(style: QuoteStyle) -> Callable[[str], tuple[str, int]]:
    # By now every apostrophe inside or before a word is curled, so a straight single
    # quote left over is a quotation mark (thoughts are often in single quotes).
    return lambda text: _curl(text, "'", *style.single)


# ── marks decided before the quotes ──────────────────────────────────────────────────

_FOUR_DOTS = re.compile(r"\.\.\.\.(?<=[\w" + MARKUP_CLASS + r"]\.\.\.\.)(?!\.)")
_DOTS = re.compile(r"\.(?:\.{2,}|(?: \.){2,})")


def _ellipses(text: str) -> tuple[str, int]:
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


def _trim(text: str) -> tuple[str, int]:
    stripped = text.strip(" \t")
    return stripped, int(stripped != text)


def _primes(text: str) -> tuple[str, int]:
    if not _PRIME_HINT.search(text):
        return text, 0
    text, a = _FEET_INCHES.subn(PRIME, text)
    text, b = _INCHES_AFTER_FEET.subn(DOUBLE_PRIME, text)
    c = 0

    def feet(match: re.Match[str]) -> str:
        # `'I'm 6' she said` closes a quotation: an opening single quote is still open.
        nonlocal c
        unit = _UNITS.match(match.string, match.end())
        if not unit and len(_OPENING_SINGLE.findall(match.string, 0, match.start())) % 2:
            return match.group(0)
        c += 1
        return PRIME

    text = _FEET_ALONE.sub(feet, text)
    d = 0

    def inches(match: re.Match[str]) -> str:
        # `"I'm 12" she said` closes a quotation: an opening double quote is still open.
        nonlocal d
        unit = _UNITS.match(match.string, match.end())
        if not unit and len(_OPENING_DOUBLE.findall(match.string, 0, match.start())) % 2:
            return match.group(0)
        d += 1
        return DOUBLE_PRIME

    text = _INCHES_ALONE.sub(inches, text)
    return text, a + b + c + d


_RANGE = re.compile(r"(?<![\w.,/:\-–])(\d{1,4})-(\d{1,4})(?![\w/:\-–]|[.,]\d)")


def _ranges(text: str) -> tuple[str, int]:
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


_ELISIONS = (
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


def _nbsp(text: str) -> tuple[str, int]:
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
_WORD_JOINER_BEFORE = re.compile(
    "[—…](?:(?<=[^\\s(\\[—…\u2060\ue000\ue002]—)|(?<=[^\\s“‘(\\[—…\u2060\ue000\ue002]…))"
)


RULES: tuple[TypoRule, ...] = (
    TypoRule(
        "html-entities",
        "Text copied out of web pages keeps entities like &quot; and &#8217;: they are characters.",
        (("&quot;Hi,&quot; she said", '"Hi," she said'), ("it&#8217;s", "it’s"), ("R&amp;R", "R&R")),
        decode_entities,
        markup=True,
        needs=('&',),
    ),
    TypoRule(
        "html-tags",
        "Leftover <i>/<em> and <b>/<strong> are real emphasis; other tags are dropped, their text kept.",
        (("<i>no</i>", f"{EM_OPEN}no{EM_CLOSE}"), ('<span style="x">so</span>', "so")),
        convert_tags,
        markup=True,
        needs=('<',),
    ),
    TypoRule(
        "invisible-spacing",
        "Hair spaces and word joiners already in the text (typed, or left by an earlier "
        "typesetting) come out: the rules put them back where the house style wants them, "
        "and a second run over typeset text then changes nothing.",
        ((f"“{HAIR_SPACE}‘Hi", "“‘Hi"), (f"so{WORD_JOINER}—", "so—")),
        _regex(f"[{HAIR_SPACE}{WORD_JOINER}]", ""),
        needs=(HAIR_SPACE, WORD_JOINER),
    ),
    TypoRule(
        "tabs",
        "A tab inside a paragraph is a space typed with the wrong key.",
        (("he\tsaid", "he said"),),
        _regex(r"\t", " "),
        needs=('\t',),
    ),
    TypoRule(
        "strong-asterisks",
        "**word** in plain text is strong emphasis.",
        (("**never**", f"{STRONG_OPEN}never{STRONG_CLOSE}"),),
        _regex(r"(?<![\w*])\*\*(?=[^\s*])([^*\n]{1,200}?)(?<=[^\s*])\*\*(?![\w*])", rf"{STRONG_OPEN}\1{STRONG_CLOSE}"),
        markup=True,
        needs=('*',),
    ),
    TypoRule(
        "emphasis-asterisks",
        "*word* in plain text is emphasis; a lone star (5 * 3, A*, a footnote*) is not.",
        (("*so* tired", f"{EM_OPEN}so{EM_CLOSE} tired"), ("5 * 3 * 2", "5 * 3 * 2"), ("grade A*", "grade A*")),
        _regex(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,200}?)(?<=[^\s*])\*(?![\w*])", rf"{EM_OPEN}\1{EM_CLOSE}"),
        markup=True,
        needs=('*',),
    ),
    TypoRule(
        "emphasis-underscores",
        "_word_ in plain text is emphasis; snake_case is not.",
        (("_really_ late", f"{EM_OPEN}really{EM_CLOSE} late"), ("snake_case_name", "snake_case_name")),
        _regex(r"(?<![\w_])_(?=[^\s_])([^_\n]{1,200}?)(?<=[^\s_])_(?![\w_])", rf"{EM_OPEN}\1{EM_CLOSE}"),
        markup=True,
        needs=('_',),
    ),
    TypoRule(
        "emphasis-slashes",
        "/word/ is how some archives wrote italics; and/or, 1/2 and paths are not emphasis.",
        (("she was /gone/.", f"she was {EM_OPEN}gone{EM_CLOSE}."), ("and/or 1/2", "and/or 1/2")),
        _regex(
            r"(?<![\w/:<.])/(?=[A-Za-z“‘\"'])([^/\n]{1,80}?)(?<=[\w!?.,'’\"”…])/(?![\w/])",
            rf"{EM_OPEN}\1{EM_CLOSE}",
        ),
        markup=True,
        needs=('/',),
    ),
    TypoRule(
        "acute-grave-apostrophe",
        "Keyboards without an apostrophe key gave ´ or ` inside words: they are apostrophes.",
        (("Author´s Note", "Author’s Note"), ("it`s", "it’s"), ("James´ car", "James’ car")),
        _regex(r"[´`](?:(?<=\w[´`])(?=\w)|(?<=[sSzZ][´`])(?=[\s,.;:!?]|$))", APOSTROPHE),
        needs=('´', '`'),
    ),
    # Before quotes are curled, so both straight and curly closing quotes are seen.
    TypoRule(
        "dialogue-period-comma",
        "`here.\", he said`: a sentence ending inside the quote and a comma outside it is one "
        "mark too many; the comma goes inside, as in `here,\" he said`.",
        (('"I\'m here.", he said', '"I\'m here," he said'), ('"Where?", she asked', '"Where?" she asked')),
        _regex(
            r"[.?!](?:(?<=[\w\ue001\ue003]\.)([\"”'’])\s*,(?=\s)|(?<=[?!])([\"”'’]),(?=\s))",
            lambda m: f",{m.group(1)}" if m.group(1) else f"{m.group(0)[0]}{m.group(2)}",
        ),
        needs=('",', "',", '”,', '’,', '" ,', "' ,"),
    ),
    TypoRule(
        "primes",
        "Feet and inches take primes, not quotes: 5'10\" is 5′10″.",
        (("5'10\" tall", "5′10″ tall"), ("a 6' wall", "a 6′ wall"), ("a 12\" ruler", "a 12″ ruler")),
        _primes,
        needs=("'", '"'),
    ),
    TypoRule(
        "ellipsis",
        "Three typed dots (spaced or not) are one ellipsis character, which never breaks apart.",
        (("so... as", "so… as"), ("wait. . . what", "wait… what"), ("yes....", "yes.…")),
        _ellipses,
        needs=("..", ". ."),
    ),
    TypoRule(
        "double-hyphen-dash",
        "Fan fiction types an em dash as two hyphens, spaced or not; the em dash is set closed.",
        (("going to--", "going to—"), ("well -- fine", "well—fine"), ("no---never", "no—never")),
        _regex(r"[ \t-](?:(?<=-)-{1,2}|(?<=[ \t])[ \t]*-{2,3})[ \t]*", EM_DASH),
        needs=("--",),
    ),
    TypoRule(
        "spaced-hyphen-dash",
        "A hyphen or en dash with spaces on both sides is a dash typed in a hurry.",
        (("tired - so tired", "tired—so tired"), ("yes – no", "yes—no")),
        _regex(r"(?<=[\w,.!?…’”\"'" + MARKUP_CLASS + r"])[ \t]+[-–][ \t]+(?=[\w“‘\"'" + MARKUP_CLASS + r"])", EM_DASH),
        needs=(" - ", " – ", " -\t", "\t- ", " –\t"),
    ),
    TypoRule(
        "spaced-em-dash",
        "The house style sets em dashes closed, without spaces around them.",
        (("wait — what", "wait—what"),),
        _regex(r"[ \t—](?:(?<=[ \t])[ \t]*—[ \t]*|(?<=—)[ \t]+)", EM_DASH),
        needs=('—',),
    ),
    TypoRule(
        "interrupted-speech-hyphen",
        "`What the Hell-\"`: speech cut off by a single hyphen before the closing quote is an em dash.",
        (('"What the Hell-"', '"What the Hell—"'), ('"touch the -"', '"touch the—"')),
        _regex(r"(?<=\w)[ \t]*-(?=[\"”](?:\s|$|[,.!?]))", EM_DASH),
        needs=('-"', "-”"),
    ),
    TypoRule(
        "number-range-en-dash",
        "A range of numbers takes an en dash (pages 10–20), never a date or a code.",
        (("pages 10-20", "pages 10–20"), ("2024-05-01", "2024-05-01"), ("555-0123", "555-0123"), ("F-16", "F-16")),
        _ranges,
        needs=('-',),
    ),
    TypoRule(
        "apostrophe-in-word",
        "A straight quote between letters is an apostrophe: don't, Max's, o'clock.",
        (("don't", "don’t"), ("Max's", "Max’s"), ("rock'n'roll", "rock’n’roll")),
        _regex(r"'(?<=\w')(?=\w)", APOSTROPHE),
        needs=("'",),
    ),
    TypoRule(
        "leading-elision",
        "Words clipped at the front ('em, 'til, 'cause, the '90s) take an apostrophe, not an opening quote.",
        (("get 'em", "get ’em"), ("'cause I said", "’cause I said"), ("the '90s", "the ’90s")),
        _regex(rf"'(?<![\w'’]')(?={_ELISIONS}\b|\d\d(?:s\b|\b))", APOSTROPHE, re.IGNORECASE),
        needs=("'",),
    ),
    TypoRule(
        "double-quotes",
        "Straight double quotes become opening and closing quotes by their neighbours.",
        (('"Hi," she said.', "“Hi,” she said."), ('he said, "Go."', "he said, “Go.”"), ('—"Stop!"', "—“Stop!”")),
        _doubles(AS_TYPED),
        needs=('"',),
    ),
    TypoRule(
        "single-quotes",
        "Straight single quotes left after apostrophes are quotation marks (thoughts, nested speech).",
        (("'Why?' she thought.", "‘Why?’ she thought."), ("the girls' room", "the girls’ room")),
        _singles(AS_TYPED),
        needs=("'",),
    ),
    # After the quotes are curled: whether a quote before it opens or closes decides.
    TypoRule(
        "ellipsis-spacing",
        "A trailing ellipsis attaches to its word; between two words it is followed by a space.",
        (("so …", "so…"), ("wait…what", "wait… what"), ("“…what", "“…what"), ("… and then", "…and then")),
        _regex(
            r"[ \t…](?:(?<=[^\s“‘(\[—][ \t])[ \t]*…(?=[\s”’)\]?!,.;:]|$)"
            r"|(?<=[\w.,;:!?’”" + MARKUP_CLASS + r"]…)(?=[A-Za-z])"
            r"|(?<=…)(?<![^“‘(\[]…)[ \t]+)",
            lambda m: "…" if m.group(0).startswith((" ", "\t")) or m.group(0).endswith((" ", "\t")) else "… ",
        ),
        needs=('…',),
    ),
    TypoRule(
        "space-inside-quotes",
        "`\" Do you`: a space just inside a quotation mark is a slip of the thumb.",
        (("“ Do you think”", "“Do you think”"), ("“Yes ”", "“Yes”")),
        # The closing quote's own neighbour decides, seen through the hair space and word
        # joiner the later rules put in (else a second run would read one as a space).
        _regex(r"[ \t](?:(?<=[“‘][ \t])[ \t]*|[ \t]*(?=”[\u200a\u2060]*(?:(?!\u200a)\s|$|[,.;:!?])))", ""),
        needs=("“ ", "‘ ", " ”", "“\t", "‘\t", "\t”"),
    ),
    TypoRule(
        "trim-spaces",
        "Spaces typed before a paragraph's first word or after its last are not part of it.",
        (("  It rained. ", "It rained."),),
        _trim,
    ),
    TypoRule(
        "collapse-spaces",
        "Runs of spaces (two after a full stop, say) are one space in typeset text.",
        (("end.  Then", "end. Then"),),
        _regex(r"[ \t]{2,}", " "),
        needs=("  ",),
    ),
    TypoRule(
        "space-before-punctuation",
        "No space goes before a comma, full stop, colon, semicolon, question or exclamation mark.",
        (("Really ?", "Really?"), ("yes , no", "yes, no")),
        _regex(r"(?<=[\w”’" + MARKUP_CLASS + r"])[ \t]+(?=[,.;:!?]+(?:\s|$|[”’…]))", ""),
        needs=(" ,", " .", " ;", " :", " !", " ?", "\t"),
    ),
    TypoRule(
        "nested-quote-hair-space",
        "Two quotation marks side by side (“‘ or ’”) read as one blot without a hair space.",
        (("“‘Hi,’ he said”", f"“{HAIR_SPACE}‘Hi,’ he said”"), ("‘no’”", f"‘no’{HAIR_SPACE}”")),
        _regex(r"(?<=[“”])(?=[‘’])|(?<=[‘’])(?=[“”])", HAIR_SPACE),
        needs=("“‘", "“’", "”‘", "”’", "‘“", "‘”", "’“", "’”"),
    ),
    TypoRule(
        "no-break-spaces",
        "Mr. Smith, No. 5 and 5 p.m. never break across lines (but Main St. No. 5 has no name after St.).",
        (("Mr. Smith", f"Mr.{NBSP}Smith"), ("Main St. No. 5", f"Main St. No.{NBSP}5"), ("at 5 p.m.", f"at 5{NBSP}p.m.")),
        _nbsp,
        needs=(".", "AM", "PM"),
    ),
    TypoRule(
        "word-joiner",
        "A word joiner before an em dash or ellipsis that follows a word keeps it from starting a line.",
        (("well—fine", f"well{WORD_JOINER}—fine"), ("so…", f"so{WORD_JOINER}…"), ("“…what", "“…what")),
        _regex(_WORD_JOINER_BEFORE.pattern, WORD_JOINER + r"\g<0>"),
        needs=('—', '…'),
    ),
)

RULE_NAMES: tuple[str, ...] = tuple(rule.name for rule in RULES)
RULES_BY_NAME: dict[str, TypoRule] = {rule.name: rule for rule in RULES}


def active_rules(switches: dict[str, bool] | None = None, swap_quotes: bool = False) -> tuple[TypoRule, ...]:
    """The rules in order, minus those switched off; `swap_quotes` turns American-style
    quotes into British (or back) by giving double and single quotes each other's marks."""
    switches = switches or {}
    rules = []
    for rule in RULES:
        if not switches.get(rule.name, rule.default):
            continue
        if swap_quotes and rule.name == "double-quotes":
            rule = TypoRule(rule.name, rule.reason, (), _doubles(SWAPPED), markup=rule.markup, needs=rule.needs)
        elif swap_quotes and rule.name == "single-quotes":
            rule = TypoRule(rule.name, rule.reason, (), _singles(SWAPPED), markup=rule.markup, needs=rule.needs)
        rules.append(rule)
    return tuple(rules)


def apply_rules(text: str, rules: tuple[TypoRule, ...]) -> tuple[str, dict[str, int]]:
    """Run the rules in order over one run of text; count what each changed."""
    texts, counts = apply_rules_to_all([text], rules)
    return texts[0], counts[0]


def apply_rules_to_all(texts: list[str], rules: tuple[TypoRule, ...]) -> tuple[list[str], list[dict[str, int]]]:
    """apply_rules over many runs at once, rule by rule: each run still meets the rules
    in order (runs never see each other), but a rule whose needs appear in none of the
    runs is ruled out by one test on them all, and only runs holding a need are tried."""
    texts = list(texts)
    counts: list[dict[str, int]] = [{} for _ in texts]
    # Runs joined by a character no need holds, so a need is never found across two.
    joined = "\n".join(texts)
    for rule in rules:
        indices: Iterable[int] = range(len(texts))
        if rule.needs:
            present = [needed for needed in rule.needs if needed in joined]
            if not present:
                continue
            if len(present) == 1:
                needed = present[0]
                indices = [i for i, text in enumerate(texts) if needed in text]
            else:
                indices = [i for i, text in enumerate(texts) if any(needed in text for needed in present)]
        apply, name, changed = rule.apply, rule.name, False
        for i in indices:
            text, n = apply(texts[i])
            if n:
                texts[i] = text
                counts[i][name] = counts[i].get(name, 0) + n
                changed = True
        if changed:
            joined = "\n".join(texts)
    return texts, counts


_SINGLE_OPENING = re.compile(r"(?:^|(?<=[\s(\[—]))'(?=\w)")


def primary_quotes(paragraphs: list[str]) -> str:
    """Whether the author's dialogue is in double quotes (American) or single (British)."""
    doubles = sum(p.count('"') for p in paragraphs)
    singles = sum(len(_SINGLE_OPENING.findall(p)) for p in paragraphs)
    return "british" if singles > 2 * doubles and singles >= 4 else "american"


def visible(text: str) -> str:
    """The text as a reader sees it: markup and the invisible characters taken out."""
    return "".join(c for c in text if c not in _INVISIBLE)

