"""Covers: the manifest's image, or a typographic cover drawn for the collection.

Kindle and Kobo show a book's cover only if it is a raster image, so when the manifest
names none, one is drawn at e-reader size (1600 × 2560) in the book's own typeface:
title (and subtitle), author, fandom and series on a quiet field, its colour chosen from the title so that each
collection looks its own and the same collection always looks the same (and the PNG is
byte-for-byte the same: no timestamps, fixed compression).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from compiler.errors import FicbindError
from compiler.render.titles import balanced_lines, split_title

WIDTH, HEIGHT = 1600, 2560
MARGIN = 170

# Deep grounds with a light ink: readable as a thumbnail, kind to e-ink greyscale.
_PALETTES = (
    ((32, 45, 64), (236, 226, 204)),  # ink blue
    ((74, 32, 38), (240, 226, 206)),  # oxblood
    ((34, 58, 48), (232, 226, 204)),  # bottle green
    ((54, 44, 70), (234, 224, 210)),  # plum
    ((58, 50, 42), (238, 228, 208)),  # umber
    ((28, 52, 62), (230, 228, 214)),  # slate teal
)


@dataclass(frozen=True)
class CoverImage:
    data: bytes
    media_type: str  # image/png or image/jpeg
    extension: str


# A cover is at most a few thousand pixels a side (e-readers show 1600 × 2560); an image of
# 30000 × 30000 is a decompression bomb, gigabytes once decoded.
MAX_COVER_BYTES = 40 * 1024 * 1024
MAX_COVER_PIXELS = 40_000_000


def load_cover(path: Path) -> CoverImage:
    """The manifest's cover, as JPEG or PNG (other formats are converted to PNG); an image
    too large (in bytes, or in pixels once decoded) is refused before it is decoded."""
    from PIL import Image, UnidentifiedImageError

    from compiler.load.files import read_regular

    raw = read_regular(path, MAX_COVER_BYTES, str(path), FicbindError, "cover image")
    too_large = "use an image of at most a few thousand pixels a side (1600 × 2560 suits e-readers)"
    try:
        with Image.open(io.BytesIO(raw)) as image:
            width, height = image.size
            if width * height > MAX_COVER_PIXELS:
                raise FicbindError(f"the cover image is {width} × {height} pixels, more than ficbind decodes",
                                   path=str(path), hint=too_large)
            kind = image.format
            if kind in ("JPEG", "PNG"):
                image.verify()
                return CoverImage(raw, f"image/{kind.lower()}", "jpg" if kind == "JPEG" else "png")
            converted = io.BytesIO()
            image.convert("RGB").save(converted, "PNG", optimize=True)
            return CoverImage(converted.getvalue(), "image/png", "png")
    except Image.DecompressionBombError:
        raise FicbindError("the cover image is more pixels than ficbind decodes", path=str(path), hint=too_large) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise FicbindError(
            f"the cover image cannot be read ({error})", path=str(path), hint="use a JPEG or PNG file"
        ) from None


def _fit(draw, text: str, font_path: Path, start: int, width: int, max_lines: int, smallest: int = 48):
    """The largest size (from `start` down) at which `text` sets in `max_lines` balanced
    lines (render/titles.py: the fewest lines, as even as the words allow)."""
    from PIL import ImageFont

    size = start
    while True:
        font = ImageFont.truetype(str(font_path), size)
        lines = balanced_lines(text.split(), lambda words: draw.textlength(words, font=font), width)
        fits = len(lines) <= max_lines and all(draw.textlength(line, font=font) <= width for line in lines)
        if fits or size <= smallest:
            return font, lines
        size -= 8


def _set(draw, lines: list[str], font, y: int, leading: float, ink: int) -> int:
    """Lines centred from `y` down; the y below them."""
    for line in lines:
        draw.text((WIDTH // 2, y), line, font=font, fill=ink, anchor="mt")
        y += int(font.size * leading)
    return y


def draw_cover(
    title: str, author: str, series: str, font_path: Path, italic_path: Path, fandom: str = ""
) -> CoverImage:
    """A typographic cover (pure: the same words give the same PNG bytes). The upper half
    holds the title, split at its colon into title and subtitle, in balanced lines; the
    lower half the author and, at the foot, the fandom and the series."""
    from PIL import Image, ImageDraw

    digest = hashlib.sha256(title.encode("utf-8")).digest()
    ground_colour, ink_colour = _PALETTES[digest[0] % len(_PALETTES)]
    # Two colours and the shades between them (anti-aliased edges): drawn as coverage,
    # 0 ground to 255 ink, and saved as a palette PNG, a third the size and time of RGB.
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(image)
    ink = 255
    width = WIDTH - 2 * MARGIN

    # A double frame, as on a cloth binding.
    for inset, thickness in ((70, 6), (92, 2)):
        draw.rectangle((inset, inset, WIDTH - inset, HEIGHT - inset), outline=ink, width=thickness)

    parts = split_title(title)
    title_font, title_lines = _fit(draw, parts.main, font_path, 210, width, 4)
    block = int(title_font.size * 1.1) * len(title_lines)
    sub_font, sub_lines = None, []
    if parts.subtitle:
        sub_font, sub_lines = _fit(draw, parts.subtitle, italic_path, min(120, int(title_font.size * .6)), width, 3, 40)
        block += 60 + int(sub_font.size * 1.2) * len(sub_lines)
    # The title's block centred on the upper half's optical centre, never above the frame.
    y = max(260, int(HEIGHT * 0.30) - block // 2)
    y = _set(draw, title_lines, title_font, y, 1.1, ink)
    if sub_font is not None:
        y = _set(draw, sub_lines, sub_font, y + 60, 1.2, ink)

    # A short rule where the halves meet, then the author, below the middle.
    rule = max(y + 80, int(HEIGHT * 0.54))
    draw.line((WIDTH // 2 - 150, rule, WIDTH // 2 + 150, rule), fill=ink, width=4)
    y = rule + 110
    if author:
        author_font, author_lines = _fit(draw, author, italic_path, 110, width, 3)
        y = _set(draw, author_lines, author_font, y, 1.2, ink)

    # At the foot: the fandom over the series, set small, as a publisher's line.
    foot = []
    if fandom:
        foot.append(_fit(draw, fandom, font_path, 76, width, 2, 40))
    if series:
        foot.append(_fit(draw, series, italic_path, 80, width, 2, 40))
    height = sum(int(font.size * 1.25) * len(lines) for font, lines in foot) + 40 * (len(foot) - 1)
    y = max(y + 80, HEIGHT - 200 - height)
    for font, lines in foot:
        y = _set(draw, lines, font, y, 1.25, ink) + 40

    indexed = Image.frombytes("P", image.size, image.tobytes())
    indexed.putpalette(_blend(ground_colour, ink_colour))
    out = io.BytesIO()
    indexed.save(out, "PNG", compress_level=6)
    return CoverImage(out.getvalue(), "image/png", "png")


def _blend(ground: tuple[int, int, int], ink: tuple[int, int, int]) -> list[int]:
    """256 palette entries from the ground colour (0) to the ink (255)."""
    return [round(g + (i - g) * level / 255) for level in range(256) for g, i in zip(ground, ink)]


def series_line(series: str, index: float | None) -> str:
    if not series:
        return ""
    if index is None:
        return series
    number = int(index) if index == int(index) else index
    return f"{series}, Book {number}"

