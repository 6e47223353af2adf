"""`outline` and `check` show the copy editor's queries with file and line, and with
`--changes` each changed paragraph as typed and as set, rule by rule."""

from __future__ import annotations

from helpers import ficbind

STORY = (
    "Chapter 1: Start\n\n"
    '"Is it about the map?", Tonks asked, gently."\n\n'
    "She met J.R.. Then he said that he would rather not talk about it, and that was all he would\n"
    "say about the matter, no,. and then he left the room without another word to any of them.\n\n"
    "Max said -- quietly... that *Snape*'s hat was 4' 11\" tall.\n"
)


def test_outline_queries_and_changes(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text(STORY, encoding="utf-8")
    plain = ficbind("outline", str(story))
    assert plain.returncode == 0, plain.stderr
    assert f"query: {story}:3: a quote left unpaired" in plain.stdout
    assert f"query: {story}:5: a doubled full stop" in plain.stdout
    # Found on its own line of a hard-wrapped paragraph.
    assert f"query: {story}:6: a comma and a full stop together" in plain.stdout
    assert "changed paragraphs" not in plain.stdout
    changed = ficbind("outline", str(story), "--changes").stdout
    assert "typed  Max said -- quietly... that *Snape*'s hat was 4' 11\" tall." in changed
    assert "set    Max said{WJ}—quietly{WJ}… that <i>Snape</i>’s hat was 4′ 11″ tall." in changed
    assert "apostrophe-in-word" in changed and "<i>Snape</i>['→’]s hat" in changed


def test_check_queries_and_changes(tmp_path):
    (tmp_path / "s.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "t.yaml").write_text("title: T\nauthor: A\nstories:\n  - file: s.txt\n", encoding="utf-8")
    result = ficbind("check", str(tmp_path / "t.yaml"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "s.txt:3: a quote left unpaired" in result.stdout and "changed paragraphs" not in result.stdout
    changed = ficbind("check", str(tmp_path / "t.yaml"), "--changes", cwd=tmp_path).stdout
    assert "    changed paragraphs:" in changed
    assert 'dialogue-period-comma' in changed and 'he map?"[,→] Tonks a' in changed
