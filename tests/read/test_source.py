"""Reading: UTF-8 with or without BOM, Windows-1252, CRLF and CR line ends."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.errors import SourceError
from compiler.read import decode_source

TEXT = "Author´s Note: don’t go… “please”\nNext line — here.\n"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("cp1252"), "cp1252"),
        (TEXT.replace("\n", "\r\n").encode("cp1252"), "cp1252"),
        (TEXT.replace("\n", "\r").encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_decodes_to_the_same_text(raw, encoding):
    source = decode_source(raw, Path("s.txt"))
    assert source.text == TEXT
    assert source.encoding == encoding


def test_cp1252_ellipsis_is_not_a_line_break():
    # 0x85 is "…" in Windows-1252 but NEL, a line break, in Latin-1.
    source = decode_source("one… two\r\nthree\r\n".encode("cp1252"), Path("s.txt"))
    assert source.text.split("\n") == ["one… two", "three", ""]


def test_control_and_invisible_characters_are_removed_and_reported():
    source = decode_source("a\x00b\u200bc\x0bd\n".encode("utf-8"), Path("s.txt"))
    assert source.text == "abcd\n"
    assert {r.name for r in source.repairs} == {"control-characters", "invisible-characters"}


def test_empty_and_binary_files_are_errors():
    with pytest.raises(SourceError, match="empty"):
        decode_source(b"  \n\n", Path("s.txt"))
    with pytest.raises(SourceError, match="is a PNG image, not a story's text"):
        decode_source(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", Path("s.txt"))
    with pytest.raises(SourceError, match="binary"):  # of no kind sniff.py knows, but full of NULs
        decode_source(b"\x01\x02\x00\x00\x00\x00\xff\xfe\x00\x9c" * 20, Path("s.txt"))


@pytest.mark.parametrize(
    "raw",
    [
        # UTF-8 read as Windows-1252 and saved again as UTF-8, wholly or in part
        "didnâ€™t go, â€œthenâ€\x9d cafÃ©".encode("utf-8"),
        "didnâ€™t go, â€œthenâ€\x9d café".encode("utf-8"),
    ],
)
def test_mojibake_is_repaired_and_reported(raw):
    source = decode_source(raw, Path("s.txt"))
    assert source.text == "didn’t go, “then” café"
    assert "mojibake" in {r.name for r in source.repairs}


def test_a_file_mixing_utf8_and_windows_1252_lines():
    raw = "café in UTF-8\n".encode("utf-8") + "café in Windows-1252\n".encode("cp1252")
    source = decode_source(raw, Path("s.txt"))
    assert source.text == "café in UTF-8\ncafé in Windows-1252\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(encoding):
    source = decode_source(TEXT.encode(encoding), Path("s.txt"))
    assert source.text == TEXT


def test_latin1_text():
    text = "Ça va très bien, merci. Où est la bibliothèque? Élève à côté.\n"
    assert decode_source(text.encode("latin-1"), Path("s.txt")).text == text


def test_clean_text_is_not_touched():
    text = "Author´s Note: don’t go… “please” — naïve café, 5′10″, ½.\n"
    source = decode_source(text.encode("utf-8"), Path("s.txt"))
    assert source.text == text and source.repairs == ()
