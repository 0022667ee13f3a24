"""Publishing without a terminal: the GitHub Actions workflow and the GitLab CI file that
`standards init` puts in a new project, and the pre-commit hook the tool's repository offers.

The workflows are read as YAML and their `run:` steps run here, in order, on a real project, with
this checkout's `standards` in place of the one the install step would fetch: what GitHub or GitLab
would run, short of the network.  The actions a step `uses:` are played by the test (the cache as
actions/cache makes it: a POSIX tar file), and an action the test does not know fails it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import __version__
from generator.registry.editions import EDITIONS

from .conftest import ROOT, run_standards, write_project

TEMPLATES = ROOT / "generator" / "templates" / "project"
WORKFLOW = ".github/workflows/publish.yml"
GITLAB_CI = ".gitlab-ci.yml"
BIN = Path(sys.executable).parent  # this checkout's `standards`, installed in the test's venv

# Two published years for the standards `standards init` writes, beside its draft of this year
PUBLISHED = {
    "performance/2021-22.yaml": "period: 2021-22\nresults:\n  repairs-emergency-24h: 99.1\n  repairs-routine-28-days: 91\n",
    "performance/2022-23.yaml": "period: 2022-23\nresults:\n  repairs-emergency-24h: 98.4\n  repairs-routine-28-days: 88\n",
}

# A second area with a mistake on line 5, column 11 (its own ids: it must add only that problem)
BROKEN = ("standards/broken.yaml", "area: Broken\nstandards:\n  - id: broken-unit\n    title: A unit mistyped\n"
                                   "    unit: percentt\n")


def new_project(root: Path) -> Path:
    """A project as `standards init` makes it, with two published years added."""
    made = run_standards("init", str(root), "--organisation", "Test Homes")
    assert made.exit_code == 0, made.output
    write_project(root, PUBLISHED)
    return root


def _yaml(root: Path, name: str) -> dict:
    return yaml.safe_load((root / name).read_text(encoding="utf-8"))


def _shell(command: str, cwd: Path) -> subprocess.CompletedProcess:
    """A step's commands as GitHub runs a `run:` step on Linux (bash -eo pipefail), and as
    GitLab runs a script line, with this checkout's `standards` first on the PATH."""
    assert (BIN / "standards").is_file(), f"the tool is installed beside {sys.executable} (make .venv/.installed)"
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(GITHUB_WORKSPACE=str(cwd), CI_PROJECT_DIR=str(cwd))  # the project is the checkout
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900)


def _is_install(command: str) -> bool:
    if "pip install" not in command:
        return False
    assert "pip install -r requirements.txt" in command, f"the tool is installed from requirements.txt: {command}"
    return True


def _made(output: str) -> tuple[int, int]:
    """(files, made) from the build's last line: 'Newsletters: 12 files in site/newsletters (12 made, ...'."""
    found = re.search(r"Newsletters: (\d+) files in \S+ \((\d+) made", output)
    assert found, output
    return int(found[1]), int(found[2])


# -- GitHub Actions ------------------------------------------------------------------------------


class GitHubJob:
    """Runs one job of the workflow: its `run:` steps in a shell, its actions played here."""

    def __init__(self, root: Path, caches: Path):
        self.root, self.caches = root, caches  # caches: where actions/cache keeps its tar files
        self.outputs: list[tuple[str, subprocess.CompletedProcess]] = []
        self.uploaded: Path | None = None
        self.deployed = False
        self._save: Path | None = None

    def run(self, job: dict) -> subprocess.CompletedProcess | None:
        """Every step in order, until one fails (as GitHub does); the failed step's run, or None."""
        for step in job["steps"]:
            if "uses" in step:
                self.use(step)
                continue
            command = step["run"]
            if _is_install(command):
                continue  # this checkout's tool is installed already
            done = _shell(command, self.root)
            self.outputs.append((command, done))
            if done.returncode != 0:
                return done
        if self._save is not None:  # actions/cache saves in a step after the job's last
            subprocess.run(["tar", "--posix", "-cf", str(self._save), ".standards-cache"], cwd=self.root, check=True)
        return None

    def use(self, step: dict) -> None:
        action, _, version = step["uses"].partition("@")
        assert re.fullmatch(r"v\d+", version), f"{step['uses']}: pinned to a major version"
        settings = step.get("with", {})
        if action in ("actions/checkout", "actions/setup-python"):
            return  # the project is the checkout; the test's Python is the one set up
        if action == "actions/cache":
            self._cache(settings)
        elif action == "actions/upload-pages-artifact":
            self.uploaded = self.root / settings.get("path", "_site")
            assert (self.uploaded / "index.html").is_file(), "the site is built where the upload takes it from"
        elif action == "actions/deploy-pages":
            assert self.uploaded is not None, "the site is uploaded before it is deployed"
            self.deployed = True
        else:
            pytest.fail(f"the test does not know what {action} does: teach GitHubJob.use")

    def _cache(self, settings: dict) -> None:
        assert settings["path"] == ".standards-cache"  # where the tool keeps its newsletters
        key, prefix = settings["key"], settings["restore-keys"]
        assert key.startswith(prefix) and key != prefix, "a run restores the newest cache saved before it"
        saved = sorted(self.caches.glob("*.tar"), key=lambda p: p.stat().st_mtime_ns)
        if saved:
            subprocess.run(["tar", "-xf", str(saved[-1])], cwd=self.root, check=True)
        self._save = self.caches / f"run{len(saved)}.tar"


def _jobs(root: Path) -> dict:
    return _yaml(root, WORKFLOW)["jobs"]


def _fresh_runner(root: Path) -> None:
    """A new virtual machine: nothing of the last run but what a cache brings back."""
    for name in (".standards-cache", "site", "public", ".standards-cache.tar", "gl-code-quality-report.json"):
        path = root / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def test_the_workflow_runs_each_job_on_its_event():
    workflow = _yaml(TEMPLATES, WORKFLOW)
    on = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert set(on) == {"pull_request", "push", "workflow_dispatch"} and on["push"] == {"branches": ["main"]}
    jobs = workflow["jobs"]
    assert jobs["check"]["if"] == "github.event_name == 'pull_request'"
    assert jobs["publish"]["if"] == "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    assert jobs["publish"]["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert jobs["publish"]["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert jobs["publish"]["environment"]["name"] == "github-pages"
    assert [s["run"] for s in jobs["check"]["steps"] if "run" in s][-1] == "standards check --annotations github"


def test_the_pull_request_check_passes_on_a_new_project(tmp_path):
    root = new_project(tmp_path / "project")
    job = GitHubJob(root, tmp_path)
    assert job.run(_jobs(root)["check"]) is None, job.outputs
    (command, done), = job.outputs
    assert command == "standards check --annotations github"
    assert "No errors in" in done.stdout and "::error" not in done.stdout


def test_a_mistake_fails_the_pull_request_check_with_an_annotation_on_its_line(tmp_path):
    root = new_project(tmp_path / "project")
    (root / BROKEN[0]).write_text(BROKEN[1], encoding="utf-8")
    failed = GitHubJob(root, tmp_path).run(_jobs(root)["check"])
    assert failed is not None and failed.returncode == 1
    assert failed.stdout.startswith("::error file=standards/broken.yaml,line=5,col=11,title=unknown-unit::"
                                    "The unit of standard 'broken-unit' is 'percentt'"), failed.stdout
    assert "standards/broken.yaml:5:11: error:" in failed.stderr


def test_the_publish_job_builds_the_site_and_newsletters_where_pages_takes_them(tmp_path):
    root = new_project(tmp_path / "project")
    job = GitHubJob(root, tmp_path / "caches")
    (tmp_path / "caches").mkdir()
    assert job.run(_jobs(root)["publish"]) is None, job.outputs
    assert [command for command, _ in job.outputs] == ["standards check --annotations github", "standards build"]
    assert job.deployed and job.uploaded == root / "site"
    files, made = _made(job.outputs[-1][1].stdout)
    assert files == made == len(PUBLISHED) * len(EDITIONS)  # init's draft of this year is not published
    letters = sorted(p.name for p in (job.uploaded / "newsletters").iterdir())
    assert len(letters) == files and "2022-23-screen.pdf" in letters and "2022-23.html" in letters
    assert list(tmp_path.glob("caches/*.tar")), "the newsletters are kept for the next run"


def test_a_change_to_one_period_lays_out_only_that_periods_newsletters_again(tmp_path):
    root = new_project(tmp_path / "project")
    caches = tmp_path / "caches"
    caches.mkdir()
    runs = []
    for change in (None, "repairs-routine-28-days: 88", None):
        _fresh_runner(root)
        if change:
            path = root / "performance" / "2022-23.yaml"
            path.write_text(path.read_text(encoding="utf-8").replace(change, "repairs-routine-28-days: 87"), encoding="utf-8")
        job = GitHubJob(root, caches)
        assert job.run(_jobs(root)["publish"]) is None, job.outputs
        runs.append(_made(job.outputs[-1][1].stdout))
    editions = len(EDITIONS)
    assert runs == [(2 * editions, 2 * editions), (2 * editions, editions), (2 * editions, 0)]


# -- GitLab CI -----------------------------------------------------------------------------------


def _gitlab_job(root: Path, job: dict) -> list[subprocess.CompletedProcess]:
    """The job's script lines in order, until one fails; the install line is this checkout's tool."""
    done = []
    for command in job["script"]:
        if _is_install(command):
            continue
        done.append(_shell(command, root))
        if done[-1].returncode != 0:
            break
    return done


def _keep_cache(root: Path, job: dict, store: Path, restore: bool) -> None:
    """GitLab's cache: the job's cache paths, kept between runs (as a zip file: times to the second)."""
    for name in job["cache"]["paths"]:
        kept, here = store / name, root / name
        source, target = (kept, here) if restore else (here, kept)
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)  # the time is not kept: only what is inside the file counts


def test_gitlab_checks_merge_requests_and_publishes_pages_from_the_default_branch(tmp_path):
    root = new_project(tmp_path / "project")
    jobs = _yaml(root, GITLAB_CI)
    assert jobs["check"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert jobs["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert jobs["check"]["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json"}

    (root / BROKEN[0]).write_text(BROKEN[1], encoding="utf-8")
    done = _gitlab_job(root, jobs["check"])
    assert done[-1].returncode == 1
    report = json.loads((root / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    (issue,) = [entry for entry in report if entry["severity"] == "major"]  # the one error; init's warnings beside it
    assert (issue["check_name"], issue["location"]) == ("unknown-unit",
                                                         {"path": "standards/broken.yaml", "lines": {"begin": 5}})
    assert "standards/broken.yaml:5:11: error:" in done[-1].stderr
    (root / BROKEN[0]).unlink()
    assert [d.returncode for d in _gitlab_job(root, jobs["check"])] == [0]

    store = tmp_path / "gitlab-cache"
    made = []
    for _ in range(2):  # the second run, on a new runner, finds every newsletter in the cache
        _fresh_runner(root)
        _keep_cache(root, jobs["pages"], store, restore=True)
        done = _gitlab_job(root, jobs["pages"])
        assert [d.returncode for d in done] == [0] * (len(jobs["pages"]["script"]) - 1), [d.stderr for d in done]
        _keep_cache(root, jobs["pages"], store, restore=False)
        made.append(_made("".join(d.stdout for d in done)))
        assert jobs["pages"]["artifacts"]["paths"] == ["public"]
        assert (root / "public" / "index.html").is_file() and (root / "public" / "newsletters").is_dir()
    files = made[0][0]
    assert made == [(files, files), (files, 0)]


# -- the files themselves ------------------------------------------------------------------------


def test_the_project_installs_the_version_of_the_tool_that_made_it():
    lines = [line for line in (TEMPLATES / "requirements.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines == [f"housing-standards=={__version__}"]


@pytest.mark.parametrize("name", [WORKFLOW, GITLAB_CI])
def test_every_action_and_image_is_pinned(name):
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    uses = re.findall(r"uses: (\S+)", text)
    assert all(re.fullmatch(r"[\w-]+/[\w-]+@v\d+", u) for u in uses), uses
    images = re.findall(r"image: (\S+)", text)
    assert all(re.fullmatch(r"python:3\.\d+", i) for i in images), images


HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_the_pre_commit_hook_runs_the_check_on_the_whole_project():
    (hook,) = HOOKS
    assert {k: hook[k] for k in ("id", "entry", "language", "pass_filenames")} == {
        "id": "standards-check", "entry": "standards check", "language": "python", "pass_filenames": False}


@pytest.mark.parametrize("path, runs", [
    ("standards/repairs.yaml", True),
    ("performance/2024-25.yaml", True),
    ("performance/2024-25-q1.yml", True),
    ("landlord/standards/repairs.yaml", True),
    ("mkdocs.yml", True),
    ("docs/contact.md", False),
    ("standards/notes.txt", False),
    ("README.md", False),
    ("mkdocs.yml.bak", False),
    ("my-standards/x.yaml", False),
])
def test_the_pre_commit_hook_runs_when_a_data_file_or_the_settings_change(path, runs):
    (hook,) = HOOKS
    assert bool(re.search(hook["files"], path)) is runs  # pre-commit searches the pattern in each path


# -- the guide page says what the files do ---------------------------------------------------------

GUIDE = (ROOT / "guide" / "publishing.md").read_text(encoding="utf-8")


def test_the_guide_names_the_workflow_and_its_steps_as_github_shows_them():
    workflow = _yaml(TEMPLATES, WORKFLOW)
    assert f"**{workflow['name']}**" in GUIDE
    steps = {s.get("name") for job in workflow["jobs"].values() for s in job["steps"]}
    for quoted in ("Install the standards tool", "Check the standards and results",
                   "Build the website and newsletters"):
        assert quoted in steps and f'"{quoted}"' in GUIDE
    assert "**Check and publish / check**" in GUIDE and "check" in workflow["jobs"]


def test_the_guides_newsletter_addresses_are_the_files_the_build_makes():
    from generator.registry.editions import file_name
    from generator.registry.periods import parse_period

    for period in ("2024-25", "2024-25 Q1"):
        parsed = parse_period(period, "april")
        names = [file_name(parsed, edition) for edition in EDITIONS]
        if period == "2024-25":
            assert all(f"/newsletters/{name}`" in GUIDE for name in names), names
        else:
            assert f"`{names[0]}`" in GUIDE


def test_the_guides_anchors_and_local_hook_agree_with_the_files():
    from markdown.extensions.toc import slugify

    headings = re.findall(r"^#{1,6} (.+?)\s*$", re.sub(r"^```.*?^```", "", GUIDE, flags=re.M | re.S), re.M)
    anchors = {slugify(heading.replace("`", ""), "-") for heading in headings}
    for anchor in re.findall(r"\]\(#([^)]+)\)", GUIDE):
        assert anchor in anchors, anchor
    (hook,) = HOOKS
    assert f"files: {hook['files']}\n" in GUIDE
    assert f"rev: v{__version__} " in GUIDE
