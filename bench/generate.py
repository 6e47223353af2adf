"""Deterministic synthetic collections in the seeds' conventions, for benchmarks.

    python bench/generate.py OUT_DIR --stories 50 --size 1.5MB [--seed 1]

writes OUT_DIR/stories/NNN.txt and OUT_DIR/bench.yaml. The same arguments always give
the same bytes. Stories carry what real ones do: title lines, Summary and Disclaimer
headers, author's notes at both ends, chapter headings, scene breaks, a flashback opened
by a time line and closed by /End of Flashback/, and keyboard typography (straight quotes,
--, ..., ´ apostrophes, the .", quirk).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

NAMES = ["Maren", "Callum", "Wren", "Tobias", "Gus", "Ida", "Ines", "Teo", "Rosa", "Hollis", "Juno", "Kit"]
PLACES = ["the lighthouse", "the harbour", "the ferry", "the watch room", "the kitchen", "the point", "the stairs"]
VERBS = ["walked", "waited", "laughed", "sighed", "turned", "listened", "looked", "shrugged", "climbed", "ran"]
OBJECTS = ["the lamp", "a flask of tea", "the radio", "her boots", "the map", "an old key", "the logbook"]
LINES = [
    "I don't know what you want from me",
    "It's not as if the lamp needs you tonight, anyway",
    "You're late again",
    "We'll have to leave her",
    "That's the whole problem",
    "I was going to tell you",
]


def sentence(rng: random.Random) -> str:
    a, b = rng.sample(NAMES, 2)
    return f"{a} {rng.choice(VERBS)} to {rng.choice(PLACES)} with {rng.choice(OBJECTS)}, and {b} {rng.choice(VERBS)}."


def dialogue(rng: random.Random) -> str:
    name = rng.choice(NAMES)
    line = rng.choice(LINES)
    quirk = rng.random()
    if quirk < 0.2:
        return f'"{line}.", {name} said, {rng.choice(["softly", "at last", "coldly"])}.'
    if quirk < 0.4:
        return f'"{line}--" {name} started, and stopped.'
    if quirk < 0.6:
        return f'" {line}?" {name} asked... and waited.'
    return f'"{line}," {name} said. \'Don´t,\' she thought.'


def paragraph(rng: random.Random) -> str:
    parts = [sentence(rng) if rng.random() < 0.6 else dialogue(rng) for _ in range(rng.randint(2, 6))]
    return " ".join(parts)


def story(rng: random.Random, number: int, target: int) -> str:
    out = [f"Story Number {number}", "", f"Summary: {sentence(rng)}", "", "Disclaimer: I don't own any of this.", ""]
    out += [f"AN: {paragraph(rng)}", ""]
    chapter = 1
    size = 0
    flashback_done = False
    # Chapters of 8 to 20 paragraphs (2,000 to 5,000 characters); a long story's are
    # longer, as real epics' are (3,000 to 6,000 words a chapter): up to 8 times as long
    # from 800,000 characters on.
    scale = max(1, min(8, target // 100_000))
    while size < target:
        out += [f"Chapter {chapter}: {rng.choice(OBJECTS).title()}", ""]
        for _ in range(rng.randint(8, 20) * scale):
            text = paragraph(rng)
            out += [text, ""]
            size += len(text) + 2
            if rng.random() < 0.06:
                out += [rng.choice(["* * *", "~*~", "xXx", "-----"]), ""]
        if not flashback_done and rng.random() < 0.5:
            out += ["2 months ago", ""] + [p for _ in range(4) for p in (paragraph(rng), "")] + ["/End of Flashback/", ""]
            flashback_done = True
        chapter += 1
    out += [f"AN: {paragraph(rng)} Please review!"]
    return "\n".join(out) + "\n"


def parse_size(text: str) -> int:
    text = text.strip().upper()
    for unit, factor in (("MB", 1_000_000), ("KB", 1_000)):
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(text)


def generate(out: Path, stories: int, size: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    (out / "stories").mkdir(parents=True, exist_ok=True)
    per_story = max(size // stories, 2_000)
    lines = ["title: Benchmark Collection", "author: ficbind bench", "stories:"]
    for number in range(1, stories + 1):
        path = out / "stories" / f"{number:03d}.txt"
        path.write_text(story(rng, number, per_story), encoding="utf-8")
        lines.append(f"  - stories/{number:03d}.txt")
    manifest = out / "bench.yaml"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--stories", type=int, default=50)
    parser.add_argument("--size", default="1.5MB")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(generate(args.out, args.stories, parse_size(args.size), args.seed))


if __name__ == "__main__":
    main()
