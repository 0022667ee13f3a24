"""Atomic replacement of a build, and dates from the data."""

import datetime as dt

import pytest

from generator.output.publish import atomic_directory, environment_epoch, source_date, source_date_epoch
from generator.pipeline import check_project

from .conftest import ROOT


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old site")
    with pytest.raises(RuntimeError):
        with atomic_directory(site) as work:
            (work / "index.html").write_text("half a new site")
            raise RuntimeError("the build failed half way")
    assert (site / "index.html").read_text() == "old site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no leftovers


def test_a_good_build_replaces_the_site_whole(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "stale.html").write_text("from an old build")
    with atomic_directory(site) as work:
        (work / "index.html").write_text("new")
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_source_date_comes_from_the_data_or_the_given_epoch(monkeypatch):
    project = check_project(ROOT / "mkdocs.yml").project
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # never read here: passed in by the caller
    published = project.published()
    assert source_date(published) == max(p.published or p.period.end for p in published.periods)
    assert source_date(project, 1700000000) == dt.date(2023, 11, 14)  # 22:13:20 UTC that day
    assert source_date_epoch(project, 1700000000) == 1699920000  # its midnight: 1700000000 - 80000 s


@pytest.mark.parametrize("environ, epoch", [
    ({}, None),
    ({"SOURCE_DATE_EPOCH": "1700000000"}, 1700000000),
    ({"SOURCE_DATE_EPOCH": " 1700000000\n"}, 1700000000),
    ({"SOURCE_DATE_EPOCH": ""}, None),
    ({"SOURCE_DATE_EPOCH": "yesterday"}, None),
    ({"SOURCE_DATE_EPOCH": "-5"}, None),
])
def test_environment_epoch(environ, epoch):
    assert environment_epoch(environ) == epoch
