"""The example site built for real, served on 127.0.0.1, and one headless Chromium.

Everything here is session-wide: the site is built once per site engine
(registry/engines.py: `mkdocs build --strict` in the repository, as `make site`
does, and `standards build --engine zensical`), served by a thread in this
process, and the tests open tabs in the one browser.  Every test that takes
the ``site`` fixture (or the server, tabs and visits made from it) runs once
per engine: its id names the engine (``[mkdocs-…]``,
``[zensical-…]``), so ``pytest -k zensical`` runs one engine.  What fails on
Zensical and is not ours to fix is listed in ZENSICAL_KNOWN, with why:
expected to fail, and reported the day it passes.  `visits` loads each page
once per width, in two tabs side by side (the machine has two cores), and keeps
what axe found in each colour scheme and what the page asked the network for.

The tools come from `make test`: Debian's chromium (apt) and axe-core and the
Nu HTML Checker (npm, package.json). When one is missing the tests fail and
say how to install it: a skipped browser test proves nothing.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.registry.engines import DEFAULT_ENGINE, ENGINES

from ..conftest import ROOT

ENGINE_NAMES = tuple(ENGINES)

NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCHEMES = ("default", "slate")  # Material's light and dark colour schemes
WIDTHS = (1280, 320)  # a desktop and the narrowest phone (WCAG 1.4.10 reflow)
HEIGHT = 800
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SHOWN_TARGETS = 3


def chromium_path() -> str | None:
    """Debian's Chromium, or the browser named by $CHROMIUM."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"] if os.access(os.environ["CHROMIUM"], os.X_OK) else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def missing_tools(needs: tuple[str, ...] = ("chromium", "playwright", "axe", "vnu", "java")) -> list[str]:
    """What the browser tests need and this machine lacks, with how to get it."""
    missing = []
    if "chromium" in needs and chromium_path() is None:
        missing.append("Chromium (apt-get install chromium)")
    if "playwright" in needs:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing.append("the playwright Python package (pip install -e '.[test]')")
    for need, path in (("axe", AXE_JS), ("vnu", VNU_JAR)):
        if need in needs and not path.is_file():
            missing.append(f"{path.relative_to(ROOT)} (npm ci)")
    if "java" in needs and shutil.which("java") is None:
        missing.append("Java 17 or newer, for the Nu HTML Checker (apt-get install default-jre-headless)")
    return missing


def require_tools(*needs: str) -> None:
    """Skip without the tools, with how to install them; under CI (CI=true), fail instead."""
    missing = missing_tools(needs) if needs else missing_tools()
    if not missing:
        return
    message = "The browser tests need: " + "; ".join(missing) + ". `make test` installs them all."
    pytest.fail(message, pytrace=False)


@dataclass(frozen=True)
class SearchUI:
    """How a reader reaches an engine's search from the keyboard, as CSS selectors."""

    opener: str | None  # the button that opens search (None: the box is in the header from the start)
    box: str  # the search box
    result: str  # one result, a link


SEARCH_UI = {
    # Material: the box is in the header; ArrowDown moves focus to the first result.
    "mkdocs": SearchUI(None, "input.md-search__input", "a.md-search-result__link"),
    # Zensical: a button opens a <dialog> (in a shadow root) with a combobox; below 960 px
    # zensical.js's .standards-search-button stands in for its label.  ArrowDown may keep
    # focus in the box and point at the chosen result with aria-activedescendant.
    "zensical": SearchUI("button.md-search__button, .standards-search-button", "input[role=combobox]", "a[role=option]"),
}
assert set(SEARCH_UI) == set(ENGINES), "describe the search of every engine in registry/engines.py here"


@dataclass(frozen=True)
class BuiltSite:
    folder: Path
    pages: tuple[str, ...]  # URL paths of every HTML page, "/" and "/404.html" among them
    engine: str = DEFAULT_ENGINE  # a name in registry/engines.py

    @property
    def search(self) -> SearchUI:
        return SEARCH_UI[self.engine]


def url_path(html_file: Path, folder: Path) -> str:
    relative = html_file.relative_to(folder).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def build(project: Path, out: Path, drafts: bool = False, engine: str = DEFAULT_ENGINE) -> BuiltSite:
    """The site of ``project`` built into ``out`` with ``engine``, with this checkout's generator:
    `mkdocs build --strict` for MkDocs (as `make site`), `standards build --engine …` otherwise."""
    env = {k: v for k, v in os.environ.items() if k != "STANDARDS_DRAFTS"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    if engine == "mkdocs":
        if drafts:
            env["STANDARDS_DRAFTS"] = "1"
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)]
    else:
        command = [sys.executable, "-m", "generator", "build", "--engine", engine, "-d", str(out)]
        command += ["--drafts"] if drafts else []
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[2:])} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    pages = tuple(sorted(url_path(p, out) for p in out.rglob("*.html")))
    return BuiltSite(out, pages, engine)


@functools.cache
def built_site(engine: str = DEFAULT_ENGINE) -> BuiltSite:
    """The example site built with ``engine``, once per test run (at collection, to list its pages)."""
    folder = Path(tempfile.mkdtemp(prefix=f"standards-site-{engine}-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return build(ROOT, folder / "site", engine=engine)


def every_page() -> tuple[str, ...]:
    """The pages of the default engine's site, for the tests of every page (listed at collection).
    Each engine's site must have the same pages: test_pages.py."""
    return built_site(DEFAULT_ENGINE).pages


@pytest.fixture(scope="session", params=ENGINE_NAMES)
def site(request) -> BuiltSite:
    """The example site, once per engine (a test's id names it: [mkdocs-…], [zensical-…])."""
    return built_site(request.param)


# What fails on Zensical and is not ours to fix: a test's name (or its full name with its id) ->
# why, in one plain sentence.  Each is marked xfail(strict=True): listed in every run, and a
# failure the day it passes, so that it is taken off the list.  Never a skip.
ZENSICAL_KNOWN: dict[str, str] = {}


def item_engine(item) -> str | None:
    """The engine a collected test runs on (the ``site`` fixture's parameter), if any."""
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("site") if callspec is not None else None


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        reason = ZENSICAL_KNOWN.get(item.name) or ZENSICAL_KNOWN.get(getattr(item, "originalname", item.name))
        if reason and item_engine(item) == "zensical":
            item.add_marker(pytest.mark.xfail(strict=True, reason=reason))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the name http.server uses
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """``folder`` at http://127.0.0.1:PORT (a random free port), from a thread of this process."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name=f"serve {folder.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def server(site):
    """The example site at http://127.0.0.1:PORT."""
    with serve(site.folder) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, launched once for the whole run (Playwright cannot download one here)."""
    require_tools()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()


# Choosing a colour scheme as a reader does: the browser's setting (which
# Material follows when mkdocs.yml gives each palette a media query), else
# Material's own toggle (a radio button per palette; Material copies its
# data-md-color-* to <body> and remembers it).  Where mkdocs.yml has no palette
# at all, Material writes neither the toggle nor its palette stylesheet: then
# set <body data-md-color-scheme> and add the stylesheet (it is in the site all
# the same), to see the page as it will be once a palette is configured.
CHOOSE_SCHEME = """
([scheme, href]) => {
  const body = document.body;
  if (body.dataset.mdColorScheme !== scheme) {
    const option = document.querySelector(`input.md-option[data-md-color-scheme="${scheme}"]`);
    if (option) option.click();
  }
  if (body.dataset.mdColorScheme === scheme) return "material";
  body.setAttribute("data-md-color-scheme", scheme);
  if (!body.hasAttribute("data-md-color-primary")) body.setAttribute("data-md-color-primary", "indigo");
  if (!body.hasAttribute("data-md-color-accent")) body.setAttribute("data-md-color-accent", "indigo");
  if (!href || document.querySelector('link[href*="stylesheets/palette."]')) return "forced";
  return new Promise((resolve, reject) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.onload = () => resolve("forced");
    link.onerror = () => reject(new Error("could not load " + href));
    document.head.appendChild(link);
  });
}
"""


def palette_stylesheet(site: BuiltSite) -> str | None:
    # Material's assets/stylesheets/palette.*, Zensical's under classic/ (variant: classic)
    stylesheets = site.folder / "assets" / "stylesheets"
    found = sorted(stylesheets.glob("palette.*.min.css")) or sorted(stylesheets.glob("classic/palette.*.min.css"))
    return "/" + found[0].relative_to(site.folder).as_posix() if found else None


@pytest.fixture(scope="session")
def contexts(browser, site):
    """One browser context per colour scheme and width, kept for the session.

    Each has the browser's colour setting for its scheme and axe-core ready
    on every page (injected once, not sent again for each test).
    """
    made: dict[tuple[str, int], object] = {}
    axe_source = AXE_JS.read_text(encoding="utf-8")

    def get(scheme: str, width: int):
        if (scheme, width) not in made:
            context = browser.new_context(
                viewport={"width": width, "height": HEIGHT},
                color_scheme="dark" if scheme == "slate" else "light",
                reduced_motion="reduce",
            )
            context.add_init_script(axe_source)
            made[(scheme, width)] = context
        return made[(scheme, width)]

    yield get
    for context in made.values():
        context.close()


@pytest.fixture
def open_page(contexts, server, site):
    """open_page(path, scheme="default", width=1280) -> a loaded page (a new tab, closed after the test)."""
    pages = []
    palette_href = palette_stylesheet(site)

    def open_(path: str, scheme: str = "default", width: int = 1280, on_request=None):
        page = contexts(scheme, width).new_page()
        pages.append(page)
        if on_request is not None:
            page.on("request", on_request)
        page.goto(server + path, wait_until="load")
        page.evaluate(CHOOSE_SCHEME, [scheme, palette_href])
        page.evaluate("document.fonts.ready.then(() => true)")
        return page

    yield open_
    for page in pages:
        page.close()


# ------------------------------------------------------------------------ axe

# Material's own parts of every page, around the content: for tests of a
# state of the chrome (search open, the toggle used, the DRAFT notice) that
# should not report the page content again (test_axe checks every page whole).
CHROME = ["[data-md-component=skip]", "[data-md-component=announce]", ".md-header", ".md-sidebar", ".md-footer"]

# Zensical's search dialog is in a shadow root of an unnamed <div> in <body>: mark that host, so
# axe can be told to check it with the chrome.  Nothing when the box is in the page itself.
MARK_SEARCH_HOST = """
box => {
  if (document.querySelector(box)) return false;
  const host = [...document.querySelectorAll("*")].find(e => e.shadowRoot && e.shadowRoot.querySelector(box));
  if (host) host.setAttribute("data-standards-search-host", "");
  return !!host;
}
"""


def search_with_results(page, ui: SearchUI, text: str = "contact") -> list[str]:
    """Open the engine's search as a mouse user would, type ``text`` and wait for the results;
    the parts of the page to check with axe: the chrome, and the search dialog where it is apart."""
    if ui.opener is not None:
        page.locator(ui.opener).locator("visible=true").first.click()
    page.locator(ui.box).first.focus()
    page.keyboard.type(text)
    page.locator(ui.result).first.wait_for(state="visible", timeout=10_000)
    return CHROME + (["[data-standards-search-host]"] if page.evaluate(MARK_SEARCH_HOST, ui.box) else [])


# Start axe without waiting for it, so that two tabs can run it at once.
AXE_START = """
([tags, include]) => {
  window.__standardsAxe = null;
  const context = include ? {include: include.map(selector => [selector])} : document;
  axe.run(context, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]}).then(
    r => { window.__standardsAxe = {violations: r.violations}; },
    e => { window.__standardsAxe = {error: String((e && e.stack) || e)}; });
}
"""
SETTLED = "document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))"


def start_axe(page, include: list[str] | None = None) -> None:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    page.evaluate(AXE_START, [AXE_TAGS, include])


def axe_result(page) -> dict:
    page.wait_for_function("window.__standardsAxe !== null", timeout=180_000, polling=100)
    return page.evaluate("window.__standardsAxe")


def run_axe(page, include: list[str] | None = None) -> list[dict]:
    """axe's violations on the page as it is now (WCAG 2.0–2.2 A and AA, and best practice),
    in the whole page or only in the parts that match ``include``."""
    start_axe(page, include)
    result = axe_result(page)
    if "error" in result:
        raise RuntimeError(f"axe failed: {result['error']}")
    return result["violations"]


def describe(violations: list[dict], where: str) -> str:
    """Each violation: rule, impact, what it means, and the first few elements."""
    lines = [f"{sum(len(v['nodes']) for v in violations)} axe violation(s) on {where}:"]
    for v in violations:
        targets = [", ".join(" ".join(t) if isinstance(t, list) else t for t in n["target"]) for n in v["nodes"]]
        more = len(targets) - SHOWN_TARGETS
        shown = "; ".join(targets[:SHOWN_TARGETS]) + (f"; … {more} more" if more > 0 else "")
        lines.append(f"  {v['id']} [{v['impact']}] {v['help']} — {shown}")
        first = v["nodes"][0].get("failureSummary", "").replace("\n", " ")
        if first:
            lines.append(f"      {first[:300]}")
    return "\n".join(lines)


class Visits:
    """Every page, loaded once at each width in two tabs side by side, then axe
    in each colour scheme (both tabs at once); what each page requested."""

    def __init__(self, browser, server: str, palette_href: str | None):
        self.server = server
        self.palette_href = palette_href
        self.axe: dict[tuple[str, str, int], dict] = {}
        self.requests: dict[str, list[str]] = {}
        self._requests: list[str] = []
        axe_source = AXE_JS.read_text(encoding="utf-8")
        self.tabs = {}
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": HEIGHT}, reduced_motion="reduce")
            context.add_init_script(axe_source)
            tab = context.new_page()
            tab.on("request", lambda request: self._requests.append(request.url))
            self.tabs[width] = tab

    def visit(self, path: str) -> None:
        if path in self.requests:
            return
        self._requests = []
        for tab in self.tabs.values():
            tab.goto(self.server + path, wait_until="commit")
        for tab in self.tabs.values():
            tab.wait_for_load_state("load")
        for scheme in SCHEMES:
            for tab in self.tabs.values():
                tab.emulate_media(color_scheme="dark" if scheme == "slate" else "light")
                tab.evaluate(CHOOSE_SCHEME, [scheme, self.palette_href])
                tab.evaluate(SETTLED)
                shown = tab.evaluate("document.body.dataset.mdColorScheme")
                assert shown == scheme, f"{path}: could not show the {scheme} scheme (the page shows {shown})"
                start_axe(tab)
            for width, tab in self.tabs.items():
                self.axe[(path, scheme, width)] = axe_result(tab)
        self.requests[path] = list(self._requests)

    def violations(self, path: str, scheme: str, width: int) -> list[dict]:
        self.visit(path)
        result = self.axe.pop((path, scheme, width))
        if "error" in result:
            raise RuntimeError(f"axe failed on {path}: {result['error']}")
        return result["violations"]

    def requested(self, path: str) -> list[str]:
        self.visit(path)
        return self.requests[path]

    def close(self) -> None:
        for tab in self.tabs.values():
            tab.context.close()


@pytest.fixture(scope="session")
def visits(browser, server, site):
    visits = Visits(browser, server, palette_stylesheet(site))
    yield visits
    visits.close()
