"""Typography's two guarantees on arbitrary text: letters and digits are exactly the
author's (only punctuation and spacing may change; HTML tags and entities are markup),
and a second run changes nothing."""

from __future__ import annotations

import html
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typography_cases import typeset_paragraph

from compiler.typeset.markup import strip_markup

# Text made of the characters typography rules care about, in realistic proportions.
PUNCTUATION = list("\"'`´.,;:!?-—–…*_/()[] \t") + [
    "--", "...", ". . .", " - ", "'s", "n't", "'em", "'90s", "5'10\"", "<i>", "</i>", "&quot;", "&amp;", "**",
    "''", "``", "----", ". . . .", "'Arry", "‘em", "’", "‘", "“", "”", "6''", "6' ", "\u00a0", "½", "***", "__", "in'",
]
WORDS = ["I", "don't", "Max", "said", "go", "5", "10", "1990", "Mr.", "St.", "No.", "a", "the", "\u00e9t\u00e9", "ÅSA", "p.m."]
text = st.lists(
    st.one_of(st.sampled_from(PUNCTUATION), st.sampled_from(WORDS), st.text(max_size=3)), max_size=40
).map("".join)

SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def letters_and_digits(value: str) -> list[str]:
    return re.findall(r"[^\W_]", value)


def rendered_text(xhtml: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", xhtml))


@SETTINGS
@given(text)
def test_letters_and_digits_are_the_authors(source):
    out = rendered_text(typeset_paragraph(source))
    assert letters_and_digits(out) == letters_and_digits(strip_markup(source))


@SETTINGS
@given(text.filter(lambda t: "<" not in t and "&" not in t and "*" not in t and "_" not in t and "/" not in t))
@example('"" ”‘')  # the hair space put in between ” and ‘ once read as a space after ” the next time
@example("''`I")  # a backtick after '' once stayed, to open a quote only on the second run
def test_a_second_run_changes_nothing(source):
    once = typeset_paragraph(source)
    assert typeset_paragraph(rendered_text(once)) == once


@SETTINGS
@given(text)
def test_no_straight_quote_survives(source):
    out = rendered_text(typeset_paragraph(source))
    assert '"' not in out and "'" not in out
