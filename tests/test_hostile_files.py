"""Files that are not what they seem, and projects far larger than the example."""

import os
import time

from .conftest import AREA, PERIOD, run_standards, tree_digest


def test_a_fifo_named_like_a_data_file_is_an_error_not_a_hang(make_project):
    root = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD})
    os.mkfifo(root / "performance" / "pipe.yaml")
    started = time.monotonic()
    run = run_standards("check", "--json", cwd=root)
    assert time.monotonic() - started < 5  # reading a FIFO would block for ever
    assert run.exit_code == 1
    [error] = run.json["errors"]
    assert (error["file"], error["line"], error["code"]) == ("performance/pipe.yaml", 1, "file-unreadable")
    assert "not an ordinary file" in error["message"]


def test_a_project_of_thousands_of_files_works(make_project):
    files = {}
    for i in range(1500):
        files[f"standards/area-{i:04d}.yaml"] = (
            f"area: Area {i}\nstandards:\n  - id: s-{i}\n    title: Standard {i}\n    unit: percent\n"
            "    target: {at_least: 90}\n")
    for year in range(2015, 2025):
        label = f"{year}-{(year + 1) % 100:02d}"
        files[f"performance/{label}.yaml"] = f"period: {label}\nresults:\n" + "".join(
            f"  s-{i}: {80 + (i + year) % 20}\n" for i in range(1500))
    root = make_project(files)
    before = tree_digest(root)
    run = run_standards("check", "--json", cwd=root)
    assert run.exit_code == 0, run.json["errors"][:3]
    assert len(run.json["results"]) == 15_000
    assert tree_digest(root) == before
