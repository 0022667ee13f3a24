"""Fixes to the HTML that Material for MkDocs writes, applied to every page.

Plain string functions (no mkdocs import), so they can be tested alone and
moved with the core if the site engine changes.
"""

from __future__ import annotations

import re


def patch_html(html: str, context: dict) -> str:
    """Apply every fix; ``context`` is the site's theme context (lang, …)."""
    lang = context.get("lang", "en-GB")
    html = re.sub(r'<html lang="[^"]*"', f'<html lang="{lang}"', html, count=1)
    return html
