"""Shared fixtures: small real projects on disk, and the `standards` command run in-process."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import socket
import subprocess
import textwrap
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_CONFIG = """\
site_name: Test Homes
plugins:
  - standards:
      organisation: Test Homes
      contact: {phone: 0300 000 0000}
"""

# A minimal valid area and period, for cases that break only one other file.
AREA = """\
area: Repairs
standards:
  - id: repairs-on-time
    title: We complete repairs on time
    unit: percent
    target: {at_least: 90}
"""

PERIOD = """\
period: 2021-22
results:
  repairs-on-time: 91
"""


@dataclass
class Run:
    exit_code: int
    output: str  # stdout
    stderr: str

    @property
    def json(self) -> dict:
        return json.loads(self.output)

    @property
    def text(self) -> str:
        return self.output + self.stderr


def copy_example(project: Path) -> Path:
    """A copy of the example landlord's project (its data, actions, regulator's files, templates,
    docs and mkdocs.yml) at ``project``, to build or change without touching the repository's."""
    import shutil

    for name in ("standards", "performance", "actions", "regulator", "site_templates", "docs"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def write_project(root: Path, files: dict[str, str | bytes], config: str | None = DEFAULT_CONFIG) -> Path:
    """Write ``files`` (relative path -> text or bytes) under ``root``; text is dedented."""
    if config is not None:
        (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8", newline="")
    (root / "standards").mkdir(exist_ok=True)
    return root


@pytest.fixture
def make_project(tmp_path):
    counter = iter(range(1000))

    def make(files: dict[str, str | bytes] | None = None, config: str | None = DEFAULT_CONFIG) -> Path:
        root = tmp_path / f"project{next(counter)}"
        root.mkdir()
        return write_project(root, files or {}, config)

    return make


def run_standards(*args: str, cwd: Path | None = None) -> Run:
    """Run the `standards` command in-process, as a user would in ``cwd``."""
    runner = CliRunner()
    import os

    old = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        result = runner.invoke(main, list(args), catch_exceptions=True)
    finally:
        os.chdir(old)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback would have reached the user
    return Run(result.exit_code, result.stdout, result.stderr)


def tree_digest(root: Path) -> str:
    """A digest of every file under ``root``: names, bytes and modes, to prove nothing changed."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
        digest.update(str(path.stat().st_mode).encode())
    return digest.hexdigest()


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files (tests/golden/, the messages in guide/errors.md) from the current output, "
             "printing the diff of each file rewritten; refused when CI is set.",
    )


def in_ci() -> bool:
    """Whether the CI environment variable is set (CI=true on most services); CI=false or 0 is not."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def needs(available: bool, what: str) -> None:
    """A test that needs something of the machine (root, /proc, a mount): skipped on a developer's
    machine without it, but a failure in CI, which runs as root on Linux and must prove every test."""
    if available:
        return
    if in_ci():
        pytest.fail(f"CI cannot run this test: it needs {what}", pytrace=False)
    pytest.skip(f"needs {what}")


def chattr_works(folder: Path) -> bool:
    """Whether files in ``folder`` can be made immutable (chattr +i: root, and a file system that has it)."""
    probe = folder / "probe"
    probe.write_text("x")
    works = subprocess.run(["chattr", "+i", str(probe)], capture_output=True).returncode == 0
    subprocess.run(["chattr", "-i", str(probe)], capture_output=True)
    probe.unlink()
    return works


def pytest_configure(config):
    # A CI run must compare with the golden files, never make them agree with the output.
    if config.getoption("--update-golden", default=False) and in_ci():
        raise pytest.UsageError(
            "--update-golden rewrites the golden files, so it is refused when CI is set: CI checks the output "
            "against them. Run it on your own machine, review the diff it prints, and commit the files.")


# The diffs of the files --update-golden rewrote in this run, printed at the end (a test's own output
# is captured, and would be shown only if it failed).
REWRITTEN: list[str] = []


def rewrite_golden(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` when it differs, keeping a unified diff of the change for the summary."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if old == text and path.exists():
        return
    name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
    diff = difflib.unified_diff(old.splitlines(keepends=True), text.splitlines(keepends=True),
                                f"a/{name}" if path.exists() else "/dev/null", f"b/{name}")
    REWRITTEN.append("".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                             for line in diff))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not config.getoption("--update-golden", default=False):
        return
    terminalreporter.section("golden files rewritten by --update-golden")
    if not REWRITTEN:
        terminalreporter.write_line("None: every golden file already matched the output.")
    for diff in REWRITTEN:
        terminalreporter.write(diff)
    if REWRITTEN:
        terminalreporter.write_line(f"{len(REWRITTEN)} change(s) written: review the diff above before committing.")


@pytest.fixture
def golden(request):
    """Compare text with tests/golden/NAME, or rewrite it with --update-golden (printing the diff)."""
    update = request.config.getoption("--update-golden")

    def compare(name: str, actual: str) -> None:
        path = ROOT / "tests" / "golden" / name
        if update:
            rewrite_golden(path, actual)
            return
        assert path.exists(), f"no golden file {path}; run pytest --update-golden and review it"
        expected = path.read_text(encoding="utf-8")
        if actual != expected:
            diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                                f"golden/{name}", "output"))
            pytest.fail(f"{name} differs from the golden file; if the change is right, run --update-golden\n{diff}")

    return compare


# -- a local server: a free port on 127.0.0.1, and what an address answers -------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes]:
    """The status and body an address answers with, an error page's included."""
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
