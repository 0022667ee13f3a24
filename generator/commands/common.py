"""What every command does at the edge: printing problems, the apology, stopping cleanly, running MkDocs
and the note on Material for MkDocs' end of life.

The commands print through click; nothing below `commands/` prints or exits.
"""

from __future__ import annotations

import datetime
import errno
import os
import signal
import sys
import threading
from pathlib import Path

import click

from generator.output import paths as outputs
from generator.output.paths import WriteFailed
from generator.problems import DataError, Location, Problems
from generator.report.check import SourceLines, format_problem
from generator.source.files import ConfigNotFound, find_config


def waiting() -> None:
    click.echo("Another build of this project is running: waiting for it to finish.", err=True)


class Stopped(KeyboardInterrupt):
    """SIGTERM (a CI job cancelled, `timeout`): stopped like Ctrl-C, tidying up on the way out."""


def stop_on_sigterm() -> None:
    def stop(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once is enough, while tidying up
        raise Stopped()

    if threading.current_thread() is threading.main_thread():  # the only thread that may
        signal.signal(signal.SIGTERM, stop)


class writing:
    """Turns a failed write into a problem at the file or folder it was for (`cannot-write`)."""

    def __init__(self, root: Path):
        self.root = root

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> bool:
        if not isinstance(exc, WriteFailed):
            return False
        problems = Problems()
        shown = shown_path(exc.path)
        shown = str(exc.path) if shown == "." else shown  # the folder by its name, not "."
        what = f"in the folder {shown}" if exc.in_folder else shown
        problems.add("cannot-write", f"Could not write {what}: {exc.reason}.", Location(shown), hint=exc.hint)
        print_problems(self.root, problems, "Nothing was changed.", show_lines=False)
        sys.exit(1)


class Failed(Exception):
    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


NO_EOL_NOTE_ENV = "STANDARDS_NO_EOL_NOTE"  # "1": no end-of-life note (README, "When Material for MkDocs ends")


def end_of_life_note(engine: str = "mkdocs", today: datetime.date | None = None) -> None:
    """Our own short note on Material for MkDocs' end of life, printed by `standards build` (with
    its other notes) and `standards serve` (as it starts) instead of Material's banner, which
    mkdocs() turns off: replaced, not hidden.  Only for an engine that builds with Material."""
    from generator.registry.engines import ENGINES, MATERIAL_END_OF_LIFE as end

    if "mkdocs-material" not in dict(ENGINES[engine].distributions):
        return
    if os.environ.get(NO_EOL_NOTE_ENV, "0") not in ("", "0"):
        return
    when = f"{end.day} {end:%B %Y}"
    state = (f"reached its end of life on {when} and gets no more fixes" if (today or datetime.date.today()) >= end
             else f"reaches its end of life on {when}")
    click.echo(f"Note: Material for MkDocs, the theme this site is built with, {state}. The site keeps building "
               "with the tested versions, and we are testing its successor, Zensical: see \"When Material for "
               f"MkDocs ends\" in the standards tool's README ({NO_EOL_NOTE_ENV}=1 hides this note).", err=True)


def mkdocs(command: str, config: Path, drafts: bool, extra: list[str]) -> int:
    """Run MkDocs in its own process: the command line never imports it (see plugin.py)."""
    from generator.site.plan import DRAFTS_ENV

    # Material's own end-of-life banner (many coloured lines) is replaced, not hidden: build and
    # serve print end_of_life_note() instead, and a plain `mkdocs build` still shows Material's.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env[DRAFTS_ENV] = "1" if drafts else "0"
    args = [sys.executable, "-m", "mkdocs", command, "-f", str(config), *extra]
    import subprocess  # here and below, not at the top: `standards check` starts no process

    return subprocess.call(args, env=env, cwd=config.parent, preexec_fn=_die_with_us(os.getpid()))


def run_zensical(args: list[str], cwd: Path) -> tuple[int, str]:
    """Zensical in its own process (it is never imported here): its exit code and what it printed."""
    import subprocess

    done = subprocess.run([sys.executable, "-m", "zensical", *args], cwd=cwd, capture_output=True, text=True,
                          preexec_fn=_die_with_us(os.getpid()))
    return done.returncode, done.stdout + done.stderr


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


def print_problems(root: Path, problems: Problems, action: str, show_lines: bool = True) -> None:
    sources = SourceLines(root) if show_lines else _NoLines(root)
    blocks = [format_problem(p, sources) for p in problems.errors]
    count = len(problems.errors)
    click.echo("\n\n".join(blocks + [f"Found {count} error{'s' if count != 1 else ''}. {action}"]), err=True)


def shown_path(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def config_path(config_file: str | None) -> Path:
    try:
        return find_config(config_file)
    except ConfigNotFound as exc:
        raise click.UsageError(str(exc)) from None


def guarded(work, root: Path | None = None):
    """Run ``work``; an unexpected failure is a short apology, not a traceback."""
    try:
        return work()
    except DataError as exc:  # found only while making the files (a landlord's template): located
        print_problems(Path.cwd() if root is None else root, Problems(list(exc.problems)), "Nothing was made.")
        sys.exit(1)
    except WriteFailed:
        raise
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
            raise outputs.failed(exc) from None  # a full disk is not a bug: say so plainly
        apologise()
    except Exception:  # noqa: BLE001 - the last line of defence for non-programmers
        apologise()


def apologise() -> None:
    if os.environ.get("STANDARDS_DEBUG"):
        import traceback

        traceback.print_exc()
    click.echo(
        "Sorry: the standards tool hit an unexpected problem it could not explain. "
        "Your files have not been changed. Please report this, with the files you used "
        "(set STANDARDS_DEBUG=1 to see the technical details).",
        err=True,
    )
    sys.exit(1)
