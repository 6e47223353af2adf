"""Typography rules: keyboard text → typeset text, as a table of small named rules.

Each rule is a row in RULES with a kebab-case name (the manifest's `typography:` key
switches it on or off), the reason it exists and examples it must turn into their
typeset form when applied alone (the tests run every one). Rules run in table order;
the order is part of the design, and comments say where it matters. Rules only ever
touch text, never markup, and may change punctuation and spacing only: letters and
digits stay exactly the author's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

LEFT_DOUBLE, RIGHT_DOUBLE = "“", "”"
LEFT_SINGLE, RIGHT_SINGLE = "‘", "’"
APOSTROPHE = RIGHT_SINGLE
ELLIPSIS = "…"
EM_DASH = "—"


@dataclass(frozen=True)
class TypoRule:
    name: str
    reason: str
    examples: tuple[tuple[str, str], ...]
    apply: Callable[[str], tuple[str, int]]
    default: bool = True


def _regex(pattern: str, replacement: str | Callable[[re.Match[str]], str], flags: int = 0):
    compiled = re.compile(pattern, flags)

    def apply(text: str) -> tuple[str, int]:
        return compiled.subn(replacement, text)

    return apply


# Characters after which a quote mark opens rather than closes.
_OPENS_AFTER = set("([{—–-/“‘\u2060\u00a0")
# Characters before which a quote mark closes (besides space and the end of the text).
_CLOSES_BEFORE = set(",.;:!?)]}—–-…”’")


def _curl(text: str, straight: str, left: str, right: str) -> tuple[str, int]:
    """Curl every `straight` quote by its neighbours; where they do not decide (a quote
    between two spaces, or between two letters) alternate, as the author meant to."""
    if straight not in text:
        return text, 0
    out: list[str] = []
    is_open = False
    count = 0
    for i, char in enumerate(text):
        if char != straight:
            out.append(char)
            continue
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
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
    return "".join(out), count


def _curl_doubles(text: str) -> tuple[str, int]:
    return _curl(text, '"', LEFT_DOUBLE, RIGHT_DOUBLE)


def _curl_singles(text: str) -> tuple[str, int]:
    # By now every apostrophe inside or before a word is curled, so a straight single
    # quote left over is a quotation mark (thoughts are often in single quotes).
    return _curl(text, "'", LEFT_SINGLE, RIGHT_SINGLE)


_FOUR_DOTS = re.compile(r"(?<=\w)\.\.\.\.(?!\.)")
_DOTS = re.compile(r"\.{3,}|\. \. \.")


def _ellipses(text: str) -> tuple[str, int]:
    # `word....` is a sentence that ended and trailed off: a full stop, then the ellipsis.
    text, four = _FOUR_DOTS.subn("." + ELLIPSIS, text)
    text, three = _DOTS.subn(ELLIPSIS, text)
    return text, four + three


_ELISIONS = r"(?:em|tis|twas|til|cause|cos|bout|round|n|nuff|kay|ello|ere|ow|er)"

RULES: tuple[TypoRule, ...] = (
    TypoRule(
        "acute-grave-apostrophe",
        "Keyboards without an apostrophe key gave ´ or ` inside words: they are apostrophes.",
        (("Author´s Note", "Author’s Note"), ("it`s", "it’s"), ("James´ car", "James’ car")),
        _regex(r"(?<=\w)[´`](?=\w)|(?<=[sSzZ])[´`](?=[\s,.;:!?]|$)", APOSTROPHE),
    ),
    # Before quotes are curled, so both straight and curly closing quotes are seen.
    TypoRule(
        "dialogue-period-comma",
        "`here.\", he said`: a sentence ending inside the quote and a comma outside it is one "
        "mark too many; the comma goes inside, as in `here,\" he said`.",
        (('"I\'m here.", he said', '"I\'m here," he said'), ('"Where?", she asked', '"Where?" she asked')),
        _regex(
            r"(?<=\w)\.([\"”'’])\s*,(?=\s)|([?!])([\"”'’]),(?=\s)",
            lambda m: f",{m.group(1)}" if m.group(1) else f"{m.group(2)}{m.group(3)}",
        ),
    ),
    TypoRule(
        "ellipsis",
        "Three typed dots (spaced or not) are one ellipsis character, which never breaks apart.",
        (("so... as", "so… as"), ("wait. . . what", "wait… what"), ("yes....", "yes.…")),
        _ellipses,
    ),
    TypoRule(
        "double-hyphen-dash",
        "Fan fiction types an em dash as two hyphens, spaced or not; the em dash is set closed.",
        (("going to--", "going to—"), ("well -- fine", "well—fine"), ("no---never", "no—never")),
        _regex(r"[ \t]*-{2,3}[ \t]*", EM_DASH),
    ),
    TypoRule(
        "spaced-hyphen-dash",
        "A hyphen with spaces on both sides is a dash typed in a hurry, not a hyphen.",
        (("tired - so tired", "tired—so tired"),),
        _regex(r"(?<=[\w,.!?…’”])[ \t]+-[ \t]+(?=[\w“‘\"'])", EM_DASH),
    ),
    TypoRule(
        "interrupted-speech-hyphen",
        "`What the Hell-\"`: speech cut off by a single hyphen before the closing quote is an em dash.",
        (('"What the Hell-"', '"What the Hell—"'),),
        _regex(r"(?<=\w)-(?=[\"”](?:\s|$|[,.!?]))", EM_DASH),
    ),
    TypoRule(
        "apostrophe-in-word",
        "A straight quote between letters is an apostrophe: don't, Max's, o'clock.",
        (("don't", "don’t"), ("Max's", "Max’s"), ("rock'n'roll", "rock’n’roll")),
        _regex(r"(?<=\w)'(?=\w)", APOSTROPHE),
    ),
    TypoRule(
        "leading-elision",
        "Words clipped at the front ('em, 'til, 'cause, the '90s) take an apostrophe, not an opening quote.",
        (("get 'em", "get ’em"), ("'cause I said", "’cause I said"), ("the '90s", "the ’90s")),
        _regex(rf"(?<![\w'’])'(?={_ELISIONS}\b|\d\d(?:s\b|\b))", APOSTROPHE, re.IGNORECASE),
    ),
    TypoRule(
        "double-quotes",
        "Straight double quotes become opening and closing quotes by their neighbours.",
        (('"Hi," she said.', "“Hi,” she said."), ('he said, "Go."', "he said, “Go.”"), ('—"Stop!"', "—“Stop!”")),
        _curl_doubles,
    ),
    TypoRule(
        "single-quotes",
        "Straight single quotes left after apostrophes are quotation marks (thoughts, nested speech).",
        (("'Why?' she thought.", "‘Why?’ she thought."), ("the girls' room", "the girls’ room")),
        _curl_singles,
    ),
    TypoRule(
        "space-inside-quotes",
        "`\" Do you`: a space just inside a quotation mark is a slip of the thumb.",
        (("“ Do you think”", "“Do you think”"), ("“Yes ”", "“Yes”")),
        _regex(r"(?<=[“‘])[ \t]+|[ \t]+(?=[”](?:\s|$|[,.;:!?]))", ""),
    ),
    TypoRule(
        "collapse-spaces",
        "Runs of spaces (two after a full stop, say) are one space in typeset text.",
        (("end.  Then", "end. Then"),),
        _regex(r"[ \t]{2,}", " "),
    ),
    TypoRule(
        "space-before-punctuation",
        "No space goes before a comma, full stop, colon, semicolon, question or exclamation mark.",
        (("Really ?", "Really?"), ("yes , no", "yes, no")),
        _regex(r"(?<=[\w”’])[ \t]+(?=[,.;:!?](?:\s|$|[”’]))", ""),
    ),
)

RULE_NAMES: tuple[str, ...] = tuple(rule.name for rule in RULES)
RULES_BY_NAME: dict[str, TypoRule] = {rule.name: rule for rule in RULES}


def active_rules(switches: dict[str, bool] | None = None) -> tuple[TypoRule, ...]:
    switches = switches or {}
    return tuple(rule for rule in RULES if switches.get(rule.name, rule.default))


def apply_rules(text: str, rules: tuple[TypoRule, ...]) -> tuple[str, dict[str, int]]:
    """Run the rules in order over one run of text; count what each changed."""
    counts: dict[str, int] = {}
    for rule in rules:
        text, n = rule.apply(text)
        if n:
            counts[rule.name] = counts.get(rule.name, 0) + n
    return text, counts
