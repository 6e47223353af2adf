"""Read stage: story file bytes → SourceText (encoding detected, line ends unified).

Fan fiction arrives as UTF-8 (with or without a byte-order mark) or as the Windows-1252
that older Windows editors and archives wrote, with CRLF, LF or even lone CR line ends.
The file is only ever opened for reading.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from compiler.errors import SourceError

# Characters XML 1.0 forbids: an EPUB containing one is malformed and rejected.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
# Invisible characters that break words apart for search and hyphenation.
_INVISIBLE = re.compile("[\u200b\u00ad\ufeff]")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# In Latin-script text, letters outside ASCII (é, ñ, ß) are a small share of all letters.
_MAX_NON_ASCII_LETTERS = 0.3


@dataclass(frozen=True)
class Repair:
    """One kind of change the read stage made to the text, and how often."""

    name: str
    count: int
    reason: str


@dataclass(frozen=True)
class SourceText:
    path: Path
    display: str  # how messages name the file
    text: str
    encoding: str
    repairs: tuple[Repair, ...] = ()


def _decode(raw: bytes, display: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise SourceError(
                    f"starts like {encoding} text but is not (byte {error.start})",
                    path=display,
                    hint="re-save the file as UTF-8",
                ) from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if raw.startswith(_MAGIC):
        raise SourceError("is a binary file, not text", path=display, hint="give a .txt file")
    utf16 = _bomless_utf16(raw)
    if utf16:
        try:
            return raw.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if _looks_binary(raw):
        raise SourceError("is a binary file, not text", path=display, hint="give a .txt file")
    return _decode_single_byte(raw)


_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x7fELF", b"MZ", b"\x1f\x8b", b"BM")


def _looks_binary(raw: bytes) -> bool:
    """An image, archive or program, or bytes full of NULs: not a story. A stray NUL in
    text (a paste gone wrong) does not make it binary: it is removed with other controls."""
    if raw.startswith(_MAGIC):
        return True
    nuls = raw.count(0)
    return nuls > 2 and nuls > len(raw) // 200


def _bomless_utf16(raw: bytes) -> str:
    """UTF-16 saved without a byte-order mark: every other byte is zero in Latin text."""
    if len(raw) < 4 or len(raw) % 2:
        return ""
    sample = raw[:4096]
    odd, even = sample[1::2], sample[0::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return ""


def _decode_single_byte(raw: bytes) -> tuple[str, str]:
    """Windows-1252 unless the text plainly is not in a Latin script.

    Detectors guess poorly on short English text (one ´ and one … look like anything), so
    Windows-1252 wins whenever it decodes and letters outside ASCII stay a minority, as
    they do in every language written in Latin letters. A Cyrillic or Greek single-byte
    file decodes as a soup of accented Latin letters, and goes to the detector.
    """
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text:
        letters = [c for c in text if c.isalpha()]
        foreign = sum(1 for c in letters if ord(c) > 0x7F)
        if not letters or foreign / len(letters) <= _MAX_NON_ASCII_LETTERS:
            return text, "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None:
        try:
            return raw.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    return raw.decode("latin-1"), "latin-1"  # maps every byte: nothing is lost


# The signature of text encoded twice: a UTF-8 lead byte read as Windows-1252 (Â…ï)
# followed by a continuation byte read the same way; or a C1 control character.
_SUSPECT = re.compile(
    "[\u00c2-\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|[\u0080-\u009f]"
)


def _repair_mojibake(text: str) -> tuple[str, int]:
    """Undo double encoding with ftfy, touching nothing else (quotes, widths, ligatures and
    line breaks are left to the typography rules or kept as typed); returns how many
    lines it changed."""
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
    if not _SUSPECT.search(text):
        return text, 0  # no trace of double encoding: spare ftfy the whole text
    lines = text.split("\n")
    changed = 0
    for index, line in enumerate(lines):
        if _SUSPECT.search(line):
            fixed = ftfy.fix_text(line, config)
            if fixed != line:
                lines[index] = fixed
                changed += 1
    return "\n".join(lines), changed


def decode_source(raw: bytes, path: Path, display: str | None = None) -> SourceText:
    """Turn a story file's bytes into clean text with LF line ends (pure)."""
    display = display or str(path)
    if not raw.strip():
        raise SourceError("is empty", path=display, hint="remove it from the manifest or add the story's text")
    text, encoding = _decode(raw, display)
    repairs: list[Repair] = []

    crlf = text.count("\r\n")
    lone_cr = text.count("\r") - crlf
    if crlf or lone_cr:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        repairs.append(Repair("line-ends", crlf + lone_cr, "CRLF and CR line ends unified to LF"))

    text, fixed = _repair_mojibake(text)
    if fixed:
        repairs.append(Repair("mojibake", fixed, "text encoded twice (didnâ€™t) decoded back (didn’t), by ftfy"))

    normalized = unicodedata.normalize("NFC", text)
    if normalized != text:
        repairs.append(Repair("unicode-nfc", 1, "composed characters (NFC) so é is one character"))
        text = normalized

    text, n = _INVISIBLE.subn("", text)
    if n:
        repairs.append(Repair("invisible-characters", n, "zero-width spaces, soft hyphens and stray BOMs removed"))
    text, n = _XML_INVALID.subn("", text)
    if n:
        repairs.append(Repair("control-characters", n, "control characters XML cannot carry removed"))

    if not text.strip():
        raise SourceError("has no text", path=display, hint="remove it from the manifest or add the story's text")
    return SourceText(path=path, display=display, text=text, encoding=encoding, repairs=tuple(repairs))


def max_story_bytes() -> int:
    """Stories larger than this are refused (a whole archive pasted into one file, or not text)."""
    return int(float(os.environ.get("FICBIND_MAX_STORY_MB", "64")) * 1024 * 1024)


def read_source(path: Path, display: str | None = None) -> SourceText:
    """Read one story file (opened read-only) and decode it."""
    display = display or str(path)
    return decode_source(read_raw(path, display), path, display)


def read_raw(path: Path, display: str) -> bytes:
    """One story file's bytes (opened read-only), refused when missing, unreadable or
    larger than a story can be."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    limit = max_story_bytes()
    if size > limit:
        raise SourceError(
            f"is {size / 1024 / 1024:.0f} MB, more than the {limit // 1024 // 1024} MB ficbind reads as one story",
            path=display,
            hint="split it into several stories (or set FICBIND_MAX_STORY_MB)",
        )
    try:
        with path.open("rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise SourceError("not found", path=display) from None
    except IsADirectoryError:
        raise SourceError("is a folder, not a story file", path=display) from None
    except PermissionError:
        raise SourceError("cannot be read (permission denied)", path=display) from None
    except OSError as error:
        raise SourceError(f"cannot be read: {error.strerror}", path=display) from None
    return raw
