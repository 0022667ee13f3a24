"""Fixes to the HTML that Material for MkDocs writes, applied to every page.

Plain string functions (no mkdocs import), so they can be tested alone and
moved with the core if the site engine changes.  Each fix is small, leaves a
page that lacks what it looks for unchanged, and can be applied twice.  The
browser tests (tests/browser/) check the result with axe and the Nu HTML
Checker; tests/test_theme.py checks each fix alone.

Each fix looks for a pattern in Material's HTML (written against
mkdocs-material 9.x).  If Material changes that HTML, the fix silently finds
nothing, and the page is back to the accessibility error it fixed.  So every
fix has a name and the pages on which it must find its pattern (:data:`FIXES`,
decided from what the build knows, never from the HTML); :class:`Tally`
counts, during a build, which fix found something on which page, and names
the fix and the page that should have had it and did not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

MAIN_CONTENT_ID = "_main-content"  # with an underscore, which no item or area id has: never a duplicate id
DEFAULT_SKIP_TEXT = "Skip to main content"
DEFAULT_SEARCH_NAME = "Search"

_LANG_RE = re.compile(r'<html lang="[^"]*"')
_INPUT_RE = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
_TYPE_RE = re.compile(r"""\stype\s*=\s*["']?(checkbox|radio)\b""", re.IGNORECASE)
_AUTOCOMPLETE_RE = re.compile(r"""\s+autocomplete\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
_SEARCH_DIALOG_RE = re.compile(r'<div\b(?=[^>]*\bdata-md-component="search")(?=[^>]*\brole="dialog")[^>]*>')
_SEARCH_INPUT_LABEL_RE = re.compile(r'<input\b(?=[^>]*\bdata-md-component="search-query")[^>]*\baria-label="([^"]*)"')
_SKIP_RE = re.compile(r'(<div data-md-component="skip">)(.*?)(</div>)', re.DOTALL)
_SKIP_LINK_RE = re.compile(r'<a\s+href="[^"]*"(\s+class="md-skip")')
_CONTENT_RE = re.compile(r'<div class="md-content" data-md-component="content"(?=[\s>])')
_OVERLAY_RE = re.compile(r'(<label class="md-overlay"[^>]*?)\s+aria-hidden="true"([^>]*>)')
_LABEL_FOR_RE = re.compile(r'(<label\b[^>]*?)\s+for="([^"]*)"([^>]*>)')


@dataclass(frozen=True)
class PageFacts:
    """What the build knows about a page, from MkDocs (not from Material's HTML)."""

    material: bool = True  # the theme is Material for MkDocs: with another theme no fix must apply
    search: bool = True  # the search plugin is on: Material writes its search box and dialog
    headings: bool = True  # the page's table of contents has an entry: Material links "Skip to content" to it
    index_with_toc: bool = False  # a section's index page (navigation.indexes) with its own table of contents
    engine: str = "mkdocs"  # the site engine that wrote the page (registry/engines.py)


@dataclass(frozen=True)
class Fix:
    name: str
    when: str  # the pages on which it must find its pattern, in words (for the build's message)
    must_apply: Callable[[PageFacts], bool]


def _always(facts: PageFacts) -> bool:
    return True


def _material_only(rule: Callable[[PageFacts], bool]) -> Callable[[PageFacts], bool]:
    """A fix for HTML only Material for MkDocs writes: Zensical's search is a dialog of its own, its
    skip link goes to the content already, and it writes no dangling label."""
    return lambda facts: facts.engine == "mkdocs" and rule(facts)


# The order patch_html applies them in.  A fix may also find its pattern on other pages
# (a dangling label on a page outside the navigation): "must", not "only".
FIXES: tuple[Fix, ...] = (
    Fix("html-lang", "on every page", _always),
    Fix("toggle-autocomplete", "on every page (Material's drawer and search checkboxes)", _always),
    Fix("search-dialog-name", "on every page while the search plugin is on", lambda f: f.search),
    Fix("search-box-name", "on every page while the search plugin is on", _material_only(lambda f: f.search)),
    Fix("main-content-target", "on every page", _always),
    Fix("skip-link-retarget", "on every page with a heading", _material_only(lambda f: f.headings)),
    Fix("skip-link-added", "on every page without headings (the 404 page among them)",
        _material_only(lambda f: not f.headings)),
    Fix("dangling-label-for", "on a section's index page (navigation.indexes) with a table of contents",
        _material_only(lambda f: f.index_with_toc)),
    Fix("overlay-label-shown", "on every page Zensical writes", lambda f: f.engine == "zensical"),
)
FIX_NAMES = tuple(fix.name for fix in FIXES)


@dataclass
class Tally:
    """Which fix found its pattern on which page, during one build."""

    counts: Counter = field(default_factory=Counter)  # fix name -> pages it applied to
    pages: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)  # (fix name, page) it should have applied to

    def record(self, page: str, facts: PageFacts, found: set[str]) -> None:
        self.pages += 1
        self.counts.update(found)
        self.missed += [(fix.name, page) for fix in FIXES
                        if facts.material and fix.must_apply(facts) and fix.name not in found]

    def summary(self) -> str:
        return f"Material HTML fixes on {self.pages} pages: " + ", ".join(
            f"{name} {self.counts[name]}" for name in FIX_NAMES)

    def failure(self, writer: str = "Material for MkDocs", short: str = "Material") -> str | None:
        """The message that stops the build, or None: the HTML that ``writer`` (the engine's theme, called
        ``short`` for short) wrote is no longer what a fix expects."""
        if not self.missed:
            return None
        when = {fix.name: fix.when for fix in FIXES}
        by_fix: dict[str, list[str]] = {}
        for name, page in self.missed:
            by_fix.setdefault(name, []).append(page)
        lines = []
        for name, pages in by_fix.items():
            shown = ", ".join(pages[:5]) + (f" and {len(pages) - 5} more" if len(pages) > 5 else "")
            lines.append(f"The fix '{name}' to {short}'s HTML found nothing on {shown}; it must apply {when[name]}.")
        return ("\n".join(lines) + f"\n{writer} (a new version, or a template of the site's own "
                "custom_dir) writes HTML the fix does not know, and the page would be back to the accessibility "
                "error the fix is for. Update the fix's pattern in generator/site/theme.py, or the template.")


def patch_html(html: str, context: dict) -> str:
    """Apply every fix; ``context`` is the site's theme context (lang, …)."""
    return patch_page(html, context)[0]


def patch_page(html: str, context: dict) -> tuple[str, set[str]]:
    """Apply every fix; the page, and the names of the fixes that found their pattern."""
    found: set[str] = set()
    html = set_lang(html, context.get("lang", "en-GB"), found)
    html = drop_autocomplete_on_toggles(html, found)
    html = name_search_dialog(html, found)
    html = skip_to_main_content(html, found)
    html = drop_dangling_label_for(html, found)
    html = show_overlay_label(html, found)
    return html, found


def _note(found: set[str] | None, name: str) -> None:
    if found is not None:
        found.add(name)


def set_lang(html: str, lang: str, found: set[str] | None = None) -> str:
    """The page's language is the site's (``lang`` option), not Material's theme language."""
    match = _LANG_RE.search(html)
    if match is None:
        return html
    _note(found, "html-lang")
    return html[: match.start()] + f'<html lang="{lang}"' + html[match.end() :]


def drop_autocomplete_on_toggles(html: str, found: set[str] | None = None) -> str:
    """Remove ``autocomplete`` from checkboxes and radio buttons.

    Material writes ``autocomplete="off"`` on its hidden drawer and search
    toggles so that Firefox does not bring back an open menu on reload, but
    HTML allows the attribute only on text-like inputs (the Nu HTML Checker's
    error).  Material's script closes the drawer and search when a page loads.
    """

    def fix(match: re.Match) -> str:
        tag = match.group(0)
        if not _TYPE_RE.search(tag) or not _AUTOCOMPLETE_RE.search(tag):
            return tag
        _note(found, "toggle-autocomplete")
        return _AUTOCOMPLETE_RE.sub("", tag)

    return _INPUT_RE.sub(fix, html)


def name_search_dialog(html: str, found: set[str] | None = None) -> str:
    """Give Material's search ``role="dialog"`` an accessible name (axe: aria-dialog-name).

    The name is the one Material gives the search box, so it follows the
    site's language; "Search" when there is none.
    """
    match = _SEARCH_DIALOG_RE.search(html)
    label = _SEARCH_INPUT_LABEL_RE.search(html)
    if label is not None:
        _note(found, "search-box-name")  # else a Welsh site's dialog would silently be called "Search"
    if match is None:
        return html
    _note(found, "search-dialog-name")
    if "aria-label=" in match.group(0) or "aria-labelledby=" in match.group(0):
        return html
    name = label.group(1) if label else DEFAULT_SEARCH_NAME
    tag = match.group(0)[:-1] + f' aria-label="{name}">'
    return html[: match.start()] + tag + html[match.end() :]


def skip_to_main_content(html: str, found: set[str] | None = None) -> str:
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
    _note(found, "main-content-target")
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
        _note(found, "skip-link-retarget")
        inner = _SKIP_LINK_RE.sub(rf'<a href="#{MAIN_CONTENT_ID}"\1', inner, count=1)
    elif 'class="md-skip"' not in inner:
        _note(found, "skip-link-added")
        inner = f'\n      <a href="#{MAIN_CONTENT_ID}" class="md-skip">{DEFAULT_SKIP_TEXT}</a>\n    '
    return html[: skip.start(2)] + inner + html[skip.end(2) :]


def drop_dangling_label_for(html: str, found: set[str] | None = None) -> str:
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
        if f' id="{match.group(2)}"' in html:
            return match.group(0)
        _note(found, "dangling-label-for")
        return match.group(1) + match.group(3)

    return _LABEL_FOR_RE.sub(fix, html)


def show_overlay_label(html: str, found: set[str] | None = None) -> str:
    """Remove ``aria-hidden`` from Zensical's ``<label class="md-overlay">``.

    The overlay behind the open menu is a label for the menu's checkbox (a click on it closes the
    menu).  HTML does not allow ``aria-hidden`` on a label (the Nu HTML Checker's error, on every
    page); the label is empty, so a screen reader has nothing to read in it either way.  Material
    for MkDocs writes the same label without the attribute.
    """
    match = _OVERLAY_RE.search(html)
    if match is None:
        return html
    _note(found, "overlay-label-shown")
    return html[: match.start()] + match.group(1) + match.group(2) + html[match.end():]
