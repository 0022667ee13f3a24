"""The check pauses Python's cycle collector while it reads (pipeline.py: a fifth of a large check
was the collector walking what had been read).  That is safe only while reading makes no reference
cycles, which would then pile up until the check ends: these tests hold the code to both.  A build
then freezes what it has read (plugin.py) and, where the process goes on, gives it back at its end
(here and tests/test_preview.py)."""

import gc
import json
import os
import sys

import pytest

from generator import pipeline
from generator.pipeline import check_project

from .conftest import ROOT, copy_example


@pytest.fixture
def collector():
    """Python's collector as it was before the test, put back after it."""
    enabled, debug = gc.isenabled(), gc.get_debug()
    gc.enable()
    gc.collect()
    yield
    gc.set_debug(debug)
    gc.garbage.clear()
    (gc.enable if enabled else gc.disable)()


def _reading() -> bool:
    """Whether the project is being read now: pipeline._check is on the stack."""
    frame = sys._getframe()
    while frame is not None:
        if frame.f_code is pipeline._check.__code__:
            return True
        frame = frame.f_back
    return False


def test_no_collection_runs_while_reading_and_the_collector_is_back_after(collector):
    runs = []  # a collection is due as soon as the collector is back on: that one is not counted

    def count(phase, info):
        if phase == "start" and _reading():
            runs.append(info["generation"])

    gc.callbacks.append(count)
    try:
        outcome = check_project(ROOT / "mkdocs.yml")
    finally:
        gc.callbacks.remove(count)
    assert outcome.rows and not outcome.errors
    assert runs == []
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off(collector):
    gc.disable()
    check_project(ROOT / "mkdocs.yml")
    assert not gc.isenabled()


def test_checking_the_example_leaves_no_cycles_behind(collector):
    gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector would free is kept in gc.garbage, to be seen
    outcome = check_project(ROOT / "mkdocs.yml")
    gc.collect()
    kinds = sorted({type(thing).__name__ for thing in gc.garbage})
    assert outcome.rows
    assert gc.garbage == [], f"reading the project made reference cycles of {kinds}"


HOOK = """\
import gc, json, pathlib

counts = []

def on_post_page(output, page, config):
    counts.append(gc.get_freeze_count())

def on_post_build(config):  # after the plugin's own
    counts.append(gc.get_freeze_count())
    pathlib.Path(config.config_file_path).with_name("frozen.json").write_text(json.dumps(counts))
"""


def test_a_build_takes_what_it_has_read_out_of_the_collectors_sight(tmp_path):
    """`mkdocs build`: once the project is read, it is frozen (gc.freeze) while MkDocs converts and
    writes the pages, so MkDocs' collections do not walk it again and again (nor Python's last one,
    as the command ends)."""
    import subprocess

    project = copy_example(tmp_path / "project")
    (project / "frozen.py").write_text(HOOK, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config + "\nhooks:\n  - frozen.py\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")], cwd=project,
                         capture_output=True, text=True, env={**os.environ, "STANDARDS_NEWSLETTERS": "0"})
    assert run.returncode == 0, run.stderr[-2000:]
    counts = json.loads((project / "frozen.json").read_text())
    assert len(counts) > 20 and min(counts) > 10_000  # the example's project and rows, at least


def test_a_build_called_from_python_gives_back_what_it_froze(tmp_path, collector, monkeypatch):
    """MkDocs' build() called in a process that goes on (not `mkdocs build`, which ends with it)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = copy_example(tmp_path / "project")
    before = gc.get_freeze_count()
    monkeypatch.setenv("STANDARDS_NEWSLETTERS", "0")
    build(load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    assert (tmp_path / "site" / "index.html").is_file()
    assert gc.get_freeze_count() == before


def test_standards_check_freezes_what_it_read_as_the_process_exits(tmp_path):
    """So that Python's last collection does not walk it; the freeze is at the exit, not before."""
    import subprocess

    project = copy_example(tmp_path / "project")
    program = ("import atexit, gc, sys\n"
               "atexit.register(lambda: print('frozen at the end', gc.get_freeze_count()))  # runs last\n"
               "from generator.cli import main\n"
               "sys.argv = ['standards', 'check']\n"
               "try:\n    main()\n"
               "finally:\n    print('frozen after the check', gc.get_freeze_count())\n")
    run = subprocess.run([sys.executable, "-c", program], cwd=project, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    lines = dict(line.rsplit(" ", 1) for line in run.stdout.splitlines() if line.startswith("frozen"))
    assert int(lines["frozen after the check"]) == 0
    assert int(lines["frozen at the end"]) > 10_000
