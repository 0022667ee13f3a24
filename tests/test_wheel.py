"""A wheel, installed in a clean virtual environment, builds the example site and a newsletter
(issue 10): the templates, CSS, fonts and colour profile travel as package data, and every
library comes in as a declared dependency.

The wheel is made from a copy of the source (a stale build/ folder cannot add files), installed
in a new venv without the system's or the checkout's packages, and run on a copy of the example
project outside the checkout, so nothing can be imported from here by accident.  The libraries
are kept as wheels in .venv/wheelhouse after the first run: later runs install offline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from .conftest import needs

ROOT = Path(__file__).resolve().parent.parent
WHEELHOUSE = ROOT / ".venv" / "wheelhouse"  # the dependencies' wheels, kept between runs
EXAMPLE = ("mkdocs.yml", "standards", "performance", "actions", "regulator", "docs", "site_templates")
# what a checkout holds besides the source: at the top only (generator/site is source)
NOT_SOURCE = {".git", ".venv", "build", "site", "node_modules", ".standards-cache", "newsletters", ".pytest_cache",
              ".hypothesis", "benchmarks", "tests"}


def _not_source(folder: str, names: list[str]) -> set[str]:
    top = Path(folder) == ROOT
    return {n for n in names if (top and n in NOT_SOURCE) or n == "__pycache__" or n.endswith(".egg-info")}


def _pip(*args: str, python: Path | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The test venv's pip (a new venv needs none of its own: --python points it at one)."""
    target = ["--python", str(python)] if python else []
    return subprocess.run([sys.executable, "-m", "pip", *target, *args, "--disable-pip-version-check"],
                          capture_output=True, text=True, cwd=cwd)


def _clean_env() -> dict[str, str]:
    """No PYTHONPATH, no user site: only what the venv holds is importable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON") and k != "SOURCE_DATE_EPOCH"}
    env.update(PYTHONNOUSERSITE="1", NO_MKDOCS_2_WARNING="1")
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=_not_source, symlinks=True)
    run = _pip("wheel", "--no-deps", "-w", str(work / "dist"), str(source))
    assert run.returncode == 0, run.stdout + run.stderr
    (built,) = (work / "dist").glob("housing_standards-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A clean venv with the wheel and its dependencies; its bin folder."""
    where = tmp_path_factory.mktemp("venv") / "venv"
    venv.EnvBuilder(with_pip=False, system_site_packages=False).create(where)
    python = where / "bin" / "python"
    offline = ("install", "--no-index", "--find-links", str(WHEELHOUSE), str(wheel))
    run = _pip(*offline, python=python)
    if run.returncode != 0:  # the first run, or the dependencies changed: fetch their wheels once
        fetched = _pip("wheel", "-w", str(WHEELHOUSE), "--find-links", str(WHEELHOUSE), str(wheel))
        assert fetched.returncode == 0, fetched.stdout + fetched.stderr
        run = _pip(*offline, python=python)
    assert run.returncode == 0, run.stdout + run.stderr
    return where / "bin"


def _tracked(folder: str) -> set[str]:
    run = subprocess.run(["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True)
    if run.returncode != 0 or not run.stdout.strip():
        needs(False, "a git checkout, to know the package's files")
    return set(run.stdout.split())


def test_the_wheel_holds_every_template_font_stylesheet_and_profile(wheel):
    inside = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(_tracked("generator") - inside)
    assert missing == []
    # a new project's dot-files too (standards init): package-data globs of their own take them in
    assert "generator/templates/project/.gitignore" in inside
    kinds = {Path(name).suffix for name in inside if name.startswith("generator/templates/")}
    assert {".j2", ".css", ".woff2", ".icc", ".html"} <= kinds


def test_an_installed_wheel_builds_the_example_site_and_a_newsletter(installed, tmp_path):
    project = tmp_path / "example"
    project.mkdir()
    for name in EXAMPLE:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, project / name)
    env = _clean_env()

    where = subprocess.run([str(installed / "python"), "-c", "import generator; print(generator.__file__)"],
                           cwd=project, env=env, capture_output=True, text=True)
    assert Path(where.stdout.strip()).is_relative_to(installed.parent), where.stdout + where.stderr

    build = subprocess.run([str(installed / "standards"), "build"], cwd=project, env=env,
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stdout + build.stderr
    site = project / "site"
    for page in ("index.html", "areas/complaints/index.html", "sitemap.xml", "404.html"):
        assert (site / page).is_file(), page
    fonts = sorted(p.name for p in (site / "assets" / "standards" / "fonts").glob("*.woff2"))
    assert len(fonts) == 8, fonts
    assert (site / "assets" / "standards" / "theme.css").is_file()
    assert "atkinson-hyperlegible" in (site / "assets" / "standards" / "theme.css").read_text(encoding="utf-8")
    assert list((site / "newsletters").glob("*.pdf")), "the print and screen newsletters"

    letter = subprocess.run([str(installed / "standards"), "newsletter", "2024-25", "--edition", "text",
                             "-o", "summer.txt"], cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert letter.returncode == 0, letter.stdout + letter.stderr
    assert "Example Homes" in (project / "summer.txt").read_text(encoding="utf-8")
