"""Single-byte encodings read as a reader would (single_byte.py): short texts in
Windows-1253, Windows-1251, KOI8-R, Mac Roman and Windows-1250 come out as written, and a
guess made on little text says it is one. The sentences are our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.errors import SourceError
from compiler.read.source import decode_source

GREEK = "Η Μαρία κοίταξε τη θάλασσα και είπε ότι θα γυρίσει το πρωί."
RUSSIAN = "Она посмотрела на море и сказала, что вернётся утром, когда туман уйдёт с маяка."
QUOTES = "\u201cDon\u2019t go,\u201d she said. \u201cIt\u2019s late\u2026\u201d"

CASES = [
    (GREEK, "cp1253", "el"),
    (GREEK, "cp1253", ""),
    ("Καλημέρα, φίλε μου.", "cp1253", ""),
    (RUSSIAN, "cp1251", "ru"),
    (RUSSIAN, "cp1251", ""),
    ("Привет, как дела?", "cp1251", ""),
    (RUSSIAN, "koi8_r", ""),
    (QUOTES, "mac_roman", ""),
    ("It\u2019s fine.", "mac_roman", "en"),
    (QUOTES, "cp1252", ""),
    ("Caf\u00e9 au lait, na\u00efve r\u00e9sum\u00e9.", "cp1252", ""),
    ("Caf\u00e9 au lait, na\u00efve r\u00e9sum\u00e9.", "mac_roman", ""),
    ("Gr\u00fc\u00dfe aus M\u00fcnchen, sch\u00f6n war\u2019s.", "cp1252", "de"),
    ("Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144.", "cp1250", "pl"),
    ("He said it was fine\u2014really.", "cp1252", ""),
]


@pytest.mark.parametrize(("text", "encoding", "language"), CASES, ids=[f"{c[1]}-{c[2] or 'any'}-{i}" for i, c in enumerate(CASES)])
def test_short_single_byte_texts_read_as_written(text, encoding, language):
    source = decode_source(text.encode(encoding), Path("s.txt"), language=language)
    assert source.text == text


def test_a_guess_on_a_few_words_is_reported_as_one():
    assert not decode_source("Привет, как дела?".encode("cp1251"), Path("s.txt")).encoding_sure
    long = decode_source((RUSSIAN + "\n\n") .encode("koi8_r") * 3, Path("s.txt"))
    assert long.encoding == "koi8_r" and long.encoding_sure
    assert decode_source(b"plain ASCII", Path("s.txt")).encoding_sure


def test_the_manifests_encoding_decides_and_a_wrong_one_names_the_byte():
    raw = "Καλημέρα".encode("cp1253")
    assert decode_source(raw, Path("s.txt"), encoding="cp1253").text == "Καλημέρα"
    assert decode_source(raw, Path("s.txt"), encoding="cp1251").text != "Καλημέρα"  # as told, not guessed
    with pytest.raises(SourceError, match=r"is not utf-8 text \(byte 0 is 0xca\)"):
        decode_source(raw, Path("s.txt"), encoding="utf-8")
