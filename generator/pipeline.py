"""The whole check in one call: load -> validate -> assess.  Used by the CLI and the plugin."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from generator.assess.rules import Assessment, assess
from generator.assess.samples import sample_warnings
from generator.assess.tsm import tsm_problems
from generator.model import Project
from generator.problems import Problem, Problems
from generator.registry.periods import Period
from generator.source.files import Sources, load_sources
from generator.source.yaml import parse
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


def check_project(config_path: Path, planned: Mapping[str, str] | None = None, tsm: Period | None = None) -> Outcome:
    """Read, validate and assess the project whose mkdocs.yml is ``config_path``.

    ``planned`` (a performance file, relative to the project -> its text) checks the project as it
    would be with those texts, before they are written (`standards import`).  ``tsm``: a financial
    year whose Tenant Satisfaction Measures must be complete (`check --tsm`): each gap is an error."""
    with _without_cycle_collection():
        return _check(config_path, planned, tsm)


@contextmanager
def _without_cycle_collection():
    """Python's cycle collector paused while the project is read: reading a large landlord's files
    makes some 150,000 objects that live to the end, and the collector walked them all again and
    again as they were made, a fifth of `standards check`.  What is read holds no reference
    cycles to collect; the collector runs as before once the check is done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check(config_path: Path, planned: Mapping[str, str] | None, tsm: Period | None) -> Outcome:
    problems = Problems()
    sources = load_sources(config_path, problems)
    if planned:
        _replace(sources, planned, problems)
    project = validate(sources, problems)
    outcome = Outcome(root=sources.root, problems=problems, project=project, files_read=sources.files_read)
    if project is not None:
        sample_warnings(project, problems)
        problems.extend(tsm_problems(project, sources.plugin_at, tsm))
        outcome.rows = assess(project)
        outcome.organisation = project.settings.organisation
    elif sources.plugin is not None and sources.plugin.kind == "mapping":
        organisation = sources.plugin.get("organisation")
        if organisation is not None and organisation.kind == "scalar" and not organisation.is_null:
            outcome.organisation = organisation.text.strip()
    return outcome


def _replace(sources: Sources, planned: Mapping[str, str], problems: Problems) -> None:
    """The performance files in ``planned`` read from their new texts instead of the disk."""
    problems.items[:] = [p for p in problems.items if p.location.file not in planned]
    kept = [(file, tree) for file, tree in sources.performance if file not in planned]
    new = [(file, parse(text, file, problems)) for file, text in planned.items()]
    sources.performance = sorted(kept + [(f, t) for f, t in new if t is not None], key=lambda pair: pair[0])
    sources.unread_performance = [f for f in sources.unread_performance if f not in planned]
    sources.files_read = 1 + len(sources.standards) + len(sources.performance)  # as load_sources counts
