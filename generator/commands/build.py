"""`standards build`: the site (MkDocs, with the plugin) and every edition of every published
period's newsletter, built beside the old site and swapped in whole only when all of it worked."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.commands.common import (
    Failed,
    config_path,
    guarded,
    mkdocs,
    print_problems,
    shown_path,
    stop_on_sigterm,
    waiting,
    writing,
)
from generator.output import paths as outputs
from generator.output.publish import atomic_directory, environment_epoch, project_lock
from generator.pipeline import check_project
from generator.problems import Problems


def run(config_file: str | None, drafts: bool, site_dir: str | None) -> None:
    from generator.newsletter import files as newsletter_files

    path = config_path(config_file)
    target = _site_target(path, site_dir)
    problems = Problems()
    notes: list[str] = []
    stop_on_sigterm()
    try:
        with writing(path.parent), project_lock(path.parent, waiting):
            newsletter_files.clear_leftovers(path.parent)
            try:
                # built beside the site and swapped in only when everything worked: a build that
                # fails half way, or is stopped, leaves the previous site as it was
                with atomic_directory(target, notes) as work:
                    code = mkdocs("build", path, drafts, ["-d", str(work)])
                    if code:
                        raise Failed(code)
                    outcome = guarded(lambda: check_project(path))
                    made = guarded(lambda: newsletter_files.build(outcome.project, outcome.root, work, drafts,
                                                                   problems, epoch=environment_epoch()), outcome.root)
                    if problems.errors:
                        print_problems(outcome.root, problems, "No newsletters were published.")
                        raise Failed(1)
            except KeyboardInterrupt:
                newsletter_files.clear_leftovers(path.parent)  # files whose writing was stopped half way
                raise
    except Failed as failed:
        click.echo(f"Nothing was changed in {shown_path(target)}.", err=True)
        sys.exit(failed.code)
    except KeyboardInterrupt:
        click.echo(f"Stopped before the end. Nothing was changed in {shown_path(target)}.", err=True)
        sys.exit(130)
    for note in notes:
        click.echo(f"Note: {note}", err=True)
    fresh = sum(1 for m in made if m.rendered)
    click.echo(f"Newsletters: {len(made)} files in {shown_path(target / newsletter_files.FOLDER)} "
               f"({fresh} made, {len(made) - fresh} up to date).")


def _site_target(config: Path, given: str | None) -> Path:
    """The site folder, refused (before anything is touched) when a build there would delete
    or hide the project's own files: -d on the command line (exit 2), site_dir in mkdocs.yml (exit 1)."""
    choice = outputs.site_choice(config, given)
    why = outputs.site_refusal(choice.path, config.parent, config, choice.docs_dir)
    if why is None:
        return choice.path
    if choice.location is None:
        raise click.BadParameter(
            f"the site cannot be built into '{choice.written}': {why}, and a build first empties the "
            "folder it builds into. Choose a folder of its own, like 'site' or '../public'.",
            param_hint="'-d' / '--site-dir'")
    problems = Problems()
    problems.add("config-site-dir", f"The site cannot be built into '{choice.written}': {why}.", choice.location,
                 expected="a folder of its own for the built site, like site",
                 hint="A build first empties the folder it builds into. Set site_dir to a new folder, "
                      "or remove the line to build into site/.")
    print_problems(config.parent, problems, "Nothing was built.")
    sys.exit(1)


