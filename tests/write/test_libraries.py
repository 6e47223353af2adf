"""WeasyPrint's libraries opened without ldconfig, gcc or ld (write/libraries.py), and
exactly the libraries a plain `import weasyprint` opens."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the subprocesses are Linux's find_library")

_PROBE = r"""
import sys
started = []
sys.addaudithook(lambda event, args: event == "subprocess.Popen" and started.append(str(args[0])))
if sys.argv[1] == "ficbind":
    from compiler.write.libraries import load_weasyprint
    load_weasyprint()
import weasyprint.text.ffi as ffi
libraries = sorted({line.split()[-1] for line in open("/proc/self/maps")
                    if any(name in line for name in ("gobject", "pango", "harfbuzz", "fontconfig"))})
print(len(started), ffi.harfbuzz_subset is not None, *libraries)
"""


def _probe(how: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", _PROBE, how], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_weasyprint_loads_without_subprocesses_and_opens_the_same_libraries():
    ours, plain = _probe("ficbind"), _probe("plain")
    assert ours[0] == "0", ours
    assert int(plain[0]) > 0  # what it costs without: ldconfig, gcc and ld for each name tried
    assert ours[1:] == plain[1:] and len(ours) > 5


def test_a_pdf_build_starts_no_process_but_its_workers(tmp_path):
    """The whole command, its worker processes included (they are forked, and inherit the hook)."""
    import shutil

    from helpers import ROOT

    shutil.copytree(ROOT / "manifests", tmp_path / "manifests")
    script = (
        "import sys\n"
        "sys.addaudithook(lambda e, a: e == 'subprocess.Popen' and print('POPEN', a[0], file=sys.stderr))\n"
        "import compiler.write.pdf\n"
        "compiler.write.pdf.PARALLEL_FROM = 0\n"
        "from compiler.cli.app import app\n"
        f"sys.argv = ['ficbind', 'compile', {str(tmp_path / 'manifests' / 'sample.yaml')!r}, '-f', 'pdf', '-j', '2',"
        f" '-o', {str(tmp_path / 'out')!r}, '-q']\n"
        "app()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "sample.pdf").is_file()
    assert "POPEN" not in result.stderr, result.stderr
