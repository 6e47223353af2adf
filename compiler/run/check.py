"""Check: what compiling a collection would do, without writing anything.

For each story: the encoding read, the repairs the reader would make, the structure
warnings, the typography changes by rule, and whether every word survives (fidelity.py:
every word of the source in the tree once, or in a marker the parser consumed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from compiler.detect.assembly import parse_story
from compiler.load.manifest import load_manifest
from compiler.read.source import read_source
from compiler.run.fidelity import WORD
from compiler.run.files import display_path
from compiler.run.prepare import prepare_story
from compiler.run.review import changed_paragraph_lines, query_lines


def check_collection(manifest: Path, say: Callable[[str], None], changes: bool = False) -> int:
    """Check one collection, saying what compiling it would do line by line; returns
    how many of its stories would lose or double words (never expected). With
    `changes`, each paragraph typography changes, as typed and as set, rule by rule."""
    problems = 0
    spec = load_manifest(manifest)
    count = len(spec.stories)
    say(f"{display_path(manifest)}: {count} {'story' if count == 1 else 'stories'}, manifest valid")
    for story in spec.stories:
        typeset, report = prepare_story(spec, story)  # what compile does, short of writing
        totals: dict[str, int] = {}
        for change in report.changes:
            totals[change.rule] = totals.get(change.rule, 0) + change.count
        encoding = report.encoding if report.encoding_sure else f"{report.encoding}, a guess: give `encoding:` if it reads wrong"
        say(f"  {report.display} ({encoding}): {report.sections} {'section' if report.sections == 1 else 'sections'}")
        for repair in report.repairs:
            say(f"    repair: {repair.name} ×{repair.count} ({repair.reason})")
        for part in report.left_out:  # an HTML story's page, but for the story
            words = f": {part.words} {'word' if part.words == 1 else 'words'} ({part.text})" if part.words else ""
            say(f"    left out of the page: {part.what}{words}")
        for diagnostic in report.diagnostics:
            say(f"    warning: line {diagnostic.origin.line}: {diagnostic.message}")
        if totals:
            say("    typography: " + ", ".join(f"{k} ×{v}" for k, v in sorted(totals.items())))
        source = read_source(story.path, report.display, story.encoding, story.language or spec.language)
        for line in query_lines(source, typeset):
            say(line)
        if changes:
            parsed = parse_story(source, spec.markers_for(story))
            lines = changed_paragraph_lines(source, parsed.story, spec.typography, spec.quotes_for(story), "      ")
            say("    changed paragraphs:")
            for line in lines[1:]:
                say(line)
        kept = report.fidelity
        assert kept is not None  # prepare_story counts words unless told not to
        if kept.ok and not report.stray:
            but = [what for what, there in (("the settings below move or leave out", report.placed),
                                            ("the manifest's markers take", report.swallowed)) if there]
            say("    words: all kept" + (f", but for what {' and '.join(but)}" if but else ""))
        else:
            problems += 1
            if not kept.ok:
                say(f"    words: LOST {' '.join(kept.lost[:20])} DOUBLED {' '.join(kept.doubled[:20])}")
            if report.stray:
                say(f"    words: DROPPED BY NO SETTING {' '.join(report.stray[:20])}")
        if report.retitled:
            line, text = report.retitled
            say(f'    title: the manifest\'s title replaces the title line "{text}" (line {line}), which is not printed')
        if report.swallowed:
            count = sum(len(WORD.findall(text)) for _, _, text in report.swallowed)
            say(f"    markers: {count} {'word' if count == 1 else 'words'} taken by the manifest's markers, not in the book")
            for line, rule, text in report.swallowed[:50]:
                say(f"      line {line} ({rule}): {text}")
        for placed in report.placed:
            what = "moved to the end of the story" if placed.setting == "notes: end" else "left out of the book"
            say(f"    {placed.setting}: {placed.words} {'word' if placed.words == 1 else 'words'} {what}")
            for line, text in placed.lines:
                say(f"      line {line}: {text}")
    return problems
