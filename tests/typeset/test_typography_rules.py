"""Typography: each named rule on its own examples, and the golden cases of
tests/typeset/fixtures/ (the house style, STYLE.md there) through the whole table,
with the two guarantees on each: letters and digits never change, a second run changes
nothing."""

from __future__ import annotations

import re

import pytest
from typography_cases import all_cases, escape_invisibles, typeset_paragraph

from compiler.typeset import RULES, RULES_BY_NAME
from compiler.typeset.markup import strip_markup

CASES = all_cases()
RULE_EXAMPLES = [(rule.name, given, expected) for rule in RULES for given, expected in rule.examples]


def test_there_are_enough_golden_cases():
    assert len(CASES) >= 200


@pytest.mark.parametrize(("name", "given", "expected"), RULE_EXAMPLES)
def test_rule_alone_on_its_examples(name, given, expected):
    assert RULES_BY_NAME[name].apply(given)[0] == expected


@pytest.mark.parametrize(("name", "given", "expected"), CASES, ids=[c[0] for c in CASES])
def test_golden_case(name, given, expected):
    assert escape_invisibles(typeset_paragraph(given)) == escape_invisibles(expected)


def letters_and_digits(text: str) -> list[str]:
    return re.findall(r"[^\W_]", text)


def rendered_text(xhtml: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", xhtml))


@pytest.mark.parametrize(("name", "given", "expected"), CASES, ids=[c[0] for c in CASES])
def test_letters_digits_kept_and_idempotent(name, given, expected):
    once = typeset_paragraph(given)
    assert letters_and_digits(rendered_text(once)) == letters_and_digits(strip_markup(given))
    # Typesetting the typeset text again changes nothing (markup-free cases: the text of
    # a typeset paragraph with emphasis no longer carries its *stars*).
    if "<i>" not in once and "<b>" not in once:
        assert typeset_paragraph(rendered_text(once)) == once


def test_no_straight_quote_survives_in_the_golden_cases():
    for name, given, _ in CASES:
        text = rendered_text(typeset_paragraph(given))
        assert '"' not in text and "'" not in text, (name, text)


def test_a_rule_can_be_switched_off():
    text = '"I\'m here.", he said'
    assert typeset_paragraph(text) == "“I’m here,” he said"
    assert typeset_paragraph(text, {"dialogue-period-comma": False}) == "“I’m here.”, he said"


def test_quote_styles_convert_between_american_and_british():
    from pathlib import Path

    from compiler.detect import parse_story
    from compiler.read import decode_source
    from compiler.render import render_inlines
    from compiler.typeset import typeset_story

    american = '"Hello," she said. "He told me \'no\' twice."\n\n"Fine," he said.\n\n"Go," I said.\n\n"Now."\n'
    british = "'Hello,' she said. 'He told me \"no\" twice.'\n\n'Fine,' he said.\n\n'Go,' I said.\n\n'Now.'\n"

    def first(text, style):
        story = parse_story(decode_source(text.encode(), Path("q.txt"))).story
        typeset, _ = typeset_story(story, quotes=style)
        return render_inlines(typeset.sections[0].content[0].inlines)

    assert first(american, "as-typed") == "“Hello,” she said. “He told me ‘no’ twice.”"
    assert first(american, "british") == "‘Hello,’ she said. ‘He told me “no” twice.’"
    assert first(british, "american") == "“Hello,” she said. “He told me ‘no’ twice.”"
    assert first(british, "british") == "‘Hello,’ she said. ‘He told me “no” twice.’"


def test_the_table_has_a_row_for_every_rule_a_manifest_may_switch():
    """The manifest's vocabulary (compiler.options) and the typeset stage's table are one
    list: the same names, in the order the rules run."""
    from compiler.options import TypographyRule

    assert [rule.name for rule in RULES] == list(TypographyRule)
