"""`ficbind init`, `list`, `schema` and `sideload`: a project's collections, made, listed
and carried to an e-reader."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from compiler.cli.app import app, err, handled
from compiler.load.manifest import load_manifest
from compiler.run.project import out_folder, resolve_collection


@app.command("init")
@handled
def init_command(
    folder: Annotated[Path, typer.Argument(help="A folder of stories (.txt or .html files).", metavar="FOLDER")],
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Where to write the manifest (default: manifests/<folder>.yaml "
                                     "here, which makes this folder the project).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing manifest.")] = False,
) -> None:
    """Write a starter manifest for a folder of .txt or .html stories, titles read from the files.

    The manifest goes into manifests/ here: this folder becomes the project, whose
    collections list, compile and --all find, and whose books go to out/.

    Example: ficbind init ~/fic/gull-reach
    """
    from compiler.run.files import default_out, display_path
    from compiler.run.initialize import init_project

    written, skipped, guesses = init_project(folder, output, force)
    for line in skipped:
        err.print(f"[yellow]warning[/yellow]: {escape(line)}")
    if guesses:
        err.print("titles (check them in the manifest):")
    for line in guesses:
        err.print(f"  {escape(line)}")
    for path in written:
        err.print(f"[green]wrote[/green] {escape(display_path(path))}")
    manifest = written[0]
    name = manifest.stem if manifest.parent.resolve() == Path("manifests").resolve() else display_path(manifest)
    err.print(f"next: ficbind compile {escape(name)}  (the books go to {escape(display_path(default_out(manifest)))}/)")


@app.command("list")
@handled
def list_command(
    out: Annotated[
        Optional[Path], typer.Option("--out", "-o", help="Folder of the outputs to compare (default: out/ in the project).",
                                     show_default=False)
    ] = None,
) -> None:
    """List the collections in manifests/ and whether their outputs are up to date.

    Example: ficbind list
    """
    from compiler.run.project import collection_states

    for line in collection_states(out):
        typer.echo(line)


@app.command("schema")
@handled
def schema_command() -> None:
    """Print the manifest's JSON Schema, for editors that complete and check YAML.

    Example: ficbind schema > manifests/ficbind.schema.json
    """
    from compiler.load.schema import schema_text

    typer.echo(schema_text(), nl=False)


@app.command("sideload")
@handled
def sideload_command(
    collection: Annotated[str, typer.Argument(help="A manifest path, or the name of a manifest in manifests/.", metavar="COLLECTION")],
    device: Annotated[
        Optional[Path], typer.Option("--device", "-d", help="The folder where the e-reader is mounted.")
    ] = None,
    out: Annotated[
        Optional[Path], typer.Option("--out", "-o", help="Folder for the compiled outputs (default: out/ in the project).",
                                     show_default=False)
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Say what would be done, and do nothing.")] = False,
) -> None:
    """Copy a collection onto a connected e-reader, compiling it first if it is out of date.

    A Kobo gets the Kobo EPUB (.kepub.epub); a Kindle an AZW3 made with Calibre's
    ebook-convert, in documents/; other e-readers the EPUB.

    Example: ficbind sideload sample --dry-run
    """
    from compiler.run.sideload import sideload_collection

    def report(step: str, text: str) -> None:
        if step == "would":
            typer.echo(text)
        else:
            err.print(f"[green]{step}[/green] {escape(text)}")

    spec = load_manifest(resolve_collection(collection))
    sideload_collection(spec, device, out_folder(spec, out), dry_run, report)
