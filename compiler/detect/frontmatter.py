"""Front matter: what stands above a story's header when the header comes later.

A post may open with the site's own lines (a forum's thread blurb, an archive's stats
run together), or with the author talking (a premise, a welcome) before the title and
byline, or the `Title:`/`Summary:` fields. The header is the evidence: nothing of the
story comes before its own title page. So a paragraph the opening does not know is
front matter when a header follows it closely, with nothing between but more of the
kind: short lines of no sentence (the page's) or paragraphs that read as nobody's
narration (the author's note).
"""

from __future__ import annotations

from compiler.detect.header import byline, header_stack, known_key
from compiler.detect.kinds import HEADINGS, LABEL_KINDS, QUOTES, LineKind
from compiler.detect.notes import evidence_of
from compiler.detect.paragraphs import Paragraph, at

LOOK_AHEAD = 6  # paragraphs: a header further down is not this story's opening
_LONGEST = 150  # words: a paragraph longer than this is story, wherever the header is


def _anchor(para: Paragraph) -> bool:
    """A header's own lines: a known field, a summary or disclaimer label, a byline (under a
    title, or alone), a title page's stack of lines."""
    if para.kind in (LineKind.FIELD, LineKind.SUMMARY, LineKind.DISCLAIMER) or known_key(para.lines[0]):
        return True
    return any(byline(line) is not None for line in para.lines[:3]) and (len(para.lines) <= 2 or header_stack(para.lines))


def _could_be_front(para: Paragraph) -> bool:
    return (
        para.kind not in HEADINGS and para.kind is not LineKind.SCENE_BREAK
        and not (para.kind is LineKind.PROSE and para.text[:1] in QUOTES)
        and len(para.text.split()) <= _LONGEST
    )


def header_ahead(paragraphs: list[Paragraph], index: int) -> Paragraph | None:
    """The header paragraph a few paragraphs after `index` that makes the paragraphs from
    `index` to it front matter, or None."""
    for offset in range(1, LOOK_AHEAD + 1):
        para = at(paragraphs, index + offset)
        if para is None:
            return None
        if _anchor(para):
            return para if all(_could_be_front(paragraphs[i]) for i in range(index, index + offset)) else None
        if para.kind in HEADINGS:
            return None
    return None


def page_line(para: Paragraph) -> bool:
    """Front matter that is the page's, not the author's: a line or two of no sentence."""
    text = para.text
    return len(para.lines) <= 2 and len(text.split()) <= 14 and text[-1:] not in ".!?)\"”" and para.kind not in LABEL_KINDS


# A premise may tell what happened in the show (`it worked just fine`); narration
# scores lower than this within a few sentences.
_NARRATION = -3


def authors(para: Paragraph) -> bool:
    """Front matter that is the author talking: not narration, with a header right after."""
    return evidence_of(para).score > _NARRATION
