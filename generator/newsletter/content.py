"""A period's newsletter: what it says (content), and that content as HTML for each edition.

No WeasyPrint here (see editions.py) and no MkDocs.  One :class:`Content` is
worked out from the assessments; every edition (screen, insert, large print,
print shop, the HTML page and, through plaintext.py, the text) shows the same
content, so no edition can say something another does not.

Standards we missed or were close on are always listed under "Where we fell
short", whether the editor features them or not: a newsletter never hides a miss.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator.assess.peers import Position, benchmark_position
from generator.assess.rules import CLOSE, MET, MISSED, NO_DATA, Assessment, assess
from generator.model import Area, Benchmark, Item, NewsletterSettings, PeriodFile, Project, Settings
from generator.present import markup, words
from generator.present.actions import SaidDid, action_name, date_words, done_line, late_line, said_did
from generator.present.templates import environment
from generator.present.templates import render as render_template
from generator.present.peers import PeerView, headline_views
from generator.present.tsm import TENURE_SHORT, TsmView, tsm_view
from generator.present.values import format_benchmark
from generator.present.views import build_views, falling_short, run_for, status_counts
from generator.registry import links as urls
from generator.registry.colours import DEFAULT_BRAND
from generator.registry.editions import EDITIONS, Edition
from generator.source.files import ours

HEADING = "How we're doing"


# What each status icon looks like, for its text alternative (the word beside it says what it means).
ICON_NAMES = {MET: "tick", CLOSE: "half-filled circle", MISSED: "cross", NO_DATA: "dash", None: "ring"}
STATUS_COLOURS = {MET: "met", CLOSE: "close", MISSED: "missed", NO_DATA: "none", None: "none"}
# Characters of the footer's text that fit beside "Page 10 of 12" at 12 pt (about 2.2 mm each)
FOOTER_CHARACTERS = {"A4": 56, "A5": 34}


@dataclass(frozen=True)
class Options:
    """How an edition is made: the landlord's `newsletter:` settings (:class:`NewsletterSettings`, where
    their defaults are, once) with the command line's overrides, and the printer profile found.
    No defaults of its own: an Options is made only by :meth:`from_settings`."""

    paper: str  # the print-shop edition's paper
    crop_marks: bool
    printer_profile: Path | None  # absolute, where the settings give a path from the project folder
    output_condition: str
    start_page: int  # the insert's first page number (`insert_start_page`, `--start-page`)
    epoch: int | None  # SOURCE_DATE_EPOCH, when the user set it: the PDFs' date, not the figures'

    @classmethod
    def from_settings(cls, settings: Settings, root: Path, **overrides) -> "Options":
        chosen: NewsletterSettings = settings.newsletter
        values = dict(paper=chosen.paper, crop_marks=chosen.crop_marks,
                      printer_profile=(root / chosen.printer_profile).resolve() if chosen.printer_profile else None,
                      output_condition=chosen.output_condition, start_page=chosen.insert_start_page, epoch=None)
        values.update({k: v for k, v in overrides.items() if v is not None})
        if values["printer_profile"] is not None:
            values["printer_profile"] = Path(values["printer_profile"]).resolve()
        return cls(**values)


@dataclass(frozen=True)
class AreaSection:
    area: Area
    commentary: str | None
    standards: tuple[Assessment, ...]
    figures: tuple[Assessment, ...]


@dataclass(frozen=True)
class ShortRow:
    row: Assessment
    run: str | None  # "missed for the third year running"


@dataclass(frozen=True)
class BenchmarkRow:
    row: Assessment
    benchmark: Benchmark
    position: Position | None = None  # where our result stands among the landlords in the benchmark


@dataclass(frozen=True)
class BenchmarkTable:
    """One group of landlords compared with: its name (None for v1's single form), source and rows."""

    name: str | None
    source: str | None
    rows: tuple[BenchmarkRow, ...]


@dataclass(frozen=True)
class Content:
    settings: Settings
    period_file: PeriodFile
    period_words: str  # "April 2024 to March 2025"
    date: dt.date  # published, else the period's end
    headline: str | None
    introduction: str | None
    counts: dict  # status -> number, every standard with a target in the period
    short: tuple[ShortRow, ...]  # missed, then close: always all of them
    areas: tuple[AreaSection, ...]
    benchmarks: tuple[BenchmarkTable, ...]  # groups with at least one row, in the order written
    remedies: tuple[tuple[Item, str], ...]  # if_we_miss of the standards shown
    featured: tuple[str, ...]  # ids of the standards and figures in the area sections, in order
    left_out: frozenset[str] = frozenset()  # ids cut to fit the page budget (see budget.py)
    # the year's Tenant Satisfaction Measures (a financial year with TSM results, TSMs switched on);
    # never cut to fit: every TSM is published, so a newsletter too long with them names what else to cut
    tsm: TsmView | None = None
    # "How we compare": the headline TSMs against the regulator's dataset (`tsm: peers:`), each tenure;
    # like the TSMs, never cut to fit
    peers: tuple[PeerView, ...] = ()
    # "You said, we did": the plans' actions done in the period, then those late (None: no plans);
    # never cut to fit either: a newsletter does not leave out what is late
    said_did: SaidDid | None = None

    tenure_short = TENURE_SHORT

    @property
    def period(self):
        return self.period_file.period

    @property
    def peer_source(self):
        """The dataset the "How we compare" rows come from (present.peers.PeerSource), or None."""
        return self.peers[0].source if self.peers else None

    @property
    def draft(self) -> bool:
        return self.period_file.draft

    @property
    def title(self) -> str:
        return f"{HEADING}: {self.period_words}"

    @property
    def count_sentence(self) -> str:
        return words.count_sentence(self.counts)

    @property
    def date_words(self) -> str:
        return f"{self.date.day} {self.date.strftime('%B %Y')}"

    def footer(self, paper: str) -> str:
        """The running footer beside "Page N of M": the longest of these that fits on one line
        of the paper's width at the small size, so the page number never wraps."""
        org, label = self.settings.organisation, self.period.label
        budget = FOOTER_CHARACTERS.get(paper, FOOTER_CHARACTERS["A4"])
        for text in (f"{org} · {HEADING} · {label}", f"{org} · {label}", f"{HEADING} · {label}"):
            if len(text) <= budget:
                return text
        return label

    @property
    def contact(self) -> dict[str, str]:
        return {k: v for k, v in vars(self.settings.contact).items() if v}

    @property
    def contact_links(self) -> dict[str, str]:
        """The contact details that make safe links, as their links (see :mod:`generator.validate.links`)."""
        return markup.contact_links(self.settings.contact)

    @property
    def other_formats(self) -> str:
        """The line offering the newsletter in other formats, with how to ask."""
        contact = self.settings.contact
        ways = [f"{verb} {value}" for verb, value in (
            ("call", contact.phone), ("email", contact.email), ("write to us at", contact.address),
            ("visit", contact.web)) if value]
        # with no contact details (check warns: no-contact), the same way as the "Contact us" box
        how = (", ".join(ways[:-1]) + " or " + ways[-1] if len(ways) > 1 else ways[0]) if ways \
            else "ask your housing officer, or at any of our offices"
        return ("You can have this newsletter in large print, audio, braille or another language. "
                f"To ask for a copy, {how}.")


def note_words(text: str | None) -> str:
    """A note as it goes in brackets after a figure: without its closing full stop, which
    would print as "(… tenants.)"; an ellipsis is kept."""
    text = (text or "").strip()
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text


def content(project: Project, period_file: PeriodFile, left_out: frozenset[str] = frozenset()) -> Content:
    """What the newsletter for ``period_file`` says; ``left_out`` ids are not featured."""
    shown, views = _views(project, period_file.draft)
    rows = views.rows_in(period_file)
    plan = period_file.newsletter
    wanted = plan.feature if plan is not None and plan.feature is not None else None
    short = falling_short(views, period_file)["short"]
    featured: list[str] = []
    areas = []
    for area in shown.areas:
        area_rows = [r for r in rows if r.item.area == area.id]
        chosen = [r for r in area_rows if (wanted is None or r.item.id in wanted) and r.item.id not in left_out]
        standards = tuple(r for r in chosen if r.item.kind == "standard")
        figures = tuple(r for r in chosen if r.item.kind == "figure")
        commentary = period_file.commentary.get(area.id)
        if standards or figures or commentary:
            areas.append(AreaSection(area, commentary, standards, figures))
            featured.extend(r.item.id for r in standards + figures)
    shown_ids = set(featured) | {r.item.id for r in short}
    remedies = tuple((r.item, r.item.if_we_miss) for r in rows
                     if r.item.id in shown_ids and r.item.if_we_miss and r.item.kind == "standard")
    tables = (BenchmarkTable(group.name, group.source, tuple(
        BenchmarkRow(row, bench, benchmark_position(row.item, row.value, bench))
        for item_id, bench in group.values.items()
        if (row := views.row(item_id, period_file)) is not None)) for group in period_file.benchmark_groups)
    benchmarks = tuple(table for table in tables if table.rows)
    return Content(
        settings=project.settings, period_file=period_file, period_words=period_file.period.words(),
        date=period_file.date, headline=plan.headline if plan else None,
        introduction=plan.introduction if plan else None, counts=dict(status_counts(rows)),
        short=tuple(ShortRow(r, run_for(views, r)) for r in short), areas=tuple(areas),
        benchmarks=benchmarks, remedies=remedies, featured=tuple(featured), left_out=left_out,
        tsm=tsm_view(shown, period_file) if period_file.period.kind == "year" else None,
        peers=headline_views(shown, period_file) if period_file.period.kind == "year" else (),
        said_did=said_did(shown, period_file),
    )


_VIEWS: list = []  # [(project, draft, shown, views)]: the last project's, as every period needs them


def _views(project: Project, draft: bool):
    """The project a period's newsletter may show (drafts only in a draft's), and its views.

    Worked out once for all the periods of one project (a Project is immutable)."""
    for known, known_draft, shown, views in _VIEWS:
        if known is project and known_draft == draft:
            return shown, views
    shown = project if draft else project.published()
    views = build_views(shown, assess(shown))
    _VIEWS[:] = [entry for entry in _VIEWS if entry[0] is project][-1:] + [(project, draft, shown, views)]
    return shown, views


# -- file names ------------------------------------------------------------------------


# -- HTML ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Look:
    """Everything about an edition's appearance that is not in the template."""

    edition: Edition
    palette: dict[str, str]  # CSS colour values by role
    paper: str = "A4"
    bleed: bool = False
    start_page: int = 1
    blank_pages: int = 0
    logo: str | None = None  # a URL (file: or data:) for the logo
    fonts: str = ""  # URL of the fonts folder, ending in /
    for_site: bool = False
    sizes: dict[str, float] = field(default_factory=dict)
    epoch: int | None = None  # Options.epoch


SCREEN_PALETTE = {
    "ink": "#1a1a1a", "paper": "#ffffff", "met": "#1b6e2f", "close": "#7a4f00", "missed": "#b3261e",
    "none": "#545454", "panel": "#eef1f4", "rule": "#6b6b6b", "draft": "#d9d9d9", "on-brand": "#ffffff",
}
SIZES = {"body": 12, "small": 12, "h1": 26, "h2": 18, "h3": 14, "glance": 22, "icon": 13, "leading": 1.4}
LARGE_SIZES = {"body": 18, "small": 16, "h1": 32, "h2": 26, "h3": 21, "glance": 28, "icon": 18, "leading": 1.5}


def screen_palette(settings: Settings) -> dict[str, str]:
    return {**SCREEN_PALETTE, "brand": settings.brand_colour or DEFAULT_BRAND}


def look(edition: str, settings: Settings, root: Path, options: Options, palette: dict[str, str] | None = None,
         logo: str | None = None, blank_pages: int = 0, for_site: bool = False) -> Look:
    spec = EDITIONS[edition]
    for_site = for_site or not spec.paged  # the web page links to the site's own font and logo
    fonts = "../assets/standards/fonts/" if for_site else (ours() / "assets" / "fonts").as_uri() + "/"
    if logo is None and settings.logo and not for_site:
        logo = (root / settings.logo).resolve().as_uri()
    elif logo is None and settings.logo:
        logo = f"../assets/standards/landlord-logo{Path(settings.logo).suffix}"
    return Look(
        edition=spec, palette=palette or screen_palette(settings),
        paper=options.paper if spec.for_print else "A4", bleed=spec.for_print,
        start_page=options.start_page if edition == "insert" else 1, blank_pages=blank_pages,
        logo=logo, fonts=fonts, for_site=for_site, sizes=LARGE_SIZES if spec.large else SIZES,
        epoch=options.epoch,
    )


def _filters(env: jinja2.Environment, palette: dict[str, str], sizes: dict[str, float], links_allowed: bool,
             paged: bool) -> None:
    def icon(status: str | None) -> Markup:
        colour = palette[STATUS_COLOURS[status]]
        size = sizes["icon"]
        name = html.escape(ICON_NAMES[status])
        path = f'<path fill="{colour}" d="{words.STATUS_WORDS[status].icon}"/>'
        if paged:
            # in a PDF, an image: WeasyPrint reads each of the five icons once a document,
            # where an inline <svg> is three more elements to style and lay out every time
            svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">{path}</svg>'
            data = base64.b64encode(svg.encode()).decode()
            return Markup(f'<img class="icon" src="data:image/svg+xml;base64,{data}" alt="{name}">')
        return Markup(
            f'<svg class="icon" viewBox="0 0 24 24" width="{size}pt" height="{size}pt" role="img">'
            f"<title>{name}</title>{path}</svg>")

    def badge(status: str | None) -> Markup:
        css = STATUS_COLOURS[status]
        return Markup(f'<span class="status status--{css}">{icon(status)} '
                      f'<span class="status-word">{words.STATUS_WORDS[status].word}</span></span>')

    def md(text: str | None, demote: int = 2) -> Markup:
        rendered = markup.render(text, demote)
        if not links_allowed:  # a print-shop PDF carries no links: the address is in the text
            rendered = Markup(_unlink(str(rendered)))
        elif paged:  # in a PDF a page of the site would be a file: address on this computer
            rendered = Markup(_unlink(str(rendered), keep=_pdf_link))
        return rendered

    env.filters.update(
        icon=icon, badge=badge, markdown=md, value=words.value_words, trend=words.trend_words,
        target=lambda row: words.target_words(row.item, row.target),
        bench=format_benchmark,
        status_word=lambda status: words.STATUS_WORDS[status].word, note=note_words,
        action_name=action_name, done_line=done_line, late_line=late_line, date_words=date_words,
        b64=lambda text: base64.b64encode(str(text).encode()).decode(),
        css_string=lambda text: '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"',
    )
    env.globals.update(glance_chart=lambda counts, sentence: glance_chart(counts, sentence, palette))


def _unlink(text: str, keep=lambda href: False) -> str:
    """The links' text without the links, except those ``keep`` says yes to (given the href)."""
    def one(match: re.Match) -> str:
        href = re.search(r'\bhref="([^"]*)"', match.group(1))
        return match.group(0) if href and keep(html.unescape(href.group(1))) else match.group(2)

    return re.sub(r"<a\b([^>]*)>(.*?)</a>", one, text, flags=re.S)


def _pdf_link(href: str) -> bool:
    """A link a PDF may carry: http(s), mailto or tel, or a place in the same document."""
    return href.startswith("#") or urls.safe_href(href, relative=False)


def glance_chart(counts: dict, sentence: str, palette: dict[str, str]) -> Markup:
    """A bar of the standards by status, each part with its icon; its text alternative is the sentence."""
    order = [s for s in (MET, CLOSE, MISSED, NO_DATA) if counts.get(s)]
    total = sum(counts.get(s, 0) for s in order)
    if not total:
        return Markup("")
    width, height, x = 480.0, 36.0, 0.0
    parts = [f'<svg class="glance-chart" viewBox="0 0 {width:.0f} {height:.0f}" role="img">'
             f"<title>{html.escape(sentence)}</title>"]
    for status in order:
        part = width * counts[status] / total
        colour = palette[STATUS_COLOURS[status]]
        parts.append(f'<rect x="{x:.2f}" y="0" width="{part:.2f}" height="{height:.0f}" fill="{colour}" '
                     f'stroke="{palette["paper"]}" stroke-width="2"/>')
        if part >= 30:
            parts.append(f'<g transform="translate({x + part / 2 - 12:.2f} 6)"><path fill="{palette["paper"]}" '
                         f'd="{words.STATUS_WORDS[status].icon}"/></g>')
        x += part
    parts.append("</svg>")
    return Markup("".join(parts))


def render_html(newsletter: Content, look_: Look, project_root: Path | None = None) -> str:
    """The edition's HTML: the landlord's newsletter template wins over ours."""
    settings = newsletter.settings
    landlord = project_root / settings.templates if project_root and settings.templates else None
    env = _environment(str(landlord) if landlord else None)
    _filters(env, look_.palette, look_.sizes, links_allowed=not look_.edition.for_print,
             paged=look_.edition.paged)
    css = render_template(env, "newsletter/newsletter.css.j2", project_root, look=look_, p=look_.palette,
                          s=look_.sizes, content=newsletter, heading=HEADING)
    return render_template(
        env, "newsletter/newsletter.html.j2", project_root, content=newsletter, look=look_, edition=look_.edition,
        css=Markup(css), heading=HEADING, margin_note=words.MarginNote(),
        generator=f"standards (housing-standards) {_version()}",
        created=metadata_date(newsletter, look_.epoch).isoformat(),
    )


@functools.lru_cache(maxsize=4)
def _environment(landlord: str | None) -> jinja2.Environment:
    """One Jinja environment a templates folder, so each template is compiled once a process
    (Jinja still notices a template that changes).  The filters are set again for each edition."""
    return environment(Path(landlord) if landlord else None)


def metadata_date(newsletter: Content, epoch: int | None = None) -> dt.datetime:
    """The date written into a PDF: ``epoch`` (SOURCE_DATE_EPOCH, read by the command) when
    given, else the figures' date, at midnight UTC."""
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
    return dt.datetime.combine(newsletter.date, dt.time(0, 0), dt.timezone.utc)


def _version() -> str:
    from generator import __version__

    return __version__
