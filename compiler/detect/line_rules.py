"""Line rules: the table of what one source line can mark (a label, a heading, a break, …).

The rules for markers, headings and labels are here; those for what heads or closes a
scene follow them (scene_rules.py). Each rule is a row: a kebab-case name, the kind of line it recognises, a
pattern, the reason it exists, lines it must take and lines it must leave alone (the
tests run both). Order matters only where patterns overlap: the first match wins, so
end markers come before start markers ("End Flashback" contains "Flashback").
Anything no rule takes is prose: when unsure, a line stays the author's text.
"""

from __future__ import annotations

import re
import unicodedata

from compiler.detect.keys import HEADER_KEYS
from compiler.detect.kinds import LineKind, LineRule
from compiler.detect.patterns import APOS, CHAPTER_NUMBER, DECOR, NUMBER_WORDS
from compiler.detect.scene_rules import SCENE_RULES

# Ornament characters a scene-break line may be made of.
_ORNAMENT = set("*~#=+_-–—•·§◊❦⁂|<>^°/\\")
_LETTER_ORNAMENT = set("xXoO0")


def _like_disclaimer(word: str) -> bool:
    """Disclaimer as typed in a hurry: Disclamer, Disclamier, Diclaimer, Disclaimor."""
    from difflib import SequenceMatcher

    word = word.lower().rstrip("s")
    return word.startswith("di") and SequenceMatcher(a=word, b="disclaimer").ratio() >= 0.8


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


def _symbol(c: str) -> bool:
    """A mark of no language: an ornament character, or any symbol (×, ₰, ♥, ✿)."""
    return c in _ORNAMENT or unicodedata.category(c) in ("Sm", "Sc", "So", "Sk")


def _is_ornament_line(line: str) -> bool:
    chars = "".join(line.split())
    if not chars:
        return False
    if chars in {"*", "#", "§", "~", "⁂", "❦", "◊", "==", "~~", "**", "##", "++", "__", "••", "§§"}:
        return True
    if len(chars) < 3:
        return False
    if all(_symbol(c) for c in chars):
        return True
    if not all(_symbol(c) or c in _LETTER_ORNAMENT for c in chars):
        return False
    # Letters as ornament only when they cannot be a word: xXx, oOo, o0o, -x-x-
    # ("xxx" alone is often kisses under a note, "ooo" a sound).
    letters = [c for c in chars if c in _LETTER_ORNAMENT]
    mixed_case = any(c.islower() for c in letters) and any(c.isupper() for c in letters)
    return mixed_case or "0" in chars or len(letters) < len(chars)


# A rule of one letter or digit typed over and over (XXXXXXXX, 8888888888), perhaps with a
# short tag in it (XXXX666XXXX); or ornament framing a short tag: ...~AIV~...
_REPEATED = re.compile(r"^(?P<c>[xX0-9])(?P=c){4,}(?:[0-9A-Z]{1,4}(?P=c){3,}){0,3}$")
_FRAMED_TAG = re.compile(
    r"^(?P<left>[*~#=+_\-–—•·.§<>^°/\\|xXoO]{2,})(?P<tag>[A-Z0-9]{1,5})(?P<right>[*~#=+_\-–—•·.§<>^°/\\|xXoO]{2,})$"
)


# A story's own break tag: its title's initials between ornaments (`~ SWtPF~`, `* AIV *`).
_INITIALS_TAG = re.compile(r"^[~*#=\-]{1,3}\s*(?P<tag>[A-Z0-9][A-Za-z0-9]{1,7})\s*[~*#=\-]{1,3}$")


def _is_rule_of_letters(line: str) -> bool:
    tag = _INITIALS_TAG.match(line)
    if tag and re.search(r"[a-z][A-Z]|^[A-Z0-9]{2,4}$", tag["tag"]):
        return True
    chars = line.replace(" ", "")
    if _REPEATED.match(chars):
        return True
    framed = _FRAMED_TAG.match(chars)
    # The frame on both sides made of the same marks: "...~" and "~..." (in any order).
    return bool(framed) and set(framed["left"]) == set(framed["right"]) and not set(framed["left"]) <= set("xXoO")


_ORNAMENT_PATTERN = re.compile(r"^(?P<line>.+)$")


def _ornament(match: re.Match[str]) -> bool:
    return _is_ornament_line(match.group("line")) or _is_rule_of_letters(match.group("line"))


RULES: tuple[LineRule, ...] = (
    LineRule(
        "flashback-end-marker",
        LineKind.FLASHBACK_END,
        re.compile(
            rf"^{DECOR}(?i:end(?:ing)?(?:\s+of)?(?:\s+the)?\s+flash\s*-?\s*backs?|flash\s*-?\s*back\s+(?:ends?|ended|over))"
            rf"{DECOR}[!]*$"
        ),
        "Authors close a flashback with a line of its own; it only delimits and is consumed.",
        ("/End of Flashback/", "*End Flashback*", "END FLASHBACK", "~End of flashback~", "-flashback end-"),
        ("The end of the flashback was the worst part.", "End"),
    ),
    LineRule(
        "flashback-start-marker",
        LineKind.FLASHBACK_START,
        re.compile(
            rf"^{DECOR}(?i:(?:begin(?:ning)?|start)\s+(?:of\s+)?(?:the\s+)?)?(?i:flash\s*-?\s*back)"
            rf"(?:\s*[:\-–—]\s*(?P<title>[^*~/\]\)>]{{1,60}}?))?{DECOR}$"
        ),
        "A line saying only 'Flashback' (however decorated) opens a flashback and is consumed.",
        ("*Flashback*", "~Flashback~", "FLASHBACK:", "-flashback-", "Begin Flashback", "Flashback: 1998"),
        ("Flashbacks haunted him every night.", "The flashback ended."),
    ),
    LineRule(
        "note-end-marker",
        LineKind.NOTE_END,
        re.compile(
            rf"^{DECOR}(?i:end\s+(?:of\s+)?(?:the\s+)?(?:a\s*/\s*n|an|a\.n\.?|author{APOS}?s?\s+notes?|notes?)|/\s*a\s*/?\s*n|a\s*/\s*n\s+end)"
            rf"{DECOR}$"
        ),
        "A note of several paragraphs may be closed by 'End A/N'; the line only delimits and is consumed.",
        ("End A/N", "/AN", "End of Author's Note", "~end a/n~", "*End Note*"),
        ("End of story.", "And"),
    ),
    LineRule(
        "scene-break-ornament",
        LineKind.SCENE_BREAK,
        _ORNAMENT_PATTERN,
        "A line made only of symbols, or of letters and digits used as ornament (a letter or "
        "digit typed over and over, a short tag framed by ornament), is a scene break.",
        ("***", "* * *", "~*~", "~*~*~", "xXxXx", "oOoOo", "-o0o-", "-----", "_____", "~~~", "#", "-x-x-", "==", "§",
         "XXXXXXXXXXXXXXXX", "XXXXXXXXX666XXXXXXXXXXX", "8888888888888", "...~AIV~...", "~*~666~*~", "~ SWtPF~", "××₰××",
         "♥♥♥", "✿✿✿", "\t\t*\t\t*\t\t*"),
        ("xxx", "ooo", "...", "--", "OK", "Hmm", "Hmmmmmmmm", "Nooooooo", "1000000", "XXL", "~Draco~", "xxxx"),
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
            rf"^[~*=#\-_\[<]{{0,3}}\s*(?P<head>(?i:chapter|chap\.|ch\.)\s*(?i:number\s+)?(?i:{CHAPTER_NUMBER})(?:-(?i:[ivx]+|\d+)\b)?"
            r"|(?i:chapter)(?=\s*:\s*\S))"
            r"(?P<sep>[*~_]*\s*[:.\-–—~]+\s*|,\s+(?=[A-Z])|\s+)?(?P<title>.*?)\s*[~*=#\-_\]>]{0,3}$"
        ),
        "Chapter headings open a chapter: its own section and table-of-contents entry.",
        ("Chapter 4: Clearing The Air", "Chapter One: Title", "CHAPTER 2 - Title", "Ch. 3", "Chapter IV", "chapter 12",
         "~Chapter 6~", "Chapter 7 ~ Orbit", "*Chapter 3*", "*Chapter 1*: Consequences", "Chapter 9-I",
         "Chapter: whatever number this is", "-Chapter Two: Reminiscence-", "Chapter 3 -- The Name.",
         "Chapter 3, In which the lamp goes out"),
        ("Chapter one was the worst part of the whole book.", "Chapter two was boring, she thought."),
        check=_chapter_title_ok,
    ),
    LineRule(
        "named-part-heading",
        LineKind.CHAPTER,
        re.compile(
            r"^[~*=#\-_\[<]{0,3}\s*(?P<head>(?i:prolog(?:ue)?|epilog(?:ue)?|preludes?|interlude|intermission|afterword|omake"
            r"|side\s+story|bonus\s+chapter|introduction|preface|foreword))"
            r"(?:(?P<sep>[*~_]*\s*[:.\-–—]+\s*)(?P<title>.*?))?\s*[~*=#\-_\]>]{0,3}$"
        ),
        "Prologues, epilogues and interludes are chapters with a name instead of a number.",
        ("Prologue", "Epilogue: Ten Years On", "INTERLUDE", "Prolog", "Prelude: What Once Was Mine", "~Epilogue~",
         "Introduction"),
        ("Prologues are overrated.", "Epilogue was what she called it"),
        check=lambda m: m.group("title") is None or _chapter_title_ok(m),
    ),
    LineRule(
        "part-heading",
        LineKind.CHAPTER,
        re.compile(
            rf"^[~*=#\-_\[<]{{0,6}}\s*(?P<head>(?i:part|book|volume|vol\.|chronicle|arc|season|episode|act)\s+(?i:{CHAPTER_NUMBER})"
            r"(?:\s*/\s*\d+)?)"
            r"(?:(?P<sep>[*~_]*\s*[:;.\-–—]+\s*)(?P<title>.*?))?\s*[~*=#\-_\]>]{0,6}$"
        ),
        "Long stories are split into parts or books: headings like chapters.",
        ("Part II", "Part One: The Road", "BOOK 3", "*Part 1*", "Part I: 1987", "Chronicle One", "Episode 23:", "Volume 2",
         "PART 01/16", "~~~~~ Act I ~~~~~", "Season 3; Episode 3"),
        ("Part of me wanted to stay.", "Book it, Danno", "Act one, she thought, was over."),
        check=lambda m: m.group("title") is None or _chapter_title_ok(m),
    ),
    LineRule(
        "numbered-heading",
        LineKind.NUMBERED_HEADING,
        re.compile(
            rf"^(?P<head>\d{{1,3}}(?:\s*[-–]\s*\d{{1,3}})?|(?i:{NUMBER_WORDS}|zero))\s*[.:]\s+"
            r"(?P<title>[A-Z\"'“‘][^!?;]{0,60}?[^.,;:\s])$|^(?P<bare>\d{1,3})\.$"
        ),
        "'4. The Title' alone on its line heads a chapter, as archives number chapters (Wattpad: '2- 28. Title'), "
        "or as authors do with a word ('Nine: Surprise') or a bare '1.' over a part.",
        ("4. The Long Night", "12. Homecoming", "1. What She Said", "2- 28. A Memory?", "15. Flashback, Flashforward",
         "4: Pikachu vs. Ash", "Nine: Surprise", "Zero: A Single Step", "1."),
        ("1. Buy milk.", "2. the eggs", "1998. A bad year.", "One: buy milk", "Two: Mr. Smith said no."),
        check=lambda m: m.group("bare") is not None or (
            len(m.group("title").split()) <= 10 and not re.search(r"[a-z]\.\s+[A-Z][a-z]+\s+[a-z]", m.group("title"))
        ),
    ),
    LineRule(
        "numbered-part-heading",
        LineKind.NUMBERED_HEADING,
        re.compile(r"^(?P<head>[A-Z][\w'’&,\- ]{2,60}?)\s+\(?(?P<number>\d{1,3}\s*(?:»|/|of)\s*\d{1,3})\)?$"),
        "A mailing-list post numbers its parts after the story's title: 'THE LAMP ROOM 2 » 3', 'Title (2/6)'.",
        ("THE LAMP ROOM 2 » 3", "Homecoming (2/6)", "The Long Road 3 of 10"),
        ("She counted to 3", "Page 1 of 3 of the report, she read."),
    ),
    LineRule(
        "titled-part-heading",
        LineKind.NUMBERED_HEADING,
        re.compile(
            rf"^(?P<title>[A-Z][^.!?:]{{2,60}}?),?\s+(?P<head>(?i:part|chapter|book)\s+(?i:{CHAPTER_NUMBER})(?:\s*/\s*\d+)?)"
            r"(?:\s*[:.\-–—]\s*(?P<rest>[A-Z][^.!?]{0,60}))?$"
        ),
        "A serial's part is headed with the story's title before its number: 'The Trouble with Lighthouses, Part 2: The Keeper'.",
        ("The Trouble with Lighthouses, Part 2: The Keeper", "Homecoming Part 2"),
        ("She read it in Part 1.", "The best of it was Part 2 of the book, she said.", "End of Chapter 3",
         "To Be Continued in Book III"),
        check=lambda m: re.match(r"(?i)(?:the\s+)?end\b|to\s+be\s+continued|tbc\b", m["title"]) is None,
    ),
    LineRule(
        "author-note-label",
        LineKind.AUTHOR_NOTE,
        re.compile(
            r"^(?P<label>[(\[]?\s*(?:(?i:a\s*/\s*ns?)|AN|A\.\s?N\.?|N/A)(?:\s*[:\-–—~]+|(?<=\.)(?=\s)|\s*$)"
            rf"|[(\[]?\s*(?:[A-Z][a-z]+\s+)?(?i:authors?{APOS}?s?\s*notes?|author{APOS}s\s+notes?|notes?\s+from\s+the\s+author)"
            r"(?:\s*[:\-–—~]+|\s*$)"
            rf"|[(\[]?\s*(?i:author{APOS}?s?\s+[A-Za-z]{{2,12}}|(?:side|quick|short|final|important|extra|little|end|story|chapter|general)\s+notes?"
            r"|comments?|notes?)\s*:|(?i:notes?)\s*$"
            r"|\*(?i:edit(?:ed)?)\*|(?i:edit(?:ed)?)\s*:)\s*(?P<rest>.*)$"
        ),
        "Author's notes start with a label; the note becomes its own section and the label is consumed.",
        ("AN: I'm so sorry.", "A/N: Thanks!", "A.N. Long time.", "Author´s Note: First story.", "Author's Notes - hi",
         "Authors Note: x", "(A/N: this is canon)", "AN", "Author`s Note: hi", "Note: I know.", "Notes: two",
         "Author's BLaH:", "Author'sNote: I'mback", "Side Note: thanks", "Comments: My first songfic.", "*EDIT* fixed",
         "EDIT: 2nd DEC 2012- typo", "Author Notes:", "A/Ns~ Well, this is my first", "Neurotic author's notes: yes",
         "Notes"),
        ("An hour later, she left.", "Anna: hello", "Authors note that the fic is old.", "Note to self: buy milk."),
    ),
    LineRule(
        "summary-label",
        LineKind.SUMMARY,
        re.compile(
            r"^(?P<label>[(\[]?\s*(?i:(?:full|short|brief|story|chapter)\s+)?(?i:summary|blurb|synopsis)(?:\s*[:\-–—~]+|\s*$))"
            r"\s*(?P<rest>.*)$"
        ),
        "Archives put the story's summary in a 'Summary:' header line.",
        ("Summary: A fight between Max and Alec.", "SUMMARY - short", "Summary", "Full Summary: Harry and Ginny are together.",
         "Summary~ As the battle nears", "Blurb: a story"),
        ("Summary judgement was swift.",),
    ),
    LineRule(
        "disclaimer-label",
        LineKind.DISCLAIMER,
        re.compile(
            r"^(?P<label>[(\[]?\s*(?:(?i:the\s+usual|usual|standard|obligatory|general)\s+|[A-Z][a-z]+\s*/\s*)?"
            r"(?:(?P<word>[A-Za-z]{7,13})(?:\s+(?i:thingy|thing|time|again|stuff|part|and\s+information|and\s+notes))?"
            r"(?:\s*[:;\-–—~]+|\s*$)"
            r"|DISCLAIMER(?=\s)))\s*(?P<rest>.*)$"
        ),
        "Fan fiction opens with a disclaimer of ownership, often misspelt (Disclamer, Disclamier, "
        "Diclaimer); it is front matter.",
        ("Disclaimer: I don't own it.", "Disclamer: Not mine.", "DISCLAIMER I own nothing", "Disclaimer - nope",
         "Disclamier: JKR's.", "Diclaimer: not mine", "Disclaimer; I do not own it.", "DISCLAIMER ~ nope",
         "The usual disclaimer: not mine.", "DiSClaIMer: Gull Reach is owned by others.",
         "Standard Disclaimer Thingy: You know the drill.", "Caveat/Disclaimer: The characters", "Disclaimer and Information"),
        ("Disclaimers are silly, she thought.", "Discipline: none", "Declaration: war"),
        check=lambda m: m.group("word") is None or _like_disclaimer(m.group("word")),
    ),
    LineRule(
        "disclaimer-sentence",
        LineKind.DISCLAIMER_TEXT,
        re.compile(
            r"^[(\[]?(?:(?:Also|And|Oh|Obviously|Sadly|Alas),?\s+)?(?:I\s+(?:do\s+not|don['’]?t|dont)\s+own\b"
            r"|I\s+own\s+nothing\b|(?:None\s+of\s+(?:this|these|the\s+characters)|Nothing)\b.{0,60}\bbelongs?\s+to\b"
            r"|(?:Not|None of it is)\s+mine\b"
            r"|[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)?\s+(?:in\s+no\s+way\s+owns?|does\s+not\s+own|doesn['’]?t\s+own|owns\s+nothing)\b)"
        ),
        "An unlabelled 'I don't own …' at the start of a story or chapter is its disclaimer.",
        ("I own nothing. Thornwood belongs to Rowan Pell.", "I don't own Naruto.", "Sadly, I do not own them.",
         "Karianna in no way owns sailor moon.", "Rowan doesn't own the characters."),
        ("I owned a cat once.", "She didn't own a coat."),
        prefix=True,
    ),
    LineRule(
        "header-field",
        LineKind.FIELD,
        re.compile(
            rf"^(?P<label>(?i:{HEADER_KEYS})(?:\s*:|(?=\s+[-–—]\s)\s+[-–—]))\s*(?P<rest>.*)$"
        ),
        "Headers give the story's metadata as 'Key: value' (or 'Key - value') lines: LiveJournal's Title "
        "and Rating, a mailing list's From and Subject, an archive's Email and Website (keys.py lists them).",
        ("Title: The Long Road", "Rating: T", "Pairing: Max/Alec", "Word count: 2,400", "Spoilers: season 2",
         "Warnings: none", "Fandom: Gull Reach", "Email: me@example.com", "Website: Surely!", "Title - Waltz",
         "Coupling - Nothing yet", "Genre' - Comedy", "X-Over: BtVS & MIB", "Written Using: a prompt", "From:",
         "Fandom/Series: Rurouni Kenshin", "Dedicated to: my sister", "Reply To:"),
        ('"Title: Lady of the Manor," he read aloud.', "Titles mattered to him.", "Date night was a disaster.",
         "From the window she saw him."),
    ),
    *SCENE_RULES,
)

RULE_NAMES = tuple(rule.name for rule in RULES)
