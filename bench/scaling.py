"""Scaling: detection and typesetting stay linear in the length of a story, whatever its shape.

    python bench/scaling.py [--paragraphs 25000] [--factor 10] [--limit 12] [--shapes NAME,…]

A stranger's story may be a quarter of a million one-line paragraphs, all chat messages,
all scene breaks, or one header line after another: any pass that looks back or ahead
over the paragraphs for each paragraph turns such a file into minutes (message_run once
sliced the paragraph list per paragraph: 250,000 lines took 159 s). For each shape, a
story of N paragraphs and one of FACTOR × N are read, detected, placed and typeset in
this process (the small one warmed up first and timed at its best of three), and the
ratio of their times is printed; the script exits 1 if any ratio is over LIMIT (default
12 for a factor of 10: linear, with room for the garbage collector, whose full passes
grow with what is alive, and for the noise of a busy machine).

The default, 25,000 paragraphs against 250,000, is the quadratic case's own size, and
lies past the step every shape shows somewhere between 20,000 and 40,000 paragraphs,
where the story's tree outgrows the processor's caches (a constant factor, not a
growth: each doubling beyond it takes twice the time). Peak memory (maximum resident
set size) is printed too. Timings are of this machine; the ratio is what matters.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from compiler.load.manifest import CollectionSpec, StorySpec  # noqa: E402
from compiler.run.prepare import prepare_story  # noqa: E402

# Each shape: paragraph number → its text (our own words), joined by blank lines unless
# the shape says otherwise.
SHAPES = {
    "one-line paragraphs": lambda i: f"The lamp turned over the water, time {i}.",
    "short lines": lambda i: f"Hm {i}",
    "chat messages": lambda i: f"Maren: ok {i}",
    "timestamped messages": lambda i: f"[10:{i % 60:02d}] Callum: on my way",
    "verse": lambda i: f"And the light goes round {i}",
    "chapters": lambda i: f"Chapter {i}" if i % 3 == 0 else f"The tide came in, {i}.",
    "scene breaks": lambda i: "* * *" if i % 2 else f"The tide came in, {i}.",
    "author's notes": lambda i: f"A/N: thanks for reading {i}" if i % 2 else f"The tide came in, {i}.",
    "flashbacks": lambda i: ("Flashback", "The tide came in.", "End flashback")[i % 3],
    "names alone": lambda i: ("WREN", "The tide came in.")[i % 2],
    "dates": lambda i: ("Monday, 3 May", "The tide came in.")[i % 2],
    "quotes and dashes": lambda i: f"\"It's {i}--no, 'later'...\" she said.",
}
# Shapes typed as one long hard-wrapped paragraph, or a header of key lines.
LINE_SHAPES = {
    "hard-wrapped": lambda i: f"the lamp went round and round and the keeper {i}",
    "header lines": lambda i: f"Key{i}: value",
}


def story(shape: str, paragraphs: int) -> str:
    if shape in LINE_SHAPES:
        return "\n".join(LINE_SHAPES[shape](i) for i in range(paragraphs))
    return "\n\n".join(SHAPES[shape](i) for i in range(paragraphs))


def clear_caches() -> None:
    """Empty ficbind's memo caches (a line classified, a paragraph weighed), so that the
    story timed second finds none of the first's answers: repeated text would otherwise
    make the smaller run look faster than it is."""
    for thing in gc.get_objects():
        if hasattr(thing, "cache_clear") and getattr(thing, "__module__", "").startswith("compiler."):
            thing.cache_clear()


def seconds(text: str) -> float:
    """Time ficbind's own step for one story (prepare_story: read, detect, place, typeset)."""
    clear_caches()
    story_spec = StorySpec(path=Path("scaling.txt"), line=1)
    spec = CollectionSpec(manifest=Path("scaling.yaml"), name="scaling", title="Scaling", stories=(story_spec,))
    raw = text.encode("utf-8")
    start = time.perf_counter()
    prepare_story(spec, story_spec, raw, count_words=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=25000)
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--limit", type=float, default=12.0)
    parser.add_argument("--shapes", default="", help="comma-separated shape names (default: all)")
    args = parser.parse_args()
    names = [*SHAPES, *LINE_SHAPES]
    chosen = [n.strip() for n in args.shapes.split(",") if n.strip()] or names
    worst = 0.0
    print(f"{'shape':24} {args.paragraphs:>8} ¶  {args.paragraphs * args.factor:>8} ¶   ratio (limit {args.limit:g})")
    for name in chosen:
        text = story(name, args.paragraphs)
        seconds(text)  # warm: regular expressions compiled and modules loaded, as in a long build
        small = min(seconds(text) for _ in range(3))
        gc.collect()
        large = seconds(story(name, args.paragraphs * args.factor))
        ratio = large / max(small, 1e-6)
        worst = max(worst, ratio)
        print(f"{name:24} {small:8.2f} s  {large:8.2f} s   {ratio:5.1f}{'  OVER' if ratio > args.limit else ''}", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"worst ratio {worst:.1f} for {args.factor}× the paragraphs; peak memory {peak:.0f} MB")
    return 1 if worst > args.limit else 0


if __name__ == "__main__":
    sys.exit(main())
