"""Where the tool may write: never over the project's own files (generator/outputs.py).

A table of paths for the one rule, then the real commands that use it: `standards build -d`,
`site_dir` in mkdocs.yml (through `standards build` and a plain `mkdocs build`), and
`standards newsletter -o`.  Each refused case leaves every file of the project (and, for the
folders around it, of the parent folder) exactly as it was.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from generator.newsletter.files import STAMPS
from generator.output.paths import file_refusal, site_refusal

from .conftest import AREA, PERIOD, run_standards, tree_digest


@pytest.fixture
def project(tmp_path) -> Path:
    """A small valid project in tmp_path/parent/project, with docs/ and a .git folder."""
    root = tmp_path / "parent" / "project"
    for name, text in {"mkdocs.yml": "site_name: Test Homes\nplugins:\n  - standards:\n      organisation: Test Homes\n",
                       "standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD,
                       "docs/contact.md": "# Contact us\n", ".git/HEAD": "ref: refs/heads/main\n"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (tmp_path / "parent" / "notes.txt").write_text("the landlord's notes\n", encoding="utf-8")
    (root / "link-to-data").symlink_to(root / "standards")
    (root / "link-to-parent").symlink_to(tmp_path / "parent")
    (tmp_path / "parent" / "link-to-project").symlink_to(root)
    return root


SITE_PATHS = [
    (".", "the project folder itself"),
    ("..", "holds the project folder"),
    ("../..", "holds the project folder"),
    ("standards", "your data folder standards/"),
    ("performance", "your data folder performance/"),
    ("docs", "the folder of your own pages (docs/)"),
    ("docs/inside", "inside the folder of your own pages (docs/)"),
    ("standards/repairs.yaml", "inside your data folder standards/"),
    ("standards/new-folder", "inside your data folder standards/"),
    ("mkdocs.yml", "the settings file mkdocs.yml"),
    (".git", "the project's history (.git/)"),
    (".standards-cache", "the tool's cache (.standards-cache/)"),
    ("PARENT", "holds the project folder"),  # an absolute path to the parent
    ("link-to-data", "your data folder standards/"),  # a link that points into the project
    ("link-to-data/sub", "inside your data folder standards/"),
    ("link-to-parent", "holds the project folder"),
    ("../link-to-project", "the project folder itself"),
    ("../notes.txt", "a file, not a folder"),
    ("site", None),
    ("public/site", None),
    ("../elsewhere", None),
    ("../site", None),
]


@pytest.mark.parametrize("given, reason", SITE_PATHS)
def test_the_site_folder_rule(project, given, reason):
    path = project.parent if given == "PARENT" else project / given
    found = site_refusal(path, project, project / "mkdocs.yml", project / "docs")
    if reason is None:
        assert found is None
    else:
        assert found is not None and reason in found


FILE_PATHS = [
    ("performance/2021-22.yaml", "inside your data folder performance/"),
    ("performance/2024-25.yaml", "inside your data folder performance/"),  # a new file there too
    ("standards/repairs.yaml", "inside your data folder standards/"),
    ("mkdocs.yml", "the settings file mkdocs.yml"),
    ("docs/contact.md", "inside the folder of your own pages (docs/)"),
    (".git/HEAD", "inside the project's history (.git/)"),
    ("link-to-data/repairs.yaml", "inside your data folder standards/"),
    ("..", "holds the project folder"),
    ("/dev/null", "not an ordinary file"),  # only looked at
    ("newsletters/summer.pdf", None),
    ("summer.pdf", None),
    ("../notes.txt", None),  # an ordinary file outside the project: the user asked for it
]


@pytest.mark.parametrize("given, reason", FILE_PATHS)
def test_the_newsletter_file_rule(project, given, reason):
    found = file_refusal(project / given, project, project / "mkdocs.yml", project / "docs")
    if reason is None:
        assert found is None
    else:
        assert found is not None and reason in found


# -- the commands ---------------------------------------------------------------------------------


def _digests(project: Path) -> tuple[str, str]:
    return tree_digest(project), tree_digest(project.parent)


@pytest.mark.parametrize("given", [".", "..", "standards", "docs", "performance", "docs/inside", ".git",
                                   "PARENT", "link-to-data", "link-to-parent"])
def test_build_refuses_a_site_folder_over_the_project(project, given):
    before = _digests(project)
    where = str(project.parent) if given == "PARENT" else given
    run = run_standards("build", "-d", where, cwd=project)
    assert run.exit_code == 2, run.text
    assert f"the site cannot be built into '{where}'" in run.stderr
    assert "Choose a folder of its own" in run.stderr
    assert _digests(project) == before


SETTINGS = [("standards", 11), ("docs", 11), ("performance", 11), ("standards/repairs.yaml", 11), (".git", 11),
            ("'..'", 11)]


@pytest.mark.parametrize("site_dir, column", SETTINGS)
def test_build_refuses_a_site_dir_over_the_project_at_its_line(project, site_dir, column):
    config = project / "mkdocs.yml"
    config.write_text(f"site_dir: {site_dir}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    before = _digests(project)
    run = run_standards("build", cwd=project)
    assert run.exit_code == 1, run.text
    assert f"mkdocs.yml:1:{column}: error: The site cannot be built into '{site_dir.strip(chr(39))}'" in run.stderr
    assert "Found 1 error. Nothing was built." in run.stderr
    assert _digests(project) == before
    # a plain `mkdocs build` is refused too, before MkDocs empties the folder
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True)
    assert plain.returncode != 0
    assert "The site cannot be built into" in plain.stderr or "should not be within" in plain.stderr
    assert "Traceback" not in plain.stderr
    assert _digests(project) == before


def test_the_plugin_refuses_the_folder_the_landlord_named(project):
    """The plugin's own check (mkdocs' check of docs_dir does not see the data folders)."""
    before = _digests(project)
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", "performance"], cwd=project,
                           capture_output=True, text=True)
    assert plain.returncode != 0
    assert "that is your data folder performance/" in plain.stderr
    assert _digests(project) == before


def test_build_into_a_folder_of_its_own_works(project, tmp_path):
    run = run_standards("build", "-d", "../elsewhere", cwd=project)
    assert run.exit_code == 0, run.text
    assert (project.parent / "elsewhere" / "index.html").is_file()


NEWSLETTER_OUTPUTS = ["performance/2021-22.yaml", "performance/2024-25.yaml", "mkdocs.yml",
                      "standards/repairs.yaml", "docs/contact.md", "link-to-data/repairs.yaml"]


@pytest.mark.parametrize("output", NEWSLETTER_OUTPUTS)
def test_newsletter_refuses_to_write_over_the_project(project, output):
    before = _digests(project)
    run = run_standards("newsletter", "2021-22", "--edition", "text", "-o", output, cwd=project)
    assert run.exit_code == 2, run.text
    assert f"the newsletter cannot be written to '{output}'" in run.stderr
    assert _digests(project) == before


def _special_files(folder: Path) -> list[Path]:
    """A pipe, and (as root) a copy of /dev/null's device: never the real /dev/null, which a
    failing test would turn into an ordinary file for everyone on the machine."""
    pipe = folder / "pipe"
    os.mkfifo(pipe)
    made = [pipe]
    if os.geteuid() == 0:
        device = folder / "null"
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        made.append(device)
    return made


def test_newsletter_never_replaces_a_device_or_a_pipe(project, tmp_path):
    """As root, -o /dev/null used to turn the device into an ordinary file."""
    for special in _special_files(tmp_path):
        before = os.stat(special)
        run = run_standards("newsletter", "2021-22", "--edition", "text", "-o", str(special), cwd=project)
        assert run.exit_code == 2, run.text
        assert "not an ordinary file" in run.stderr and "'-o -'" in run.stderr
        after = os.stat(special)
        assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode) and after.st_rdev == before.st_rdev


@pytest.mark.parametrize("edition, start", [("text", b"Test Homes: How we"), ("screen", b"%PDF-")])
def test_newsletter_to_standard_output(project, edition, start):
    process = subprocess.run([sys.executable, "-m", "generator", "newsletter", "2021-22", "--edition", edition,
                              "-o", "-"], cwd=project, capture_output=True)
    assert process.returncode == 0, process.stderr
    assert process.stdout.startswith(start)
    assert b"Wrote the newsletter to standard output" in process.stderr
    assert not (project / "-").exists() and not (project / "newsletters").exists()
    assert not list((project / STAMPS).glob("*")) if (project / STAMPS).exists() else True


def test_no_stamp_is_left_beside_a_file_written_elsewhere(project, tmp_path):
    elsewhere = tmp_path / "magazine"
    elsewhere.mkdir()
    for expected in ("Wrote", "Up to date:"):
        run = run_standards("newsletter", "2021-22", "--edition", "text", "-o", str(elsewhere / "summer.txt"),
                            cwd=project)
        assert run.exit_code == 0, run.text
        assert run.output.startswith(expected)
        assert sorted(p.name for p in elsewhere.iterdir()) == ["summer.txt"]
    run = run_standards("newsletter", "2021-22", "--edition", "text", cwd=project)
    assert sorted(p.name for p in (project / "newsletters").iterdir()) == ["2021-22-text.txt"]
