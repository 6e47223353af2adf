"""The manifest's keys: for each, the kind of value it takes and a line of documentation,
shared by the loader (which checks them) and the JSON Schema (which editors read)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Key:
    """One manifest key: its type check and a line for the docs and the JSON Schema."""

    name: str
    kind: str  # "string", "number", "path", "mapping", "stories", "language", "name"
    doc: str
    required: bool = False


COLLECTION_KEYS: tuple[Key, ...] = (
    Key("title", "string", "The collection's title, on its title page and in e-reader libraries.", True),
    Key("stories", "stories", "The stories, in reading order: paths, or mappings with `file:`.", True),
    Key("author", "string", "The collection's author or compiler."),
    Key("language", "language", "Language code (BCP 47, e.g. `en`, `en-GB`, `de`); default `en`."),
    Key("description", "string", "A sentence or two about the collection (the EPUB's description)."),
    Key("series", "string", "Series the collection belongs to."),
    Key("series_index", "number", "Position in the series (1, 2, 2.5, …)."),
    Key("date", "date", "The book's date (`2024-05-01`); by default the newest date in the stories' headers."),
    Key("identifier", "string", "A stable identifier; by default derived from title and author."),
    Key("cover", "path", "A cover image (JPEG or PNG); without one, a typographic cover is drawn."),
    Key("fandom", "words", "The fandom(s), for e-reader libraries: text or a list."),
    Key("tags", "words", "Tags (subjects) for e-reader libraries: a list."),
    Key("style", "string", "A built-in theme (`classic`, `modern`) or a path to your own CSS file, added on top of classic."),
    Key("pdf", "pdf", "PDF settings: `page_size` (A5, A4, Letter, 6x9, … or `130mm 200mm`), `variant` (e.g. `pdf/a-3b`) "
        "and `chapters` (auto, new-page or run-on: whether a story's chapters open new pages)."),
    Key("output", "name", "File name stem of the outputs; default: the manifest's file stem."),
    Key("typography", "mapping", "Typography rules switched on or off by name, e.g. `dialogue-period-comma: false`."),
    Key("quotes", "quotes", "Quotation style: `as-typed` (default), `american` (“…‘…’…”) or `british` (‘…“…”…’)."),
    Key("notes", "notes", "Author's notes: `in-place` (default), gathered at the `end` of each story, or `omit`."),
    Key("flashbacks", "flashbacks", "Flashbacks: a `section` of their own (default) or `inline` in the text, styled."),
    Key("furniture", "furniture", "What a saved web page brings along (navigation, rating badges, stats): `omit` (default) or `keep`."),
    Key("markers", "markers", "Extra structure markers: a kind (`author-note`, `chapter`, `scene-break`, …) → regular expressions."),
)

STORY_KEYS: tuple[Key, ...] = (
    Key("file", "path", "The story's .txt file, relative to the manifest.", True),
    Key("title", "string", "Title to use instead of the one in the file."),
    Key("author", "string", "The story's author, if not the collection's."),
    Key("summary", "string", "A summary to use instead of the file's `Summary:`."),
    Key("language", "language", "The story's language, if not the collection's."),
    Key("encoding", "encoding", "The file's encoding (e.g. `cp1253`, `mac_roman`), when ficbind's guess reads it wrong."),
    Key("fandom", "words", "The story's fandom(s)."),
    Key("tags", "words", "The story's tags."),
    Key("quotes", "quotes", "This story's quotation style: `as-typed`, `american` or `british`."),
    Key("notes", "notes", "This story's author's notes: `in-place`, `end` or `omit`."),
    Key("flashbacks", "flashbacks", "This story's flashbacks: `section` or `inline`."),
    Key("furniture", "furniture", "This story's site furniture: `omit` or `keep`."),
    Key("markers", "markers", "Extra structure markers for this story only."),
)
