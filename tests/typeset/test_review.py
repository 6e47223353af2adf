"""Review: each changed paragraph rule by rule, and the copy editor's queries."""

from __future__ import annotations

from pathlib import Path

from compiler.detect import parse_story
from compiler.read import decode_source
from compiler.typeset import active_rules, typeset_story
from compiler.typeset.review import explain, paragraph_reviews, queries


def story(text: str):
    return parse_story(decode_source(text.encode(), Path("s.txt"))).story


def test_explain_marks_each_rules_edits_in_order():
    typeset, steps = explain('"I\'m here.", he said -- softly', active_rules())
    assert typeset == "“I’m here,” he said\u2060—softly"
    rules = [rule for rule, _ in steps]
    assert rules.index("dialogue-period-comma") < rules.index("double-quotes")
    edits = dict(steps)
    assert [(e.old, e.new) for e in edits["double-quotes"]] == [('"', "“"), ('"', "”")]
    assert str(edits["double-hyphen-dash"][0]) == " he said[ -- →—]softly"


def test_explain_sets_what_the_engine_sets():
    from typography_cases import all_cases

    from compiler.typeset.engine import apply_rules

    rules = active_rules()
    for name, given, _ in all_cases():
        assert explain(given, rules)[0] == apply_rules(given, rules)[0], name


def test_paragraph_reviews_list_only_changed_paragraphs_with_typed_and_set_text():
    reviews = paragraph_reviews(story('Plain words here.\n\n"Hi," she said.\n'))
    assert [(r.origin.line, r.typed, r.typeset) for r in reviews] == [(3, '"Hi," she said.', "“Hi,” she said.")]


def queried(text: str) -> list[tuple[int, str]]:
    typeset, _ = typeset_story(story(text))
    return [(q.line, q.message.split(" (")[0].split(",")[0]) for q in queries(typeset)]


def test_a_quote_left_unpaired_is_queried_unless_the_next_paragraph_continues_it():
    assert queried('"Is it about the map?", Tonks asked, gently."\n\nHe nodded.\n') == [
        (1, "a quote left unpaired at the paragraph's end")
    ]
    assert queried('"This speech runs on.\n\n"And ends here."\n') == []
    assert queried('"Left open at the end.\n\nHe nodded.\n') == [(1, "a quote left unpaired at the paragraph's end")]


def test_doubled_stops_and_comma_stop_pairs_are_queried_but_abbreviations_are_not():
    assert queried("She met J.R.. He said no,. Then yes., and more.\n") == [
        (1, "a comma and a full stop together"),
        (1, "a doubled full stop"),
        (1, "a full stop and a comma together"),
    ]
    assert queried("Fruit, e.g., apples, pears, etc., and so on... at 5 p.m., or later.\n") == []
