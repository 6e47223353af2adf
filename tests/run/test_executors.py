"""Where the work runs: local worker processes or a Dask cluster, with the same outputs.

A real local Dask cluster (a scheduler and two worker processes on this machine) stands
in for a remote one; the builds it does are compared byte for byte with local ones.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from helpers import ROOT, ficbind

from compiler.errors import BuildError, FicbindError
from compiler.load import load_manifest
from compiler.run.executors import check_executor, open_workers, pool_opener
from compiler.run.prepare import prepare, prepare_story

SAMPLE = ROOT / "manifests" / "sample.yaml"


@pytest.fixture(scope="module")
def dask_address():
    """A local Dask cluster of two single-threaded worker processes, as dask://HOST:PORT."""
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install '.[dask]')")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, scheduler_port=0
    )
    try:
        yield cluster.scheduler_address.replace("tcp://", "dask://")
    finally:
        cluster.close()


def test_a_dask_build_writes_the_same_bytes_as_a_local_one(dask_address, tmp_path):
    on_cluster = ficbind("compile", "sample", "--out", str(tmp_path / "dask"), "--executor", dask_address, "--jobs", "2")
    assert on_cluster.returncode == 0, on_cluster.stderr
    here = ficbind("compile", "sample", "--out", str(tmp_path / "local"), "--jobs", "2")
    assert here.returncode == 0, here.stderr
    for name in ("sample.epub", "sample.pdf"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name


def test_pdf_parts_laid_out_on_the_cluster_join_into_the_same_book(dask_address, monkeypatch):
    """The parallel PDF path (parts laid out by workers, then joined) on Dask: the same
    bytes as local worker processes given the same --jobs; progress is reported per part."""
    import compiler.write.pdf
    from compiler.write.pdf import pdf_bytes

    sample = prepare(load_manifest(SAMPLE))
    monkeypatch.setattr(compiler.write.pdf, "PARALLEL_FROM", 0)  # the sample is small: take the parallel path
    steps: list[tuple[int, int]] = []
    remote, _ = pdf_bytes(sample.collection, sample.modified, jobs=2, open_pool=pool_opener(dask_address, 2),
                          progress=lambda done, total: steps.append((done, total)))
    local, _ = pdf_bytes(sample.collection, sample.modified, jobs=2, open_pool=pool_opener("local", 2))
    assert remote == local
    total = steps[-1][1]
    assert total >= 3 and [done for done, _ in steps] == list(range(1, total + 1))


def test_stories_prepared_on_the_cluster_match_and_report_progress(dask_address):
    spec = load_manifest(SAMPLE)
    steps: list[tuple[int, int]] = []
    remote = prepare(spec, jobs=2, executor=dask_address, progress=lambda done, total: steps.append((done, total)))
    local = prepare(spec, jobs=1)
    assert remote.collection == local.collection
    assert remote.reports == local.reports
    assert steps == [(n, len(spec.stories)) for n in range(1, len(spec.stories) + 1)]


def test_workers_are_sent_the_story_bytes_not_its_path():
    """A remote worker may not see this machine's files: given the bytes, a story is
    prepared without its file being there at all."""
    spec = load_manifest(SAMPLE)
    story_spec = spec.stories[0]
    raw = story_spec.path.read_bytes()
    elsewhere = replace(story_spec, path=Path("/nowhere/on/this/worker") / story_spec.path.name)
    story, report = prepare_story(spec, elsewhere, raw)
    here, _ = prepare_story(spec, story_spec)
    from compiler.render import render_story

    assert render_story(story, 1, spec.author) == render_story(here, 1, spec.author)
    assert report.fidelity.ok and report.display.startswith("/nowhere/")


def test_a_worker_with_different_code_stops_the_build_before_any_job(dask_address, monkeypatch):
    import compiler.run.executors

    # This process now claims different code than the workers run.
    monkeypatch.setattr(compiler.run.executors, "code_digest", lambda: "not the workers' code")
    with pytest.raises(BuildError, match="runs a different ficbind"):
        with open_workers(dask_address, 2, 4):
            pass


def test_an_unreachable_scheduler_is_a_clear_error_and_nothing_is_written(tmp_path):
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = ficbind("compile", "sample", "--out", str(tmp_path / "out"), "--format", "epub",
                     "--executor", f"dask://127.0.0.1:{port}", "--jobs", "2")
    assert result.returncode == 3, result.stderr
    assert "cannot reach the Dask scheduler" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((tmp_path / "out").glob("*.epub"))


@pytest.mark.parametrize("value", ["dask://", "dask://host", "tcp://127.0.0.1:8786", "ray://x:1", "dask://h:port"])
def test_an_executor_that_is_not_local_or_dask_host_port_is_refused(value):
    with pytest.raises(FicbindError, match="unknown executor"):
        check_executor(value)
    result = ficbind("compile", "sample", "--executor", value)
    assert result.returncode == 2 and "unknown executor" in result.stderr


@pytest.mark.parametrize("value", ["local", "dask://127.0.0.1:8786", "dask://scheduler.lan:8786", "dask://[::1]:8786"])
def test_local_and_dask_host_port_are_accepted(value):
    assert check_executor(value) == value


def test_an_epub_laid_out_by_the_workers_is_the_same_book():
    """For an EPUB-only build, workers lay their stories out as XHTML and send back the
    stories without their sections: the book is the same bytes, and such a collection
    refuses to make a PDF rather than print empty stories."""
    from compiler.run.build import render_format

    spec = load_manifest(SAMPLE)
    here = prepare(spec, jobs=1)
    workers = prepare(spec, jobs=2, epub_only=True)
    assert workers.layouts is not None and all(not story.sections for story in workers.collection.stories)
    for fmt in ("epub", "kepub"):
        assert render_format(workers, fmt)[0] == render_format(here, fmt)[0], fmt
    with pytest.raises(BuildError, match="EPUB only"):
        render_format(workers, "pdf")
