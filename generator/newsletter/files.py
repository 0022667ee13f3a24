"""Making newsletters: one edition for `standards newsletter`, every edition for `standards build`.

An edition is rendered again only when its inputs changed: the hash of its HTML (which
holds the data, the templates and the CSS), the fonts, logo and ICC profiles it uses,
its options and the versions of the tools is kept in a stamp in the project's cache
(``.standards-cache/stamps/``, by the output's path: nothing is left beside a file written
elsewhere).  `standards build` renders into ``.standards-cache/newsletters/``
in the project (MkDocs empties the site folder on every build) and copies the finished
files into the site's ``newsletters/``.  PDFs are rendered in parallel, one process a core; the processes die with the command
(killed or stopped), and every file is written whole, under a name of its own, then moved
into place, so two commands at once never see half a file.
"""

from __future__ import annotations

import ctypes
import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from generator import __version__
from generator.model import PeriodFile, Project
from generator.newsletter import budget, cmyk
from generator.newsletter import pdf as editions
from generator.newsletter.content import Content, Options, content, look, render_html, screen_palette
from generator.newsletter.text import text_edition
from generator.output.paths import CACHE_FOLDER, failed
from generator.problems import Problems
from generator.registry.editions import EDITIONS, FOLDER, file_name
from generator.registry.periods import parse_period
from generator.source.files import ours

CACHE = f"{CACHE_FOLDER}/newsletters"
STAMPS = f"{CACHE_FOLDER}/stamps"
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
    stamped: bool = True  # False: a file made only to be sent on (-o -), made again each time


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
    path = Path(output).resolve() if output else root / FOLDER / file_name(period_file.period, edition)
    return Job(content(project, period_file), edition, options, root, path)


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


def _assets(job: Job) -> list[Path]:
    assets = sorted((ours() / "assets" / "fonts").glob("*.woff2"))
    if EDITIONS[job.edition].for_print:
        assets.append(_print_profile(job.options))
    if job.content.settings.logo:
        assets.append(job.root / job.content.settings.logo)
    return assets


@lru_cache(maxsize=1)
def _versions() -> tuple[str, ...]:
    return tuple(version(name) for name in ("weasyprint", "pikepdf", "pydyf", "jinja2", "markupsafe", "markdown",
                                            "pillow"))


def inputs(job: Job, html: str) -> str:
    """The hash of everything that makes this edition's bytes, its HTML included."""
    return editions.digest(__version__, *_versions()[:2], job.edition,
                           repr(job.options), html,  # the options hold the date (epoch)
                           *(_asset_digest(a) for a in _assets(job)))


def _folder_digest(folder: Path) -> str:
    """Every file below ``folder``: its path and contents (hashed again only when it changes)."""
    if not folder.is_dir():
        return "none"
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return editions.digest(*(f"{p.relative_to(folder).as_posix()}:{_asset_digest(p)}" for p in files))


_PLAIN = (str, int, float, bool, type(None), Decimal, dt.date, Path)


def fingerprint(value, memo: dict) -> str:
    """A hash of a value of the model (frozen dataclasses, tuples, dicts, text, numbers, dates),
    the same in every process.  Objects shared between newsletters (the standards, the periods'
    files) are hashed once: ``memo`` keeps them by identity.  Anything else is a TypeError."""
    if isinstance(value, _PLAIN):
        return f"{type(value).__name__}:{value!r}"
    known = memo.get(id(value))
    if known is not None:
        return known[1]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = [type(value).__qualname__] + [fingerprint(getattr(value, f.name), memo)
                                               for f in dataclasses.fields(value)]
    elif isinstance(value, (tuple, list)):
        parts = ["sequence"] + [fingerprint(v, memo) for v in value]
    elif isinstance(value, dict):
        parts = ["mapping"] + [f"{fingerprint(k, memo)}={fingerprint(v, memo)}" for k, v in value.items()]
    elif isinstance(value, (set, frozenset)):
        parts = ["set"] + sorted(fingerprint(v, memo) for v in value)
    else:
        raise TypeError(f"cannot fingerprint a {type(value).__name__}")
    result = editions.digest(*parts)
    memo[id(value)] = (value, result)  # the value is kept, so its id is not reused
    return result


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The tool's own code and newsletter templates (a changed checkout, not only a new version)."""
    package = Path(__file__).resolve().parent.parent
    sources = sorted(package.rglob("*.py")) + sorted((ours() / "newsletter").iterdir())
    return editions.digest(*(f"{p.name}:{editions.digest(p.read_bytes())}" for p in sources if p.is_file()))


_MEMO: dict = {}  # fingerprints of the model's objects, for the last project's settings only


def quick_inputs(job: Job) -> str | None:
    """The hash of everything an edition's HTML is made from, without making the HTML: the
    content, the templates (ours and the landlord's), the code and the libraries, the options,
    the fonts, logo and profiles, and where they are.  None when the content cannot be hashed."""
    if _MEMO.get("settings") is not job.content.settings:
        _MEMO.clear()
        _MEMO["settings"] = job.content.settings
    try:
        data = fingerprint(job.content, _MEMO)
    except TypeError:
        return None
    settings = job.content.settings
    landlord = _folder_digest(job.root / settings.templates) if settings.templates else "none"
    return editions.digest("quick", __version__, *_versions(), _code_digest(), job.edition, repr(job.options),
                           str(job.root), str(ours()), landlord,
                           data, *(_asset_digest(a) for a in _assets(job)))


def stamp_path(root: Path, output: Path) -> Path:
    """Where the stamp of ``output`` is kept: in the project's cache, by the file's real path,
    never beside the file (which may be anywhere: -o)."""
    real_root, real = Path(os.path.realpath(root)), Path(os.path.realpath(output))
    where = real.relative_to(real_root).as_posix() if real_root in real.parents else str(real)
    key = hashlib.sha256(os.fsencode(where)).hexdigest()[:16]
    return root / STAMPS / f"{real.name}.{key}.stamp"


def _read_stamp(job: Job) -> dict:
    return _stamp_of(job.root, job.output) if job.stamped else {}


def _stamp_of(root: Path, output: Path) -> dict:
    """The stamp of ``output``; empty when either is missing, or the file is not the one stamped."""
    where = stamp_path(root, output)
    try:
        stamp = json.loads(where.read_text(encoding="utf-8"))
        made = output.stat()
    except (OSError, ValueError):
        return {}
    if not isinstance(stamp, dict) or stamp.get("file") not in (None, [made.st_size, made.st_mtime_ns]):
        return {}
    return stamp


def _write_stamp(job: Job, **values) -> None:
    if not job.stamped:
        return
    output, where = job.output, stamp_path(job.root, job.output)
    made = output.stat()
    values["file"] = [made.st_size, made.st_mtime_ns]
    write(where, (json.dumps(values) + "\n").encode("utf-8"))


def _umask() -> int:
    try:  # Linux says it without changing it
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # read once, at import, before any thread of ours runs
    os.umask(mask)
    return mask


_UMASK = _umask()


def write(output: Path, data: bytes) -> None:
    """Write ``output`` whole or not at all: into a temporary file of its own beside it (so two
    writers never share one), moved into place in one step.  On any failure the temporary file
    is removed, and the error says why in plain words (a full disk, no permission)."""
    temporary = None
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".part", dir=output.parent)
        temporary = Path(name)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_UMASK)  # mkstemp makes it private; an ordinary file is not
        os.replace(temporary, output)
        temporary = None
    except OSError as exc:
        raise failed(exc, output) from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def clear_leftovers(root: Path) -> None:
    """Remove the temporary files of writes that were killed half way (hold the project's lock)."""
    for folder in (root / CACHE, root / STAMPS, root / FOLDER):
        for part in folder.glob(".*.part") if folder.is_dir() else ():
            part.unlink(missing_ok=True)


def up_to_date(job: Job) -> Made | None:
    """The edition as already made, when its stamp says nothing it is made from has changed:
    known without making its HTML (see quick_inputs)."""
    return _current(job, quick_inputs(job), _read_stamp(job))


def _current(job: Job, quick: str | None, stamp: dict) -> Made | None:
    if quick is not None and stamp.get("quick") == quick:
        return Made(job.output, stamp.get("pages"), False)
    return None


def make(job: Job) -> Made:
    """Make one edition at ``job.output`` unless its stamp says it is up to date.

    Two checks: the quick one (the content, templates, code and options, see quick_inputs),
    then, when that changed, the edition's HTML: a change that does not change the HTML (a
    comment in a data file, another period's draft) makes nothing again either."""
    # the quick hash and the stamp, worked out once: both checks below use them
    quick = quick_inputs(job)
    stamp = _read_stamp(job)
    made = _current(job, quick, stamp)
    if made is not None:
        return made
    spec = EDITIONS[job.edition]
    if not spec.paged:
        data = (text_edition(job.content) if job.edition == "text" else edition_html(job)).encode("utf-8")
        changed = not job.output.is_file() or job.output.read_bytes() != data
        if changed:
            write(job.output, data)
        _write_stamp(job, quick=quick)
        return Made(job.output, None, changed)
    html = edition_html(job)
    identity = inputs(job, html)
    if stamp.get("inputs") == identity:
        _write_stamp(job, inputs=identity, quick=quick, pages=stamp.get("pages"))
        return Made(job.output, stamp.get("pages"), False)
    rendered = editions.render(html, job.edition, job.options, identity, job.root)
    if spec.for_print and job.options.paper == "A5" and rendered.pages % 4:
        # a booklet: pad to a multiple of 4 pages with pages marked as intentionally blank
        padded = edition_html(job, blank_pages=4 - rendered.pages % 4)
        rendered = editions.render(padded, job.edition, job.options, identity, job.root)
    write(job.output, rendered.data)
    _write_stamp(job, inputs=identity, quick=quick, pages=rendered.pages)
    return Made(job.output, rendered.pages, True)


PAGE_COUNTS = "page-counts.json"  # in the cache: the screen edition's pages by the hash of its inputs


def _page_counts(root: Path) -> dict:
    try:
        known = json.loads((root / CACHE / PAGE_COUNTS).read_text(encoding="utf-8"))
        return known if isinstance(known, dict) else {}
    except (OSError, ValueError):
        return {}


def _remember_pages(root: Path, counts: dict[str, int]) -> None:
    """Add page counts to the cache (the last 500 kept)."""
    if not counts:
        return
    known = {k: v for k, v in _page_counts(root).items() if k not in counts}
    known.update(counts)
    write(root / CACHE / PAGE_COUNTS, (json.dumps(dict(list(known.items())[-500:])) + "\n").encode())


def screen_pages(job: Job):
    """A page counter for the budget: the screen edition of a newsletter, laid out (once: the
    count is kept in the cache by the hash of the edition's inputs)."""
    known = _page_counts(job.root)

    def count(newsletter: Content) -> int:
        html = edition_html(Job(newsletter, "screen", job.options, job.root, job.output))
        identity = inputs(Job(newsletter, "screen", job.options, job.root, job.output), html)
        if not isinstance(known.get(identity), int):
            known[identity] = editions.count_pages(html, job.root)
            _remember_pages(job.root, {identity: known[identity]})
        return known[identity]

    return count


def _remember_made(root: Path, made: Made) -> None:
    """A screen edition just made (or found up to date): its page count, for the budget."""
    stamp = _stamp_of(root, made.path)
    if isinstance(stamp.get("inputs"), str) and isinstance(made.pages, int):
        if _page_counts(root).get(stamp["inputs"]) != made.pages:
            _remember_pages(root, {stamp["inputs"]: made.pages})


def make_checked(job: Job, project: Project, problems: Problems) -> Made | None:
    """`standards newsletter`: check the page budget (on the screen edition), then make the edition."""
    plan = job.content.period_file.newsletter
    if plan is not None and plan.pages is not None and EDITIONS[job.edition].paged:
        count = screen_pages(job)
        if job.edition == "screen":
            made = make(job)
            _remember_made(job.root, made)
            if budget.fits(project, job.content.period_file, made.pages or 0, count, problems):
                return made
            _remove(job.root, job.output)
            return None
        if not budget.fits(project, job.content.period_file, count(job.content), count, problems):
            return None
    return make(job)


def _remove(root: Path, output: Path) -> None:
    for path in (output, stamp_path(root, output)):
        path.unlink(missing_ok=True)


# -- every edition of every period ---------------------------------------------------------------


class _Ready:
    """A job's outcome, known already (up to date) or made when it is asked for (one process)."""

    def __init__(self, job: Job, made: Made | None = None):
        self.job, self.made = job, made

    def result(self) -> Made:
        if self.made is None:
            self.made = make(self.job)
        return self.made

    def cancel(self) -> bool:
        return True


COST = {"large-print": 0, "print": 1, "insert": 2}  # the longest first, so no core waits at the end


def _start(jobs: list[Job], workers: int | None, pool_holder: list, first: int = 0) -> list:
    """Start making the jobs: one future-like a job, in order.  Up-to-date jobs are known at once
    (no HTML made, nothing laid out); the others are made in parallel, one process a core: the
    ``first`` jobs first, then the rest the longest first."""
    ready = {i: _Ready(job, made) for i, job in enumerate(jobs) if (made := up_to_date(job)) is not None}
    stale = [i for i in range(len(jobs)) if i not in ready]
    workers = min(len(stale), workers or os.cpu_count() or 1)
    if workers <= 1:
        return [ready.get(i) or _Ready(job) for i, job in enumerate(jobs)]
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_die_with, initargs=(os.getpid(),))
    pool_holder.append(pool)
    stale.sort(key=lambda i: (i >= first, COST.get(jobs[i].edition, len(COST)) if i >= first else i))
    futures = {i: pool.submit(make, jobs[i]) for i in stale}
    return [ready.get(i) or futures[i] for i in range(len(jobs))]


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """In each worker: end when the command that started it ends, even when it was killed
    (SIGKILL cannot be caught, so the parent cannot end its workers then).  On Linux the
    system sends the worker SIGKILL when its parent dies; elsewhere, and as a fallback, a
    thread looks for the parent every half second."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # it died before the line above
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _stop(pool: ProcessPoolExecutor, at_once: bool) -> None:
    """Shut the pool down; ``at_once`` (the command is being stopped): end the workers now,
    rather than wait for the editions they are laying out."""
    if at_once:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            try:
                process.kill()
            except (OSError, ValueError):
                pass
    pool.shutdown(wait=True, cancel_futures=True)


def build(project: Project, root: Path, site_dir: Path, drafts: bool = False,
          problems: Problems | None = None, workers: int | None = None, epoch: int | None = None) -> list[Made]:
    """Every edition of every period shown on the site into ``site_dir/newsletters/``.

    Page budgets are checked on the screen editions, which are made first; a newsletter over
    its budget is a problem, and then no newsletter is copied into the site (and what was not
    started yet is not made).  The text and web-page editions are made here while the PDFs are
    rendered in other processes.
    """
    problems = problems if problems is not None else Problems()
    shown = project.published(drafts)
    cache = root / CACHE
    options = Options.from_settings(project.settings, root, epoch=epoch)  # epoch: SOURCE_DATE_EPOCH, if set
    items = {p.period.label: content(project, p) for p in shown.periods}

    def job(period: PeriodFile, edition: str) -> Job:
        return Job(items[period.period.label], edition, options, root, cache / file_name(period.period, edition))

    screen_jobs = [job(p, "screen") for p in shown.periods]
    others = [job(p, e) for p in shown.periods for e in PDF_EDITIONS if e != "screen"]
    pools: list[ProcessPoolExecutor] = []
    stopped = True  # until the end is reached: an error or an interrupt ends the workers at once
    try:
        started = _start(screen_jobs + others, workers, pools, first=len(screen_jobs))
        pages = [make(job(p, e)) for p in shown.periods for e in EDITIONS if not EDITIONS[e].paged]
        screens = [future.result() for future in started[:len(screen_jobs)]]
        for period_file, made in zip(shown.periods, screens):
            _remember_made(root, made)
            if not budget.fits(project, period_file, made.pages or 0,
                                screen_pages(job(period_file, "screen")), problems):
                _remove(root, made.path)  # so it is laid out, and found too long, again next time
        if problems.errors:
            for future in started:
                future.cancel()
            return []
        rest = [future.result() for future in started[len(screen_jobs):]]
        stopped = False
    finally:
        for pool in pools:
            _stop(pool, at_once=stopped)
    target = site_dir / FOLDER
    try:
        target.mkdir(parents=True, exist_ok=True)
        for made in screens + rest + pages:
            shutil.copyfile(made.path, target / made.path.name)
    except OSError as exc:
        raise failed(exc, target) from None
    return screens + rest + pages
