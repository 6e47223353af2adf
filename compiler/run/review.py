"""Review: the copy editor's queries of a story, and with `--changes` each changed
paragraph as typed and as set, rule by rule: what `outline` and `check` print besides
the structure, so an author sees what ficbind will do to their punctuation (and what it
leaves for them) before compiling."""

from __future__ import annotations

from compiler.model import Story
from compiler.read.source import SourceText
from compiler.typeset.review import Query, paragraph_reviews, queries, shown

MOST_EDITS = 6  # a rule's edits shown per paragraph; the rest are counted


def _line_of(query: Query, lines: list[str]) -> int:
    """The source line the queried characters are on (a hard-wrapped paragraph spans
    several); the paragraph's own line when they are not found as typed."""
    if query.needle:
        for number in range(query.origin.line, query.origin.end_line + 1):
            if 0 < number <= len(lines) and query.needle in lines[number - 1]:
                return number
    return query.line


def query_lines(source: SourceText, typeset: Story, indent: str = "    ") -> list[str]:
    """`query: FILE:LINE: what … (excerpt)`, one a line, in the order of the text."""
    lines = source.text.splitlines()
    out = []
    for query in queries(typeset):
        out.append(f"{indent}query: {source.display}:{_line_of(query, lines)}: {query.message}: …{query.excerpt}…")
    return out


def changed_paragraph_lines(
    source: SourceText, story: Story, switches: dict[str, bool], quotes: str = "as-typed", indent: str = "  "
) -> list[str]:
    """Each paragraph the rules change: its lines, the text as typed and as set, and
    under them each rule that changed it with its edits (`before[old→new]after`)."""
    out = [f"{source.display}: changed paragraphs"]
    reviews = paragraph_reviews(story, switches, quotes)
    for review in reviews:
        first, last = review.origin.line, review.origin.end_line
        out.append(f"{indent}{source.display}:{first}" + (f"-{last}" if last > first else ""))
        out.append(f"{indent}  typed  {shown(review.typed)}")
        out.append(f"{indent}  set    {shown(review.typeset)}")
        width = max(len(rule) for rule, _ in review.edits)
        for rule, edits in review.edits:
            listed = "; ".join(str(edit) for edit in edits[:MOST_EDITS])
            more = f"; and {len(edits) - MOST_EDITS} more" if len(edits) > MOST_EDITS else ""
            out.append(f"{indent}    {rule:<{width}}  {listed}{more}")
    if not reviews:
        out.append(f"{indent}none")
    return out


def review_json(source: SourceText, typeset: Story) -> list[dict]:
    lines = source.text.splitlines()
    return [{"line": _line_of(q, lines), "message": q.message, "excerpt": q.excerpt} for q in queries(typeset)]


def changed_paragraphs_json(story: Story, switches: dict[str, bool], quotes: str = "as-typed") -> list[dict]:
    return [
        {
            "lines": [review.origin.line, review.origin.end_line],
            "typed": shown(review.typed),
            "typeset": shown(review.typeset),
            "rules": {rule: [str(edit) for edit in edits] for rule, edits in review.edits},
        }
        for review in paragraph_reviews(story, switches, quotes)
    ]
