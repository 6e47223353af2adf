"""Golden typography cases: tests/typeset/fixtures/*.txt (format in STYLE.md there)."""

from __future__ import annotations

from pathlib import Path

from compiler.model import Block, BlockKind, Origin, Text
from compiler.render import render_inlines
from compiler.typeset import active_rules, typeset_block

FIXTURES = Path(__file__).parent / "fixtures"
ESCAPES = {"{WJ}": "\u2060", "{HS}": "\u200a", "{NBSP}": "\u00a0"}


def unescape(text: str) -> str:
    for name, char in ESCAPES.items():
        text = text.replace(name, char)
    return text


def escape_invisibles(text: str) -> str:
    for name, char in ESCAPES.items():
        text = text.replace(char, name)
    return text


def load_cases(path: Path) -> list[tuple[str, str, str]]:
    """`# name` / input / `→` / expected, cases separated by blank lines."""
    cases = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.strip("\n").split("\n") if line.strip()]
        if not lines or not lines[0].startswith("# ") or "→" not in lines:
            continue
        arrow = lines.index("→")
        name = lines[0][2:].strip()
        given = "\n".join(lines[1:arrow])
        expected = unescape("\n".join(lines[arrow + 1 :]))
        cases.append((f"{path.stem}: {name}", given, expected))
    return cases


def all_cases() -> list[tuple[str, str, str]]:
    return [case for path in sorted(FIXTURES.glob("*.txt")) for case in load_cases(path)]


def typeset_paragraph(text: str, switches: dict[str, bool] | None = None) -> str:
    """One paragraph through the typesetter and the renderer, as it lands inside <p>."""
    origin = Origin("case", 1, 1)
    block = Block(BlockKind.PARAGRAPH, (Text(text),), origin)
    typeset = typeset_block(block, active_rules(switches))
    return render_inlines(typeset.inlines)
