"""`standards build`: the site (MkDocs, with the plugin, which also makes every edition of every
published period's newsletter), built beside the old site and swapped in whole only when all of it worked."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click

from generator.commands.common import (
    Failed,
    config_path,
    mkdocs,
    print_problems,
    shown_path,
    stop_on_sigterm,
    waiting,
    writing,
)
from generator.output import paths as outputs
from generator.output.publish import atomic_directory, project_lock
from generator.problems import Problems
from generator.registry.editions import FOLDER
from generator.site.plan import NEWSLETTERS_REPORT


def run(config_file: str | None, drafts: bool, site_dir: str | None) -> None:
    from generator.newsletter import files as newsletter_files

    path = config_path(config_file)
    target = _site_target(path, site_dir)
    notes: list[str] = []
    stop_on_sigterm()
    try:
        with writing(path.parent), project_lock(path.parent, waiting), tempfile.TemporaryDirectory() as spare:
            newsletter_files.clear_leftovers(path.parent)
            report = Path(spare) / "newsletters.json"
            try:
                # built beside the site and swapped in only when everything worked: a build that
                # fails half way, or is stopped, leaves the previous site as it was.  The plugin
                # makes the newsletters too, as in a plain `mkdocs build`: one site, whatever runs it.
                with atomic_directory(target, notes) as work:
                    code = _mkdocs_build(path, drafts, work, report)
                    if code:
                        raise Failed(code)
                    made = json.loads(report.read_text(encoding="utf-8"))
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
    click.echo(f"Newsletters: {made['files']} files in {shown_path(target / FOLDER)} "
               f"({made['made']} made, {made['files'] - made['made']} up to date).")


def _mkdocs_build(config: Path, drafts: bool, work: Path, report: Path) -> int:
    """MkDocs with the plugin into ``work``; the plugin writes into ``report`` how many newsletters it made."""
    os.environ[NEWSLETTERS_REPORT] = str(report)
    try:
        return mkdocs("build", config, drafts, ["-d", str(work)])
    finally:
        del os.environ[NEWSLETTERS_REPORT]


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


