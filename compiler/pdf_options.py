"""The manifest's `pdf:` settings: page sizes and archival variants (no layout here, so
loading a manifest does not load the PDF machinery)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PdfOptions:
    """The manifest's `pdf:` settings."""

    page_size: str = ""  # "", "A5", "A4", "Letter", "6x9", "130mm 200mm"
    variant: str = ""  # "", "pdf/a-3b", … (archival PDF)


PAGE_SIZES = {
    "a4": "A4",
    "a5": "A5",
    "a6": "A6",
    "b5": "B5",
    "letter": "letter",
    "legal": "legal",
    "6x9": "6in 9in",  # US trade
    "5x8": "5in 8in",
    "5.5x8.5": "5.5in 8.5in",  # digest
    "5.25x8": "5.25in 8in",
    "pocket": "4.25in 6.87in",
}
PDF_VARIANTS = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-4b", "pdf/a-2u", "pdf/a-3u", "pdf/a-4u", "pdf/ua-1")
_EXPLICIT_SIZE = re.compile(r"^\d+(?:\.\d+)?(?:mm|cm|in|pt)\s+\d+(?:\.\d+)?(?:mm|cm|in|pt)$")


def page_size_css(value: str) -> str:
    """A manifest page size as a CSS `size` value (validated by the manifest loader)."""
    named = PAGE_SIZES.get(value.strip().lower())
    return named or value.strip()


def valid_page_size(value: str) -> bool:
    return value.strip().lower() in PAGE_SIZES or bool(_EXPLICIT_SIZE.match(value.strip()))
