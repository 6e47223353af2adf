"""The evidence signals and the furniture rules each find what they exist for and leave
their near misses alone; the header's line tests likewise."""

from __future__ import annotations

import pytest

from compiler.detect.evidence import NOTE_SCORE, SIGNALS, weigh
from compiler.detect.furniture import RULES as FURNITURE
from compiler.detect.furniture import furniture_rule
from compiler.detect.header import credit_line, export_fields, field_like, keyed, meta_table, parts_index, same_title

FINDS = [(s.name, text) for s in SIGNALS for text in s.examples]
MISSES = [(s.name, text) for s in SIGNALS for text in s.counterexamples]


@pytest.mark.parametrize(("name", "text"), FINDS)
def test_signal_finds_its_examples(name, text):
    assert any(found.startswith(name + "×") for found in weigh(text).signals), weigh(text)


@pytest.mark.parametrize(("name", "text"), MISSES)
def test_signal_leaves_its_counterexamples(name, text):
    assert not any(found.startswith(name + "×") for found in weigh(text).signals), weigh(text)


@pytest.mark.parametrize("signal", [s for s in SIGNALS if s.pattern is None], ids=lambda s: s.name)
def test_a_signal_of_words_is_blind_to_case(signal):
    """Words, phrases and marks are looked up in the lower-cased text: capitals find the same."""

    def found(text: str) -> list[str]:
        return [entry for entry in weigh(text).signals if entry.startswith(signal.name + "×")]

    for text in signal.examples:
        assert found(text) == found(text.upper()) != [], text


@pytest.mark.parametrize(
    "text",
    [
        "Sorry about the long wait, I'm still kind of new to this writing thing. I hope you like it!",
        "Thanks xxSkitten for Beta reading this! :D",
        "Wow, Chapter 50 already. To commemorate the 50th chapter, this is the longest one yet.",
    ],
)
def test_the_author_talking_scores_as_a_note(text):
    evidence = weigh(text)
    assert evidence.score >= NOTE_SCORE and evidence.strong, evidence


@pytest.mark.parametrize(
    "text",
    [
        '"Please, Dana," Kelly said with a pout. "You have to come."',
        "There was very little that Naruto loved more than a good fight, and he had faced everyone.",
        "Authors note that the garrison never once lost a man, Reyes read in the history, and snorted.",
    ],
)
def test_narration_does_not(text):
    assert weigh(text).score < NOTE_SCORE, weigh(text)


FURNITURE_FINDS = [(r.name, text) for r in FURNITURE for text in r.examples]
FURNITURE_MISSES = [(r.name, text) for r in FURNITURE for text in r.counterexamples]


@pytest.mark.parametrize(("name", "text"), FURNITURE_FINDS)
def test_furniture_rule_finds_its_examples(name, text):
    rule = next(r for r in FURNITURE if r.name == name)
    assert rule.pattern.search(text), text
    assert furniture_rule(text, opening=True)


@pytest.mark.parametrize(("name", "text"), FURNITURE_MISSES)
def test_furniture_rule_leaves_its_counterexamples(name, text):
    rule = next(r for r in FURNITURE if r.name == name)
    assert not rule.pattern.search(text), text


def test_opening_only_rules_hold_only_in_the_opening():
    assert furniture_rule("ans1", opening=True) == "file-name"
    assert furniture_rule("ans1", opening=False) == ""


def test_header_lines():
    assert keyed("Soundtrack: I Melt With You") == ("Soundtrack:", "I Melt With You")
    assert keyed("Coupling - Nothing yet") == ("Coupling -", "Nothing yet")
    assert keyed("She said: go") is not None and keyed("It was three in the morning when she left.") is None
    assert field_like("Billy Russo x Unnamed Female Character") and field_like("Copyright 2000 T. Flowers")
    assert field_like("(Posted to the Net: 05-31-03)") and not field_like("Harry walked in.")
    assert credit_line(("A Gundam Wing AU Story by Aki Midori",))
    assert credit_line(("A Bishoujo Senshi Sailor Moon story", "by Benjamin A. Oliver"))
    assert not credit_line(("A Sentinel/Stargate SG-1 Crossover",))  # a title, with no author in it
    assert [k for k, _ in export_fields("Story: X Category: Naruto Genre: Drama Summary: It begins.")] == [
        "Story", "Category", "Genre", "Summary"
    ]
    assert export_fields("Category: Naruto") == []
    assert same_title("Push, Pull, Stay", "Push, Pull, Stay - posted April 21, 2009")
    assert same_title('"Strange Days I: XScout"', "Strange Days I: XScout")
    assert same_title("True Nature", "Echidna - True Nature")
    assert not same_title("Push", "Push, Pull, Stay")
    assert parts_index("AS IT MIGHT HAVE BEEN – SEASON 1", "As it Might Have Been by Dyann Z")
    assert not parts_index("As it might have been, she thought", "As it Might Have Been")
    assert meta_table(("Rating:", "Archive Warning:", "Category:", "Language:", "English"))
    assert not meta_table(("Rating: T", "Fandom: Bleach", "Words: 200", "Status: done"))
