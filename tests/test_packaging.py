"""ficbind installed from a wheel carries its stylesheets and fonts."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from helpers import ROOT


def test_the_wheel_ships_styles_and_fonts(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("ficbind-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for asset in ("base.css", "epub.css", "print.css", "fonts/OFL-EBGaramond.txt", "fonts/EBGaramond12-Regular.otf",
                  "fonts/EBGaramond12-Italic.otf"):
        assert f"compiler/styles/{asset}" in names, asset
    assert any(n.endswith("entry_points.txt") for n in names)


def test_the_installed_package_finds_its_styles():
    from compiler.assets import styles_dir

    assert (styles_dir() / "print.css").is_file()
    assert (styles_dir() / "fonts" / "EBGaramond12-Regular.otf").is_file()
