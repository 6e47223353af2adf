"""`ficbind sideload` against fake mounted devices of each kind."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import ficbind


def device(tmp_path: Path, kind: str) -> Path:
    root = tmp_path / "mounts" / {"kobo": "KOBOeReader", "kindle": "Kindle", "generic": "PB632"}[kind]
    if kind == "kobo":
        (root / ".kobo").mkdir(parents=True)
    elif kind == "kindle":
        (root / "documents").mkdir(parents=True)
        (root / "system").mkdir()
    else:
        (root / "Books").mkdir(parents=True)
    return root


def sideload(tmp_path: Path, *args: str):
    env = {"FICBIND_MOUNTS": str(tmp_path / "mounts")}
    return ficbind("sideload", "sample", "--out", str(tmp_path / "out"), *args, env=env)


def test_kobo_gets_the_kepub_compiled_first(tmp_path):
    root = device(tmp_path, "kobo")
    result = sideload(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "compiled" in result.stderr
    assert (root / "sample.kepub.epub").read_bytes() == (tmp_path / "out" / "sample.kepub.epub").read_bytes()
    again = sideload(tmp_path)  # up to date now: copied, not compiled again
    assert again.returncode == 0 and "compiled" not in again.stderr


def test_generic_reader_gets_the_epub_in_books(tmp_path):
    root = device(tmp_path, "generic")
    result = sideload(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (root / "Books" / "sample.epub").is_file()


@pytest.mark.skipif(shutil.which("ebook-convert") is None, reason="Calibre's ebook-convert is not installed")
def test_kindle_gets_azw3_in_documents(tmp_path):
    root = device(tmp_path, "kindle")
    result = sideload(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (root / "documents" / "sample.azw3").stat().st_size > 10_000


def test_kindle_without_calibre_is_a_clear_error(tmp_path, monkeypatch):
    device(tmp_path, "kindle")
    env_path = os.environ["PATH"]
    bin_dir = Path(os.__file__).parent  # a folder with no ebook-convert
    result = ficbind(
        "sideload", "sample", "--out", str(tmp_path / "out"),
        env={"FICBIND_MOUNTS": str(tmp_path / "mounts"), "PATH": str(bin_dir)},
    )
    assert result.returncode == 3 and "ebook-convert" in result.stderr and "Traceback" not in result.stderr
    assert env_path


def test_dry_run_does_nothing(tmp_path):
    root = device(tmp_path, "kobo")
    result = sideload(tmp_path, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "would copy sample.kepub.epub" in result.stdout
    assert list(root.iterdir()) == [root / ".kobo"] and not (tmp_path / "out").exists()


def test_explicit_device_and_the_errors(tmp_path):
    (tmp_path / "mounts").mkdir()
    none = sideload(tmp_path)
    assert none.returncode == 2 and "no e-reader found" in none.stderr
    device(tmp_path, "kobo")
    device(tmp_path, "generic")
    several = sideload(tmp_path)
    assert several.returncode == 2 and "several e-readers" in several.stderr
    chosen = sideload(tmp_path, "--device", str(tmp_path / "mounts" / "PB632"))
    assert chosen.returncode == 0, chosen.stderr
