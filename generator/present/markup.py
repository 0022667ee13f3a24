"""Markdown written by landlord staff, made into safe HTML.

Text fields (summary, promise, commentary, action, if_we_miss) are Markdown.
Raw HTML in them is shown as text, never as markup, and links may only go to
http(s), mailto, tel or a page of the site.  Python-Markdown is what MkDocs
uses, so staff see the same Markdown everywhere.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from generator.model import Contact
from generator.registry import links as urls
from generator.registry.links import dial, email_problem, web_problem


class _Sanitise(Treeprocessor):
    """Drop images and unsafe links; keep the link text."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "img":
                    alt = child.get("alt", "")
                    index = list(parent).index(child)
                    parent.remove(child)
                    if alt:
                        span = etree.Element("span")
                        span.text = alt
                        span.tail = child.tail
                        parent.insert(index, span)
                    elif child.tail:
                        _append_text(parent, index, child.tail)
                elif child.tag == "th" and parent.tag == "tr":
                    # a header cell of the table's head row says what its column is
                    child.set("scope", "col")
                elif child.tag == "a":
                    if not safe_href(child.get("href", "")):
                        child.tag = "span"
                        child.attrib.clear()
                    elif "title" in child.attrib and not child.get("title"):
                        del child.attrib["title"]


def safe_href(href: str, relative: bool = True) -> bool:
    """Only http(s), mailto and tel, or a page of the site: the rule of :mod:`generator.validate.links`."""
    return urls.safe_href(href, relative)


def _append_text(parent: etree.Element, index: int, text: str) -> None:
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text


def _renderer() -> markdown.Markdown:
    # tables: a table in commentary is a table on the web, in the PDF and (as lines) in text
    md = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")
    # Raw HTML is not passed through: it is escaped and shown as text.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_Sanitise(md), "sanitise", 0)
    return md


_MD = _renderer()


def render(text: str | None, demote: int = 0) -> Markup:
    """Markdown to safe HTML; headings in the text are demoted under the page's own."""
    if not text:
        return Markup("")
    _MD.reset()
    html = _MD.convert(text)
    if demote:
        html = re.sub(r"<(/?)h([1-6])\b", lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + demote)}", html)
    return Markup(html)


def render_inline(text: str | None) -> Markup:
    """One paragraph of Markdown without the <p>, for text inside a sentence or a cell."""
    html = str(render(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def contact_links(contact: Contact) -> dict[str, str]:
    """The links for a landlord's contact details, by key (phone, email, web); a detail that
    would not make a safe link has none and is shown as text."""
    links: dict[str, str] = {}
    if contact.phone and (number := dial(contact.phone)):
        links["phone"] = f"tel:{number}"
    if contact.email and email_problem(contact.email) is None:
        links["email"] = f"mailto:{contact.email}"
    if contact.web and web_problem(contact.web) is None:
        links["web"] = contact.web
    return {key: href for key, href in links.items() if safe_href(href, relative=False)}
