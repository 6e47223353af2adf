"""WeasyPrint loaded without compiler and linker subprocesses.

WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject through cffi by trying several
names for each, most of them (`libgobject-2.0-0`, `gobject-2.0`, …) names for other
systems. cffi hands every name it cannot open directly to `ctypes.util.find_library`,
which on Linux runs `ldconfig -p`, then `gcc` and `ld` to look for it: some fifty
subprocesses before the name that works (`libgobject-2.0.so.0`, the soname every Linux
system has) is tried, 0.16 s per PDF process on a quiet machine and 0.7 s under load.

`load_weasyprint()` imports WeasyPrint with `find_library` answering "not found" at
once, and only on Linux when each library's soname opens directly, so WeasyPrint's own
list still reaches the soname and opens exactly the library it would have opened. On
any other system, or when a soname does not open, WeasyPrint is imported as it is.
"""

from __future__ import annotations

import sys

# The sonames WeasyPrint tries among its names (weasyprint/text/ffi.py), the ones it needs.
_SONAMES = (
    "libgobject-2.0.so.0", "libpango-1.0.so.0", "libharfbuzz.so.0", "libfontconfig.so.1", "libpangoft2-1.0.so.0",
)


def _sonames_open() -> bool:
    import ctypes

    try:
        for name in _SONAMES:
            ctypes.CDLL(name)
    except OSError:
        return False
    return True


def load_weasyprint() -> None:
    """Import WeasyPrint, on Linux without `find_library`'s subprocesses (see above)."""
    if "weasyprint" in sys.modules:
        return
    if not sys.platform.startswith("linux") or not _sonames_open():
        import weasyprint  # noqa: F401
        return
    import ctypes.util

    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = find_library
