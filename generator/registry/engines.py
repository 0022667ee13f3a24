"""The site engines the website can be built with: one registry, read by the command line
(`standards build --engine`), the build, the bundle's engine-specific files, the pins
(constraints.txt) and the tests that check the pins are what is installed and tested.

MkDocs with Material for MkDocs is the default.  Material is in maintenance (only critical and
security fixes) and reaches its end of life on :data:`MATERIAL_END_OF_LIFE`; Zensical, by the same
makers, reads the same mkdocs.yml but never loads MkDocs plugins, so the site is handed to it as
files (generator/site/zensical.py).  It is experimental here until the criteria in the README hold.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

MATERIAL_END_OF_LIFE = datetime.date(2027, 5, 5)  # Material for MkDocs' own announcement


@dataclass(frozen=True)
class Engine:
    name: str  # as typed after --engine
    label: str  # in messages
    distributions: tuple[tuple[str, str], ...]  # (PyPI name, the version tested here): constraints.txt pins these
    install: str  # how a landlord installs it, in words they can paste
    credit: tuple[str, str]  # (name, address) in every page's footer: "Made with …" (mkdocs.yml's extra.generator)
    experimental: bool = False
    # links in our pages' raw HTML: relative to the page's address ("page": the engine leaves them as
    # they are) or to its Markdown file ("source": the engine resolves them as it does Markdown links)
    links: str = "page"
    # engine-specific files under generator/templates/engines/<name>/, served under assets/standards/
    stylesheets: tuple[str, ...] = ()
    scripts: tuple[str, ...] = ()


ENGINES: dict[str, Engine] = {
    e.name: e
    for e in (
        Engine("mkdocs", "MkDocs with Material for MkDocs",
               (("mkdocs", "1.6.1"), ("mkdocs-material", "9.8.2")),
               "pip install housing-standards",
               ("Material for MkDocs", "https://squidfunk.github.io/mkdocs-material/")),
        Engine("zensical", "Zensical", (("zensical", "0.0.73"),),
               "pip install 'housing-standards[zensical]'", ("Zensical", "https://zensical.org/"), experimental=True, links="source",
               stylesheets=("zensical.css",), scripts=("zensical.js",)),
    )
}
DEFAULT_ENGINE = "mkdocs"


def tested_version(engine: Engine, distribution: str) -> str:
    return dict(engine.distributions)[distribution]
