"""Where independent jobs run: worker processes on this machine, or a Dask cluster.

The work that parallelises (reading and typesetting a story, laying out a part of the
PDF) is a pure function of plain data, so it can run anywhere the same ficbind is
installed. `--executor local` (the default) runs it in `--jobs` processes here;
`--executor dask://HOST:PORT` sends it to the Dask scheduler at that address, for
archives that outgrow one machine. Either way the outputs are the same bytes:

- stories are read here and sent as bytes, so workers need no shared file system;
- every worker must run exactly this ficbind (the same code digest), or the build
  stops before any job is sent;
- results come back in the order the jobs were given.

The local processes (processes.py) are capped at what the machine can run and die with
ficbind; a Dask cluster (cluster.py) that loses its workers or scheduler stops the build
with a BuildError rather than leaving it waiting.
"""

from __future__ import annotations

import functools
import os
import re
from concurrent.futures import Executor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

from compiler.errors import FicbindError
from compiler.run.cluster import cluster_pool
from compiler.run.processes import process_pool, processes_for

LOCAL = "local"
_DASK = re.compile(r"^dask://(?P<host>\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.\-]+):(?P<port>\d{1,5})$")


@dataclass(frozen=True)
class Workers:
    """An open executor and how many jobs it runs at once; `remote` when the workers
    may not share this machine's files."""

    pool: Executor
    slots: int
    remote: bool = False


def check_executor(value: str) -> str:
    """`local` or `dask://HOST:PORT`, else a usage error saying so."""
    value = value.strip()
    if value == LOCAL or _DASK.match(value):
        return value
    raise FicbindError(
        f"unknown executor `{value}`",
        hint="use --executor local, or --executor dask://HOST:PORT for a Dask scheduler",
    )


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


@functools.cache
def code_digest() -> str:
    """This ficbind's own code (version and every module), as workers must share it."""
    import hashlib
    from pathlib import Path

    from compiler import __version__

    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parents[1]  # compiler/
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _worker_digest() -> str:
    """Run on each worker (sent by reference, so the worker's own ficbind answers)."""
    from compiler.run import executors

    return executors.code_digest()


@contextmanager
def open_workers(executor: str, jobs: int, tasks: int) -> Iterator[Workers | None]:
    """Workers for `tasks` jobs, or None when they are better run in this process (one
    job at a time asked for or possible, or only one task, on a local executor)."""
    if executor == LOCAL:
        processes = processes_for(jobs, tasks) if jobs > 1 and tasks > 1 else 1
        if processes <= 1:
            yield None
            return
        with process_pool(processes) as pool:
            yield Workers(pool, processes)
        return
    with _dask_workers(executor) as workers:
        yield workers


def pool_opener(executor: str, jobs: int) -> Callable[[int], AbstractContextManager[Executor]]:
    """What the write stage is given to lay a long PDF out in parts: for a number of
    jobs, an executor to run them on (two workers or more, where this machine allows)."""

    @contextmanager
    def open_pool(tasks: int) -> Iterator[Executor]:
        if executor == LOCAL:
            with process_pool(processes_for(max(2, jobs), tasks)) as pool:
                yield pool
            return
        with _dask_workers(executor) as workers:
            yield workers.pool

    return open_pool


@contextmanager
def _dask_workers(executor: str) -> Iterator[Workers]:
    match = _DASK.match(executor)
    assert match is not None, executor  # checked by check_executor
    with cluster_pool(f"tcp://{match['host']}:{match['port']}", _worker_digest, code_digest()) as (pool, slots):
        yield Workers(pool, slots, remote=True)
