"""A spreadsheet's table to results for `standards import`: the header row, the layout, the item
each row is for, and each cell's value read by the item's unit."""

from __future__ import annotations

from generator.model import ImportedResult, Project
from generator.problems import Problems
from generator.registry.periods import Period
from generator.source.spreadsheet import Table


def results_from_table(table: Table, project: Project, problems: Problems,
                       period: Period | None = None) -> list[ImportedResult]:
    """The results ``table`` gives, or problems located at its cells."""
    raise NotImplementedError
