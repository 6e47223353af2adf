"""Build: a prepared collection → each output made and written.

The write stage makes the bytes (EPUB, Kobo EPUB, PDF); here they are written
atomically and the build is recorded, so that an output whose inputs are unchanged is
not made again (state.py).
"""

from __future__ import annotations

import hashlib
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from compiler.errors import BuildError
from compiler.load.manifest import CollectionSpec
from compiler.run.cache import Cache
from compiler.run.executors import LOCAL, pool_opener
from compiler.run.files import display_path, output_path, write_output
from compiler.run.prepare import Prepared, Progress, header_values
from compiler.run.state import record_build


@dataclass(frozen=True)
class Output:
    format: str
    path: Path
    size: int
    digest: str
    warnings: tuple[str, ...] = ()


def cover_image(prepared: Prepared):
    """The manifest's cover, or one drawn from the title, author and series."""
    return _cover_of(prepared.spec, cover_fandom(prepared.spec, prepared.collection.stories))


def _cover_of(spec: CollectionSpec, fandom: str):
    from compiler.write.assets import styles_dir
    from compiler.write.cover import draw_cover, load_cover, series_line

    if spec.cover is not None:
        return load_cover(spec.cover)
    fonts = styles_dir() / "fonts"
    return draw_cover(
        spec.title,
        spec.author,
        series_line(spec.series, spec.series_index),
        fonts / "EBGaramond12-Regular.otf",
        fonts / "EBGaramond12-Italic.otf",
        fandom,
    )


def cover_fandom(spec: CollectionSpec, stories=()) -> str:
    """The fandom the cover names: the manifest's, else the one (or two) the stories'
    `Fandom:` header fields agree on; none when the stories range wider."""
    if spec.fandom:
        return " · ".join(spec.fandom)
    found: dict[str, str] = {}
    for story in stories:
        for name in header_values(story, ("fandom", "fandoms")):
            found.setdefault(name.casefold(), name)
    return " · ".join(found.values()) if 0 < len(found) <= 2 else ""


def draw_cover_into(spec: CollectionSpec, future: Future) -> None:
    """The cover made into `future` (its error too, raised where the cover is used):
    prepare() calls this while its workers prepare the stories, the main process having
    nothing else to do meanwhile. Only a cover the manifest alone decides is made early
    (its image, or a drawn one with the manifest's fandom); one that names the fandom of
    the stories' headers waits for them, and `future` is left undone."""
    if spec.cover is None and not spec.fandom:
        return
    try:
        future.set_result(_cover_of(spec, cover_fandom(spec)))
    except Exception as error:  # noqa: BLE001 - raised by result(), where the cover is used
        future.set_exception(error)


def render_format(
    prepared: Prepared, fmt: str, jobs: int = 1, executor: str = LOCAL, progress: Progress | None = None,
    cache: Cache | None = None, cover: Future | None = None,
) -> tuple[bytes, list[str]]:
    """One output's bytes and warnings; `cover`: the cover, if already made (draw_cover_into)."""
    if fmt in ("epub", "kepub"):
        from compiler.write.epub import Packaging, epub_bytes

        image = cover.result() if cover is not None and cover.done() else cover_image(prepared)
        packaging = Packaging(prepared.spec.style_bundle, image, kobo=fmt == "kepub")
        return epub_bytes(prepared.collection, prepared.modified, packaging, prepared.layouts), []
    if fmt == "pdf":
        if prepared.layouts is not None:  # its stories were sent back without their text
            raise BuildError("internal: a collection prepared for EPUB only cannot make a PDF")
        from compiler.write.fetch import NO_STYLE
        from compiler.write.pdf import pdf_bytes

        spec = prepared.spec
        user = spec.style_bundle.pdf_style() if spec.style_bundle is not None else NO_STYLE
        return pdf_bytes(
            prepared.collection, prepared.modified, user, spec.pdf, jobs, pool_opener(executor, jobs), progress, cache
        )
    raise BuildError(f"unknown format `{fmt}`", hint="use epub, kepub or pdf")


def build(
    prepared: Prepared, fmt: str, out_dir: Path, jobs: int = 1, executor: str = LOCAL,
    progress: Progress | None = None, digest: str | None = None, cache: Cache | None = None,
    cover: Future | None = None,
) -> Output:
    """Make one output and write it; `digest` is the inputs' digest taken before they
    were read (computed now when not given). The `cache`'s new entries (the stories
    prepared, the PDF's parts) are written once the output is."""
    data, warnings = render_format(prepared, fmt, jobs, executor, progress, cache, cover)
    target = output_path(prepared.spec, fmt, out_dir)
    try:
        write_output(target, data)
        record_build(prepared.spec, fmt, out_dir, digest)
        if cache is not None:
            cache.commit()
    except OSError as error:
        raise BuildError(
            f"cannot write {target}: {error.strerror}", path=display_path(target), hint="choose another folder with --out"
        ) from None
    return Output(fmt, target, len(data), hashlib.sha256(data).hexdigest(), tuple(warnings))
