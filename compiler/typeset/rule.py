"""A typography rule, and the characters the rules set.

A rule is a row of the table (table.py): its name (the manifest's `typography:` key),
the reason it exists, examples it must turn into their typeset form when applied alone,
and the function that applies it to a paragraph flattened by markup.flatten. Rules
change punctuation and spacing only: letters and digits stay exactly the author's
(HTML tags and entities are markup, not the author's text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from compiler.options import TypographyRule
from compiler.typeset.markup import MARKUP

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
INVISIBLE = frozenset({WORD_JOINER, HAIR_SPACE}) | MARKUP


@dataclass(frozen=True)
class TypoRule:
    name: TypographyRule
    reason: str
    examples: tuple[tuple[str, str], ...]
    apply: Callable[[str], tuple[str, int]]
    default: bool = True
    markup: bool = False  # turns text into markup (HTML, emphasis): letters may go with tags
    # Characters without one of which the rule cannot apply: a cheap test that spares
    # most paragraphs most rules (the rules stay correct without it).
    needs: tuple[str, ...] = ()


def regex(pattern: str, replacement: str | Callable[[re.Match[str]], str], flags: int = 0):
    compiled = re.compile(pattern, flags)

    def apply(text: str) -> tuple[str, int]:
        return compiled.subn(replacement, text)

    return apply
