"""The `check` output: text for people, and FORMAT.md's JSON document."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from generator.assess.rules import STATUSES, Assessment
from generator.assess.tsm import TsmRow, tsm_rows, tsm_years
from generator.model import json_number
from generator.pipeline import Outcome
from generator.problems import Problem, Problems
from generator.registry.tsm import catalogue_for
from generator.source.files import MAX_BYTES
from generator.source.yaml import decode

# -- JSON ---------------------------------------------------------------------


# Each code's section in the guide.  The guide is published nowhere but in the tool's repository,
# so the address is a path there; the anchor is the section heading's (the code itself).
ERRORS_GUIDE = "guide/errors.md"


def problem_url(code: str) -> str:
    """Where the guide explains ``code``: 'guide/errors.md#unknown-key'."""
    return f"{ERRORS_GUIDE}#{code}"


def problem_json(problem: Problem) -> dict:
    record = {
        "file": problem.location.file,
        "line": problem.location.line,
        "column": problem.location.column,
        "message": problem.sentence,
        "code": problem.code,
        "severity": problem.severity,
        "url": problem_url(problem.code),
    }
    if problem.location.cell is not None:
        record["cell"] = problem.location.cell  # a spreadsheet's: 'Q1!C14'
    for key in ("expected", "found", "hint"):
        value = getattr(problem, key)
        if value:
            record[key] = value
    return record


def row_json(row: Assessment) -> dict:
    result = row.result
    record = {
        "id": row.item.id,
        "kind": row.item.kind,
        "area": row.item.area,
        "period": row.period.label,
        "value": json_number(row.value) if row.value is not None else None,
        "unit": row.item.unit,
        "target": row.target.as_json() if row.target else None,
        "status": row.status,
        "previous_period": row.previous_period.label if row.previous_period else None,
        "previous_value": json_number(row.previous_value) if row.previous_value is not None else None,
        "trend": row.trend,
        "draft": row.period_file.draft,
        "margin_of_error": json_number(row.margin_of_error) if row.margin_of_error is not None else None,
        "significant_change": row.significant_change,
    }
    if result is not None:
        for key in ("count", "of", "homes", "responses", "population", "missing", "note", "action"):
            value = getattr(result, key)
            if value is not None:
                record[key] = value
    link = row.item.tsm
    # the Tenant Satisfaction Measure this standard or figure is: only its yearly result in a TSM year
    # is that measure's figure (a quarter's, or a year's before 2023-24, is the landlord's own)
    if link is not None and row.period.kind == "year" and catalogue_for(row.period) is not None:
        record["tsm"] = {"code": link.code, "part": link.part, "tenure": link.tenure}
    return record


def tsm_json(row: TsmRow) -> dict:
    """One of the regulator's columns for a tenure in a year (`tsm` in the JSON document)."""
    record: dict = {
        "period": row.period.label,
        "column": row.column.name,
        "code": row.measure.code,
        "part": row.part.number if row.part else None,
        "tenure": row.tenure,
        "value": json_number(row.value) if row.value is not None else None,
        "unit": row.measure.unit,
        "previous_value": json_number(row.previous_value) if row.previous_value is not None else None,
        "margin_of_error": json_number(row.margin) if row.margin is not None else None,
        "source": row.result.source if row.result else None,
    }
    result = row.result.result if row.result else None
    for key in ("count", "of", "homes", "responses", "population", "missing", "note"):
        value = getattr(result, key) if result is not None else None
        if value is not None:
            record[key] = value
    if row.result is None:
        record["missing"] = row.missing
    return record


def json_document(outcome: Outcome) -> dict:
    document = {
        "organisation": outcome.organisation,
        "errors": [problem_json(p) for p in outcome.errors],
        "warnings": [problem_json(p) for p in outcome.warnings],
        "results": [row_json(r) for r in outcome.rows],
    }
    project = outcome.project
    if project is not None and project.settings.tsm is not None:  # only with TSMs on: v1's document is unchanged
        document["tsm"] = [tsm_json(row) for year in tsm_years(project) for row in tsm_rows(project, year.period)]
    return document


def to_json(outcome: Outcome) -> str:
    return json.dumps(json_document(outcome), indent=2, ensure_ascii=False) + "\n"


# -- text -----------------------------------------------------------------------


class SourceLines:
    """The lines of the files problems point at, read once, for the caret display."""

    def __init__(self, root: Path):
        self.root = root
        self.cache: dict[str, list[str]] = {}

    def line(self, file: str, number: int) -> str | None:
        if file not in self.cache:
            self.cache[file] = self._read(file)
        lines = self.cache[file]
        return lines[number - 1] if 0 < number <= len(lines) else None

    def _read(self, file: str) -> list[str]:
        try:
            path = self.root / file
            # Only ordinary files inside the project: a link to /etc/passwd is refused
            # as data, and its lines must not be shown either.
            if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_BYTES:
                return []
            if self.root.resolve() not in path.resolve().parents:
                return []
            text = decode(path.read_bytes(), file, Problems())
        except OSError:
            return []
        return text.splitlines() if text else []


def format_problem(problem: Problem, sources: SourceLines) -> str:
    loc = problem.location
    out = [f"{loc}: {problem.severity}: {problem.message}"]
    source = sources.line(loc.file, loc.line) if loc.cell is None else None  # a spreadsheet has no lines to show
    if source is not None and source.strip() and len(source) < 300:
        gutter = f"{loc.line:>5}"
        shown = source.replace("\t", " ")
        out.append(f"{gutter} | {shown}")
        width = max(1, min(loc.length, len(shown) - loc.column + 1))
        out.append(f"{' ' * len(gutter)} | {' ' * (loc.column - 1)}{'^' * width}")
    if problem.found and problem.found not in problem.message:
        out.append(f"  Found: {problem.found}.")
    if problem.expected:
        out.append(f"  Expected {problem.expected}.")
    if problem.hint:
        out.append(f"  {problem.hint}")
    return "\n".join(out)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def to_text(outcome: Outcome, strict: bool = False, action: str = "") -> str:
    sources = SourceLines(outcome.root)
    blocks = [format_problem(p, sources) for p in outcome.errors + outcome.warnings]
    errors, warnings = outcome.errors, outcome.warnings
    if errors:
        files = len({p.location.file for p in errors})
        summary = f"Found {_plural(len(errors), 'error')} in {_plural(files, 'file')}"
        if warnings:
            summary += f" and {_plural(len(warnings), 'warning')}"
        summary += "." + (f" {action}" if action else "")
    else:
        summary = _summary(outcome)
        if warnings:
            summary += f"\n{_plural(len(warnings), 'warning')}" + (
                " (--strict: treated as errors)." if strict else ".")
    return "\n\n".join(blocks + [summary]) + "\n"


def _summary(outcome: Outcome) -> str:
    project = outcome.project
    if project is None:
        return "No errors."
    items = project.items
    standards = sum(1 for i in items if i.kind == "standard")
    counts = Counter(r.status for r in outcome.rows if r.status)
    status_words = ", ".join(f"{counts.get(s, 0)} {s}" for s in STATUSES)
    return (
        f"No errors in {_plural(outcome.files_read, 'file')}: {_plural(len(project.areas), 'area')}, "
        f"{_plural(standards, 'standard')}, {_plural(len(items) - standards, 'figure')}, "
        f"{_plural(len(project.periods), 'period')}.\n"
        f"Results checked against their standards: {status_words}."
    )
