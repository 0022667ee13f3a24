"""Making newsletters: one edition for `standards newsletter`, every edition for `standards build`.

An edition is rendered again only when its inputs changed: the hash of its HTML (which
holds the data, the templates and the CSS), the fonts, logo and ICC profiles it uses,
its options and the versions of the tools is kept in a stamp beside the output
(``.<name>.stamp``).  `standards build` renders into ``.standards-cache/newsletters/``
in the project (MkDocs empties the site folder on every build) and copies the finished
files into the site's ``newsletters/``.  PDFs are rendered in parallel, one process a core.
"""

from __future__ import annotations

import json
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from . import __version__, budget, cmyk, editions
from .load import read_config
from .model import PeriodFile, Project
from .newsletter import EDITIONS, FOLDER, Content, Options, content, file_name, look, render_html, screen_palette
from .periods import parse_period
from .plaintext import text_edition
from .problems import Problems
from .templates import ours

CACHE = ".standards-cache/newsletters"
PDF_EDITIONS = tuple(name for name, spec in EDITIONS.items() if spec.paged)


@dataclass(frozen=True)
class Made:
    path: Path
    pages: int | None  # None for the text and HTML editions
    rendered: bool  # False when the stamp showed nothing had changed


@dataclass(frozen=True)
class Job:
    """One edition of one period, everything a worker process needs."""

    content: Content
    edition: str
    options: Options
    root: Path
    output: Path


# -- finding things ---------------------------------------------------------------------------


def find_period(project: Project, text: str) -> PeriodFile | None:
    """The performance file for a period as written on the command line ('2024-25', '2024/25 q1')."""
    period = parse_period(text, project.settings.year_starts)
    if period is None:
        return None
    return next((p for p in project.periods if p.period == period), None)


def job_for(project: Project, root: Path, period_file: PeriodFile, edition: str, output: str | None,
            **overrides) -> Job:
    """The job for `standards newsletter`: output defaults to newsletters/ beside mkdocs.yml."""
    options = Options.from_settings(project.settings, root, **overrides)
    path = Path(output).resolve() if output else root / FOLDER / file_name(period_file, edition)
    return Job(content(project, period_file), edition, options, root, path)


def site_folder(config_path: Path, given: str | None) -> Path:
    """The site folder: -d, else `site_dir` in mkdocs.yml, else site/ beside it."""
    if given:
        return Path(given).resolve()
    config = read_config(config_path, config_path.parent, Problems())
    node = config.get("site_dir") if config is not None and config.kind == "mapping" else None
    text = node.text.strip() if node is not None and node.kind == "scalar" and not node.is_null else "site"
    return (config_path.parent / text).resolve()


# -- one edition -------------------------------------------------------------------------------


def _print_profile(options: Options) -> Path:
    return options.printer_profile or editions.fogra39_profile()


def edition_html(job: Job, blank_pages: int = 0) -> str:
    settings = job.content.settings
    spec = EDITIONS[job.edition]
    palette, logo = screen_palette(settings), None
    if spec.for_print:
        profile = _print_profile(job.options)
        palette = cmyk.palette(palette, profile)
        if settings.logo:
            logo = cmyk.print_logo(job.root / settings.logo, profile, screen_palette(settings)["brand"])
    chosen = look(job.edition, settings, job.root, job.options, palette=palette, logo=logo,
                  blank_pages=blank_pages)
    return render_html(job.content, chosen, job.root)


@lru_cache(maxsize=64)
def _file_digest(path: str, size: int, mtime: float) -> str:
    return editions.digest(Path(path).read_bytes())


def _asset_digest(path: Path) -> str:
    stat = path.stat()
    return _file_digest(str(path), stat.st_size, stat.st_mtime)


def inputs(job: Job, html: str) -> str:
    """The hash of everything that makes this edition's bytes."""
    assets = sorted((ours() / "assets" / "fonts").glob("*.woff2"))
    if EDITIONS[job.edition].for_print:
        assets.append(_print_profile(job.options))
    if job.content.settings.logo:
        assets.append(job.root / job.content.settings.logo)
    return editions.digest(__version__, version("weasyprint"), version("pikepdf"), job.edition,
                           repr(job.options), os.environ.get("SOURCE_DATE_EPOCH", ""), html,
                           *(_asset_digest(a) for a in assets))


def _stamp_path(output: Path) -> Path:
    return output.parent / f".{output.name}.stamp"


def _read_stamp(output: Path) -> dict:
    try:
        return json.loads(_stamp_path(output).read_text(encoding="utf-8")) if output.is_file() else {}
    except (OSError, ValueError):
        return {}


def _write(output: Path, data: bytes) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.parent / f".{output.name}.part"
    temporary.write_bytes(data)
    os.replace(temporary, output)


def make(job: Job) -> Made:
    """Make one edition at ``job.output`` unless its stamp says it is up to date."""
    spec = EDITIONS[job.edition]
    if not spec.paged:
        data = (text_edition(job.content) if job.edition == "text" else edition_html(job)).encode("utf-8")
        changed = not job.output.is_file() or job.output.read_bytes() != data
        if changed:
            _write(job.output, data)
        return Made(job.output, None, changed)
    html = edition_html(job)
    identity = inputs(job, html)
    stamp = _read_stamp(job.output)
    if stamp.get("inputs") == identity:
        return Made(job.output, stamp.get("pages"), False)
    rendered = editions.render(html, job.edition, job.options, identity)
    if spec.for_print and job.options.paper == "A5" and rendered.pages % 4:
        # a booklet: pad to a multiple of 4 pages with pages marked as intentionally blank
        padded = edition_html(job, blank_pages=4 - rendered.pages % 4)
        rendered = editions.render(padded, job.edition, job.options, identity)
    _write(job.output, rendered.data)
    _stamp_path(job.output).write_text(json.dumps({"inputs": identity, "pages": rendered.pages}) + "\n",
                                       encoding="utf-8")
    return Made(job.output, rendered.pages, True)


def screen_pages(job: Job):
    """A page counter for the budget: the screen edition of a newsletter, laid out."""

    def count(item: Content) -> int:
        return editions.count_pages(edition_html(Job(item, "screen", job.options, job.root, job.output)))

    return count


def make_checked(job: Job, project: Project, problems: Problems) -> Made | None:
    """`standards newsletter`: check the page budget (on the screen edition), then make the edition."""
    plan = job.content.period_file.newsletter
    if plan is not None and plan.pages is not None and EDITIONS[job.edition].paged:
        count = screen_pages(job)
        if job.edition == "screen":
            made = make(job)
            if budget.check(project, job.content.period_file, made.pages or 0, count, problems):
                return made
            _remove(job.output)
            return None
        if not budget.check(project, job.content.period_file, count(job.content), count, problems):
            return None
    return make(job)


def _remove(output: Path) -> None:
    for path in (output, _stamp_path(output)):
        if path.exists():
            path.unlink()


# -- every edition of every period ---------------------------------------------------------------


def _run(jobs: list[Job], workers: int | None = None) -> list[Made]:
    """Make the jobs, PDFs in parallel across cores (order kept)."""
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    if workers <= 1 or len(jobs) <= 1:
        return [make(job) for job in jobs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(make, jobs))


def build(project: Project, root: Path, site_dir: Path, drafts: bool = False,
          problems: Problems | None = None, workers: int | None = None) -> list[Made]:
    """Every edition of every period shown on the site into ``site_dir/newsletters/``.

    Page budgets are checked first, on the screen editions; a newsletter over its budget
    is a problem, and then no newsletter is copied into the site.
    """
    problems = problems if problems is not None else Problems()
    shown = project.published(drafts)
    cache = root / CACHE
    options = Options.from_settings(project.settings, root)
    items = {p.period.label: content(project, p) for p in shown.periods}

    def job(period: PeriodFile, edition: str) -> Job:
        return Job(items[period.period.label], edition, options, root, cache / file_name(period, edition))

    screens = _run([job(p, "screen") for p in shown.periods], workers)
    for period_file, made in zip(shown.periods, screens):
        if not budget.check(project, period_file, made.pages or 0, screen_pages(job(period_file, "screen")),
                            problems):
            _remove(made.path)  # so it is laid out, and found too long, again next time
    if problems.errors:
        return []
    rest = _run([job(p, e) for p in shown.periods for e in PDF_EDITIONS if e != "screen"], workers)
    rest += [make(job(p, e)) for p in shown.periods for e in EDITIONS if not EDITIONS[e].paged]
    target = site_dir / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for made in screens + rest:
        shutil.copyfile(made.path, target / made.path.name)
    return screens + rest
