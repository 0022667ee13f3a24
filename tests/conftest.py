"""Shared fixtures: small real projects on disk, and the `standards` command run in-process."""

from __future__ import annotations

import hashlib
import json
import textwrap
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
        help="Rewrite the golden files (tests/golden/, the messages in guide/errors.md) from the current output; review the diff.",
    )


@pytest.fixture
def golden(request):
    """Compare text with tests/golden/NAME, or rewrite it with --update-golden."""
    update = request.config.getoption("--update-golden")

    def compare(name: str, actual: str) -> None:
        path = ROOT / "tests" / "golden" / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {path}; run pytest --update-golden and review it"
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"{name} differs from the golden file; if the change is right, run --update-golden"

    return compare
