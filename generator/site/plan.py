"""What the website is made of, known before any page is written: its files, navigation and theme settings.

Light on purpose: the MkDocs plugin needs this at once, on the busy core, while the pages
themselves are written by `pages.py` (Jinja2 and everything the pages show), on the other.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.model import Area, PeriodFile, Project
from generator.present.actions import PLANS_PAGE, plan_path
from generator.present.markup import contact_links
from generator.present.tsm import tsm_year, tsm_years

BRAND_CSS = "assets/standards/brand.css"
OPEN_DATA = ("data/results.csv", "data/results.json")
ACTIONS_DATA = ("data/actions.csv", "data/actions.json")  # only when the project has action plans
DRAFTS_ENV = "STANDARDS_DRAFTS"  # "1": `standards serve` and `standards build --drafts` show drafts
KIND_TITLES = {"year": "Financial years", "quarter": "Quarters", "calendar": "Calendar years (surveys)"}
# "0": the site without its newsletters and without links to them, as in a preview (`make bench`
# measures the site and the newsletters apart)
NEWSLETTERS_ENV = "STANDARDS_NEWSLETTERS"
NEWSLETTERS_REPORT = "STANDARDS_NEWSLETTERS_REPORT"  # a file: the plugin writes there how many newsletters it made


@dataclass
class Site:
    pages: dict[str, str] = field(default_factory=dict)  # docs-relative path -> Markdown
    data: dict[str, str] = field(default_factory=dict)  # docs-relative path -> file content (open data)
    stylesheets: list[str] = field(default_factory=list)  # under assets/standards/
    theme_context: dict = field(default_factory=dict)  # for the theme overrides (config.extra.standards)
    nav: list = field(default_factory=list)  # MkDocs nav, when the landlord has not written one


def area_path(area: Area) -> str:
    return f"areas/{area.id}.md"


def period_path(period_file: PeriodFile) -> str:
    return f"periods/{period_file.period.slug}.md"


TSM_PAGE = "tsm.md"


def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a page (areas/repairs.md -> areas/repairs/)."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def tsm_csv_path(period_file: PeriodFile) -> str:
    """The open data of a year's Tenant Satisfaction Measures, in the regulator's column names."""
    return f"data/tsm-{period_file.period.slug}.csv"


def site_frame(project: Project, drafts: bool = False) -> Site:
    """What the site engine needs before any page is written: stylesheets, the theme's context
    and the navigation.  Quick; `build_site` adds the pages and data files."""
    shown = project.published(drafts)
    settings = project.settings
    site = Site(stylesheets=["theme.css", "pages.css", "brand.css"], nav=_nav(shown))
    site.theme_context = {
        "organisation": settings.organisation,
        "lang": settings.lang,
        "drafts": drafts and any(p.draft for p in shown.periods),
        "brand_colour": settings.brand_colour,
        "contact": {k: v for k, v in vars(settings.contact).items() if v},
        "contact_links": contact_links(settings.contact),
    }
    web = settings.contact.web
    if web:  # the website as the footer shows it: without https:// and the last / when it is a link
        safe = site.theme_context["contact_links"].get("web")
        site.theme_context["contact_web_text"] = str(web).split("://", 1)[1].rstrip("/") if safe else str(web)
    return site


@dataclass(frozen=True)
class PageSpec:
    """One generated file, or one a period or area: the single list of what the site is made of.

    `site_plan` (the files MkDocs learns first), `_nav` (the navigation) and `pages.render_site`
    (what is written, with which template) all read `PAGES`, so a page cannot be added to one
    and not the others."""

    kind: str  # "page" (Markdown, rendered from ``template``) or "data" (a file made in pages.py)
    path: str | Callable  # the docs-relative path, or a function of the area or period it is for
    template: str | None = None  # under templates/pages/
    each: str | None = None  # None: one file; "area", "period", "plan" or "tsm-year": one for each shown
    title: Callable | None = None  # the page's title, from the area or period (None: the template's heading)
    nav: str | Callable | None = None  # its title in the navigation (None: not in it)
    search_exclude: bool = False  # left out of the search index
    when: Callable[[Project], bool] | None = None  # made only when this says yes (None: always)


def _period_title(period_file: PeriodFile) -> str:
    return f"Results for {period_file.period.label}"


def _period_nav(period_file: PeriodFile) -> str:
    return period_file.period.label + (" (draft)" if period_file.draft else "")


def _plan_title(plan) -> str:
    return f"Our action plan: {plan.title}"


def _has_plans(project: Project) -> bool:
    return bool(project.plans)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("data", BRAND_CSS),
    PageSpec("page", "index.md", "home.md.j2", nav="How we're doing"),
    PageSpec("page", "falling-short.md", "falling-short.md.j2", nav="Where we are falling short"),
    PageSpec("page", "areas/index.md", "areas.md.j2", nav="Service areas"),
    # MkDocs puts nav titles into pages unescaped: the landlord's names are escaped here
    PageSpec("page", area_path, "area.md.j2", each="area", title=lambda area: area.name,
             nav=lambda area: html.escape(area.name)),
    # only when the settings switch TSMs on and a year shown has TSM results
    PageSpec("page", TSM_PAGE, "tsm.md.j2", nav="Tenant Satisfaction Measures",
             when=lambda project: tsm_year(project) is not None),
    # only when the project has action plans (`actions/*.yaml`)
    PageSpec("page", PLANS_PAGE, "plans.md.j2", nav="Our action plans", when=_has_plans),
    PageSpec("page", plan_path, "plan.md.j2", each="plan", title=_plan_title,
             nav=lambda plan: html.escape(plan.title), when=_has_plans),
    PageSpec("page", "periods/index.md", "periods.md.j2", nav="Results by period"),
    PageSpec("page", period_path, "period.md.j2", each="period", title=_period_title, nav=_period_nav),
    # every cell of this page is on an area page too: a search hit there explains the standard
    PageSpec("page", "all-results.md", "all-results.md.j2", nav="All results", search_exclude=True),
    *(PageSpec("data", path) for path in OPEN_DATA),
    PageSpec("data", tsm_csv_path, each="tsm-year"),
    *(PageSpec("data", path, when=_has_plans) for path in ACTIONS_DATA),
    PageSpec("page", "open-data.md", "open-data.md.j2", nav="Open data"),
    PageSpec("page", "words-we-use.md", "glossary.md.j2", nav="Words we use"),
)


def _each(spec: PageSpec, project: Project) -> list:
    """What ``spec`` is made for: [None] for a single file, else the shown areas or periods."""
    if spec.when is not None and not spec.when(project):
        return []
    if spec.each is None:
        return [None]
    if spec.each == "tsm-year":
        return tsm_years(project)
    return list({"area": project.areas, "period": project.periods, "plan": project.plans}[spec.each])


def site_files(project: Project, drafts: bool = False) -> Iterator[tuple[PageSpec, Any, str]]:
    """(spec, area or period or None, path) for every generated file, in the order they are made."""
    shown = project.published(drafts)
    for spec in PAGES:
        for item in _each(spec, shown):
            yield spec, item, spec.path(item) if callable(spec.path) else spec.path


def site_plan(project: Project, drafts: bool = False) -> list[tuple[str, str]]:
    """("page" or "data", path) for every file `render_site` makes, in the order it makes them.
    Quick: the site engine learns the files before any is written (tests check the two agree)."""
    return [(spec.kind, path) for spec, _, path in site_files(project, drafts)]


def _nav_key(spec: PageSpec, item) -> tuple:
    if spec.each == "period":  # by kind of period, the newest first
        return (item.period.sort_key[0], -item.period.start.toordinal())
    return ()


def _nav(project: Project) -> list:
    """A short navigation: area pages by name; periods through their index page.  A page made
    for each area or period goes under the single page before it (its index)."""
    nav: list = []
    for spec in PAGES:
        if spec.nav is None:
            continue
        if spec.each is None:
            if _each(spec, project):
                nav.append({spec.nav: spec.path})
            continue
        items = sorted(_each(spec, project), key=lambda item: _nav_key(spec, item))
        if not items and spec.when is not None:  # left out (no plans): the page before keeps its own entry
            continue
        title, index = next(iter(nav[-1].items()))
        nav[-1] = {title: ([index] if isinstance(index, str) else index) + _entries(spec, items)}
    return nav


def _entries(spec: PageSpec, items: list) -> list:
    """The nav entries of a page made for each area or period.  Periods are grouped by kind (years,
    quarters, surveys) when there is more than one kind: a single list of 2024-25, 2024-25 Q4 and
    2019 reads as one series, and is not."""
    entries = [(item, {spec.nav(item): spec.path(item)}) for item in items]
    if spec.each != "period":
        return [entry for _, entry in entries]
    by_kind: dict[str, list] = {}
    for item, entry in entries:
        by_kind.setdefault(item.period.kind, []).append(entry)
    if len(by_kind) <= 1:
        return [entry for _, entry in entries]
    return [{KIND_TITLES[kind]: group} for kind, group in by_kind.items()]


def clashes(generated: dict[str, str], own: dict[str, str]) -> list[str]:
    """Why a hand-written file in docs/ would be lost under a generated one, one sentence each.

    Both mappings go from the address a file is published at (its path in site/, which MkDocs
    works out: docs/README.md and docs/index.md both become index.html) to the file's path in
    docs/ (``generated``: the path the plugin makes).  Comparing addresses, not file names, also
    catches docs/areas/repairs/index.md beside a generated areas/repairs.md, and a data file
    such as docs/data/results.csv where the open data goes."""
    found = []
    for destination, source in sorted(own.items(), key=lambda pair: pair[1]):
        made = generated.get(destination)
        if made is None:
            continue
        if not made.endswith(".md"):
            found.append(f"docs/{source} is written by hand, but the standards plugin writes {made} from the data, "
                         f"at the same address. Rename or move docs/{source}; the plugin's {made} replaces it.")
        elif made == source:
            found.append(f"docs/{source} is written by hand, but the standards plugin makes a page with the same "
                         f"address from the data. Rename docs/{source}, or remove it to use the generated page.")
        else:
            found.append(f"docs/{source} is written by hand, but MkDocs publishes it at {destination}, where the "
                         f"standards plugin puts its page {made} made from the data. Rename docs/{source} "
                         "(or move it to another folder), or remove it to use the generated page.")
    return found
