"""Property: arbitrary text, as stories, compiles into an EPUB that EPUBCheck accepts and
that keeps every word (each word of a source is in the book, or in a marker line the
parser consumed, such as `AN:`)."""

from __future__ import annotations

from collections import Counter

from helpers import XHTML, element_text, epub_documents, epubcheck, epubcheck_problems, ficbind, story_documents, words
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from compiler.detect import parse_story
from compiler.read import read_source
from compiler.run.fidelity import tree_words
from compiler.typeset.markup import strip_markup

# Lines fan fiction is made of, and some it should never be made of.
LINES = [
    "Chapter 1: The Start", "CHAPTER TWO", "Prologue", "AN: thanks!", "A/N: sorry", "(A/N: canon!)",
    "Disclaimer: not mine.", "Summary: stuff happens", "Title: Foo", "Rating: T", "* * *", "~*~", "xXx",
    "*Flashback*", "*End Flashback*", "2 months ago", "/End of Flashback/", "Present day", "Harry's POV",
    "TBC", "The End", "Dear Maren,", "Love,", "Gran", "Previously on Show:", "Please review!",
    '"Hello," she said.', "'Why?' he thought.", "It was--no. It wasn't...", "She said AN: what", "5'10\" tall",
    "*very* _much_ /so/", "<i>old</i> &amp; &quot;html&quot;", "Tom & Jerry <3 ]]>", "Ron: where r u",
]
text_line = st.one_of(
    st.sampled_from(LINES),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60),
)
story = st.lists(st.one_of(text_line, st.just("")), min_size=1, max_size=25).map("\n".join).filter(
    lambda s: any(c.isalnum() for c in s)
)


def epub_story_words(docs) -> Counter[str]:
    found: Counter[str] = Counter()
    for doc in docs:
        body = doc.find(f"{XHTML}body")
        found.update(words(element_text(body, frozenset({"label", "story-title", "noteref"}))))
    return found


# Each example runs the compiler and EPUBCheck (seconds each): a few examples, no
# shrinking, the same examples on every run (a failure prints its stories in full).
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), phases=[Phase.generate],
          derandomize=True)
@given(st.lists(story, min_size=8, max_size=8))
def test_arbitrary_stories_compile_valid_and_keep_every_word(tmp_path_factory, stories):
    folder = tmp_path_factory.mktemp("arbitrary")
    manifest = ["title: Arbitrary", "furniture: keep", "stories:"]  # every word: what reads as site chrome too
    for number, text in enumerate(stories, start=1):
        (folder / f"s{number}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
        manifest += [f"  - file: s{number}.txt", f"    title: Story {number}"]
    (folder / "a.yaml").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    result = ficbind("compile", str(folder / "a.yaml"), "--out", str(folder / "out"), "-f", "epub")
    if "is empty" in result.stderr or "has no text" in result.stderr:
        return  # a story of nothing but invisible characters: a clean error is right
    assert result.returncode == 0, result.stderr
    epub = folder / "out" / "a.epub"
    assert epubcheck_problems(epubcheck(epub)) == []
    documents = epub_documents(epub)
    for number in range(1, len(stories) + 1):
        source = read_source(folder / f"s{number}.txt")
        parsed = parse_story(source)
        consumed = tree_words(parsed.story) - Counter(_tree_text_words(parsed, f"Story {number}"))
        in_book = epub_story_words(story_documents(documents, number))
        # HTML tags and entities in the text are markup, not words (<i> is emphasis).
        assert in_book + consumed == Counter(words(strip_markup(source.text))), f"story {number}: {source.text!r}"


def _tree_text_words(parsed, title: str) -> list[str]:
    """The tree's words that are text (rendered), not consumed markers nor a title line
    the manifest's `title` replaces (not printed: outline and check say so)."""
    from compiler.model import Block, Note, Section, plain_text

    line = words(plain_text(parsed.story.title_line))
    found: list[str] = line if line == words(title) else []

    def walk(section: Section) -> None:
        found.extend(words(plain_text(section.title)))
        for node in section.content:
            if isinstance(node, Section):
                walk(node)
            elif isinstance(node, Block):
                found.extend(words(plain_text(tuple(n for n in node.inlines if not isinstance(n, Note)))))
                for inline in node.inlines:
                    if isinstance(inline, Note):
                        found.extend(words(plain_text(inline.children)))

    for section in parsed.story.sections:
        walk(section)
    return found
