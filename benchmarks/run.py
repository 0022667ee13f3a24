"""`make bench`: how the tool's cost grows with the data, on the typical and large synthetic projects.

Writes benchmarks/RESULTS.md (and prints it).  Not part of `make test`.
Measures, for each size: `standards check` time and peak memory; the full
site build; the plugin's share against a plain `mkdocs build` of the very
same generated Markdown written as files (alternating runs); the rebuild time
of `mkdocs serve` after one performance file changes; the gzip transfer size
of the home, an area and a period page with their CSS and JS; the search
index; the time per newsletter edition when the newsletter module exists; and, under "Site
engines", `standards build --engine E` for every engine in the registry (cold, warm, one change)
with the first view of its site, and each engine's ratio to the default one.
"""

from __future__ import annotations

import gzip
import os
import platform
import queue
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from .synthetic import SIZES, generate

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
# the site build is measured without the newsletters, which are measured on their own below
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0", STANDARDS_NEWSLETTERS="0")
# Measured as a user runs it: Python keeps compiled modules.  With this set (as in some CI
# shells) every import of our editable package compiles from source on every run, while the
# installed packages were compiled at install: that would be measured as the plugin's share.
ENV.pop("PYTHONDONTWRITEBYTECODE", None)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
TARGETS = {
    "check_seconds_large": 1.0, "check_vs_yaml_large": 2.5, "check_mb_large": 200, "plugin_share": 0.10,
    "build_typical": 5.0, "build_large": 30.0, "serve_typical": 1.0, "serve_large": 5.0, "area_page_kb": 100,
    "search_index_kb_large": 500,
}
# The floor for `standards check`: the same files read by PyYAML's C loader alone, in a fresh process
# (Python's start and `import yaml` included, as they are in the check)
BARE_YAML_LOAD = ("import yaml\nfrom pathlib import Path\n"
                  "for f in [Path('mkdocs.yml'), *sorted(Path('standards').glob('*.yaml')), "
                  "*sorted(Path('performance').glob('*.yaml'))]:\n"
                  "    yaml.load(f.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)\n")


def check_times(project: Path, pairs: int = 7) -> dict:
    """`standards check` against a bare YAML load of the same files, in alternating pairs: on a busy
    machine a slow moment falls on both commands of a pair, so the median of the pairs' ratios holds
    where either time alone does not."""
    checks, loads = [], []
    for _ in range(pairs):
        checks.append(timed([PY, "-m", "generator", "check"], project)[0])
        loads.append(timed([PY, "-c", BARE_YAML_LOAD], project)[0])
    return {"check_seconds": min(checks), "yaml_load_seconds": min(loads),
            "check_vs_yaml": statistics.median(c / y for c, y in zip(checks, loads))}


def timed(args: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int]:
    """Wall time and the child's peak memory (KB) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    run = subprocess.run(args, cwd=cwd, env=env or ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{run.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before)


def peak_memory_mb(args: list[str], cwd: Path) -> float:
    """Peak memory of one command, measured alone (RUSAGE_CHILDREN keeps the maximum ever seen)."""
    code = ("import resource,subprocess,sys;subprocess.run(sys.argv[1:],capture_output=True);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([PY, "-c", code, *args], cwd=cwd, env=ENV, capture_output=True, text=True)
    return int(out.stdout.strip() or 0) / 1024


def plain_copy(project: Path, dest: Path) -> None:
    """The same generated Markdown and assets as files, for a plain MkDocs build without our plugin."""
    sys.path.insert(0, str(ROOT))
    from generator.pipeline import check_project
    from generator.present.templates import asset_files
    from generator.site.bundle import make_bundle
    from generator.site.pages import build_site

    outcome = check_project(project / "mkdocs.yml")
    site = build_site(outcome.project, project)
    # the theme's settings as the plugin gives them (footer links, the engine's credit), so the
    # overrides render the same pages
    bundle = make_bundle(outcome.project, project, project / "docs", drafts=False, newsletters=False)
    docs = dest / "docs"
    for path, content in site.pages.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(content, encoding="utf-8")
    for path, content in site.data.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(content, encoding="utf-8")
    for source, relative in asset_files():
        (docs / "assets/standards" / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, docs / "assets/standards" / relative)
    import yaml

    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(ROOT / "generator" / "templates" / "overrides")
    config.update(
        plugins=["search"],
        markdown_extensions=["attr_list", "toc", "tables"],
        extra_css=[f"assets/standards/{c}" for c in site.stylesheets],
        extra={"standards": bundle.theme},
        nav=site.nav,
    )
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def _change_one_result(path: Path, round_: int) -> None:
    """One result of a period file changes (its first whole-number part goes up or back down by one):
    what a communications officer's save does.  A comment alone would change no page."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^(  \S+: )(\d+)", text, re.M)
    assert match is not None, path
    number = int(match.group(2)) + (1 if round_ % 2 == 0 else -1)
    path.write_text(text[:match.start(2)] + str(number) + text[match.end(2):], encoding="utf-8")


def serve_rebuild(project: Path, saves: int = 3) -> float:
    """Seconds from saving one performance file to `mkdocs serve` having rebuilt the preview (the
    watcher's delay, our work and MkDocs' all counted): the median of ``saves`` saves in a row.

    The end of a rebuild is serve's "Reloading browsers", logged as the new site becomes the one
    served: MkDocs' "Documentation built in N seconds" is left out when it repeats the last build's
    words (its DuplicateFilter), and two rebuilds of the same length would be missed."""
    port = 8700 + os.getpid() % 200
    process = subprocess.Popen([PY, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                               cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:  # in a thread: the loop below waits with a timeout, never on a silent pipe
        for line in process.stdout:  # type: ignore[union-attr]
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    target = sorted((project / "performance").glob("*.yaml"))[-1]
    original = target.read_bytes()
    took: list[float] = []
    saved_at = None
    try:
        deadline = time.monotonic() + 600
        while len(took) < saves and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=5)
            except queue.Empty:
                continue
            if "An error happened during the rebuild" in line:
                raise SystemExit(f"mkdocs serve could not rebuild {project}")
            if "Reloading browsers" in line and saved_at is not None:
                took.append(time.perf_counter() - saved_at)
                saved_at = None
            if ("Serving on" in line or (took and saved_at is None)) and len(took) < saves:
                time.sleep(1)  # the watcher is running only from "Serving on"; then a pause between saves
                _change_one_result(target, len(took))
                saved_at = time.perf_counter()
        return statistics.median(took) if len(took) == saves else float("nan")
    finally:
        process.terminate()
        process.wait(timeout=30)
        target.write_bytes(original)


def primary_nav(html: str) -> str | None:
    """Material's whole navigation: the outer <nav> with every <nav> nested in it."""
    start = html.find('<nav class="md-nav md-nav--primary"')
    if start < 0:
        return None
    depth = 0
    for match in re.finditer(r"<(/?)nav\b[^>]*>", html[start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return html[start : start + match.end()]
    return None


# MkDocs' search index and Zensical's (search.json at the site's root): measured apart from first views
SEARCH_INDEXES = {"search_index.json", "search.json"}


def first_view_kb(site: Path, pages: list[str]) -> dict[str, tuple[float, float]]:
    """What Chromium fetches to show each page, gzipped as a server would send it (fonts and images
    as they are), without the search index (measured apart): (everything, the page alone) in KB.
    Every request is counted, so a font face, a script or a worker the page pulls in is never missed."""
    from playwright.sync_api import sync_playwright

    server = subprocess.Popen([PY, "-m", "http.server", "0", "-b", "127.0.0.1", "-d", str(site)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV)
    port = int(re.search(r"port (\d+)", server.stdout.readline()).group(1))  # type: ignore[union-attr]
    sizes = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
            for page_path in pages:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                tab = context.new_page()
                fetched: list[str] = []
                tab.on("request", lambda request: fetched.append(request.url))
                tab.goto(f"http://127.0.0.1:{port}/{page_path}", wait_until="networkidle")
                # fonts and Material's search worker can start after the network first goes quiet
                tab.evaluate("document.fonts.ready.then(() => true)")
                tab.wait_for_timeout(1500)
                tab.wait_for_load_state("networkidle")
                context.close()
                total, alone = 0, 0
                for url in dict.fromkeys(fetched):
                    path = site / urlsplit(url).path.lstrip("/")
                    path = path / "index.html" if path.is_dir() else path
                    if not path.is_file() or path.name in SEARCH_INDEXES:
                        continue
                    data = path.read_bytes()
                    size = len(data) if path.suffix in (".woff2", ".png", ".jpg") else len(gzip.compress(data, mtime=0))
                    total += size
                    alone = size if path.name == "index.html" and alone == 0 else alone
                sizes[page_path] = (total / 1024, alone / 1024)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return sizes


BUILD_PAIRS = {"typical": 7, "large": 3}  # a large build is a quarter of a minute or more: three pairs


def build_share(project: Path, plain: Path, site: Path, plain_site: Path, pairs: int) -> dict:
    """Our `mkdocs build` against plain MkDocs on the same pages (plain_copy), in pairs, alternating, so
    a slow moment of the machine falls on both builds of a pair: the share is the median of the pairs'
    ratios."""
    ours, theirs = [], []
    for _ in range(pairs):
        ours.append(timed([PY, "-m", "mkdocs", "build", "-q", "-d", str(site)], project)[0])
        theirs.append(timed([PY, "-m", "mkdocs", "build", "-q", "-d", str(plain_site)], plain)[0])
    return {"build_seconds": min(ours),  # the site build: best of the same runs
            "plugin_build": statistics.median(ours), "plain_build": statistics.median(theirs),
            "plugin_share": statistics.median(o / t for o, t in zip(ours, theirs)) - 1}


def measure(size: str, work: Path) -> dict:
    project = generate(size, work / size)
    results: dict = {}
    # best of seven: on a shared virtual machine the same run varies by half (other tenants' load)
    results.update(check_times(project))
    results["check_mb"] = peak_memory_mb([PY, "-m", "generator", "check"], project)
    site = work / f"{size}-site"
    plain = work / f"{size}-plain"
    plain_copy(project, plain)
    results.update(build_share(project, plain, site, work / "p", BUILD_PAIRS[size]))
    results["serve_rebuild"] = serve_rebuild(project)
    first_period = sorted(p.stem for p in (project / "performance").glob("*.yaml"))[0]
    views = {"home": "", "area": "areas/area-01/", "period": f"periods/{first_period}/"}
    sizes = first_view_kb(site, list(views.values()))
    for name, page in views.items():
        results[f"{name}_kb"], results[f"{name}_page_kb"] = sizes[page]
    nav = primary_nav((site / "areas/area-01/index.html").read_text(encoding="utf-8"))
    results["nav_kb"] = len(gzip.compress(nav.encode(), mtime=0)) / 1024 if nav else float("nan")
    index = site / "search" / "search_index.json"
    results["search_index_kb"] = len(gzip.compress(index.read_bytes(), mtime=0)) / 1024 if index.exists() else 0
    results.update(newsletter_times(project, work))
    return results


def newsletter_times(project: Path, work: Path) -> dict:
    """Seconds per edition, and all editions cold and warm, when `standards newsletter` exists."""
    help_text = subprocess.run([PY, "-m", "generator", "--help"], capture_output=True, text=True, env=ENV).stdout
    if "newsletter" not in help_text:
        return {}
    period = sorted(p.stem for p in (project / "performance").glob("*.yaml"))[-1]
    label = subprocess.run([PY, "-c", f"import yaml;print(yaml.safe_load(open('performance/{period}.yaml'))['period'])"],
                           cwd=project, capture_output=True, text=True).stdout.strip()
    import json

    if project.name != "typical":  # the targets are for the typical size; the large one would take minutes
        return {}
    out = work / "nl"
    times = {"newsletter_command": min(timed([PY, "-m", "generator", "newsletter", label, "-o", str(out / f"cli-{i}.pdf")],
                                             project)[0] for i in range(2))}
    # (a) each edition after the first in one process (the first pays imports and font setup), best of 3
    each = ("import json,sys,time;from pathlib import Path;from generator.pipeline import check_project;"
            "from generator.newsletter import files as nf;o=check_project(Path('mkdocs.yml').resolve());"
            "p=nf.find_period(o.project,sys.argv[1]);out=Path(sys.argv[2])\n"
            "def once(e,i):\n j=nf.job_for(o.project,o.root,p,e,str(out/f'{e}-{i}'));s=time.perf_counter();nf.make(j)\n"
            " return time.perf_counter()-s\n"
            "once('screen','first');print(json.dumps({e:min(once(e,i) for i in range(2)) for e in nf.EDITIONS}))")
    run = subprocess.run([PY, "-c", each, label, str(out)], cwd=project, env=ENV, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"newsletter editions failed:\n{run.stderr[-2000:]}")
    times.update({f"newsletter_{edition}": seconds for edition, seconds in json.loads(run.stdout).items()})
    # (b) every edition of every period from cold (no cache), (c) again with nothing changed
    build = ("import sys;from pathlib import Path;from generator.pipeline import check_project;"
             "from generator.newsletter.files import build;o=check_project(Path('mkdocs.yml').resolve());"
             "build(o.project,o.root,Path(sys.argv[1]))")
    shutil.rmtree(project / ".standards-cache", ignore_errors=True)
    times["newsletters_cold"] = timed([PY, "-c", build, str(work / "nl-site")], project)[0]  # once: a minute
    times["newsletters_warm"] = min(timed([PY, "-c", build, str(work / "nl-site")], project)[0] for _ in range(3))
    return times


# -- Site engines: `standards build --engine E` for every engine of the registry -------------------------
BUILDS = ("cold", "warm", "change")  # nothing kept; again with nothing changed; after one saved result
# a large build takes a minute or more on a busy machine: one round there keeps `make bench` under 10 minutes
ENGINE_ROUNDS = {"typical": 3, "large": 1}
FIRST_VIEWS = {"home": "", "area": "areas/area-01/"}


def _engines():
    sys.path.insert(0, str(ROOT))
    from generator.registry import engines

    return engines


def build_seconds(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and CPU time (user and system, of the command and every process it ran) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = timed(args, cwd)[0]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def engine_caches(engine: str, project: Path) -> list[Path]:
    """What a cold build of ``engine`` starts without, besides the site: for Zensical the project we write
    for it and Zensical's own cache in it (.standards-cache/zensical/); MkDocs keeps nothing between builds."""
    from generator.site.zensical import WORK

    return [project / WORK] if engine == "zensical" else []


def engine_builds(project: Path, work: Path, rounds: int) -> dict[str, dict[str, list[tuple[float, float]]]]:
    """(wall, CPU) of every build, by engine and kind.  In each round: a cold build with each engine, then
    a warm one with each, then one result changed and a build with each.  The engines take turns within
    a step (the first one swapped each round), so a slow moment of the machine falls on both alike."""
    names = list(_engines().ENGINES)
    target = sorted((project / "performance").glob("*.yaml"))[-1]
    original = target.read_bytes()
    times: dict[str, dict[str, list[tuple[float, float]]]] = {e: {b: [] for b in BUILDS} for e in names}
    try:
        for round_ in range(rounds):
            for build in BUILDS:
                if build == "change":
                    _change_one_result(target, round_)
                for engine in names if round_ % 2 == 0 else names[::-1]:
                    site = work / f"{project.name}-{engine}"
                    if build == "cold":
                        for folder in (site, *engine_caches(engine, project)):
                            shutil.rmtree(folder, ignore_errors=True)
                    args = [PY, "-m", "generator", "build", "--engine", engine, "-d", str(site)]
                    times[engine][build].append(build_seconds(args, project))
    finally:
        target.write_bytes(original)
    return times


def engine_results(project: Path, work: Path, rounds: int) -> dict[str, dict]:
    """For each engine: the best wall and CPU time of each kind of build, every run (for the ratios),
    and the first view of the home and an area page of the site it built last."""
    results = {}
    for engine, runs in engine_builds(project, work, rounds).items():
        row: dict = {"runs": runs}
        for build, took in runs.items():
            row[build], row[f"{build}_cpu"] = min(w for w, _ in took), min(c for _, c in took)
        sizes = first_view_kb(work / f"{project.name}-{engine}", list(FIRST_VIEWS.values()))
        row.update({f"{name}_kb": sizes[page][0] for name, page in FIRST_VIEWS.items()})
        results[engine] = row
    return results


def _engine_name(engine: str) -> str:
    registered = _engines().ENGINES[engine]
    versions = ", ".join(f"{name} {version}" for name, version in registered.distributions)
    return f"{registered.label} ({versions}{'; experimental' if registered.experimental else ''})"


def _ratio_cells(row: dict, base: dict) -> list[str]:
    """Builds: the median of the ratios of the same round's builds (run back to back); first views: the ratio."""
    cells = []
    for build in BUILDS:
        pairs = list(zip(row["runs"][build], base["runs"][build]))
        wall = statistics.median(o[0] / b[0] for o, b in pairs)
        cpu = statistics.median(o[1] / b[1] for o, b in pairs)
        cells.append(f"{wall:.2f} × (CPU {cpu:.2f} ×)")
    return cells + [f"{row[f'{name}_kb'] / base[f'{name}_kb']:.2f} ×" for name in FIRST_VIEWS]


def engine_table(results: dict[str, dict[str, dict]]) -> str:
    """A row per engine and size, and a row of each other engine's ratio to the default one."""
    default = _engines().DEFAULT_ENGINE
    lines = ["| size | engine | cold build | warm build | one-change build | home first view | area first view |",
             "|---|---|---|---|---|---|---|"]
    for size, engines in results.items():
        for engine, row in engines.items():
            cells = [f"{row[b]:.1f} s (CPU {row[f'{b}_cpu']:.1f} s)" for b in BUILDS]
            cells += [f"{row[f'{name}_kb']:.0f} KB" for name in FIRST_VIEWS]
            lines.append(f"| {size} | {_engine_name(engine)} | {' | '.join(cells)} |")
        for engine, row in engines.items():
            if engine != default:
                cells = _ratio_cells(row, engines[default])
                lines.append(f"| {size} | **{engine} / {default}** | {' | '.join(cells)} |")
    return "\n".join(lines)


def engine_section(results: dict[str, dict[str, dict]], minutes: float) -> str:
    rounds = ", ".join(f"{n} {'round' if n == 1 else 'rounds'} {size}" for size, n in ENGINE_ROUNDS.items())
    return ("## Site engines\n\n"
            "Each engine of the registry (generator/registry/engines.py) built each project with "
            "`STANDARDS_NEWSLETTERS=0 standards build --engine E -d DIR` (the site alone), each build in a fresh "
            "process: *cold* with the site folder and the engine's cache removed (for Zensical "
            "`.standards-cache/zensical/`, the project written for it with Zensical's own cache; MkDocs keeps "
            "none); *warm* the same again with nothing changed; *one change* after one result in the newest "
            "performance file went up or down by one. Python's compiled modules are kept, as a landlord has "
            "them. Wall time, and in brackets CPU time (user and system, of the command and every process it "
            f"ran: `getrusage(RUSAGE_CHILDREN)`, as `/usr/bin/time -v` reports it); the best of {rounds} (a large "
            "build takes half a minute or more here: once, to keep `make bench` near 10 minutes), the engines "
            "taking turns within each step. First views are measured as above (every Chromium fetch "
            "but the engine's search index, gzipped) on the site of the last build. Ratios: for builds the "
            "median of the ratios of the same round's builds, run back to back; for first views the plain "
            "ratio. The machine is shared (2 cores, other work running): the ratios measured in one run are "
            "the numbers to compare, not seconds from different runs. This section took "
            f"{minutes:.1f} minutes of the run.\n\n{engine_table(results)}\n")


def reference_seconds() -> float:
    """A fixed pure-Python loop (ten million additions), best of three: how fast the machine is
    just now.  On a shared virtual machine the same loop has taken from 0.9 s to 1.8 s."""
    code = "import time\nt=time.perf_counter()\nx=0\nfor i in range(10_000_000): x+=i\nprint(time.perf_counter()-t)"
    return min(float(subprocess.run([PY, "-c", code], capture_output=True, text=True, env=ENV).stdout) for _ in range(3))


def machine() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}"


def table(results: dict[str, dict]) -> str:
    rows = [
        ("`standards check`", "check_seconds", "{:.2f} s", "large ≤ 1 s"),
        ("`standards check` / bare YAML load of the same files (C loader, fresh process)", "check_vs_yaml",
         "{:.1f} ×", "large ≤ 2.5 × bare YAML load"),
        ("`standards check` peak memory", "check_mb", "{:.0f} MB", "large ≤ 200 MB"),
        ("site build (`mkdocs build`)", "build_seconds", "{:.1f} s", "typical ≤ 5 s, large ≤ 30 s"),
        ("our build / plain MkDocs on the same pages", "plugin_share", "{:+.0%}", "≤ +10%"),
        ("`mkdocs serve`: save of one result to preview rebuilt (median of 3)", "serve_rebuild", "{:.1f} s",
         "typical ≤ 1 s, large ≤ 5 s"),
        ("home page first view, gzip (all Chromium fetches but the search index)", "home_kb", "{:.0f} KB", ""),
        ("area page first view, gzip", "area_kb", "{:.0f} KB", "≤ 100 KB"),
        ("area page alone, gzip", "area_page_kb", "{:.0f} KB", ""),
        ("period page first view, gzip", "period_kb", "{:.0f} KB", ""),
        ("navigation on an area page, gzip", "nav_kb", "{:.1f} KB", "grows by a few KB"),
        ("search index, gzip", "search_index_kb", "{:.0f} KB", "large ≤ 500 KB"),
    ]
    rows.append(("`standards newsletter` (screen edition), one command", "newsletter_command", "{:.2f} s", ""))
    for edition in ("screen", "insert", "large-print", "print", "text", "html"):
        rows.append((f"newsletter, {edition} edition, in a process that made one already", f"newsletter_{edition}",
                     "{:.2f} s", "≤ 1.5 s after the first"))
    rows.append(("newsletters, every edition of every period, cold", "newsletters_cold", "{:.1f} s", "≤ 40 s cold"))
    rows.append(("newsletters, every edition of every period, nothing changed", "newsletters_warm", "{:.2f} s",
                 "≤ 2 s warm"))
    lines = ["| measure | typical | large | target |", "|---|---|---|---|"]
    for label, key, fmt, target in rows:
        cells = [fmt.format(results[s][key]) if key in results[s] else "n/a" for s in ("typical", "large")]
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {target} |")
    return "\n".join(lines)


@contextmanager
def work_folder() -> Iterator[Path]:
    """A folder of its own for one run, removed after it; our modules compiled first, as a landlord
    has them (the first command timed would otherwise compile them)."""
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "generator")], env=ENV, check=True, capture_output=True)
    work = Path(tempfile.mkdtemp(prefix="standards-bench-"))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


KEPT = "## Before and after"  # RESULTS.md from this heading on is not rewritten by `make bench`


def main() -> None:
    speed = [reference_seconds()]
    started = time.perf_counter()
    with work_folder() as work:
        results = {size: measure(size, work) for size in SIZES}
        engines_started = time.perf_counter()
        engines = {size: engine_results(work / size, work, ENGINE_ROUNDS[size]) for size in SIZES}
        engine_minutes = (time.perf_counter() - engines_started) / 60
    speed.append(reference_seconds())
    took = time.perf_counter() - started
    sizes = ", ".join(f"*{n}*: {s.areas} areas, {s.items} standards and figures, {s.years} years, {s.quarters} quarters"
                      for n, s in SIZES.items())
    text = (f"# Benchmarks\n\nMachine: {machine()}. A reference loop (ten million additions in Python) "
            f"took {speed[0]:.2f} s before the run and {speed[1]:.2f} s after it; the run took {took / 60:.1f} minutes.\n\n"
            f"Projects (benchmarks/synthetic.py): {sizes}.\n\n"
            f"{table(results)}\n\nTimes are the best of repeated runs (check: 7; build: 7 typical, 3 large); the check's ratio "
            "to a bare `yaml.load(..., Loader=yaml.CSafeLoader)` of the same files and the plugin's "
            "share are the medians of the ratios of alternating pairs of runs. First views are what Chromium "
            "fetches to show the page (fonts and the search worker included), gzipped as a server sends them; "
            "the search index is measured apart. Where the time goes, what was changed and what is left: "
            "PROFILE.md.\n\n" + engine_section(engines, engine_minutes))
    results_md = ROOT / "benchmarks" / "RESULTS.md"
    # the before-and-after comparisons of past changes (measured by hand, interleaved) are kept
    kept = results_md.read_text(encoding="utf-8").partition(KEPT)[2] if results_md.is_file() else ""
    results_md.write_text(text + (f"\n{KEPT}{kept}" if kept else ""), encoding="utf-8")
    print(text)


def _alone(measure_one) -> None:
    """One part of `make bench` for each size, printed and not written to RESULTS.md: ``measure_one``
    (size, project, work folder) returns the line to print."""
    with work_folder() as work:
        for size in SIZES:
            print(measure_one(size, generate(size, work / size), work))


def check_only() -> None:
    """`python -m benchmarks.run --check`: the check's rows alone (seconds, ratio to the bare YAML
    load): a minute, for a change to the check."""
    def one(size: str, project: Path, work: Path) -> str:
        got = check_times(project, pairs=9)
        return (f"{size}: check {got['check_seconds']:.2f} s, bare YAML load {got['yaml_load_seconds']:.2f} s, "
                f"check / load {got['check_vs_yaml']:.2f} × (median of 9 alternating pairs)")
    _alone(one)


def share_only() -> None:
    """`python -m benchmarks.run --share`: our build against plain MkDocs alone: two minutes, for a
    change to the plugin's share."""
    def one(size: str, project: Path, work: Path) -> str:
        plain_copy(project, work / f"{size}-plain")
        got = build_share(project, work / f"{size}-plain", work / f"{size}-site", work / "p", BUILD_PAIRS[size])
        return (f"{size}: our build {got['plugin_build']:.2f} s, plain MkDocs {got['plain_build']:.2f} s "
                f"(medians), our share {got['plugin_share']:+.0%} (median of {BUILD_PAIRS[size]} alternating pairs)")
    _alone(one)


def serve_only() -> None:
    """`python -m benchmarks.run --serve`: the preview's rebuild after a save alone, for a change to serve."""
    _alone(lambda size, project, work: f"{size}: save of one result to preview rebuilt "
                                       f"{serve_rebuild(project):.2f} s (median of 3)")


def engines_only() -> None:
    """`python -m benchmarks.run --engines`: the site engines' section alone, for a change to an engine's build."""
    started = time.perf_counter()
    with work_folder() as work:
        engines = {size: engine_results(generate(size, work / size), work, ENGINE_ROUNDS[size]) for size in SIZES}
    print(engine_section(engines, (time.perf_counter() - started) / 60))


if __name__ == "__main__":
    {"--check": check_only, "--share": share_only, "--serve": serve_only,
     "--engines": engines_only}.get(" ".join(sys.argv[1:]), main)()
