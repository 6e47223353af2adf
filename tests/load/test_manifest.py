"""Manifests: validated, paths resolved against the manifest's folder, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.errors import ManifestError
from compiler.load import load_manifest


def write(folder: Path, text: str, name: str = "c.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "one.txt").write_text("Hello there.\n", encoding="utf-8")
    (tmp_path / "stories" / "two words.txt").write_text("Goodbye.\n", encoding="utf-8")
    return tmp_path


def test_paths_resolve_against_the_manifest_folder(folder, monkeypatch, tmp_path_factory):
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    manifest = write(
        folder,
        "title: T\nauthor: A\nlanguage: en-GB\nseries: S\nseries_index: 2\nstories:\n"
        "  - stories/one.txt\n  - file: stories/two words.txt\n    title: Second\n",
    )
    spec = load_manifest(manifest)
    assert [s.path for s in spec.stories] == [folder / "stories" / "one.txt", folder / "stories" / "two words.txt"]
    assert spec.stories[1].title == "Second"
    assert (spec.name, spec.title, spec.language, spec.series_index) == ("c", "T", "en-GB", 2.0)


def error_of(folder: Path, text: str) -> ManifestError:
    with pytest.raises(ManifestError) as caught:
        load_manifest(write(folder, text))
    return caught.value


def test_unknown_key_names_line_and_suggests(folder):
    error = error_of(folder, "title: T\nautor: A\nstories: [stories/one.txt]\n")
    assert error.line == 2 and "autor" in error.message and "`author`" in error.hint


def test_unknown_story_key_suggests(folder):
    error = error_of(folder, "title: T\nstories:\n  - file: stories/one.txt\n    titel: X\n")
    assert error.line == 4 and "`title`" in error.hint


def test_missing_story_file_names_the_line(folder):
    error = error_of(folder, "title: T\nstories:\n  - stories/one.txt\n  - stories/nope.txt\n")
    assert error.line == 4 and "nope.txt" in error.message and str(folder) in error.hint


def test_missing_required_key(folder):
    error = error_of(folder, "title: T\n")
    assert "stories" in error.message


def test_not_a_mapping(folder):
    error = error_of(folder, "- just\n- a list\n")
    assert "mapping" in error.message


def test_malformed_yaml_points_at_the_spot(folder):
    error = error_of(folder, "title: T\nstories:\n  - stories/one.txt\n bad: [\n")
    assert error.line is not None and error.line >= 3 and "YAML" in error.message


def test_wrong_types(folder):
    assert "number" in error_of(folder, "title: T\nseries_index: two\nstories: [stories/one.txt]\n").message
    assert "language" in error_of(folder, "title: T\nlanguage: english please\nstories: [stories/one.txt]\n").message
    assert "text" in error_of(folder, "title: [a, b]\nstories: [stories/one.txt]\n").message


def test_duplicate_story_and_duplicate_key(folder):
    assert "twice" in error_of(folder, "title: T\nstories: [stories/one.txt, stories/one.txt]\n").message
    assert "twice" in error_of(folder, "title: T\ntitle: U\nstories: [stories/one.txt]\n").message


def test_a_folder_is_not_a_story(folder):
    assert "folder" in error_of(folder, "title: T\nstories: [stories]\n").message


def test_output_must_be_a_plain_name(folder):
    assert "file name" in error_of(folder, "title: T\noutput: ../x\nstories: [stories/one.txt]\n").message


def test_unknown_typography_rule(folder):
    error = error_of(folder, "title: T\ntypography:\n  ellipses: false\nstories: [stories/one.txt]\n")
    assert error.line == 3 and "`ellipsis`" in error.hint


def test_the_sample_manifest_loads():
    spec = load_manifest(Path(__file__).parents[2] / "manifests" / "sample.yaml")
    assert len(spec.stories) >= 3
