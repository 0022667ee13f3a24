"""`standards newsletter PERIOD`: one edition of one period's newsletter, to a file or standard output."""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from pathlib import Path

import click

from generator.commands.common import (
    config_path,
    guarded,
    print_problems,
    shown_path,
    stop_on_sigterm,
    waiting,
    writing,
)
from generator.output import paths as outputs
from generator.output.publish import environment_epoch, project_lock
from generator.pipeline import check_project
from generator.problems import Problems
from generator.report.check import to_text


def run(config_file: str | None, period: str, edition: str, output: str | None, paper: str | None,
        crop_marks: bool | None, start_page: int | None) -> None:
    from generator.newsletter import files as newsletter_files

    path = config_path(config_file)
    _check_output(path, output)
    stop_on_sigterm()
    outcome = guarded(lambda: check_project(path))
    if outcome.errors:
        click.echo(to_text(outcome, action="No newsletter was made."), nl=False, err=True)
        sys.exit(1)
    period_file = newsletter_files.find_period(outcome.project, period)
    if period_file is None:
        labels = ", ".join(p.period.label for p in outcome.project.periods)
        raise click.BadParameter(f"there is no performance file for the period '{period}'. "
                                 f"The periods are: {labels}.", param_hint="PERIOD")
    problems = Problems()
    to_stdout = output == "-"
    with tempfile.TemporaryDirectory(prefix="standards-") as scratch, \
            writing(outcome.root), project_lock(outcome.root, waiting):
        newsletter_files.clear_leftovers(outcome.root)
        # -o -: made in a folder of its own outside the project (so no stamp), then sent
        written = str(Path(scratch) / newsletter_files.file_name(period_file.period, edition)) if to_stdout else output
        job = newsletter_files.job_for(outcome.project, outcome.root, period_file, edition, written,
                                       paper=paper.upper() if paper else None, crop_marks=crop_marks,
                                       start_page=start_page, epoch=environment_epoch())
        if to_stdout:
            job = dataclasses.replace(job, stamped=False)  # a file of the moment: no stamp kept
        made = guarded(lambda: newsletter_files.make_checked(job, outcome.project, problems), outcome.root)
        if made is None:
            print_problems(outcome.root, problems, "No newsletter was made.")
            sys.exit(1)
        if to_stdout:
            sys.stdout.buffer.write(made.path.read_bytes())
            sys.stdout.buffer.flush()
    pages = f", {made.pages} page{'s' if made.pages != 1 else ''}" if made.pages else ""
    state = "Wrote" if made.rendered else "Up to date:"
    draft = " (DRAFT on every page)" if period_file.draft else ""
    shown = "the newsletter to standard output" if to_stdout else shown_path(made.path)
    click.echo(f"{state} {shown}{pages}{draft}.", err=to_stdout)
    if outcome.warnings:  # the count only: `standards check` shows each, once
        count = len(outcome.warnings)
        click.echo(f"{count} warning{'s' if count != 1 else ''} about the data: run 'standards check' to see "
                   f"{'them' if count != 1 else 'it'}.", err=True)


def _check_output(config: Path, output: str | None) -> None:
    """-o: never onto the project's own files, nor over a device, a folder or a pipe."""
    if output is None or output == "-":
        return
    docs = outputs.site_choice(config, None).docs_dir
    why = outputs.file_refusal(Path(output), config.parent, config, docs)
    if why is not None:
        raise click.BadParameter(
            f"the newsletter cannot be written to '{output}': {why}. Choose another file, like "
            "newsletters/summer.pdf, or '-o -' to send it to standard output.",
            param_hint="'-o' / '--output'")


