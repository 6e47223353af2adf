"""One set of fonts in a joined PDF: each font embedded once, subset once for the book.

WeasyPrint subsets the fonts of each document it writes, so a book joined from parts
laid out apart would carry a subset of every font per part (the bench collection's PDF
was twice the size of a one-process build's, and more with more parts). Instead:

1. a part is written with its fonts whole (`whole_fonts()`: WeasyPrint's subsetting
   skipped, its widths and Unicode map still of the glyphs the part uses), so the same
   font is the same bytes in every part;
2. once joined (`share_fonts()`), every font file is found by its content, the glyphs
   the book uses of it gathered from every part's widths (/W), and the font subset once
   with fontTools, keeping glyph ids (as WeasyPrint does, so no text changes), and
   that one subset embedded for all the parts; the whole copies are dropped.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from contextlib import contextmanager
from typing import Any, Iterator

_FONT_FILES = ("/FontFile2", "/FontFile3")
# What WeasyPrint's own subsetting drops (a PDF draws glyphs by id: no shaping left to
# do), and fontTools' own mark.
_DROPPED = ["BASE", "DSIG", "EBDT", "EBLC", "EBSC", "GPOS", "GSUB", "JSTF", "LTSH", "PCLT", "SVG ", "FFTM",
            "Silf", "Silt", "Glat", "Gloc", "Feat", "Sill"]  # and Graphite's, which fontTools cannot cut


@contextmanager
def whole_fonts() -> Iterator[None]:
    """WeasyPrint writes fonts whole meanwhile (see the module docstring)."""
    from compiler.write.libraries import load_weasyprint

    load_weasyprint()
    from weasyprint.pdf import fonts

    subset = fonts.Font.subset
    fonts.Font.subset = lambda self, to_unicode, hinting: None
    try:
        yield
    finally:
        fonts.Font.subset = subset


def _glyphs(widths: Any) -> set[int]:
    """The glyph ids a CID font's /W array names: `c [w ...]` or `first last w`."""
    glyphs: set[int] = set()
    items = list(widths or [])
    index = 0
    while index < len(items):
        first = int(items[index])
        if index + 1 < len(items) and isinstance(items[index + 1], list):
            glyphs.update(range(first, first + len(items[index + 1])))
            index += 2
        else:
            if index + 2 >= len(items):
                break
            glyphs.update(range(first, int(items[index + 1]) + 1))
            index += 3
    return glyphs


def subset_font(data: bytes, glyphs: list[int]) -> bytes:
    """A font cut down to `glyphs` (and .notdef), glyph ids kept."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options(
        retain_gids=True, passthrough_tables=False, ignore_missing_glyphs=True, hinting=False,
        desubroutinize=True, notdef_outline=True, layout_closure=False,  # the glyphs are already chosen
    )
    options.drop_tables += _DROPPED
    if data[:4] == b"ttcf":
        return data  # a collection: which of its fonts is meant is not in the stream
    font = TTFont(io.BytesIO(data), fontNumber=0, lazy=False, recalcTimestamp=False)  # the same bytes every time
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=[0, *glyphs])
    logger = logging.getLogger("fontTools.subset")
    level = logger.level
    logger.setLevel(logging.ERROR)  # "table NOT subset; dropped": as meant, not the user's to read
    try:
        subsetter.subset(font)
    finally:
        logger.setLevel(level)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _resources_of(resources: Any, seen: set[int]) -> Iterator[Any]:
    """Some resources, and those of every form they draw (each form once: `seen`)."""
    if resources is None:
        return
    resources = resources.get_object()
    yield resources
    for form in (resources.get("/XObject") or {}).values():
        reference = getattr(form, "idnum", None)
        if reference is not None:
            if reference in seen:
                continue
            seen.add(reference)
        form = form.get_object()
        if form.get("/Subtype") == "/Form":
            yield from _resources_of(form.get("/Resources"), seen)


def _fonts_of(resources: Any, seen: set[int]) -> Iterator[Any]:
    """The font dictionaries of some resources, and of the forms they draw; each once
    (`seen`: a part's pages share their resources, and so their fonts)."""
    for found in _resources_of(resources, seen):
        for font in (found.get("/Font") or {}).values():
            reference = getattr(font, "idnum", None)
            if reference is not None:
                if -reference in seen:
                    continue
                seen.add(-reference)  # fonts apart from forms in the one set: negative numbers
            yield font.get_object()


def share_fonts(writer: Any, memo: Any = None) -> None:
    """Embed each font of a joined PDF once, subset for every page (see the docstring);
    `memo` (pdf_parts.Memo) keeps the subsets between builds."""
    from pypdf.generic import DecodedStreamObject, NameObject, NumberObject

    digests: dict[int, str] = {}
    groups: dict[str, dict] = {}
    seen: set[int] = set()
    for page in writer.pages:
        for font in _fonts_of(page.get("/Resources"), seen):
            if font.get("/Subtype") != "/Type0":
                continue
            for descendant in font.get("/DescendantFonts") or []:
                descendant = descendant.get_object()
                descriptor = descendant.get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                for key in _FONT_FILES:
                    reference = descriptor.raw_get(key) if key in descriptor else None
                    if reference is None or not hasattr(reference, "idnum"):
                        continue
                    if reference.idnum not in digests:  # the same font is the same compressed bytes in every part
                        stream = reference.get_object()
                        raw = stream._data if hasattr(stream, "_data") else stream.get_data()
                        filters = str(stream.get("/Filter", "")).encode()
                        digests[reference.idnum] = hashlib.sha256(key.encode() + filters + b"\0" + raw).hexdigest()
                    group = groups.setdefault(digests[reference.idnum], {"key": key, "refs": {}, "glyphs": set(), "uses": []})
                    group["refs"][reference.idnum] = reference
                    group["glyphs"] |= _glyphs(descendant.get("/W"))
                    group["uses"].append(descriptor)
    for digest, group in groups.items():
        glyphs = sorted(group["glyphs"])
        first = next(iter(group["refs"].values()))
        data = None
        name = None
        if memo is not None:
            name = memo.key("subset_font", (digest, glyphs))
            data = memo.get(name)
        if data is None:
            whole = first.get_object().get_data()
            try:
                data = subset_font(whole, glyphs)
            except Exception:  # noqa: BLE001 - a font fontTools cannot cut is embedded whole, once
                data = whole
            if memo is not None and name is not None:
                memo.put(name, data)
        stream = DecodedStreamObject()
        stream.set_data(data)
        original = first.get_object()
        if "/Subtype" in original:
            stream[NameObject("/Subtype")] = original["/Subtype"]
        if group["key"] == "/FontFile2":
            stream[NameObject("/Length1")] = NumberObject(len(data))
        shared = writer._add_object(stream.flate_encode())
        for descriptor in group["uses"]:
            descriptor[NameObject(group["key"])] = shared
        for idnum in group["refs"]:
            writer._objects[idnum - 1] = None  # no longer drawn from: not written (as pypdf drops an object)
    _one_dictionary_per_font(writer)


_PAIR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")
_CMAP_HEAD = (b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n<< /Registry (Adobe)\n"
              b"/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
              b"1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n")
_CMAP_TAIL = b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"


def _font_slots(resources: Any, seen: set[int]) -> Iterator[tuple[Any, str]]:
    """(font resources dictionary, name) for each font of some resources and their forms."""
    for found in _resources_of(resources, seen):
        if "/Font" in found:
            fonts = found["/Font"].get_object()
            for name in list(fonts.keys()):
                yield fonts, name


def _mergeable(font: Any) -> tuple | None:
    """(group key, font, descendant) of a font dictionary as WeasyPrint writes them (one
    CID font, Identity-H, a Unicode map, one font file), else None."""
    if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H" or "/ToUnicode" not in font:
        return None
    descendants = font.get("/DescendantFonts") or []
    if len(descendants) != 1:
        return None
    descendant = descendants[0].get_object()
    descriptor = descendant.get("/FontDescriptor")
    files = [descriptor.get_object().raw_get(key) for key in _FONT_FILES if descriptor and key in descriptor.get_object()]
    if len(files) != 1 or not hasattr(files[0], "idnum"):
        return None
    return (str(font.get("/BaseFont")), files[0].idnum), font, descendant


def _one_dictionary_per_font(writer: Any) -> None:
    """Each part named its fonts in dictionaries of its own (their widths and Unicode map
    of the glyphs it drew): one dictionary per font and font file for the whole book,
    with the widths and map of every part, and every page pointed to it."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    groups: dict[tuple, dict] = {}
    known: dict[int, tuple | None] = {}  # font dictionary → its group's key, font and descendant
    slots: set[tuple[int, str]] = set()
    for page in writer.pages:
        for fonts, name in _font_slots(page.get("/Resources"), set()):
            reference = fonts.raw_get(name)
            if not hasattr(reference, "idnum") or (id(fonts), name) in slots:
                continue  # a part's pages share their resources: each slot once
            slots.add((id(fonts), name))
            if reference.idnum not in known:
                known[reference.idnum] = _mergeable(reference.get_object())
            if known[reference.idnum] is None:
                continue
            key, font, descendant = known[reference.idnum]
            group = groups.setdefault(key, {"fonts": {}, "slots": []})
            group["slots"].append((fonts, name))
            group["fonts"].setdefault(reference.idnum, (font, descendant))
    for group in groups.values():
        if len(group["fonts"]) < 2:
            continue
        widths: dict[int, Any] = {}
        text: dict[int, bytes] = {}
        for font, descendant in group["fonts"].values():
            cmap = font["/ToUnicode"].get_object().get_data()
            if b"bfrange" in cmap:
                break  # not as WeasyPrint writes them: left as they are
            for glyph, value in _PAIR.findall(cmap.split(b"endcodespacerange", 1)[-1]):
                text.setdefault(int(glyph, 16), value)
            items = list(descendant.get("/W") or [])
            for first, run in zip(items[::2], items[1::2]):
                if not isinstance(run, list):
                    break
                for offset, width in enumerate(run):
                    widths.setdefault(int(first) + offset, width)
        else:
            lines = [_CMAP_HEAD]
            pairs = sorted(text.items())
            for start in range(0, len(pairs), 100):
                batch = pairs[start:start + 100]
                lines.append(f"{len(batch)} beginbfchar\n".encode())
                lines += [b"<%04x> <%s>\n" % (glyph, value) for glyph, value in batch]
                lines.append(b"endbfchar\n")
            lines.append(_CMAP_TAIL)
            cmap_stream = DecodedStreamObject()
            cmap_stream.set_data(b"".join(lines))
            array = ArrayObject()
            for glyph in sorted(widths):
                if glyph - 1 not in widths:
                    array.append(_number(glyph))
                    run = ArrayObject()
                    array.append(run)
                run.append(widths[glyph])
            (first_font, first_descendant), *_ = group["fonts"].values()
            descendant = DictionaryObject(first_descendant)
            descendant[NameObject("/W")] = array
            font = DictionaryObject(first_font)
            font[NameObject("/ToUnicode")] = writer._add_object(cmap_stream.flate_encode())
            font[NameObject("/DescendantFonts")] = ArrayObject([writer._add_object(descendant)])
            shared = writer._add_object(font)
            for fonts, name in group["slots"]:
                fonts[NameObject(name)] = shared
            kept = first_descendant.raw_get("/FontDescriptor")
            for idnum, (old, old_descendant) in group["fonts"].items():
                drawn_from = [old.raw_get("/ToUnicode"), old.raw_get("/DescendantFonts")[0]]
                if old_descendant.raw_get("/FontDescriptor") != kept:
                    drawn_from.append(old_descendant.raw_get("/FontDescriptor"))
                for reference in drawn_from:
                    if hasattr(reference, "idnum"):
                        writer._objects[reference.idnum - 1] = None
                writer._objects[idnum - 1] = None


def _number(value: int):
    from pypdf.generic import NumberObject

    return NumberObject(value)

