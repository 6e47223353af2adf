"""The flow, end to end: CollectionSpec → Collection → EPUB and PDF files.

    load (manifest.py) → read (source.py) → parse (parse.py) → typeset (typeset.py)
    → render (render.py) → epub.py / pdf.py → write (here)

Everything before `write_output` is pure over its inputs; I/O sits at the two ends.
Outputs are written to a temporary file beside the target and renamed into place, so an
interrupted or failed build never leaves a half-written book.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from compiler.check import Fidelity, fidelity
from compiler.chunks import StoryLayout, layout_story
from compiler.errors import BuildError
from compiler.executors import LOCAL, code_digest, default_jobs, open_workers
from compiler.manifest import CollectionSpec, StorySpec
from compiler.model import Collection, CollectionMeta, Origin, Story
from compiler.parse import Diagnostic, parse_story
from compiler.placement import place
from compiler.source import Repair, decode_source, read_raw, read_source
from compiler.typeset import Change, typeset_story

FORMATS = ("epub", "pdf", "kepub")
EXTENSIONS = {"epub": "epub", "pdf": "pdf", "kepub": "kepub.epub"}


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

    @property
    def changes(self) -> tuple[Change, ...]:
        return tuple(Change(rule, n, Origin(path, line, end)) for rule, n, path, line, end in self.change_rows)


@dataclass(frozen=True)
class Prepared:
    spec: CollectionSpec
    collection: Collection
    reports: tuple[StoryReport, ...]
    modified: datetime
    # For an EPUB-only build in worker processes: each story's EPUB documents, laid out
    # by the worker, which then sends back the story without its sections (the text
    # travels once, as XHTML). Such a collection makes EPUBs only.
    layouts: tuple[StoryLayout, ...] | None = None


def display_path(path: Path) -> str:
    """How messages name a file: relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


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


def source_date(spec: CollectionSpec) -> datetime:
    """The build's date: SOURCE_DATE_EPOCH if set, else when the inputs last changed,
    so that building the same files again gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    paths = [spec.manifest, *(s.path for s in spec.stories)]
    paths.extend(p for p in (spec.cover, spec.style_path) if p is not None)
    newest = max(int(p.stat().st_mtime) for p in paths)
    return datetime.fromtimestamp(newest, tz=timezone.utc)


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


def subjects(spec: CollectionSpec, stories: list[Story]) -> tuple[str, ...]:
    """Fandoms, pairings and tags, from the manifest and the stories' headers, once each."""
    found: list[str] = [*spec.fandom, *spec.tags]
    for story_spec, story in zip(spec.stories, stories):
        found += [*story_spec.fandom, *story_spec.tags]
        for key, value in story.meta.fields:
            if key.casefold() in _SUBJECT_FIELDS:
                found += [part.strip() for part in re.split(r"[,;]", value) if part.strip()]
    seen: set[str] = set()
    unique = []
    for subject in found:
        if subject.casefold() not in seen:
            seen.add(subject.casefold())
            unique.append(subject)
    return tuple(unique)


def prepare_story(
    spec: CollectionSpec, story_spec: StorySpec, raw: bytes | None = None, count_words: bool = True
) -> tuple[Story, StoryReport]:
    """Read (unless its bytes are given), parse, place and typeset one story (pure but
    for reading its file); with `count_words`, also count that every word survived
    (`check` does; a compile skips it, a fifth of its time, and its result was unused)."""
    display = display_path(story_spec.path)
    source = read_source(story_spec.path, display) if raw is None else decode_source(raw, story_spec.path, display)
    parsed = parse_story(source, spec.markers_for(story_spec))
    story = place(parsed.story, spec.notes_for(story_spec), spec.flashbacks_for(story_spec))
    story = apply_overrides(story, story_spec, spec)
    story, changes = typeset_story(story, spec.typography, spec.quotes_for(story_spec))
    rows = tuple((c.rule, c.count, c.origin.path, c.origin.line, c.origin.end_line) for c in changes)
    report = StoryReport(
        source.display, source.encoding, source.repairs, parsed.diagnostics, rows,
        fidelity(source, parsed) if count_words else None, len(parsed.story.sections),
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


def prepare(
    spec: CollectionSpec, jobs: int = 1, executor: str = LOCAL, progress: Progress | None = None,
    epub_only: bool = False,
) -> Prepared:
    """Read, parse and typeset every story of a collection: in `jobs` processes here, or
    on a Dask cluster (`executor`); the result is the same either way. `epub_only`: only
    EPUBs will be made, so workers may lay stories out as EPUB documents themselves."""
    stories: list[Story] = []
    reports: list[StoryReport] = []
    total = len(spec.stories)
    step = progress or (lambda done, total: None)
    layouts: tuple[StoryLayout, ...] | None = None
    with open_workers(executor, jobs, total) as workers:
        if workers is None:
            results = []
            for story_spec in spec.stories:
                results.append(prepare_story(spec, story_spec, count_words=False))
                step(len(results), total)
        else:
            # Remote workers get the stories' bytes (they may not see this machine's
            # files); each job carries its own story's settings, not the whole list.
            raws = [read_raw(s.path, display_path(s.path)) if workers.remote else None for s in spec.stories]
            shared = replace(spec, stories=())
            # Longest stories first, so that no worker is left with a long one at the end.
            order = sorted(range(total), key=lambda i: -_size_of(spec.stories[i].path))
            futures = {
                i: workers.pool.submit(_prepare_story_job, (shared, spec.stories[i], raws[i], i + 1 if epub_only else 0))
                for i in order
            }
            done = []
            for i in range(total):  # in the manifest's order: the first bad story is the one reported
                done.append(futures[i].result())
                step(i + 1, total)
            results = [(story, report) for story, report, _ in done]
            if epub_only:
                layouts = tuple(layout for _, _, layout in done)
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
    return Prepared(spec, collection, tuple(reports), source_date(spec), layouts)


@dataclass(frozen=True)
class Output:
    format: str
    path: Path
    size: int
    digest: str
    warnings: tuple[str, ...] = ()


def write_output(path: Path, data: bytes) -> None:
    """Write atomically: a temporary file in the same folder, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def cover_image(prepared: Prepared):
    """The manifest's cover, or one drawn from the title, author and series."""
    from compiler.assets import styles_dir
    from compiler.cover import draw_cover, load_cover, series_line

    spec = prepared.spec
    if spec.cover is not None:
        return load_cover(spec.cover)
    meta = prepared.collection.meta
    fonts = styles_dir() / "fonts"
    return draw_cover(
        meta.title,
        meta.author,
        series_line(meta.series, meta.series_index),
        fonts / "EBGaramond12-Regular.otf",
        fonts / "EBGaramond12-Italic.otf",
    )


def render_format(
    prepared: Prepared, fmt: str, jobs: int = 1, executor: str = LOCAL, progress: Progress | None = None
) -> tuple[bytes, list[str]]:
    if fmt in ("epub", "kepub"):
        from compiler.epub import Packaging, epub_bytes

        packaging = Packaging(prepared.spec.style_path, cover_image(prepared), kobo=fmt == "kepub")
        return epub_bytes(prepared.collection, prepared.modified, packaging, prepared.layouts), []
    if fmt == "pdf":
        if prepared.layouts is not None:  # its stories were sent back without their text
            raise BuildError("internal: a collection prepared for EPUB only cannot make a PDF")
        from compiler.pdf import pdf_bytes

        spec = prepared.spec
        return pdf_bytes(prepared.collection, prepared.modified, spec.style_path, spec.pdf, jobs, executor, progress)
    raise BuildError(f"unknown format `{fmt}`", hint="use epub, kepub or pdf")


STATE_FILE = ".ficbind-state.json"


# A file's content hash is remembered with what stat says of it: a file whose size,
# modification and change times and inode are all as they were has the content it had
# (the change time moves on every write and cannot be set back), so a no-op build reads
# no story. A file written in the last few seconds is read again every time, as git does
# for "racily clean" files: timestamps are coarser than a quick second edit.
_RECENT_NS = 3 * 10**9
_remembered: dict[str, list] = {}  # path → [size, mtime_ns, ctime_ns, inode, sha256 hex]


def file_digest(path: Path, known: dict[str, list] | None = None) -> str:
    """The SHA-256 of a file's content, read only when stat says it may have changed."""
    info = path.stat()
    key = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
    name = str(path.absolute())
    entry = _remembered.get(name) or (known or {}).get(name)
    if isinstance(entry, list) and len(entry) == 5 and entry[:4] == key:
        return entry[4]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > _RECENT_NS:
        _remembered[name] = [*key, digest]
    return digest


def _inputs(spec: CollectionSpec) -> list[Path]:
    from compiler.assets import styles_dir

    files = [spec.manifest, *(story.path for story in spec.stories)]
    files += [p for p in (spec.cover, spec.style_path) if p is not None]
    return files + sorted(p for p in styles_dir().rglob("*") if p.is_file())


def input_digest(spec: CollectionSpec, fmt: str, known: dict[str, list] | None = None) -> str:
    """Everything an output is made from, hashed by content (timestamps only say when a
    file must be read again)."""
    digest = hashlib.sha256(f"{fmt}\0{code_digest()}\0".encode())
    for path in _inputs(spec):
        digest.update(str(path.name).encode() + b"\0")
        digest.update(bytes.fromhex(file_digest(path, known)))
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    return digest.hexdigest()


def _read_state(out_dir: Path) -> dict:
    import json

    try:
        data = json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _known_files(state: dict) -> dict[str, list]:
    files = state.get("files")
    return files if isinstance(files, dict) else {}


def current_digest(spec: CollectionSpec, fmt: str, out_dir: Path) -> str:
    """The inputs' digest now, using the hashes remembered in the output folder."""
    return input_digest(spec, fmt, _known_files(_read_state(out_dir)))


def is_up_to_date(spec: CollectionSpec, fmt: str, out_dir: Path, digest: str | None = None) -> bool:
    target = output_path(spec, fmt, out_dir)
    if not target.is_file():
        return False
    state = _read_state(out_dir)
    return state.get(target.name) == (digest or input_digest(spec, fmt, _known_files(state)))


def record_build(spec: CollectionSpec, fmt: str, out_dir: Path, digest: str | None = None) -> None:
    """Remember what an output was made from: `digest`, taken before its inputs were
    read (a story edited during the build then leaves the output out of date), and the
    file hashes worth remembering."""
    import json

    state = _read_state(out_dir)
    known = _known_files(state)
    state[output_path(spec, fmt, out_dir).name] = digest or input_digest(spec, fmt, known)
    for path in _inputs(spec):
        name = str(path.absolute())
        if name in _remembered:
            known[name] = _remembered[name]
    state["files"] = known
    write_output(out_dir / STATE_FILE, json.dumps(state, indent=1, sort_keys=True).encode("utf-8"))


def output_path(spec: CollectionSpec, fmt: str, out_dir: Path) -> Path:
    return out_dir / f"{spec.name}.{EXTENSIONS[fmt]}"


def build(
    prepared: Prepared, fmt: str, out_dir: Path, jobs: int = 1, executor: str = LOCAL,
    progress: Progress | None = None, digest: str | None = None,
) -> Output:
    """Make one output and write it; `digest` is the inputs' digest taken before they
    were read (computed now when not given)."""
    data, warnings = render_format(prepared, fmt, jobs, executor, progress)
    target = output_path(prepared.spec, fmt, out_dir)
    try:
        write_output(target, data)
        record_build(prepared.spec, fmt, out_dir, digest)
    except OSError as error:
        raise BuildError(
            f"cannot write {target}: {error.strerror}", path=display_path(target), hint="choose another folder with --out"
        ) from None
    return Output(fmt, target, len(data), hashlib.sha256(data).hexdigest(), tuple(warnings))
