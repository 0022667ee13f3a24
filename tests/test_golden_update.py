"""`pytest --update-golden`: it prints the diff of each golden file it rewrites, and is refused when CI
is set.  Run in a real pytest on a copy of our conftest, in a folder of its own, so the project's own
golden files are never touched."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

GOLDEN_TEST = '''\
def test_page(golden):
    golden("page.md", "# Title\\nnew line\\nlast line\\n")
'''


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    """A folder like ours: tests/conftest.py (ours), one golden file and one test that compares with it."""
    tests = tmp_path / "tests"
    (tests / "golden").mkdir(parents=True)
    (tests / "__init__.py").write_text("", encoding="utf-8")
    shutil.copy(ROOT / "tests" / "conftest.py", tests / "conftest.py")
    (tests / "golden" / "page.md").write_text("# Title\nold line\nlast line\n", encoding="utf-8")
    (tests / "test_page.py").write_text(GOLDEN_TEST, encoding="utf-8")
    return tmp_path


def run_pytest(root: Path, *args: str, ci: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_page.py", *args],
                          cwd=root, env=env, capture_output=True, text=True)


def golden_text(root: Path) -> str:
    return (root / "tests" / "golden" / "page.md").read_text(encoding="utf-8")


def test_update_golden_prints_the_diff_of_the_file_it_rewrites(suite):
    run = run_pytest(suite, "--update-golden")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "--- a/tests/golden/page.md\n+++ b/tests/golden/page.md\n@@ -1,3 +1,3 @@\n" \
           " # Title\n-old line\n+new line\n last line\n" in run.stdout
    assert golden_text(suite) == "# Title\nnew line\nlast line\n"

    again = run_pytest(suite, "--update-golden")  # nothing left to change: no diff, nothing written
    assert again.returncode == 0
    assert "+++ b/tests/golden/page.md" not in again.stdout
    assert "None: every golden file already matched the output." in again.stdout


@pytest.mark.parametrize("ci", ["true", "1", "yes"])
def test_update_golden_is_refused_when_ci_is_set(suite, ci):
    run = run_pytest(suite, "--update-golden", ci=ci)
    assert run.returncode == pytest.ExitCode.USAGE_ERROR
    assert "--update-golden rewrites the golden files, so it is refused when CI is set" in run.stderr
    assert golden_text(suite) == "# Title\nold line\nlast line\n"  # untouched


def test_ci_set_to_false_is_not_ci(suite):
    run = run_pytest(suite, "--update-golden", ci="false")
    assert run.returncode == 0, run.stdout + run.stderr
    assert golden_text(suite) == "# Title\nnew line\nlast line\n"


def test_a_difference_fails_with_its_diff_and_changes_nothing(suite):
    run = run_pytest(suite, ci="true")
    assert run.returncode == pytest.ExitCode.TESTS_FAILED
    assert "page.md differs from the golden file; if the change is right, run --update-golden" in run.stdout
    assert "-old line" in run.stdout and "+new line" in run.stdout
    assert golden_text(suite) == "# Title\nold line\nlast line\n"
