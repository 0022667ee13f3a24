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
    end_of_life_note,
    guarded,
    mkdocs,
    print_problems,
    run_zensical,
    shown_path,
    stop_on_sigterm,
    waiting,
    writing,
)
from generator.output import paths as outputs
from generator.output.publish import atomic_directory, project_lock
from generator.problems import Problems
from generator.registry.editions import FOLDER
from generator.registry.engines import DEFAULT_ENGINE
from generator.site.plan import NEWSLETTERS_ENV, NEWSLETTERS_REPORT


def run(config_file: str | None, drafts: bool, site_dir: str | None, engine: str = DEFAULT_ENGINE) -> None:
    from generator.newsletter import files as newsletter_files

    path = config_path(config_file)
    target = _site_target(path, site_dir)
    if engine != DEFAULT_ENGINE:
        _refuse_engine(target)
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
                    if engine == DEFAULT_ENGINE:
                        code = _mkdocs_build(path, drafts, work, report)
                        if code:
                            raise Failed(code)
                    else:
                        _zensical_build(path, drafts, work, report)
                    # no report: STANDARDS_NEWSLETTERS=0 (the site alone, as `make bench` measures it)
                    made = json.loads(report.read_text(encoding="utf-8")) if report.exists() else None
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
    end_of_life_note(engine)  # with the other notes: only after a build that worked, never among problems
    if made is None:
        click.echo(f"Site built in {shown_path(target)}, without newsletters ({NEWSLETTERS_ENV}=0).")
        return
    click.echo(f"Newsletters: {made['files']} files in {shown_path(target / FOLDER)} "
               f"({made['made']} made, {made['files'] - made['made']} up to date).")


def _mkdocs_build(config: Path, drafts: bool, work: Path, report: Path) -> int:
    """MkDocs with the plugin into ``work``; the plugin writes into ``report`` how many newsletters it made."""
    os.environ[NEWSLETTERS_REPORT] = str(report)
    try:
        return mkdocs("build", config, drafts, ["-d", str(work)])
    finally:
        del os.environ[NEWSLETTERS_REPORT]


def _refuse_engine(target: Path) -> None:
    """Before anything is touched: Zensical missing, or of a version not tested (exit 1)."""
    from generator.site import zensical

    why = zensical.refusal()
    if why is not None:
        click.echo(f"error: {why}", err=True)
        click.echo(f"Nothing was changed in {shown_path(target)}.", err=True)
        sys.exit(1)


def _zensical_build(config: Path, drafts: bool, work: Path, report: Path) -> None:
    """The site with Zensical (experimental) into ``work``, then the newsletters, as the plugin does."""
    from generator.newsletter import files as newsletter_files
    from generator.output.publish import environment_epoch
    from generator.pipeline import check_project
    from generator.report.check import to_text
    from generator.site import zensical
    from generator.site.bundle import contents, make_bundle

    outcome = check_project(config)
    if outcome.errors:
        click.echo(to_text(outcome, action="Nothing was built."), err=True)
        raise Failed(1)
    root = config.parent
    settings = zensical.read_config(config)
    for name in zensical.left_out_plugins(settings):
        click.echo(f"Note: Zensical does not run the MkDocs plugin '{name}' named in mkdocs.yml; "
                   "the site is built without it.", err=True)
    newsletters = os.environ.get(NEWSLETTERS_ENV) != "0"
    bundle = make_bundle(outcome.project, root, zensical.docs_folder(settings, root), drafts=drafts,
                         newsletters=newsletters, directory_urls=settings.get("use_directory_urls", True) is not False,
                         engine="zensical", nav=settings.get("nav"))
    files = guarded(lambda: list(contents(bundle, outcome.project, root, outcome.rows)), root)
    try:
        zensical.build(bundle, files, settings, root, work, run=run_zensical)
    except zensical.EngineFailed as exc:
        click.echo(f"error: {exc}", err=True)
        raise Failed(1) from None
    if not newsletters:
        return
    problems = Problems()
    made = guarded(lambda: newsletter_files.build(outcome.project, root, work, drafts, problems,
                                                  epoch=environment_epoch()), root)
    if problems.errors:
        print_problems(root, problems, "No newsletters were published.")
        raise Failed(1)
    report.write_text(json.dumps({"files": len(made), "made": sum(1 for m in made if m.rendered)}), encoding="utf-8")


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


