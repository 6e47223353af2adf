"""Titles set as a designer sets them: split at the colon into title and subtitle,
broken into balanced lines, and a short form for the running heads.

"Terminal City Nights: Three Dark Angel Stories" is a title and its subtitle, two
elements of the title page, not one string wrapped wherever the measure runs out
("Terminal City / Nights: Three / Dark Angel / Stories"). A title too long for one line
is broken into lines of nearly equal length, the way a compositor would (the last line
no runt). Neither WeasyPrint nor most reading systems balance lines (`text-wrap:
balance`), so the breaks are chosen here, by length, and each line is its own span: the
print styles set them as lines, the EPUB's as running text that may balance itself.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from compiler.render.xml import escape, quoteattr

# A colon followed by a space, outside brackets and quotes: "Star Wars: A New Hope".
_COLON = re.compile(r":\s+")
_OPENERS, _CLOSERS = "([{“‘\"", ")]}”’\""

# Characters a line holds, by element, on the smallest page ficbind sets (A6) and on an
# e-reader's screen: past this, a title is broken into balanced lines.
TITLE_CHARACTERS = 22
SUBTITLE_CHARACTERS = 34
HALF_TITLE_CHARACTERS = 30
# A running head longer than this is cut at a word and ends in an ellipsis: it is one
# line of small capitals in the top margin.
RUNNING_CHARACTERS = 42


@dataclass(frozen=True)
class TitleParts:
    main: str
    subtitle: str = ""


def split_title(title: str) -> TitleParts:
    """A title and its subtitle, split at the first colon that is not inside brackets or
    quotes, when both sides are words ("Re: Nothing" and "10:30" stay whole)."""
    title = " ".join(title.split())
    for match in _COLON.finditer(title):
        left, right = title[: match.start()], title[match.end():]
        depth = sum(left.count(c) for c in "([{“‘") - sum(left.count(c) for c in ")]}”’")
        if depth > 0 or left.count('"') % 2:
            continue
        if len(re.findall(r"[^\W_]", left)) >= 3 and re.search(r"[^\W\d_]", right):
            return TitleParts(left, right)
    return TitleParts(title)


def balanced_lines(words: Sequence[str], width: Callable[[str], float], limit: float) -> list[str]:
    """`words` as the fewest lines no wider than `limit` (a word wider than it is a line
    of its own), those lines as nearly equal as the words allow: the widest line is as
    narrow as it can be, then the lines are as even as they can be (pure)."""
    if not words:
        return []
    count = len(words)
    space = width(" ")
    sizes = [width(word) for word in words]

    def line_width(i: int, j: int) -> float:  # words[i:j] on one line
        return sum(sizes[i:j]) + space * (j - i - 1)

    # The fewest lines, by greedy filling (which is optimal for the count).
    lines_needed, current = 1, sizes[0]
    for size in sizes[1:]:
        if current + space + size > limit:
            lines_needed, current = lines_needed + 1, size
        else:
            current += space + size
    if lines_needed == 1:
        return [" ".join(words)]
    # best[k][j]: (widest line, sum of squared widths) setting words[:j] on k lines.
    inf = (math.inf, math.inf)
    best = [[inf] * (count + 1) for _ in range(lines_needed + 1)]
    cut = [[0] * (count + 1) for _ in range(lines_needed + 1)]
    best[0][0] = (0.0, 0.0)
    for k in range(1, lines_needed + 1):
        for j in range(1, count + 1):
            for i in range(k - 1, j):
                if best[k - 1][i] == inf:
                    continue
                w = line_width(i, j)
                candidate = (max(best[k - 1][i][0], w), best[k - 1][i][1] + w * w)
                if candidate < best[k][j]:
                    best[k][j], cut[k][j] = candidate, i
    lines: list[str] = []
    j = count
    for k in range(lines_needed, 0, -1):
        i = cut[k][j]
        lines.append(" ".join(words[i:j]))
        j = i
    return lines[::-1]


def character_lines(text: str, characters: int) -> list[str]:
    """Balanced lines of at most `characters` characters (a word longer is a line)."""
    return balanced_lines(text.split(), len, characters)


def lines_markup(text: str, characters: int) -> str:
    """The text, escaped, as spans of class "line" where it needs more than one line."""
    lines = character_lines(text, characters)
    if len(lines) <= 1:
        return escape(text)
    return " ".join(f'<span class="line">{escape(line)}</span>' for line in lines)


def running_head(title: str) -> str:
    """The short form of a title for a running head: the title without its subtitle,
    cut at a word (with an ellipsis) when still longer than one line of the margin."""
    main = split_title(title).main
    if len(main) <= RUNNING_CHARACTERS:
        return main
    words, kept = main.split(), ""
    for word in words:
        trial = f"{kept} {word}".strip()
        if len(trial) > RUNNING_CHARACTERS - 1:
            break
        kept = trial
    kept = kept or main[: RUNNING_CHARACTERS - 1]
    return kept.rstrip(",;:—–-") + "…"


def title_heading(title: str, tag: str, css_class: str) -> str:
    """A title as a heading: the title's lines, and the subtitle as a line of its own
    after a colon hidden where the subtitle is set apart (kept for text extraction and
    readers without styles), with the running head's short form as `data-running`."""
    parts = split_title(title)
    inner = lines_markup(parts.main, TITLE_CHARACTERS)
    if parts.subtitle:
        inner = (f'<span class="title-main">{inner}</span><span class="title-colon">:</span> '
                 f'<span class="subtitle">{lines_markup(parts.subtitle, SUBTITLE_CHARACTERS)}</span>')
    attributes = f"class={quoteattr(css_class)} data-running={quoteattr(running_head(title))}"
    if parts.subtitle:
        attributes += f" data-title={quoteattr(title)}"  # the PDF's bookmark, colon and all
    return f"<{tag} {attributes}>{inner}</{tag}>"
