"""The check pauses Python's cycle collector while it reads (pipeline.py: a fifth of a large check
was the collector walking what had been read).  That is safe only while reading makes no reference
cycles, which would then pile up until the check ends: these tests hold the code to both."""

import gc
import sys

import pytest

from generator import pipeline
from generator.pipeline import check_project

from .conftest import ROOT


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
