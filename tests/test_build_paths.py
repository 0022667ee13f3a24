"""One site whatever builds it: `standards build`, a plain `mkdocs build` and the `standards serve`
preview, on the example project, with every link of every period page followed to a file that
is there; and one registry of the generated pages, read by the plan, the navigation and the pages."""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from generator.pipeline import check_project
from generator.site import plan
from generator.site.pages import render_site
from generator.site.plan import PageSpec, site_frame, site_plan

from .conftest import AREA, PERIOD, ROOT, fetch, free_port
from .test_newsletter import ALL, BUDGET_AREA, BUDGET_PERIOD

# what a period page says in the preview, where the newsletters are not made (written out here by hand)
PREVIEW_NOTE = ("This is a preview, so the newsletters for {label} are not here to download. They are made when "
                "the site is built with standards build, and the published site links to them here.")
EDITIONS = 6  # screen, insert, large print, print shop, plain text, web page: one link each
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", STANDARDS_DRAFTS="0")


class Links(HTMLParser):
    """Every href and src of a page, and its text with the tags taken out."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.links += [value for name, value in attrs if name in ("href", "src") and value]

    def handle_data(self, data):
        self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join("".join(self.text).split())


def parsed(html: str) -> Links:
    page = Links()
    page.feed(html)
    return page


def own_links(page_url: str, links: list[str]) -> list[str]:
    """The links that stay on the site, as absolute addresses without their #part or ?query."""
    found = []
    for link in links:
        address = urlsplit(urljoin(page_url, link))
        if address.scheme in ("http", "https") and address.netloc == urlsplit(page_url).netloc:
            found.append(address.path)
    return sorted(set(found))


def file_for(site: Path, path: str) -> Path:
    """The file a web server gives for an address of the site (a folder: its index.html)."""
    relative = posixpath.normpath(path.lstrip("/")) if path.strip("/") else "."
    target = site / relative
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def period_pages(site: Path) -> list[Path]:
    pages = sorted((site / "periods").glob("*/index.html"))
    assert len(pages) >= 10, pages  # the example's periods, its index page left out
    return pages


def missing_links(site: Path) -> list[str]:
    """Every link of every period page of a built site whose file is not there."""
    missing = []
    for page in period_pages(site):
        url = "http://site.invalid/" + page.parent.relative_to(site).as_posix() + "/"
        for path in own_links(url, parsed(page.read_text(encoding="utf-8")).links):
            if not file_for(site, path).is_file():
                missing.append(f"{page.relative_to(site)} -> {path}")
    return missing


def files_of(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The example, built by `standards build` and by a plain `mkdocs build` (newsletters from the cache)."""
    out = tmp_path_factory.mktemp("built")
    for how, command in (("standards", ["generator", "build"]), ("mkdocs", ["mkdocs", "build", "--strict"])):
        done = subprocess.run([sys.executable, "-m", *command, "-d", str(out / how)], cwd=ROOT, env=ENV,
                              capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
    return {"standards": out / "standards", "mkdocs": out / "mkdocs"}


@pytest.mark.parametrize("how", ["standards", "mkdocs"])
def test_every_link_of_every_period_page_is_a_file_of_the_site(built, how):
    site = built[how]
    assert missing_links(site) == []
    page = parsed((site / "periods/2022-23/index.html").read_text(encoding="utf-8"))
    downloads = [link for link in page.links if "newsletters/" in link]
    assert sorted(downloads) == sorted(f"../../newsletters/{name}" for name in (
        "2022-23-screen.pdf", "2022-23-insert.pdf", "2022-23-large-print.pdf", "2022-23-print.pdf",
        "2022-23-text.txt", "2022-23.html"))
    assert "This is a preview" not in page.words


def test_standards_build_and_mkdocs_build_make_the_same_files(built):
    standards, mkdocs = files_of(built["standards"]), files_of(built["mkdocs"])
    assert standards == mkdocs
    newsletters = [name for name in standards if name.startswith("newsletters/")]
    periods = len(period_pages(built["standards"]))
    assert len(newsletters) == periods * EDITIONS
    for name in newsletters:  # the same newsletters, not only the same names
        assert (built["standards"] / name).read_bytes() == (built["mkdocs"] / name).read_bytes(), name


@pytest.fixture(scope="module")
def served():
    """A real `standards serve` of the example on a free port of 127.0.0.1; its address."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    base = f"http://127.0.0.1:{port}/"
    try:
        end = time.monotonic() + 300
        while time.monotonic() < end:
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            try:
                if fetch(base)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("standards serve did not answer")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_the_preview_links_only_to_what_it_serves_and_says_where_the_newsletters_are(served):
    status, body = fetch(served + "periods/")
    assert status == 200
    pages = sorted({path for path in own_links(served + "periods/", parsed(body.decode()).links)
                    if re.fullmatch(r"/periods/[^/]+/", path)})
    assert len(pages) >= 11  # the example's periods, its draft (2025-26 Q2) included: serve shows drafts
    missing, checked = [], set()
    for path in pages:
        status, body = fetch(served.rstrip("/") + path)
        assert status == 200, path
        page = parsed(body.decode())
        assert not [link for link in page.links if "newsletters/" in link], path
        assert "Download this report" in page.words, path
        assert "This is a preview, so the newsletters for" in page.words, path
        for link in own_links(served.rstrip("/") + path, page.links):
            if link not in checked:
                checked.add(link)
                if fetch(served.rstrip("/") + link)[0] != 200:
                    missing.append(f"{path} -> {link}")
    assert missing == []
    status, body = fetch(served + "periods/2022-23/")
    assert PREVIEW_NOTE.format(label="2022-23") in parsed(body.decode()).words


# -- one registry of the generated pages ------------------------------------------------------------


def nav_paths(nav) -> set[str]:
    """Every page the navigation names, at any depth."""
    found: set[str] = set()
    for entry in nav:
        if isinstance(entry, str):
            found.add(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                found |= {value} if isinstance(value, str) else nav_paths(value)
    return found


def drafts_project(root: Path) -> Path:
    files = {"mkdocs.yml": "site_name: Test Homes\nplugins:\n  - standards:\n      organisation: Test Homes\n",
             "standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD,
             "performance/2022-23.yaml": "draft: true\n" + PERIOD.replace("2021-22", "2022-23"),
             "docs/contact.md": "# Contact us\n"}
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("which, drafts", [("example", False), ("example", True), ("with a draft", False),
                                           ("with a draft", True)])
def test_the_plan_the_navigation_and_the_pages_name_the_same_files(which, drafts, tmp_path):
    root = ROOT if which == "example" else drafts_project(tmp_path)
    outcome = check_project(root / "mkdocs.yml")
    assert not outcome.errors
    planned = site_plan(outcome.project, drafts)
    written = [(kind, path) for kind, path, _ in render_site(outcome.project, root, drafts)]
    assert written == planned  # the same files, in the same order
    pages = {path for kind, path in planned if kind == "page"}
    assert nav_paths(site_frame(outcome.project, drafts).nav) == pages
    if which == "with a draft":
        assert ("page", "periods/2022-23.md") in planned if drafts else ("page", "periods/2022-23.md") not in planned


def test_a_page_added_to_the_registry_is_planned_written_and_in_the_navigation(monkeypatch, tmp_path):
    root = drafts_project(tmp_path)
    outcome = check_project(root / "mkdocs.yml")
    extra = PageSpec("page", "news.md", "home.md.j2", title=lambda item: "News", nav="News")
    monkeypatch.setattr(plan, "PAGES", (*plan.PAGES, extra))
    assert ("page", "news.md") in site_plan(outcome.project)
    written = {path: text for _, path, text in render_site(outcome.project, root)}
    assert written["news.md"].startswith('---\ntitle: "News"\n---\n')
    assert {"News": "news.md"} in site_frame(outcome.project).nav


def test_a_newsletter_over_its_budget_stops_a_plain_mkdocs_build_with_checks_message(tmp_path):
    root = drafts_project(tmp_path / "project")
    (root / "standards/repairs.yaml").write_text(BUDGET_AREA, encoding="utf-8")
    (root / "performance/2021-22.yaml").write_text(BUDGET_PERIOD.format(feature=", ".join(ALL)), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")], cwd=root,
                          env=ENV, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    # line 9 of the period file is `  pages: 1`; the four results do not fit on one page
    assert "performance/2021-22.yaml:9:3: error: The newsletter for 2021-22 takes 2 pages, but 'pages' allows 1." \
        in done.stderr
    assert "Found 1 error. No newsletters were published." in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "site/newsletters").exists()
