"""Run: the stages put to work for a command, and everything that touches files.

Takes a manifest (and the command's options); gives the outputs written into the output
folder, or what a command reports. Modules: project (where the manifests are, the build
lock), prepare (every story read, detected, placed and typeset, in parallel),
executors (worker processes here or on a Dask cluster), processes (local workers that
die with ficbind, no more than the machine can run), cluster (a Dask cluster, given up
on when it is lost), build (each output made and written), state (what each output was made from: rebuild only when inputs change),
files (atomic writes, names in messages), fidelity and check (every word kept), outline
(the tree as text or JSON), initialize (a starter manifest), sideload (onto an e-reader).
"""

from compiler.faces import face

__getattr__, __dir__, __all__ = face(
    __name__,
    {
        "prepare_story": "prepare",
        "render_format": "build",
        "is_up_to_date": "state",
        "outline_text": "outline",
        "check_collection": "check",
    },
)
