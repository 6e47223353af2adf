"""The manifest's JSON Schema, generated from the key tables (keys.py) and the options.

Editors that read `# yaml-language-server: $schema=…` (VS Code, Neovim, JetBrains) use
it to complete and check manifests as they are typed. `ficbind schema` prints it; the
copy in manifests/ is kept equal to it by a test.
"""

from __future__ import annotations

import json
from typing import Any

from compiler.load.values import MAX_LENGTH, MAX_LENGTHS
from compiler.load.keys import COLLECTION_KEYS, STORY_KEYS, Key
from compiler.options import (
    CHAPTER_PAGES,
    FLASHBACK_PLACEMENTS,
    FURNITURE_PLACEMENTS,
    NOTE_PLACEMENTS,
    PAGE_SIZES,
    PDF_VARIANTS,
    QUOTE_STYLES,
    THEMES,
    MarkerKind,
    TypographyRule,
)

SCHEMA_ID = "https://ficbind.invalid/schema/manifest.schema.json"


def _property(key: Key) -> dict[str, Any]:
    text = {"type": "string", "minLength": 1, "maxLength": MAX_LENGTHS.get(key.name, MAX_LENGTH)}
    kinds: dict[str, dict[str, Any]] = {
        "string": text,
        "path": text,
        "name": {"type": "string", "pattern": r"^[^/\\]+$"},
        "language": {"type": "string", "pattern": r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"},
        "number": {"type": "number", "minimum": 0, "maximum": 1_000_000},
        "encoding": text,
        "date": {"type": "string", "format": "date"},
        "notes": {"enum": list(NOTE_PLACEMENTS)},
        "flashbacks": {"enum": list(FLASHBACK_PLACEMENTS)},
        "furniture": {"enum": list(FURNITURE_PLACEMENTS)},
        "quotes": {"enum": list(QUOTE_STYLES)},
        "words": {"oneOf": [text, {"type": "array", "items": text}]},
        "mapping": {
            "type": "object",
            "propertyNames": {"enum": [rule.value for rule in TypographyRule]},
            "additionalProperties": {"type": "boolean"},
        },
        "markers": {
            "type": "object",
            "propertyNames": {"enum": [kind.value for kind in MarkerKind]},
            "additionalProperties": {"oneOf": [text, {"type": "array", "items": text}]},
        },
        "pdf": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "page_size": {
                    "type": "string",
                    "anyOf": [
                        {"enum": sorted({*PAGE_SIZES, *(k.upper() for k in PAGE_SIZES), "Letter", "Legal"})},
                        {"pattern": r"^\d+(\.\d+)?(mm|cm|in|pt)\s+\d+(\.\d+)?(mm|cm|in|pt)$"},
                    ],
                },
                "variant": {"enum": list(PDF_VARIANTS)},
                "chapters": {"enum": list(CHAPTER_PAGES)},
            },
        },
    }
    schema = dict(kinds[key.kind]) if key.kind in kinds else {}
    if key.name == "style":
        schema = {"type": "string", "anyOf": [{"enum": list(THEMES)}, {"pattern": r"\.css$"}]}
    schema["description"] = key.doc.replace("`", "")
    return schema


def manifest_schema() -> dict[str, Any]:
    story_object = {
        "type": "object",
        "additionalProperties": False,
        "required": [k.name for k in STORY_KEYS if k.required],
        "properties": {k.name: _property(k) for k in STORY_KEYS},
    }
    properties = {k.name: _property(k) for k in COLLECTION_KEYS if k.name != "stories"}
    properties["stories"] = {
        "description": "The stories, in reading order: paths, or mappings with file: and overrides.",
        "type": "array",
        "minItems": 1,
        "items": {"oneOf": [{"type": "string", "minLength": 1}, story_object]},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "ficbind collection manifest",
        "description": "A collection of plain-text stories for ficbind to compile into EPUB and PDF.",
        "type": "object",
        "additionalProperties": False,
        "required": [k.name for k in COLLECTION_KEYS if k.required],
        "properties": properties,
    }


def schema_text() -> str:
    return json.dumps(manifest_schema(), indent=2, ensure_ascii=False) + "\n"
