"""The `ficbind` command: a thin layer over build.py.

Errors a user can fix (FicbindError) become one line, `file:line: what — what to do`, on
stderr with a non-zero exit status, here and nowhere else. Data goes to stdout,
messages to stderr.
"""

from __future__ import annotations

import contextlib
import functools
import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer
from rich.console import Console
from rich.markup import escape

from compiler import __version__
from compiler.errors import ExitCode, FicbindError
from compiler.manifest import load_manifest

app = typer.Typer(
    name="ficbind",
    help="Compile plain-text fan fiction into EPUB and PDF books.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)

MANIFEST_DIR = Path("manifests")


class Format(StrEnum):
    epub = "epub"
    pdf = "pdf"
    kepub = "kepub"


def handled(command: Callable[..., None]) -> Callable[..., None]:
    """Turn what can go wrong in a command into a message and an exit status, in one place."""

    @functools.wraps(command)
    def run(*args, **kwargs) -> None:
        try:
            command(*args, **kwargs)
        except FicbindError as error:
            err.print(f"[red]error[/red]: {escape(str(error))}")
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            err.print("interrupted: no half-written output was left behind")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # `ficbind outline … | head`: the reader stopped reading; not an error.
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            raise typer.Exit(0) from None
        except Exception as error:  # noqa: BLE001 - the one place that turns surprises into a message
            err.print(f"[red]internal error[/red]: {type(error).__name__}: {escape(str(error))}")
            err.print("This is a bug in ficbind; please report it with the command you ran.")
            if os.environ.get("FICBIND_DEBUG"):
                raise
            raise typer.Exit(ExitCode.INTERNAL) from None

    return run


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ficbind {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
) -> None:
    """Compile plain-text fan fiction into EPUB and PDF books."""


def resolve_collection(name: str) -> Path:
    """A manifest path, or the name of a manifest in manifests/."""
    path = Path(name)
    if path.is_file():
        return path
    for candidate in (MANIFEST_DIR / f"{name}.yaml", MANIFEST_DIR / f"{name}.yml", MANIFEST_DIR / name):
        if candidate.is_file():
            return candidate
    known = sorted(p.stem for p in _all_manifests())
    hint = ("collections in manifests/: " + ", ".join(known)) if known else "give the path to a manifest .yaml file"
    raise FicbindError(f"no such collection: {name}", hint=hint)


def _all_manifests() -> list[Path]:
    if not MANIFEST_DIR.is_dir():
        return []
    return sorted([*MANIFEST_DIR.glob("*.yaml"), *MANIFEST_DIR.glob("*.yml")])


class _Plain:
    """Progress for a terminal that is not one (a pipe, CI): plain lines, no bars."""

    def __init__(self) -> None:
        self.console = err

    def __enter__(self) -> _Plain:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def add_task(self, description: str, total: int) -> int:
        return 0

    def advance(self, task: int) -> None:
        return None

    def update(self, task: int, **fields) -> None:
        return None

    def remove_task(self, task: int) -> None:
        return None


def _progress(quiet: bool):
    """A progress bar per collection and format on a terminal; plain lines elsewhere."""
    if quiet or not err.is_terminal:
        return _Plain()
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
        console=err, transient=True,
    )


@contextlib.contextmanager
def build_lock(out: Path, name: str):
    """One build of a collection into a folder at a time: a second one waits its turn."""
    import fcntl

    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = open(out / f".{name}.lock", "w")  # noqa: SIM115 - held for the build
    except OSError as error:
        raise FicbindError(f"cannot write to {out}: {error.strerror}", path=str(out), hint="choose another folder with --out") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            err.print(f"waiting: another ficbind is building {name} into {out}")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        handle.close()


def _chosen_manifests(names: list[str] | None, all_: bool, verb: str) -> list[Path]:
    """The manifests a command works on: those named, or with --all every one in manifests/."""
    if all_:
        manifests = _all_manifests()
        if not manifests:
            raise FicbindError("no manifests in manifests/", hint="run ficbind from your project folder")
        return manifests
    if names:
        return [resolve_collection(name) for name in names]
    raise FicbindError(f"name a collection to {verb}, or use --all", hint=f"e.g. ficbind {verb} sample")


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


@app.command("compile")
@handled
def compile_command(
    collections: Annotated[
        Optional[list[str]], typer.Argument(help="Manifest paths, or names of manifests in manifests/.", show_default=False)
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Compile every manifest in manifests/.")] = False,
    formats: Annotated[
        Optional[list[Format]],
        typer.Option("--format", "-f", help="Output format (epub, pdf, or kepub for Kobo); repeat for several. Default: epub and pdf."),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the outputs.")] = Path("out"),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list every repair and typography change.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even outputs whose inputs have not changed.")] = False,
    jobs: Annotated[
        Optional[int],
        typer.Option("--jobs", "-j", min=1, help="Processes to read and typeset stories and lay out PDF parts in (default: one per core)."),
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
    from compiler.executors import check_executor

    executor = check_executor(executor)
    manifests = _chosen_manifests(collections, all_, "compile")
    chosen = [f.value for f in (formats or [Format.epub, Format.pdf])]
    chosen = list(dict.fromkeys(chosen))

    specs = [load_manifest(manifest) for manifest in manifests]  # every manifest checked before any build
    progress = _progress(quiet)
    with progress:
        for spec in specs:
            with build_lock(out, spec.name):
                _compile_one(spec, chosen, out, force, quiet, verbose, progress, jobs, executor)


def _compile_one(
    spec, chosen: list[str], out: Path, force: bool, quiet: bool, verbose: bool, progress,
    jobs: int | None = None, executor: str = "local",
) -> None:
    from compiler.build import build, current_digest, default_jobs, display_path, is_up_to_date, output_path, prepare

    # Taken before anything is read: a story edited during the build leaves it out of date.
    digests = {fmt: current_digest(spec, fmt, out) for fmt in chosen}
    pending = [fmt for fmt in chosen if force or not is_up_to_date(spec, fmt, out, digests[fmt])]
    for fmt in chosen:
        if fmt not in pending and not quiet:
            progress.console.print(f"up to date: {escape(display_path(output_path(spec, fmt, out)))}")
    if not pending:
        return
    task = progress.add_task(f"{spec.name}: reading", total=len(spec.stories))

    def steps(what: str, unit: str):
        def step(done: int, total: int) -> None:
            progress.update(task, description=f"{spec.name}: {what} {done}/{total} {unit}", completed=done, total=total)

        return step

    jobs = jobs or default_jobs()
    epub_only = all(fmt in ("epub", "kepub") for fmt in pending)
    prepared = prepare(spec, jobs, executor, steps("reading", "stories"), epub_only)
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
        output = build(prepared, fmt, out, jobs, executor, steps(fmt, "parts"), digests[fmt])
        progress.update(task, completed=1, total=1)
        for warning in output.warnings:
            console.print(f"[yellow]warning[/yellow]: {escape(display_path(output.path))}: {escape(warning)}")
        if not quiet:
            stories = len(prepared.collection.stories)
            console.print(
                f"[green]wrote[/green] {escape(display_path(output.path))} "
                f"({stories} {'story' if stories == 1 else 'stories'}, {_size(output.size)})"
            )
    progress.remove_task(task)


@app.command("outline")
@handled
def outline_command(
    target: Annotated[str, typer.Argument(help="A story .txt file, a manifest, or the name of a manifest in manifests/.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the outline as JSON.")] = False,
    changes: Annotated[
        bool, typer.Option("--changes", help="Also list every repair and typography change, line by line.")
    ] = False,
) -> None:
    """Show the structure ficbind detects in a story or collection, before compiling.

    Example: ficbind outline manifests/stories/spare-parts.txt --changes
    """
    import json

    from compiler.build import display_path
    from compiler.outline import outline_json, outline_text
    from compiler.parse import parse_story
    from compiler.source import read_source

    from compiler.outline import changes_text
    from compiler.typeset import typeset_story

    path = Path(target)
    switches: dict[str, bool] = {}
    if path.suffix.lower() in (".yaml", ".yml") or not path.exists():
        spec = load_manifest(resolve_collection(target))
        switches = spec.typography
        files = [(story.path, spec.markers_for(story)) for story in spec.stories]
    elif path.is_dir():
        raise FicbindError("is a folder", path=target, hint="give a story .txt file or a manifest")
    else:
        files = [(path, ())]
    outlines = []
    for file, markers in files:
        source = read_source(file, display_path(file))
        parsed = parse_story(source, markers)
        if as_json:
            data = outline_json(parsed, source.display)
            if changes:
                _, made = typeset_story(parsed.story, switches)
                data["repairs"] = [{"name": r.name, "count": r.count} for r in source.repairs]
                data["changes"] = [{"line": c.origin.line, "rule": c.rule, "count": c.count} for c in made]
            outlines.append(data)
        else:
            text = outline_text(parsed, source.display)
            if changes:
                _, made = typeset_story(parsed.story, switches)
                text += changes_text(source.repairs, made, source.display)
            outlines.append(text)
    if as_json:
        typer.echo(json.dumps(outlines if len(outlines) > 1 else outlines[0], ensure_ascii=False, indent=2))
    else:
        typer.echo("\n".join(outlines), nl=False)


@app.command("check")
@handled
def check_command(
    collections: Annotated[
        Optional[list[str]], typer.Argument(help="Manifest paths, or names of manifests in manifests/.", show_default=False)
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Check every manifest in manifests/.")] = False,
) -> None:
    """Check collections without writing anything: manifests, files, markers, repairs, words.

    Reports what compiling would do: the encoding of each story, the repairs the reader
    would make, structure that looks unfinished (an end marker with no start), the
    typography changes by rule, and whether every word survives (it must).

    Example: ficbind check sample
    """
    from compiler.build import display_path, prepare_story

    problems = 0
    for manifest in _chosen_manifests(collections, all_, "check"):
        spec = load_manifest(manifest)
        typer.echo(f"{display_path(manifest)}: {len(spec.stories)} stories, manifest valid")
        for story in spec.stories:
            _, report = prepare_story(spec, story)  # what compile does, short of writing
            totals: dict[str, int] = {}
            for change in report.changes:
                totals[change.rule] = totals.get(change.rule, 0) + change.count
            typer.echo(f"  {report.display} ({report.encoding}): {report.sections} sections")
            for repair in report.repairs:
                typer.echo(f"    repair: {repair.name} ×{repair.count} ({repair.reason})")
            for diagnostic in report.diagnostics:
                typer.echo(f"    warning: line {diagnostic.origin.line}: {diagnostic.message}")
            if totals:
                typer.echo("    typography: " + ", ".join(f"{k} ×{v}" for k, v in sorted(totals.items())))
            kept = report.fidelity
            assert kept is not None  # prepare_story counts words unless told not to
            if kept.ok:
                typer.echo("    words: all kept")
            else:
                problems += 1
                typer.echo(f"    words: LOST {' '.join(kept.lost[:20])} DOUBLED {' '.join(kept.doubled[:20])}")
    if problems:
        raise FicbindError(
            f"{problems} {'story' if problems == 1 else 'stories'} would lose or double words",
            hint="this is a bug in ficbind; please report it with the story",
            exit_code=ExitCode.BUILD_FAILED,
        )


@app.command("init")
@handled
def init_command(
    folder: Annotated[Path, typer.Argument(help="A folder of .txt stories.")],
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Where to write the manifest (default: FOLDER/<folder>.yaml).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing manifest.")] = False,
) -> None:
    """Write a starter manifest for a folder of .txt stories, titles read from the files.

    Example: ficbind init ~/fic/gull-reach
    """
    from compiler.initialize import starter_manifest

    if not folder.is_dir():
        raise FicbindError("is not a folder", path=str(folder), hint="give the folder that holds your .txt stories")
    target = output or folder / f"{folder.resolve().name}.yaml"
    if target.exists() and not force:
        raise FicbindError("already exists", path=str(target), hint="use --force to overwrite it, or --output elsewhere")
    text = starter_manifest(folder, target.parent)
    from compiler.build import write_output
    from compiler.schema import schema_text

    write_output(target, text.encode("utf-8"))
    err.print(f"[green]wrote[/green] {escape(str(target))}")
    schema = target.parent / "ficbind.schema.json"
    if not schema.exists():  # so editors can complete and check the manifest
        write_output(schema, schema_text().encode("utf-8"))
        err.print(f"[green]wrote[/green] {escape(str(schema))}")


@app.command("list")
@handled
def list_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder of the outputs to compare.")] = Path("out"),
) -> None:
    """List the collections in manifests/ and whether their outputs are up to date.

    Example: ficbind list
    """
    from compiler.build import is_up_to_date, output_path

    manifests = _all_manifests()
    if not manifests:
        raise FicbindError("no manifests in manifests/", hint="run ficbind from your project folder, or ficbind init")
    for manifest in manifests:
        try:
            spec = load_manifest(manifest)
        except FicbindError as error:
            typer.echo(f"{manifest.stem}: invalid ({error})")
            continue
        states = []
        for fmt in ("epub", "pdf"):
            path = output_path(spec, fmt, out)
            state = "up to date" if is_up_to_date(spec, fmt, out) else ("out of date" if path.exists() else "not built")
            states.append(f"{fmt} {state}")
        typer.echo(f"{manifest.stem}: {spec.title} ({len(spec.stories)} stories): {', '.join(states)}")


@app.command("schema")
@handled
def schema_command() -> None:
    """Print the manifest's JSON Schema, for editors that complete and check YAML.

    Example: ficbind schema > manifests/ficbind.schema.json
    """
    from compiler.schema import schema_text

    typer.echo(schema_text(), nl=False)


@app.command("sideload")
@handled
def sideload_command(
    collection: Annotated[str, typer.Argument(help="A manifest path, or the name of a manifest in manifests/.")],
    device: Annotated[
        Optional[Path], typer.Option("--device", "-d", help="The folder where the e-reader is mounted.")
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the compiled outputs.")] = Path("out"),
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Say what would be done, and do nothing.")] = False,
) -> None:
    """Copy a collection onto a connected e-reader, compiling it first if it is out of date.

    A Kobo gets the Kobo EPUB (.kepub.epub); a Kindle an AZW3 made with Calibre's
    ebook-convert, in documents/; other e-readers the EPUB.

    Example: ficbind sideload sample --dry-run
    """
    import tempfile

    from compiler.build import build, display_path, is_up_to_date, output_path, prepare
    from compiler.sideload import choose_device, convert_to_azw3, copy_to_device

    spec = load_manifest(resolve_collection(collection))
    target = choose_device(device)
    source_format = "epub" if target.format == "azw3" else target.format
    compiled = output_path(spec, source_format, out)
    fresh = is_up_to_date(spec, source_format, out)
    name = f"{spec.name}.azw3" if target.format == "azw3" else compiled.name
    if dry_run:
        if not fresh:
            typer.echo(f"would compile {display_path(compiled)}")
        if target.format == "azw3":
            typer.echo(f"would convert it to AZW3 with ebook-convert")
        typer.echo(f"would copy {name} to the {target.label} at {target.folder}")
        return
    if not fresh:
        build(prepare(spec), source_format, out)
        err.print(f"[green]compiled[/green] {escape(display_path(compiled))}")
    if target.format == "azw3":
        with tempfile.TemporaryDirectory() as scratch:
            azw3 = Path(scratch) / name
            convert_to_azw3(compiled, azw3)
            placed = copy_to_device(azw3, target, name)
    else:
        placed = copy_to_device(compiled, target, name)
    err.print(f"[green]copied[/green] {escape(name)} to the {target.label}: {escape(str(placed))}")


def main() -> None:
    try:
        app()
    finally:
        # Everything made is written; the collector's last pass over the build's objects
        # at interpreter exit is pure cost (70 ms for a 50-story build): skip it.
        import gc

        gc.freeze()
