"""Line rules: the table of what one source line can mark (a label, a heading, a break, …).

Each rule is a row in RULES: a kebab-case name, the kind of line it recognises, a
pattern, the reason it exists, lines it must take and lines it must leave alone (the
tests run both). Order matters only where patterns overlap: the first match wins, so
end markers come before start markers ("End Flashback" contains "Flashback").
Anything no rule takes is prose: when unsure, a line stays the author's text.
"""

from __future__ import annotations

import re

from compiler.detect.kinds import LineKind, LineRule

_APOS = "['’´`‘]"
# "Thornmere, " before a time line: where the scene is.
_PLACE = r"(?:[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3},\s+)?"
_TIME_UNITS = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centuries|lifetimes?"
    r"|winters?|summers?|springs?|autumns?|seasons?|moons?|generations?)"
)
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


def _is_ornament_line(line: str) -> bool:
    chars = line.replace(" ", "")
    if not chars:
        return False
    if chars in {"*", "#", "§", "~", "⁂", "❦", "◊", "==", "~~", "**", "##", "++", "__", "••", "§§"}:
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
        "note-end-marker",
        LineKind.NOTE_END,
        re.compile(
            rf"^{_DECOR}(?i:end\s+(?:of\s+)?(?:the\s+)?(?:a\s*/\s*n|an|a\.n\.?|author{_APOS}?s?\s+notes?|notes?)|/\s*a\s*/?\s*n|a\s*/\s*n\s+end)"
            rf"{_DECOR}$"
        ),
        "A note of several paragraphs may be closed by 'End A/N'; the line only delimits and is consumed.",
        ("End A/N", "/AN", "End of Author's Note", "~end a/n~", "*End Note*"),
        ("End of story.", "And"),
    ),
    LineRule(
        "scene-break-ornament",
        LineKind.SCENE_BREAK,
        _ORNAMENT_PATTERN,
        "A line made only of symbols (or of letters used as ornament) is a scene break.",
        ("***", "* * *", "~*~", "~*~*~", "xXxXx", "oOoOo", "-o0o-", "-----", "_____", "~~~", "#", "-x-x-", "==", "§"),
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
            rf"^[~*=#\-_\[<]{{0,3}}\s*(?P<head>(?i:chapter|chap\.|ch\.)\s*(?i:number\s+)?(?i:{_CHAPTER_NUMBER}))"
            r"(?P<sep>\s*[:.\-–—~]+\s*|\s+)?(?P<title>.*?)\s*[~*=#\-_\]>]{0,3}$"
        ),
        "Chapter headings open a chapter: its own section and table-of-contents entry.",
        ("Chapter 4: Clearing The Air", "Chapter One: Title", "CHAPTER 2 - Title", "Ch. 3", "Chapter IV", "chapter 12",
         "~Chapter 6~", "Chapter 7 ~ Orbit", "*Chapter 3*"),
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
        "numbered-heading",
        LineKind.NUMBERED_HEADING,
        re.compile(r"^(?P<head>\d{1,3})\.\s+(?P<title>[A-Z\"'“‘][^.!?;]{0,60}?[^.,;:\s])$"),
        "'4. The Title' alone on its line heads a chapter, as archives number chapters.",
        ("4. The Long Night", "12. Homecoming", "1. What She Said"),
        ("1. Buy milk.", "2. the eggs", "1998. A bad year."),
        check=lambda m: len(m.group("title").split()) <= 8,
    ),
    LineRule(
        "author-note-label",
        LineKind.AUTHOR_NOTE,
        re.compile(
            r"^(?P<label>[(\[]?\s*(?:(?i:a\s*/\s*n)|AN|A\.\s?N\.?|N/A)(?:\s*[:\-–—]+|(?<=\.)(?=\s)|\s*$)"
            rf"|[(\[]?\s*(?i:authors?{_APOS}?s?\s+notes?|author{_APOS}s\s+notes?|notes?\s+from\s+the\s+author)(?:\s*[:\-–—]+|\s*$)"
            r"|[(\[]?\s*(?i:notes?)\s*:)\s*(?P<rest>.*)$"
        ),
        "Author's notes start with a label; the note becomes its own section and the label is consumed.",
        ("AN: I'm so sorry.", "A/N: Thanks!", "A.N. Long time.", "Author´s Note: First story.", "Author's Notes - hi",
         "Authors Note: x", "(A/N: this is canon)", "AN", "Author`s Note: hi", "Note: I know.", "Notes: two"),
        ("An hour later, she left.", "Anna: hello", "Authors note that the fic is old.", "Note to self: buy milk."),
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
            r"^(?P<label>[(\[]?\s*(?:(?P<word>[A-Za-z]{7,13})(?:\s*[:;\-–—~]+|\s*$)|DISCLAIMER(?=\s)))\s*(?P<rest>.*)$"
        ),
        "Fan fiction opens with a disclaimer of ownership, often misspelt (Disclamer, Disclamier, "
        "Diclaimer); it is front matter.",
        ("Disclaimer: I don't own it.", "Disclamer: Not mine.", "DISCLAIMER I own nothing", "Disclaimer - nope",
         "Disclamier: JKR's.", "Diclaimer: not mine", "Disclaimer; I do not own it.", "DISCLAIMER ~ nope"),
        ("Disclaimers are silly, she thought.", "Discipline: none", "Declaration: war"),
        check=lambda m: m.group("word") is None or _like_disclaimer(m.group("word")),
    ),
    LineRule(
        "disclaimer-sentence",
        LineKind.DISCLAIMER_TEXT,
        re.compile(
            r"^[(\[]?(?:(?:Also|And|Oh|Obviously|Sadly|Alas),?\s+)?(?:I\s+(?:do\s+not|don['’]?t|dont)\s+own\b"
            r"|I\s+own\s+nothing\b|(?:None\s+of\s+(?:this|these|the\s+characters)|Nothing)\b.{0,60}\bbelongs?\s+to\b"
            r"|(?:Not|None of it is)\s+mine\b)"
        ),
        "An unlabelled 'I don't own …' at the start of a story or chapter is its disclaimer.",
        ("I own nothing. Thornwood belongs to Rowan Pell.", "I don't own Naruto.", "Sadly, I do not own them."),
        ("I owned a cat once.", "She didn't own a coat."),
        prefix=True,
    ),
    LineRule(
        "header-field",
        LineKind.FIELD,
        re.compile(
            r"^(?P<label>(?i:title|author|authors|written\s+by|rating|rated|pairings?|relationships?|ships?"
            r"|characters?|spoilers?|warnings?|archive\s+warnings?|word\s*count|words|length|fandoms?"
            r"|beta(?:\s*read(?:er|\s+by))?|betas|genres?|categor(?:y|ies)|status|series|timeline|prompt"
            r"|dedication|feedback|type)\s*:)\s*(?P<rest>.*)$"
        ),
        "LiveJournal-era headers give the story's metadata as 'Key: value' lines at the top.",
        ("Title: The Long Road", "Rating: T", "Pairing: Max/Alec", "Word count: 2,400", "Spoilers: season 2",
         "Warnings: none", "Fandom: Gull Reach"),
        ('"Title: Lady of the Manor," he read aloud.', "Titles mattered to him."),
    ),
    LineRule(
        "end-line",
        LineKind.END_LINE,
        re.compile(
            rf"^{_DECOR}(?i:(?:tbc|t\.b\.c\.?|to\s+be\s+continued)(?:\s+(?:in|next|on)\b[^.!?]{{0,40}})?|the\s+end|fin|finis"
            rf"|end\s+of\s+(?:chapter|part|story|book)(?:\s+[\w]+)?|the\s+end\?|end)[\s.!?…~*\-]*{_DECOR}$"
        ),
        "A story or chapter closes with 'TBC' or 'The End': kept, and set as a closing line.",
        ("TBC", "To be continued...", "The End", "Fin", "~fin~", "End of Chapter 3", "T.B.C.", "To Be Continued in Book III"),
        ("The end of the road was near.", "Finally."),
    ),
    LineRule(
        "recap-label",
        LineKind.RECAP,
        re.compile(
            r"^(?i:previously(?:\s+on\b[^:]{0,60})?|last\s+time(?:\s+on\b[^:]{0,60})?|recap|last\s+chapter)"
            r"\s*(?::|…|\.\.\.|\.(?=\s|$)|$)"
        ),
        "Serials open a chapter with 'Previously on…': a recap, set apart from the new text.",
        ("Previously on Gull Reach:", "Last time:", "Previously...", "Recap: Wren found the key."),
        ("Previously, she had been happy.", "Last time, we lost."),
        prefix=True,
    ),
    LineRule(
        "time-skip-earlier",
        LineKind.TIME_SKIP,
        re.compile(
            rf"^{_DECOR}{_PLACE}(?i:(?:about\s+|almost\s+|nearly\s+|over\s+|some\s+)?"
            rf"(?:\d+|a|an|{_NUMBER_WORDS}|a\s+few|few|several|many)\s+"
            rf"{_TIME_UNITS}\s+"
            r"(?:ago|earlier|before|previously|prior)"
            r"|(?:the\s+)?(?:day|night|week|month|year)\s+before"
            r"|(?:last|the\s+previous)\s+(?:night|week|month|year|summer|winter|spring|fall|autumn))"
            rf"[\s.…:]*{_DECOR}$"
        ),
        "A lone line like '2 months ago' turns back time: with an end marker after it, it opens a flashback.",
        ("2 months ago", "Three years earlier", "Six years earlier...", "A few days before", "Last summer",
         "Thornmere, nine winters ago"),
        ("2 months ago, she had left.", "Three years later"),
    ),
    LineRule(
        "present-day",
        LineKind.PRESENT_DAY,
        re.compile(
            rf"^{_DECOR}(?i:present\s+day|back\s+(?:to|in)\s+(?:the\s+)?present(?:\s+day)?|present\s+time|the\s+present)"
            rf"[\s.…:!]*{_DECOR}$"
        ),
        "'Present day' alone brings a flashback back to now; it stays as the heading of what follows.",
        ("Present day", "~Present Day~", "Back to the present", "PRESENT TIME"),
        ('"Present day," he said, "is all we have."', "The present day was grey."),
    ),
    LineRule(
        "time-skip-later",
        LineKind.SCENE_HEADING,
        re.compile(
            rf"^{_DECOR}{_PLACE}(?i:(?:about\s+|almost\s+|nearly\s+|some\s+)?(?:\d+|a|an|{_NUMBER_WORDS}|a\s+few|few|several|many)\s+"
            rf"{_TIME_UNITS}\s+"
            r"(?:later|after(?:wards)?|on|from\s+now)"
            r"|(?:the\s+)?(?:next|following)\s+(?:morning|day|night|evening|afternoon|week|month|year)"
            r"|later(?:\s+that\s+(?:day|night|morning|evening|afternoon))?|meanwhile"
            r"|(?:that|the\s+same)\s+(?:night|evening|morning|afternoon))"
            rf"[\s.…:!]*{_DECOR}$"
        ),
        "A lone 'Three years later' or 'The next morning' heads a new scene (CONVENTIONS: time-skip headers).",
        ("Three years later", "Ten years later...", "The next morning", "Later that night", "Meanwhile"),
        ("Three years later, she still remembered.",),
    ),
    LineRule(
        "place-and-date",
        LineKind.SCENE_HEADING,
        re.compile(
            r"^[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,4},\s+(?:(?:\d{1,2}\s+)?[A-Z][a-z]+\s+(?:\d{1,2},?\s+)?)?\d{4}$"
        ),
        "A lone 'Hogwarts, 1996' heads a scene with where and when it happens.",
        ("Hogwarts, 1996", "Hollowmere, 2009", "New York City, March 2003", "London, 12 May 1998"),
        ("In 1996, she left.", "Sarah, 1996 was a good year."),
    ),
    LineRule(
        "day-and-time",
        LineKind.SCENE_HEADING,
        re.compile(
            r"^(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?"
            r"|Midnight|Noon|Dawn|Dusk|Sunrise|Sunset)"
            r"(?:,\s+(?:(?:half|quarter)\s+(?:past|to)\s+\w+|\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?|AM|PM)?|\w+\s+o['’]clock|\w+(?:\s+\w+){0,3}))?$"
        ),
        "A lone 'Thursday, half past four' or 'Midnight' heads a scene with its time.",
        ("Thursday, half past four", "Monday morning", "Midnight", "Saturday, 9:30 p.m."),
        ("Thursday was a long day.", "Monday, she said, was fine."),
    ),
    LineRule(
        "pov-marker",
        LineKind.SCENE_HEADING,
        re.compile(
            rf"^{_DECOR}(?:[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){{0,2}}(?:['’´`]s)?\s+)?"
            r"(?i:pov|p\.\s?o\.\s?v\.?|point\s+of\s+view)"
            rf"(?:\s*[:\-–—]\s*[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){{0,2}})?{_DECOR}$"
        ),
        "Stories that switch narrators mark it with 'Harry's POV': a scene heading.",
        ("Harry's POV", "~Hermione POV~", "Draco POV", "Ginny's P.O.V.", "POV: Ron", "-Maren's POV-"),
        ("From her point of view it was fine.", "POV"),
        check=lambda m: m.group(0).strip(" ~*-=_#[]().:|•·<>/").lower() not in {"pov", "p.o.v"},
    ),
    LineRule(
        "letter-salutation",
        LineKind.SALUTATION,
        re.compile(
            r"^(?:(?i:dear(?:est)?|my\s+dear(?:est)?|to\s+my\s+dear(?:est)?)\s+[A-Z][\w'’\-.]*(?:\s+[A-Z][\w'’\-.]*){0,3}"
            r"|(?i:to\s+whom\s+it\s+may\s+concern)|To\s+(?:whoever|whomever|the\s+one|anyone)\b[^.!?]{0,50}(?=,$))\s*[,:!]?$"
        ),
        "'Dear Maren,' alone on a line opens a letter, when a closing ('Love,') follows.",
        ("Dear Maren,", "Dearest Tobias,", "My dear Mrs Ashgrove,", "To whom it may concern:",
         "To whoever keeps the crossing after me,"),
        ("Dear God, not again.", "Dear me."),
    ),
    LineRule(
        "letter-valediction",
        LineKind.VALEDICTION,
        re.compile(
            r"^(?i:(?:all\s+(?:my\s+)?|with\s+(?:all\s+(?:my\s+)?)?|lots\s+of\s+|much\s+)?love|yours(?:\s+(?:truly|sincerely|always|ever|faithfully))?"
            r"|(?:very\s+)?sincerely(?:\s+yours)?|(?:best|kind|warm|warmest|fond)\s+(?:wishes|regards)|best|regards|cheers"
            r"|always(?:\s+yours)?|forever(?:\s+yours)?|your\s+(?:friend|loving\s+\w+|\w+)|take\s+care|xoxo|hugs)"
            r"(?:\s*,\s*(?P<name>[A-Z][\w'’\-.]*(?:\s+[A-Z][\w'’\-.]*){0,2}))?\s*[,.!]?$"
            r"|^(?i:yours|love|with\s+love|sincerely|best|regards|warmly|fondly|respectfully|affectionately|faithfully"
            r"|cordially|always|ever)\b[^.!?,]{0,30},$"
        ),
        "'Love,' or 'Yours, Gran' closes a letter; the signature follows it.",
        ("Love,", "Yours truly,", "Love, Gran", "Sincerely,", "All my love,", "Your friend,", "Yours in some irritation,"),
        ("Love is strange.",),
    ),
    LineRule(
        "solicitation",
        LineKind.SOLICITATION,
        re.compile(
            r"^[(\[*~\s]*(?i:(?:please\s+)*(?:r\s*&\s*r|r\s+and\s+r|read\s*(?:&|and)\s*review)|(?:please\s+)*review(?:s)?(?:\s+please)?(?=\s*[!.?~*]*\s*$|\s*[!.?~,]+\s)"
            r"|(?:please\s+)+review\b"
            r"|please\s+(?:leave\s+)?(?:a\s+)?(?:review|comment|kudos)|leave\s+(?:a\s+)?(?:review|comment|kudos)"
            r"|reviews?\s+(?:=|are|make|feed)|thanks?\s+(?:you\s+)?(?:so\s+much\s+|again\s+|all\s+)?for\s+(?:reading|all\s+the|the\s+reviews|reviewing)"
            r"|(?:[a-z]+\s+)?thanks\s+(?:to|go(?:es)?\s+to|for\s+(?:reading|all|the|your|every))|(?:a\s+)?(?:[a-z]+\s+)?thank\s+you\s+(?:to|for|so|all)"
            r"|kudos\s+(?:and|&)\s+comments|comments?\s+(?:and|&)\s+kudos|let\s+me\s+know\s+what\s+you\s+think"
            r"|tell\s+me\s+what\s+you\s+think|un-?beta(?:'d|ed)|not\s+beta(?:'d|ed))"
        ),
        "Review requests and thanks after a story are the author talking: an end note, even without a label.",
        ("Please review!", "R&R!", "Thanks to my beta, Marisol.", "Reviews make me write faster!",
         "Thanks for reading!", "Let me know what you think!", "please please review, it makes my week",
         "Massive thanks to lanternjaw for the beta."),
        ("Thanks, she said.", "Review the evidence, Watson."),
        prefix=True,
    ),
    LineRule(
        "name-line",
        LineKind.NAME_LINE,
        re.compile(
            r"^(?:[~\-*=_+•]{1,5}\s*[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,2}\s*[~\-*=_+•]{1,5}"
            r"|[A-Z][a-z'’\-]+(?:\s+[A-Z][a-z'’\-]+){0,2})$"
        ),
        "A lone name right after a scene break ('-Luna-', 'Harry') says whose eyes the scene is through.",
        ("-Luna-", "~Draco~", "Harry", "Maren Holloway"),
        ("Harry ran.", "okay"),
    ),
)

RULE_NAMES = tuple(rule.name for rule in RULES)
