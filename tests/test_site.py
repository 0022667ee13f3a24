"""The `standards` MkDocs plugin in real `mkdocs build` runs on small projects."""

import os
import shutil
import subprocess
import sys

import pytest

from .conftest import AREA, PERIOD, ROOT, run_standards, tree_digest
from .test_newsletter import ALL, BUDGET_AREA, BUDGET_PERIOD

CONFIG = """\
site_name: Test Homes
theme:
  name: material
  font: false
plugins:
  - standards:
      organisation: Test Homes
"""


def mkdocs_build(root, site_dir, drafts=False):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", STANDARDS_DRAFTS="1" if drafts else "0")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
                          cwd=root, capture_output=True, text=True, env=env)


@pytest.fixture
def project(make_project):
    return make_project({
        "standards/repairs.yaml": AREA,
        "performance/2021-22.yaml": PERIOD,
        "performance/2022-23.yaml": PERIOD.replace("2021-22", "2022-23").replace("91", "85"),
        "performance/2023-24.yaml": "draft: true\n" + PERIOD.replace("2021-22", "2023-24").replace("91", "80"),
        "docs/about.md": "# About us\n\nWe are a small landlord.\n",
    }, config=CONFIG)


def test_build_makes_every_page_and_keeps_hand_written_ones(project, tmp_path):
    before = tree_digest(project)
    run = mkdocs_build(project, tmp_path / "site")
    assert run.returncode == 0, run.stderr
    site = tmp_path / "site"
    for page in ("index.html", "falling-short/index.html", "areas/repairs/index.html", "periods/2022-23/index.html",
                 "all-results/index.html", "open-data/index.html", "about/index.html", "data/results.csv"):
        assert (site / page).is_file(), page
    assert not (site / "periods/2023-24").exists()  # the draft is not published
    home = (site / "index.html").read_text()
    assert '<html lang="en-GB"' in home
    assert "Missed" in home and "We complete repairs on time" in home
    assert not (project / "docs" / "index.md").exists()  # nothing written into docs/
    assert (site / "newsletters/2022-23-screen.pdf").is_file()  # the period pages' downloads are there
    # the newsletters' cache is the only thing written in the project (it keeps the next build quick)
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == [".standards-cache"]
    shutil.rmtree(project / ".standards-cache")
    assert tree_digest(project) == before


def test_drafts_build_shows_the_draft_marked(project, tmp_path):
    run = mkdocs_build(project, tmp_path / "site", drafts=True)
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "site" / "periods/2023-24/index.html").read_text()
    assert "DRAFT" in page


def test_a_generated_page_never_replaces_a_hand_written_one(project, tmp_path):
    (project / "docs" / "falling-short.md").write_text("# My own page\n")
    run = mkdocs_build(project, tmp_path / "site")
    assert run.returncode != 0
    assert "docs/falling-short.md is written by hand" in run.stderr


def test_landlord_templates_override_ours(project, tmp_path):
    folder = project / "my_templates" / "pages"
    folder.mkdir(parents=True)
    (folder / "home.md.j2").write_text("# Our own home page for {{ settings.organisation }}\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "      templates: my_templates\n")
    run = mkdocs_build(project, tmp_path / "site")
    assert run.returncode == 0, run.stderr
    assert "Our own home page for Test Homes" in (tmp_path / "site" / "index.html").read_text()


def test_language_comes_from_the_config(project, tmp_path):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "      lang: cy\n")
    assert mkdocs_build(project, tmp_path / "site").returncode == 0
    assert '<html lang="cy"' in (tmp_path / "site" / "index.html").read_text()


def test_brand_colour_too_light_stops_the_build(project, tmp_path):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "      brand_colour: '#ffcc00'\n")
    run = mkdocs_build(project, tmp_path / "site")
    assert run.returncode != 0
    assert "is too light for white text on it" in run.stderr
    assert "Traceback" not in run.stderr


def test_standards_build_command_with_drafts(project, tmp_path):
    run = run_standards("build", "--drafts", "-d", str(tmp_path / "out"), cwd=project)
    assert run.exit_code == 0
    assert (tmp_path / "out" / "periods/2023-24/index.html").is_file()


def test_serve_watches_the_data_folders(project):
    """on_serve registers standards/ and performance/ with the live-reload server."""
    from mkdocs.config import load_config

    from generator.site.plugin import StandardsPlugin

    class Server:  # the one method MkDocs' LiveReloadServer offers plugins here
        def __init__(self):
            self.watched = []

        def watch(self, path, *args, **kwargs):
            self.watched.append(path)

    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["standards"]
    assert isinstance(plugin, StandardsPlugin)
    plugin.on_config(config)
    server = Server()
    plugin.on_serve(server, config=config, builder=None)
    assert sorted(os.path.basename(p) for p in server.watched) == ["performance", "standards"]


def test_example_site_builds_strict(tmp_path):
    run = mkdocs_build(ROOT, tmp_path / "site")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "site" / "areas" / "complaints" / "index.html").is_file()


def test_two_builds_are_identical_byte_for_byte(tmp_path):
    """Dates come from the data (the latest published period), not the clock."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    outputs = []
    for name in ("one", "two"):
        out = tmp_path / name
        run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(out)], cwd=ROOT,
                             capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stderr
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outputs[0].keys() == outputs[1].keys()
    different = [name for name in outputs[0] if outputs[0][name] != outputs[1][name]]
    assert not different, different
    sitemap = outputs[0]["sitemap.xml"].decode()
    assert "<lastmod>2025-08-07</lastmod>" in sitemap  # 2025-26 Q1's publication date, not today


def test_a_build_that_fails_half_way_leaves_the_previous_site_untouched(project, tmp_path):
    """MkDocs succeeds, then the newsletters fail (over their page budget): nothing changes."""
    out = tmp_path / "out"
    first = run_standards("build", "-d", str(out), cwd=project)
    assert first.exit_code == 0, first.text
    before = tree_digest(out)
    # valid data, so MkDocs writes every page; then the plugin finds 2021-22's newsletter takes 2 pages, not 1
    (project / "standards" / "repairs.yaml").write_text(BUDGET_AREA)
    (project / "performance" / "2021-22.yaml").write_text(BUDGET_PERIOD.format(feature=", ".join(ALL)))
    second = run_standards("build", "-d", str(out), cwd=project)
    assert second.exit_code == 1
    assert "Nothing was changed in" in second.stderr
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []  # no leftovers


def test_a_broken_landlord_template_stops_the_build_with_its_file_and_line(make_project, tmp_path):
    """The pages are written in a child process (generator/background.py): a landlord's template
    that Jinja cannot read still stops the build with where the mistake is, not a traceback."""
    root = make_project({
        "standards/repairs.yaml": AREA,
        "performance/2021-22.yaml": PERIOD,
        "templates/pages/home.md.j2": "# Welcome\n\n{% if %}\n",
        "docs/about.md": "# About us\n",
    }, config=CONFIG + "      templates: templates\n")
    run = mkdocs_build(root, tmp_path / "site")
    assert run.returncode != 0
    assert "templates/pages/home.md.j2:3:1: error: The template 'templates/pages/home.md.j2' could not be used" \
        in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_the_plugin_leaves_the_page_code_to_the_page_writer():
    """MkDocs loads the plugin on its one busy core: the page code (Jinja2 pages, charts, Markdown,
    newsletters) is loaded by the page writer, in the background (see generator/background.py)."""
    code = ("import sys, generator.site.plugin; "
            "print(sorted(m for m in ('generator.site.pages', 'generator.newsletter.content', 'generator.site.charts') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
