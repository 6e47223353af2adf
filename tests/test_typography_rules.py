"""Typography: each named rule on its own examples, the golden cases through the whole
table, and the two guarantees: letters and digits never change, and a second run
changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from compiler.typography import RULES, RULES_BY_NAME, active_rules, apply_rules

FIXTURES = Path(__file__).parent / "fixtures" / "typography.txt"


def load_cases(path: Path) -> list[tuple[str, str, str]]:
    """Cases in the markdown-it style: a `# name` line, the input, `→`-line, the expected.

    # name
    input text
    →
    expected text
    """
    cases = []
    blocks = [b for b in path.read_text(encoding="utf-8").split("\n# ") if b.strip()]
    for block in blocks:
        block = block.removeprefix("# ")
        name, _, body = block.partition("\n")
        given, _, expected = body.partition("\n→\n")
        cases.append((name.strip(), given.rstrip("\n"), expected.rstrip("\n")))
    return cases


CASES = load_cases(FIXTURES)
RULE_EXAMPLES = [(rule.name, given, expected) for rule in RULES for given, expected in rule.examples]


@pytest.mark.parametrize(("name", "given", "expected"), RULE_EXAMPLES)
def test_rule_alone_on_its_examples(name, given, expected):
    assert RULES_BY_NAME[name].apply(given)[0] == expected


@pytest.mark.parametrize(("name", "given", "expected"), CASES, ids=[c[0] for c in CASES])
def test_golden_case(name, given, expected):
    assert apply_rules(given, active_rules())[0] == expected


def alnum(text: str) -> list[str]:
    return re.findall(r"[^\W_]", text)


@pytest.mark.parametrize(("name", "given", "expected"), CASES, ids=[c[0] for c in CASES])
def test_letters_and_digits_untouched_and_idempotent(name, given, expected):
    once = apply_rules(given, active_rules())[0]
    assert alnum(once) == alnum(given)
    assert apply_rules(once, active_rules())[0] == once


def test_no_straight_quote_survives():
    for _, given, _ in CASES:
        out = apply_rules(given, active_rules())[0]
        assert '"' not in out and "'" not in out, (given, out)


def test_a_rule_can_be_switched_off():
    text = '"I\'m here.", he said'
    on = apply_rules(text, active_rules())[0]
    off = apply_rules(text, active_rules({"dialogue-period-comma": False}))[0]
    assert on == "“I’m here,” he said"
    assert off == "“I’m here.”, he said"
