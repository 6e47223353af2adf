"""Single-byte encodings: which one a file that is not UTF-8 was written in.

A file in Windows-1252, Mac Roman, Windows-1251 or Windows-1253 is only bytes; every
one of them decodes as any of those encodings, and detectors guess poorly on the short
texts fan fiction often is (a drabble of 100 words). So each candidate is decoded and
read as a reader would, and the most plausible text wins:

- a letter is plausible in its script's frequent letters (о, е, а in Russian; α, ο, ε
  in Greek; e, t, a in Latin-script languages), implausible as a rare one;
- a word mixing scripts, or a capital inside a lower-case word (`DonÕt`: Mac Roman's
  apostrophe read as Windows-1252), is implausible;
- typographic punctuation (’ “ ” – — … « ») is plausible; odd symbols (¤ ¦ ¬ ±) not;
- the story's language, when the manifest gives one, says which script to expect.

How sure the winner is (its lead over the next) is reported, so `check` and `outline`
can say that a short text's encoding is a guess, and the manifest can say `encoding:`.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

# Letters by frequency, most frequent first (rounded shares of running text).
_FREQUENT = {
    "latin": "etaoinsrhldcumfpgwybvkxjqzéèàçüöäñßáíóúâêîôûëïœæãõøåìąćęłńśźżčďěňřšťůžőűășțľĺŕ",
    "cyrillic": "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъёіїєґ",
    "greek": "αοειτνσρηκπμυλωςδγχθφβξζψάέήίόύώϊϋΐΰ",
}
_SCRIPT_OF_LANGUAGE = {
    "el": "greek", "ru": "cyrillic", "uk": "cyrillic", "bg": "cyrillic", "sr": "cyrillic", "mk": "cyrillic",
    "be": "cyrillic", "kk": "cyrillic", "ky": "cyrillic", "mn": "cyrillic", "tg": "cyrillic",
}
CANDIDATES = {
    "latin": ("cp1252", "mac_roman", "cp1250", "cp1254", "cp1257", "iso8859_15"),
    "cyrillic": ("cp1251", "koi8_r", "koi8_u", "mac_cyrillic", "cp866", "iso8859_5"),
    "greek": ("cp1253", "iso8859_7", "mac_greek"),
}
# The acute accent and the grave are here as what fan fiction types them for: apostrophes (don´t).
_PUNCTUATION = set("’‘“”„‚–—…«»‹›•·°€£¥§©®™¡¿\u00a0½¼¾×´`")
# How common each encoding is for stories (a head start, in points): Windows-1252 is most
# of what is not UTF-8; the rarer ones must read clearly better to be taken.
_PRIOR = {"cp1252": 4.0, "cp1251": 2.0, "cp1253": 2.0, "cp1250": 1.0, "mac_roman": 1.0, "koi8_r": 1.0}
_RARE = -4.0
# Below this lead over the next reading (in points: a frequent letter is worth about 2) the
# guess is reported as uncertain: a short text, or one with few letters beyond ASCII.
SURE_MARGIN = 12.0


@dataclass(frozen=True)
class Guess:
    encoding: str
    text: str
    sure: bool  # False: another encoding read almost as well (a short text, or few non-ASCII bytes)


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    for script in ("LATIN", "CYRILLIC", "GREEK"):
        if name.startswith(script):
            return script.lower()
    return "other"


def _letter_score(char: str, script: str) -> float:
    lower = char.lower()
    rank = _FREQUENT.get(script, "").find(lower)
    if rank < 0:
        return -3.0
    return 2.0 - math.log2(1 + rank) / 2


def plausibility(text: str, expected: str = "") -> float:
    """How much `text` reads as real text (higher is better): every byte above ASCII is a
    character in each candidate's reading, so the totals compare readings of one file."""
    score = 0.0
    word: list[str] = []
    for char in text + " ":
        if char.isalpha():
            word.append(char)
            continue
        if word:
            score += _word_score(word, expected)
            word = []
        if ord(char) > 0x7F:
            score += (0.2 if char == "\u00a0" else 1.0) if char in _PUNCTUATION else -4.0
    return score


def _word_score(word: list[str], expected: str) -> float:
    scripts = {_script(c) for c in word if ord(c) > 0x7F or _script(c) != "latin"} or {"latin"}
    if len(scripts | {_script(c) for c in word}) > 1:
        return -6.0 * sum(1 for c in word if ord(c) > 0x7F)  # a word in two alphabets
    script = scripts.pop()
    score = sum(_letter_score(c, script) for c in word if ord(c) > 0x7F or script != "latin")
    if expected and script != expected and any(ord(c) > 0x7F for c in word):
        score -= 3.0 * sum(1 for c in word if ord(c) > 0x7F)
    # A capital after a small letter inside a word (`DonÕt`, `оПХБЕР`) is not how words are written.
    score -= 4.0 * sum(1 for a, b in zip(word, word[1:]) if a.islower() and b.isupper())
    return score


def guess_single_byte(raw: bytes, language: str = "") -> Guess | None:
    """The most plausible single-byte reading of `raw` (None when no candidate decodes)."""
    expected = _SCRIPT_OF_LANGUAGE.get(language.split("-")[0].lower(), "latin" if language else "")
    order = [*CANDIDATES.get(expected, ()), *(e for s, es in CANDIDATES.items() if s != expected for e in es)]
    scored: list[tuple[float, int, str, str]] = []
    for place, encoding in enumerate(order):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = plausibility(text[:200_000], expected) + _PRIOR.get(encoding, _RARE)
        scored.append((score, -place, encoding, text))
    if not scored:
        return None
    scored.sort(reverse=True)
    best = scored[0]
    # Sure when every reading that gives another text reads clearly worse.
    rivals = [score for score, _, _, text in scored[1:] if text != best[3]]
    return Guess(best[2], best[3], not rivals or best[0] - max(rivals) >= SURE_MARGIN)
