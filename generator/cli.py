"""The `standards` command: parse options, call the pipeline, print, exit 0 / 1 / 2.  No logic here."""

from __future__ import annotations

import os
import subprocess
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .load import ConfigNotFound, find_config
from .pages import DRAFTS_ENV
from .pipeline import check as run_check
from .report import to_json, to_text

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
    """Check the data and build the website into site/."""
    path = _config(config_file)
    extra = ["-d", site_dir] if site_dir else []
    sys.exit(_mkdocs("build", path, drafts, extra))


@main.command()
@CONFIG_OPTION
@click.option("-a", "--dev-addr", default=None, help="Address to serve on (default 127.0.0.1:8000).")
def serve(config_file: str | None, dev_addr: str | None) -> None:
    """Preview the website, drafts included, rebuilding as you edit the data."""
    path = _config(config_file)
    sys.exit(_mkdocs("serve", path, True, ["-a", dev_addr] if dev_addr else []))


def _mkdocs(command: str, config: Path, drafts: bool, extra: list[str]) -> int:
    """Run MkDocs in its own process: the command line never imports it (see plugin.py)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env[DRAFTS_ENV] = "1" if drafts else "0"
    args = [sys.executable, "-m", "mkdocs", command, "-f", str(config), *extra]
    return subprocess.call(args, env=env, cwd=config.parent)


def _config(config_file: str | None) -> Path:
    try:
        return find_config(config_file)
    except ConfigNotFound as exc:
        raise click.UsageError(str(exc)) from None


def _guarded(work):
    """Run ``work``; an unexpected failure is a short apology, not a traceback."""
    try:
        return work()
    except Exception:  # noqa: BLE001 - the last line of defence for non-programmers
        if os.environ.get("STANDARDS_DEBUG"):
            traceback.print_exc()
        click.echo(
            "Sorry: the standards tool hit an unexpected problem it could not explain. "
            "Your files have not been changed. Please report this, with the files you used "
            "(set STANDARDS_DEBUG=1 to see the technical details).",
            err=True,
        )
        sys.exit(1)
