"""The one rule for every link the tool writes: on the site, in the newsletters' HTML and in the PDFs.

A link may go to http(s), mailto or tel, or (on the site only) to a page of the site by a
relative address.  Anything else (javascript:, data:, vbscript:, file:, an address starting
with // that leaves the site without saying how) is never written as a link: the text stays,
the link goes.  The check is made the way a browser reads the address: entities resolved,
control characters and spaces dropped, backslashes read as slashes, the scheme in any case.
"""

from __future__ import annotations

import html
import re

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
_IGNORED = re.compile(r"[\x00-\x20\x7f]+")  # what browsers strip or skip in an address
_WEB = re.compile(r"^https?://[^/?#\s\\@]+(?:[/?#]\S*)?$", re.I)
_EMAIL = re.compile(r"^[^@\s<>\"':/\\]+@[^@\s<>\"':/\\]+\.[^@\s<>\"':/\\]+$")
_DIAL = re.compile(r"^\+?[0-9]{3,}$")


def as_browser_reads(href: str) -> str:
    """The address as a browser acts on it: '&#106;ava\tscript:' is 'javascript:'."""
    return _IGNORED.sub("", html.unescape(href)).replace("\\", "/")


def safe_href(href: str, relative: bool = True) -> bool:
    """Whether ``href`` may be written as a link.

    ``relative``: whether an address with no scheme (a page of the site, '#top') is allowed;
    not in a PDF, where it would become a file: address on the computer that made it.
    """
    cleaned = as_browser_reads(href)
    scheme = _SCHEME.match(cleaned)
    if scheme:
        return scheme.group(1).lower() in ALLOWED_SCHEMES
    if cleaned.startswith("//"):  # another host, by whatever scheme the page has (file: in a PDF)
        return False
    # no scheme, but a colon before the path ends: a browser may still read a scheme in it
    head = re.split(r"[/?#]", cleaned, maxsplit=1)[0]
    return relative and ":" not in head


def web_problem(text: str) -> str | None:
    """Why ``text`` cannot be the landlord's website link, or None if it can."""
    if _WEB.match(text) and safe_href(text, relative=False) and as_browser_reads(text) == text:
        return None
    scheme = _SCHEME.match(as_browser_reads(text))
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        return f"it starts with '{scheme.group(1)}:', which is not a web address"
    return "it is not a full web address starting with https://"


def email_problem(text: str) -> str | None:
    """Why ``text`` cannot be an email address to write to, or None if it can."""
    return None if _EMAIL.match(text) else "it is not an email address like hello@example.org"


def dial(phone: str) -> str | None:
    """The number to dial for a phone number as written ('0300 000 0000' -> '03000000000'),
    or None when it is not only a number (then it is shown as text, without a link)."""
    number = re.sub(r"[\s().-]", "", phone)
    return number if _DIAL.match(number) else None
