"""Read stage: story file bytes → SourceText (encoding detected, line ends unified).

Fan fiction arrives as UTF-8 (with or without a byte-order mark) or as the Windows-1252
that older Windows editors and archives wrote, with CRLF, LF or even lone CR line ends.
The file is only ever opened for reading.
"""

from __future__ import annotations

import codecs
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

# Single-byte encodings we accept a detector's guess for; everything in the Latin
# family is read as Windows-1252, which is what those files almost always are.
_LATIN_FAMILY = {"cp1252", "windows-1252", "latin_1", "iso8859_1", "iso8859_15", "ascii", "cp1250", "mac_roman"}


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
    if b"\x00" in raw:
        raise SourceError("is a binary file, not text", path=display, hint="give a .txt file")
    encoding = "cp1252"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is not None and best.encoding not in _LATIN_FAMILY:
            encoding = best.encoding
    except ImportError:  # pragma: no cover - charset-normalizer is a dependency
        pass
    try:
        return raw.decode(encoding), encoding
    except UnicodeDecodeError:
        # Windows-1252 leaves five bytes undefined; Latin-1 maps every byte.
        return raw.decode("latin-1"), "latin-1"


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


def read_source(path: Path, display: str | None = None) -> SourceText:
    """Read one story file (opened read-only) and decode it."""
    display = display or str(path)
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
    return decode_source(raw, path, display)
