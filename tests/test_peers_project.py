"""The regulator's dataset through a whole project: `landlord:` a real code, our own row checked."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ("mkdocs.yml", "standards", "performance", "actions", "regulator", "docs", "site_templates")


def _example_as(tmp_path: Path, code: str) -> Path:
    """The example landlord, claiming to be ``code`` in the regulator's file (its context then comes
    from that row, so the context lines are taken out)."""
    for name in EXAMPLE:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    config = tmp_path / "mkdocs.yml"
    lines = [line for line in config.read_text(encoding="utf-8").splitlines()
             if not line.strip().startswith(("size:", "region:", "type:", "supported:"))]
    text = "\n".join(lines).replace("          similar: [size]", f"          landlord: {code}\n          similar: [size]")
    config.write_text(text + "\n", encoding="utf-8")
    return tmp_path


def _check(project: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "generator", "check", "--json"], cwd=project,
                          capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def test_our_row_is_checked_against_our_data(tmp_path):
    project = _example_as(tmp_path, "L4240")
    document = _check(project)
    own = [w for w in document["warnings"] if w["code"] == "peers-own-row"]
    # by hand: TSM25_LCRA_Perception row 12 (A2Dominion, L4240), the "(TP01)" headline column: 60.7;
    # the example's performance/2024-25.yaml line 77: satisfaction-overall (tsm: TP01 lcra) 81.2
    assert any(w["message"].startswith("The regulator's file says 60.7% for TP01 LCRA; your data says 81.2%")
               for w in own), [w["message"] for w in own]
    assert all(w["file"].startswith("performance/") or w["file"] == "mkdocs.yml" or w["file"].startswith("regulator/")
               for w in own)
    assert document["errors"] == []


def test_a_code_not_in_the_file_is_an_error_at_landlord(tmp_path):
    project = _example_as(tmp_path, "L9999X")
    document = _check(project)
    found = [e for e in document["errors"] if e["code"] == "peers-landlord"]
    assert len(found) == 1 and found[0]["file"] == "mkdocs.yml"
    assert "L9999X" in found[0]["message"]
