"""The website's pages from the model and its assessments: {path: Markdown} through Jinja2.

No MkDocs here: the plugin hands these to MkDocs as generated files.  Page
bodies are Markdown headings (for the table of contents and search) around
HTML blocks (tables with captions, charts, status badges).  Links inside HTML
blocks are not rewritten by MkDocs, so they are made relative here.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator.assess.rules import Assessment, assess
from generator.model import Item, Project
from generator.present import markup, words
from generator.present.templates import environment
from generator.present.templates import render as render_template
from generator.present.benchmarks import benchmark_note
from generator.present.values import display_value, format_benchmark
from generator.present.views import build_views, falling_short, run_for, status_counts
from generator.registry.colours import DEFAULT_BRAND, lighter_passing, parse_hex, to_hex
from generator.registry.editions import links as newsletter_links
from generator.present.peers import linked_view
from generator.present.tsm import TENURE_SHORT, column_code, tenure_words, tsm_view, tsm_year, tsm_years
from generator.present.tsm import anchor as tsm_anchor
from generator.registry.periods import KINDS
from generator.present import actions as plan_words
from generator.report.opendata import actions_data, linked_peers, open_data, tsm_csv
from generator.site import charts, tables
from generator.site.plan import (  # noqa: F401 - the page paths and the frame, also imported from here
    ACTIONS_DATA,
    BRAND_CSS,
    DRAFTS_ENV,
    KIND_TITLES,
    OPEN_DATA,
    TSM_PAGE,
    Site,
    area_path,
    page_url,
    period_path,
    site_files,
    site_frame,
    site_plan,
    tsm_csv_path,
)

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


@functools.lru_cache(maxsize=65536)  # the same few links from every row of a page
def relative_url(from_path: str, to_path: str, directory_urls: bool = True, from_source: bool = False) -> str:
    """A link from one page to another page (or file), relative, as the browser resolves it.

    ``from_source``: relative to the page's Markdown file instead (areas/repairs.md -> areas/), for an
    engine that resolves links in raw HTML as it does Markdown links (Zensical), which turns them into
    the same links as these without: correct under any sub-path either way."""
    here = page_url(from_path, directory_urls)
    if from_source:
        base = posixpath.dirname(from_path)
    else:
        base = here.rstrip("/") if directory_urls else posixpath.dirname(here)
    target = page_url(to_path, directory_urls)
    relative = posixpath.relpath(target.rstrip("/") or ".", base or ".")
    if target == "" or target.endswith("/"):
        relative = "./" if relative == "." else relative + "/"
    return relative


def md_escape(text: str) -> Markup:
    """Plain text for a Markdown heading or paragraph: no markup, no HTML, abbreviations explained."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(words.explain(" ".join(text.split())))).replace("\\<", "<")
                  .replace("\\>", ">").replace("\\/", "/"))


def _filters(env: jinja2.Environment) -> None:
    env.filters.update(
        md=md_escape,
        markdown=markup.render,
        inline_md=markup.render_inline,
        explain=words.explain,
        badge=words.status_badge,
        value=words.value_words,
        trend=words.trend_words,
        target=lambda row: words.target_words(row.item, row.target),
        tolerance=lambda row: words.tolerance_words(row.item, row.target),
        period_words=lambda pf, basis="period": pf.period.words(basis),
        chart=lambda rows: charts.history_chart(list(reversed(rows))),
        shown=display_value,
        bench=format_benchmark,
        attr=_attribute,
        sentence=lambda text: text[:1].upper() + text[1:] if text else text,  # 'q4' stays 'Q4'
        date_words=plan_words.date_words,
        action_badge=plan_words.action_badge,
        history_lines=plan_words.history_lines,
    )
    # `bench(row, value)`: the older spelling of the `bench` filter, for a landlord's copy of an older period.md.j2
    env.globals.update(count_sentence=words.count_sentence, bench=lambda row, value: format_benchmark(value, row),
                       benchmark_note=benchmark_note,
                       result_rows=tables.result_rows,
                       figure_rows=tables.figure_rows, history_rows=tables.history_rows, grid_rows=tables.grid_rows)


def _attribute(text: object) -> Markup:
    """Text for an attribute value (aria-label): escaped once.  A caption joined with `~` is already
    escaped (Markup); escaping it again would make a screen reader say "amp" in "people's"."""
    plain = text.unescape() if isinstance(text, Markup) else str(text)
    return Markup(html.escape(plain, quote=True))


def build_site(project: Project, root: Path, drafts: bool = False, directory_urls: bool = True,
               rows: list[Assessment] | None = None, newsletters: bool = True) -> Site:
    """Every generated page and data file for the project (drafts only when asked)."""
    site = site_frame(project, drafts)
    for kind, path, content in render_site(project, root, drafts, directory_urls, rows, newsletters):
        (site.pages if kind == "page" else site.data)[path] = content
    return site


def render_site(project: Project, root: Path, drafts: bool = False, directory_urls: bool = True,
                rows: list[Assessment] | None = None, newsletters: bool = True,
                links: str = "page") -> Iterator[tuple[str, str, str]]:
    """("page" or "data", path, content) for each file of the site, one at a time, in `site_plan`'s order:
    the site engine can start on the first page while the others are written.

    ``rows``: the project's assessments when already made (by `check`); used when no draft is
    left out, as leaving one out can change what a later result is compared with.
    ``newsletters``: False when they are not made (a preview): the period pages then say so,
    with no link to a file that is not there.  The files are `plan.PAGES`, read here as by the plan.
    ``links``: "page" (relative to the page's address) or "source" (to its Markdown file: bundle.py)."""
    shown = project.published(drafts)
    if rows is None or len(shown.periods) != len(project.periods):
        rows = assess(shown)
    views = build_views(shown, rows)
    settings = project.settings
    landlord = root / settings.templates if settings.templates else None
    env = environment(landlord)
    _filters(env)
    tsm_shown = any(spec.template == "tsm.md.j2" for spec, _, _ in site_files(project, drafts))
    tsm_files = {tsm_csv_path(p): p for p in tsm_years(shown)}
    newest_tsm = tsm_year(shown)

    @functools.cache  # a TSM may be linked from a standard and a figure: worked out once
    def peers_of(column: str, tenure: str):
        return linked_view(shown, newest_tsm, column, tenure)

    def peers_for(item: Item):
        """Where the TSM ``item`` is linked to stands among other landlords (None: not linked, no dataset)."""
        return peers_of(item.tsm.column, item.tsm.tenure) if item.tsm is not None and tsm_shown else None

    def render(path: str, template: str, title: str | None = None, search_exclude: bool = False,
               **context) -> tuple[str, str, str]:
        def link(to: str) -> str:
            return relative_url(path, to, directory_urls, links == "source")

        def item_link(item: Item) -> str:
            """Where a standard or figure is explained: its heading on its area's page."""
            return f"{link(area_path(shown.area(item.area)))}#{item.id}"

        def tsm_link(item: Item) -> Markup:
            """"Tenant Satisfaction Measure TP02", linking to its row on the TSM page ('' when not linked)."""
            link_ = item.tsm
            if link_ is None or not tsm_shown:
                return Markup("")
            tenure = f", {tenure_words(link_.tenure)}" if link_.tenure != "combined" else ""
            return Markup('<p class="tsm-link"><a href="{}">Tenant Satisfaction Measure {}</a>{}</p>').format(
                f"{link(TSM_PAGE)}#{tsm_anchor(link_.column)}", column_code(link_.column), tenure)

        return "page", path, _front_matter(title, search_exclude) + render_template(
            env, f"pages/{template}", root, project=shown, views=views, settings=settings, link=link, item_link=item_link, area_path=area_path,
            period_path=period_path, kinds=KINDS, kind_titles=KIND_TITLES, drafts=drafts, tsm_link=tsm_link,
            peers_for=peers_for,
            tsm_page=TSM_PAGE if tsm_shown else None,
            status_counts=status_counts, falling_short=falling_short, run_for=run_for,
            plan_path=plan_words.plan_path, plans_page=plan_words.PLANS_PAGE if shown.plans else None,
            serving_rows=lambda item: plan_words.serving_rows(shown, item), statuses=plan_words.STATUSES,
            margin_note=words.MarginNote(), **context,
        )

    @functools.cache  # made when the first of its files is reached: the first page is not kept waiting
    def data() -> dict[str, str]:
        files = open_data(settings.organisation, rows, {a.id: a.name for a in shown.areas}, linked_peers(shown))
        if shown.plans:
            files.update(actions_data(settings.organisation, shown))
        return files

    for spec, item, path in site_files(project, drafts):
        if spec.kind == "data":
            if path in tsm_files:
                yield "data", path, tsm_csv(tsm_files[path], shown)
                continue
            yield "data", path, (_brand_css(settings.brand_colour) + words.status_icon_css()
                                 if path == BRAND_CSS else data()[path])
            continue
        title = spec.title(item) if spec.title else None
        context = _CONTEXT.get(spec.template, _no_context)(item, views, shown, newsletters)
        yield render(path, spec.template, title, spec.search_exclude, **context)


def _no_context(item, views, shown: Project, newsletters: bool) -> dict:
    return {}


def _period_context(period_file, views, shown: Project, newsletters: bool) -> dict:
    # without the newsletters (a preview), the page says where they come from instead of linking to nothing
    return {"period_file": period_file, "newsletters": newsletter_links(period_file.period) if newsletters else None}


# what a template is given besides what every page has (see render above)
_CONTEXT = {
    "area.md.j2": lambda area, views, shown, newsletters: {"area": area, "items": views.area_items(area)},
    "period.md.j2": _period_context,
    "plan.md.j2": lambda plan, views, shown, newsletters: {"plan": plan, "view": plan_words.plan_view(shown, plan)},
    "plans.md.j2": lambda item, views, shown, newsletters: {
        "plan_views": [plan_words.plan_view(shown, plan) for plan in shown.plans]},
    "open-data.md.j2": lambda item, views, shown, newsletters: {
        "data_files": sorted([BRAND_CSS, *OPEN_DATA, *(ACTIONS_DATA if shown.plans else ())]),
        "actions_data": ACTIONS_DATA if shown.plans else (),
        "tsm_files": [(p.period.label, tsm_csv_path(p)) for p in tsm_years(shown)]},
    "tsm.md.j2": lambda item, views, shown, newsletters: {
        "tsm": tsm_view(shown), "tenure_short": TENURE_SHORT, "tenure_words": tenure_words},
    "glossary.md.j2": lambda item, views, shown, newsletters: {
        "abbreviations": words.ABBREVIATIONS,
        "used": words.abbreviations_in([i.title for i in shown.items] + [a.name for a in shown.areas])},
}


def _front_matter(title: str | None, search_exclude: bool = False) -> str:
    """The title of a page named from the data, HTML-escaped: Material prints `page.meta.title` as it is,
    in <title> and in the header, so a landlord's '</title><script>' stays text.  A page left out of
    the search index says so here (Material's `search.exclude`)."""
    lines = [f"title: {json.dumps(html.escape(' '.join(title.split())))}"] if title else []
    if search_exclude:
        lines.append("search:\n  exclude: true")
    return "---\n" + "\n".join(lines) + "\n---\n\n" if lines else ""


def _brand_css(colour: str | None) -> str:
    """The landlord's colour behind the header's white text (checked for 4.5:1 by the options),
    and as the link colour; in the dark scheme links use a lighter tint that passes there too."""
    rgb = parse_hex(colour or DEFAULT_BRAND) or parse_hex(DEFAULT_BRAND)
    base, light = to_hex(rgb), to_hex(lighter_passing(rgb))
    return (
        ":root, [data-md-color-scheme] {\n"
        f"  --md-primary-fg-color: {base};\n"
        f"  --md-primary-fg-color--light: {base};\n"
        f"  --md-primary-fg-color--dark: {base};\n"
        "  --md-primary-bg-color: #ffffff;\n"
        "  --md-primary-bg-color--light: #ffffffcc;\n"
        f"  --md-typeset-a-color: {base};\n"
        "}\n"
        "[data-md-color-scheme=\"slate\"] {\n"
        f"  --md-typeset-a-color: {light};\n"
        f"  --md-accent-fg-color: {light};\n"
        "}\n"
    )
