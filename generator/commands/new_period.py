"""`standards new-period PERIOD`: a draft performance file listing every current standard and figure,
each with its title, unit and target as a comment, and no value yet."""

from __future__ import annotations

import sys

import click

from generator.commands.common import config_path, guarded, shown_path, writing
from generator.edit.period import new_period_text, period_file_name, write_new
from generator.pipeline import check_project
from generator.registry.periods import parse_period, period_advice
from generator.report.check import to_text


def run(config_file: str | None, period_text: str) -> None:
    path = config_path(config_file)
    outcome = guarded(lambda: check_project(path))
    if outcome.errors:
        click.echo(to_text(outcome, action="No period file was written."), nl=False, err=True)
        sys.exit(1)
    project = outcome.project
    period = parse_period(period_text, project.settings.year_starts)
    if period is None:
        raise click.BadParameter(f"'{period_text}' is not a period this tool can read. "
                                 f"{period_advice(period_text, project.settings.year_starts)}", param_hint="PERIOD")
    target = outcome.root / period_file_name(period)
    same = next((p for p in project.periods if p.period == period), None)
    if same is not None:
        _refuse(f"The period {period.label} already has a file: {same.file}. Add its results there.")
    if target.exists():
        _refuse(f"{shown_path(target)} already exists (for another period). Nothing was written.")
    text = new_period_text(project, period, root=outcome.root)
    with writing(outcome.root):
        try:
            write_new(target, text)
        except FileExistsError:
            _refuse(f"{shown_path(target)} was made by something else while this ran. Nothing was written.")
    count = sum(1 for line in text.splitlines() if line.startswith("  ") and ":  # " in line)
    click.echo(f"Wrote {shown_path(target)}: a draft for {period.label} ({period.words()}) with "
               f"{count} result{'s' if count != 1 else ''} to fill in. Run 'standards check' to see what is left.")


def _refuse(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)
