"""Source: a story file's bytes → SourceText, clean text with LF line ends and a list
of the repairs made on the way (line ends, double encoding, NFC, invisible characters)."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from compiler.errors import SourceError
from compiler.read.encoding import decode_bytes
from compiler.read.files import read_raw
from compiler.read.html import LeftOut
from compiler.read.sniff import looks_like_html
from compiler.read.repair import INVISIBLE, XML_INVALID, repair_mojibake


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
    encoding_sure: bool = True  # False: a guess among single-byte encodings, on little text
    # An HTML story: what the page was ("AO3 download"), and what of it is not the story
    # (navigation, reviews, scripts), left out of `text`; "" for a text file.
    form: str = ""
    left_out: tuple[LeftOut, ...] = ()


def decode_source(
    raw: bytes, path: Path, display: str | None = None, encoding: str = "", language: str = ""
) -> SourceText:
    """Turn a story file's bytes into clean text with LF line ends (pure); `encoding` is
    the manifest's word for the file's, `language` the story's (a hint for the guess)."""
    display = display or str(path)
    encoding_given = bool(encoding)
    if not raw.strip():
        raise SourceError("is empty", path=display, hint="remove it from the manifest or add the story's text")
    text, encoding, sure = decode_bytes(raw, display, encoding, language)
    repairs: list[Repair] = []
    form, left_out = "", ()
    if looks_like_html(text, path.name):
        declared = "" if encoding_given or encoding.startswith("utf") else declared_charset(raw)
        if declared and declared != encoding:
            try:
                text, encoding, sure = raw.decode(declared), declared, True
            except (UnicodeDecodeError, LookupError):
                pass
        from compiler.read.archives import read_html  # lxml only for the stories that need it

        story = read_html(text)
        text, form, left_out = story.text, story.form, story.left_out
        repairs.append(Repair("html", 1, f"read as HTML ({form}): the markup taken out, the text kept"))

    crlf = text.count("\r\n")
    lone_cr = text.count("\r") - crlf
    if crlf or lone_cr:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        repairs.append(Repair("line-ends", crlf + lone_cr, "CRLF and CR line ends unified to LF"))

    text, fixed = repair_mojibake(text)
    if fixed:
        repairs.append(Repair("mojibake", fixed, "text encoded twice (didnâ€™t) decoded back (didn’t), by ftfy"))

    normalized = unicodedata.normalize("NFC", text)
    if normalized != text:
        repairs.append(Repair("unicode-nfc", 1, "composed characters (NFC) so é is one character"))
        text = normalized

    text, n = INVISIBLE.subn("", text)
    if n:
        repairs.append(Repair("invisible-characters", n, "zero-width spaces, soft hyphens and stray BOMs removed"))
    text, n = XML_INVALID.subn("", text)
    if n:
        repairs.append(Repair("control-characters", n, "control characters XML cannot carry removed"))

    if not text.strip():
        if form:
            raise SourceError(f"is HTML ({form}) with no story text in it", path=display,
                              hint="save the page with its story showing, or copy the story's text into a .txt file")
        raise SourceError("has no text", path=display, hint="remove it from the manifest or add the story's text")
    return SourceText(path=path, display=display, text=text, encoding=encoding, repairs=tuple(repairs),
                      encoding_sure=sure, form=form, left_out=left_out)


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(raw: bytes) -> str:
    """The encoding an HTML page declares in its `<meta charset>` (its first 4 KB), as
    Python names it; "" when none, or one Python does not know."""
    match = _CHARSET.search(raw[:4096])
    if not match:
        return ""
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return ""
    return "cp1252" if name in ("iso8859-1", "latin-1", "ascii") else name  # as browsers read them


def read_source(path: Path, display: str | None = None, encoding: str = "", language: str = "") -> SourceText:
    """Read one story file (opened read-only) and decode it."""
    display = display or str(path)
    return decode_source(read_raw(path, display), path, display, encoding, language)
