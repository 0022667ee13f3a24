"""Every engine builds the same pages as the default one: the tests of every page (axe, network)
are listed from the default engine's site, so a page another engine left out or added would go
untested there without this."""

from __future__ import annotations

import pytest

from generator.registry.engines import DEFAULT_ENGINE

from .conftest import ENGINE_NAMES, built_site


@pytest.mark.parametrize("site", [e for e in ENGINE_NAMES if e != DEFAULT_ENGINE], indirect=True)
def test_every_engine_builds_the_same_pages(site):
    default = set(built_site(DEFAULT_ENGINE).pages)
    missing, extra = sorted(default - set(site.pages)), sorted(set(site.pages) - default)
    assert not missing and not extra, (
        f"the {site.engine} site has other pages than the {DEFAULT_ENGINE} site: "
        f"missing {missing or 'none'}, extra {extra or 'none'}")
