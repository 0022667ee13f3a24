"""The Nu HTML Checker (vnu.jar, from npm) on every built page, in one run of Java."""

from __future__ import annotations

import json
import shutil
import subprocess

from .conftest import VNU_JAR, require_tools


def test_every_page_is_valid_html(site):
    require_tools("vnu", "java")
    files = sorted(str(p) for p in site.folder.rglob("*.html"))
    assert files, "the build wrote no HTML"
    result = subprocess.run(
        [shutil.which("java") or "java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=240,
    )
    # vnu writes its JSON report to stderr, and exits 1 when it found errors.
    report = json.loads(result.stderr or result.stdout or "{}")
    errors = [m for m in report.get("messages", []) if m.get("type") in ("error", "non-document-error")]
    listing = "\n".join(
        f"  {m.get('url', '?').removeprefix('file:').removeprefix(str(site.folder))}:{m.get('lastLine', '?')}: "
        f"{m.get('message')}"
        + (f"\n      {m['extract'].strip()[:160]}" if m.get("extract") else "")
        for m in errors
    )
    assert not errors, f"{len(errors)} HTML error(s) from the Nu HTML Checker:\n{listing}"
    assert result.returncode == 0, f"vnu.jar exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
