"""Structure rules: one source line → what it marks (a label, a heading, a break, …).

Each rule is a row in RULES: a kebab-case name, the kind of line it recognises, a
pattern, the reason it exists, lines it must take and lines it must leave alone (the
tests run both). Order matters only where patterns overlap: the first match wins, so
end markers come before start markers ("End Flashback" contains "Flashback").
Anything no rule takes is prose: when unsure, a line stays the author's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Callable


class LineKind(StrEnum):
    SUMMARY = "summary"  # label; the rest of the paragraph is the summary
    DISCLAIMER = "disclaimer"  # label; the rest is the disclaimer
    AUTHOR_NOTE = "author-note"  # label; the rest is the note
    CHAPTER = "chapter"  # a heading line of its own
    SCENE_BREAK = "scene-break"  # an ornament line of its own
    FLASHBACK_START = "flashback-start"
    FLASHBACK_END = "flashback-end"
    TIME_SKIP = "time-skip"  # a lone "2 months ago": opens a flashback if an end marker follows
    PROSE = "prose"


# Kinds that begin a paragraph with a label and keep the rest of it as text.
LABEL_KINDS = frozenset({LineKind.SUMMARY, LineKind.DISCLAIMER, LineKind.AUTHOR_NOTE})
# Kinds that are always a line of their own, even without blank lines around them.
LINE_KINDS = frozenset(
    {LineKind.CHAPTER, LineKind.SCENE_BREAK, LineKind.FLASHBACK_START, LineKind.FLASHBACK_END}
)


@dataclass(frozen=True)
class LineRule:
    name: str
    kind: LineKind
    pattern: re.Pattern[str]
    reason: str
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...] = ()
    # An extra test on the match, for what a regular expression says badly.
    check: Callable[[re.Match[str]], bool] | None = None


@dataclass(frozen=True)
class LineMatch:
    kind: LineKind
    rule: str
    marker: str  # the consumed part: a label ("AN:") or the whole marker line
    rest: str  # a label's text, or a heading's or marker's title part


_APOS = "['’´`‘]"
_NUMBER_WORDS = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s]?(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|hundred"
)
_CHAPTER_NUMBER = rf"(?:\d+|[ivxlcdm]+\b|(?:{_NUMBER_WORDS})\b)"
# Decoration authors put around marker lines: *Flashback*, ~End~, -flashback-, /End of Flashback/
_DECOR = r"[\s*~\-_/=+#\[\](){}<>.:|•·]*"

# Ornament characters a scene-break line may be made of.
_ORNAMENT = set("*~#=+_-–—•·§◊❦⁂|<>^°/\\")
_LETTER_ORNAMENT = set("xXoO0")


def _chapter_title_ok(match: re.Match[str]) -> bool:
    """Guard against prose that merely starts with "Chapter one was …"."""
    title = (match.group("title") or "").strip()
    if not title:
        return True
    if not match.group("sep") and not (title[0].isupper() or title[0].isdigit() or title[0] in "\"'“‘("):
        return False
    words = title.split()
    if len(words) > 12 or title[-1] in ",;":
        return False
    return not (title.endswith(".") and not title.endswith("..") and len(words) >= 4)


def _is_ornament_line(line: str) -> bool:
    chars = line.replace(" ", "")
    if not chars:
        return False
    if chars in {"*", "#", "§", "~", "⁂", "❦", "◊"}:
        return True
    if len(chars) < 3:
        return False
    if all(c in _ORNAMENT for c in chars):
        return True
    if not all(c in _ORNAMENT or c in _LETTER_ORNAMENT for c in chars):
        return False
    # Letters as ornament only when they cannot be a word: xXx, oOo, o0o, -x-x-
    # ("xxx" alone is often kisses under a note, "ooo" a sound).
    letters = [c for c in chars if c in _LETTER_ORNAMENT]
    mixed_case = any(c.islower() for c in letters) and any(c.isupper() for c in letters)
    return mixed_case or "0" in chars or len(letters) < len(chars)


_ORNAMENT_PATTERN = re.compile(r"^(?P<line>.+)$")


def _ornament(match: re.Match[str]) -> bool:
    return _is_ornament_line(match.group("line"))


RULES: tuple[LineRule, ...] = (
    LineRule(
        "flashback-end-marker",
        LineKind.FLASHBACK_END,
        re.compile(
            rf"^{_DECOR}(?i:end(?:ing)?(?:\s+of)?(?:\s+the)?\s+flash\s*-?\s*backs?|flash\s*-?\s*back\s+(?:ends?|ended|over))"
            rf"{_DECOR}[!]*$"
        ),
        "Authors close a flashback with a line of its own; it only delimits and is consumed.",
        ("/End of Flashback/", "*End Flashback*", "END FLASHBACK", "~End of flashback~", "-flashback end-"),
        ("The end of the flashback was the worst part.", "End"),
    ),
    LineRule(
        "flashback-start-marker",
        LineKind.FLASHBACK_START,
        re.compile(
            rf"^{_DECOR}(?i:(?:begin(?:ning)?|start)\s+(?:of\s+)?(?:the\s+)?)?(?i:flash\s*-?\s*back)"
            rf"(?:\s*[:\-–—]\s*(?P<title>[^*~/\]\)>]{{1,60}}?))?{_DECOR}$"
        ),
        "A line saying only 'Flashback' (however decorated) opens a flashback and is consumed.",
        ("*Flashback*", "~Flashback~", "FLASHBACK:", "-flashback-", "Begin Flashback", "Flashback: 1998"),
        ("Flashbacks haunted him every night.", "The flashback ended."),
    ),
    LineRule(
        "scene-break-ornament",
        LineKind.SCENE_BREAK,
        _ORNAMENT_PATTERN,
        "A line made only of symbols (or of letters used as ornament) is a scene break.",
        ("***", "* * *", "~*~", "~*~*~", "xXxXx", "oOoOo", "-o0o-", "-----", "_____", "~~~", "#", "-x-x-"),
        ("xxx", "ooo", "...", "--", "OK", "Hmm"),
        check=_ornament,
    ),
    LineRule(
        "scene-break-word",
        LineKind.SCENE_BREAK,
        re.compile(r"^[\[(\-~*<]*\s*(?i:(?:line|scene|page)\s*-?\s*break|break)\s*[\])\-~*>]*$"),
        "Some archives stripped ornaments, so authors wrote the break out: [break], Line break.",
        ("Line break", "[break]", "-break-", "~Scene Break~"),
        ("Break", "Break it up!"),
        check=lambda m: m.group(0).strip().lower() != "break",
    ),
    LineRule(
        "chapter-heading",
        LineKind.CHAPTER,
        re.compile(
            rf"^(?P<head>(?i:chapter|chap\.|ch\.)\s*(?i:number\s+)?(?i:{_CHAPTER_NUMBER}))"
            r"(?P<sep>\s*[:.\-–—]+\s*|\s+)?(?P<title>.*)$"
        ),
        "Chapter headings open a chapter: its own section and table-of-contents entry.",
        ("Chapter 4: Clearing The Air", "Chapter One: Title", "CHAPTER 2 - Title", "Ch. 3", "Chapter IV", "chapter 12"),
        ("Chapter one was the worst part of the whole book.", "Chapter two was boring, she thought."),
        check=_chapter_title_ok,
    ),
    LineRule(
        "named-part-heading",
        LineKind.CHAPTER,
        re.compile(
            r"^(?P<head>(?i:prologue|epilogue|interlude|omake|side\s+story|bonus\s+chapter))"
            r"(?:(?P<sep>\s*[:.\-–—]+\s*)(?P<title>.*))?$"
        ),
        "Prologues, epilogues and interludes are chapters with a name instead of a number.",
        ("Prologue", "Epilogue: Ten Years On", "INTERLUDE"),
        ("Prologues are overrated.", "Epilogue was what she called it"),
        check=lambda m: m.group("title") is None or _chapter_title_ok(m),
    ),
    LineRule(
        "part-heading",
        LineKind.CHAPTER,
        re.compile(
            rf"^(?P<head>(?i:part|book)\s+(?i:{_CHAPTER_NUMBER}))(?:(?P<sep>\s*[:.\-–—]+\s*)(?P<title>.*))?$"
        ),
        "Long stories are split into parts or books: headings like chapters.",
        ("Part II", "Part One: The Road", "BOOK 3"),
        ("Part of me wanted to stay.", "Book it, Danno"),
        check=lambda m: m.group("title") is None or _chapter_title_ok(m),
    ),
    LineRule(
        "author-note-label",
        LineKind.AUTHOR_NOTE,
        re.compile(
            r"^(?P<label>[(\[]?\s*(?:(?i:a\s*/\s*n)|AN|A\.\s?N\.?|N/A)(?:\s*[:\-–—]+|(?<=\.)(?=\s)|\s*$)"
            rf"|[(\[]?\s*(?i:authors?{_APOS}?s?\s+notes?|author{_APOS}s\s+notes?)(?:\s*[:\-–—]+|\s*$))\s*(?P<rest>.*)$"
        ),
        "Author's notes start with a label; the note becomes its own section and the label is consumed.",
        ("AN: I'm so sorry.", "A/N: Thanks!", "A.N. Long time.", "Author´s Note: First story.", "Author's Notes - hi",
         "Authors Note: x", "(A/N: this is canon)", "AN"),
        ("An hour later, she left.", "Anna: hello", "Authors note that the fic is old."),
    ),
    LineRule(
        "summary-label",
        LineKind.SUMMARY,
        re.compile(r"^(?P<label>[(\[]?\s*(?i:summary)(?:\s*[:\-–—]+|\s*$))\s*(?P<rest>.*)$"),
        "Archives put the story's summary in a 'Summary:' header line.",
        ("Summary: A fight between Max and Alec.", "SUMMARY - short", "Summary"),
        ("Summary judgement was swift.",),
    ),
    LineRule(
        "disclaimer-label",
        LineKind.DISCLAIMER,
        re.compile(
            r"^(?P<label>[(\[]?\s*(?:(?i:disclaim(?:er|or)s?|disclamer)(?:\s*[:\-–—]+|\s*$)|DISCLAIMER(?=\s)))\s*(?P<rest>.*)$"
        ),
        "Fan fiction opens with a disclaimer of ownership, often misspelt; it is front matter.",
        ("Disclaimer: I don't own it.", "Disclamer: Not mine.", "DISCLAIMER I own nothing", "Disclaimer - nope"),
        ("Disclaimers are silly, she thought.",),
    ),
    LineRule(
        "time-skip-earlier",
        LineKind.TIME_SKIP,
        re.compile(
            rf"^{_DECOR}(?i:(?:about\s+|almost\s+|nearly\s+|over\s+|some\s+)?"
            rf"(?:\d+|a|an|{_NUMBER_WORDS}|a\s+few|few|several|many)\s+"
            r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centuries|lifetimes?)\s+"
            r"(?:ago|earlier|before|previously|prior)"
            r"|(?:the\s+)?(?:day|night|week|month|year)\s+before"
            r"|(?:last|the\s+previous)\s+(?:night|week|month|year|summer|winter|spring|fall|autumn))"
            rf"[\s.…:]*{_DECOR}$"
        ),
        "A lone line like '2 months ago' turns back time: with an end marker after it, it opens a flashback.",
        ("2 months ago", "Three years earlier", "Six years earlier...", "A few days before", "Last summer"),
        ("2 months ago, she had left.", "Three years later"),
    ),
)

RULE_NAMES = tuple(rule.name for rule in RULES)

# Headings and ornaments are short; a longer line can only be a labelled paragraph or prose.
_MAX_MARKER_LENGTH = 120


def classify_line(line: str) -> LineMatch:
    """What one stripped, non-empty source line marks; PROSE when no rule takes it."""
    short = len(line) <= _MAX_MARKER_LENGTH
    for rule in RULES:
        if not short and rule.kind not in LABEL_KINDS:
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
    if rule.kind is LineKind.CHAPTER:
        # The whole heading is the author's text: nothing is consumed.
        return LineMatch(rule.kind, rule.name, "", line)
    if rule.kind is LineKind.TIME_SKIP:
        return LineMatch(rule.kind, rule.name, "", line)
    if groups.get("title"):
        start, end = match.span("title")
        return LineMatch(rule.kind, rule.name, (line[:start] + line[end:]).strip(), groups["title"].strip())
    return LineMatch(rule.kind, rule.name, line, "")
