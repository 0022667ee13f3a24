"""What the website is made of, known before any page is written: its files, navigation and theme settings.

Light on purpose: the MkDocs plugin needs this at once, on the busy core, while the pages
themselves are written by `pages.py` (Jinja2 and everything the pages show), on the other.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from generator.model import Area, PeriodFile, Project
from generator.present.markup import contact_links

BRAND_CSS = "assets/standards/brand.css"
OPEN_DATA = ("data/results.csv", "data/results.json")
DRAFTS_ENV = "STANDARDS_DRAFTS"  # "1": `standards serve` and `standards build --drafts` show drafts
KIND_TITLES = {"year": "Financial years", "quarter": "Quarters", "calendar": "Calendar years (surveys)"}


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
    return site


def site_plan(project: Project, drafts: bool = False) -> list[tuple[str, str]]:
    """("page" or "data", path) for every file `render_site` makes, in the order it makes them.
    Quick: the site engine learns the files before any is written (tests check the two agree)."""
    shown = project.published(drafts)
    return ([("data", BRAND_CSS), ("page", "index.md"), ("page", "falling-short.md"), ("page", "areas/index.md")]
            + [("page", area_path(area)) for area in shown.areas]
            + [("page", "periods/index.md")] + [("page", period_path(p)) for p in shown.periods]
            + [("page", "all-results.md")] + [("data", path) for path in OPEN_DATA]
            + [("page", "open-data.md"), ("page", "words-we-use.md")])


def _nav(project: Project) -> list:
    """A short navigation: area pages by name; periods through their index page."""
    return [
        {"How we're doing": "index.md"},
        {"Where we are falling short": "falling-short.md"},
        # MkDocs puts nav titles into pages unescaped: the landlord's names are escaped here
        {"Service areas": ["areas/index.md"] + [{html.escape(a.name): area_path(a)} for a in project.areas]},
        {"Results by period": ["periods/index.md"] + _period_nav(project)},
        {"All results": "all-results.md"},
        {"Open data": "open-data.md"},
        {"Words we use": "words-we-use.md"},
    ]


def _period_nav(project: Project) -> list:
    """The periods, newest first; grouped by kind (years, quarters, surveys) when there is more than one
    kind, as a single list of 2024-25, 2024-25 Q4 and 2019 reads as one series and is not."""
    by_kind: dict[str, list] = {}
    for p in sorted(project.periods, key=lambda p: (p.period.sort_key[0], -p.period.start.toordinal())):
        by_kind.setdefault(p.period.kind, []).append({p.period.label + (" (draft)" if p.draft else ""):
                                                      period_path(p)})
    if len(by_kind) <= 1:
        return [entry for entries in by_kind.values() for entry in entries]
    return [{KIND_TITLES[kind]: entries} for kind, entries in by_kind.items()]


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
