"""Patterns: the pieces of regular expression that several line rules share (an
apostrophe as typed, a place before a time line, numbers in words, months, the
decoration around a marker line)."""

from __future__ import annotations

APOS = "['’´`‘]"
# "Thornmere, " before a time line: where the scene is.
PLACE = r"(?:[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3},\s+)?"
TIME_UNITS = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centuries|lifetimes?"
    r"|winters?|summers?|springs?|autumns?|seasons?|moons?|generations?)"
)
NUMBER_WORDS = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s]?(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|hundred"
)
CHAPTER_NUMBER = rf"(?:\d+|[ivxlcdm]+\b|(?:{NUMBER_WORDS})\b)"
MONTHS = (
    r"(?i:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"
)
SEASONS = r"(?i:spring|summer|autumn|fall|winter)"
# Decoration authors put around marker lines: *Flashback*, ~End~, -flashback-, /End of Flashback/
DECOR = r"[\s*~\-_/=+#\[\](){}<>.:|•·⇥⇤→←»«]*"
