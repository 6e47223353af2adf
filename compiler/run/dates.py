"""The book's date, from what it is made of, never from file times.

Touching a story, copying a folder or checking it out again changes every modification
time and nothing in the book, so the date cannot come from them (it did: the same text
gave different bytes after `touch`). In order:

1. `SOURCE_DATE_EPOCH`, the reproducible-builds convention, when set;
2. the manifest's `date:`;
3. the newest date in the stories' own headers (`Updated: 2019-05-02`,
   `Published: May 2, 2019`), the text's own word on when it was written;
4. none: the book is undated (no publication date in its metadata; the EPUB's required
   modification stamp and its zip entries take the zip epoch, 1980-01-01), so the same
   text gives the same bytes on any machine, in any folder, on any day.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timezone

from compiler.model import Story

# Header keys whose values are the story's dates.
DATE_KEYS = frozenset({
    "updated", "last updated", "published", "posted", "completed", "date", "written", "posted on", "published on",
    "date posted", "date published", "last update", "updated on",
})
_MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december"),
), start=1) for name in names}
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b")
_MONTH_FIRST = re.compile(r"\b(?P<mon>[A-Za-z]{3,9})\.? (?P<d>\d{1,2})(?:st|nd|rd|th)?,? (?P<y>(?:19|20)\d\d)\b")
_DAY_FIRST = re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)? (?:of )?(?P<mon>[A-Za-z]{3,9})\.?,? (?P<y>(?:19|20)\d\d)\b")


def parse_date(text: str) -> datetime | None:
    """A calendar date written in a header (ISO, `May 2, 2019`, `2 May 2019`), at noon
    UTC; None when it holds none (numeric d/m/y is ambiguous and left alone)."""
    for pattern in (_ISO, _MONTH_FIRST, _DAY_FIRST):
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = int(parts["m"]) if "m" in parts else _MONTHS.get(parts["mon"].lower(), 0)
            try:
                return datetime(int(parts["y"]), month, int(parts["d"]), 12, tzinfo=timezone.utc)
            except ValueError:
                continue
    return None


def header_date(stories: list[Story] | tuple[Story, ...]) -> datetime | None:
    """The newest date in the stories' header fields, if any."""
    found = [
        date
        for story in stories
        for key, value in story.meta.fields
        if key.strip().casefold() in DATE_KEYS and (date := parse_date(value)) is not None
    ]
    return max(found) if found else None


def epoch_date() -> datetime | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit() and len(epoch) <= 12:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return None


def book_date(stories: list[Story] | tuple[Story, ...], manifest_date: date | None = None) -> datetime | None:
    """The book's date: SOURCE_DATE_EPOCH, else the manifest's, else the newest header
    date, else None (undated)."""
    if manifest_date is not None:
        manifest_noon = datetime(manifest_date.year, manifest_date.month, manifest_date.day, 12, tzinfo=timezone.utc)
    return epoch_date() or (manifest_noon if manifest_date is not None else None) or header_date(stories)
