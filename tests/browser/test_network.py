"""Every request a page makes stays on this site: no Google Fonts, no CDN, no tracking."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import every_page


@pytest.mark.parametrize("path", every_page())
def test_requests_stay_on_the_site(visits, server, path):
    """Every request while the page loaded and axe ran on it, at both widths and in both schemes."""
    requests = visits.requested(path)
    here = urlsplit(server).netloc
    elsewhere = sorted({u for u in requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != here})
    assert requests, "the page made no request at all"
    assert not elsewhere, f"{path} asked for things from elsewhere:\n" + "\n".join(f"  {u}" for u in elsewhere)


def test_the_font_is_our_own(open_page):
    """Atkinson Hyperlegible, from assets/standards/fonts/, is the font the text is drawn in."""
    requests: list[str] = []
    page = open_page("/", on_request=lambda request: requests.append(request.url))
    family = page.evaluate("getComputedStyle(document.querySelector('.md-content .md-typeset')).fontFamily")
    assert family.startswith('"Atkinson Hyperlegible"'), family
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Atkinson Hyperlegible" in f for f in loaded), loaded
    fonts = [u for u in requests if u.endswith(".woff2")]
    assert fonts and all(urlsplit(u).path.startswith("/assets/standards/fonts/") for u in fonts), fonts


def test_plain_english_pages_load_only_the_small_core_faces(open_page):
    """theme.css: the core faces (ASCII, £, quotes, dashes) cover the example's pages; the full Latin
    face is fetched only when a page has another character, and then draws it in the same font."""
    requests: list[str] = []
    page = open_page("/areas/complaints/", on_request=lambda request: requests.append(request.url))
    fonts = [urlsplit(u).path.rsplit("/", 1)[-1] for u in requests if u.endswith(".woff2")]
    assert fonts and all("-core-" in f for f in fonts), fonts
    page.evaluate("""() => { const p = document.createElement('p'); p.textContent = 'Café Noël';
                             document.querySelector('.md-content .md-typeset').append(p); }""")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_timeout(300)
    later = [urlsplit(u).path.rsplit("/", 1)[-1] for u in requests if u.endswith(".woff2")]
    assert "atkinson-hyperlegible-latin-400-normal.woff2" in later, later
