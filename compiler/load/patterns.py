"""A manifest's regular expressions, run by RE2: in time linear in the line, whatever the
expression.

A manifest may come from a stranger, and Python's own engine backtracks: `(a+)+$`
against a line of a thousand a's and a `!` would not finish in this universe. RE2
(Google's engine, the `google-re2` package) never backtracks, so a marker costs at most
a pass over each line. It does not take backreferences (`\\1`) or lookaround (`(?=…)`,
`(?<!…)`): a marker that uses them is refused when the manifest is loaded, naming it.

RE2's `\\w`, `\\d`, `\\s` and `\\b` are ASCII; Python's are Unicode, and a marker such as
`^~\\w+~$` must take `~Rückblende~` as it would in Python. So the classes are spelled out
in Unicode properties before compiling (`\\w` → `[\\pL\\pN_]`, `\\d` → `\\p{Nd}`, `\\s` →
`[\\s\\p{Z}]`); `\\b` stays ASCII, and the README says so.
"""

from __future__ import annotations

import functools

_WORD = r"\pL\pN_"
_CLASSES = {"w": _WORD, "d": r"\p{Nd}", "s": r"\s\p{Z}"}
_NEGATED = {"W": _WORD, "D": r"\p{Nd}", "S": r"\s\p{Z}"}


class PatternError(ValueError):
    """A marker RE2 cannot run (or not a regular expression at all)."""


def unicode_classes(pattern: str) -> str:
    """`pattern` with Python's Unicode meaning of \\w, \\d and \\s (and their negations)
    spelled out for RE2; a negated class inside brackets is left to RE2 (ASCII)."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            letter = pattern[i + 1]
            if letter in _CLASSES:
                out.append(_CLASSES[letter] if in_class else f"[{_CLASSES[letter]}]")
            elif letter in _NEGATED and not in_class:
                out.append(f"[^{_NEGATED[letter]}]")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            # A ] right after [ or [^ is a literal, not the end of the class.
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                out.append("]")
                i += 1
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        else:
            out.append(char)
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=256)
def compile_marker(pattern: str):
    """An RE2 pattern for a manifest's expression, or PatternError saying why not."""
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would print its complaint on stderr; ours is the message
    options.max_mem = 8 << 20  # a huge expression fails to compile, rather than taking memory
    try:
        return re2.compile(unicode_classes(pattern), options)
    except re2.error as error:
        reason = error.args[0].decode("utf-8", "replace") if error.args and isinstance(error.args[0], bytes) else str(error)
        if any(f"invalid perl operator: (?{mark}" in reason for mark in ("=", "!", "<=", "<!")):
            reason = "lookaround such as (?=…) or (?<!…) is not supported"
        elif "invalid escape sequence: \\" in reason and reason[-1:].isdigit():
            reason = "backreferences such as \\1 are not supported"
        raise PatternError(reason) from None
