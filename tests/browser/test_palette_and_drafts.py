"""The example built as the lead will ship it: with Material's light/dark toggle
in mkdocs.yml and draft figures shown (`standards build --drafts`), with each engine.

A copy of the example project gets the palette below (unless its mkdocs.yml
already has one) and is built with draft figures shown, by the engine of the
``site`` fixture (so every test here runs once per engine).  The chrome of its
home page (header, DRAFT notice, navigation, footer: the content is
test_axe's) is checked with axe in both schemes, chosen the way a reader
does: the browser's dark-mode setting, then the toggle; and every page must
carry the DRAFT notice.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

from ..conftest import ROOT
from .conftest import CHROME, HEIGHT, build, describe, run_axe, serve

# What mkdocs.yml needs under theme: for a light/dark toggle that starts from
# the reader's own setting.
PALETTE = [
    {
        "media": "(prefers-color-scheme: light)",
        "scheme": "default",
        "toggle": {"icon": "material/weather-night", "name": "Switch to dark mode"},
    },
    {
        "media": "(prefers-color-scheme: dark)",
        "scheme": "slate",
        "toggle": {"icon": "material/weather-sunny", "name": "Switch to light mode"},
    },
]
NOT_COPIED = {"node_modules", "site", "tests", "build", "generator", "guide"}  # the code comes from ROOT (PYTHONPATH)
DRAFT_TEXT = "these figures are not yet approved"


@pytest.fixture(scope="module")
def drafts_site(site):
    work = Path(tempfile.mkdtemp(prefix=f"standards-drafts-{site.engine}-"))
    try:
        project = work / "project"
        shutil.copytree(
            ROOT,
            project,
            ignore=lambda folder, names: [
                n for n in names if Path(folder) == ROOT and (n in NOT_COPIED or n.startswith(".") or n.endswith(".egg-info"))
            ],
        )
        config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
        config.setdefault("theme", {}).setdefault("palette", PALETTE)
        (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
        yield build(project, work / "site", drafts=True, engine=site.engine)
    finally:
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module")
def drafts_server(drafts_site):
    with serve(drafts_site.folder) as url:
        yield url


def _draft_slugs() -> set[str]:
    """The example's draft periods, as their newsletters are named ('2025-26-q2')."""
    slugs = set()
    for path in (ROOT / "performance").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("draft") is True:
            slugs.add(str(data["period"]).lower().replace(" ", "-"))
    return slugs


def test_every_page_says_draft(drafts_site):
    missing = []
    for path in sorted(drafts_site.folder.rglob("*.html")):
        if path.parent.name == "newsletters":
            continue  # a newsletter is a draft only when its period is: below
        html = path.read_text(encoding="utf-8")
        if "<strong>DRAFT</strong>" not in html or DRAFT_TEXT not in html:
            missing.append(str(path.relative_to(drafts_site.folder)))
    assert not missing, f"no DRAFT notice on: {', '.join(missing)}"


def test_a_draft_periods_newsletter_says_draft_and_an_approved_one_does_not(drafts_site):
    drafts = _draft_slugs()
    assert drafts, "the example has a draft period"
    newsletters = sorted((drafts_site.folder / "newsletters").glob("*.html"))
    assert newsletters, "the drafts build made the newsletters' web pages"
    for path in newsletters:
        says = "DRAFT: these figures are not yet approved" in path.read_text(encoding="utf-8")
        assert says == (path.stem in drafts), f"{path.name}: DRAFT notice {says}, draft period {path.stem in drafts}"


def test_published_pages_do_not_say_draft(site):
    shown = [str(p.relative_to(site.folder)) for p in site.folder.rglob("*.html") if DRAFT_TEXT in p.read_text(encoding="utf-8")]
    assert not shown, f"a DRAFT notice on the published site: {', '.join(shown)}"


@pytest.mark.parametrize(("scheme", "width"), [("default", 1280), ("slate", 320)], ids=["default-then-slate-1280px", "slate-then-default-320px"])
def test_toggle_and_draft_notice_pass_axe(browser, drafts_server, scheme, width):
    context = browser.new_context(
        viewport={"width": width, "height": HEIGHT},
        color_scheme="dark" if scheme == "slate" else "light",
        reduced_motion="reduce",
    )
    try:
        page = context.new_page()
        page.goto(drafts_server + "/", wait_until="load")
        assert page.evaluate("document.body.dataset.mdColorScheme") == scheme, "Material did not follow the browser's setting"
        banner = page.locator(".md-banner")
        assert banner.is_visible() and "DRAFT" in banner.inner_text()
        violations = run_axe(page, include=CHROME)
        assert not violations, describe(violations, f"the drafts build's header, notice and footer ({scheme} scheme, {width} px wide)")
        # The toggle: a reader switches to the other scheme, and it still passes.
        page.locator("label.md-header__button[for^='__palette_']:visible").click()
        other = "slate" if scheme == "default" else "default"
        assert page.evaluate("document.body.dataset.mdColorScheme") == other
        violations = run_axe(page, include=CHROME)
        assert not violations, describe(violations, f"the drafts build's header, notice and footer, toggled to {other} ({width} px wide)")
    finally:
        context.close()


def test_toggle_works_from_the_keyboard(browser, drafts_server):
    context = browser.new_context(viewport={"width": 1280, "height": HEIGHT}, color_scheme="light", reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto(drafts_server + "/", wait_until="load")
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.name") == "__palette":
                break
        else:
            pytest.fail("Tab never reaches the light/dark toggle")
        ring = page.evaluate(
            """() => { const l = document.activeElement.nextElementSibling, cs = getComputedStyle(l);
                       return cs.outlineStyle !== "none" || cs.boxShadow !== "none" }"""
        )
        assert ring, "the toggle shows no focus indicator"
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate", "the keyboard cannot switch to dark"
    finally:
        context.close()
