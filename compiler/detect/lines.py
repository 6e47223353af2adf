"""Lines: one stripped source line → LineMatch, by the first rule of the table that takes
it (a manifest's own markers are tried first). Anything no rule takes is prose: when
unsure, a line stays the author's text."""

from __future__ import annotations

import functools
import re

from compiler.detect.kinds import CONSUMED_KINDS, LABEL_KINDS, LineKind, LineMatch, LineRule
from compiler.detect.line_rules import RULES

# Headings and ornaments are short; a longer line can only be a labelled paragraph or prose.
_MAX_MARKER_LENGTH = 120


@functools.lru_cache(maxsize=1024)  # a paragraph's first line is asked about twice
def classify_line(line: str, extra: tuple[LineRule, ...] = ()) -> LineMatch:
    """What one stripped, non-empty source line marks; PROSE when no rule takes it.

    `extra` rules (a manifest's own markers) are tried first."""
    short = len(line) <= _MAX_MARKER_LENGTH
    for rule in (*extra, *RULES) if extra else RULES:
        if not short and not (rule.prefix or rule.kind in LABEL_KINDS):
            continue
        match = rule.pattern.match(line)
        if match is None or (rule.check is not None and not rule.check(match)):
            continue
        return _to_line_match(rule, match, line)
    return LineMatch(LineKind.PROSE, "", "", line)


def _to_line_match(rule: LineRule, match: re.Match[str], line: str) -> LineMatch:
    groups = match.groupdict()
    if rule.kind in LABEL_KINDS:
        return LineMatch(rule.kind, rule.name, groups["label"].strip(), groups["rest"].strip())
    if rule.kind not in CONSUMED_KINDS:
        # Headings, scene headings, end lines: the whole line is the author's text.
        return LineMatch(rule.kind, rule.name, "", line)
    if groups.get("title"):
        start, end = match.span(match.re.groupindex["title"])  # by number: RE2's matches take no names
        return LineMatch(rule.kind, rule.name, (line[:start] + line[end:]).strip(), groups["title"].strip())
    return LineMatch(rule.kind, rule.name, line, "")
