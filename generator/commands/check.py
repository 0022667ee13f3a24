"""`standards check`: read, validate and assess; print the findings; exit 0, or 1 on errors (or warnings with --strict)."""

from __future__ import annotations

import atexit
import gc
import os
import sys
from pathlib import Path

import click

from generator.commands.common import config_path, guarded
from generator.pipeline import check_project
from generator.problems import quote
from generator.registry.periods import Period, parse_period, period_advice
from generator.registry.tsm import catalogue_for
from generator.report.check import to_json, to_text


def run(config_file: str | None, as_json: bool, strict: bool, annotations: str | None = None,
        tsm_year: str | None = None) -> None:
    if as_json and annotations:
        raise click.UsageError("Use --json or --annotations, not both: each is a document of its own.")
    year = _tsm_year(tsm_year) if tsm_year is not None else None
    path = config_path(config_file)
    outcome = guarded(lambda: check_project(path, tsm=year))
    # Python's last collection as the process exits would walk all that was read, which holds nothing
    # to free (tests/test_check_collector.py): frozen first.  At the exit, not now: a process that
    # goes on (the tests run the command in theirs) keeps collecting as before.
    atexit.unregister(gc.freeze)  # once, however many checks the process runs
    atexit.register(gc.freeze)
    failed = bool(outcome.errors) or (strict and bool(outcome.warnings))
    if as_json:
        click.echo(to_json(outcome), nl=False)
        sys.exit(1 if failed else 0)
    if annotations:
        from generator.report.annotations import annotations as formatted

        click.echo(formatted(annotations, outcome.errors + outcome.warnings, _prefix(outcome.root, annotations)),
                   nl=False)
    # with gitlab's report on standard output, the words for people go to the job's log beside it
    click.echo(to_text(outcome, strict=strict), nl=False, err=failed or annotations == "gitlab")
    if year is not None and not outcome.errors:
        click.echo(f"The Tenant Satisfaction Measures of {year} are complete: every measure, part, tenure and "
                   "note they are published with is given.", err=annotations == "gitlab")
    sys.exit(1 if failed else 0)


def _tsm_year(text: str) -> Period:
    """--tsm's YEAR: a financial year from 2023-24, the first TSM year."""
    period = parse_period(text)
    if period is None:
        # only a financial year will do: the period advice's quarters and calendar years would mislead
        advice = period_advice(text)
        if not advice.startswith("Did you mean"):
            advice = "Write one like '2024-25': Tenant Satisfaction Measures are reported for the whole year."
        raise click.BadParameter(f"{quote(text)} is not a financial year. {advice}", param_hint="'--tsm'")
    if period.kind != "year":
        raise click.BadParameter(f"{quote(text)} is not a financial year: TSMs are reported for the whole year, "
                                 f"like '{period.financial_year.label if period.kind == 'quarter' else '2024-25'}'.",
                                 param_hint="'--tsm'")
    if catalogue_for(period) is None:
        raise click.BadParameter(f"{quote(text)} is before 2023-24, the first year of Tenant Satisfaction Measures.",
                                 param_hint="'--tsm'")
    return period


# Where each service checks the repository out: its annotations name files from there, even
# when a step runs the check in a folder of its own (working-directory, cd)
CHECKOUT = {"github": "GITHUB_WORKSPACE", "gitlab": "CI_PROJECT_DIR"}


def _prefix(root: Path, annotations: str) -> str:
    """The project's folder from the repository's top (else from where the command runs): ''
    when it is that folder; its path otherwise, so annotations name the right file."""
    top = Path(os.environ.get(CHECKOUT[annotations]) or Path.cwd())
    shown = os.path.relpath(root.resolve(), top.resolve())
    return "" if shown == "." else Path(shown).as_posix()
