"""Other typography tools' own test cases through ficbind's paragraph typesetting
(peer_cases.py: where they are read from, and the named house-style allowances).

Every in-scope case comes out as its peer expects, modulo the allowances, or is listed
in peer_exceptions.tsv with its kind and a one-line reason:
  peer-wrong     the peer's expected text is wrong for typeset English prose;
  house-style    ficbind's house style (STYLE.md) sets it otherwise, on purpose;
  ficbind-wrong  the peer is right and ficbind is not, yet (counts against the rate).
A case that regresses fails; so does an exception that no longer differs (stale), and
one naming a case the file of cases no longer holds.
"""

from __future__ import annotations

import re

import pytest
from peer_cases import CASES_FILE, compare, load_cases, load_exceptions, typeset
from typography_cases import typeset_paragraph

from compiler.typeset.markup import strip_markup

pytestmark = pytest.mark.skipif(
    not CASES_FILE.is_file(),
    reason=f"the peers' cases are not at {CASES_FILE} (set FICBIND_PEER_TYPOGRAPHY to their folder)",
)

CASES = load_cases() if CASES_FILE.is_file() else []
EXCEPTIONS = load_exceptions()
TARGET = 0.95


@pytest.fixture(scope="module")
def outcomes():
    """case id → (case, ficbind's paragraphs, right, allowances used)."""
    results = {}
    for case in CASES:
        ours = typeset(case)
        results[case.id] = (case, ours, *compare(case, ours))
    return results


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_peer_case(case):
    ours = typeset(case)
    right, _ = compare(case, ours)
    if case.id in EXCEPTIONS:
        kind, reason = EXCEPTIONS[case.id]
        assert not right, f"stale exception ({kind}: {reason}): the case now comes out right; remove it"
    else:
        assert right, f"{case.source}\n  typed:    {case.input}\n  expected: {case.expected}\n  ficbind:  {ours}"


def test_every_exception_names_a_case():
    ids = {case.id for case in CASES}
    assert sorted(set(EXCEPTIONS) - ids) == []


def test_the_rate_of_cases_right(outcomes):
    """Right, or different by a house style the exceptions name, of the cases whose peer
    is not wrong: at least the target."""
    judged = [case_id for case_id in outcomes if EXCEPTIONS.get(case_id, ("",))[0] != "peer-wrong"]
    right = [
        case_id
        for case_id in judged
        if outcomes[case_id][2] or EXCEPTIONS.get(case_id, ("",))[0] == "house-style"
    ]
    rate = len(right) / len(judged)
    print(f"peer cases: {len(right)} of {len(judged)} right or house style ({rate:.1%}); "
          f"{len(outcomes) - len(judged)} peer-wrong")
    assert rate >= TARGET


def _letters_and_digits(text: str) -> list[str]:
    return re.findall(r"[^\W_]", text)


def test_letters_digits_kept_and_a_second_run_changes_nothing(outcomes):
    import html

    for case, ours, _, _ in outcomes.values():
        for typed, once in zip(case.input, ours):
            shown = re.sub(r"</?[ib]>", "", once)
            assert _letters_and_digits(shown) == _letters_and_digits(strip_markup(typed)), case.id
            if "<" not in once:
                assert html.unescape(typeset_paragraph(once)) == once, case.id
