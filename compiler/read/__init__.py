"""Read stage: a story file → SourceText (bytes decoded, text repaired, line ends unified).

Takes a story's path (or its bytes); gives its text as the author meant it, the
encoding it was written in and the repairs made, or a SourceError naming the file.
The file is only ever opened for reading. Modules: files (the bytes), encoding (bytes →
text), repair (double encoding, invisible and control characters), source (the whole
step, and SourceText).
"""

from compiler.faces import face

__getattr__, __dir__, __all__ = face(
    __name__,
    {
        "read_source": "source",
        "decode_source": "source",
        "SourceText": "source",
        "Repair": "source",
        "read_raw": "files",
    },
)
