"""Repairs: text as decoded → the text the author meant: double encoding undone, and the
characters no reader should see (invisible ones, controls XML cannot carry) marked for
removal."""

from __future__ import annotations

import re

# Characters XML 1.0 forbids: an EPUB containing one is malformed and rejected.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
# Invisible characters that break words apart for search and hyphenation.
INVISIBLE = re.compile("[\u200b\u00ad\ufeff]")


# The signature of text encoded twice: a UTF-8 lead byte read as Windows-1252 (Â…ï)
# followed by a continuation byte read the same way; or a C1 control character.
_SUSPECT = re.compile(
    "[\u00c2-\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|[\u0080-\u009f]"
)


def repair_mojibake(text: str) -> tuple[str, int]:
    """Undo double encoding with ftfy, touching nothing else (quotes, widths, ligatures and
    line breaks are left to the typography rules or kept as typed); returns how many
    lines it changed."""
    if not _SUSPECT.search(text):
        return text, 0  # no trace of double encoding: spare ftfy the whole text (and its import, 70 ms)
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    lines = text.split("\n")
    changed = 0
    for index, line in enumerate(lines):
        if _SUSPECT.search(line):
            fixed = ftfy.fix_text(line, config)
            if fixed != line:
                lines[index] = fixed
                changed += 1
    return "\n".join(lines), changed
