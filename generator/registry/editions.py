"""The newsletter's editions and the names of their files: one registry, read by the command line,
the newsletter code and the site's "Download this report" links (which never load the newsletter code)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.registry.periods import Period

FOLDER = "newsletters"  # in the built site


@dataclass(frozen=True)
class Edition:
    name: str
    label: str  # the link on the period page
    extension: str
    paged: bool = True  # a PDF
    masthead: bool = True
    large: bool = False
    for_print: bool = False


EDITIONS: dict[str, Edition] = {
    e.name: e
    for e in (
        Edition("screen", "Newsletter to read on screen or print at home (PDF, A4)", "pdf"),
        Edition("insert", "Pages for our magazine, without the masthead (PDF, A4)", "pdf", masthead=False),
        Edition("large-print", "Large print (PDF, A4, 18 point text)", "pdf", large=True),
        Edition("print", "For a print shop (PDF/X, CMYK, 3 mm bleed)", "pdf", for_print=True),
        Edition("text", "Plain text, for braille, audio and translation (UTF-8)", "txt", paged=False),
        Edition("html", "Web page, for people who cannot use PDF", "html", paged=False),
    )
}


def file_name(period: Period, edition: str) -> str:
    """'2024-25-screen.pdf', '2024-25-text.txt', '2024-25.html'."""
    spec = EDITIONS[edition]
    if edition == "html":
        return f"{period.slug}.html"
    return f"{period.slug}-{edition}.{spec.extension}"


def links(period: Period) -> list[tuple[str, str]]:
    """(link text, site path) for each edition, for the period page's "Download this report"."""
    return [(spec.label, f"{FOLDER}/{file_name(period, name)}") for name, spec in EDITIONS.items()]
