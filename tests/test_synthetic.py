"""Smoke test of the benchmark generator at the typical size (the benchmarks themselves run in `make bench`)."""

import hashlib

from benchmarks.run import ENGINE_ROUNDS, _engine_name
from benchmarks.synthetic import SIZES, generate
from generator.registry.engines import DEFAULT_ENGINE, ENGINES

from .conftest import ROOT, run_standards


def digest(root):
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.y*ml")):
        h.update(path.relative_to(root).as_posix().encode() + path.read_bytes())
    return h.hexdigest()


def test_typical_project_is_valid_and_deterministic(tmp_path):
    one, two = generate("typical", tmp_path / "one"), generate("typical", tmp_path / "two")
    assert digest(one) == digest(two)
    run = run_standards("check", "--json", cwd=one)
    assert run.exit_code == 0, run.json["errors"][:3]
    size = SIZES["typical"]
    items = {r["id"] for r in run.json["results"]}
    assert len(items) == size.items
    periods = {r["period"] for r in run.json["results"]}
    assert len(periods) == size.years + size.quarters


def test_results_have_a_row_per_engine_and_size_with_the_ratio():
    """`make bench` writes both engines' numbers ("Site engines" in benchmarks/RESULTS.md): every engine of
    the registry at each size, and each other engine's ratio to the default one."""
    text = (ROOT / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8")
    section = text.partition("## Site engines")[2].partition("\n## ")[0]
    rows = {tuple(cell.strip() for cell in line.strip("|").split("|")[:2]) for line in section.splitlines()
            if line.startswith("| ") and (" s (CPU " in line or " × (CPU " in line)}
    for size in ENGINE_ROUNDS:
        assert {(size, _engine_name(e)) for e in ENGINES} <= rows, size
        assert {(size, f"**{e} / {DEFAULT_ENGINE}**") for e in ENGINES if e != DEFAULT_ENGINE} <= rows, size


def test_plain_copy_builds_with_plain_mkdocs(tmp_path):
    """`make bench` compares our build with plain MkDocs on the same pages: that copy must build
    (our theme overrides read the plugin's settings, which the copy has to carry)."""
    import subprocess
    import sys

    from benchmarks.run import plain_copy

    project = generate("typical", tmp_path / "project")
    plain_copy(project, tmp_path / "plain")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")],
                         cwd=tmp_path / "plain", capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Made with" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
