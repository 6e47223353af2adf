"""Build: a prepared collection → each output made and written.

The write stage makes the bytes (EPUB, Kobo EPUB, PDF); here they are written
atomically and the build is recorded, so that an output whose inputs are unchanged is
not made again (state.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from compiler.errors import BuildError
from compiler.run.executors import LOCAL, pool_opener
from compiler.run.files import display_path, output_path, write_output
from compiler.run.prepare import Prepared, Progress
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
    from compiler.write.assets import styles_dir
    from compiler.write.cover import draw_cover, load_cover, series_line

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
        cover_fandom(prepared),
    )


def cover_fandom(prepared: Prepared) -> str:
    """The fandom the cover names: the manifest's, else the one (or two) the stories'
    `Fandom:` header fields agree on; none when the stories range wider."""
    if prepared.spec.fandom:
        return " · ".join(prepared.spec.fandom)
    found: dict[str, str] = {}
    for story in prepared.collection.stories:
        for key, value in story.meta.fields:
            if key.casefold() in ("fandom", "fandoms"):
                for name in value.split(","):
                    if name.strip():
                        found.setdefault(name.strip().casefold(), name.strip())
    return " · ".join(found.values()) if 0 < len(found) <= 2 else ""


def render_format(
    prepared: Prepared, fmt: str, jobs: int = 1, executor: str = LOCAL, progress: Progress | None = None
) -> tuple[bytes, list[str]]:
    if fmt in ("epub", "kepub"):
        from compiler.write.epub import Packaging, epub_bytes

        packaging = Packaging(prepared.spec.style_bundle, cover_image(prepared), kobo=fmt == "kepub")
        return epub_bytes(prepared.collection, prepared.modified, packaging, prepared.layouts), []
    if fmt == "pdf":
        if prepared.layouts is not None:  # its stories were sent back without their text
            raise BuildError("internal: a collection prepared for EPUB only cannot make a PDF")
        from compiler.write.fetch import NO_STYLE
        from compiler.write.pdf import pdf_bytes

        spec = prepared.spec
        user = spec.style_bundle.pdf_style() if spec.style_bundle is not None else NO_STYLE
        return pdf_bytes(prepared.collection, prepared.modified, user, spec.pdf, jobs, pool_opener(executor, jobs), progress)
    raise BuildError(f"unknown format `{fmt}`", hint="use epub, kepub or pdf")


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
