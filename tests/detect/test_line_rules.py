"""Every structure rule takes the lines it exists for and leaves its near misses alone."""

import pytest

from compiler.detect import RULES, LineKind, classify_line

TAKES = [(rule.name, line) for rule in RULES for line in rule.examples]
LEAVES = [(rule.name, line) for rule in RULES for line in rule.counterexamples]


@pytest.mark.parametrize(("name", "line"), TAKES)
def test_rule_takes_its_examples(name, line):
    assert classify_line(line).rule == name


@pytest.mark.parametrize(("name", "line"), LEAVES)
def test_rule_leaves_its_counterexamples(name, line):
    assert classify_line(line).rule != name


def test_every_rule_has_a_reason_and_examples():
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    for rule in RULES:
        assert rule.reason and rule.examples, rule.name


@pytest.mark.parametrize(
    ("line", "marker", "rest"),
    [
        ("AN: I'm so sorry.", "AN:", "I'm so sorry."),
        ("Author´s Note: First stand alone ever.", "Author´s Note:", "First stand alone ever."),
        ("Disclamer: The characters do not belong to me.", "Disclamer:", "The characters do not belong to me."),
        ("Summary: A fight.", "Summary:", "A fight."),
    ],
)
def test_labels_split_into_marker_and_text(line, marker, rest):
    match = classify_line(line)
    assert (match.marker, match.rest) == (marker, rest)


def test_a_long_prose_line_is_prose():
    line = "Chapter 4 " + "and then it went on " * 20
    assert classify_line(line).kind is LineKind.PROSE


def test_a_flashback_marker_keeps_its_title():
    match = classify_line("Flashback: 1998")
    assert (match.kind, match.marker, match.rest) == (LineKind.FLASHBACK_START, "Flashback:", "1998")


def test_every_kind_of_manifest_marker_marks_a_kind_of_line():
    from compiler.detect.markers import MARKER_LINES
    from compiler.options import MarkerKind

    assert set(MARKER_LINES) == set(MarkerKind)


def test_a_manifest_marker_is_tried_before_the_table():
    from compiler.detect.markers import marker_rules
    from compiler.options import Marker, MarkerKind

    rules = marker_rules((Marker(MarkerKind.SCENE_BREAK, "<>", 1, "m.yaml"), Marker(MarkerKind.AUTHOR_NOTE, "Ramble:", 1, "m.yaml")))
    assert classify_line("<>", rules).kind is LineKind.SCENE_BREAK
    assert classify_line("<>", rules).rule == "manifest-scene-break-1"
    note = classify_line("Ramble: sorry for the wait", rules)
    assert (note.kind, note.marker, note.rest) == (LineKind.AUTHOR_NOTE, "Ramble:", "sorry for the wait")
    assert classify_line("<>").kind is LineKind.PROSE
