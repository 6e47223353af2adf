"""The fetch policy for WeasyPrint: what a PDF build may load, and no temporary folders left.

WeasyPrint on its own loads whatever a stylesheet names: any local file, any URL. Every
HTML() and CSS() here gets `pdf_fetcher()` instead, which serves

- ficbind's own stylesheets and fonts (styles_dir()), read as confined files;
- the user's stylesheet bundle (load/style.py: the sheet, its imports, its fonts and
  images, already read and checked under the policy), from memory, so a worker on
  another machine needs no access to them;
- data: URLs, which hold their content;
- a font that fontconfig itself found for a `local()` font name, from the system's
  font folders;

and nothing else. A URL over the network (or any other scheme) stops the build with
`FetchRefused`, turned into a one-line BuildError; a file: URL to anything else is left
out (WeasyPrint warns), as the user's own URLs were checked when the manifest was read.

WeasyPrint keeps the fonts of @font-face rules in a temporary folder that only its
FontConfiguration's __del__ removes, which never runs once the garbage collector is
frozen (run/executors.py): `font_config()` removes it when the layout is done.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Iterator

from compiler.errors import BuildError
from compiler.load.confined import MiB, Refused, read_inside
from compiler.write.assets import styles_dir
from compiler.write.libraries import load_weasyprint

# The user's stylesheet for a PDF, as plain data: its text, its URL, and every file of
# its bundle by path (data, media type). See StyleBundle.pdf_style().
PdfStyle = tuple[str, str, dict[str, tuple[bytes, str]]]
NO_STYLE: PdfStyle = ("", "", {})

_OWN_CAP = 64 * MiB
_FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".woff", ".woff2", ".pfb", ".pfa", ".otc"}


def _system_font_folders() -> list[Path]:
    home = Path.home()
    folders = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts",
               home / ".local/share/fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts"), home / "Library/Fonts"]
    if os.environ.get("XDG_DATA_HOME"):
        folders.append(Path(os.environ["XDG_DATA_HOME"]) / "fonts")
    return [folder for folder in folders if folder.is_dir()]


def refusal(error: BaseException, style: PdfStyle) -> BuildError:
    """A FetchRefused from WeasyPrint as the user's error, naming their stylesheet."""
    sheet = style[1].removeprefix("file://") if style[1] else ""
    return BuildError(str(error), sheet)


@cache
def _fetcher_class():
    from urllib.parse import unquote, urlsplit

    load_weasyprint()
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class FetchRefused(FatalURLFetchingError):
        """A URL the policy never loads: the build stops (WeasyPrint lets this through)."""

    class PolicyFetcher(URLFetcher):
        def __init__(self, files: dict[str, tuple[bytes, str]]) -> None:
            super().__init__(timeout=1, allowed_protocols={"data"}, allow_redirects=False)
            self.files = files

        def fetch(self, url: str, headers=None):  # noqa: ANN001 - WeasyPrint's own signature
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)  # decoded in memory by urllib's DataHandler
            if scheme != "file" or parts.netloc not in ("", "localhost"):
                raise FetchRefused(f"refused url({url}): ficbind loads nothing over the network")
            path = unquote(parts.path)
            if path in self.files:
                data, media_type = self.files[path]
                return URLFetcherResponse(url, data, {"Content-Type": _content_type(media_type)})
            for root, cap in ((styles_dir(), _OWN_CAP), *((folder, _OWN_CAP) for folder in _system_font_folders())):
                if root != styles_dir() and Path(path).suffix.lower() not in _FONT_SUFFIXES:
                    continue
                try:
                    _, data = read_inside(Path(path), root, cap)
                except Refused:
                    continue
                media_type = "text/css" if path.endswith(".css") else "application/octet-stream"
                return URLFetcherResponse(url, data, {"Content-Type": _content_type(media_type)})
            raise ValueError(f"{url}: not a file of ficbind's or of the user's stylesheet")

    return PolicyFetcher, FetchRefused


def _content_type(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type == "text/css" else media_type


def pdf_fetcher(style: PdfStyle = NO_STYLE):
    """A WeasyPrint url_fetcher that loads only what the policy allows (see above)."""
    fetcher, _ = _fetcher_class()
    return fetcher(style[2])


def fetch_refused() -> type[BaseException]:
    """The exception the fetcher stops a build with, to catch around a layout."""
    return _fetcher_class()[1]


@contextmanager
def font_config() -> Iterator[object]:
    """A WeasyPrint FontConfiguration whose temporary font folder is removed afterwards."""
    load_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    try:
        yield fonts
    finally:
        folder = getattr(fonts, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
            fonts._folder = None  # its __del__ would remove it again
