"""A Dask cluster as an executor, that gives up with a clear error when it can no longer
run the build, instead of waiting for ever.

Jobs may legitimately take long, so there is no timeout on them: while jobs are out, a
thread asks the scheduler every WATCH_EVERY seconds which workers it has, and fails
every job still out with a BuildError when

- the scheduler has had no worker for NO_WORKER_GRACE seconds (a worker restarted by its
  nanny is back within a few): "the Dask worker … was lost";
- the scheduler has not answered for NO_ANSWER_GRACE seconds, or the connection to it
  was lost (Dask then cancels every job): "the Dask scheduler at … stopped answering".

A job whose workers kept dying under it (distributed's KilledWorker, after
`distributed.scheduler.allowed-failures` tries) is a BuildError too; any other error a
job raises is passed on as it is.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from typing import Callable, Iterator

from compiler.errors import BuildError

WATCH_EVERY = 1.0
NO_WORKER_GRACE = 10.0
NO_ANSWER_GRACE = 10.0
_ASK_TIMEOUT = 5.0  # seconds for one question to the scheduler


class ClusterPool(Executor):
    """Jobs run on a Dask cluster through distributed's own executor, each given back as
    a future that fails with a BuildError when the cluster is lost."""

    def __init__(self, client, address: str, workers: set[str]) -> None:
        self._client = client
        self._address = address
        self._inner = client.get_executor(pure=False)
        self._out: set[Future] = set()
        self._lock = threading.Lock()
        self._lost: BuildError | None = None
        self._known = set(workers)  # the workers seen last: the ones lost, when none is left
        self._closed = threading.Event()
        self._watch = threading.Thread(target=self._watch_cluster, name="ficbind-dask-watch", daemon=True)
        self._watch.start()

    def submit(self, fn: Callable, /, *args, **kwargs) -> Future:
        if self._lost is not None:
            raise self._lost
        outer: Future = Future()
        outer.set_running_or_notify_cancel()
        with self._lock:
            self._out.add(outer)
        self._inner.submit(fn, *args, **kwargs).add_done_callback(lambda inner: self._settle(outer, inner))
        return outer

    def _settle(self, outer: Future, inner: Future) -> None:
        if inner.cancelled():  # Dask cancels every job when it loses the scheduler
            self._fail(self._scheduler_lost())
            return
        error = inner.exception()
        if error is not None and type(error).__name__ == "KilledWorker":
            worker = getattr(getattr(error, "last_worker", None), "address", "")
            error = BuildError(
                f"Dask workers kept dying while running a job (the last was {worker or 'unknown'})",
                hint="a worker may run out of memory: see the workers' logs",
            )
        with self._lock:
            self._out.discard(outer)
            if outer.done():  # already failed with the cluster
                return
            if error is not None:
                outer.set_exception(error)
            else:
                outer.set_result(inner.result())

    def _fail(self, error: BuildError) -> None:
        """Every job still out fails with `error`, and so does every later submit."""
        with self._lock:
            if self._lost is None:
                self._lost = error
            for future in self._out:
                if not future.done():
                    future.set_exception(self._lost)
            self._out.clear()

    def _scheduler_lost(self) -> BuildError:
        return BuildError(
            f"the Dask scheduler at {self._address} stopped answering",
            hint="check that it is running and reachable, and build again",
        )

    def _workers_lost(self) -> BuildError:
        names = ", ".join(sorted(self._known)) or "of the cluster"
        which = f"worker {names} was" if len(self._known) == 1 else f"workers {names} were"
        return BuildError(
            f"the Dask {which} lost, and no worker is left to run the build",
            hint=f"start workers with `dask worker {self._address}` and build again",
        )

    def _workers_now(self) -> set[str] | None:
        """The scheduler's workers, or None when it does not answer."""
        try:
            identity = self._client.sync(self._client.scheduler.identity, callback_timeout=_ASK_TIMEOUT)
            return set(identity.get("workers", {}))
        except Exception:  # noqa: BLE001 - any failure to answer is not answering
            return None

    def _watch_cluster(self) -> None:
        answered = with_workers = time.monotonic()
        while not self._closed.wait(WATCH_EVERY):
            with self._lock:
                idle = not self._out
            now = time.monotonic()
            if idle:
                answered = with_workers = now
                continue
            workers = self._workers_now()
            now = time.monotonic()
            if workers is None:
                if now - answered >= NO_ANSWER_GRACE:
                    self._fail(self._scheduler_lost())
                continue
            answered = now
            if workers:
                self._known, with_workers = workers, now
            elif now - with_workers >= NO_WORKER_GRACE:
                self._fail(self._workers_lost())

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop watching (closing the client forgets whatever jobs are still out)."""
        self._closed.set()


@contextmanager
def cluster_pool(address: str, job_digest: Callable[[], str], ours: str) -> Iterator[tuple[ClusterPool, int]]:
    """The cluster at `address` (tcp://HOST:PORT) and how many jobs it runs at once, once
    every worker is seen to run this ficbind (`job_digest`, run on each, answers `ours`)."""
    try:
        from distributed import Client
    except ImportError:
        raise BuildError(
            "--executor dask:// needs Dask's distributed scheduler, which is not installed",
            hint="pip install 'ficbind[dask]'",
        ) from None
    try:
        client = Client(address, timeout="5s", set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise BuildError(
            f"cannot reach the Dask scheduler at {address} ({error})",
            hint="start one with `dask scheduler` and workers with `dask worker " + address + "`",
        ) from None
    pool = None
    try:
        digests = client.run(job_digest)
        if not digests:
            raise BuildError(f"the Dask scheduler at {address} has no workers", hint="start some with `dask worker " + address + "`")
        strangers = sorted(worker for worker, digest in digests.items() if digest != ours)
        if strangers:
            raise BuildError(
                f"Dask worker {strangers[0]} runs a different ficbind than this one",
                hint="install the same ficbind on every worker, so that outputs do not depend on where they were made",
            )
        slots = sum(client.nthreads().values())
        pool = ClusterPool(client, address, set(digests))
        yield pool, max(1, slots)
    finally:
        if pool is not None:
            pool.shutdown()
        _close(client)


def _close(client) -> None:
    """Close the client without waiting long on a scheduler that is gone, and without
    distributed's own log lines about it (the build says what happened, in one line)."""
    import logging

    quiet = [logging.getLogger(name) for name in ("distributed", "distributed.client", "distributed.core")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.CRITICAL)
    try:
        client.close(timeout=2)
    except Exception:  # noqa: BLE001 - closing a client of a lost cluster may fail: nothing is lost with it
        pass
    finally:
        for logger, level in zip(quiet, levels):
            logger.setLevel(level)
