"""Header: what a story's opening says about it, line by line: a title line (and the
title repeated), a byline or credit line, a `Key: value` field whatever its key, a
pairing line, a one-line export of all the metadata; a chapter heading's title on the
line under it; and the StoryMeta that the header's fields and summary give."""

from __future__ import annotations

import re

from compiler.detect.keys import HEADER_KEYS
from compiler.detect.kinds import QUOTES, LineKind
from compiler.detect.paragraphs import Paragraph
from compiler.model import Block, Inline, Section, SectionKind, Story, StoryMeta, Text, field_key, plain_text

_BYLINE = re.compile(
    r"^(?i:by|written\s+by|created\s+by|story\s+by|words\s+by|chapter\s+by|art\s+by|edited\s+by|translated\s+by"
    r"|a\s+(?:story|fic|one-?shot)\s+by"
    r"|based\s+(?:up)?on\s+.{1,40}?\s+(?:created|written)\s+by)\s+(?P<name>\S.{0,60})$"
)


def is_subtitle(para: Paragraph, heading: Paragraph) -> bool:
    """`Chapter 1` then `The Beginning` on the next line: the chapter's title."""
    if "title" in heading.match.rule and heading.match.rest != heading.text:
        return False
    if para.kind not in (LineKind.PROSE, LineKind.NAME_LINE) or len(para.lines) != 1:
        return False
    text = para.text
    if re.fullmatch(r"[~\-*=_+•]{1,5}\s*\S.*?\s*[~\-*=_+•]{1,5}", text):
        return False  # `-Rachel-` under `Chapter Two`: whose eyes the chapter is through
    return (
        len(text.split()) <= 10
        and text[:1] not in QUOTES
        and not re.search(r"[.,;:]$", text)
        and re.fullmatch(r"(?i:chapter|ch\.|chap\.|part|book)\s*\S+[.:]?", heading.text.strip()) is not None
    )


def title_words(text: str) -> str:
    """A title as its words, case-folded and space-joined: "CLEARING THE AIR!" is
    "Clearing the Air" given again."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def retitled(story: Story, title: str) -> tuple[int, str] | tuple[()]:
    """The story's own title line (its line, its text) when the manifest's `title` has
    other words: that line is not printed (outline and check say so); () otherwise."""
    line = plain_text(story.title_line)
    if not title or not line or title_words(line) == title_words(title):
        return ()
    return (story.title_origin.line if story.title_origin else 1, line)


def story_meta(title_line: tuple[Inline, ...], sections: tuple[Section, ...]) -> StoryMeta:
    summary = next((s for s in sections if s.kind is SectionKind.SUMMARY), None)
    summary_text = ""
    if summary is not None:
        summary_text = " ".join(
            " ".join(plain_text(b.inlines).split()) for b in summary.content if isinstance(b, Block)
        )
    fields: list[tuple[str, str]] = []
    for section in sections:
        if section.kind is SectionKind.HEADER:
            for block in section.content:
                if isinstance(block, Block):
                    value = "".join(n.text for n in block.inlines if isinstance(n, Text))
                    fields.append((field_key(block.marker), value))
    title = title_line[0].text if title_line and isinstance(title_line[0], Text) else ""
    given = {key.casefold(): value for key, value in fields}
    by = next((value for key, value in fields if key.casefold() == "by" or key.casefold().endswith(" by")), "")
    return StoryMeta(
        title=title or given.get("title", ""),
        author=given.get("author", "") or by,
        summary=summary_text,
        fields=tuple(fields),
    )


def normalized(text: str) -> str:
    """Words only, case-folded: how a repeated disclaimer is known."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


# ── lines of a header ────────────────────────────────────────────────────────────────

# `Key: value` with any key of one to three words, and a `by` (`Written for PetFly by:`), checked against a header's known keys
# by the opening): `Soundtrack: …`, `Fandom/Series: …`, `Reply To:`.
_KEYED = re.compile(
    r"^(?P<key>[A-Z][\w'’/&.\-]*(?:\s+[\w'’/&.\-]+){0,2}(?:\s+(?i:by|to|for))?)\s*(?::|\s[-–]\s)\s*(?P<value>.*)$"
)
# `Billy Russo x Reader`, `Harry/Draco`: a pairing written without its key.
_PAIRING = re.compile(r"^[A-Z][\w.'’\-]*(?:\s[A-Z][\w.'’\-]*){0,3}\s*(?:\sx\s|\sX\s|/|\s&\s)\s*[A-Z][\w.'’\-]*(?:\s[\w.'’\-]+){0,3}$")
# `CAUTION IS RECOMMENDED - Warnings: …`: a known key after a short lead-in.
_LEAD_IN_KEY = re.compile(rf"^[^:]{{1,40}}\s[-–]\s(?i:{HEADER_KEYS})\s*:\s*\S")
# `A Gull Reach AU Story by Wren Hale`, `A Lamp Room story`: a credit line.
_CREDIT = re.compile(
    r"^(?:An?|The)\s.{1,60}?\b(?i:story|fic|fanfic|fanfiction|one-?shot|drabble|songfic|parody|crossover|ficlet)"
    r"(?:\s+(?i:by)\s+\S.{0,50})?$"
)
# A one-line export of the metadata (FicHub, FanFicFare): several known keys on one line.
_EXPORT_KEY = re.compile(
    r"(?:^|(?<=\s))(?P<key>Story|Category|Genre|Author|Last\s+updated|Words|Rating|Status|Content|Summary|Published"
    r"|Updated|Chapters|Language|Characters|Pairings?|Fandom|Reviews|Favs|Follows|Complete|Source):\s"
)


_LONGEST_VALUE = 60  # words


def keyed(line: str) -> tuple[str, str] | None:
    """`Key: value` (or `Key - value`) with a short key: (the key as typed with its colon
    or dash, the value), or None."""
    match = _KEYED.match(line)
    if match is None or len(match["key"]) > 30 or len(match["value"].split()) > _LONGEST_VALUE:
        return None  # a value of a hundred words is a paragraph that starts with a colon
    return line[: match.start("value")].strip(), match["value"]


def known_key(line: str) -> bool:
    return _KNOWN_KEY.match(line) is not None


_KNOWN_KEY = re.compile(rf"^(?i:{HEADER_KEYS})(?:\s*:|\s+[-–—]\s)")


_COPYRIGHT = re.compile(
    r"^(?:(?i:copyright)|©|\((?i:c)\))\s*(?:©\s*)?(?:[A-Z][\w.\-]*\s+){0,3}\d{4}\b"
    r"|^(?i:circa|written|posted|finished|completed|dated?)\s+(?:[\w.,\-]+\s+){0,3}\d{4}$"
)
# `Rated PG -13`, `Rated M for language`: a rating without its key's colon.
_RATED = re.compile(r"^(?i:rated)\s+(?:[A-Z]{1,3}(?:\s?[-+]?\s?\d{2})?\+?|[A-Z][a-z]+)(?:\s.{0,40})?$")
# `Flashfyre5 presents,`, `A Flaming Amarant production,`: the credits before a title.
_PRESENTS = re.compile(r"^\S.{0,50}\s(?i:presents)[,:.!]?$|^An?\s.{1,50}\s(?i:production)[,.]?$|^In\s+association\s+with\s.{1,60}$")
# `[Previously Published in …]`, `(Posted to the Net: 05-31-03)`: a bracketed line about the story.
_BRACKETED_META = re.compile(
    r"^[\[(](?:(?i:previously|originally|first)\s+(?i:published|posted|appeared)\b.*|[A-Z][\w\s]{1,30}:\s*\S.*)[\])]$"
)


def field_like(line: str) -> bool:
    """A line that gives metadata without a key of its own: a pairing, a key after a
    lead-in, a copyright or date line, a rating, a bracketed note of where the story was
    published, the credits before a title."""
    return bool(
        _PAIRING.match(line) or _LEAD_IN_KEY.match(line) or _COPYRIGHT.match(line) or _BRACKETED_META.match(line)
        or _RATED.match(line) or _PRESENTS.match(line)
    )


def header_line(line: str) -> bool:
    """A line that only a header has: a byline, a credit, a field with or without its key."""
    return byline(line) is not None or field_like(line) or keyed(line) is not None


def header_stack(lines: tuple[str, ...]) -> bool:
    """Short lines stacked as on a title page (`All I Need` / `By Mary Lou Manzie` /
    `circa September 1997`), not a hard-wrapped paragraph: each line one item."""
    if not 2 <= len(lines) <= 8 or any(len(line) > 70 for line in lines):
        return False
    if len(lines) == 2 and (credit_line(lines) or (byline(lines[1]) is not None and not header_line(lines[0]))):
        return False  # a credit over its byline, a title over its byline: a pair the opening knows
    if sum(1 for line in lines if line.rstrip()[-1:] in ".!?") > 1:
        return False  # sentences: prose, or a poem
    return any(header_line(line) for line in lines[1:])


def credit_line(lines: tuple[str, ...]) -> bool:
    """`A … story by Someone` (on one line, or over two with the `by` line under it); an
    `A Sentinel/Stargate SG-1 Crossover` with no author in it stands where a title does."""
    if len(lines) == 1:
        return bool(_CREDIT.match(lines[0])) and len(lines[0]) <= 90 and re.search(r"(?i)\sby\s", lines[0]) is not None
    return len(lines) == 2 and bool(_CREDIT.match(lines[0])) and bool(_BYLINE.match(lines[1]))


def byline(line: str) -> tuple[str, str] | None:
    """`by Someone`, `written by Someone`: (the words before the name, the name), or None."""
    match = _BYLINE.match(line)
    if match is None or len(line) > 70:
        return None
    return line[: match.start("name")].strip(), match["name"]


def credit(lines: tuple[str, ...]) -> tuple[str, str]:
    """A credit line's (words before the author's name, the name): `A … Story by` and
    `Wren Hale`; over two lines, the first line and the `by` are the words before."""
    text = " ".join(lines)
    match = re.search(r"(?i)\sby\s+(?=\S)", text)
    if match is None:
        return text, ""
    return text[: match.end()].strip(), text[match.end() :].strip()


def export_fields(line: str) -> list[tuple[str, str]]:
    """The (key, value) pairs of a one-line export (three known keys at least), else []."""
    keys = list(_EXPORT_KEY.finditer(line))
    if len(keys) < 3 or keys[0].start() > 0:
        return []
    pairs = []
    for match, following in zip(keys, [*keys[1:], None]):
        end = following.start() if following is not None else len(line)
        pairs.append((match["key"], line[match.end() : end].strip()))
    return pairs


def same_title(line: str, title: str) -> bool:
    """Whether a line repeats the title (`"Strange Days I: XScout"` for `Strange Days I:
    Low Tide`, `Salt, Rope, Lamp` for `Salt, Rope, Lamp - posted May 2, 2011`)."""
    words, known = title_words(line), title_words(title)
    if not words or not known:
        return False
    # (String tests, not patterns made of the line: a pattern per line would fill re's cache.)
    stripped, whole = line.strip(), title.rstrip()
    if whole.endswith(stripped) and len(whole) > len(stripped) + 2 and _SITE_DASH.search(whole[: len(whole) - len(stripped)]):
        return True  # a page titled "Site - Story" over the story's own title
    if words == known or (len(words) >= 8 and known.startswith(words + " ")):
        return True
    head = line.strip(" \"'“”*~").casefold()
    rest = title.strip().casefold()
    return known.startswith(words + " ") and rest.startswith(head) and _TITLE_GOES_ON.match(rest[len(head):]) is not None


_SITE_DASH = re.compile(r"\s[-–—|:]\s$")
_TITLE_GOES_ON = re.compile(r"\s*(?:[-–(:\[]|$)")


def title_like(para: Paragraph) -> bool:
    """One short line with no sentence end: how a title stands at the top of a story (`With
    Love` too: a letter's closing only where a letter is)."""
    if len(para.lines) != 1 or para.kind not in (LineKind.PROSE, LineKind.NAME_LINE, LineKind.VALEDICTION):
        return False
    line = para.lines[0]
    quoted = re.fullmatch(r"[\"“][^\"“”]{2,70}[\"”]", line) is not None  # “Changing course”
    if len(line) > 80 or len(line.split()) > 12 or (line[0] in "\"'“‘(" and not quoted):
        return False
    if _SENTENCES.search(line) or _EMOTICON.search(line):
        return False  # two sentences, or a smile: someone talking
    return not (line[-1] in ".,;:" or line.endswith("--"))


_SENTENCES = re.compile(r"[a-z][.!?]\s+[A-Z\^:;]")
_EMOTICON = re.compile(r"(?:^|\s)(?:[:;]-?[)(DPp3\]]|\^_*\^|xD)(?:\s|$)")


_PART_SUFFIX = re.compile(r"^\s*[-–—:(]?\s*(?i:season|part|chapter|book|volume|vol\.)\s+\w{1,6}\)?\s*$")


def parts_index(line: str, title: str) -> bool:
    """`THE LAMP ROOM – SEASON 2` under that story: the site's index of its parts."""
    title = re.sub(r"\s+by\s+[A-Z]\S*(?:\s+\S+){0,3}$", "", title)  # a page's "Title by Author"
    words = title_words(title)
    if not words or not title_words(line).startswith(words + " "):
        return False
    # The line's text after as many words as the title has.
    rest = line
    for _ in words.split():
        rest = re.sub(r"^\W*[^\W_]+", "", rest, count=1)
    return bool(_PART_SUFFIX.match(rest))


_DISCLAIMS = re.compile(
    r"\b(?i:i|we)\s+(?:do\s+not|don['’]?t|dont|did\s+not|didn['’]?t)\s+own\b|\b(?i:own\s+nothing|not\s+mine)\b"
    r"|\b(?:do|does)(?:\s+not|n['’]?t)\s+own\b|\b(?i:(?:not|no)\s+(?:making|make|made)\s+(?:any\s+)?(?:money|profit))"
    r"|\b(?i:no\s+(?:money|profit)\s+(?:is|was|will\s+be)\s+(?:being\s+)?made)|\b(?i:no\s+copyright\s+infringement)"
    r"|\b(?i:(?:have|has)\s+no\s+(?:connection|affiliation)\s+(?:to|with))"
)


def disclaims(text: str) -> bool:
    """A short paragraph that says the author does not own what they write about."""
    return len(text.split()) <= 60 and bool(_DISCLAIMS.search(text))


_BARE_KEY = re.compile(r"^[A-Z][\w'’ ]{1,30}:$")


def is_bare_key(line: str) -> bool:
    return bool(_BARE_KEY.match(line))


def meta_table(lines: tuple[str, ...]) -> bool:
    """A page's table of a work's metadata saved with its values gone or on lines of their
    own (AO3's `Rating:` / `Archive Warning:` / … / `Hits:` / `1,477`): half its lines
    bare keys, four lines at least."""
    return len(lines) >= 4 and sum(1 for line in lines if _BARE_KEY.match(line)) * 2 >= len(lines)
