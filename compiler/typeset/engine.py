"""The rules applied: the active rules in order (switched by the manifest, quotes
swapped for a conversion between styles), run over runs of text, counting what each
changed."""

from __future__ import annotations

from typing import Iterable

from compiler.typeset.quotes import SWAPPED, doubles, singles, tex
from compiler.typeset.rule import INVISIBLE, TypoRule
from compiler.typeset.table import RULES


def active_rules(switches: dict[str, bool] | None = None, swap_quotes: bool = False) -> tuple[TypoRule, ...]:
    """The rules in order, minus those switched off; `swap_quotes` turns American-style
    quotes into British (or back) by giving double and single quotes each other's marks."""
    switches = switches or {}
    rules = []
    for rule in RULES:
        if not switches.get(rule.name, rule.default):
            continue
        if swap_quotes and rule.name == "double-quotes":
            rule = TypoRule(rule.name, rule.reason, (), doubles(SWAPPED), markup=rule.markup, needs=rule.needs)
        elif swap_quotes and rule.name == "tex-quotes":
            rule = TypoRule(rule.name, rule.reason, (), tex(SWAPPED), needs=rule.needs)
        elif swap_quotes and rule.name == "single-quotes":
            rule = TypoRule(rule.name, rule.reason, (), singles(SWAPPED), markup=rule.markup, needs=rule.needs)
        rules.append(rule)
    return tuple(rules)


def apply_rules(text: str, rules: tuple[TypoRule, ...]) -> tuple[str, dict[str, int]]:
    """Run the rules in order over one run of text; count what each changed."""
    texts, counts = apply_rules_to_all([text], rules)
    return texts[0], counts[0]


def apply_rules_to_all(texts: list[str], rules: tuple[TypoRule, ...]) -> tuple[list[str], list[dict[str, int]]]:
    """apply_rules over many runs at once, rule by rule: each run still meets the rules
    in order (runs never see each other), but a rule whose needs appear in none of the
    runs is ruled out by one test on them all, and only runs holding a need are tried."""
    texts = list(texts)
    counts: list[dict[str, int]] = [{} for _ in texts]
    # Runs joined by a character no need holds, so a need is never found across two.
    joined = "\n".join(texts)
    for rule in rules:
        indices: Iterable[int] = range(len(texts))
        if rule.needs:
            present = [needed for needed in rule.needs if needed in joined]
            if not present:
                continue
            if len(present) == 1:
                needed = present[0]
                indices = [i for i, text in enumerate(texts) if needed in text]
            else:
                indices = [i for i, text in enumerate(texts) if any(needed in text for needed in present)]
        apply, name, changed = rule.apply, rule.name, False
        for i in indices:
            text, n = apply(texts[i])
            if n:
                texts[i] = text
                counts[i][name] = counts[i].get(name, 0) + n
                changed = True
        if changed:
            joined = "\n".join(texts)
    return texts, counts


def visible(text: str) -> str:
    """The text as a reader sees it: markup and the invisible characters taken out."""
    return "".join(c for c in text if c not in INVISIBLE)
