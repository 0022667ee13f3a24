"""`standards build --engine zensical` beside MkDocs: real builds of the example with each engine, under a
sub-path; the refusals; the config and the work folder Zensical is handed (issue 16)."""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from generator.registry.engines import ENGINES
from generator.site import zensical
from generator.site.bundle import make_bundle
from generator.site.zensical import Tagged, config_for, left_out_plugins, read_config, write_work

from .conftest import ROOT, run_standards, tree_digest

SUB_PATH = "/homes/"
EXAMPLE = ("mkdocs.yml", "standards", "performance", "actions", "regulator", "docs", "site_templates")


def example_copy(folder: Path) -> Path:
    folder.mkdir()
    for name in EXAMPLE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        elif source.exists():
            shutil.copy2(source, folder / name)
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("site_url: https://standards.example.org/",
                                   f"site_url: https://standards.example.net{SUB_PATH}"), encoding="utf-8")
    assert SUB_PATH in config.read_text(encoding="utf-8")
    return folder


def data_digest(project: Path) -> str:
    """The landlord's files, not the tool's cache (.standards-cache/, which a check may fill)."""
    return "".join(tree_digest(project / name) if (project / name).is_dir() else (project / name).read_text()
                   for name in EXAMPLE)


def standards_build(project: Path, out: Path, engine: str, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, STANDARDS_NEWSLETTERS="0", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "generator", "build", "--engine", engine, "-d", str(out), *extra],
                          cwd=project, capture_output=True, text=True, env=env, timeout=600)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The example built by each engine, with site_url under a sub-path."""
    base = tmp_path_factory.mktemp("engines")
    project = example_copy(base / "project")
    built = {}
    for engine in ENGINES:
        out = base / f"site-{engine}"
        result = standards_build(project, out, engine)
        assert result.returncode == 0, result.stdout + result.stderr
        built[engine] = out
    return built


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value and not (tag == "link" and ("rel", "canonical") in attrs):
                self.links.append(value)


def broken_links(site: Path) -> list[str]:
    """Every href and src of every page that does not reach a file of the site when it is served at SUB_PATH."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        address = SUB_PATH + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("#"):
                continue  # another website, mailto:, tel:, or a place on the same page
            target = urlsplit(urljoin(address, link)).path
            if not target.startswith(SUB_PATH):
                broken.append(f"{relative}: {link} leaves {SUB_PATH}")
                continue
            path = site / target[len(SUB_PATH):]
            if target.endswith("/"):
                path = path / "index.html"
            if not path.is_file():
                broken.append(f"{relative}: {link} -> {target} is not in the site")
    return broken


@pytest.mark.parametrize("engine", list(ENGINES))
def test_every_link_works_under_a_sub_path(sites, engine):
    assert broken_links(sites[engine]) == []


def test_the_engines_make_the_same_pages(sites):
    def pages(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}

    mkdocs, zensical_pages = pages(sites["mkdocs"]), pages(sites["zensical"])
    assert mkdocs == zensical_pages
    assert len(mkdocs) >= 28


def test_zensical_pages_have_the_fixes_and_the_brand_header(sites):
    home = (sites["zensical"] / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB"' in home
    assert 'id="_main-content" tabindex="-1"' in home and 'href="#_main-content" class="md-skip"' in home
    assert 'aria-hidden="true"' not in home.split('class="md-overlay"')[1].split(">")[0]
    assert "assets/standards/zensical.js" in home and "assets/standards/zensical.css" in home
    assert "classic/main." in home  # variant: classic, with the landlord's coloured header
    assert "Example Homes" in home.split('<header class="md-header')[1].split("</header>")[0]
    assert 'Made with <a href="https://zensical.org/">Zensical</a>' in home


def test_mkdocs_pages_carry_nothing_of_zensical(sites):
    home = (sites["mkdocs"] / "index.html").read_text(encoding="utf-8")
    assert "zensical" not in home.lower()


@pytest.mark.parametrize("engine", list(ENGINES))
def test_footer_has_the_contact_details_and_pages(sites, engine):
    # MiniJinja writes "/" in an attribute as &#x2f;: the same link to a browser
    page = html.unescape((sites[engine] / "areas" / "repairs" / "index.html").read_text(encoding="utf-8"))
    footer = page.split('<div class="standards-footer">')[1].split("</footer>")[0]
    for text in ("Phone: <a href=\"tel:03000000000\">0300 000 0000</a>", "Email: <a href=\"mailto:hello@example.org\">",
                 "Address: 1 High Street, Exampletown EX1 1EX", '<a href="https://example.org">example.org</a>',
                 ">Contact us and other formats</a>", ">Accessibility statement</a>"):
        assert text in footer, (engine, text)


def test_a_data_error_stops_a_zensical_build_at_its_line(tmp_path):
    project = example_copy(tmp_path / "project")
    performance = sorted((project / "performance").glob("*.yaml"))[0]
    performance.write_text(performance.read_text(encoding="utf-8") + "resluts: {}\n", encoding="utf-8")
    before = data_digest(project)
    result = standards_build(project, tmp_path / "site", "zensical")
    assert result.returncode == 1
    assert f"performance/{performance.name}:" in result.stderr and "Nothing was built." in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()
    assert data_digest(project) == before


@pytest.mark.parametrize("version, expected", [
    (None, "Zensical is not installed. Install the version this tool is tested with: "
           "pip install 'housing-standards[zensical]' (Zensical 0.0.73)"),
    ("0.0.99", "Zensical 0.0.99 is installed, but this tool is tested only with Zensical 0.0.73"),
])
def test_zensical_missing_or_untested_is_refused_before_anything_is_touched(make_project, monkeypatch,
                                                                            version, expected):
    project = make_project()
    monkeypatch.setattr(zensical, "installed_version", lambda: version)
    before = tree_digest(project)
    result = run_standards("build", "--engine", "zensical", cwd=project)
    assert result.exit_code == 1
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert not (project / "site").exists() and tree_digest(project) == before


def test_an_unknown_engine_is_a_usage_error(make_project):
    result = run_standards("build", "--engine", "hugo", cwd=make_project())
    assert result.exit_code == 2
    assert "'hugo' is not one of 'mkdocs', 'zensical'" in result.stderr


CONFIG = """\
site_name: Test Homes
site_url: !ENV [SITE_URL, "https://example.org/standards/"]
theme:
  name: material
  palette: {scheme: slate}
markdown_extensions:
  - toc: {permalink: true}
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
plugins:
  - search
  - redirects
  - standards:
      organisation: Test Homes
"""


def test_zensical_config_keeps_the_landlords_settings_and_names_what_it_leaves_out(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    config = read_config(tmp_path / "mkdocs.yml")
    assert config["site_url"] == Tagged("!ENV", ["SITE_URL", "https://example.org/standards/"])
    assert left_out_plugins(config) == ["redirects"]
    from generator.pipeline import check_project

    (tmp_path / "standards").mkdir()
    outcome = check_project(tmp_path / "mkdocs.yml")
    bundle = make_bundle(outcome.project, tmp_path, tmp_path / "docs", drafts=False, newsletters=False,
                         engine="zensical")
    made = config_for(config, bundle)
    assert made["theme"] == {"name": "material", "palette": {"scheme": "slate"}, "variant": "classic",
                             "custom_dir": "overrides"}
    assert made["plugins"] == ["search", "redirects"]
    assert made["markdown_extensions"][:2] == config["markdown_extensions"] and "attr_list" in made["markdown_extensions"]
    assert made["extra"]["standards"]["organisation"] == "Test Homes"
    assert made["extra_javascript"] == ["assets/standards/zensical.js"]
    assert made["extra_css"][-1] == "assets/standards/zensical.css"
    target = write_work(tmp_path / "work", bundle, made, [("index.md", "# Home\n")], tmp_path / "docs", None)
    written = target.read_text(encoding="utf-8")
    assert "site_url: !ENV\n- SITE_URL\n" in written
    assert "emoji_index: !!python/name:material.extensions.emoji.twemoji" in written


def test_the_work_folder_rewrites_only_what_changed_and_drops_what_went(tmp_path, make_project):
    project = make_project({"docs/about.md": "# About\n"})
    from generator.pipeline import check_project

    outcome = check_project(project / "mkdocs.yml")
    bundle = make_bundle(outcome.project, project, project / "docs", drafts=False, newsletters=False, engine="zensical")
    work = tmp_path / "work"
    write_work(work, bundle, {}, [("index.md", "one"), ("old.md", "gone next time")], project / "docs", None)
    kept = (work / "docs" / "about.md").stat().st_mtime_ns
    os.utime(work / "docs" / "index.md", ns=(1, 1))
    write_work(work, bundle, {}, [("index.md", "one"), ("new.md", "two")], project / "docs", None)
    assert (work / "docs" / "index.md").stat().st_mtime_ns == 1  # the same text: not written again
    assert (work / "docs" / "about.md").stat().st_mtime_ns == kept
    assert (work / "docs" / "new.md").read_text(encoding="utf-8") == "two"
    assert not (work / "docs" / "old.md").exists()
    assert (work / "docs" / "assets" / "standards" / "zensical.js").is_file()
    assert (work / "overrides" / "main.html").is_file()
