"""The command line: clear one-line errors, the right exit codes, nothing half-written."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest
from helpers import ROOT, ficbind


def test_version_from_both_entry_points():
    assert ficbind("--version").stdout.startswith("ficbind ")
    import subprocess

    result = subprocess.run([sys.executable, "-m", "compiler", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.startswith("ficbind "), result.stderr


def assert_clean_error(result, *needles: str, code: int = 2) -> None:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_unknown_collection_lists_the_known_ones():
    assert_clean_error(ficbind("compile", "nosuch"), "no such collection: nosuch", "sample")


def test_nothing_to_compile():
    assert_clean_error(ficbind("compile"), "--all")


def test_bad_manifest_names_file_and_line_and_writes_nothing(tmp_path):
    (tmp_path / "s.txt").write_text("Hello.\n", encoding="utf-8")
    manifest = tmp_path / "bad.yaml"
    manifest.write_text("title: T\nautor: Me\nstories: [s.txt]\n", encoding="utf-8")
    result = ficbind("compile", str(manifest), "--out", str(tmp_path / "out"))
    assert_clean_error(result, "bad.yaml:2:", "unknown key `autor`", "did you mean `author`?")
    assert not (tmp_path / "out").exists()


def test_a_failed_build_leaves_earlier_outputs_alone(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text('"Hello," she said.\n', encoding="utf-8")
    manifest = tmp_path / "c.yaml"
    manifest.write_text("title: T\nstories: [s.txt]\n", encoding="utf-8")
    out = tmp_path / "out"
    assert ficbind("compile", str(manifest), "--out", str(out), "--format", "epub").returncode == 0
    before = (out / "c.epub").read_bytes()
    story.write_bytes(b"")  # now the source is empty: a user's mistake
    result = ficbind("compile", str(manifest), "--out", str(out), "--format", "epub")
    assert_clean_error(result, "s.txt", "empty")
    assert (out / "c.epub").read_bytes() == before
    kept = sorted(p.name for p in out.iterdir())
    assert kept == [".ficbind", "c.epub"]  # no temporary files left
    assert sorted(p.name for p in (out / ".ficbind").iterdir()) == ["c.lock", "state.json"]  # ficbind's own, out of sight


def test_sources_are_never_modified(tmp_path):
    stories = sorted((ROOT / "manifests" / "stories").glob("*.txt"))
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in stories}
    result = ficbind("compile", "sample", "--out", str(tmp_path), "--format", "epub", "--quiet")
    assert result.returncode == 0, result.stderr
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in stories} == before


def test_format_option_writes_only_that_format(tmp_path):
    result = ficbind("compile", "sample", "--out", str(tmp_path), "--format", "epub")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == ["sample.epub"]
    assert "wrote" in result.stderr and "sample.epub" in result.stderr


def test_all_compiles_every_manifest(tmp_path):
    result = ficbind("compile", "--all", "--out", str(tmp_path), "--format", "epub", "--quiet")
    assert result.returncode == 0, result.stderr
    expected = {p.stem + ".epub" for p in (ROOT / "manifests").glob("*.yaml")}
    assert {p.name for p in tmp_path.iterdir() if not p.name.startswith(".")} == expected


def test_outline_of_a_story_and_as_json(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text("Disclaimer: Not mine.\n\nAN: Hi!\n\nChapter 1: Start\n\nShe ran.\n", encoding="utf-8")
    result = ficbind("outline", str(story))
    assert result.returncode == 0, result.stderr
    assert "disclaimer [Disclaimer:]" in result.stdout and 'chapter "Chapter 1: Start"' in result.stdout
    import json

    data = json.loads(ficbind("outline", str(story), "--json").stdout)
    assert [s["kind"] for s in data["sections"]] == ["disclaimer", "author-note", "chapter"]


def test_an_unwritable_out_folder_is_a_clean_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = ficbind("compile", "sample", "--out", str(blocker / "sub"), "--format", "epub")
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
    assert "cannot write" in result.stderr


def test_a_users_stylesheet_reaches_both_books(tmp_path):
    from helpers import epubcheck, epubcheck_problems

    (tmp_path / "s.txt").write_text("Chapter 1: Start\n\n\"Hello,\" she said.\n", encoding="utf-8")
    (tmp_path / "mine.css").write_text("section.chapter h3 { letter-spacing: 0.2em; }\n", encoding="utf-8")
    manifest = tmp_path / "c.yaml"
    manifest.write_text("title: T\nstyle: mine.css\nstories: [s.txt]\n", encoding="utf-8")
    result = ficbind("compile", str(manifest), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    import zipfile

    with zipfile.ZipFile(tmp_path / "out" / "c.epub") as archive:
        assert b"letter-spacing: 0.2em" in archive.read("EPUB/styles/user.css")
        assert b'href="../styles/user.css"' in archive.read("EPUB/text/story-1.xhtml")
    assert epubcheck_problems(epubcheck(tmp_path / "out" / "c.epub")) == []


def test_a_bad_option_value_is_a_usage_error():
    result = ficbind("compile", "sample", "--format", "mobi")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "mobi" in result.stderr


def test_interrupting_a_build_leaves_no_partial_output(tmp_path):
    import signal
    import subprocess
    import time

    exe = Path(sys.executable).parent / "ficbind"
    process = subprocess.Popen(
        [str(exe), "compile", "sample", "--out", str(tmp_path)], cwd=ROOT, stderr=subprocess.PIPE, text=True
    )
    time.sleep(1.0)  # well into reading, typesetting or laying out the PDF
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert "Traceback" not in stderr
    assert process.returncode in (0, 130), (process.returncode, stderr)
    leftovers = [
        p.name for p in tmp_path.iterdir()
        if p.name not in ("sample.epub", "sample.pdf", ".ficbind")
    ]
    assert leftovers == []
    if process.returncode == 130:
        assert "interrupted" in stderr


def test_check_writes_nothing_and_reports(tmp_path):
    import shutil

    for story in (ROOT / "manifests" / "stories").glob("*.txt"):
        shutil.copy(story, tmp_path / story.name)
    shutil.copy(ROOT / "manifests" / "sample.yaml", tmp_path / "sample.yaml")
    (tmp_path / "sample.yaml").write_text(
        (tmp_path / "sample.yaml").read_text(encoding="utf-8").replace("stories/", ""), encoding="utf-8"
    )
    before = sorted(p.name for p in tmp_path.iterdir())
    result = ficbind("check", str(tmp_path / "sample.yaml"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("words: all kept") == 4
    assert "repair: line-ends" in result.stdout and "typography:" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_init_writes_a_starter_manifest_that_compiles(tmp_path):
    """A new reader's first minutes (the README's): a folder of stories, `init`, then
    `list`, `compile NAME`, `compile --all`, `outline NAME` and `check NAME` all find the
    collection, and the books go to the project's out/."""
    import shutil

    folder = tmp_path / "My Stories"
    folder.mkdir()
    for story in (ROOT / "manifests" / "stories").glob("*.txt"):
        shutil.copy(story, folder / story.name)
    (folder / "4242_9f3ab2c1d0e87766.txt").write_text(
        "Disclaimer: not mine.\n\nChapter 1: The Long Way Round\n\nThey walked. It took all day, and the sea was loud.\n",
        encoding="utf-8")
    (folder / "88231944.txt").write_text("The kettle sang. Nobody came to take it off the stove.\n", encoding="utf-8")
    result = ficbind("init", "My Stories", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    manifest = tmp_path / "manifests" / "my-stories.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert 'title: "The Lamp Room"' in text and 'title: "Spare Parts"' in text
    assert 'title: "After the Storm"  # from its file name: check it' in text
    assert 'title: "The Long Way Round"  # from its first chapter\'s heading: check it' in text
    assert 'title: "The kettle sang"  # from its first words' in text
    assert "“The Long Way Round”, from its first chapter's heading" in result.stderr  # said on screen
    assert "next: ficbind compile my-stories" in result.stderr
    assert (tmp_path / "manifests" / "ficbind.schema.json").is_file()
    again = ficbind("init", "My Stories", cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr

    listed = ficbind("list", cwd=tmp_path)
    assert listed.returncode == 0 and "my-stories: My Stories (6 stories): epub not built" in listed.stdout, listed
    built = ficbind("compile", "my-stories", "-f", "epub", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "wrote out/my-stories.epub (6 stories" in built.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".ficbind", "my-stories.epub"]
    assert "up to date: out/my-stories.epub" in ficbind("compile", "--all", "-f", "epub", cwd=tmp_path).stderr
    assert ficbind("outline", "my-stories", cwd=tmp_path).stdout.count("title line") == 6
    assert "6 stories, manifest valid" in ficbind("check", "my-stories", cwd=tmp_path).stdout
    # From anywhere, a manifest's books go to its project's out/, not the working folder's.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert ficbind("compile", str(manifest), "-f", "pdf", cwd=elsewhere).returncode == 0
    assert (tmp_path / "out" / "my-stories.pdf").is_file() and not (elsewhere / "out").exists()


def test_list_shows_collections_and_their_state(tmp_path):
    result = ficbind("list", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "sample: Keeping the Light" in result.stdout and "epub not built" in result.stdout
    ficbind("compile", "sample", "--out", str(tmp_path), "-f", "epub")
    assert "epub up to date" in ficbind("list", "--out", str(tmp_path)).stdout


def test_schema_is_committed_and_validates_the_sample():
    import json

    import jsonschema
    import yaml

    printed = ficbind("schema").stdout
    committed = (ROOT / "manifests" / "ficbind.schema.json").read_text(encoding="utf-8")
    assert printed == committed, "run `ficbind schema > manifests/ficbind.schema.json`"
    schema = json.loads(committed)
    sample = yaml.safe_load((ROOT / "manifests" / "sample.yaml").read_text(encoding="utf-8"))
    # As editors see YAML: a date (`date: 2026-11-20`) is the string it is written as.
    sample = json.loads(json.dumps(sample, default=str))
    jsonschema.validate(sample, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "T", "stories": ["a.txt"], "autor": "x"}, schema)


def test_every_command_has_help_with_an_example():
    for command in ("compile", "outline", "check", "init", "list", "schema", "sideload"):
        result = ficbind(command, "--help")
        assert result.returncode == 0 and "Example: ficbind" in result.stdout, command


def test_unchanged_collection_is_not_rebuilt(tmp_path):
    first = ficbind("compile", "sample", "--out", str(tmp_path), "-f", "epub")
    assert "wrote" in first.stderr
    second = ficbind("compile", "sample", "--out", str(tmp_path), "-f", "epub")
    assert "up to date" in second.stderr and "wrote" not in second.stderr
    forced = ficbind("compile", "sample", "--out", str(tmp_path), "-f", "epub", "--force")
    assert "wrote" in forced.stderr
