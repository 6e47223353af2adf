"""Hostile inputs: a manifest, stories and files from a stranger, tried as an attacker
would. Each case asserts the exit status, the one-line message, a time bound (none of
them may hang or read a device to the end) and that nothing was written: no output, no
temporary file, no change to any file in the project.

Stylesheets that fetch or read what they should not are in tests/write/test_fetch_policy.py;
workers outliving a killed build in tests/run/test_processes.py; linear time on stories
of any shape in bench/scaling.py (speed is measured there, never in a timed test).
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

STORY = "Chapter 1\n\nThe lamp turned over the water, and Wren counted the seconds.\n"
BOUND = 20.0  # seconds: far above any of these, far below a hang or a read of /dev/zero


def run(tmp: Path, *args: str, env: dict | None = None) -> tuple[subprocess.CompletedProcess, float]:
    exe = Path(sys.executable).parent / "ficbind"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "compiler"]
    start = time.monotonic()
    result = subprocess.run(
        [*command, *args], cwd=tmp, capture_output=True, text=True, timeout=BOUND * 3,
        env={**os.environ, "TMPDIR": str(tmp / "tmp"), **(env or {})},
    )
    return result, time.monotonic() - start


def snapshot(tmp: Path) -> dict[str, bytes | str]:
    """Every file under tmp (but FIFOs and devices, which are not read) and its content."""
    found: dict[str, bytes | str] = {}
    for path in sorted(tmp.rglob("*")):
        if path.is_symlink():
            found[str(path.relative_to(tmp))] = "-> " + os.readlink(path)
        elif path.is_file():
            found[str(path.relative_to(tmp))] = path.read_bytes()
        else:
            found[str(path.relative_to(tmp))] = "dir" if path.is_dir() else "special"
    return found


def refused(tmp: Path, *args: str, fragment: str, code: int = 2, env: dict | None = None) -> str:
    """Run, and assert: exit `code`, one line naming what is wrong, in the bound, and not
    one file written or changed."""
    (tmp / "tmp").mkdir(exist_ok=True)
    before = snapshot(tmp)
    result, seconds = run(tmp, *args, env=env)
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], result.stderr
    assert seconds < BOUND, f"took {seconds:.1f} s"
    assert snapshot(tmp) == before, "something was written"
    return lines[0]


def project(tmp: Path, manifest: str, **files: str | bytes) -> Path:
    (tmp / "s.txt").write_text(STORY, encoding="utf-8")
    for name, content in files.items():
        target = tmp / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    (tmp / "m.yaml").write_text(manifest, encoding="utf-8")
    return tmp / "m.yaml"


# ── special files: refused at once, never read to the end or waited on ──


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
@pytest.mark.parametrize("command", ["compile", "outline", "check"])
def test_a_device_as_a_story(tmp_path, device, command):
    if not Path(device).exists():
        pytest.skip(f"{device} is not on this system")
    project(tmp_path, f"title: T\nstories: [{device}]\n")
    refused(tmp_path, command, "m.yaml", fragment="m.yaml:2: story file " + device + " is a device, not a file")


@pytest.mark.parametrize("command", ["compile", "outline"])
@pytest.mark.parametrize("key", ["stories", "cover"])
def test_a_fifo_as_a_story_or_cover(tmp_path, command, key):
    os.mkfifo(tmp_path / "pipe")
    manifest = "title: T\nstories: [pipe]\n" if key == "stories" else "title: T\ncover: pipe\nstories: [s.txt]\n"
    project(tmp_path, manifest)
    refused(tmp_path, command, "m.yaml", fragment="pipe is a pipe (FIFO), not a file")


def test_a_fifo_or_a_device_as_the_manifest_or_the_story_outlined(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    os.mkfifo(tmp_path / "pipe.txt")
    refused(tmp_path, "compile", "pipe.yaml", fragment="pipe.yaml: is a pipe (FIFO), not a file")
    refused(tmp_path, "outline", "pipe.txt", fragment="pipe.txt: is a pipe (FIFO), not a file")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    refused(tmp_path, "compile", "zero.yaml", fragment="zero.yaml: is a device, not a file")


@pytest.mark.parametrize("key", ["stories", "cover"])
def test_a_symlink_loop_as_a_story_or_cover(tmp_path, key):
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")
    manifest = "title: T\nstories: [a.txt]\n" if key == "stories" else "title: T\ncover: a.txt\nstories: [s.txt]\n"
    project(tmp_path, manifest)
    refused(tmp_path, "compile", "m.yaml", fragment="a.txt is a symbolic link that loops")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_story(tmp_path):
    project(tmp_path, "title: T\nstories: [secret.txt]\n", **{"secret.txt": STORY})
    (tmp_path / "secret.txt").chmod(0)
    try:
        refused(tmp_path, "compile", "m.yaml", fragment="secret.txt: cannot be read (permission denied)")
    finally:
        (tmp_path / "secret.txt").chmod(0o644)


def test_a_story_that_cannot_be_read(tmp_path):
    """/proc/self/mem is a regular file that no one can read from its start (EIO), root
    included: the read stage's error, exit 2, not an internal error in the digest."""
    if not Path("/proc/self/mem").exists():
        pytest.skip("no /proc on this system")
    project(tmp_path, "title: T\nstories: [/proc/self/mem]\n")
    refused(tmp_path, "compile", "m.yaml", fragment="mem: cannot be read: Input/output error")


# ── manifest values: bounded, checked, never run away ──


def test_a_backtracking_marker_runs_in_linear_time(tmp_path):
    """`(a+)+$` against a's ending in `!` never finishes in Python's engine; in RE2 it is
    one pass. The build succeeds, and the line stays prose."""
    project(tmp_path, "title: T\nmarkers: {chapter: ['(a+)+$']}\nstories: [s.txt]\n",
            **{"s.txt": STORY + "\n" + "a" * 200_000 + "!\n"})
    result, seconds = run(tmp_path, "compile", "m.yaml", "-f", "epub", "--out", "out")
    assert result.returncode == 0, result.stderr
    assert seconds < BOUND


@pytest.mark.parametrize(("marker", "fragment"), [
    ("(?=x)", "lookaround such as (?=…) or (?<!…) is not supported"),
    ("(?<!x)y", "lookaround"),
    ("(a)\\1", "backreferences such as \\1 are not supported"),
    ("Ep (", "is not a valid regular expression"),
    ("x" * 501, "more than 500"),
])
def test_a_marker_ficbind_cannot_run_safely_is_refused_by_name(tmp_path, marker, fragment):
    project(tmp_path, f"title: T\nmarkers:\n  scene-break: ['{marker}']\nstories: [s.txt]\n")
    refused(tmp_path, "compile", "m.yaml", fragment=fragment)


@pytest.mark.parametrize(("line", "fragment"), [
    ("pdf: {page_size: 99999in 1mm}", "`page_size: 99999in 1mm` is not a page size"),
    ("pdf: {page_size: 1mm 1mm}", "is not a page size"),
    ("series_index: .nan", "`series_index: nan` is not a number ficbind takes"),
    ("series_index: .inf", "is not a number ficbind takes"),
    ("series_index: 1.0e+300", "is not a number ficbind takes"),
    ('identifier: "urn:x\\a"', "`identifier` holds a control character (U+0007)"),
    ('author: "A\\x1bB"', "`author` holds a control character (U+001B)"),
    ("description: " + "word " * 5000, "`description` is 24,999 characters long"),
    ("output: " + "x" * 201, "more than the 200 a file name can take"),
    ("output: ../up", "must be a plain file name stem"),
    ("date: 2024-13-40", "`2024-13-40` is not a date"),
    ("series: 2024-02-30", "`2024-02-30` is not a date"),
    ('date: "May 1st"', "`date: May 1st` is not a date"),
])
def test_out_of_bounds_values_are_refused(tmp_path, line, fragment):
    project(tmp_path, f"title: T\n{line}\nstories: [s.txt]\n")
    refused(tmp_path, "compile", "m.yaml", fragment=fragment)


def test_a_control_character_or_a_megabyte_in_the_title(tmp_path):
    project(tmp_path, 'title: "Night\\x07s"\nstories: [s.txt]\n')
    refused(tmp_path, "compile", "m.yaml", fragment="`title` holds a control character (U+0007)")
    project(tmp_path, "title: " + "x" * 1_000_000 + "\nstories: [s.txt]\n")
    refused(tmp_path, "compile", "m.yaml", fragment="`title` is 1,000,000 characters long")


def test_a_manifest_named_in_bytes_that_are_not_utf8(tmp_path):
    (tmp_path / "s.txt").write_text(STORY, encoding="utf-8")
    name = os.fsencode(tmp_path) + b"/m\xff.yaml"
    with open(name, "wb") as handle:
        handle.write(b"title: T\nstories: [s.txt]\n")
    refused(tmp_path, "compile", os.fsdecode(name), fragment="the manifest's file name is not UTF-8")


def png(width: int, height: int) -> bytes:
    """A PNG of width × height black pixels: small on disk, huge once decoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    packer = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) + \
        chunk(b"IDAT", data) + chunk(b"IEND", b"")


@pytest.mark.parametrize("side", [30000, 8000])
def test_a_decompression_bomb_as_the_cover(tmp_path, side):
    project(tmp_path, "title: T\ncover: art.png\nstories: [s.txt]\n", **{"art.png": png(side, side)})
    refused(tmp_path, "compile", "m.yaml", "-f", "epub", fragment="more pixels than ficbind decodes"
            if side == 30000 else f"{side} × {side} pixels, more than ficbind decodes")


# ── promises: init, outputs, sideload ──


def test_init_never_writes_a_name_that_would_add_another_file(tmp_path):
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "x\n  - notes-private.md\n#.txt").write_text(STORY, encoding="utf-8")
    (folder / "notes-private.md").write_text("not a story", encoding="utf-8")
    (folder / 'quoted "name" \\ here.txt').write_text(STORY, encoding="utf-8")
    with open(os.fsencode(folder) + b"/bad\xffname.txt", "wb") as handle:
        handle.write(STORY.encode())
    (tmp_path / "tmp").mkdir()
    result, _ = run(tmp_path, "init", "stories")
    assert result.returncode == 0, result.stderr
    assert "its name holds a control character" in result.stderr and "is not UTF-8 text" in result.stderr
    manifest = (tmp_path / "manifests" / "stories.yaml").read_text(encoding="utf-8")
    assert "notes-private" not in manifest
    from compiler.load.manifest import load_manifest

    spec = load_manifest(tmp_path / "manifests" / "stories.yaml")
    assert [story.path.name for story in spec.stories] == ['quoted "name" \\ here.txt']


def test_two_manifests_writing_one_output(tmp_path):
    project(tmp_path, "title: T\nstories: [s.txt]\n")
    (tmp_path / "n.yaml").write_text("title: U\noutput: m\nstories: [s.txt]\n", encoding="utf-8")
    refused(tmp_path, "compile", "m.yaml", "n.yaml", "--out", "out", fragment="m.yaml and n.yaml would both write m.")


def test_an_output_never_overwrites_a_source(tmp_path):
    project(tmp_path, "title: T\nstories: [m.pdf]\n", **{"m.pdf": STORY})
    refused(tmp_path, "compile", "m.yaml", "--out", ".", fragment="the output m.pdf would overwrite m.pdf")


def test_sideload_never_copies_into_the_system(tmp_path):
    project(tmp_path, "title: T\nstories: [s.txt]\n")
    (tmp_path / "reader").symlink_to("/")
    refused(tmp_path, "sideload", "m.yaml", "--device", "reader", fragment="a link to /, a folder of the system")
    refused(tmp_path, "sideload", "m.yaml", "--device", "/etc", fragment="/etc: is a folder of the system")


def test_sideload_onto_a_full_or_read_only_device(tmp_path, monkeypatch):
    import errno
    import shutil

    from compiler.errors import FicbindError
    from compiler.run import sideload

    device = tmp_path / "PB632"
    (device / "Books").mkdir(parents=True)
    book = tmp_path / "book.epub"
    book.write_bytes(b"epub")
    for code, words in ((errno.ENOSPC, "No space left on device"), (errno.EROFS, "Read-only file system")):
        def full(source, target, code=code):
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(shutil, "copyfile", full)
        with pytest.raises(FicbindError, match=f"cannot copy m.epub to the e-reader: {words}"):
            sideload.copy_to_device(book, sideload.identify(device), "m.epub")
        assert list((device / "Books").iterdir()) == []  # no partial file left


# ── what is kept and said ──


def test_touching_an_unchanged_story_changes_no_byte(tmp_path):
    project(tmp_path, "title: T\nstories: [s.txt]\n")
    (tmp_path / "tmp").mkdir()
    first, _ = run(tmp_path, "compile", "m.yaml", "-f", "epub", "--out", "one")
    assert first.returncode == 0, first.stderr
    os.utime(tmp_path / "s.txt", (1_000_000_000, 1_000_000_000))
    os.utime(tmp_path / "m.yaml")
    second, _ = run(tmp_path, "compile", "m.yaml", "-f", "epub", "--out", "two")
    assert second.returncode == 0, second.stderr
    assert (tmp_path / "one" / "m.epub").read_bytes() == (tmp_path / "two" / "m.epub").read_bytes()


def test_check_counts_the_words_a_marker_swallows(tmp_path):
    project(tmp_path, "title: T\nmarkers: {scene-break: ['^~.*~$']}\nstories: [s.txt]\n",
            **{"s.txt": STORY + "\n~ and then the morning came ~\n\nMore.\n"})
    (tmp_path / "tmp").mkdir()
    result, _ = run(tmp_path, "check", "m.yaml")
    assert "words taken by the manifest's markers" in result.stdout, result.stdout
    assert "line 5 (manifest-scene-break-1): ~ and then the morning came ~" in result.stdout


def test_a_paragraph_past_lxmls_limit_is_kept(tmp_path):
    """One paragraph of 11 MB (a story pasted without a line break): lxml refuses text
    nodes over 10 MB by default; it is the author's text, and the EPUB keeps every word."""
    import zipfile

    words = 1_100_000
    project(tmp_path, "title: T\nstories: [s.txt]\n", **{"s.txt": "Title\n\n" + "wordy " * words + "end.\n"})
    (tmp_path / "tmp").mkdir()
    result, _ = run(tmp_path, "compile", "m.yaml", "-f", "epub", "--out", "out")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "out" / "m.epub") as book:
        text = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert text.count("wordy") == words


def test_a_wrong_encoding_in_the_manifest_names_the_byte(tmp_path):
    project(tmp_path, "title: T\nstories:\n  - file: g.txt\n    encoding: utf-8\n",
            **{"g.txt": "Καλημέρα, φίλε μου.\n".encode("cp1253")})
    refused(tmp_path, "compile", "m.yaml", fragment="g.txt: is not utf-8 text (byte 0 is 0xca)")
    project(tmp_path, "title: T\nstories:\n  - file: g.txt\n    encoding: klingon\n")
    refused(tmp_path, "compile", "m.yaml", fragment="`encoding: klingon` is not an encoding ficbind knows")


# ── what a build opens: nothing outside the project but ficbind, Python and the fonts ──

_AUDIT = r"""
import atexit, os, sys
opened = set()
def hook(event, args):
    if event == "open" and args and isinstance(args[0], (str, bytes)):
        opened.add(os.path.abspath(os.fsdecode(args[0])))
sys.addaudithook(hook)
atexit.register(lambda: open(os.environ["AUDIT_LOG"], "w").write("\n".join(sorted(opened))))
from compiler.cli import main
sys.argv = ["ficbind", *sys.argv[1:]]
main()
"""


def test_a_build_opens_no_file_outside_the_project(tmp_path):
    """Every file the Python side of a PDF and EPUB build opens (audit hooks see each
    open) is the project's, ficbind's own, Python's, a system font, or a temporary
    file: a stylesheet full of URLs to elsewhere made it open none of those."""
    import sysconfig

    project(tmp_path, "title: T\nstyle: look.css\nstories: [s.txt]\n",
            **{"look.css": "@import url(more.css);\nbody { color: #222 }\n", "more.css": "h2 { font-style: italic }\n"})
    (tmp_path / "tmp").mkdir()
    log = tmp_path / "opened.txt"
    result = subprocess.run(
        [sys.executable, "-c", _AUDIT, "compile", "m.yaml", "--out", "out"], cwd=tmp_path, capture_output=True,
        text=True, timeout=300, env={**os.environ, "AUDIT_LOG": str(log), "TMPDIR": str(tmp_path / "tmp")},
    )
    assert result.returncode == 0, result.stderr
    allowed = [str(tmp_path), str(Path(__file__).resolve().parents[2]), sys.prefix, sys.base_prefix,
               sysconfig.get_paths()["purelib"], "/usr/share/fonts", "/usr/local/share/fonts", "/etc/fonts",
               "/usr/share/zoneinfo", "/proc/", "/dev/null", "/etc/mime.types", "/etc/localtime", "/usr/lib/locale"]
    elsewhere = [path for path in log.read_text(encoding="utf-8").splitlines()
                 if path and not any(path == root or path.startswith(root.rstrip("/") + "/") or path.startswith(root)
                                     for root in allowed)]
    seen = set(log.read_text(encoding="utf-8").splitlines())
    assert {str(tmp_path / name) for name in ("s.txt", "look.css", "more.css")} <= seen  # the hook sees opens
    assert elsewhere == [], elsewhere
