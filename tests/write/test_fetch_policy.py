"""Safe with a manifest from a stranger: a user stylesheet loads only fonts, images and
stylesheets under the manifest's folder, never the network, never a file elsewhere,
never a device or a FIFO; what it may load is packaged into the EPUB; WeasyPrint leaves
no temporary folder behind."""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from helpers import ROOT, epubcheck, epubcheck_problems, ficbind, pdf_fonts_embedded
from lxml import etree

from compiler.errors import ManifestError
from compiler.load.confined import Refused, read_inside
from compiler.load.style import decode_css, resolve_style
from compiler.write.assets import styles_dir

STORY = """Chapter 1: The Quay

"Ropes," said Wren, and coiled another.

Chapter 2: The Net

The net came up heavy with weed and one surprised crab.
"""
FONT = styles_dir() / "fonts" / "Inter-Regular.otf"


def png(path: Path) -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (4, 4), (200, 40, 40)).save(path, format="PNG")
    return path


@pytest.fixture(scope="module")
def server():
    """A real HTTP server on this machine that counts every request it gets."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            requests.append(self.path)
            body = b"body { color: red; }"
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{httpd.server_address[1]}", requests
    httpd.shutdown()
    httpd.server_close()


def project(tmp_path: Path, css: str | bytes, sheet: str = "my.css") -> Path:
    """A manifest folder with one story, the stylesheet and, beside the folder, a
    secret PNG and a secret text file that nothing may read."""
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "s.txt").write_text(STORY, encoding="utf-8")
    (folder / "m.yaml").write_text(f"title: Harbour\nstyle: {sheet}\nstories: [s.txt]\n", encoding="utf-8")
    if not (folder / sheet).exists():
        (folder / sheet).write_bytes(css if isinstance(css, bytes) else css.encode("utf-8"))
    png(tmp_path / "outside" / "secret.png")
    (tmp_path / "outside" / "secret.txt").write_text("not for the book", encoding="utf-8")
    return folder


# (id, the stylesheet (HOST: the server, OUT: the folder beside the project), what the message must name)
HOSTILE = [
    ("import-url", "@import url(http://HOST/a.css);", "http://HOST/a.css"),
    ("import-string", '@import "http://HOST/b.css";', "http://HOST/b.css"),
    ("import-quoted-url", "@import url('http://HOST/c.css') screen;", "http://HOST/c.css"),
    ("background", "body { background: url(http://HOST/bg.png) }", "http://HOST/bg.png"),
    ("background-quoted", 'body { background-image: url("http://HOST/bg2.png") }', "http://HOST/bg2.png"),
    ("font-face", "@font-face { font-family: Far; src: url(http://HOST/far.woff2) format('woff2') }", "http://HOST/far.woff2"),
    ("list-style-image", "ul { list-style-image: url( 'http://HOST/dot.png' ) }", "http://HOST/dot.png"),
    ("protocol-relative", "p { background: url(//HOST/rel.png) }", "//HOST/rel.png"),
    ("https", "p { background: url(https://HOST/s.png) }", "https://HOST/s.png"),
    ("image-set", 'p { background-image: image-set("http://HOST/set.png" 1x) }', "http://HOST/set.png"),
    ("escaped", r"p { background: url(\68 ttp://HOST/esc.png) }", "http://HOST/esc.png"),
    ("file-url", "p { background: url(file:///etc/passwd) }", "file:///etc/passwd"),
    ("file-url-png", "p { background: url(file://OUT/secret.png) }", "file://OUT/secret.png"),
    ("absolute-path", "p { background: url(OUT/secret.png) }", "OUT/secret.png"),
    ("dot-dot", "p { background: url(../outside/secret.png) }", "../outside/secret.png"),
    ("dot-dot-import", '@import "../outside/x.css";', "../outside/x.css"),
    ("device", "@font-face { font-family: Z; src: url(/dev/zero) }", "/dev/zero"),
    ("not-a-font", "@font-face { font-family: T; src: url(notes.txt) }", "notes.txt"),
    ("symlink-out", "p { background: url(link.png) }", "link.png"),
    ("fifo-import", '@import "pipe.css";', "pipe.css"),
    ("fifo-font", "@font-face { font-family: P; src: url(pipe.woff2) }", "pipe.woff2"),
    ("deep-import", '@import "inner/ok.css";', "http://HOST/deep.css"),
]


@pytest.mark.parametrize("fmt", ["pdf", "epub"])
@pytest.mark.parametrize(("css", "named"), [case[1:] for case in HOSTILE], ids=[case[0] for case in HOSTILE])
def test_a_hostile_stylesheet_is_refused_and_nothing_is_fetched(tmp_path, server, css, named, fmt):
    host, requests = server
    outside = str(tmp_path / "outside")
    css, named = (text.replace("HOST", host).replace("OUT", outside) for text in (css, named))
    folder = project(tmp_path, css)
    (folder / "notes.txt").write_text("a note", encoding="utf-8")
    (folder / "link.png").symlink_to(tmp_path / "outside" / "secret.png")
    os.mkfifo(folder / "pipe.css")
    os.mkfifo(folder / "pipe.woff2")
    (folder / "inner").mkdir()
    (folder / "inner" / "ok.css").write_text(f"p {{ color: blue }}\nh1 {{ background: url(http://{host}/deep.css) }}\n")
    before = list(requests)
    started = time.monotonic()
    result = ficbind("compile", str(folder / "m.yaml"), "--out", str(folder / "out"), "-f", fmt, "--jobs", "1")
    took = time.monotonic() - started
    assert result.returncode in (2, 3), result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    sheet = "inner/ok.css" if "deep" in named else "my.css"
    assert sheet in lines[0] and f"url({named})" in lines[0], lines[0]
    assert requests == before  # not one request reached the server
    assert took < 10, took
    assert not (folder / "out").exists()


def test_a_stylesheet_that_is_a_fifo_or_outside_the_folder_is_refused(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "s.txt").write_text(STORY, encoding="utf-8")
    os.mkfifo(folder / "pipe.css")
    (tmp_path / "shared.css").write_text("p { color: red }", encoding="utf-8")
    for sheet, reason in (("pipe.css", "(FIFO), not a file"), ("../shared.css", "is outside")):
        (folder / "m.yaml").write_text(f"title: T\nstyle: {sheet}\nstories: [s.txt]\n", encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "compiler", "compile", str(folder / "m.yaml"), "-o", str(folder / "out")],
                                check=False, capture_output=True, text=True, timeout=30, cwd=ROOT)
        assert result.returncode == 2 and reason in result.stderr and "m.yaml:2" in result.stderr, result.stderr
        assert not (folder / "out").exists()


def legit_project(tmp_path: Path) -> Path:
    """A stylesheet with its own font, an image, an import in a subfolder that loads an
    image by a ../ path (still inside), a file name with a space, and Latin-1 text."""
    folder = project(tmp_path, (
        '@charset "iso-8859-1";\n'
        '@import "css/parts.css";\n'
        "@font-face { font-family: Harbour Sans; src: url(fonts/Harbour%20Sans.otf) format('opentype'); }\n"
        "body { font-family: 'Harbour Sans'; }\n"
        "h2.story-title::after { content: ' \xb7 caf\xe9'; }\n"
        "hr { background: url('img/dot.png') no-repeat; }\n"
    ).encode("latin-1"))
    (folder / "fonts").mkdir()
    shutil.copy(FONT, folder / "fonts" / "Harbour Sans.otf")
    png(folder / "img" / "dot.png")
    png(folder / "img" / "wave.png")
    (folder / "css").mkdir()
    (folder / "css" / "parts.css").write_text(
        '@import url("../my.css");\n'  # a cycle: dropped
        "p { text-indent: 1.2em; }\nh1 { background: url(../img/wave.png) no-repeat; }\n", encoding="utf-8")
    return folder


def test_a_stylesheet_with_its_own_font_image_and_import_makes_both_books(tmp_path):
    folder = legit_project(tmp_path)
    result = ficbind("compile", str(folder / "m.yaml"), "--out", str(folder / "out"), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    fonts = pdf_fonts_embedded(folder / "out" / "m.pdf")
    assert any("Harbour" in name for name in fonts), fonts  # the user's font set the text
    epub = folder / "out" / "m.epub"
    assert epubcheck_problems(epubcheck(epub)) == []
    with zipfile.ZipFile(epub) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
        types = {item.get("href"): item.get("media-type") for item in opf.iter("{*}item")}
        user = archive.read("EPUB/styles/user.css").decode("utf-8")
        parts = archive.read("EPUB/styles/user/css/parts.css").decode("utf-8")
    assert types["styles/user/fonts/Harbour_Sans.otf"] == "font/otf"
    assert types["styles/user/img/dot.png"] == "image/png" and types["styles/user/css/parts.css"] == "text/css"
    assert 'url("user/fonts/Harbour_Sans.otf")' in user and 'url("user/css/parts.css")' in user
    assert "caf\u00e9" in user and "@charset" not in user  # decoded from Latin-1, packaged as UTF-8
    assert 'url("../img/wave.png")' in parts and "my.css" not in parts


def _compile_in_process(folder: Path, tmp: Path, *args: str, parallel: bool = False) -> subprocess.CompletedProcess:
    """The installed CLI with TMPDIR set to `tmp`; with `parallel`, any book is laid out in parts."""
    script = (
        "import sys\nimport compiler.write.pdf\n"
        + ("compiler.write.pdf.PARALLEL_FROM = 0\n" if parallel else "")
        + "from compiler.cli import main\n"
        f"sys.argv = ['ficbind', 'compile', {str(folder / 'm.yaml')!r}, *{list(args)!r}]\n"
        "main()\n"
    )
    return subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=600,
                          cwd=ROOT, env={**os.environ, "TMPDIR": str(tmp)})


def test_no_weasyprint_folder_is_left_and_latin1_css_works_in_parallel(tmp_path):
    folder = legit_project(tmp_path)
    (folder / "t.txt").write_text(STORY.replace("Wren", "Tamsin"), encoding="utf-8")
    (folder / "m.yaml").write_text("title: Harbour\nstyle: my.css\nstories: [s.txt, t.txt]\n", encoding="utf-8")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    one = _compile_in_process(folder, tmp, "-o", str(folder / "one"), "-f", "pdf", "--jobs", "1")
    assert one.returncode == 0, one.stderr
    assert sorted(os.listdir(tmp)) == []
    two = _compile_in_process(folder, tmp, "-o", str(folder / "two"), "-f", "pdf", "--jobs", "2", parallel=True)
    assert two.returncode == 0 and "internal error" not in two.stderr, two.stderr
    assert sorted(os.listdir(tmp)) == []
    serial, parallel = (folder / "one" / "m.pdf").read_bytes(), (folder / "two" / "m.pdf").read_bytes()
    assert serial != parallel  # it did take the parallel path
    assert any("Harbour" in name for name in pdf_fonts_embedded(folder / "two" / "m.pdf"))


def test_editing_an_imported_sheet_rebuilds(tmp_path):
    folder = legit_project(tmp_path)
    out = str(folder / "out")
    assert ficbind("compile", str(folder / "m.yaml"), "-o", out, "-f", "epub").returncode == 0
    again = ficbind("compile", str(folder / "m.yaml"), "-o", out, "-f", "epub")
    assert "up to date" in again.stdout + again.stderr
    parts = folder / "css" / "parts.css"
    parts.write_text(parts.read_text(encoding="utf-8") + "blockquote { margin: 0; }\n", encoding="utf-8")
    edited = ficbind("compile", str(folder / "m.yaml"), "-o", out, "-f", "epub")
    assert "wrote" in edited.stdout + edited.stderr and "up to date" not in edited.stdout + edited.stderr
    with zipfile.ZipFile(folder / "out" / "m.epub") as archive:
        assert b"blockquote" in archive.read("EPUB/styles/user/css/parts.css")


# ── the pieces ───────────────────────────────────────────────────────────────────────


def test_decoding_a_stylesheet():
    assert decode_css("é".encode()) == "é"
    assert decode_css(b"\xef\xbb\xbfp{}") == "p{}"
    assert decode_css(b'@charset "iso-8859-15";\n/* \xa4 */') == '@charset "iso-8859-15";\n/* \u20ac */'
    assert decode_css(b"/* \x93quoted\x94 */") == "/* \u201cquoted\u201d */"  # Windows-1252
    assert decode_css(b"/* \x81 */") == "/* \x81 */"  # undefined in Windows-1252: Latin-1


def test_confined_reading(tmp_path):
    (tmp_path / "big.png").write_bytes(b"x" * 2000)
    with pytest.raises(Refused, match="larger than"):
        read_inside(tmp_path / "big.png", tmp_path, 1000)
    (tmp_path / "loop.png").symlink_to(tmp_path / "loop.png")
    with pytest.raises(Refused, match="cannot be resolved"):
        read_inside(tmp_path / "loop.png", tmp_path, 1000)
    os.mkfifo(tmp_path / "pipe.png")
    started = time.monotonic()
    with pytest.raises(Refused, match="FIFO"):
        read_inside(tmp_path / "pipe.png", tmp_path, 1000)
    assert time.monotonic() - started < 1
    with pytest.raises(Refused, match="hidden"):
        (tmp_path / ".secret").mkdir()
        png(tmp_path / ".secret" / "a.png")
        read_inside(tmp_path / ".secret" / "a.png", tmp_path, 1000)


def test_an_image_that_is_not_what_its_name_says_is_refused(tmp_path):
    (tmp_path / "fake.png").write_text("not an image", encoding="utf-8")
    (tmp_path / "my.css").write_text("p { background: url(fake.png) }", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"refused url\(fake.png\): .*is not the image/png"):
        resolve_style(tmp_path / "my.css", tmp_path, tmp_path / "m.yaml", 2)


def test_the_pdf_fetcher_serves_only_the_bundle_ours_and_data(tmp_path, server):
    from compiler.write.fetch import fetch_refused, pdf_fetcher

    host, requests = server
    png(tmp_path / "dot.png")
    (tmp_path / "my.css").write_text("p { background: url(dot.png) }", encoding="utf-8")
    fetcher = pdf_fetcher(resolve_style(tmp_path / "my.css", tmp_path, tmp_path / "m.yaml", 1).pdf_style())
    assert fetcher.fetch((tmp_path / "dot.png").as_uri()).read().startswith(b"\x89PNG")
    assert fetcher.fetch((styles_dir() / "base.css").as_uri()).read()
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"
    before = list(requests)
    for url in (f"http://{host}/x.css", f"https://{host}/x.css", f"ftp://{host}/x"):
        with pytest.raises(fetch_refused()):
            fetcher.fetch(url)
    assert requests == before
    (tmp_path / "other.png").write_bytes((tmp_path / "dot.png").read_bytes())  # beside, but not in the bundle
    for path in ("/etc/passwd", "/dev/zero", str(tmp_path / "other.png")):
        with pytest.raises(ValueError):
            fetcher.fetch(Path(path).as_uri())
