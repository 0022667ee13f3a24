"""The fixes to Material's HTML (generator/theme.py) and the theme overrides.

patch_html is tested on its own, one fix at a time, on HTML shaped as
Material writes it; then a small project is built to see the overrides
(footer, DRAFT notice, 404 page) in the HTML.  The browser tests
(tests/browser/) check the built example with axe and the Nu HTML Checker.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.site.theme import (
    FIX_NAMES,
    FIXES,
    MAIN_CONTENT_ID,
    PageFacts,
    Tally,
    drop_autocomplete_on_toggles,
    name_search_dialog,
    patch_html,
    patch_page,
    skip_to_main_content,
)

from .conftest import ROOT

TOGGLES = (
    '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
    '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">\n'
)
SEARCH = (
    '<div class="md-search" data-md-component="search" role="dialog">\n'
    '  <input type="text" class="md-search__input" name="query" aria-label="Chwilio" placeholder="Chwilio" '
    'autocapitalize="off" autocorrect="off" autocomplete="off" spellcheck="false" data-md-component="search-query" required>\n'
    "</div>\n"
)
SKIP = '<div data-md-component="skip">\n  \n    <a href="#how-were-doing" class="md-skip">\n      Skip to content\n    </a>\n  \n</div>\n'
NO_SKIP = '<div data-md-component="skip">\n  \n</div>\n'
CONTENT = '<div class="md-content" data-md-component="content">\n<article class="md-content__inner md-typeset"><h1 id="how-were-doing">How</h1></article>\n</div>\n'


def page(*parts: str, lang: str = "en") -> str:
    return f'<!doctype html>\n<html lang="{lang}" class="no-js">\n<head></head>\n<body dir="ltr">\n' + "".join(parts) + "</body>\n</html>\n"


FULL = page(TOGGLES, SKIP, SEARCH, CONTENT)


def test_lang_is_the_sites_language():
    assert '<html lang="cy" class="no-js">' in patch_html(FULL, {"lang": "cy"})
    assert '<html lang="en-GB"' in patch_html(FULL, {})


def test_autocomplete_goes_from_checkboxes_and_radios_only():
    html = page(TOGGLES, '<input type="radio" name="__palette" autocomplete=off id="p0">\n', SEARCH)
    fixed = drop_autocomplete_on_toggles(html)
    assert 'id="__drawer">' in fixed and 'id="__search">' in fixed and 'id="p0">' in fixed
    assert fixed.count("autocomplete") == 1  # the search box keeps it: it is a text input
    assert 'autocorrect="off" autocomplete="off" spellcheck' in fixed


def test_search_dialog_gets_the_search_boxs_name():
    fixed = name_search_dialog(page(SEARCH))
    assert '<div class="md-search" data-md-component="search" role="dialog" aria-label="Chwilio">' in fixed


def test_search_dialog_without_a_search_box_is_called_search():
    html = page('<div class="md-search" data-md-component="search" role="dialog"></div>')
    assert 'role="dialog" aria-label="Search">' in name_search_dialog(html)


def test_a_named_search_dialog_is_left_alone():
    html = page('<div class="md-search" data-md-component="search" role="dialog" aria-labelledby="x"></div>')
    assert name_search_dialog(html) == html


def test_skip_link_goes_to_the_focusable_content():
    fixed = skip_to_main_content(page(SKIP, CONTENT))
    assert f'<a href="#{MAIN_CONTENT_ID}" class="md-skip">\n      Skip to content\n    </a>' in fixed
    assert f'<div class="md-content" data-md-component="content" id="{MAIN_CONTENT_ID}" tabindex="-1">' in fixed


def test_a_page_without_headings_gets_a_skip_link():
    fixed = skip_to_main_content(page(NO_SKIP, CONTENT))
    assert f'<a href="#{MAIN_CONTENT_ID}" class="md-skip">Skip to main content</a>' in fixed


def test_skip_link_is_left_alone_without_a_content_column():
    html = page(SKIP, "<main></main>")
    assert skip_to_main_content(html) == html


@pytest.mark.parametrize("html", [FULL, page(TOGGLES), page(NO_SKIP, CONTENT), page(SEARCH), "", "<p>not Material</p>"])
def test_patching_twice_changes_nothing_more(html):
    once = patch_html(html, {"lang": "en-GB"})
    assert patch_html(once, {"lang": "en-GB"}) == once


def test_every_fix_is_applied():
    fixed = patch_html(FULL, {"lang": "en-GB"})
    assert 'type="checkbox" id="__drawer">' in fixed
    assert 'aria-label="Chwilio">' in fixed
    assert f'href="#{MAIN_CONTENT_ID}"' in fixed and f'id="{MAIN_CONTENT_ID}"' in fixed


# ----------------------------------------------------------- each fix named, counted, required

DANGLING = '<label class="md-nav__title" for="__toc">\n  Table of contents\n</label>\n'

# (fix, a tiny page Material could write, what the fixed page has that the page did not)
EACH_FIX = [
    ("html-lang", page(lang="en"), '<html lang="cy" class="no-js">'),
    ("toggle-autocomplete", page(TOGGLES), 'type="checkbox" id="__drawer">'),
    ("search-dialog-name", page('<div class="md-search" data-md-component="search" role="dialog"></div>'),
     'role="dialog" aria-label="Search">'),
    ("search-box-name", page(SEARCH), 'role="dialog" aria-label="Chwilio">'),
    ("main-content-target", page(SKIP, CONTENT), f'data-md-component="content" id="{MAIN_CONTENT_ID}" tabindex="-1">'),
    ("skip-link-retarget", page(SKIP, CONTENT), f'<a href="#{MAIN_CONTENT_ID}" class="md-skip">\n      Skip to content'),
    ("skip-link-added", page(NO_SKIP, CONTENT), f'<a href="#{MAIN_CONTENT_ID}" class="md-skip">Skip to main content</a>'),
    ("dangling-label-for", page(DANGLING), '<label class="md-nav__title">\n  Table of contents'),
    # Zensical's overlay behind the open menu
    ("overlay-label-shown", page(TOGGLES, '<label class="md-overlay" for="__drawer" aria-hidden="true"></label>'),
     '<label class="md-overlay" for="__drawer"></label>'),
]


def test_the_table_has_every_fix():
    assert [name for name, _, _ in EACH_FIX] == list(FIX_NAMES)


@pytest.mark.parametrize("name, html, expected", EACH_FIX, ids=[name for name, _, _ in EACH_FIX])
def test_each_fix_changes_its_sample_and_says_so(name, html, expected):
    fixed, found = patch_page(html, {"lang": "cy"})
    assert expected not in html and expected in fixed
    assert name in found


@pytest.mark.parametrize("facts, required", [
    (PageFacts(), {"html-lang", "toggle-autocomplete", "search-dialog-name", "search-box-name",
                   "main-content-target", "skip-link-retarget"}),
    (PageFacts(search=False), {"html-lang", "toggle-autocomplete", "main-content-target", "skip-link-retarget"}),
    (PageFacts(headings=False), {"html-lang", "toggle-autocomplete", "search-dialog-name", "search-box-name",
                                 "main-content-target", "skip-link-added"}),
    (PageFacts(index_with_toc=True), {"html-lang", "toggle-autocomplete", "search-dialog-name", "search-box-name",
                                      "main-content-target", "skip-link-retarget", "dangling-label-for"}),
    # Zensical writes its own search dialog (named already) and skip link, and no dangling label
    (PageFacts(engine="zensical", index_with_toc=True, headings=False),
     {"html-lang", "toggle-autocomplete", "search-dialog-name", "main-content-target", "overlay-label-shown"}),
])
def test_which_fixes_a_page_must_have(facts, required):
    assert {fix.name for fix in FIXES if fix.must_apply(facts)} == required


def test_a_page_material_wrote_differently_names_the_fix_and_the_page():
    tally = Tally()
    tally.record("index.md", PageFacts(), patch_page(FULL, {"lang": "en-GB"})[1])
    # Material's search dialog, as if a new version had dropped role="dialog"
    changed = FULL.replace(' role="dialog"', "")
    tally.record("areas/repairs.md", PageFacts(), patch_page(changed, {"lang": "en-GB"})[1])
    assert tally.counts["search-dialog-name"] == 1 and tally.counts["html-lang"] == 2
    message = tally.failure()
    assert message is not None
    assert message.splitlines()[0] == ("The fix 'search-dialog-name' to Material's HTML found nothing on "
                                       "areas/repairs.md; it must apply on every page while the search plugin is on.")
    assert "generator/site/theme.py" in message


def test_a_page_with_every_fix_it_needs_passes():
    tally = Tally()
    tally.record("index.md", PageFacts(), patch_page(FULL, {})[1])
    tally.record("404.html", PageFacts(headings=False), patch_page(page(TOGGLES, NO_SKIP, SEARCH, CONTENT), {})[1])
    assert tally.failure() is None
    assert tally.summary().startswith("Material HTML fixes on 2 pages: html-lang 2, toggle-autocomplete 2,")


def test_with_another_theme_no_fix_must_apply():
    tally = Tally()
    tally.record("index.md", PageFacts(material=False), patch_page("<!doctype html><p>mkdocs theme</p>", {})[1])
    assert tally.failure() is None and tally.pages == 1


def test_building_the_example_applies_each_fix_where_it_must(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-v", "-d", str(tmp_path / "site")],
        cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(line for line in (result.stdout + result.stderr).splitlines() if "Material HTML fixes on" in line)
    pages, counts = line.split("Material HTML fixes on ")[1].split(" pages: ")
    counts = {name: int(n) for name, n in (item.rsplit(" ", 1) for item in counts.split(", "))}
    # the newsletters' web-page editions are in the site too, but are not MkDocs pages
    built = len([p for p in (tmp_path / "site").rglob("*.html") if "newsletters" not in p.parts])
    assert int(pages) == built
    # on every page of the example: the language, the toggles, its search, the content column
    for name in ("html-lang", "toggle-autocomplete", "search-dialog-name", "search-box-name", "main-content-target"):
        assert counts[name] == built, name
    # the 404 page has no heading for Material's link; every other page has one
    assert counts["skip-link-added"] == 1 and counts["skip-link-retarget"] == built - 1
    assert counts["dangling-label-for"] >= 1  # the example's areas section has an index page
    assert counts["overlay-label-shown"] == 0  # Zensical's label: Material writes it without aria-hidden


# ----------------------------------------------------------- the overrides, built


CONFIG = """\
site_name: Test Homes
theme:
  name: material
  font: false
plugins:
  - search
  - standards:
      organisation: Test <Homes> & Co
      contact:
        phone: 01234 567890
        email: help@test.example
        web: https://test.example/
"""


def build(project: Path, drafts: bool = False) -> Path:
    out = project / ("drafts" if drafts else "published")
    env = {k: v for k, v in os.environ.items() if k != "STANDARDS_DRAFTS"}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    if drafts:
        env["STANDARDS_DRAFTS"] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=project, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from .conftest import AREA, PERIOD, write_project

    root = write_project(
        tmp_path_factory.mktemp("theme"),
        {
            "docs/accessibility.md": "# Accessibility statement\n",
            "docs/contact.md": "# Contact us\n",
            "standards/repairs.yaml": AREA,
            "performance/2021-22.yaml": PERIOD,
            "performance/2022-23.yaml": PERIOD.replace("2021-22", "2022-23") + "draft: true\n",
        },
        CONFIG,
    )
    return {"published": build(root), "drafts": build(root, drafts=True)}


def footer(html: str) -> str:
    return html[html.index('<footer class="md-footer">') : html.index("</footer>")]


@pytest.mark.parametrize("name", ["index.html", "contact/index.html", "404.html"])
def test_footer_names_the_landlord_and_how_to_reach_them(built, name):
    html = footer((built["published"] / name).read_text(encoding="utf-8"))
    assert "Test &lt;Homes&gt; &amp; Co" in html
    assert '<a href="tel:01234567890">01234 567890</a>' in html
    assert '<a href="mailto:help@test.example">help@test.example</a>' in html
    assert '<a href="https://test.example/">test.example</a>' in html
    assert "Accessibility statement</a>" in html and "Contact us</a>" in html
    assert "Made with" in html


def test_404_page_has_the_fixes_too(built):
    html = (built["published"] / "404.html").read_text(encoding="utf-8")
    assert 'autocomplete="off">' not in html.split('class="md-search__input"')[0]
    assert 'role="dialog" aria-label="Search"' in html
    assert f'href="#{MAIN_CONTENT_ID}"' in html and f'id="{MAIN_CONTENT_ID}"' in html
    assert '<html lang="en-GB"' in html


def test_draft_notice_only_while_drafts_are_shown(built):
    for name in ("index.html", "accessibility/index.html", "404.html"):
        assert "not yet approved" not in (built["published"] / name).read_text(encoding="utf-8")
        drafts = (built["drafts"] / name).read_text(encoding="utf-8")
        assert '<aside class="md-banner">' in drafts
        assert "<strong>DRAFT</strong> — these figures are not yet approved" in drafts


def test_a_label_for_a_missing_control_loses_its_for():
    from generator.site.theme import drop_dangling_label_for

    html = page(
        '<input type="checkbox" id="__nav_3">\n<label class="md-nav__title" for="__nav_3">Areas</label>\n'
        '<label class="md-nav__title" for="__toc">\n  Table of contents\n</label>\n'
    )
    fixed = drop_dangling_label_for(html)
    assert '<label class="md-nav__title" for="__nav_3">Areas</label>' in fixed
    assert '<label class="md-nav__title">\n  Table of contents\n</label>' in fixed
    assert drop_dangling_label_for(fixed) == fixed


def test_a_build_whose_material_html_changed_fails_naming_the_fix(tmp_path):
    """A landlord's own search partial stands for a new Material writing its dialog differently."""
    from .conftest import AREA, PERIOD, write_project

    root = write_project(
        tmp_path,
        {
            "docs/contact.md": "# Contact us\n",
            "standards/repairs.yaml": AREA,
            "performance/2021-22.yaml": PERIOD,
            "theme/partials/search.html": '<div class="md-search" data-md-component="search">\n'
                                          '  <input type="text" data-md-component="search-query" aria-label="Search">\n'
                                          "</div>\n",
        },
        CONFIG.replace("  font: false\n", "  font: false\n  custom_dir: theme\n"),
    )
    env = {k: v for k, v in os.environ.items() if k != "STANDARDS_DRAFTS"}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "out")],
                            cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    line = next(line for line in result.stderr.splitlines() if line.startswith("The fix "))
    assert line.startswith("The fix 'search-dialog-name' to Material's HTML found nothing on 404.html, ")
    assert "index.md" in line and line.endswith("it must apply on every page while the search plugin is on.")
    assert "Traceback" not in result.stderr
