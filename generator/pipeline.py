"""The whole check in one call: load -> validate -> assess.  Used by the CLI and the plugin."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.assess.rules import Assessment, assess
from generator.model import Project
from generator.problems import Problem, Problems
from generator.source.files import load_sources
from generator.validate.project import validate


@dataclass
class Outcome:
    root: Path
    problems: Problems
    project: Project | None = None
    rows: list[Assessment] = field(default_factory=list)
    files_read: int = 0
    organisation: str | None = None

    @property
    def errors(self) -> list[Problem]:
        return self.problems.errors

    @property
    def warnings(self) -> list[Problem]:
        return self.problems.warnings


def check_project(config_path: Path) -> Outcome:
    """Read, validate and assess the project whose mkdocs.yml is ``config_path``."""
    problems = Problems()
    sources = load_sources(config_path, problems)
    project = validate(sources, problems)
    outcome = Outcome(root=sources.root, problems=problems, project=project, files_read=sources.files_read)
    if project is not None:
        outcome.rows = assess(project)
        outcome.organisation = project.settings.organisation
    elif sources.plugin is not None and sources.plugin.kind == "mapping":
        organisation = sources.plugin.get("organisation")
        if organisation is not None and organisation.kind == "scalar" and not organisation.is_null:
            outcome.organisation = organisation.text.strip()
    return outcome
