"""axe-core on every built page, in light and dark colours, at desktop and phone widths.

One test per page, colour scheme and width, all in one browser: `visits`
loads each page once per width and runs axe in each scheme.  The rules are
WCAG 2.0, 2.1 and 2.2 A and AA and axe's best practices.
"""

from __future__ import annotations

import pytest

from .conftest import SCHEMES, WIDTHS, describe, every_page, run_axe, search_with_results


@pytest.mark.parametrize("path", every_page())
@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violations(visits, path, scheme, width):
    violations = visits.violations(path, scheme, width)
    assert not violations, describe(violations, f"{path} ({scheme} scheme, {width} px wide)")


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violations_with_search_results_open(open_page, site, scheme, width):
    """The engine's search, open with results: a part of every page that a static check never sees."""
    page = open_page("/", scheme=scheme, width=width)
    violations = run_axe(page, include=search_with_results(page, site.search))
    assert not violations, describe(violations, f"the header, search results and footer of / with search open ({scheme} scheme, {width} px wide)")
