"""`ficbind compile`: collections → OUT/<name>.epub and OUT/<name>.pdf, with progress."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from compiler.cli.app import Format, app, err, handled, progress_bars, size_text
from compiler.load.manifest import CollectionSpec, load_manifest
from compiler.run.project import build_lock, check_outputs, chosen_manifests, out_folder


@app.command("compile")
@handled
def compile_command(
    collections: Annotated[
        Optional[list[str]], typer.Argument(help="Manifest paths, or names of manifests in manifests/.", show_default=False, metavar="[COLLECTION]...")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Compile every manifest in manifests/.")] = False,
    formats: Annotated[
        Optional[list[Format]],
        typer.Option("--format", "-f", help="Output format (epub, pdf, or kepub for Kobo); repeat for several. Default: epub and pdf."),
    ] = None,
    out: Annotated[
        Optional[Path], typer.Option("--out", "-o", help="Folder for the outputs (default: out/ in the project, "
                                     "the folder that holds manifests/ or the manifest).", show_default=False)
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list every repair and typography change.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even outputs whose inputs have not changed.")] = False,
    jobs: Annotated[
        Optional[int],
        typer.Option(
            "--jobs", "-j", min=1,
            help="Jobs at once: stories read and typeset, PDF parts laid out (default: one per core). No more "
            "local processes start than there are jobs, cores, or 256 MB of free memory each "
            "(FICBIND_MAX_JOBS: another cap).",
        ),
    ] = None,
    executor: Annotated[
        str,
        typer.Option(
            "--executor",
            help="Where that work runs: local (processes on this machine) or dask://HOST:PORT (a Dask cluster's scheduler). "
            "The outputs are the same.",
        ),
    ] = "local",
) -> None:
    """Compile collections into OUT/<name>.epub and OUT/<name>.pdf.

    Outputs whose manifest, stories, styles and compiler are unchanged are not rebuilt
    (checked by content); --force rebuilds them.

    Example: ficbind compile sample --format epub
    """
    from compiler.run.executors import check_executor
    from compiler.run.processes import process_cap

    executor = check_executor(executor)
    if jobs is not None and executor == "local" and not quiet and jobs > process_cap():
        err.print(
            f"note: --jobs {jobs}: at most {process_cap()} worker processes run at once on this machine "
            "(one per core and per 256 MB free; FICBIND_MAX_JOBS sets another cap)"
        )
    manifests = chosen_manifests(collections, all_, "compile")
    chosen = [f.value for f in (formats or [Format.epub, Format.pdf])]
    chosen = list(dict.fromkeys(chosen))

    specs = [load_manifest(manifest) for manifest in manifests]  # every manifest checked before any build
    check_outputs(specs, chosen, out)
    progress = progress_bars(quiet)
    with progress:
        for spec in specs:
            folder = out_folder(spec, out)
            waiting = functools.partial(err.print, f"waiting: another ficbind is building {spec.name} into {folder}")
            with build_lock(folder, spec.name, waiting):
                _compile_one(spec, chosen, folder, force, quiet, verbose, progress, jobs, executor)


def _compile_one(
    spec: CollectionSpec, chosen: list[str], out: Path, force: bool, quiet: bool, verbose: bool, progress,
    jobs: int | None = None, executor: str = "local",
) -> None:
    from compiler.run.files import display_path, output_path
    from compiler.run.state import pending_formats

    digests, pending = pending_formats(spec, chosen, out, force)
    for fmt in chosen:
        if fmt not in pending and not quiet:
            progress.console.print(f"up to date: {escape(display_path(output_path(spec, fmt, out)))}")
    if not pending:
        return  # up to date: the stages are not even imported (130 ms of a no-op's 300)
    from concurrent.futures import Future

    from compiler.run.build import build, draw_cover_into
    from compiler.run.cache import Cache, cache_dir
    from compiler.run.executors import default_jobs
    from compiler.run.prepare import prepare
    task = progress.add_task(f"{spec.name}: reading", total=len(spec.stories))

    def steps(what: str, unit: str):
        def step(done: int, total: int) -> None:
            progress.update(task, description=f"{spec.name}: {what} {done}/{total} {unit}", completed=done, total=total)

        return step

    jobs = jobs or default_jobs()
    epub_only = all(fmt in ("epub", "kepub") for fmt in pending)
    cache = Cache(cache_dir(out), read=not force)
    cover: Future | None = Future() if any(fmt in ("epub", "kepub") for fmt in pending) else None
    meanwhile = functools.partial(draw_cover_into, spec, cover) if cover is not None else None
    prepared = prepare(spec, jobs, executor, steps("reading", "stories"), epub_only, cache, meanwhile)
    console = progress.console
    for report in prepared.reports:
        for diagnostic in report.diagnostics:
            if not quiet:
                console.print(f"[yellow]warning[/yellow]: {escape(str(diagnostic))}")
        if verbose:
            for repair in report.repairs:
                console.print(escape(f"{report.display}: repaired {repair.name} ×{repair.count} ({repair.reason})"))
            for change in report.changes:
                console.print(escape(str(change)))
    for fmt in pending:
        progress.update(task, description=f"{spec.name}: {fmt}", completed=0, total=1)
        output = build(prepared, fmt, out, jobs, executor, steps(fmt, "parts"), digests[fmt], cache, cover)
        progress.update(task, completed=1, total=1)
        for warning in output.warnings:
            console.print(f"[yellow]warning[/yellow]: {escape(display_path(output.path))}: {escape(warning)}")
        if not quiet:
            stories = len(prepared.collection.stories)
            console.print(
                f"[green]wrote[/green] {escape(display_path(output.path))} "
                f"({stories} {'story' if stories == 1 else 'stories'}, {size_text(output.size)})"
            )
    progress.remove_task(task)
