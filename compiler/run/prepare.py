"""Prepare: CollectionSpec → Collection, every story read, detected, placed and typeset.

    read (read/) → detect (detect/) → place (detect/placement.py) → typeset (typeset/)

for each story, in worker processes here or on a Dask cluster (executors.py), the
manifest's overrides applied and the collection's metadata gathered. Pure over its
inputs but for reading the story files.
"""

from __future__ import annotations

import gc
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

from compiler.detect.assembly import parse_story
from compiler.detect.header import retitled
from compiler.detect.parsed import Diagnostic
from compiler.errors import FicbindError
from compiler.detect.placement import place
from compiler.load.manifest import CollectionSpec, StorySpec
from compiler.model import Collection, CollectionMeta, Origin, Story
from compiler.options import TypographyRule
from compiler.read.files import read_raw
from compiler.read.html import LeftOut
from compiler.read.source import Repair, decode_source, read_source
from compiler.render.documents import StoryLayout, layout_story
from compiler.run.cache import Cache
from compiler.run.dates import book_date
from compiler.run.executors import LOCAL, open_workers
from compiler.run.fidelity import Fidelity, Placed, fidelity, marker_words, placement
from compiler.run.files import display_path
from compiler.typeset.story import Change, typeset_story


@dataclass(frozen=True)
class StoryReport:
    display: str
    encoding: str
    repairs: tuple[Repair, ...]
    diagnostics: tuple[Diagnostic, ...]
    # Typography changes as plain rows (rule, count, path, line, end line): a story has
    # thousands, and worker processes send plain tuples back ten times faster than objects.
    change_rows: tuple[tuple[str, int, str, int, int], ...]
    fidelity: Fidelity | None  # counted by `check` (compile leaves it to check and the tests)
    sections: int
    # What the manifest's settings moved or left out (counted by `check`), and any word
    # they dropped that no setting names (never expected).
    placed: tuple[Placed, ...] = ()
    stray: tuple[str, ...] = ()
    # Lines whose words the manifest's own markers consumed (line, marker, text), counted by `check`.
    swallowed: tuple[tuple[int, str, str], ...] = ()
    encoding_sure: bool = True
    # The story's own title line (line, text) where the manifest gives it another title:
    # not printed, and `check` says so.
    retitled: tuple[int, str] | tuple[()] = ()
    # An HTML story: what the page was, and what of it was left out of the story's text.
    form: str = ""
    left_out: tuple[LeftOut, ...] = ()

    @property
    def changes(self) -> tuple[Change, ...]:
        return tuple(Change(rule, n, Origin(path, line, end)) for rule, n, path, line, end in self.change_rows)


@dataclass(frozen=True)
class Prepared:
    spec: CollectionSpec
    collection: Collection
    reports: tuple[StoryReport, ...]
    modified: datetime | None  # None: nothing gives the book a date (dates.py)
    # For an EPUB-only build in worker processes: each story's EPUB documents, laid out
    # by the worker, which then sends back the story without its sections (the text
    # travels once, as XHTML). Such a collection makes EPUBs only.
    layouts: tuple[StoryLayout, ...] | None = None


def _title_from_file(path: Path) -> str:
    stem = re.sub(r"[_\-]+", " ", path.stem).strip()
    return stem[:1].upper() + stem[1:] if stem else path.name


def apply_overrides(story: Story, spec: StorySpec, collection: CollectionSpec) -> Story:
    """The manifest has the last word on title, author, summary and language."""
    meta = story.meta
    meta = replace(
        meta,
        title=spec.title or meta.title or _title_from_file(spec.path),
        author=spec.author or meta.author or collection.author,
        summary=spec.summary or meta.summary,
        language=spec.language or collection.language,
    )
    return replace(story, meta=meta)


def identifier(spec: CollectionSpec) -> str:
    """A stable identifier: the manifest's own, or one derived from title and author."""
    if spec.identifier:
        return spec.identifier
    seed = "\x1f".join(("ficbind", spec.title, spec.author, spec.name))
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"


# Header fields whose values are subjects in an e-reader's library.
_SUBJECT_FIELDS = ("fandom", "fandoms", "pairing", "pairings", "relationship", "relationships", "ship", "ships")


def _size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it will say what is wrong


def header_values(story: Story, keys: tuple[str, ...]) -> list[str]:
    """The values of a story's header fields named `keys` (case-folded), a field's list
    split at its commas and semicolons: `Fandom: Dark Angel, Supernatural`."""
    return [part.strip() for key, value in story.meta.fields if key.casefold() in keys
            for part in re.split(r"[,;]", value) if part.strip()]


def subjects(spec: CollectionSpec, stories: list[Story]) -> tuple[str, ...]:
    """Fandoms, pairings and tags, from the manifest and the stories' headers, once each."""
    found: list[str] = [*spec.fandom, *spec.tags]
    for story_spec, story in zip(spec.stories, stories):
        found += [*story_spec.fandom, *story_spec.tags]
        found += header_values(story, _SUBJECT_FIELDS)
    seen: set[str] = set()
    unique = []
    for subject in found:
        if subject.casefold() not in seen:
            seen.add(subject.casefold())
            unique.append(subject)
    return tuple(unique)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a story is prepared: its tree is built
    of many small objects that all stay alive, and each full collection walks every one
    of them again, so a story of 250,000 paragraphs spent nearly half its time in the
    collector (its time grew faster than the story). Preparing a story makes no cycles
    worth collecting meanwhile; the collector runs again as soon as it is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def prepare_story(
    spec: CollectionSpec, story_spec: StorySpec, raw: bytes | None = None, count_words: bool = True
) -> tuple[Story, StoryReport]:
    """Read (unless its bytes are given), parse, place and typeset one story (pure but
    for reading its file); with `count_words`, also count that every word survived
    (`check` does; a compile skips it, a fifth of its time, and its result was unused)."""
    with _collector_paused():
        return _prepare_story(spec, story_spec, raw, count_words)


def _prepare_story(
    spec: CollectionSpec, story_spec: StorySpec, raw: bytes | None, count_words: bool
) -> tuple[Story, StoryReport]:
    display = display_path(story_spec.path)
    language = story_spec.language or spec.language
    source = (
        read_source(story_spec.path, display, story_spec.encoding, language) if raw is None
        else decode_source(raw, story_spec.path, display, story_spec.encoding, language)
    )
    parsed = parse_story(source, spec.markers_for(story_spec))
    notes, furniture = spec.notes_for(story_spec), spec.furniture_for(story_spec)
    story = place(parsed.story, notes, spec.flashbacks_for(story_spec), furniture)
    placed, stray = placement(parsed.story, story, notes, furniture) if count_words else ((), ())
    story = apply_overrides(story, story_spec, spec)
    # An HTML story's emphasis reaches the text as <i> and <b> (read/html.py): made emphasis
    # whatever the manifest says of tags typed into a text file.
    switches = {**spec.typography, TypographyRule.HTML_TAGS: True} if source.form else spec.typography
    story, changes = typeset_story(story, switches, spec.quotes_for(story_spec))
    rows = tuple((c.rule, c.count, c.origin.path, c.origin.line, c.origin.end_line) for c in changes)
    report = StoryReport(
        source.display, source.encoding, source.repairs, parsed.diagnostics, rows,
        fidelity(source, parsed) if count_words else None, len(parsed.story.sections), placed, stray,
        marker_words(source, spec.markers_for(story_spec)) if count_words else (), source.encoding_sure,
        retitled(parsed.story, story_spec.title),
        source.form, source.left_out,
    )
    return story, report


def _prepare_story_job(
    job: tuple[CollectionSpec, StorySpec, bytes | None, int]
) -> tuple[Story, StoryReport, StoryLayout | None]:
    """In a worker: one story prepared; when `number` is given (an EPUB-only build), laid
    out as EPUB documents too and sent back without its sections."""
    spec, story_spec, raw, number = job
    story, report = prepare_story(spec, story_spec, raw, count_words=False)
    if not number:
        return story, report, None
    return replace(story, sections=()), report, layout_story(story, number, spec.author)


Progress = Callable[[int, int], None]  # (done, total)
Result = tuple[Story, StoryReport, "StoryLayout | None"]


def _cached(
    spec: CollectionSpec, shared: CollectionSpec, cache: Cache | None, epub_only: bool
) -> tuple[list[Result | None], list[str | None], list[bytes | None]]:
    """Each story's result found in the cache (None where it must be prepared), its cache
    key, and its bytes (read here when there is a cache: the key hashes them; a story
    that cannot be read is left to its job, which says why in the manifest's order)."""
    total = len(spec.stories)
    if cache is None:
        return [None] * total, [None] * total, [None] * total
    known: list[Result | None] = []
    keys: list[str | None] = []
    raws: list[bytes | None] = []
    for number, story_spec in enumerate(spec.stories, start=1):
        display = display_path(story_spec.path)
        try:
            raw = read_raw(story_spec.path, display)
        except FicbindError:
            known.append(None)
            keys.append(None)
            raws.append(None)
            continue
        key = cache.key("story", (shared, story_spec, display, number if epub_only else 0, raw))
        known.append(cache.get(key))
        keys.append(key)
        raws.append(raw)
    return known, keys, raws


def prepare(
    spec: CollectionSpec, jobs: int = 1, executor: str = LOCAL, progress: Progress | None = None,
    epub_only: bool = False, cache: Cache | None = None, meanwhile: Callable[[], None] | None = None,
) -> Prepared:
    """Read, parse and typeset every story of a collection: in `jobs` processes here, or
    on a Dask cluster (`executor`); the result is the same either way. `epub_only`: only
    EPUBs will be made, so workers may lay stories out as EPUB documents themselves.
    With a `cache`, a story whose bytes and settings are unchanged is not prepared again.
    `meanwhile` is called once, while workers prepare the stories (else before)."""
    stories: list[Story] = []
    reports: list[StoryReport] = []
    total = len(spec.stories)
    step = progress or (lambda done, total: None)
    layouts: tuple[StoryLayout, ...] | None = None
    shared = replace(spec, stories=(), style_bundle=None)  # what a story's preparation reads of the collection
    known, keys, raws = _cached(spec, shared, cache, epub_only)
    missing = [i for i in range(total) if known[i] is None]
    with open_workers(executor, jobs, len(missing)) as workers:
        if workers is None:
            if meanwhile is not None:
                meanwhile()
            for i in range(total):
                if known[i] is None:
                    known[i] = _prepare_story_job((shared, spec.stories[i], raws[i], i + 1 if epub_only else 0))
                step(i + 1, total)
        else:
            # Remote workers get the stories' bytes (they may not see this machine's
            # files); each job carries its own story's settings, not the whole list.
            if workers.remote:
                raws = [raw if raw is not None else read_raw(s.path, display_path(s.path)) for raw, s in zip(raws, spec.stories)]
            # Longest stories first, so that no worker is left with a long one at the end.
            order = sorted(missing, key=lambda i: -_size_of(spec.stories[i].path))
            futures = {
                i: workers.pool.submit(_prepare_story_job, (shared, spec.stories[i], raws[i], i + 1 if epub_only else 0))
                for i in order
            }
            if meanwhile is not None:
                meanwhile()
            for i in range(total):  # in the manifest's order: the first bad story is the one reported
                if known[i] is None:
                    known[i] = futures[i].result()
                step(i + 1, total)
    if cache is not None:
        for i in missing:
            if keys[i] is not None:
                cache.put(keys[i], known[i])
    results = [(story, report) for story, report, _ in known]
    if epub_only:
        layouts = tuple(layout for _, _, layout in known)
    for story, report in results:
        stories.append(story)
        reports.append(report)
    meta = CollectionMeta(
        title=spec.title,
        author=spec.author,
        language=spec.language,
        description=spec.description,
        series=spec.series,
        series_index=spec.series_index,
        identifier=identifier(spec),
        style=spec.style,
        subjects=subjects(spec, stories),
    )
    collection = Collection(meta, tuple(stories), tuple(s.path for s in spec.stories))
    return Prepared(spec, collection, tuple(reports), book_date(stories, spec.date), layouts)
