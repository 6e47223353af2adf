"""Notes: where an author's note ends, and whether a paragraph is the author talking.

A note's label (`A/N:`) says where it starts; these decisions say how far it runs
(over paragraphs with no marker, to an `End A/N` line, a heading or an ornament), when
a bare `Note:` is the author's and not a character's, and when unlabelled thanks and
review requests after the story's last text are an end note.
"""

from __future__ import annotations

import re

from compiler.detect.blocks import INLINE_NOTE
from compiler.detect.evidence import CONTINUES_SCORE, NOTE_SCORE, SIGNALS, Evidence, weigh
from compiler.detect.furniture import furniture_rule
from compiler.detect.header import keyed, title_like
from compiler.detect.kinds import HEADINGS, QUOTES, LineKind
from compiler.detect.paragraphs import Paragraph, at

# Paragraph kinds that may continue an author's note (they are not the story's structure).
NOTE_TEXT = frozenset(
    {
        LineKind.PROSE,
        LineKind.SOLICITATION,
        LineKind.NAME_LINE,
        LineKind.VALEDICTION,
        LineKind.SALUTATION,
        LineKind.DISCLAIMER_TEXT,
    }
)


# Words only an author talking to readers uses: what lets a note run on with no marker.
STRONG_NOTE_WORDS = re.compile(
    r"(?i)(?:\b(?:reviews?|reviewing|reviewers|beta(?:s|d|ed|ing|'d)?|fic|fics|fanfic|fanfiction|drabble|one-?shot"
    r"|ficlet|updates?|updated|readers|favou?rit(?:ed|es?)|kudos|discord|tumblr|ao3|ffn|ff\.net|prompt|canon|ooc"
    r"|disclaimer|wip|hiatus|cliffhanger|sequel|prequel|typos?|forgive|mistakes)\b"
    r"|\b(?:this|next|last|the\s+next)\s+chapter\b|\bsorry\s+for\b|\bthank(?:s|\s+you)\b"
    r"|\bhope\s+you\s+(?:enjoy|like)|\bi\s+(?:do\s+not|don['’]?t)\s+own\b|:\)|<3|♥|\blol\b)"
)


# Words that make a paragraph sound like the author talking, not the story.
NOTE_WORDS = re.compile(
    r"(?i)\b(?:review|reviews|reviewing|chapter|chapters|update|updated|updating|beta|fic|fanfic|story|stories|readers?"
    r"|reading|sorry|thanks|thank|posted|posting|writing|wrote|write|canon|prompt|ao3|ffn|author|disclaimer|own|lol"
    r"|enjoy|hope you|next time|cliffhanger|oneshot|one-shot|sequel|prequel|challenge|exchange|plot|character|ooc|au)\b"
)


MAX_NOTE_PARAGRAPHS = 8  # a note longer than this is more likely story text


def note_extent(
    paragraphs: list[Paragraph], last: int, bare: bool, in_section: bool, at_start: bool
) -> tuple[int, Paragraph | None]:
    """How many more paragraphs an author's note whose own paragraphs end at `last` takes,
    and its closing marker if any. `bare`: the label stood alone, with no text of its own;
    `in_section`: a chapter or the story's body is open (else the note stands before all of
    them); `at_start`: that section holds no text yet.

    A note runs to an `End A/N` line that closes it; else over the paragraphs that go on
    reading as the author talking (evidence.py), and no further: a note ends where the
    text stops reading as a note. An ornament right after a note at the start of a story
    or chapter separates note from story, and goes with the note.
    """
    following = range(last + 1, len(paragraphs))
    # 1. An explicit end marker close ahead.
    for offset, i in enumerate(following[: MAX_NOTE_PARAGRAPHS + 1]):
        para = paragraphs[i]
        if para.kind is LineKind.NOTE_END:
            return offset, para
        if para.kind not in NOTE_TEXT:
            break
    # 2. Up to a chapter heading, before the first chapter; or after the story's last text,
    # up to the next chapter or the end: the paragraphs between are the note's, unless one
    # reads as narration.
    run = 0
    for i in following:
        para = paragraphs[i]
        if para.kind not in NOTE_TEXT or (para.text[:1] in QUOTES and para.kind is LineKind.PROSE) or stops_note(paragraphs, i):
            break
        run += 1
    stop = at(paragraphs, last + 1 + run)
    leads_to_heading = stop is not None and stop.kind in HEADINGS and not in_section
    ends_the_text = not at_start and (stop is None or stop.kind in HEADINGS or stop.kind is LineKind.END_LINE)
    if leads_to_heading and run and title_like(paragraphs[last + run]):
        run -= 1  # the story's title over its first chapter's heading
    if run and run <= MAX_NOTE_PARAGRAPHS and (leads_to_heading or ends_the_text) and all(
        not_narration(paragraphs[i]) for i in following[:run]
    ):
        return run, None
    # 3. Elsewhere, the paragraphs that go on reading as the note (a bare label's text, the
    # first of them); one that reads neither way is the note's if the next one is.
    run = 0
    for i in following[:MAX_NOTE_PARAGRAPHS]:
        para = paragraphs[i]
        if _dated_signature(paragraphs, i):
            run += 1  # `Kaerra` / `3/20/02`: the note signed and dated, and perhaps more of it after
            continue
        if para.kind not in NOTE_TEXT or (para.text[:1] in QUOTES and para.kind is LineKind.PROSE) or stops_note(paragraphs, i):
            break
        if not (bare and run == 0) and not continues_note(para):
            after = at(paragraphs, i + 1)
            if not (not_narration(para) and after is not None and after.kind in NOTE_TEXT and continues_note(after)):
                break
        run += 1
    stop = at(paragraphs, last + 1 + run)
    # 4. An ornament between an opening note and the story is the note's.
    if at_start and stop is not None and stop.kind is LineKind.SCENE_BREAK and (run or not bare):
        return run, stop
    return run, None


def _dated_signature(paragraphs: list[Paragraph], index: int) -> bool:
    """A date on its own line right under a note's signature (a name alone)."""
    para, before = paragraphs[index], at(paragraphs, index - 1)
    return (
        para.match.rule == "date-line" or re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}", para.text) is not None
    ) and before is not None and len(before.lines) == 1 and len(before.text.split()) <= 3 and before.text[-1:] not in ".!?\"”"


def typing_key(para: Paragraph) -> bool:
    """Lines that each explain the typing (`" " = speech` / `< > = thought`): the author's
    key to the story, a note however it starts."""
    return len(para.lines) >= 2 and all(_TYPING_KEY.match(line) for line in para.lines)


_TYPING_KEY = next(signal.pattern for signal in SIGNALS if signal.name == "explains-the-typing")


def stops_note(paragraphs: list[Paragraph], index: int) -> bool:
    """What a note never runs into: the site's furniture, or a header of `Key: value`
    lines (two in a row: one `PS: …` line is the note's own)."""
    para = paragraphs[index]
    if all(furniture_rule(line, opening=True) for line in para.lines):
        return True
    if keyed(para.lines[0]) is None:
        return False
    nxt = at(paragraphs, index + 1)
    return len(para.lines) > 1 and keyed(para.lines[1]) is not None or (
        nxt is not None and nxt.blank_before == 0 and keyed(nxt.lines[0]) is not None
    )


def evidence_of(para: Paragraph) -> Evidence:
    """What a paragraph's own words say (an inline `(A/N: …)` in it does not count): weighed
    once, however many decisions ask."""
    return weigh(INLINE_NOTE.sub(" ", para.text) if "(" in para.text or "[" in para.text else para.text)


def continues_note(para: Paragraph) -> bool:
    """A paragraph after a note goes on with it when it reads the author's way, or is a
    short sign-off (`~ Sincerely MNM`)."""
    if _sign_off(para):
        return True
    if title_like(para):  # a title between the note and the story is the story's
        return evidence_of(para).score >= NOTE_SCORE
    if para.kind is not LineKind.PROSE:
        return True  # a review request, a salutation or valediction, a name: not the story's structure
    return evidence_of(para).score >= CONTINUES_SCORE or _sign_off(para)


def not_narration(para: Paragraph) -> bool:
    """Neither dialogue nor past-tense narration: nothing says the story has begun."""
    return para.kind is not LineKind.PROSE or evidence_of(para).score >= 0


def _sign_off(para: Paragraph) -> bool:
    return len(para.lines) == 1 and len(para.text.split()) <= 4 and para.text[:1] in "~-–—*" and para.text[-1:] not in "\"”"


def reads_as_note(para: Paragraph) -> bool:
    """A paragraph with no label that plainly is the author talking to the readers."""
    if para.kind not in NOTE_TEXT or (para.kind is LineKind.PROSE and para.text[:1] in QUOTES):
        return False
    if para.kind is LineKind.SOLICITATION:
        return True
    evidence = evidence_of(para)
    return evidence.score >= NOTE_SCORE and evidence.strong


def note_stops(paragraphs: list[Paragraph]) -> list[int]:
    """For each paragraph, the index of the first heading or labelled note at or after
    it (or the end): where an unlabelled end note would have to stop. One pass, from the
    end, so that asking at every paragraph costs nothing."""
    stops = [len(paragraphs)] * (len(paragraphs) + 1)
    for i in range(len(paragraphs) - 1, -1, -1):
        kind = paragraphs[i].kind
        stops[i] = i if kind in HEADINGS or kind is LineKind.AUTHOR_NOTE else stops[i + 1]
    return stops


def trailing_note(paragraphs: list[Paragraph], index: int, stops: list[int]) -> int:
    """Unlabelled paragraphs after the story's (or a chapter's) last text that read as the
    author talking, from `index` to the next chapter heading or the end: how many (0 when
    the story goes on). `stops`: note_stops(paragraphs)."""
    end = stops[index + 1] if index + 1 < len(stops) else len(paragraphs)
    if end - index > MAX_NOTE_PARAGRAPHS:  # first the shape, which costs nothing
        return 0
    run = paragraphs[index:end]
    if any(para.kind not in NOTE_TEXT or (para.kind is LineKind.PROSE and para.text[:1] in QUOTES) for para in run):
        return 0
    if not reads_as_note(run[0]) or not all(continues_note(para) for para in run[1:]):
        return 0
    return len(run)


def trailing_solicitation(paragraphs: list[Paragraph], index: int) -> int:
    """`Please review!` and kin after the story's last text: how many paragraphs form an
    unlabelled end note (0 when more story follows)."""
    count = 0
    for i in range(index, len(paragraphs)):
        para = paragraphs[i]
        if para.kind in HEADINGS or para.kind is LineKind.END_LINE or para.kind is LineKind.AUTHOR_NOTE:
            break
        if para.kind not in NOTE_TEXT or (para.kind is LineKind.PROSE and para.text[:1] in QUOTES):
            return 0
        count += 1
    return count if count <= MAX_NOTE_PARAGRAPHS else 0


def plausible_note(paragraphs: list[Paragraph], index: int, at_start: bool) -> bool:
    """`Note:` is also what a character writes in a notebook: a bare `Note:` label is
    an author's note only where notes stand (before or after the story's text, or in
    words only an author uses), never right after a line ending in a colon.
    `at_start`: no section holding text is open."""
    para = paragraphs[index]
    before = at(paragraphs, index - 1)
    if before is not None and before.text.rstrip().endswith(":") and before.kind is LineKind.PROSE:
        return False
    if not re.match(r"[(\[]?\s*notes?\b", para.match.marker, re.IGNORECASE):
        return True
    if at_start or STRONG_NOTE_WORDS.search(para.match.rest):
        return True
    after = at(paragraphs, index + 1)
    return trailing_solicitation(paragraphs, index + 1) > 0 or after is None or after.kind in HEADINGS


def sounds_like_note(text: str) -> bool:
    """The author talking (reviews, chapters, thanks), or a short sign-off line."""
    return len(text.split()) <= 6 or bool(NOTE_WORDS.search(text))
