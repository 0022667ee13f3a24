"""The `standards` command: parse options, call the pipeline, print, exit 0 / 1 / 2.  No logic here."""

from __future__ import annotations

import dataclasses
import errno
import os
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path

import click

from generator import __version__
from generator.output import paths as outputs
from generator.output.paths import WriteFailed
from generator.output.publish import atomic_directory, project_lock
from generator.pipeline import check as run_check
from generator.problems import DataError, Location, Problems
from generator.report.check import SourceLines, format_problem, to_json, to_text
from generator.source.files import ConfigNotFound, find_config

CONFIG_OPTION = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="The project's mkdocs.yml (default: mkdocs.yml in the current folder).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="standards")
def main() -> None:
    """Check a landlord's service standards and results, and publish them."""


class _Editions(click.Choice):
    """The newsletter editions, read from their registry when first asked for: `standards check`
    then never loads the newsletter and page code (a fifth of its time on a typical project)."""

    def __init__(self) -> None:
        super().__init__(())

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        from generator.registry.editions import EDITIONS

        return tuple(EDITIONS)

    @choices.setter
    def choices(self, value: object) -> None:
        pass  # click.Choice.__init__ sets it; the registry is the only source


@main.command()
@CONFIG_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document (see the format guide).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def check(config_file: str | None, as_json: bool, strict: bool) -> None:
    """Check every standard and result; report problems at file:line:column."""
    path = _config(config_file)
    outcome = _guarded(lambda: run_check(path))
    failed = bool(outcome.errors) or (strict and bool(outcome.warnings))
    if as_json:
        click.echo(to_json(outcome), nl=False)
    else:
        click.echo(to_text(outcome, strict=strict), nl=False, err=failed)
    sys.exit(1 if failed else 0)


@main.command()
@CONFIG_OPTION
@click.option("--drafts", is_flag=True, help="Include draft periods, with every page marked DRAFT.")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False), default=None, help="Where to build (default: site/).")
def build(config_file: str | None, drafts: bool, site_dir: str | None) -> None:
    """Check the data and build the website into site/, with every period's newsletters."""
    from generator.newsletter import files as newsletter_files

    path = _config(config_file)
    target = _site_target(path, site_dir)
    problems = Problems()
    notes: list[str] = []
    _stop_on_sigterm()
    try:
        with _writing(path.parent), project_lock(path.parent, _waiting):
            newsletter_files.clear_leftovers(path.parent)
            try:
                # built beside the site and swapped in only when everything worked: a build that
                # fails half way, or is stopped, leaves the previous site as it was
                with atomic_directory(target, notes) as work:
                    code = _mkdocs("build", path, drafts, ["-d", str(work)])
                    if code:
                        raise _Failed(code)
                    outcome = _guarded(lambda: run_check(path))
                    made = _guarded(lambda: newsletter_files.build(outcome.project, outcome.root, work, drafts,
                                                                   problems), outcome.root)
                    if problems.errors:
                        _print_problems(outcome.root, problems, "No newsletters were published.")
                        raise _Failed(1)
            except KeyboardInterrupt:
                newsletter_files.clear_leftovers(path.parent)  # files whose writing was stopped half way
                raise
    except _Failed as failed:
        click.echo(f"Nothing was changed in {_shown(target)}.", err=True)
        sys.exit(failed.code)
    except KeyboardInterrupt:
        click.echo(f"Stopped before the end. Nothing was changed in {_shown(target)}.", err=True)
        sys.exit(130)
    for note in notes:
        click.echo(f"Note: {note}", err=True)
    fresh = sum(1 for m in made if m.rendered)
    click.echo(f"Newsletters: {len(made)} files in {_shown(target / newsletter_files.FOLDER)} "
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
    _print_problems(config.parent, problems, "Nothing was built.")
    sys.exit(1)


def _waiting() -> None:
    click.echo("Another build of this project is running: waiting for it to finish.", err=True)


class _Stopped(KeyboardInterrupt):
    """SIGTERM (a CI job cancelled, `timeout`): stopped like Ctrl-C, tidying up on the way out."""


def _stop_on_sigterm() -> None:
    def stop(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once is enough, while tidying up
        raise _Stopped()

    if threading.current_thread() is threading.main_thread():  # the only thread that may
        signal.signal(signal.SIGTERM, stop)


class _writing:
    """Turns a failed write into a problem at the file or folder it was for (`cannot-write`)."""

    def __init__(self, root: Path):
        self.root = root

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> bool:
        if not isinstance(exc, WriteFailed):
            return False
        problems = Problems()
        shown = _shown(exc.path)
        shown = str(exc.path) if shown == "." else shown  # the folder by its name, not "."
        what = f"in the folder {shown}" if exc.in_folder else shown
        problems.add("cannot-write", f"Could not write {what}: {exc.reason}.", Location(shown), hint=exc.hint)
        _print_problems(self.root, problems, "Nothing was changed.", show_lines=False)
        sys.exit(1)


class _Failed(Exception):
    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


@main.command()
@CONFIG_OPTION
@click.argument("period")
@click.option("--edition", type=_Editions(), default="screen", show_default=True,
              help="screen: PDF to read or print at home; insert: pages for your magazine; large-print: 18 point "
                   "text; print: PDF/X for a print shop; text: plain text for braille, audio and translation; "
                   "html: a web page.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="The file to write (default: newsletters/PERIOD-EDITION.pdf beside mkdocs.yml).")
@click.option("--paper", type=click.Choice(["A4", "A5"], case_sensitive=False), default=None,
              help="Print edition: the paper size (default: the 'newsletter' settings, else A4).")
@click.option("--crop-marks/--no-crop-marks", default=None, help="Print edition: crop marks outside the bleed.")
@click.option("--start-page", type=click.IntRange(min=1), default=None,
              help="Insert edition: the magazine page it starts on.")
def newsletter(config_file: str | None, period: str, edition: str, output: str | None, paper: str | None,
               crop_marks: bool | None, start_page: int | None) -> None:
    """Make one edition of the newsletter for PERIOD (like 2024-25 or "2024-25 Q1")."""
    from generator.newsletter import files as newsletter_files

    path = _config(config_file)
    _check_output(path, output)
    _stop_on_sigterm()
    outcome = _guarded(lambda: run_check(path))
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
            _writing(outcome.root), project_lock(outcome.root, _waiting):
        newsletter_files.clear_leftovers(outcome.root)
        # -o -: made in a folder of its own outside the project (so no stamp), then sent
        written = str(Path(scratch) / newsletter_files.file_name(period_file.period, edition)) if to_stdout else output
        job = newsletter_files.job_for(outcome.project, outcome.root, period_file, edition, written,
                                       paper=paper.upper() if paper else None, crop_marks=crop_marks,
                                       start_page=start_page)
        if to_stdout:
            job = dataclasses.replace(job, stamped=False)  # a file of the moment: no stamp kept
        made = _guarded(lambda: newsletter_files.make_checked(job, outcome.project, problems), outcome.root)
        if made is None:
            _print_problems(outcome.root, problems, "No newsletter was made.")
            sys.exit(1)
        if to_stdout:
            sys.stdout.buffer.write(made.path.read_bytes())
            sys.stdout.buffer.flush()
    pages = f", {made.pages} page{'s' if made.pages != 1 else ''}" if made.pages else ""
    state = "Wrote" if made.rendered else "Up to date:"
    draft = " (DRAFT on every page)" if period_file.draft else ""
    shown = "the newsletter to standard output" if to_stdout else _shown(made.path)
    click.echo(f"{state} {shown}{pages}{draft}.", err=to_stdout)


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


@main.command()
@CONFIG_OPTION
@click.option("-a", "--dev-addr", default=None, help="Address to serve on (default 127.0.0.1:8000).")
def serve(config_file: str | None, dev_addr: str | None) -> None:
    """Preview the website, drafts included, rebuilding as you edit the data."""
    path = _config(config_file)
    sys.exit(_mkdocs("serve", path, True, ["-a", dev_addr] if dev_addr else []))


def _mkdocs(command: str, config: Path, drafts: bool, extra: list[str]) -> int:
    """Run MkDocs in its own process: the command line never imports it (see plugin.py)."""
    from generator.site.plan import DRAFTS_ENV

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env[DRAFTS_ENV] = "1" if drafts else "0"
    args = [sys.executable, "-m", "mkdocs", command, "-f", str(config), *extra]
    return subprocess.call(args, env=env, cwd=config.parent, preexec_fn=_die_with_us(os.getpid()))


def _die_with_us(parent: int):
    """For MkDocs' process: the system ends it when this one dies, even by SIGKILL (Linux)."""
    if not sys.platform.startswith("linux"):
        return None

    def set_death_signal() -> None:
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            return
        if os.getppid() != parent:  # died already
            os._exit(1)

    return set_death_signal


class _NoLines(SourceLines):
    """For problems at a file the tool writes, not one it reads: no line of it is shown."""

    def line(self, file: str, number: int) -> str | None:
        return None


def _print_problems(root: Path, problems: Problems, action: str, show_lines: bool = True) -> None:
    sources = SourceLines(root) if show_lines else _NoLines(root)
    blocks = [format_problem(p, sources) for p in problems.errors]
    count = len(problems.errors)
    click.echo("\n\n".join(blocks + [f"Found {count} error{'s' if count != 1 else ''}. {action}"]), err=True)


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _config(config_file: str | None) -> Path:
    try:
        return find_config(config_file)
    except ConfigNotFound as exc:
        raise click.UsageError(str(exc)) from None


def _guarded(work, root: Path | None = None):
    """Run ``work``; an unexpected failure is a short apology, not a traceback."""
    try:
        return work()
    except DataError as exc:  # found only while making the files (a landlord's template): located
        _print_problems(Path.cwd() if root is None else root, Problems(list(exc.problems)), "Nothing was made.")
        sys.exit(1)
    except WriteFailed:
        raise
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
            raise outputs.failed(exc) from None  # a full disk is not a bug: say so plainly
        _apologise()
    except Exception:  # noqa: BLE001 - the last line of defence for non-programmers
        _apologise()


def _apologise() -> None:
    if os.environ.get("STANDARDS_DEBUG"):
        traceback.print_exc()
    click.echo(
        "Sorry: the standards tool hit an unexpected problem it could not explain. "
        "Your files have not been changed. Please report this, with the files you used "
        "(set STANDARDS_DEBUG=1 to see the technical details).",
        err=True,
    )
    sys.exit(1)
