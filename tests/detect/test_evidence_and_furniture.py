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
        "Sorry this took so long, I'm still learning how to write these. I hope you like it!",
        "Thanks to LampLight for beta reading this! :D",
        "Chapter 20 at last. To mark it, this chapter is twice as long as the others.",
    ],
)
def test_the_author_talking_scores_as_a_note(text):
    evidence = weigh(text)
    assert evidence.score >= NOTE_SCORE and evidence.strong, evidence


@pytest.mark.parametrize(
    "text",
    [
        '"Please, Wren," Ida said with a frown. "You have to come."',
        "There was nothing Maren wanted more than the sea, and she had sailed every coast.",
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
    assert keyed("Soundtrack: Songs for the Harbour") == ("Soundtrack:", "Songs for the Harbour")
    assert keyed("Coupling - None so far") == ("Coupling -", "None so far")
    assert keyed("She said: go") is not None and keyed("It was three in the morning when she left.") is None
    assert field_like("Maren Holloway x Original Character") and field_like("Copyright 2004 W. Hale")
    assert field_like("(Posted to the List: 04-12-02)") and not field_like("Harry walked in.")
    assert credit_line(("A Gull Reach AU Story by Wren Hale",))
    assert credit_line(("A Lamp Room story", "by Ida M. Torrance"))
    assert not credit_line(("A Gull Reach/Low Tide Crossover",))  # a title, with no author in it
    assert [k for k, _ in export_fields("Story: X Category: Naruto Genre: Drama Summary: It begins.")] == [
        "Story", "Category", "Genre", "Summary"
    ]
    assert export_fields("Category: Naruto") == []
    assert same_title("Salt, Rope, Lamp", "Salt, Rope, Lamp - posted May 2, 2011")
    assert same_title('"Low Tide II: Keeper"', "Low Tide II: Keeper")
    assert same_title("Salt Water", "Gullsite - Salt Water")
    assert not same_title("Salt", "Salt, Rope, Lamp")
    assert parts_index("THE LAMP ROOM – SEASON 2", "The Lamp Room by Wren H")
    assert not parts_index("The lamp room, she thought", "The Lamp Room")
    assert meta_table(("Rating:", "Archive Warning:", "Category:", "Language:", "English"))
    assert not meta_table(("Rating: T", "Fandom: Bleach", "Words: 200", "Status: done"))
