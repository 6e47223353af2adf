"""What detection gives: the story's tree, and the doubts it had on the way."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.model import Origin, Story


@dataclass(frozen=True)
class Diagnostic:
    """Something that looked like structure but was not taken, or was taken with a doubt."""

    code: str
    message: str
    origin: Origin

    def __str__(self) -> str:
        return f"{self.origin}: {self.message} [{self.code}]"


@dataclass(frozen=True)
class ParsedStory:
    story: Story
    diagnostics: tuple[Diagnostic, ...]
