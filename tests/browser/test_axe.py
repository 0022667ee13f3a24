"""axe-core on every built page, in light and dark colours, at desktop and phone widths.

One test per page, colour scheme and width, all in one browser: `visits`
loads each page once per width and runs axe in each scheme.  The rules are
WCAG 2.0, 2.1 and 2.2 A and AA and axe's best practices.
"""

from __future__ import annotations

import pytest

from .conftest import CHROME, SCHEMES, WIDTHS, built_site, describe, run_axe


def pytest_generate_tests(metafunc):
    if "path" in metafunc.fixturenames:
        metafunc.parametrize("path", built_site().pages)


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violations(visits, path, scheme, width):
    violations = visits.violations(path, scheme, width)
    assert not violations, describe(violations, f"{path} ({scheme} scheme, {width} px wide)")


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violations_with_search_results_open(open_page, scheme, width):
    """Material's search, open with results: a part of every page that a static check never sees."""
    page = open_page("/", scheme=scheme, width=width)
    page.focus(".md-search__input")
    page.keyboard.type("contact")
    page.wait_for_selector(".md-search-result__link", state="visible", timeout=10_000)
    violations = run_axe(page, include=CHROME)
    assert not violations, describe(violations, f"the header, search results and footer of / with search open ({scheme} scheme, {width} px wide)")
