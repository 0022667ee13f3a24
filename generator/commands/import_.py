"""`standards import FILE`: results from a spreadsheet (CSV or Excel) into the period files.

In order, stopping at the first step that finds errors, with nothing written: the project is
checked as `standards check` does; the sheet is read, every problem in it reported at its cell;
the change is planned (conflicts with values already in the files listed) and the project checked
again as it would be with the new texts, in memory; then every file is written, or none.  After
writing, the project is checked once more from the disk and the summary says what changed.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import click

from generator.commands.common import config_path, guarded, shown_path, stop_on_sigterm, waiting, writing
from generator.edit import files as edit_files
from generator.edit.imports import Plan, Unreadable, plan_import
from generator.output.publish import project_lock
from generator.pipeline import Outcome, check_project
from generator.problems import Location, Problem, Problems
from generator.registry.periods import parse_period, period_advice
from generator.report.check import SourceLines, format_problem, problem_json, to_text


def run(file: str, config_file: str | None, sheet: str | None, period: str | None, overwrite: bool,
        dry_run: bool, publish: bool, as_json: bool) -> None:
    path = config_path(config_file)
    root = path.parent
    report = _Report(root, as_json, dry_run)
    stop_on_sigterm()
    try:
        # one at a time with builds and other imports, from the first check to the last: what is
        # planned is what is written, over the files as they were read
        with writing(root), (project_lock(root, waiting) if not dry_run else _nothing()):
            _import(path, Path(file), sheet, period, overwrite, dry_run, publish, report)
    except KeyboardInterrupt:
        done = "The files were written before it stopped." if report.written else "Nothing was changed."
        click.echo(f"Stopped before the end. {done}", err=True)
        sys.exit(130)


def _import(path: Path, source: Path, sheet: str | None, period_text: str | None, overwrite: bool,
            dry_run: bool, publish: bool, report: "_Report") -> None:
    from generator.source.spreadsheet import read_table
    from generator.validate.spreadsheet import results_from_table

    root = path.parent
    before = guarded(lambda: check_project(path))
    if before.errors or before.project is None:
        report.failed(before.problems, "Nothing was imported: fix these first (standards check shows them too).",
                      organisation=before.organisation)
    project = before.project
    period = None
    if period_text is not None:
        period = parse_period(period_text, project.settings.year_starts)
        if period is None:
            raise click.BadParameter(f"'{period_text}' is not a period. {period_advice(period_text)}",
                                     param_hint="'--period'")
    problems = Problems()
    display = shown_path(source)
    table = guarded(lambda: read_table(source, display, problems, sheet))
    records = guarded(lambda: results_from_table(table, project, problems, period)) if table is not None else []
    if problems.errors:
        report.failed(problems, f"Nothing was imported from {display}.", organisation=before.organisation)
    plan = _plan(root, project, records, display, overwrite, publish, report)
    planned = guarded(lambda: check_project(path, plan.texts()))
    if planned.errors:
        report.texts = plan.texts()  # the lines those problems are on: not on the disk yet
        report.failed(_at_cells(planned.problems, plan), "Nothing was written.", plan=plan,
                      organisation=before.organisation)
    if dry_run:
        report.done(plan, planned, before, organisation=before.organisation)
    edit_files.write_together([(root / change.file, change.new) for change in plan.to_write], written=report.wrote)
    after = guarded(lambda: check_project(path))
    report.done(plan, after, before, organisation=before.organisation)


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc) -> bool:
        return False


def _plan(root: Path, project, records, display: str, overwrite: bool, publish: bool, report: "_Report") -> Plan:
    try:
        plan = plan_import(root, project, records, display, overwrite=overwrite, publish=publish)
    except Unreadable as exc:  # the check read it, but the result is in a form the import cannot write into
        problems = Problems()
        problems.add("cannot-write", f"Could not write {exc.file}: {exc}.", Location(exc.file),
                     hint="Change that result in the file by hand, then run the import again.")
        report.failed(problems, "Nothing was written.")
    problems = Problems()
    for change in plan.to_write:
        why = edit_files.refusal(root / change.file, root / "performance", new=change.created)
        if why is not None:
            problems.add("cannot-write", f"Could not write {change.file}: {why}.", Location(change.file),
                         hint="Rename that file to match its period, or move it out of the way, then run the "
                              "import again." if change.created else "Move it out of the way, then run the "
                                                                      "import again.")
    if problems.errors:
        report.failed(problems, "Nothing was written.", plan=plan)
    return plan


def _at_cells(problems: Problems, plan: Plan) -> Problems:
    """Errors on the lines an imported result was written to, located at the sheet's cell instead:
    the file does not hold those lines, the sheet does."""
    moved = Problems()
    for problem in problems.items:
        cell = plan.cell_of(problem)
        moved.items.append(replace(problem, location=cell) if cell is not None else problem)
    return moved


class _Report:
    """What the import prints: for people (the diff on standard output, the rest on standard error
    in a dry run), or one JSON document (--json)."""

    def __init__(self, root: Path, as_json: bool, dry_run: bool):
        self.root, self.as_json, self.dry_run = root, as_json, dry_run
        self.written = False
        self.texts: dict[str, str] = {}  # files as they would be, for showing the lines of their problems

    def wrote(self) -> None:
        self.written = True

    def failed(self, problems: Problems, action: str, plan: Plan | None = None,
               organisation: str | None = None) -> None:
        if self.as_json:
            self._json(problems.errors, problems.warnings, plan, organisation)
        else:
            self._problems(problems.errors + problems.warnings)
            count = len(problems.errors)
            click.echo(f"Found {count} error{'s' if count != 1 else ''}. {action}", err=True)
        sys.exit(1)

    def done(self, plan: Plan, outcome: Outcome, before: Outcome, organisation: str | None = None) -> None:
        known = {_same_problem(p) for p in before.problems.items}
        new_warnings = [p for p in outcome.warnings if _same_problem(p) not in known]
        failed = bool(outcome.errors)
        if self.as_json:
            self._json(outcome.errors, new_warnings, plan, organisation)
            sys.exit(1 if failed else 0)
        if self.dry_run:
            click.echo(plan.diff(), nl=False)
        aside = self.dry_run or failed  # a dry run's standard output is the diff alone
        for conflict in plan.conflicts:
            click.echo(f"{conflict.sentence()}", err=aside)
        self._problems(outcome.errors + new_warnings, err=aside)
        click.echo(plan.summary(written=self.written), err=aside)
        if not self.dry_run:
            click.echo(to_text(outcome).strip().split("\n\n")[-1], err=aside)  # the check's summary line
        sys.exit(1 if failed else 0)

    def _problems(self, problems: list[Problem], err: bool = True) -> None:
        sources = _Planned(self.root, self.texts)
        for problem in problems:
            click.echo(format_problem(problem, sources) + "\n", err=err)

    def _json(self, errors: list[Problem], warnings: list[Problem], plan: Plan | None,
              organisation: str | None) -> None:
        document = {"organisation": organisation, "errors": [problem_json(p) for p in errors],
                    "warnings": [problem_json(p) for p in warnings],
                    "import": plan.as_json(self.written) if plan is not None else None}
        if self.dry_run and plan is not None:
            document["diff"] = plan.diff()
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))


def _same_problem(problem: Problem) -> tuple[str, str, str]:
    return (problem.code, problem.location.file, problem.message)


class _Planned(SourceLines):
    """The lines problems point at, from the planned texts for the files about to change."""

    def __init__(self, root: Path, texts: dict[str, str]):
        super().__init__(root)
        self.cache.update({file: text.splitlines() for file, text in texts.items()})
