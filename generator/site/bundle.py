"""The site as one engine-neutral description: what any site engine is handed.

The core makes a :class:`Bundle` from the project: the generated pages (Markdown) and data files
and the order they are written in, the assets (fonts, CSS, the engine's own fixes, the logo), the
navigation, the theme settings the override templates read (footer, DRAFT notice), the theme
override templates themselves, and the names of the HTML fixes (theme.py) to apply to every page
the engine writes.  An adapter hands it to one engine: `plugin.py` to MkDocs (the only module that
imports mkdocs), `zensical.py` to Zensical (as files, since Zensical loads no MkDocs plugins).

The pages' text is not in the bundle: it is written on the other core while the engine starts
(:func:`contents`, run by background.Stream), and an engine reads each page when it reaches it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.model import Project
from generator.present import templates
from generator.registry.engines import DEFAULT_ENGINE, ENGINES
from generator.site.plan import page_url, site_frame, site_plan
from generator.site.theme import FIX_NAMES

ASSETS = "assets/standards"  # where the tool's own assets are served, under the site's root
# what the pages need of Python-Markdown: headings carry stable ids (#calls-answered)
MARKDOWN_EXTENSIONS = ("attr_list",)


@dataclass(frozen=True)
class Bundle:
    engine: str  # a name in registry/engines.py
    files: tuple[tuple[str, str], ...]  # ("page" or "data", docs-relative path), in the order they are written
    assets: tuple[tuple[str, Path], ...]  # (site-relative path, the file to copy there)
    stylesheets: tuple[str, ...]  # site-relative, in the order every page loads them
    scripts: tuple[str, ...]  # site-relative, loaded by every page after the engine's own
    nav: tuple  # the navigation (MkDocs' nav format), used when mkdocs.yml has none
    theme: dict  # what the override templates read as config.extra.standards
    overrides: Path  # the override templates, before the engine's own (after a landlord's custom_dir)
    logo: str | None  # the landlord's logo: its site-relative path (the file is among the assets)
    drafts: bool  # draft periods shown, every page marked DRAFT
    newsletters: bool  # the period pages link to newsletters, which are made after the site
    directory_urls: bool
    fixes: tuple[str, ...] = FIX_NAMES  # theme.py's fixes, applied to every page the engine writes
    markdown_extensions: tuple[str, ...] = MARKDOWN_EXTENSIONS

    @property
    def links(self) -> str:
        """How links in the pages' raw HTML are written for this engine (registry/engines.py)."""
        return ENGINES[self.engine].links

    def published(self) -> list[str]:
        """Every path the bundle puts in the site (docs-relative pages and data, then assets): what a
        landlord's own docs/ file must not take the address of."""
        return [path for _, path in self.files] + [path for path, _ in self.assets]

    def pages(self) -> list[str]:
        return [path for kind, path in self.files if kind == "page"]

    def describe(self) -> dict:
        """The bundle as plain data (for tests, and to see what an engine is handed)."""
        return {"engine": self.engine, "files": [list(f) for f in self.files],
                "assets": [path for path, _ in self.assets], "stylesheets": list(self.stylesheets),
                "scripts": list(self.scripts), "nav": list(self.nav), "theme": self.theme,
                "overrides": str(self.overrides), "logo": self.logo, "drafts": self.drafts,
                "newsletters": self.newsletters, "directory_urls": self.directory_urls, "links": self.links,
                "fixes": list(self.fixes), "markdown_extensions": list(self.markdown_extensions)}


def own_pages(docs_dir: Path) -> list[str]:
    """The landlord's own pages (contact, accessibility statement, …), docs-relative, sorted."""
    return sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")) if docs_dir.is_dir() else []


FOOTER_PAGES = ("contact.md", "accessibility.md")  # linked from every page's footer, in this order
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$|^(\S.*)\n=+\s*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?\n)(?:---|\.\.\.)\s*\n", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def _nav_entries(nav) -> Iterator[tuple[str | None, str]]:
    """(title or None, path) of every page in a navigation (MkDocs' format), depth first."""
    for entry in nav or ():
        if isinstance(entry, str):
            yield None, entry
        elif isinstance(entry, dict):
            for title, value in entry.items():
                if isinstance(value, str):
                    yield title, value
                else:
                    yield from _nav_entries(value)


def page_title(docs_dir: Path, path: str) -> str:
    """A hand-written page's title as the engines make it: its front matter's title, else its first
    top-level heading (inline Markdown left out), else its file name ('contact.md': Contact)."""
    try:
        text = (docs_dir / path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        text = ""
    front = _FRONT_MATTER.match(text)
    if front:
        try:
            meta = yaml.safe_load(front.group(1))
        except yaml.YAMLError:
            meta = None
        if isinstance(meta, dict) and isinstance(meta.get("title"), str):
            return meta["title"]
        text = text[front.end():]
    heading = _HEADING.search(re.sub(r"(?ms)^(```|~~~).*?^\1", "", text))  # not a heading in a code block
    if heading:
        import markdown

        inner = markdown.markdown(heading.group(1) or heading.group(2))
        return html.unescape(_TAG.sub("", inner)).strip()
    stem = Path(path).stem.replace("-", " ").replace("_", " ")
    return stem[:1].upper() + stem[1:]


def footer_links(nav, docs_dir: Path, directory_urls: bool = True) -> list[dict]:
    """The footer's links to the contact page and the accessibility statement, when the navigation
    has them: {"url": the page's address under the site's root, "title": its title}.  Made here, not by the templates,
    so the same footer works under every engine's template language."""
    found = {path: title for title, path in _nav_entries(nav) if path in FOOTER_PAGES}
    return [{"url": page_url(path, directory_urls), "title": found[path] or page_title(docs_dir, path)}
            for path in FOOTER_PAGES if path in found]


def engine_files(engine: str) -> list[tuple[str, Path]]:
    """(path under assets/standards/, file) of an engine's own fixes (templates/engines/<engine>/)."""
    folder = templates.ours() / "engines" / engine
    spec = ENGINES[engine]
    return [(name, folder / name) for name in (*spec.stylesheets, *spec.scripts)]


def make_bundle(project: Project, root: Path, docs_dir: Path, *, drafts: bool, newsletters: bool,
                directory_urls: bool = True, engine: str = DEFAULT_ENGINE, nav: list | None = None) -> Bundle:
    """The bundle for ``project`` (checked, without errors), for one engine.  ``nav``: mkdocs.yml's own
    navigation, if it has one.  Quick: no page is written here."""
    site = site_frame(project, drafts)
    plan = site_plan(project, drafts)
    generated = {path for kind, path in plan if kind == "page"}
    if not nav:  # the generated pages, then the landlord's own (contact, accessibility statement, …)
        nav = site.nav + [p for p in own_pages(docs_dir) if p not in generated]
    name, url = ENGINES[engine].credit
    theme = dict(site.theme_context, footer_links=footer_links(nav, docs_dir, directory_urls),
                 made_with={"name": name, "url": url})
    spec = ENGINES[engine]
    logo = project.settings.logo  # a project path, checked by the options
    logo_path = f"{ASSETS}/landlord-logo{Path(logo).suffix}" if logo else None
    assets = [(logo_path, root / logo)] if logo_path else []
    assets += [(f"{ASSETS}/{relative}", source) for source, relative in templates.asset_files()]
    assets += [(f"{ASSETS}/{name}", source) for name, source in engine_files(engine)]
    return Bundle(
        engine=engine, files=tuple(plan), assets=tuple(assets),
        stylesheets=tuple(f"{ASSETS}/{css}" for css in (*site.stylesheets, *spec.stylesheets)),
        scripts=tuple(f"{ASSETS}/{js}" for js in spec.scripts),
        nav=tuple(nav), theme=theme, overrides=templates.ours() / "overrides", logo=logo_path,
        drafts=drafts, newsletters=newsletters, directory_urls=directory_urls)


def contents(bundle: Bundle, project: Project, root: Path, rows) -> Iterator[tuple[str, str]]:
    """(path, text) of each generated file, in the bundle's order.  The page code (Jinja2, charts,
    Markdown, newsletters' links) is loaded here, in the page writer."""
    from generator.site.pages import render_site

    for _, path, content in render_site(project, root, bundle.drafts, bundle.directory_urls, rows,
                                        bundle.newsletters, links=bundle.links):
        yield path, content
