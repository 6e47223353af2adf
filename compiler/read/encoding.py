"""Encodings: a story file's bytes → text, and the encoding it was written in.

Fan fiction arrives as UTF-8 (with or without a byte-order mark), UTF-16, or a
single-byte encoding that older editors and archives wrote (Windows-1252 mostly, Mac
Roman, Windows-1251 for Russian, Windows-1253 for Greek: single_byte.py reads which);
the manifest's `encoding:` decides when given. What is plainly not text (an image, an
archive, a program) is refused, named for what it is (sniff.py).
"""

from __future__ import annotations

import codecs

from compiler.errors import SourceError
from compiler.read.single_byte import guess_single_byte
from compiler.read.sniff import not_a_story

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(raw: bytes, display: str, encoding: str = "", language: str = "") -> tuple[str, str, bool]:
    """The text, the name of the encoding it was read in, and whether that is sure (a
    guess among single-byte encodings may not be); a SourceError for bytes that are not
    text. `encoding`: the manifest's word for it, which decides; `language`: the
    story's, which says what a single-byte text should read as."""
    kind = not_a_story(raw)
    if kind is not None:
        raise SourceError(f"is {kind.what}, not a story's text", path=display, hint=kind.hint)
    if encoding:
        try:
            return raw.decode(encoding), encoding, True
        except UnicodeDecodeError as error:
            raise SourceError(
                f"is not {encoding} text (byte {error.start} is 0x{raw[error.start]:02x})",
                path=display,
                hint="correct the story's `encoding:` in the manifest, or remove it to let ficbind guess",
            ) from None
    text, name = _decode(raw, display, language)
    return text, name.removesuffix("?"), not name.endswith("?")


def _decode(raw: bytes, display: str, language: str) -> tuple[str, str]:
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
    utf16 = _bomless_utf16(raw)
    if utf16:
        try:
            return raw.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if _looks_binary(raw):
        raise SourceError("is a binary file, not text", path=display, hint="give the story as a .txt or .html file")
    return _decode_single_byte(raw, language)


def _looks_binary(raw: bytes) -> bool:
    """Bytes full of NULs, of no kind sniff.py knows: not a story. A stray NUL in text (a
    paste gone wrong) does not make it binary: it is removed with other controls."""
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


def _decode_single_byte(raw: bytes, language: str) -> tuple[str, str]:
    """The most plausible single-byte reading (single_byte.py), Windows-1252 first among
    equals; the encoding's name ends in `?` when the guess is not sure."""
    guess = guess_single_byte(raw, language)
    if guess is None:
        return raw.decode("latin-1"), "latin-1?"  # maps every byte: nothing is lost
    return guess.text, guess.encoding if guess.sure else guess.encoding + "?"
