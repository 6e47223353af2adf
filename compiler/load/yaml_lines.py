"""YAML with line numbers: a safe loader whose mappings and lists remember where they
stood, so every problem in a manifest can name its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from compiler.errors import ManifestError


class Map(dict):
    """A YAML mapping, with the line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]


class Seq(list):
    """A YAML list, with the line it starts on and the line of each item."""

    line: int = 0
    item_lines: list[int]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when present: 5x faster
    """A safe loader whose mappings and lists remember their source lines."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Map:
    loader.flatten_mapping(node)
    result = Map()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            raise ManifestError(f"keys must be words, not {key!r}", line=line)
        if key in result:
            raise ManifestError(
                f"key `{key}` appears twice (first on line {result.key_lines[key]})",
                line=line,
                hint="keep one of them",
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> Seq:
    result = Seq(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A date (`2024-05-01`), or a ManifestError for one no calendar has (`2024-13-40`),
    which YAML's own constructor raises as a bare ValueError."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as error:
        raise ManifestError(f"`{node.value}` is not a date ({error})", line=node.start_mark.line + 1,
                            hint="write it as year-month-day, e.g. 2024-05-01, or quote it") from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def parse_yaml(text: str, path: Path) -> Any:
    """The manifest's YAML as Maps, Seqs and scalars; a syntax error names its line."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except ManifestError as error:
        error.path = str(path)
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        raise ManifestError(
            f"not valid YAML: {problem}",
            path=str(path),
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint="check the indentation and quoting near this spot",
        ) from None
    except yaml.YAMLError as error:
        raise ManifestError(f"not valid YAML: {error}", path=str(path)) from None
