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
    from compiler.write.assets import styles_dir

    assert (styles_dir() / "print.css").is_file()
    assert (styles_dir() / "fonts" / "EBGaramond12-Regular.otf").is_file()


# Modules ficbind imports that come with a declared dependency rather than on their own.
_PROVIDED_BY = {
    "PIL": "weasyprint",  # Pillow draws the cover; WeasyPrint requires it
    "distributed": "dask extra",  # only for --executor dask://, with a clear error without it
}


def test_every_third_party_import_is_a_declared_dependency():
    """An import the package does (at the top or inside a function) that pyproject does
    not declare works here, where the test extras are installed, and fails for a user."""
    import ast
    import re
    import tomllib
    from importlib.metadata import packages_distributions

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")
                for requirement in project["dependencies"]}
    distributions = packages_distributions()
    missing = []
    for path in sorted((ROOT / "compiler").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "compiler" or top in _PROVIDED_BY:
                    continue
                dists = {d.lower().replace("_", "-") for d in distributions.get(top, [top])}
                if not dists & declared:
                    missing.append(f"{path.name}: {name} ({', '.join(sorted(dists))})")
    assert not missing, missing


def test_an_epub_compile_loads_nothing_it_does_not_use(tmp_path):
    """Start-up is part of every command's time: an EPUB build must not import the PDF
    machinery, pydantic (typer 0.29 validates options through it: 0.15 s a command) or
    urllib's HTTP client (xml.sax.saxutils pulls it in: 30 ms)."""
    script = (
        "import sys\n"
        "from compiler.cli import main\n"
        f"sys.argv = ['ficbind', 'compile', 'sample', '--format', 'epub', '--out', {str(tmp_path)!r}, '--jobs', '1', '--quiet']\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "heavy = sorted(m for m in ('weasyprint', 'pypdf', 'pydantic', 'urllib.request', 'http.client') if m in sys.modules)\n"
        "print(' '.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "sample.epub").is_file()
    assert result.stdout.strip() == "", result.stdout
