"""The website's pages from the model and its assessments: {path: Markdown} through Jinja2.

No MkDocs here: the plugin hands these to MkDocs as generated files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .assess import assess
from .model import Project
from .templates import environment


@dataclass
class Site:
    pages: dict[str, str] = field(default_factory=dict)  # docs-relative path -> Markdown
    stylesheets: list[str] = field(default_factory=list)  # under assets/standards/
    theme_context: dict = field(default_factory=dict)  # for the theme overrides (extra.standards)


def build_site(project: Project, root: Path, drafts: bool = False) -> Site:
    shown = project.published(drafts)
    rows = assess(shown)
    env = environment()
    site = Site(stylesheets=["theme.css", "pages.css"])
    site.theme_context = {
        "organisation": project.settings.organisation,
        "lang": "en-GB",
        "drafts": drafts,
    }
    site.pages["index.md"] = env.get_template("pages/home.md.j2").render(project=shown, rows=rows)
    return site
