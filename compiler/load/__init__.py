"""Load stage: a manifest file → CollectionSpec, validated, its paths resolved.

Takes a manifest's path; gives the collection's spec (title, stories in order with
their overrides, and every option checked against compiler.options), or a ManifestError
naming the file and line. Modules: files (what a manifest names, read only as regular
files and never past a size), yaml_lines (YAML that remembers its lines), keys
(what a manifest may say), values (each value checked), manifest (the whole file),
style (the user's stylesheet and all it loads, under the fetch policy), confined (a
file read only inside a folder, only if regular, only so much), schema (the same rules
as a JSON Schema, for editors).
"""

from compiler.faces import face

__getattr__, __dir__, __all__ = face(
    __name__,
    {
        "load_manifest": "manifest",
        "CollectionSpec": "manifest",
        "StorySpec": "manifest",
        "schema_text": "schema",
        "read_regular": "files",
        "file_problem": "files",
        "StyleBundle": "style",
        "resolve_style": "style",
    },
)
