"""`standards init DIR --organisation NAME`: a new project that passes `standards check` and
`standards build` at once, made from every file of generator/templates/project/."""

from __future__ import annotations

import datetime as dt
import glob
import re
import shutil
import tomllib
from pathlib import Path

import pytest
import yaml

from generator.commands import init as init_command
from generator.edit.period import new_period_text
from generator.edit.project import markdown_text, template_files, yaml_scalar
from generator.pipeline import check_project
from generator.registry.periods import parse_period

from .conftest import ROOT, run_standards, tree_digest

TRICKY = "St. Mary's \"Housing\": Trust #1"


def _init(tmp_path: Path, name: str = "Example Homes", *extra: str, folder: str = "ours") -> Path:
    run = run_standards("init", folder, "--organisation", name, *extra, cwd=tmp_path)
    assert run.exit_code == 0, run.text
    return tmp_path / folder


def _codes(root: Path) -> list[tuple[str, int, str]]:
    document = run_standards("check", "--json", cwd=root).json
    assert document["errors"] == []
    return [(w["file"], w["line"], w["code"]) for w in document["warnings"]]


def test_init_then_check_then_build_on_a_fresh_folder(tmp_path):
    root = _init(tmp_path)
    check = run_standards("check", cwd=root)
    assert check.exit_code == 0, check.text
    assert "No errors in 3 files: 1 area, 2 standards, 0 figures, 1 period." in check.output
    period = next((root / "performance").glob("*.yaml")).name
    file = f"performance/{period}"
    # the placeholders and the draft's empty lines, each once; no 'no-contact', no 'gap', no 'never-reported'
    assert _codes(root) == [
        ("mkdocs.yml", 23, "contact-placeholder"), ("mkdocs.yml", 24, "contact-placeholder"),
        ("mkdocs.yml", 25, "contact-placeholder"), ("mkdocs.yml", 26, "contact-placeholder"),
        (file, 9, "not-filled-in"), (file, 10, "not-filled-in"), (file, 14, "not-filled-in"),
    ]
    build = run_standards("build", cwd=root)
    assert build.exit_code == 0, build.text
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "Example Homes" in home
    assert "[your phone number]" not in home  # a placeholder is never shown to tenants
    assert (root / "site" / "accessibility" / "index.html").is_file()
    assert (root / "site" / "contact" / "index.html").is_file()


def test_a_drafts_build_and_a_newsletter_of_the_new_draft_work(tmp_path):
    root = _init(tmp_path)
    period = yaml.safe_load(next((root / "performance").glob("*.yaml")).read_text(encoding="utf-8"))["period"]
    build = run_standards("build", "--drafts", "-d", str(tmp_path / "drafts"), cwd=root)
    assert build.exit_code == 0, build.text
    page = (tmp_path / "drafts" / "areas" / "repairs" / "index.html").read_text(encoding="utf-8")
    assert "We attend emergency repairs within 24 hours" in page
    letter = run_standards("newsletter", period, "--edition", "text", "-o", "letter.txt", cwd=root)
    assert letter.exit_code == 0, letter.text
    assert (root / "letter.txt").read_text(encoding="utf-8").startswith("DRAFT")


def test_every_file_of_the_template_folder_is_copied_dot_files_included(tmp_path):
    root = _init(tmp_path)
    made = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    copied = {p.as_posix() for p in template_files()}
    assert ".gitignore" in copied
    assert copied <= made
    period = next((root / "performance").glob("*.yaml")).relative_to(root).as_posix()
    assert made - copied == {"schemas/area.schema.json", "schemas/period.schema.json", "schemas/plan.schema.json", period}
    assert not any("__" in (root / name).read_text(encoding="utf-8") for name in made if name.endswith((".yml", ".md")))


@pytest.mark.parametrize("file, kind", [("standards/repairs.yaml", "area"), ("performance/*.yaml", "period")])
def test_every_data_file_starts_with_its_schema(tmp_path, file, kind):
    root = _init(tmp_path)
    (path,) = root.glob(file)
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json"
    assert (root / "schemas" / f"{kind}.schema.json").is_file()


@pytest.mark.parametrize("name", ["Example Homes", TRICKY, "Yes", "Cymru & Co (Wales) — Tai", "[Homes] *North*_",
                                  "12 Estates", "'Quoted' Homes"])
def test_any_organisation_name_reads_back_exactly(tmp_path, name):
    root = _init(tmp_path, name)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    settings = yaml.safe_load(config)
    assert settings["site_name"] == f"How we're doing — {name}"
    assert settings["plugins"][1]["standards"]["organisation"] == name
    assert run_standards("check", "--json", cwd=root).json["organisation"] == name
    assert f"# {markdown_text(name)}: service standards" in (root / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("text, written", [
    ("Example Homes", "Example Homes"),
    ("St. Mary's Housing: Trust", "'St. Mary''s Housing: Trust'"),
    ("no", "'no'"),
    ("Homes #1", "'Homes #1'"),
])
def test_yaml_scalar_quotes_only_when_it_must(text, written):
    assert yaml_scalar(text) == written
    assert yaml.safe_load(f"key: {written}")["key"] == text


def test_markdown_escapes_what_markdown_would_read_as_markup():
    assert markdown_text("[Homes] *North*_") == r"\[Homes\] \*North\*\_"


@pytest.mark.parametrize("today, year_starts, period", [
    (dt.date(2025, 3, 31), "april", "2024-25"),
    (dt.date(2025, 4, 1), "april", "2025-26"),
    (dt.date(2025, 9, 30), "october", "2024-25"),
    (dt.date(2025, 10, 1), "Oct", "2025-26"),
    (dt.date(2026, 1, 15), "july", "2025-26"),
])
def test_the_first_period_is_the_financial_year_of_today(tmp_path, today, year_starts, period):
    root = tmp_path / "ours"
    init_command.run(str(root), "Example Homes", year_starts, today=today)  # today: a parameter for tests only
    slug = parse_period(period).slug
    assert sorted(p.name for p in (root / "performance").iterdir()) == [f"{slug}.yaml"]
    text = (root / "performance" / f"{slug}.yaml").read_text(encoding="utf-8")
    assert f"\nperiod: {period}\ndraft: true\n" in text
    assert run_standards("check", cwd=root).exit_code == 0


def test_the_first_period_file_is_exactly_what_new_period_writes(tmp_path):
    root = _init(tmp_path)
    (path,) = (root / "performance").glob("*.yaml")
    made = path.read_text(encoding="utf-8")
    outcome = check_project(root / "mkdocs.yml")
    period = outcome.project.periods[0].period
    assert made == new_period_text(outcome.project, period, root=root)
    path.unlink()
    run = run_standards("new-period", period.label, cwd=root)
    assert run.exit_code == 0, run.text
    assert path.read_text(encoding="utf-8") == made


@pytest.mark.parametrize("args, words", [
    (["--organisation", "  "], "the organisation's name is empty"),
    (["--organisation", "Homes\x07"], "control character (U+0007)"),
    (["--organisation", "Homes", "--year-starts", "january"], "'january' is not a month a financial year can start"),
    (["--organisation", "Homes", "--year-starts", "aprl"], "'aprl' is not a month"),
    ([], "Missing option '--organisation'"),
])
def test_a_wrong_command_line_makes_nothing(tmp_path, args, words):
    run = run_standards("init", "ours", *args, cwd=tmp_path)
    assert run.exit_code == 2
    assert words in run.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("setup", ["file-inside", "dot-file-inside", "is-a-file"])
def test_a_folder_that_is_not_empty_is_refused_and_left_as_it_was(tmp_path, setup):
    target = tmp_path / "ours"
    if setup == "is-a-file":
        target.write_text("mine", encoding="utf-8")
    else:
        target.mkdir()
        (target / ("notes.txt" if setup == "file-inside" else ".git")).write_text("mine", encoding="utf-8")
    before = tree_digest(tmp_path)
    run = run_standards("init", "ours", "--organisation", "Example Homes", cwd=tmp_path)
    assert run.exit_code == 2
    assert ("is not empty" if setup != "is-a-file" else "is a file, not a folder") in run.stderr
    assert tree_digest(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ours"]  # no half-made folder beside it


def test_an_empty_folder_is_used_and_a_missing_parent_is_made(tmp_path):
    (tmp_path / "empty").mkdir()
    inode = (tmp_path / "empty").stat().st_ino
    assert _init(tmp_path, folder="empty").joinpath("mkdocs.yml").is_file()
    assert (tmp_path / "empty").stat().st_ino == inode  # filled, not replaced: a terminal there still sees it
    assert _init(tmp_path, folder="a/b/c").joinpath("mkdocs.yml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "empty"]  # no work folder left behind
    assert not list((tmp_path / "empty").glob(".standards-init*"))


def test_init_in_the_current_folder(tmp_path):
    here = tmp_path / "here"
    here.mkdir()
    run = run_standards("init", ".", "--organisation", "Example Homes", cwd=here)
    assert run.exit_code == 0, run.text
    assert run_standards("check", cwd=here).exit_code == 0


# -- the package data: a wheel holds the template's dot-files -------------------------------------


def test_the_package_data_globs_take_in_dot_files_and_dot_folders(tmp_path):
    """The wheel holds what these globs find (setuptools expands them with glob): a plain '*'
    skips .gitignore, .gitlab-ci.yml and .github/, so the project needs globs of its own."""
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["package-data"]["generator"]
    package = tmp_path / "generator"
    shutil.copytree(ROOT / "generator" / "templates" / "project", package / "templates" / "project")
    for name in (".gitlab-ci.yml", ".github/workflows/publish.yml", "requirements.txt"):
        (package / "templates" / "project" / name).parent.mkdir(parents=True, exist_ok=True)
        (package / "templates" / "project" / name).write_text("x", encoding="utf-8")
    found = {Path(p).relative_to(package).as_posix() for pattern in patterns
             for p in glob.glob(str(package / pattern), recursive=True) if Path(p).is_file()}
    wanted = {p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()}
    assert wanted - found == set()
    assert {"templates/project/.gitignore", "templates/project/.github/workflows/publish.yml"} <= found


def test_the_guide_page_is_linked_from_the_guide():
    assert re.search(r"\]\(starting\.md\)", (ROOT / "guide" / "README.md").read_text(encoding="utf-8"))


def test_the_starting_guide_can_be_followed_in_a_fresh_folder(tmp_path):
    """guide/starting.md's commands, in order, with its contact details written in as it says."""
    guide = (ROOT / "guide" / "starting.md").read_text(encoding="utf-8")
    commands = [line.split() for block in re.findall(r"```text\n(.*?)```", guide, re.S)
                for line in block.splitlines() if line.startswith("standards ")]
    assert [c[:2] for c in commands] == [["standards", "--version"], ["standards", "init"], ["standards", "check"],
                                         ["standards", "new-period"], ["standards", "serve"], ["standards", "build"]]
    init = re.search(r'standards init (\S+) --organisation "([^"]+)"', guide)
    root = _init(tmp_path, init.group(2), folder=init.group(1))
    block = re.search(r"( *)```yaml\n( +contact:\n.*?) *```", guide, re.S)  # inside a list item: indented
    contact = "".join(line[len(block.group(1)):] + "\n" for line in block.group(2).splitlines())
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r" +contact:\n(?: +\w+: \"\[.*\]\"\n)+", contact, config)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert [code for _, _, code in _codes(root)] == ["not-filled-in"] * 3
    (period,) = (root / "performance").glob("*.yaml")
    period.unlink()
    run = run_standards("new-period", period.stem, cwd=root)  # the guide's example year is the year of writing
    assert run.exit_code == 0, run.text
    text = period.read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(  repairs-emergency-24h: 98\.6.*?)```", guide, re.S).group(1)
    filled = re.sub(r"  repairs-emergency-24h:.*\n  repairs-routine-28-days:.*\n", example, text)
    filled = filled.replace("  repairs:\n", "  repairs: We were quicker this year.\n")
    period.write_text(filled.replace("draft: true\n", ""), encoding="utf-8")
    assert _codes(root) == []
    build = run_standards("build", cwd=root)
    assert build.exit_code == 0, build.text
    assert "0300 000 0000" in (root / "site" / "index.html").read_text(encoding="utf-8")
