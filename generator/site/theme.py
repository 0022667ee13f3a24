"""Fixes to the HTML that Material for MkDocs writes, applied to every page.

Plain string functions (no mkdocs import), so they can be tested alone and
moved with the core if the site engine changes.  Each fix is small, leaves a
page that lacks what it looks for unchanged, and can be applied twice.  The
browser tests (tests/browser/) check the result with axe and the Nu HTML
Checker; tests/test_theme.py checks each fix alone.
"""

from __future__ import annotations

import re

MAIN_CONTENT_ID = "_main-content"  # with an underscore, which no item or area id has: never a duplicate id
DEFAULT_SKIP_TEXT = "Skip to main content"
DEFAULT_SEARCH_NAME = "Search"

_INPUT_RE = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
_TYPE_RE = re.compile(r"""\stype\s*=\s*["']?(checkbox|radio)\b""", re.IGNORECASE)
_AUTOCOMPLETE_RE = re.compile(r"""\s+autocomplete\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
_SEARCH_DIALOG_RE = re.compile(r'<div\b(?=[^>]*\bdata-md-component="search")(?=[^>]*\brole="dialog")[^>]*>')
_SEARCH_INPUT_LABEL_RE = re.compile(r'<input\b(?=[^>]*\bdata-md-component="search-query")[^>]*\baria-label="([^"]*)"')
_SKIP_RE = re.compile(r'(<div data-md-component="skip">)(.*?)(</div>)', re.DOTALL)
_SKIP_LINK_RE = re.compile(r'<a\s+href="[^"]*"(\s+class="md-skip")')
_CONTENT_RE = re.compile(r'<div class="md-content" data-md-component="content"(?=[\s>])')
_LABEL_FOR_RE = re.compile(r'(<label\b[^>]*?)\s+for="([^"]*)"([^>]*>)')


def patch_html(html: str, context: dict) -> str:
    """Apply every fix; ``context`` is the site's theme context (lang, …)."""
    lang = context.get("lang", "en-GB")
    html = re.sub(r'<html lang="[^"]*"', f'<html lang="{lang}"', html, count=1)
    html = drop_autocomplete_on_toggles(html)
    html = name_search_dialog(html)
    html = skip_to_main_content(html)
    html = drop_dangling_label_for(html)
    return html


def drop_autocomplete_on_toggles(html: str) -> str:
    """Remove ``autocomplete`` from checkboxes and radio buttons.

    Material writes ``autocomplete="off"`` on its hidden drawer and search
    toggles so that Firefox does not bring back an open menu on reload, but
    HTML allows the attribute only on text-like inputs (the Nu HTML Checker's
    error).  Material's script closes the drawer and search when a page loads.
    """

    def fix(match: re.Match) -> str:
        tag = match.group(0)
        if not _TYPE_RE.search(tag):
            return tag
        return _AUTOCOMPLETE_RE.sub("", tag)

    return _INPUT_RE.sub(fix, html)


def name_search_dialog(html: str) -> str:
    """Give Material's search ``role="dialog"`` an accessible name (axe: aria-dialog-name).

    The name is the one Material gives the search box, so it follows the
    site's language; "Search" when there is none.
    """
    match = _SEARCH_DIALOG_RE.search(html)
    if match is None or "aria-label=" in match.group(0) or "aria-labelledby=" in match.group(0):
        return html
    label = _SEARCH_INPUT_LABEL_RE.search(html)
    name = label.group(1) if label else DEFAULT_SEARCH_NAME
    tag = match.group(0)[:-1] + f' aria-label="{name}">'
    return html[: match.start()] + tag + html[match.end() :]


def skip_to_main_content(html: str) -> str:
    """Point the skip link at the content, focusably, on every page.

    Material links "Skip to content" to the page's first heading, which cannot
    take focus (so the next Tab starts again from the top in some browsers),
    and writes no link at all on a page without headings.  The link now goes
    to ``#_main-content``: the content column, given ``tabindex="-1"`` so that
    following the link moves keyboard focus there, past the navigation.
    """
    content = _CONTENT_RE.search(html)
    skip = _SKIP_RE.search(html)
    if content is None or skip is None:
        return html
    if f'id="{MAIN_CONTENT_ID}"' not in html:
        html = (
            html[: content.end()]
            + f' id="{MAIN_CONTENT_ID}" tabindex="-1"'
            + html[content.end() :]
        )
        skip = _SKIP_RE.search(html)
        assert skip is not None
    inner = skip.group(2)
    if _SKIP_LINK_RE.search(inner):
        inner = _SKIP_LINK_RE.sub(rf'<a href="#{MAIN_CONTENT_ID}"\1', inner, count=1)
    elif 'class="md-skip"' not in inner:
        inner = f'\n      <a href="#{MAIN_CONTENT_ID}" class="md-skip">{DEFAULT_SKIP_TEXT}</a>\n    '
    return html[: skip.start(2)] + inner + html[skip.end(2) :]



def drop_dangling_label_for(html: str) -> str:
    """Remove ``for`` from a ``<label>`` whose control is not on the page.

    Material's table of contents is titled by ``<label for="__toc">``, the
    checkbox that opens it on a phone; on a section's index page
    (navigation.indexes) Material leaves that checkbox out, and a ``for`` must
    name a control that exists (the Nu HTML Checker's error).  Without it the
    label is just the title.
    """
    if "<label" not in html:
        return html

    def fix(match: re.Match) -> str:
        # a page has a handful of labels and thousands of ids: look for each label's control alone
        return match.group(0) if f' id="{match.group(2)}"' in html else match.group(1) + match.group(3)

    return _LABEL_FOR_RE.sub(fix, html)
