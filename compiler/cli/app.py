"""The command line's frame: the typer app, its console, how every command turns what
goes wrong into one line and an exit status (here and nowhere else), and progress."""

from __future__ import annotations

import functools
import os
import signal
import threading
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Callable, Iterator, Optional

import typer
from rich.console import Console
from rich.markup import escape

from compiler import __version__
from compiler.errors import ExitCode, FicbindError

app = typer.Typer(
    name="ficbind",
    help="Compile plain-text fan fiction into EPUB and PDF books.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _plain_metavar(make_metavar: Callable) -> Callable:
    """Usage lines name a required argument as `TARGET`, the way every Unix manual does:
    typer (0.2x) writes `{TARGET}`, which reads as a placeholder left unfilled."""

    @functools.wraps(make_metavar)
    def metavar(self, ctx, *args, **kwargs) -> str:
        text = make_metavar(self, ctx, *args, **kwargs)
        return text[1:-1] if text.startswith("{") and text.endswith("}") else text

    return metavar


typer.core.TyperArgument.make_metavar = _plain_metavar(typer.core.TyperArgument.make_metavar)


class Format(StrEnum):
    epub = "epub"
    pdf = "pdf"
    kepub = "kepub"


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised in the main thread: a command stops as on Ctrl-C (its
    workers killed, its temporary files removed) instead of dying where it stands."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminated(signum: int, frame) -> None:
    raise Terminated(signum)


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise Terminated while a command runs (the main thread only
    can say so; the previous handlers come back after)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    kinds = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    previous = {kind: signal.signal(kind, _terminated) for kind in kinds}
    try:
        yield
    finally:
        for kind, handler in previous.items():
            signal.signal(kind, handler)


def handled(command: Callable[..., None]) -> Callable[..., None]:
    """Turn what can go wrong in a command into a message and an exit status, in one place."""

    @functools.wraps(command)
    def run(*args, **kwargs) -> None:
        try:
            with _stopped_by_signals():
                command(*args, **kwargs)
        except FicbindError as error:
            err.print(f"[red]error[/red]: {escape(str(error))}")
            raise typer.Exit(error.exit_code) from None
        except Terminated as stop:
            err.print(f"stopped by {signal.Signals(stop.signum).name}: no half-written output was left behind")
            raise typer.Exit(128 + stop.signum) from None
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


def progress_bars(quiet: bool):
    """A progress bar per collection and format on a terminal; plain lines elsewhere."""
    if quiet or not err.is_terminal:
        return _Plain()
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
        console=err, transient=True,
    )


def size_text(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"
