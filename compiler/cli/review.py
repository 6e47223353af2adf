"""`ficbind outline` and `ficbind check`: what ficbind finds and would do, before compiling."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from compiler.cli.app import app, handled
from compiler.errors import ExitCode, FicbindError
from compiler.run.project import chosen_manifests


@app.command("outline")
@handled
def outline_command(
    target: Annotated[str, typer.Argument(help="A story (.txt or .html), a manifest, or the name of a manifest in manifests/.", metavar="TARGET")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the outline as JSON.")] = False,
    changes: Annotated[
        bool, typer.Option(
            "--changes", help="Also list every repair and typography change, and each changed paragraph as typed and as set."
        )
    ] = False,
    read: Annotated[
        bool, typer.Option("--text", help="Print the text as read, numbered by line (an HTML story's text, which the outline's line numbers count).")
    ] = False,
) -> None:
    """Show the structure ficbind detects in a story or collection, before compiling,
    and what a copy editor would query (a quote left open, a doubled full stop, `,.`).

    Example: ficbind outline manifests/stories/spare-parts.txt --changes
    """
    import json

    from compiler.run.outline import outline_target

    outlines = outline_target(target, as_json, changes, read)
    if as_json:
        typer.echo(json.dumps(outlines if len(outlines) > 1 else outlines[0], ensure_ascii=False, indent=2))
    else:
        typer.echo("\n".join(outlines), nl=False)


@app.command("check")
@handled
def check_command(
    collections: Annotated[
        Optional[list[str]], typer.Argument(help="Manifest paths, or names of manifests in manifests/.", show_default=False, metavar="[COLLECTION]...")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Check every manifest in manifests/.")] = False,
    changes: Annotated[
        bool, typer.Option("--changes", help="Also show each paragraph typography changes, as typed and as set, rule by rule.")
    ] = False,
) -> None:
    """Check collections without writing anything: manifests, files, markers, repairs, words.

    Reports what compiling would do: the encoding of each story, the repairs the reader
    would make, structure that looks unfinished (an end marker with no start), the
    typography changes by rule, what a copy editor would query (a quote left open, a
    doubled full stop, `,.` or `.,`) and whether every word survives (it must).

    Example: ficbind check sample
    """
    from compiler.run.check import check_collection

    problems = sum(
        check_collection(manifest, typer.echo, changes) for manifest in chosen_manifests(collections, all_, "check")
    )
    if problems:
        raise FicbindError(
            f"{problems} {'story' if problems == 1 else 'stories'} would lose or double words",
            hint="this is a bug in ficbind; please report it with the story",
            exit_code=ExitCode.BUILD_FAILED,
        )
