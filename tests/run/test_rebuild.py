"""Rebuilding what changed only: the build cache (run/cache.py). After an edit to one
story, only that story is prepared again and only its PDF part laid out again, and the
outputs are byte for byte those of a build from nothing (--force); a damaged cache is
ignored, and the cache stays within its bound."""

from __future__ import annotations

import io
import shutil
from collections import Counter

import pytest
from helpers import ROOT
from pypdf import PdfReader

import compiler.write.pdf
import compiler.write.pdf_parts
from compiler.load import load_manifest
from compiler.run.build import build
from compiler.run.cache import Cache, cache_dir
from compiler.run.prepare import prepare


@pytest.fixture
def sample(tmp_path, monkeypatch):
    """A copy of the sample, laid out in parallel with each story a part of its own."""
    shutil.copytree(ROOT / "manifests", tmp_path / "manifests")
    monkeypatch.setattr(compiler.write.pdf, "PARALLEL_FROM", 0)
    monkeypatch.setattr(compiler.write.pdf_parts, "PART_CHARS", 1)
    return tmp_path / "manifests" / "sample.yaml"


def _compile(manifest, out, force=False) -> tuple[dict[str, bytes], Cache]:
    spec = load_manifest(manifest)
    cache = Cache(cache_dir(out), read=not force)
    prepared = prepare(spec, 2, cache=cache)
    outputs = {fmt: build(prepared, fmt, out, 2, cache=cache).path.read_bytes() for fmt in ("epub", "pdf")}
    return outputs, cache


def _edit(manifest, number: int, old: bytes, new: bytes) -> None:
    spec = load_manifest(manifest)
    path = spec.stories[number - 1].path
    text = path.read_bytes()
    assert old in text
    path.write_bytes(text.replace(old, new, 1))


def _parts(cache: Cache) -> Counter:
    return Counter(cache.made)


def test_an_edit_redoes_its_story_only_and_gives_the_bytes_of_a_full_build(sample, tmp_path):
    first, cache = _compile(sample, tmp_path / "out")
    made = _parts(cache)
    assert made["story"] == 4 and made["layout_part"] == 4, made  # four stories
    assert made["overlaid_front"] == 1, made  # the front matter, laid out once, with its numbers
    again, cache = _compile(sample, tmp_path / "out")
    assert again == first and not cache.made  # nothing at all made again

    _edit(sample, 2, b"the", b"teh")
    edited, cache = _compile(sample, tmp_path / "out")
    made = _parts(cache)
    assert made["story"] == 1 and made["layout_part"] == 1, made  # the story, and its part
    # Its pages did not move: the part's running heads and folios are drawn on again, not laid out.
    assert made["overlaid"] == 1 and made["overlay_pages"] == 0, made
    fresh, _ = _compile(sample, tmp_path / "fresh", force=True)
    assert edited["epub"] == fresh["epub"] and edited["pdf"] == fresh["pdf"]
    assert edited["pdf"] != first["pdf"]


def test_an_edit_that_adds_pages_moves_the_later_folios_as_a_full_build_does(sample, tmp_path):
    first, _ = _compile(sample, tmp_path / "out")
    pages = len(PdfReader(io.BytesIO(first["pdf"])).pages)
    spec = load_manifest(sample)
    path = spec.stories[0].path
    text = path.read_bytes()
    paragraph = text.split(b"\n\n")[3] if text.count(b"\n\n") > 3 else text[:400]
    path.write_bytes(text + (b"\n\n" + paragraph) * 60 + b"\n")
    edited, cache = _compile(sample, tmp_path / "out")
    made = _parts(cache)
    assert made["story"] == 1 and made["layout_part"] == 1, made
    assert made["overlaid"] >= 3  # the later parts' page numbers moved
    fresh, _ = _compile(sample, tmp_path / "fresh", force=True)
    assert edited["pdf"] == fresh["pdf"] and edited["epub"] == fresh["epub"]
    reader = PdfReader(io.BytesIO(edited["pdf"]))
    assert len(reader.pages) > pages + 2
    last = reader.pages[-1].extract_text()
    # The last folio (numbered from 1 on the first story, after six pages of front matter)
    # is printed on the last page and is its label.
    assert reader.page_labels[-1] == str(len(reader.pages) - 6) and reader.page_labels[-1] in last.split()


def test_a_damaged_cache_is_ignored_never_trusted(sample, tmp_path):
    first, _ = _compile(sample, tmp_path / "out")
    entries = [path for path in cache_dir(tmp_path / "out").glob("*/*")]
    assert entries
    for number, path in enumerate(entries):
        data = path.read_bytes()
        if number % 3 == 0:
            path.write_bytes(data[: len(data) // 2])  # cut short
        elif number % 3 == 1:
            path.write_bytes(data[:-40] + bytes(40))  # its end overwritten
        else:
            path.write_bytes(b"not a cache entry")
    again, cache = _compile(sample, tmp_path / "out")
    assert again == first
    assert _parts(cache)["story"] == 4 and cache.hits == 0


def test_a_forged_entry_with_a_right_hash_but_no_pickle_is_made_again(sample, tmp_path):
    import hashlib

    from compiler.run import cache as module

    first, _ = _compile(sample, tmp_path / "out")
    for path in cache_dir(tmp_path / "out").glob("*/*"):
        payload = b"\x80\x05garbage"
        path.write_bytes(module._MAGIC + hashlib.sha256(payload).digest() + payload)
    again, cache = _compile(sample, tmp_path / "out")
    assert again == first and cache.hits == 0


def test_the_cache_stays_within_its_bound(sample, tmp_path, monkeypatch):
    import os

    stray = cache_dir(tmp_path / "out") / "ab" / ".left-by-a-killed-build.tmp"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"x" * 1000)
    os.utime(stray, (1, 1))
    monkeypatch.setenv("FICBIND_CACHE_MB", "1")
    _compile(sample, tmp_path / "out")
    sizes = [path.stat().st_size for path in cache_dir(tmp_path / "out").glob("*/*")]
    assert sizes and sum(sizes) <= 2**20
    assert not stray.exists()


def test_the_command_keeps_its_cache_out_of_sight_and_finds_it_again(tmp_path):
    """Through the command, in new processes each time (so the keys are the same in every
    process): an edit to one story adds one story's entry; --force adds none it did not make."""
    from helpers import ficbind

    shutil.copytree(ROOT / "manifests", tmp_path / "manifests")
    manifest = tmp_path / "manifests" / "sample.yaml"
    out = tmp_path / "out"

    def entries() -> set[str]:
        return {path.name for path in cache_dir(out).glob("*/*")}

    result = ficbind("compile", str(manifest), "-f", "epub", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    first = entries()
    assert len(first) == 4  # a story each (the EPUB keeps nothing else)
    assert sorted(path.name for path in out.iterdir() if not path.name.startswith(".")) == ["sample.epub"]
    epub = (out / "sample.epub").read_bytes()
    _edit(manifest, 3, b"the", b"teh")
    result = ficbind("compile", str(manifest), "-f", "epub", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    assert len(entries() - first) == 1 and first <= entries()
    _edit(manifest, 3, b"teh", b"the")
    result = ficbind("compile", str(manifest), "-f", "epub", "-o", str(out), "-q", "--force")
    assert result.returncode == 0, result.stderr
    assert (out / "sample.epub").read_bytes() == epub
    assert len(entries()) == 5
