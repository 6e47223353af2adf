"""Worker processes on this machine: no more than the work and the machine can use, and
none outliving ficbind, however it ends.

- A pool starts at most one process per job, per core this process may run on
  (FICBIND_MAX_JOBS sets another number), and per WORKER_MEMORY of free memory: each
  worker is a fork of ficbind, and `--jobs 10000` once started 400 of them (9.5 GB).
- A worker dies with ficbind, SIGKILL included: on Linux the kernel kills it when its
  parent dies (PR_SET_PDEATHSIG); everywhere a thread in it ends it as soon as its
  parent has changed (the orphans of a killed build otherwise lived on, holding its
  stdout open, so that whatever read the pipe waited for ever).
- A worker ignores Ctrl-C, which the terminal sends to every process of the group:
  ficbind itself stops the pool and kills its workers, as it does on SIGTERM or on any
  error, rather than waiting for the jobs still queued.
- A pool's workers keep their temporary files (WeasyPrint's copies of the fonts, for
  one) in a folder of the pool's, removed when the pool closes, however it closes; a
  build killed outright leaves its folder, which the next pool removes.
- A worker that dies under a build (killed, or out of memory) is a BuildError.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:  # multiprocessing is imported when a pool opens: a no-op build never needs it
    from concurrent.futures import ProcessPoolExecutor

from compiler.errors import BuildError, FicbindError

MAX_JOBS = "FICBIND_MAX_JOBS"
# What one worker may come to need: a part of a long PDF laid out by WeasyPrint takes
# about 150 MB; reading and typesetting a story far less.
WORKER_MEMORY = 256 * 2**20
_WATCH_EVERY = 0.2  # seconds between a worker's looks at its parent
_PR_SET_PDEATHSIG = 1
_FOLDER = "ficbind-workers-"  # + the pid of the ficbind whose pool it is


def usable_cores() -> int:
    """The cores this process may run on (its affinity, where the system says)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on macOS
        return max(1, os.cpu_count() or 1)


def _available_memory() -> int | None:
    """Bytes of memory free for new processes (Linux), or None where it is not known."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def process_cap() -> int:
    """The most worker processes a pool starts: one per usable core, or FICBIND_MAX_JOBS,
    and never more than free memory holds at WORKER_MEMORY each."""
    value = os.environ.get(MAX_JOBS, "").strip()
    if value:
        if not value.isdigit() or int(value) < 1:
            raise FicbindError(
                f"{MAX_JOBS}={value} is not a number of processes", hint=f"set {MAX_JOBS} to 1 or more, or unset it"
            )
        cap = int(value)
    else:
        cap = usable_cores()
    memory = _available_memory()
    if memory is not None:
        cap = min(cap, max(1, memory // WORKER_MEMORY))
    return max(1, cap)


def processes_for(jobs: int, tasks: int) -> int:
    """How many processes run `tasks` jobs when `jobs` at once were asked for."""
    return max(1, min(jobs, tasks, process_cap()))


def _die_with_parent() -> None:
    """Linux: have the kernel send SIGKILL to this process when its parent dies. (It
    fires when the parent's *thread* that forked this process ends: a pool's processes
    are forked by the thread that submits its first job, which holds the pool open.)"""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # the watch thread still ends it


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_EVERY)
    os._exit(1)  # noqa: SLF001 - the parent is gone: nothing here is worth finishing


def _worker_started(expected_parent: int | None, folder: str) -> None:
    """Each worker's first act: Ctrl-C and SIGTERM as a plain process has them (it may
    have inherited ficbind's own handlers), its temporary files in the pool's folder,
    and an end when its parent's comes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ["TMPDIR"] = folder  # for what it runs, too
    tempfile.tempdir = folder
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    parent = os.getppid()  # ficbind, or the fork server that started this process
    if expected_parent is not None and parent != expected_parent:
        os._exit(1)  # the parent died before this process could ask to die with it
    threading.Thread(target=_watch_parent, args=(parent,), name="ficbind-parent-watch", daemon=True).start()


# Ctrl-C reaches every process of the terminal's group, a worker being forked included:
# between the fork and its first act (ignoring SIGINT) it would die in the middle of
# Python's own after-fork code and print a traceback. So while a pool is open, a fork
# blocks SIGINT and SIGTERM in the forking thread; the parent unblocks them at once (a
# signal that came meanwhile is delivered then), and the child only once it ignores
# SIGINT and has SIGTERM's default action.
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
_guarding = 0


def _before_fork() -> None:
    if _guarding:
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)


def _after_fork_in_parent() -> None:
    if _guarding:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


def _after_fork_in_child() -> None:
    if _guarding:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


if hasattr(os, "register_at_fork") and hasattr(signal, "pthread_sigmask"):
    os.register_at_fork(before=_before_fork, after_in_parent=_after_fork_in_parent, after_in_child=_after_fork_in_child)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: queued jobs cancelled, its workers killed and waited for."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.kill()
        except (OSError, ValueError):
            pass  # already gone, or closed
    deadline = time.monotonic() + 5
    for process in processes:
        process.join(timeout=max(0.0, deadline - time.monotonic()))
    if manager is not None:  # it sees its workers gone, fails what was pending, and ends
        manager.join(timeout=max(0.0, deadline - time.monotonic()))


def _pool_folder() -> Path:
    """A new folder for a pool's temporary files, after removing those of pools whose
    ficbind is gone (killed outright: nothing of it could clean up)."""
    for stale in Path(tempfile.gettempdir()).glob(f"{_FOLDER}*-*"):
        pid = stale.name[len(_FOLDER):].partition("-")[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
            continue  # its ficbind still runs
        except ProcessLookupError:
            pass
        except OSError:
            continue  # not ours to ask about
        if stale.is_dir() and stale.stat().st_uid == os.getuid():
            shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{_FOLDER}{os.getpid()}-"))


@contextmanager
def process_pool(processes: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of `processes` workers that die with this process; on any error (or Ctrl-C,
    or SIGTERM turned into an exception) its workers are killed at once."""
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    gc.freeze()  # forked workers then leave this process's objects shared, not copied
    method = multiprocessing.get_start_method()
    # A forked or spawned worker's parent is this process; a fork server's is not.
    expected = os.getpid() if method in ("fork", "spawn") else None
    folder = _pool_folder()
    global _guarding
    _guarding += 1
    try:
        pool = ProcessPoolExecutor(max_workers=processes, initializer=_worker_started, initargs=(expected, str(folder)))
        try:
            yield pool
        except BrokenProcessPool:
            _stop(pool)
            raise BuildError(
                "a worker process died during the build (killed, or out of memory)",
                hint="build again, with fewer --jobs if memory is short",
            ) from None
        except BaseException:
            _stop(pool)
            raise
        pool.shutdown(wait=True)
    finally:
        _guarding -= 1
        shutil.rmtree(folder, ignore_errors=True)
