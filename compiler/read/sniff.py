"""Sniffing: what a story file is, from its first bytes, whatever its name says.

A PNG or a ZIP renamed to `.txt` is not a story, and neither is an e-book, a Word
document or a program: each is named for what it looks like, with what to do instead, so
the reader is not left with a book of gibberish (or a puzzling "binary file"). HTML is a
story, read as HTML (html.py) rather than as text.

Each kind is a row: its magic bytes (at an offset), what it is, and what to do.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

_SAVE_AS_TEXT = "save it as plain text (.txt) or HTML and give that file"
_A_STORY = "give the story's text as a .txt or .html file"


@dataclass(frozen=True)
class Kind:
    what: str  # "a PNG image"
    hint: str
    magic: tuple[bytes, ...]
    offset: int = 0
    # Magic that a text could begin with too ("BM", "MZ", "ID3"): only taken when the
    # bytes are not readable text as a whole.
    weak: bool = False


KINDS: tuple[Kind, ...] = (
    Kind("a PNG image", _A_STORY, (b"\x89PNG\r\n\x1a\n",)),
    Kind("a JPEG image", _A_STORY, (b"\xff\xd8\xff",)),
    Kind("a GIF image", _A_STORY, (b"GIF87a", b"GIF89a")),
    Kind("a TIFF image", _A_STORY, (b"II*\x00", b"MM\x00*")),
    Kind("a BMP image", _A_STORY, (b"BM",), weak=True),
    Kind("an icon image", _A_STORY, (b"\x00\x00\x01\x00",)),
    Kind("a PDF document", "copy its text into a .txt file (or export it as text from the PDF reader) and give that",
         (b"%PDF-",)),
    Kind("a PostScript document", "export its text as a .txt file and give that", (b"%!PS",)),
    Kind("an RTF document", "open it in a word processor and " + _SAVE_AS_TEXT, (b"{\\rtf",)),
    Kind("an old Word document (.doc) or other Office file", "open it in Word or LibreOffice and " + _SAVE_AS_TEXT,
         (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    Kind("a gzip archive", "unpack it and give the story's .txt or .html file", (b"\x1f\x8b",)),
    Kind("a bzip2 archive", "unpack it and give the story's .txt or .html file", (b"BZh",), weak=True),
    Kind("an xz archive", "unpack it and give the story's .txt or .html file", (b"\xfd7zXZ\x00",)),
    Kind("a zstd archive", "unpack it and give the story's .txt or .html file", (b"\x28\xb5\x2f\xfd",)),
    Kind("a 7-Zip archive", "unpack it and give the story's .txt or .html file", (b"7z\xbc\xaf\x27\x1c",)),
    Kind("a RAR archive", "unpack it and give the story's .txt or .html file", (b"Rar!\x1a\x07",)),
    Kind("a tar archive", "unpack it and give the story's .txt or .html file", (b"ustar",), offset=257),
    Kind("a MOBI/Kindle e-book", "convert it to text (Calibre: Convert books → TXT) and give that .txt file",
         (b"BOOKMOBI",), offset=60),
    Kind("a Palm e-book", "convert it to text (Calibre: Convert books → TXT) and give that .txt file",
         (b"TEXtREAd",), offset=60),
    Kind("a Microsoft Reader e-book (.lit)", "convert it to text (Calibre: Convert books → TXT) and give that .txt file",
         (b"ITOLITLS",)),
    Kind("an SQLite database", _A_STORY, (b"SQLite format 3\x00",)),
    Kind("a program (ELF)", _A_STORY, (b"\x7fELF",)),
    Kind("a program (Mach-O)", _A_STORY, (b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe")),
    Kind("a Windows program", _A_STORY, (b"MZ",), weak=True),
    Kind("a Java class file or universal program", _A_STORY, (b"\xca\xfe\xba\xbe",)),
    Kind("a WebAssembly program", _A_STORY, (b"\x00asm",)),
    Kind("an MP3 audio file", _A_STORY, (b"ID3",), weak=True),
    Kind("an MP3 audio file", _A_STORY, (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    Kind("an Ogg audio or video file", _A_STORY, (b"OggS",)),
    Kind("a FLAC audio file", _A_STORY, (b"fLaC",)),
    Kind("a Matroska/WebM video", _A_STORY, (b"\x1a\x45\xdf\xa3",)),
    Kind("an MP4/QuickTime audio or video file", _A_STORY, (b"ftyp",), offset=4),
    Kind("a font file", _A_STORY, (b"wOFF", b"wOF2", b"OTTO", b"\x00\x01\x00\x00\x00")),
)

# A page saved as one file of MIME parts (Chrome's and Edge's .mhtml, Internet Explorer's .mht).
_WEB_ARCHIVE = re.compile(rb"\A(?:From: <Saved by [^\r\n]*\r?\n)?(?:[\w-]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?"
                          rb"Content-Type:\s*multipart/related", re.IGNORECASE)

# A RIFF container says what it holds at byte 8.
_RIFF = {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}

# A ZIP file is many things: which one, by the names inside.
_ZIP_MIMETYPES = {
    b"application/epub+zip": ("an EPUB e-book", "give the story's own text (.txt or .html); to take the text out of "
                              "an EPUB, convert it with Calibre (Convert books → TXT)"),
    b"application/vnd.oasis.opendocument.text": ("an OpenDocument text (.odt)",
                                                 "open it in LibreOffice and " + _SAVE_AS_TEXT),
}
_ZIP_MEMBERS = (
    ("word/", "a Word document (.docx)", "open it in Word or LibreOffice and " + _SAVE_AS_TEXT),
    ("xl/", "an Excel workbook (.xlsx)", _A_STORY),
    ("ppt/", "a PowerPoint presentation (.pptx)", _A_STORY),
    ("META-INF/container.xml", "an EPUB e-book", "give the story's own text (.txt or .html); to take the text out "
     "of an EPUB, convert it with Calibre (Convert books → TXT)"),
)
_ZIP_HINT = "unpack it and give the story's .txt or .html file"


@dataclass(frozen=True)
class NotAStory:
    what: str
    hint: str


def not_a_story(raw: bytes) -> NotAStory | None:
    """What `raw` is when it is plainly not a story's text (an image, an archive, an
    e-book, a document, a program, a recording), from its first bytes; None otherwise."""
    head = raw[:512]
    if _WEB_ARCHIVE.match(raw[:2048]) or head.startswith(b"bplist00"):
        return NotAStory("a web archive (MHTML or Safari's)", "save the page again as \"Web Page, HTML only\" "
                         "(or \"Page Source\") and give that .html file")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _zip_kind(raw)
    if head.startswith(b"RIFF") and head[8:12] in _RIFF:
        return NotAStory(_RIFF[head[8:12]], _A_STORY)
    for kind in KINDS:
        if any(head[kind.offset:kind.offset + len(magic)] == magic for magic in kind.magic):
            if kind.weak and _reads_as_text(raw):
                continue
            return NotAStory(kind.what, kind.hint)
    return None


def _zip_kind(raw: bytes) -> NotAStory:
    """An EPUB, a Word or OpenDocument file, or a plain ZIP archive: by its `mimetype`
    member (stored first and uncompressed in EPUB and OpenDocument) or its members' names."""
    if raw[30:38] == b"mimetype":
        for mimetype, (what, hint) in _ZIP_MIMETYPES.items():
            if raw[38:38 + len(mimetype)] == mimetype:
                return NotAStory(what, hint)
    try:
        names = zipfile.ZipFile(io.BytesIO(raw)).namelist()  # the table of contents only: nothing is unpacked
    except (zipfile.BadZipFile, ValueError, OSError):
        names = [m.decode("latin-1") for m in re.findall(rb"PK\x03\x04.{26}([\x20-\x7e]{1,80})", raw[:65536], re.S)]
    for prefix, what, hint in _ZIP_MEMBERS:
        if any(name.startswith(prefix) for name in names):
            return NotAStory(what, hint)
    return NotAStory("a ZIP archive", _ZIP_HINT)


def _reads_as_text(raw: bytes) -> bool:
    """Bytes that read as text: UTF-8 with no NULs, or single-byte text with few controls."""
    sample = raw[:65536]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as error:
        if error.start > len(sample) - 4:
            return True  # a character cut at the sample's end
    controls = sum(1 for b in sample if b < 0x20 and b not in b"\t\n\r\x0c")
    return controls * 100 < len(sample)


# ── HTML ─────────────────────────────────────────────────────────────────────────────

_HTML_START = re.compile(
    r"\A(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta[\s>]|title[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".xht")
_BLOCK_TAG = re.compile(r"<(?:p|div|br|h[1-6]|hr|blockquote|table|span)[\s/>]", re.IGNORECASE)


def looks_like_html(text: str, name: str) -> bool:
    """An HTML document (it opens as one, whatever its name), or a file named .html that
    holds tags: read as HTML, not as text with tags in it."""
    head = text[:4096].lstrip("\ufeff")
    if _HTML_START.match(head):
        return True
    return name.lower().endswith(_HTML_SUFFIXES) and _BLOCK_TAG.search(text[:65536]) is not None
