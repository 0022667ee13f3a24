"""The `standards` command line: parse options and hand them to a command in `commands/`.  No logic here."""

from __future__ import annotations

import click

from generator import __version__
from generator.registry.engines import DEFAULT_ENGINE, ENGINES

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
@click.option("--annotations", type=click.Choice(["github", "gitlab"]), default=None,
              help="For CI, besides the report: github prints GitHub Actions commands that show each problem on "
                   "its line of a pull request; gitlab prints a GitLab Code Quality report (JSON) on standard "
                   "output and the report on standard error.")
@click.option("--tsm", "tsm_year", metavar="YEAR", default=None,
              help="Also list everything the Tenant Satisfaction Measures of this financial year (like 2024-25) "
                   "still lack before they can be published, as errors: exit 1 until complete.")
def check(config_file: str | None, as_json: bool, strict: bool, annotations: str | None,
          tsm_year: str | None) -> None:
    """Check every standard and result; report problems at file:line:column."""
    from generator.commands import check as command

    command.run(config_file, as_json, strict, annotations, tsm_year)


@main.command()
@CONFIG_OPTION
@click.option("--drafts", is_flag=True, help="Include draft periods, with every page marked DRAFT.")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False), default=None, help="Where to build (default: site/).")
@click.option("--engine", type=click.Choice(list(ENGINES)), default=DEFAULT_ENGINE, show_default=True,
              help="The site engine: mkdocs (MkDocs with Material for MkDocs) or zensical (experimental: "
                   "Material's successor, pip install 'housing-standards[zensical]').")
def build(config_file: str | None, drafts: bool, site_dir: str | None, engine: str) -> None:
    """Check the data and build the website into site/, with every period's newsletters."""
    from generator.commands import build as command

    command.run(config_file, drafts, site_dir, engine)


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
    from generator.commands import newsletter as command

    command.run(config_file, period, edition, output, paper, crop_marks, start_page)


@main.command()
@CONFIG_OPTION
@click.option("-a", "--dev-addr", default=None, help="Address to serve on (default 127.0.0.1:8000).")
def serve(config_file: str | None, dev_addr: str | None) -> None:
    """Preview the website, drafts included, rebuilding as you edit the data."""
    from generator.commands import serve as command

    command.run(config_file, dev_addr)


@main.command()
@CONFIG_OPTION
@click.option("-o", "--output", type=click.Path(file_okay=False), default=None,
              help="The folder to write them in (default: schemas/ beside mkdocs.yml).")
def schema(config_file: str | None, output: str | None) -> None:
    """Write JSON Schemas of the data files, so an editor (VS Code) checks them as you type."""
    from generator.commands import schema as command

    command.run(config_file, output)


@main.command()
@click.argument("folder", metavar="DIR")
@click.option("--organisation", required=True, help="Your organisation's name, in quotes: \"Example Homes\".")
@click.option("--year-starts", default="april", show_default=True,
              help="The month your financial year starts, like april.")
def init(folder: str, organisation: str, year_starts: str) -> None:
    """Make a new project in DIR (a new or empty folder), ready to check and build."""
    from generator.commands import init as command

    command.run(folder, organisation, year_starts)


@main.command("new-period")
@CONFIG_OPTION
@click.argument("period")
def new_period(config_file: str | None, period: str) -> None:
    """Write a draft performance file for PERIOD (like 2025-26 or "2025-26 Q1"), listing every standard."""
    from generator.commands import new_period as command

    command.run(config_file, period)


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@CONFIG_OPTION
@click.option("--sheet", default=None, help="The sheet of an Excel workbook to read (default: the first).")
@click.option("--period", default=None, help="The period every result is for, when the sheet does not say "
                                             "(like 2024-25 or \"2024-25 Q1\").")
@click.option("--overwrite", is_flag=True, help="Replace values already in the period files that differ from the sheet's.")
@click.option("--dry-run", is_flag=True, help="Print the change as a diff; write nothing.")
@click.option("--publish", is_flag=True, help="Create a new period file as published, not as a draft.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document: problems and what changed.")
def import_(file: str, config_file: str | None, sheet: str | None, period: str | None, overwrite: bool,
            dry_run: bool, publish: bool, as_json: bool) -> None:
    """Import results from a spreadsheet (.csv or .xlsx) into the period files."""
    from generator.commands import import_ as command

    command.run(file, config_file, sheet, period, overwrite, dry_run, publish, as_json)
