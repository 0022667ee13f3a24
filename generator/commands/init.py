"""`standards init DIR --organisation NAME`: a new landlord's project that passes `standards check`
and `standards build` at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.commands.common import guarded, shown_path, writing
from generator.edit.project import Refused, check_folder, check_month, check_name, init_project


def run(folder: str, organisation: str, year_starts: str, today: dt.date | None = None) -> None:
    path = Path(folder)
    try:  # before anything is written: a wrong command line (exit 2)
        check_name(organisation)
        check_month(year_starts)
    except Refused as refused:
        raise click.BadParameter(f"No project was made: {refused}") from None
    try:
        check_folder(path)
    except Refused as refused:
        raise click.BadParameter(f"No project was made: {refused}", param_hint="DIR") from None
    with writing(Path.cwd()):
        written = guarded(lambda: init_project(path, organisation, year_starts, today))
    shown = shown_path(path)
    here = shown == "."
    click.echo(f"Made a new project {'in this folder' if here else 'in ' + shown}: {len(written)} files.")
    for name in written:
        click.echo(f"  {name.as_posix()}")
    go = "" if here else f"cd {shown}, "
    click.echo(f"\nNext: {go}fill in the parts in [square brackets] (start with the contact details in "
               "mkdocs.yml), and run 'standards check'. README.md in the folder says what each file is for.")
