"""Typography's two guarantees on arbitrary text: letters and digits are exactly the
author's (only punctuation and spacing may change), and a second run changes nothing."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.typography import active_rules, apply_rules

RULES = active_rules()

# Text made of the characters typography rules care about, in realistic proportions.
PUNCTUATION = list("\"'`´.,;:!?-—–…*_/()[] \t") + ["--", "...", ". . .", " - ", "'s", "n't", "'em", "'90s"]
WORDS = ["I", "don't", "Max", "said", "go", "5", "10", "1990", "Mr", "St", "No", "a", "the", "\u00e9t\u00e9", "ÅSA"]
text = st.lists(st.one_of(st.sampled_from(PUNCTUATION), st.sampled_from(WORDS), st.text(max_size=3)), max_size=40).map("".join)


def letters_and_digits(value: str) -> list[str]:
    return re.findall(r"[^\W_]", value)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text)
def test_letters_and_digits_are_the_authors(source):
    out, _ = apply_rules(source, RULES)
    assert letters_and_digits(out) == letters_and_digits(source)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text)
def test_a_second_run_changes_nothing(source):
    once, _ = apply_rules(source, RULES)
    twice, _ = apply_rules(once, RULES)
    assert twice == once


@settings(max_examples=300, deadline=None)
@given(text)
def test_no_straight_quote_survives(source):
    out, _ = apply_rules(source, RULES)
    assert '"' not in out and "'" not in out
