"""A battery of bad inputs, tried as a new user would: each gives one clear line naming the
file (and line), a non-zero exit status, no traceback, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ficbind

GOOD_STORY = '"Hello," she said.\n'
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


def files(tmp: Path, manifest: str | bytes, extra: dict[str, str | bytes] | None = None) -> Path:
    (tmp / "s.txt").write_text(GOOD_STORY, encoding="utf-8")
    for name, content in (extra or {}).items():
        target = tmp / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    path = tmp / "c.yaml"
    if isinstance(manifest, bytes):
        path.write_bytes(manifest)
    else:
        path.write_text(manifest, encoding="utf-8")
    return path


CASES = [
    # (id, manifest, extra files, expected fragment, expected line in "c.yaml:N")
    ("malformed-yaml", "title: T\nstories:\n  - s.txt\n bad: [\n", None, "not valid YAML", None),
    ("tab-indentation", "title: T\nstories:\n\t- s.txt\n", None, "not valid YAML", 3),
    ("unclosed-quote", 'title: "T\nstories: [s.txt]\n', None, "not valid YAML", None),
    ("a-list-not-a-mapping", "- s.txt\n", None, "must be a mapping", 1),
    ("a-scalar-not-a-mapping", "just some words\n", None, "must be a mapping", 1),
    ("empty-manifest", "", None, "must be a mapping", 1),
    ("misspelt-key", "title: T\nautor: A\nstories: [s.txt]\n", None, "did you mean `author`", 2),
    ("misspelt-story-key", "title: T\nstories:\n  - file: s.txt\n    titel: X\n", None, "did you mean `title`", 4),
    ("no-title", "stories: [s.txt]\n", None, "has no `title`", 1),
    ("no-stories", "title: T\n", None, "has no `stories`", 1),
    ("empty-stories", "title: T\nstories: []\n", None, "at least one story", 2),
    ("stories-not-a-list", "title: T\nstories: s.txt\n", None, "must be a list", 2),
    ("title-a-list", "title: [a, b]\nstories: [s.txt]\n", None, "must be text", 1),
    ("series-index-text", "title: T\nseries_index: two\nstories: [s.txt]\n", None, "must be a number", 2),
    ("bad-language", "title: T\nlanguage: english please\nstories: [s.txt]\n", None, "not a language code", 2),
    ("missing-story", "title: T\nstories:\n  - s.txt\n  - nope.txt\n", None, "story file not found: nope.txt", 4),
    ("story-is-a-folder", "title: T\nstories: [dir]\n", {"dir/x.txt": "x"}, "is a folder", 2),
    ("duplicate-story", "title: T\nstories: [s.txt, s.txt]\n", None, "listed twice", 2),
    ("duplicate-key", "title: T\ntitle: U\nstories: [s.txt]\n", None, "appears twice", 2),
    ("unknown-style", "title: T\nstyle: fancy\nstories: [s.txt]\n", None, "unknown style `fancy`", 2),
    ("missing-stylesheet", "title: T\nstyle: mine.css\nstories: [s.txt]\n", None, "stylesheet not found", 2),
    ("missing-cover", "title: T\ncover: art.jpg\nstories: [s.txt]\n", None, "cover image not found", 2),
    ("output-with-slash", "title: T\noutput: ../x\nstories: [s.txt]\n", None, "plain file name", 2),
    ("unknown-typography-rule", "title: T\ntypography: {ellipses: false}\nstories: [s.txt]\n", None, "did you mean `ellipsis`", 2),
    ("typography-not-bool", "title: T\ntypography: {ellipsis: maybe}\nstories: [s.txt]\n", None, "true or false", 2),
    ("bad-notes-choice", "title: T\nnotes: bottom\nstories: [s.txt]\n", None, "not one of", 2),
    ("bad-marker-regex", "title: T\nmarkers: {chapter: ['Ep (']}\nstories: [s.txt]\n", None, "not a valid regular expression", 2),
    ("unknown-marker-kind", "title: T\nmarkers: {chapters: ['x']}\nstories: [s.txt]\n", None, "did you mean `chapter`", 2),
    ("bad-page-size", "title: T\npdf: {page_size: huge}\nstories: [s.txt]\n", None, "not a page size", 2),
    ("manifest-not-utf8", "title: Caf\xe9\nstories: [s.txt]\n".encode("cp1252"), None, "not UTF-8", None),
]


@pytest.mark.parametrize(("case", "manifest", "extra", "fragment", "line"), CASES, ids=[c[0] for c in CASES])
def test_bad_manifest(tmp_path, case, manifest, extra, fragment, line):
    path = files(tmp_path, manifest, extra)
    result = ficbind("compile", str(path), "--out", str(tmp_path / "out"))
    assert_clean_error(result, fragment)
    where = "c.yaml:" + (str(line) + ":" if line is not None else "")
    assert where in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


STORY_CASES = [
    ("empty-story", b"", "is empty"),
    ("whitespace-story", b"  \n\t\n  \n", "is empty"),
    ("binary-story", PNG, "is a PNG image"),
]


@pytest.mark.parametrize(("case", "content", "fragment"), STORY_CASES, ids=[c[0] for c in STORY_CASES])
def test_bad_story(tmp_path, case, content, fragment):
    path = files(tmp_path, "title: T\nstories: [s.txt, bad.txt]\n", {"bad.txt": content})
    result = ficbind("compile", str(path), "--out", str(tmp_path / "out"))
    assert_clean_error(result, fragment, code=2)
    assert "bad.txt" in result.stderr
    assert not any(p.suffix in (".epub", ".pdf") for p in (tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True


def test_gigantic_story(tmp_path):
    path = files(tmp_path, "title: T\nstories: [big.txt]\n", {"big.txt": "word " * 300_000})
    result = ficbind("compile", str(path), "--out", str(tmp_path / "out"), env={"FICBIND_MAX_STORY_MB": "1"})
    assert_clean_error(result, "is larger than 1 MB")
    assert "big.txt" in result.stderr


def test_a_cover_that_is_not_an_image(tmp_path):
    """A cover that is not an image is the user's to fix: exit 2, like any bad input."""
    path = files(tmp_path, "title: T\ncover: art.jpg\nstories: [s.txt]\n", {"art.jpg": "not an image"})
    result = ficbind("compile", str(path), "--out", str(tmp_path / "out"), "-f", "epub")
    assert_clean_error(result, "cannot be read", code=2)
    assert not (tmp_path / "out" / "c.epub").exists()


def test_unwritable_out_folder(tmp_path):
    path = files(tmp_path, "title: T\nstories: [s.txt]\n")
    (tmp_path / "blocker").write_text("a file where a folder should be", encoding="utf-8")
    result = ficbind("compile", str(path), "--out", str(tmp_path / "blocker" / "out"))
    assert_clean_error(result, "cannot write")


def test_unknown_collection_and_bad_option(tmp_path):
    assert_clean_error(ficbind("compile", str(tmp_path / "nope.yaml")), "nope.yaml: does not exist")  # a path
    assert_clean_error(ficbind("compile", "nope"), "no such collection: nope — collections in manifests/: sample")
    assert_clean_error(ficbind("outline", "missing.txt"), "missing.txt: does not exist")


def test_every_missing_story_is_named_at_once(tmp_path):
    (tmp_path / "here.txt").write_text("Here\n\nA story that is here.\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text("title: T\nstories:\n  - a.txt\n  - here.txt\n  - b.txt\n", encoding="utf-8")
    assert_clean_error(ficbind("compile", str(tmp_path / "m.yaml")),
                       "m.yaml:3: 2 story files not found: a.txt (line 3), b.txt (line 5)")
    bad = ficbind("compile", "sample", "--format", "mobi")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "mobi" in bad.stderr


def assert_clean_error(result, fragment: str, code: int = 2) -> None:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and fragment in lines[0], lines[0]


def test_hostile_text_compiles_escaped_into_a_valid_epub(tmp_path):
    """Control characters, markup-like text, CDATA ends, lone surrogate bytes, a very long
    line: escaped or removed, never breaking the EPUB, and every word kept."""
    from helpers import epub_documents, epubcheck, epubcheck_problems, story_documents

    hostile = (
        "Tom & Jerry <script>alert(1)</script> said ]]> and <<not a tag>> & &bogus; too.\n\n"
        "Bell\x07 and escape\x1b[31m codes\x00 and a vertical\x0btab.\n\n"
        + "A very long line " * 5000 + "ends here.\n\n"
        "Broken UTF-16 half: \udcff? and <i>real emphasis</i> and a <b>bold</b> word.\n"
    )
    raw = hostile.encode("utf-8", errors="surrogateescape")
    (tmp_path / "hostile story – ünïcode.txt").write_bytes(raw)
    (tmp_path / "c.yaml").write_text('title: "Hostile <&> ]]>"\nstories: ["hostile story – ünïcode.txt"]\n', encoding="utf-8")
    result = ficbind("compile", str(tmp_path / "c.yaml"), "--out", str(tmp_path / "out"), "-f", "epub")
    assert result.returncode == 0, result.stderr
    assert epubcheck_problems(epubcheck(tmp_path / "out" / "c.epub")) == []
    docs = story_documents(epub_documents(tmp_path / "out" / "c.epub"), 1)
    text = " ".join(t for doc in docs for t in doc.itertext())
    assert "<script>" in text and "]]>" in text and "Tom & Jerry" in text


def test_two_builds_of_the_same_collection_at_once(tmp_path):
    import subprocess
    import sys

    exe = Path(sys.executable).parent / "ficbind"
    root = Path(__file__).resolve().parents[2]
    runs = [
        subprocess.Popen([str(exe), "compile", "sample", "--out", str(tmp_path), "--force"], cwd=root,
                         stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    assert all(code == 0 for code, _ in results), results
    from helpers import epubcheck, epubcheck_problems

    assert epubcheck_problems(epubcheck(tmp_path / "sample.epub")) == []
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def _zip(members: list[tuple[str, bytes]], stored_first: bool = False) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(members):
            kind = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=kind)
    return buffer.getvalue()


def _tar() -> bytes:
    import io
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        data = b"Once upon a time.\n"
        info = tarfile.TarInfo("story.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _not_stories() -> list[tuple[str, bytes, str]]:
    """Files that are not a story's text, each built here from its own bytes: (id, bytes,
    what the error says it is). All of them are named `bad.txt`: the content decides."""
    import bz2
    import gzip
    import lzma

    story = b"\"Hello,\" she said. It was a dark and stormy night.\n" * 20
    nuls = b"\x00" * 64
    return [
        ("png", PNG, "a PNG image"),
        ("jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + nuls, "a JPEG image"),
        ("gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff" + nuls + b";", "a GIF image"),
        ("webp", b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00" + nuls, "a WebP image"),
        ("bmp", b"BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00" + nuls, "a BMP image"),
        ("zip", _zip([("chapter1.txt", story), ("chapter2.txt", story)]), "a ZIP archive"),
        # A ZIP whose every byte is valid UTF-8 (stored, ASCII inside): once compiled as text.
        ("zip-stored-ascii", _zip([("a.txt", b"hello")], stored_first=True), "a ZIP archive"),
        ("epub", _zip([("mimetype", b"application/epub+zip"), ("META-INF/container.xml", b"<container/>")],
                      stored_first=True), "an EPUB e-book"),
        ("docx", _zip([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]),
         "a Word document (.docx)"),
        ("odt", _zip([("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<office/>")],
                     stored_first=True), "an OpenDocument text"),
        ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF document"),
        ("rtf", rb"{\rtf1\ansi{\fonttbl\f0\fswiss Helvetica;}\f0\pard Once upon a time.\par}", "an RTF document"),
        ("doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + nuls * 8, "an old Word document (.doc)"),
        ("gzip", gzip.compress(story), "a gzip archive"),
        ("bzip2", bz2.compress(story), "a bzip2 archive"),
        ("xz", lzma.compress(story), "an xz archive"),
        ("7z", b"7z\xbc\xaf\x27\x1c\x00\x04\x8d\x9b\xd5\x0f" + nuls, "a 7-Zip archive"),
        ("rar", b"Rar!\x1a\x07\x01\x00\x33\x92\xb5\xe5\x0a\x01\x05\x06" + nuls, "a RAR archive"),
        ("tar", _tar(), "a tar archive"),
        ("mobi", b"The_Lamp_Room".ljust(32, b"\x00") + b"\x00" * 28 + b"BOOKMOBI" + nuls, "a MOBI/Kindle e-book"),
        ("sqlite", b"SQLite format 3\x00\x10\x00\x01\x01\x00\x40\x20\x20" + nuls, "an SQLite database"),
        ("elf", b"\x7fELF\x02\x01\x01\x00" + nuls, "a program (ELF)"),
        ("exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + nuls, "a Windows program"),
        ("mp3", b"ID3\x04\x00\x00\x00\x00\x01\x00TIT2\x00\x00\x00\x05\x00\x00\x03Song" + nuls, "an MP3 audio file"),
        ("mp4", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + nuls, "an MP4/QuickTime"),
        ("ogg", b"OggS\x00\x02" + nuls, "an Ogg audio or video file"),
        ("mhtml", b"From: <Saved by Blink>\r\nSubject: Low Tide Letters\r\nMIME-Version: 1.0\r\nContent-Type: "
                  b"multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----x\"\r\n\r\n------x\r\n"
                  b"Content-Type: text/html\r\n\r\n<html><body><p>Hi</p></body></html>\r\n", "a web archive (MHTML"),
    ]


NOT_STORIES = _not_stories()


@pytest.mark.parametrize(("case", "content", "what"), NOT_STORIES, ids=[c[0] for c in NOT_STORIES])
def test_what_is_not_a_story_is_named(tmp_path, case, content, what):
    """Whatever its name, a file that is not a story's text is named for what it is, with
    what to do instead, in one line: exit 2, nothing written."""
    path = files(tmp_path, "title: T\nstories: [s.txt, bad.txt]\n", {"bad.txt": content})
    result = ficbind("compile", str(path), "--out", str(tmp_path / "out"))
    assert_clean_error(result, f"bad.txt: is {what}", code=2)  # the file named, then what it is
    assert " — " in result.stderr  # and what to do
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.*"))


def test_a_word_document_says_how_to_make_it_a_story(tmp_path):
    """The tone of every such message: what the file is, and the step that makes it a story."""
    content = next(c for case, c, _ in NOT_STORIES if case == "docx")
    path = files(tmp_path, "title: T\nstories: [story.docx]\n", {"story.docx": content})
    result = ficbind("compile", str(path), "--out", str(tmp_path / "out"))
    assert_clean_error(result, "story.docx: is a Word document (.docx), not a story's text — open it in Word or "
                               "LibreOffice and save it as plain text (.txt) or HTML and give that file")


@pytest.mark.parametrize("text", ["BMX bandits rode at dawn.\n", "MZ was her call sign.\n", "ID3 was the form.\n",
                                  "BZh, she said, and shrugged.\n"])
def test_text_that_starts_like_a_binary_kind_is_still_a_story(tmp_path, text):
    from compiler.read import decode_source

    assert decode_source(text.encode(), Path("s.txt")).text == text
