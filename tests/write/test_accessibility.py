"""DAISY Ace, the EPUB accessibility checker reading systems and publishers use, finds
no serious and no moderate violation in the sample's EPUB or the seeds'.

Ace is a Node.js program; `.ci/run` installs it (with Debian's Chromium, which it drives)
and says where in FICBIND_ACE. Elsewhere: `npm install --ignore-scripts @daisy/ace`, then
FICBIND_ACE=node_modules/.bin/ace-puppeteer and PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium.
Without it these tests are skipped and say why."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from helpers import SEEDS, ficbind

ACE = os.environ.get("FICBIND_ACE") or shutil.which("ace") or ""
needs_ace = pytest.mark.skipif(
    not ACE or not Path(ACE).exists(),
    reason="DAISY Ace is not installed (set FICBIND_ACE to its command; .ci/run installs it)",
)
SERIOUS = ("critical", "serious", "moderate")


def ace_violations(epub: Path, reports: Path) -> Counter:
    """Ace's violations of the EPUB, counted by (impact, rule)."""
    result = subprocess.run([ACE, "--silent", "--force", "--outdir", str(reports), str(epub)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads((reports / "report.json").read_text(encoding="utf-8"))
    found: Counter = Counter()
    for document in report["assertions"]:
        for assertion in document.get("assertions", []):
            test = assertion["earl:test"]
            found[(test["earl:impact"], test["dct:title"])] += 1
    return found


def _epubs(tmp_path: Path) -> list[Path]:
    result = ficbind("compile", "sample", "-o", str(tmp_path / "out"), "-f", "epub", "--force")
    assert result.returncode == 0, result.stderr
    epubs = [tmp_path / "out" / "sample.epub"]
    for seed in sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []:
        (tmp_path / f"{seed.stem}.yaml").write_text(f"title: {seed.stem}\nstories: ['{seed}']\n", encoding="utf-8")
        result = ficbind("compile", str(tmp_path / f"{seed.stem}.yaml"), "-o", str(tmp_path / "out"), "-f", "epub")
        assert result.returncode == 0, result.stderr
        epubs.append(tmp_path / "out" / f"{seed.stem}.epub")
    return epubs


@needs_ace
def test_ace_finds_no_serious_or_moderate_violation(tmp_path):
    problems = {}
    for epub in _epubs(tmp_path):
        found = ace_violations(epub, tmp_path / "reports" / epub.stem)
        bad = {rule: n for (impact, rule), n in found.items() if impact in SERIOUS}
        if bad:
            problems[epub.name] = bad
    assert problems == {}
