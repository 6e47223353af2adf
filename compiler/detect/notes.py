"""Notes: where an author's note ends, and whether a paragraph is the author talking.

A note's label (`A/N:`) says where it starts; these decisions say how far it runs
(over paragraphs with no marker, to an `End A/N` line, a heading or an ornament), when
a bare `Note:` is the author's and not a character's, and when unlabelled thanks and
review requests after the story's last text are an end note.
"""

from __future__ import annotations

import re

from compiler.detect.blocks import INLINE_NOTE
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


MAX_NOTE_PARAGRAPHS = 6  # a note longer than this is more likely story text


def note_extent(
    paragraphs: list[Paragraph], last: int, bare: bool, in_section: bool, at_start: bool
) -> tuple[int, Paragraph | None]:
    """How many more paragraphs an author's note whose own paragraphs end at `last` takes,
    and its closing marker if any. `in_section`: a chapter or the story's body is open
    (else the note stands before all of them); `at_start`: that section holds no text yet.

    A note runs on over several paragraphs when an `End A/N` line closes it; when it
    stands at the start of a story or chapter and its paragraphs lead up to the
    chapter heading (or an ornament that separates note from story); or when it
    stands after the last of the story's text, up to the next chapter or the end.
    """
    following = range(last + 1, len(paragraphs))
    # 1. An explicit end marker close ahead.
    for offset, i in enumerate(following[: MAX_NOTE_PARAGRAPHS + 1]):
        para = paragraphs[i]
        if para.kind is LineKind.NOTE_END:
            return offset, para
        if para.kind not in NOTE_TEXT:
            break
    run = 0
    for i in following:
        para = paragraphs[i]
        if para.kind not in NOTE_TEXT or (para.text[:1] in QUOTES and para.kind is LineKind.PROSE):
            break
        run += 1
    stop = at(paragraphs, last + 1 + run)
    if run and run <= MAX_NOTE_PARAGRAPHS:
        # 2. Before the first chapter: the note's paragraphs lead up to its heading …
        if not in_section and stop is not None and stop.kind in HEADINGS:
            return run, None
        # … or to an ornament that separates the note from the story: consumed. Only
        # when the paragraphs sound like the author talking: story text may open
        # before a first scene break just as well.
        if (
            at_start
            and stop is not None
            and stop.kind is LineKind.SCENE_BREAK
            and run <= 3
            and all(sounds_like_note(paragraphs[i].text) for i in following[:run])
        ):
            return run, stop
        # 3. After the story's last text: everything up to the next chapter or the end.
        if not at_start and (stop is None or stop.kind in HEADINGS or stop.kind is LineKind.END_LINE):
            return run, None
    if at_start and run == 0 and stop is not None and stop.kind is LineKind.SCENE_BREAK and not bare:
        return 0, stop
    if not in_section:
        # 4. Before any story text, with nothing to mark where the note ends: its next
        # paragraphs are the note's while they are plainly the author talking.
        talking = 0
        for i in following[:MAX_NOTE_PARAGRAPHS]:
            para = paragraphs[i]
            own_words = INLINE_NOTE.sub(" ", para.text)  # an inline note's words are not the paragraph's
            if para.kind not in NOTE_TEXT or not STRONG_NOTE_WORDS.search(own_words):
                break
            talking += 1
        if talking:
            return talking, None
    if bare and run:
        return 1, None  # `Author's Note:` alone: its text is the next paragraph
    return 0, None


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
