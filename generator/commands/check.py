"""`standards check`: read, validate and assess; print the findings; exit 0, or 1 on errors (or warnings with --strict)."""

from __future__ import annotations

import sys

import click

from generator.commands.common import config_path, guarded
from generator.pipeline import check_project
from generator.report.check import to_json, to_text


def run(config_file: str | None, as_json: bool, strict: bool) -> None:
    path = config_path(config_file)
    outcome = guarded(lambda: check_project(path))
    failed = bool(outcome.errors) or (strict and bool(outcome.warnings))
    if as_json:
        click.echo(to_json(outcome), nl=False)
    else:
        click.echo(to_text(outcome, strict=strict), nl=False, err=failed)
    sys.exit(1 if failed else 0)
