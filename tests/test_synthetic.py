"""Smoke test of the benchmark generator at the typical size (the benchmarks themselves run in `make bench`)."""

import hashlib

from benchmarks.synthetic import SIZES, generate

from .conftest import run_standards


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
