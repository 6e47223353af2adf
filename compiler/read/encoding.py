"""Encodings: a story file's bytes → text, and the encoding it was written in.

Fan fiction arrives as UTF-8 (with or without a byte-order mark), UTF-16, or the
Windows-1252 that older Windows editors and archives wrote; what is plainly not text
(an image, an archive, a program) is refused.
"""

from __future__ import annotations

import codecs

from compiler.errors import SourceError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# In Latin-script text, letters outside ASCII (é, ñ, ß) are a small share of all letters.
_MAX_NON_ASCII_LETTERS = 0.3


def decode_bytes(raw: bytes, display: str) -> tuple[str, str]:
    """The text and the name of the encoding it was read in (a SourceError for bytes that
    are not text)."""
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
