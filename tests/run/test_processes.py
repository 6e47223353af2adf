"""Processes: a build's workers die with it however it ends (SIGKILL too), it stops
promptly on SIGTERM and Ctrl-C without leaving a temporary file, it starts no more
workers than the work and the machine can use, and a worker that dies is a clear error.

Real builds by the installed command, of a collection written here, with real signals;
every wait polls against a deadline.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from helpers import ROOT, ficbind

import compiler.write.pdf
from compiler.errors import BuildError, FicbindError
from compiler.load import load_manifest
from compiler.run.executors import open_workers, pool_opener
from compiler.run.prepare import prepare
from compiler.run.processes import MAX_JOBS, process_cap, processes_for

psutil = pytest.importorskip("psutil", reason="psutil (installed with the dask extra) counts a build's processes")
linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal is Linux's")

WORDS = (
    "the keeper climbed to the lamp room while gulls wheeled over the harbour and the fog bell rang "
    "twice for the ferry that would not come until the tide turned and the kettle sang in the kitchen"
).split()


def write_collection(folder: Path, stories: int, paragraphs: int) -> Path:
    """A collection of made-up stories, three chapters each, long enough to keep workers busy."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(stories * 1000 + paragraphs)
    manifest = ["title: Many Lamps", "author: Test Keeper", "stories:"]
    for number in range(1, stories + 1):
        lines = [f"Lamp Story {number}", "", "Summary: a night at the light.", ""]
        for chapter in range(1, 4):
            lines += [f"Chapter {chapter}", ""]
            for _ in range(paragraphs):
                sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60)))
                lines += [f'"{sentence.capitalize()}," she said.', ""]
        (folder / f"lamp-{number}.txt").write_text("\n".join(lines), encoding="utf-8")
        manifest.append(f"  - lamp-{number}.txt")
    path = folder / "many.yaml"
    path.write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    """Enough text that a `--jobs 2` build spends seconds in its workers."""
    return write_collection(tmp_path_factory.mktemp("big"), stories=60, paragraphs=120)


def start(manifest: Path, out: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    """A build in its own session (so a signal to its group reaches it and its workers
    only), its temporary folder `OUT.tmp` (which must be left empty)."""
    exe = Path(sys.executable).parent / "ficbind"
    temporary = out.with_name(out.name + ".tmp")
    temporary.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [str(exe), "compile", str(manifest), "--out", str(out), "--force", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        env={**os.environ, "FICBIND_MAX_JOBS": "", "TMPDIR": str(temporary), **(env or {})},
    )


def until(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"not within {seconds} s: {what}")


def children(pid: int) -> list[psutil.Process]:
    try:
        return [child for child in psutil.Process(pid).children() if alive(child)]
    except psutil.NoSuchProcess:
        return []


def alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def laying_out_pdf(process: psutil.Process) -> bool:
    """Whether a worker has loaded Pango: it lays out a part of the PDF."""
    try:
        return "pango" in Path(f"/proc/{process.pid}/maps").read_text(errors="replace")
    except OSError:
        return False


def read_to_end(stream, seconds: float) -> bytes:
    """What a pipe gives until every writer has closed it; fails if that takes longer."""
    data: list[bytes] = []
    reader = threading.Thread(target=lambda: data.append(stream.read()), daemon=True)
    reader.start()
    reader.join(seconds)
    assert not reader.is_alive(), "the pipe is still held open (by an orphaned worker?)"
    return data[0]


def temporary_files(out: Path) -> list[str]:
    """Temporary files beside the outputs, and anything in the build's temporary folder."""
    beside = [p.name for p in out.glob("*") if p.name.endswith(".tmp") or (p.is_dir() and p.name != ".ficbind")
              ] if out.exists() else []
    beside += [p.name for p in (out / ".ficbind").glob("*.tmp")]  # ficbind's own files, written the same way
    return sorted([*beside, *(p.name for p in out.with_name(out.name + ".tmp").glob("*"))])


@pytest.fixture
def build(big, tmp_path):
    """Start a build; whatever a test does, no process of it is left at the end."""
    started: list[subprocess.Popen] = []

    def run(*args: str, env: dict | None = None) -> subprocess.Popen:
        process = start(big, tmp_path / "out", *args, env=env)
        started.append(process)
        return process

    yield run
    for process in started:
        reap(process)


def reap(process: subprocess.Popen) -> None:
    """A started build ended (killed if it still runs), waited for, its pipes closed."""
    if process.poll() is None:
        process.kill()
    process.wait(timeout=30)
    for stream in (process.stdout, process.stderr):
        stream.close()


def workers_of(main: subprocess.Popen, count: int = 2, pdf: bool = False) -> list[psutil.Process]:
    def ready():
        found = children(main.pid)
        if pdf:
            found = [child for child in found if laying_out_pdf(child)]
        return found if len(found) >= count else None

    return until(ready, 60, f"{count} workers {'laying out the PDF ' if pdf else ''}under ficbind")


@linux
@pytest.mark.parametrize("fmt", ["epub", "pdf"])
def test_workers_die_with_a_build_killed_by_sigkill(build, tmp_path, fmt):
    main = build("-f", fmt, "--jobs", "2")
    workers = workers_of(main, pdf=fmt == "pdf")
    main.kill()
    until(lambda: not any(alive(w) for w in workers), 5, "the workers of a SIGKILLed build gone")
    read_to_end(main.stdout, 5)
    read_to_end(main.stderr, 5)
    assert main.wait(timeout=5) == -signal.SIGKILL
    assert temporary_files(tmp_path / "out") == [] or all(  # a kill lets nothing clean up…
        name.startswith(f"ficbind-workers-{main.pid}-") for name in temporary_files(tmp_path / "out")
    )
    small = write_collection(tmp_path / "small", stories=3, paragraphs=5)
    again = start(small, tmp_path / "out", "-f", "epub", "--jobs", "2")
    assert again.wait(timeout=120) == 0, again.stderr.read().decode()
    again.stdout.close()
    again.stderr.close()
    assert temporary_files(tmp_path / "out") == []  # …and the next build's pool removes what it left


@pytest.mark.parametrize("fmt", ["epub", "pdf"])
def test_sigterm_stops_the_build_and_its_workers_leaving_no_temporary_file(build, tmp_path, fmt):
    main = build("-f", fmt, "--jobs", "2")
    workers = workers_of(main, pdf=fmt == "pdf")
    main.terminate()
    until(lambda: main.poll() is not None, 10, "ficbind stopped after SIGTERM")
    until(lambda: not any(alive(w) for w in workers), 5, "its workers gone")
    read_to_end(main.stdout, 5)
    stderr = read_to_end(main.stderr, 5).decode()
    assert main.returncode == 128 + signal.SIGTERM, stderr
    assert stderr.strip().splitlines()[-1] == "stopped by SIGTERM: no half-written output was left behind", stderr
    assert "Traceback" not in stderr
    assert temporary_files(tmp_path / "out") == []
    assert not list((tmp_path / "out").glob(f"*.{fmt}"))


def test_ctrl_c_goes_to_ficbind_which_stops_its_workers(build, tmp_path):
    """The terminal sends SIGINT to the whole group: the workers ignore it (no traceback
    from each), ficbind kills them and says it was interrupted."""
    main = build("-f", "epub", "--jobs", "2")
    workers = workers_of(main)
    os.killpg(main.pid, signal.SIGINT)
    until(lambda: main.poll() is not None, 10, "ficbind stopped after Ctrl-C")
    until(lambda: not any(alive(w) for w in workers), 5, "its workers gone")
    stderr = read_to_end(main.stderr, 5).decode()
    assert main.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert "interrupted: no half-written output was left behind" in stderr
    assert temporary_files(tmp_path / "out") == []


def test_jobs_far_above_the_work_start_no_more_workers_than_it_and_the_cap(tmp_path):
    """`--jobs 10000`: no more workers than there are stories, nor than the cap (here 3,
    set by FICBIND_MAX_JOBS), and a note says so."""
    manifest = write_collection(tmp_path / "few", stories=5, paragraphs=200)
    main = start(manifest, tmp_path / "out", "-f", "epub", "--jobs", "10000", env={MAX_JOBS: "3"})
    seen: set[int] = set()
    try:
        while main.poll() is None:
            seen.update(child.pid for child in children(main.pid))
            time.sleep(0.01)
        stderr = main.stderr.read().decode()
    finally:
        reap(main)
    assert main.returncode == 0, stderr
    assert 1 <= len(seen) <= 3, seen
    assert temporary_files(tmp_path / "out") == []
    assert "note: --jobs 10000: at most 3 worker processes run at once" in stderr


def test_a_pool_is_no_larger_than_its_tasks_the_cores_the_cap_or_free_memory(monkeypatch):
    import compiler.run.processes as processes

    monkeypatch.delenv(MAX_JOBS, raising=False)
    monkeypatch.setattr(processes, "_available_memory", lambda: None)  # not known: no cap for it
    cores = processes.usable_cores()
    assert process_cap() == cores
    assert processes_for(10000, 400) == min(400, cores)
    assert processes_for(10000, 3) == min(3, cores)
    monkeypatch.setattr(processes, "_available_memory", lambda: 600 * 2**20)
    monkeypatch.setenv(MAX_JOBS, "64")
    assert process_cap() == 2  # 600 MB free holds two workers of 256 MB
    monkeypatch.setattr(processes, "_available_memory", lambda: None)
    monkeypatch.setenv(MAX_JOBS, "3")
    assert process_cap() == 3 and processes_for(10000, 400) == 3 and processes_for(2, 400) == 2
    with open_workers("local", 10000, 400) as workers:
        assert workers is not None and workers.slots == 3
        assert len({workers.pool.submit(os.getpid).result() for _ in range(12)}) <= 3
    monkeypatch.setenv(MAX_JOBS, "many")
    with pytest.raises(FicbindError, match="FICBIND_MAX_JOBS=many is not a number"):
        process_cap()


def _worker_signals() -> tuple[int, object]:
    """In a worker: the signal its parent's death sends it (Linux), and its Ctrl-C handler."""
    import ctypes

    value = ctypes.c_int(0)
    ctypes.CDLL(None, use_errno=True).prctl(2, ctypes.byref(value), 0, 0, 0)  # PR_GET_PDEATHSIG
    return value.value, signal.getsignal(signal.SIGINT)


@linux
def test_every_worker_asks_to_die_with_its_parent_and_ignores_ctrl_c():
    with open_workers("local", 2, 8) as workers:
        assert workers is not None
        answers = {workers.pool.submit(_worker_signals).result() for _ in range(8)}
    assert answers == {(signal.SIGKILL, signal.SIG_IGN)}


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_killed_under_a_build_is_a_build_error():
    with pytest.raises(BuildError, match="a worker process died during the build"):
        with open_workers("local", 2, 4) as workers:
            assert workers is not None
            workers.pool.submit(_die).result()


# A Dask cluster lost under a build: scheduler and worker are processes of their own
# (`dask scheduler`, `dask worker --no-nanny`, so a killed worker stays dead).


@pytest.fixture
def cluster(tmp_path):
    """A scheduler and one single-threaded worker, started as a user would; yields
    (address, scheduler process, worker process, a function counting the scheduler's tasks)."""
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install '.[dask]')")
    dask = Path(sys.executable).parent / "dask"
    info = tmp_path / "scheduler.json"
    scratch = tmp_path / "dask-scratch"
    common = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": tmp_path}
    scheduler = subprocess.Popen(
        [str(dask), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(info)],
        **common,
    )
    worker = None
    try:
        until(lambda: info.exists() and info.stat().st_size, 60, "the scheduler started")
        worker = subprocess.Popen(
            [str(dask), "worker", "--scheduler-file", str(info), "--no-nanny", "--nthreads", "1", "--no-dashboard",
             "--local-directory", str(scratch)],
            **common,
        )
        import json

        address = json.loads(info.read_text())["address"]
        client = distributed.Client(address, timeout="10s", set_as_default=False)
        try:
            client.wait_for_workers(1, timeout=60)
        except BaseException:
            client.close()
            raise

        def tasks() -> int:
            return client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks))

        yield address, scheduler, worker, tasks, client
        client.close(timeout=2)
    finally:
        for process in (worker, scheduler):
            if process is not None and process.poll() is None:
                process.kill()
            if process is not None:
                process.wait(timeout=30)


def lose_under_a_build(big, tmp_path, cluster, which: str) -> tuple[subprocess.Popen, str, float]:
    """A build on the cluster, its `which` process killed once the build's jobs are on
    the scheduler; the build, its stderr and how long it took to stop after the kill."""
    address, scheduler, worker, tasks, client = cluster
    main = start(big, tmp_path / "out", "-f", "epub", "--jobs", "2", "--executor", address.replace("tcp://", "dask://"))
    try:
        until(lambda: main.poll() is not None or tasks() > 0, 60, "the build's jobs on the scheduler")
        assert main.poll() is None, main.stderr.read().decode()
        client.close(timeout=2)  # the test's own client: it would only complain
        killed = time.monotonic()
        (worker if which == "worker" else scheduler).kill()
        main.wait(timeout=60)
        took = time.monotonic() - killed
        return main, main.stderr.read().decode(), took
    finally:
        reap(main)


def test_a_build_whose_only_dask_worker_dies_stops_with_a_clear_error(big, tmp_path, cluster):
    main, stderr, took = lose_under_a_build(big, tmp_path, cluster, "worker")
    assert main.returncode == 3, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the Dask worker tcp://"), stderr
    assert "was lost, and no worker is left to run the build" in stderr
    assert took < 30, took
    assert not list((tmp_path / "out").glob("*.epub")) and temporary_files(tmp_path / "out") == []


def test_a_build_whose_dask_scheduler_dies_stops_with_a_clear_error(big, tmp_path, cluster):
    main, stderr, took = lose_under_a_build(big, tmp_path, cluster, "scheduler")
    address = cluster[0]
    assert main.returncode == 3, stderr
    assert stderr.strip().splitlines() == [
        f"error: the Dask scheduler at {address} stopped answering"
        " — check that it is running and reachable, and build again"
    ], stderr
    assert took < 30, took
    assert not list((tmp_path / "out").glob("*.epub")) and temporary_files(tmp_path / "out") == []


def _exit_worker() -> None:
    os._exit(1)


def test_a_job_whose_workers_keep_dying_is_a_build_error():
    """distributed's KilledWorker (here after one death: allowed-failures 0) is a
    BuildError that names the worker, not an internal error."""
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install '.[dask]')")
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, scheduler_port=0
        )
    try:
        with pytest.raises(BuildError, match=r"Dask workers kept dying while running a job \(the last was tcp://"):
            with open_workers(cluster.scheduler_address.replace("tcp://", "dask://"), 2, 2) as workers:
                workers.pool.submit(_exit_worker).result(timeout=60)
    finally:
        cluster.close()


def test_a_pdf_leaves_nothing_in_the_temporary_folder(tmp_path, monkeypatch):
    """WeasyPrint copies the fonts into a temporary folder it removed only when collected,
    which before exit it never was: one folder per PDF, and per part of one, was left."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    one = ficbind("compile", "sample", "-f", "pdf", "--jobs", "1", "--out", str(tmp_path / "out"),
                  env={"TMPDIR": str(temporary)})
    assert one.returncode == 0, one.stderr
    assert list(temporary.iterdir()) == []
    sample = prepare(load_manifest(ROOT / "manifests" / "sample.yaml"))
    monkeypatch.setattr(compiler.write.pdf, "PARALLEL_FROM", 0)  # in parts, by two workers
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    compiler.write.pdf.pdf_bytes(sample.collection, sample.modified, jobs=2, open_pool=pool_opener("local", 2))
    assert list(temporary.iterdir()) == []
