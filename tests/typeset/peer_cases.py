"""Other typography tools' own test cases (../shared/peer-typography/cases.jsonl, read at
test time, never copied here) run through ficbind's paragraph typesetting, and the
comparison with what each peer expects.

A case is right when ficbind's output equals the peer's, or equals it once the named
house-style allowances below are applied to both sides. Each allowance is one documented
difference (tests/typeset/fixtures/STYLE.md); the comparison says which it needed, so a
loose match never hides behind them.
"""

from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from typography_cases import typeset_paragraph

ROOT = Path(__file__).resolve().parents[2]
PEER = Path(os.environ.get("FICBIND_PEER_TYPOGRAPHY", ROOT.parent / "shared" / "peer-typography"))
CASES_FILE = PEER / "cases.jsonl"
EXCEPTIONS_FILE = Path(__file__).parent / "peer_exceptions.tsv"
EXCEPTION_KINDS = ("peer-wrong", "house-style", "ficbind-wrong")

_SPACES = "[ \u00a0\u2009\u200a\u202f]"


def _strip(pattern: str, replacement: str = ""):
    compiled = re.compile(pattern)
    return lambda text: compiled.sub(replacement, text)


# name → what it forgives, in the order they are applied. Each one is a house-style
# choice of ficbind's that a peer makes differently; nothing else is forgiven.
ALLOWANCES: tuple[tuple[str, object], ...] = (
    # A Markdown peer's soft line break is a space once set (HTML reads it so).
    ("soft-line-break", _strip("\n", " ")),
    # Spaces before a paragraph's first word or after its last are not part of it.
    ("paragraph-edges", lambda text: text.strip(" ")),
    # Runs of spaces are one space in typeset text.
    ("collapsed-spaces", _strip(" {2,}", " ")),
    # Word joiners (U+2060) before a dash or ellipsis, and the zero-width characters some
    # peers put in, hold lines together: a reader sees nothing.
    ("invisible-joiners", _strip("[\u2060\u200b\ufeff]")),
    # “‘ and ’” get a hair space between them in the house style; some peers set none,
    # or a thin or no-break space.
    ("nested-quote-space", _strip(f"(?<=[“”‘’\"']){_SPACES}(?=[“”‘’\"'])")),
    # The em dash is set closed; peers space it (thin, hair or ordinary spaces).
    ("closed-em-dash", _strip(f"{_SPACES}*—{_SPACES}*", "—")),
    # A spaced en dash between words is the house style's closed em dash.
    ("spaced-en-dash-is-em-dash", _strip(f"(?<=[^\\d\\s]){_SPACES}+–{_SPACES}+(?=[^\\d\\s])", "—")),
    # The ellipsis: which space (none, hair, ordinary, no-break) sits on either side.
    ("ellipsis-spacing", _strip(f"{_SPACES}*…{_SPACES}*", "…")),
    # A no-break space where the peer sets an ordinary one, or the reverse (Mr. Smith,
    # 5 p.m.): the same space that breaks differently.
    ("no-break-space", _strip("[\u00a0\u202f]", " ")),
)


@dataclass(frozen=True)
class Case:
    id: str
    suite: str
    source: str
    input: tuple[str, ...]
    expected: tuple[str, ...]
    compare: str


def load_cases() -> list[Case]:
    cases = []
    for line in CASES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        if raw.get("scope") != "in":
            continue
        cases.append(
            Case(raw["id"], raw["suite"], raw["source"], tuple(raw["input"]), tuple(raw["expected"]), raw.get("compare", ""))
        )
    return cases


def load_exceptions() -> dict[str, tuple[str, str]]:
    """case id → (kind, reason), from the reviewed exceptions file."""
    exceptions: dict[str, tuple[str, str]] = {}
    for number, line in enumerate(EXCEPTIONS_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        case_id, kind, reason = line.split("\t")
        assert kind in EXCEPTION_KINDS, f"{EXCEPTIONS_FILE.name}:{number}: kind {kind!r}"
        assert reason.strip(), f"{EXCEPTIONS_FILE.name}:{number}: no reason"
        assert case_id not in exceptions, f"{EXCEPTIONS_FILE.name}:{number}: {case_id} twice"
        exceptions[case_id] = (kind, reason)
    return exceptions


def typeset(case: Case) -> tuple[str, ...]:
    """Each of the case's paragraphs through the typesetter, as text: emphasis as <i>/<b>,
    characters rather than entities, as the peers' expected text is written."""
    return tuple(html.unescape(typeset_paragraph(paragraph)) for paragraph in case.input)


_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def _comparable(text: str, case: Case) -> str:
    # The peer's test switched quotes off: its quotes stay straight, so quotes are not compared.
    return text.translate(_QUOTES) if case.compare == "ignore-quotes" else text


def compare(case: Case, ours: tuple[str, ...]) -> tuple[bool, tuple[str, ...]]:
    """(right, allowances needed): exact, or equal once some named allowances apply."""
    left = [_comparable(t, case) for t in ours]
    right = [_comparable(t, case) for t in case.expected]
    if left == right:
        return True, ()
    used = []
    for name, forgive in ALLOWANCES:
        new_left, new_right = [forgive(t) for t in left], [forgive(t) for t in right]
        if (new_left, new_right) != (left, right):
            if new_left != left or new_right != right:
                used.append(name)
        left, right = new_left, new_right
        if left == right:
            return True, tuple(used)
    return False, tuple(used)
