"""A user stylesheet (`style: my.css`), resolved once into a bundle: its text and every
file it pulls in, each read under the fetch policy, so that the outputs load nothing
else and a manifest from a stranger cannot reach outside its folder.

The policy: a user stylesheet may load (by `@import`, `url()`, `src()` or `image-set()`)
only files under the manifest's folder — other stylesheets (`.css`), fonts (`.woff2`,
`.woff`, `.otf`, `.ttf`) and images (`.png`, `.jpg`, `.gif`, `.webp`) whose content is
what their name says — and `data:` URLs, which hold their content and load nothing (but
not as an `@import`). Never the network (http:, https:, ftp:, `//host/…`, any other
scheme), never a file outside the folder (absolute paths, `../` escapes, symlinks that
point out), never a hidden file, a device, a FIFO or a socket, never more than a set
size. Anything else stops the build with a one-line ManifestError naming the
stylesheet, the line and the URL. `url(#id)` (a reference into the document) is left
alone; `@namespace` names a URL but loads nothing.

Each sheet is decoded (UTF-8, else its `@charset`, else Windows-1252, else Latin-1) and
written out twice: for the EPUB, its URLs relative to where the files go in the package
(`styles/user.css`, the rest under `styles/user/`); for the PDF, its URLs the files'
own file: URLs, served from the bundle by write/fetch.py (a worker elsewhere needs no
access to them). A sheet is imported once, where it is first imported: an import
cycle, or a second import of the same sheet, is dropped.
"""

from __future__ import annotations

import codecs
import copy
import hashlib
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from compiler.errors import ManifestError
from compiler.load.confined import MiB, Refused, inside, read_inside

SHEET_CAP = 2 * MiB
FILE_CAP = 32 * MiB
TOTAL_CAP = 64 * MiB
MAX_FILES = 64
MAX_DEPTH = 8

# What a stylesheet may load besides other stylesheets: media type, and how such a file starts.
_SFNT = (b"\x00\x01\x00\x00", b"true", b"OTTO", b"ttcf")
MEDIA: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".woff2": ("font/woff2", (b"wOF2",)),
    ".woff": ("font/woff", (b"wOFF",)),
    ".otf": ("font/otf", _SFNT),
    ".ttf": ("font/ttf", _SFNT),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".webp": ("image/webp", (b"RIFF",)),
}
_NETWORK = {"http", "https", "ftp", "ftps", "ws", "wss", "sftp", "smb", "gopher"}
_IMAGE_FUNCTIONS = {"image-set", "-webkit-image-set", "image", "cross-fade", "-webkit-cross-fade"}
_HINT = "a stylesheet may load only fonts, images and stylesheets under the manifest's folder, by relative URL"


@dataclass(frozen=True)
class StyleFile:
    path: Path  # where it was read (the real path)
    name: str  # its name in the EPUB, under styles/
    media_type: str
    data: bytes  # as the EPUB packages it (a sheet: UTF-8, its URLs relative to its name)
    pdf: bytes  # as the PDF loads it (a sheet: UTF-8, its URLs file: URLs of the bundle's files)
    digest: str  # SHA-256 of the bytes read


@dataclass(frozen=True)
class StyleBundle:
    files: tuple[StyleFile, ...]  # the user's stylesheet first

    @property
    def sheet(self) -> StyleFile:
        return self.files[0]

    def pdf_style(self) -> tuple[str, str, dict[str, tuple[bytes, str]]]:
        """For WeasyPrint, as plain data a worker elsewhere can be sent: the sheet's text,
        its URL, and every file of the bundle by path."""
        return (self.sheet.pdf.decode("utf-8"), self.sheet.path.as_uri(),
                {str(f.path): (f.pdf, f.media_type) for f in self.files})


def decode_css(data: bytes) -> str:
    """A stylesheet's text: by its byte-order mark, else UTF-8, else the encoding its
    `@charset` names, else Windows-1252 (Latin-1 where that leaves a byte undefined)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = re.match(rb'@charset "([A-Za-z0-9_.:-]{1,40})";', data)
    if declared:
        try:
            return data.decode(codecs.lookup(declared[1].decode("ascii")).name, errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _url_token(node, url: str):
    from tinycss2.ast import URLToken
    from tinycss2.serializer import serialize_string_value

    return URLToken(node.source_line, node.source_column, url, f'url("{serialize_string_value(url)}")')


class _Resolver:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[Path, StyleFile] = {}
        self.names: dict[Path, str] = {}
        self.total = 0

    def refuse(self, sheet: Path, node, url: str, reason: str, hint: str = _HINT) -> ManifestError:
        return ManifestError(f"refused url({url}): {reason}", path=str(sheet), line=node.source_line, hint=hint)

    def name(self, real: Path, main: bool = False) -> str:
        if real not in self.names:
            parts = [re.sub(r"[^A-Za-z0-9._-]", "_", part) for part in real.relative_to(self.root).parts]
            name = "user.css" if main else "user/" + "/".join(parts)
            taken = set(self.names.values())
            stem, suffix = posixpath.splitext(name)
            number = 1
            while name in taken:
                number += 1
                name = f"{stem}-{number}{suffix}"
            self.names[real] = name
        return self.names[real]

    def target(self, sheet: Path, node, url: str) -> Path | None:
        """The file a URL names, or None for one that loads nothing (data:, #id, empty)."""
        text = url.strip()
        if not text or text.startswith("#"):
            return None
        if text.startswith("//"):
            raise self.refuse(sheet, node, url, "ficbind loads nothing over the network")
        scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", text)
        parts = urlsplit(text)
        if scheme:
            name = scheme[1].lower()
            if name == "data":
                return None
            if name in _NETWORK:
                raise self.refuse(sheet, node, url, "ficbind loads nothing over the network")
            if name != "file":
                raise self.refuse(sheet, node, url, f"the {name}: scheme is not allowed")
            if parts.netloc not in ("", "localhost"):
                raise self.refuse(sheet, node, url, "it names another machine")
        path = unquote(parts.path)
        if not path:
            return None
        return Path(path) if path.startswith("/") else sheet.parent / path

    def read(self, sheet: Path, node, url: str, target: Path, cap: int) -> tuple[Path, bytes]:
        if len(self.files) + 1 > MAX_FILES:
            raise self.refuse(sheet, node, url, f"a stylesheet may pull in at most {MAX_FILES} files")
        left = TOTAL_CAP - self.total
        try:
            real, data = read_inside(target, self.root, min(cap, left))
        except Refused as why:
            if left < cap and "larger than" in str(why):
                why = Refused(f"would make the stylesheet's files larger than {TOTAL_CAP // MiB} MB in all")
            raise self.refuse(sheet, node, url, f"{os.path.normpath(target)} {why}") from None
        self.total += len(data)
        return real, data

    def resource(self, sheet: Path, node, url: str) -> tuple[str, str] | None:
        """A font or image: (its URL in the EPUB from `sheet`, its URL in the PDF)."""
        target = self.target(sheet, node, url)
        if target is None:
            return None
        try:
            real = inside(target, self.root)
        except Refused as why:
            raise self.refuse(sheet, node, url, f"{os.path.normpath(target)} {why}") from None
        suffix = real.suffix.lower()
        if suffix not in MEDIA:
            raise self.refuse(sheet, node, url, f"a {suffix or 'file without a suffix'} cannot be packaged",
                              hint="use fonts (.woff2, .woff, .otf, .ttf) or images (.png, .jpg, .gif, .webp)")
        if real not in self.files:
            real, data = self.read(sheet, node, url, real, FILE_CAP)
            media_type, starts = MEDIA[suffix]
            if not data.startswith(starts) or (media_type == "image/webp" and data[8:12] != b"WEBP"):
                raise self.refuse(sheet, node, url, f"{real} is not the {media_type} its name says")
            digest = hashlib.sha256(data).hexdigest()
            self.files[real] = StyleFile(real, self.name(real), media_type, data, data, digest)
        return self.relative(sheet, real), real.as_uri()

    def relative(self, sheet: Path, real: Path) -> str:
        here = posixpath.dirname(posixpath.join("styles", self.names[sheet]))
        return quote(posixpath.relpath(posixpath.join("styles", self.names[real]), here))

    def sheet(self, real: Path, data: bytes, stack: tuple[Path, ...], main: bool = False) -> None:
        """A stylesheet read, and every sheet it imports, its fonts and images."""
        import tinycss2

        self.name(real, main)
        nodes = tinycss2.parse_component_value_list(decode_css(data))
        epub, pdf = self.walk(real, nodes, (*stack, real), top=True)
        self.files[real] = StyleFile(real, self.names[real], "text/css", tinycss2.serialize(epub).encode("utf-8"),
                                     tinycss2.serialize(pdf).encode("utf-8"), hashlib.sha256(data).hexdigest())

    def import_rule(self, sheet: Path, rule: list, stack: tuple[Path, ...]) -> tuple[list, list]:
        """An @import rule, its URL rewritten, the sheet it names read; dropped if that
        sheet was imported already or imports this one."""
        at = next((i for i, n in enumerate(rule[1:], 1) if n.type not in ("whitespace", "comment")), None)
        node = rule[at] if at is not None else None
        url = None
        if node is not None and node.type in ("string", "url"):
            url = node.value
        elif node is not None and node.type == "function" and node.lower_name in ("url", "src"):
            url = next((a.value for a in node.arguments if a.type == "string"), None)
        if url is None:
            return rule, rule  # not an import WeasyPrint or a reader would follow
        target = self.target(sheet, node, url)
        if target is None or urlsplit(url.strip()).scheme.lower() == "data":
            raise self.refuse(sheet, node, url, "an @import must name a .css file under the manifest's folder")
        try:
            real = inside(target, self.root)
        except Refused as why:
            raise self.refuse(sheet, node, url, f"{os.path.normpath(target)} {why}") from None
        if real.suffix.lower() != ".css":
            raise self.refuse(sheet, node, url, "an @import must name a .css file")
        if len(stack) > MAX_DEPTH:
            raise self.refuse(sheet, node, url, f"stylesheets may import each other at most {MAX_DEPTH} deep")
        if real in stack or real in self.files:
            return [], []
        real, data = self.read(sheet, node, url, real, SHEET_CAP)
        self.sheet(real, data, stack)
        epub, pdf = list(rule), list(rule)
        epub[at], pdf[at] = _url_token(node, self.relative(sheet, real)), _url_token(node, real.as_uri())
        return epub, pdf

    def walk(self, sheet: Path, nodes: list, stack: tuple[Path, ...], top: bool = False, strings: bool = False):
        """The nodes for the EPUB and for the PDF, every URL among them resolved."""
        epub: list = []
        pdf: list = []
        index = 0
        while index < len(nodes):
            node = nodes[index]
            index += 1
            if top and node.type == "at-keyword" and node.lower_value in ("import", "charset", "namespace"):
                end = next((j for j in range(index, len(nodes)) if nodes[j].type == "literal" and nodes[j].value == ";"),
                           len(nodes) - 1)
                rule, index = nodes[index - 1:end + 1], end + 1
                if node.lower_value == "namespace":  # names a URL, loads nothing
                    epub += rule
                    pdf += rule
                elif node.lower_value == "import":
                    one, two = self.import_rule(sheet, rule, stack)
                    epub += one
                    pdf += two
                continue  # @charset: the text is UTF-8 now
            url = None
            if node.type == "url" or (strings and node.type == "string"):
                url = node.value
            elif node.type == "function" and node.lower_name in ("url", "src"):
                url = next((a.value for a in node.arguments if a.type == "string"), None)
            if url is not None:
                urls = self.resource(sheet, node, url)
                epub.append(_url_token(node, urls[0]) if urls else node)
                pdf.append(_url_token(node, urls[1]) if urls else node)
            elif node.type == "function":
                one, two = self.walk(sheet, node.arguments, stack, strings=node.lower_name in _IMAGE_FUNCTIONS)
                epub.append(_with(node, "arguments", one))
                pdf.append(_with(node, "arguments", two))
            elif getattr(node, "content", None) is not None and node.type.endswith("block"):
                one, two = self.walk(sheet, node.content, stack)
                epub.append(_with(node, "content", one))
                pdf.append(_with(node, "content", two))
            else:
                epub.append(node)
                pdf.append(node)
        return epub, pdf


def _with(node, attribute: str, value: list):
    clone = copy.copy(node)
    setattr(clone, attribute, value)
    return clone


def resolve_style(sheet: Path, root: Path, manifest: Path, line: int | None) -> StyleBundle:
    """The user's stylesheet and everything it loads, read under the fetch policy, or a
    ManifestError naming the manifest (for the sheet itself) or the sheet and the URL."""
    resolver = _Resolver(root.resolve())
    try:
        real, data = read_inside(sheet, resolver.root, SHEET_CAP)
    except Refused as why:
        raise ManifestError(f"refused the stylesheet {sheet}: it {why}", path=str(manifest), line=line,
                            hint="a stylesheet must be a file under the manifest's folder") from None
    resolver.total = len(data)
    resolver.sheet(real, data, (), main=True)
    main = resolver.files.pop(real)
    return StyleBundle((main, *resolver.files.values()))
