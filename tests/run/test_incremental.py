"""Incremental builds: an output is rebuilt when its inputs' content changed, and only
then; a no-op build reads no story, taking their hashes from what stat says of them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import ROOT

import compiler.run.state as build
from compiler.load import load_manifest
from compiler.run.files import output_path
from compiler.run.state import current_digest, is_up_to_date, record_build


@pytest.fixture
def collection(tmp_path, monkeypatch):
    """A copy of the sample (its sources are never touched), with the "recently
    written" window closed so that freshly copied files may be remembered."""
    shutil.copytree(ROOT / "manifests", tmp_path / "manifests")
    monkeypatch.setattr(build, "_RECENT_NS", 0)
    monkeypatch.setattr(build, "_remembered", {})
    spec = load_manifest(tmp_path / "manifests" / "sample.yaml")
    out = tmp_path / "out"
    out.mkdir()
    output_path(spec, "epub", out).write_bytes(b"built")  # stands in for the book
    record_build(spec, "epub", out, current_digest(spec, "epub", out))
    monkeypatch.setattr(build, "_remembered", {})  # a new process: only the state file knows
    return spec, out


def _reads(monkeypatch) -> list[str]:
    """The names of the files the digest reads (it reads them as regular files only)."""
    read: list[str] = []
    original = build.regular_bytes

    def counting(path, *args, **kwargs):
        read.append(Path(path).name)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(build, "regular_bytes", counting)
    return read


def test_a_no_op_check_reads_no_story(collection, monkeypatch):
    spec, out = collection
    read = _reads(monkeypatch)
    assert is_up_to_date(spec, "epub", out)
    stories = {story.path.name for story in spec.stories}
    assert not stories & set(read), read


def test_an_edit_that_keeps_size_and_modification_time_still_rebuilds(collection):
    """The change time moves on every write and cannot be set back."""
    spec, out = collection
    path = spec.stories[0].path
    text = path.read_bytes()
    before = path.stat()
    changed = text.replace(b"the", b"teh", 1)
    assert changed != text and len(changed) == len(text)
    path.write_bytes(changed)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns and path.stat().st_size == before.st_size
    assert not is_up_to_date(spec, "epub", out)


def test_touching_a_story_without_changing_it_does_not_rebuild(collection, monkeypatch):
    spec, out = collection
    path = spec.stories[1].path
    os.utime(path)
    read = _reads(monkeypatch)
    assert is_up_to_date(spec, "epub", out)
    assert path.name in read  # its stat changed, so it was read again, and found the same


def test_a_file_written_moments_ago_is_never_taken_on_trust(tmp_path, monkeypatch):
    """Timestamps are coarser than two quick edits: a file written in the last seconds
    is hashed from its content every time (git's "racily clean" rule)."""
    monkeypatch.setattr(build, "_remembered", {})
    path = tmp_path / "story.txt"
    path.write_text("First version.", encoding="utf-8")
    first = build.file_digest(path)
    assert str(path.absolute()) not in build._remembered
    path.write_text("Other version.", encoding="utf-8")  # same size, perhaps the same timestamp
    assert build.file_digest(path) != first


def test_the_digest_counts_what_the_user_stylesheet_pulls_in(tmp_path):
    """A sheet the user's stylesheet imports, and a font it loads, are inputs too."""
    (tmp_path / "s.txt").write_text("Chapter 1\n\nThe gulls came back.\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text("title: T\nstyle: my.css\nstories: [s.txt]\n", encoding="utf-8")
    (tmp_path / "my.css").write_text('@import "more/extra.css";\n', encoding="utf-8")
    (tmp_path / "more").mkdir()
    extra = tmp_path / "more" / "extra.css"
    extra.write_text("@font-face { font-family: F; src: url(f.otf); }\n", encoding="utf-8")
    font = tmp_path / "more" / "f.otf"
    font.write_bytes((ROOT / "styles" / "fonts" / "Inter-Regular.otf").read_bytes())
    out = tmp_path / "out"
    first = current_digest(load_manifest(tmp_path / "m.yaml"), "pdf", out)
    assert current_digest(load_manifest(tmp_path / "m.yaml"), "pdf", out) == first
    extra.write_text(extra.read_text(encoding="utf-8") + "p { margin: 0; }\n", encoding="utf-8")
    second = current_digest(load_manifest(tmp_path / "m.yaml"), "pdf", out)
    assert second != first
    font.write_bytes(font.read_bytes() + b"\0")
    assert current_digest(load_manifest(tmp_path / "m.yaml"), "pdf", out) not in (first, second)
