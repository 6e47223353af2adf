"""Scene rules: the line rules for what heads, closes or runs through a scene: end lines
(TBC), recaps, time lines (`2 months ago`, `Present day`, `Three years later`), place
and date lines, POV markers, letters' openings and closings, review requests, a name
heading a scene. They follow the table's other rules in order (line_rules.py).
"""

from __future__ import annotations

import re

from compiler.detect.kinds import LineKind, LineRule
from compiler.detect.patterns import DECOR, MONTHS, NUMBER_WORDS, PLACE, SEASONS, TIME_UNITS

# A name: Harry, Jean-Luc, O’Neill, McCoy (each part matched one way only: no backtracking).
_NAME = r"(?:Mc|Mac|O['’]|D['’])?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"

SCENE_RULES: tuple[LineRule, ...] = (
    LineRule(
        "end-line",
        LineKind.END_LINE,
        re.compile(
            rf"^{DECOR}(?i:(?:tbc|t\.b\.c\.?|to\s+be\s+continued)(?:\s+(?:in|next|on)\b[^.!?]{{0,40}})?|the\s+end|fin|finis"
            rf"|end\s+of\s+(?:chapter|part|story|book)(?:\s+[\w]+)?|the\s+end\?|end)[\s.!?…~*\-]*{DECOR}$"
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
            rf"^{DECOR}{PLACE}(?i:(?:about\s+|almost\s+|nearly\s+|over\s+|some\s+)?"
            rf"(?:\d+|a|an|{NUMBER_WORDS}|a\s+few|few|several|many)\s+"
            rf"{TIME_UNITS}\s+"
            r"(?:ago|earlier|before|previously|prior)"
            r"|(?:the\s+)?(?:day|night|week|month|year)\s+before"
            r"|(?:last|the\s+previous)\s+(?:night|week|month|year|summer|winter|spring|fall|autumn))"
            rf"[\s.…:]*(?:(?<=[.…:])\s*(?:{MONTHS}|{SEASONS})(?:\s+\d{{1,4}})?[\s.…]*)?{DECOR}$"
        ),
        "A lone line like '2 months ago' turns back time: with an end marker after it, it opens a flashback.",
        ("2 months ago", "Three years earlier", "Six years earlier...", "A few days before", "Last summer",
         "Thornmere, nine winters ago", "Six months ago... December"),
        ("2 months ago, she had left.", "Three years later"),
    ),
    LineRule(
        "present-day",
        LineKind.PRESENT_DAY,
        re.compile(
            rf"^{DECOR}(?i:present\s+day|back\s+(?:to|in)\s+(?:the\s+)?present(?:\s+day)?|present\s+time|the\s+present)"
            rf"[\s.…:!]*{DECOR}$"
        ),
        "'Present day' alone brings a flashback back to now; it stays as the heading of what follows.",
        ("Present day", "~Present Day~", "Back to the present", "PRESENT TIME"),
        ('"Present day," he said, "is all we have."', "The present day was grey."),
    ),
    LineRule(
        "time-skip-later",
        LineKind.SCENE_HEADING,
        re.compile(
            rf"^{DECOR}{PLACE}(?i:(?:about\s+|almost\s+|nearly\s+|some\s+)?(?:\d+|a|an|{NUMBER_WORDS}|a\s+few|few|several|many)\s+"
            rf"{TIME_UNITS}\s+"
            r"(?:later|after(?:wards)?|on|from\s+now)"
            r"|(?:the\s+)?(?:next|following)\s+(?:morning|day|night|evening|afternoon|week|month|year)"
            r"|later(?:\s+that\s+(?:day|night|morning|evening|afternoon))?|meanwhile"
            r"|(?:that|the\s+same)\s+(?:night|evening|morning|afternoon))"
            rf"[\s.…:!]*{DECOR}$"
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
        "date-line",
        LineKind.SCENE_HEADING,
        re.compile(
            r"^(?:(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
            rf"(?:(?:\d{{1,2}}(?i:st|nd|rd|th)?\s+{MONTHS}\.?|{MONTHS}\.?\s+\d{{1,2}}(?i:st|nd|rd|th)?),?\s+\d{{4}}"
            rf"|{MONTHS}\s+\d{{4}}|\d{{1,2}}\s+{MONTHS}\s+\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})$"
        ),
        "A lone date ('June 9th 1994', 'DECEMBER 29, 2004') says when the scene after it happens.",
        ("June 9th 1994", "January 13, 1990", "DECEMBER 29, 2004", "4 Nov 2002", "Monday, June 3rd, 1996", "May 2003",
         "25 JUN 02"),
        ("May I come in?", "June was late.", "On June 9th 1994 he left."),
    ),
    LineRule(
        "clock-time",
        LineKind.SCENE_HEADING,
        re.compile(r"^(?:\d{4}\s*(?i:hrs|hours|h)|\d{1,2}[:.]\d{2}\s*(?i:[ap]\.?m\.?|hrs)?|\d{1,2}\s*(?i:[ap]\.?m\.?))$"),
        "A lone clock time ('0800 hrs', '6:07am') heads the scene it starts, as a screenplay's slug does.",
        ("0800 hrs", "6:07am", "11:45 PM", "9 p.m."),
        ("1998", "0800"),
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
            rf"^{DECOR}(?:[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){{0,2}}(?:['’´`]s)?\s+|[A-Z]{{1,2}}(?=POV\b))?"
            r"(?i:pov|p\.\s?o\.\s?v\.?|point\s+of\s+view|\((?:1st|2nd|3rd|first|second|third)\s+person(?:\s+pov)?\))"
            rf"(?:\s*[:\-–—]\s*[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){{0,2}})?{DECOR}$"
        ),
        "Stories that switch narrators mark it with 'Harry's POV': a scene heading.",
        ("Harry's POV", "~Hermione POV~", "Draco POV", "Ginny's P.O.V.", "POV: Ron", "-Maren's POV-",
         "Romilda Vane (3rd Person)", "Text-Sakura's POV", "BPOV", "EPOV"),
        ("From her point of view it was fine.", "POV"),
        check=lambda m: m.group(0).strip(" ~*-=_#[]().:|•·<>/").lower() not in {"pov", "p.o.v"},
    ),
    LineRule(
        "framed-heading",
        LineKind.SCENE_HEADING,
        re.compile(r"^(?P<frame>~{2,}|={2,}|\*{2,}|-{2,}|#{2,})\s*[A-Z][^~=*#]{2,80}?\s*(?P=frame)$"),
        "A line of words framed by ornament ('~~~ Meanwhile, across the harbour ~~~') heads a scene.",
        ("~~~ Meanwhile, across the harbour ~~~", "== Later, at the lighthouse =="),
        ("~~~", "~~ yes ~"),
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
            rf"|{_NAME}(?:\s+{_NAME}){{0,2}})$"
        ),
        "A lone name right after a scene break ('-Luna-', 'Harry') says whose eyes the scene is through.",
        ("-Luna-", "~Draco~", "Harry", "Maren Holloway", "Jack O’Neill", "Leonard McCoy"),
        ("Harry ran.", "okay"),
    ),
)
