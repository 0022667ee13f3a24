"""The website's pages as the core renders them (no MkDocs): content, wording, links, safety."""

import json
import re

import pytest

from generator.assess.rules import CLOSE, MET, MISSED, NO_DATA
from generator.pipeline import check_project
from generator.present import words
from generator.present.markup import render
from generator.site.pages import build_site, relative_url

from .conftest import ROOT


@pytest.fixture(scope="module")
def example():
    outcome = check_project(ROOT / "mkdocs.yml")
    assert not outcome.errors
    return outcome


@pytest.fixture(scope="module")
def site(example):
    return build_site(example.project, ROOT)


def test_golden_home_page(site, golden):
    golden("home.md", site.pages["index.md"])


def test_golden_area_page(site, golden):
    golden("area-complaints.md", site.pages["areas/complaints.md"])


def test_every_page_is_generated(site, example):
    expected = {"index.md", "falling-short.md", "areas/index.md", "periods/index.md", "all-results.md",
                "open-data.md", "words-we-use.md", "tsm.md"}  # the example switches TSMs on
    expected |= {f"areas/{a.id}.md" for a in example.project.areas}
    expected |= {f"periods/{p.period.label.lower().replace(' ', '-')}.md" for p in example.project.periods if not p.draft}
    expected |= {"plans/index.md", "plans/customer-service-strategy.md"}  # the example's one action plan
    assert set(site.pages) == expected


@pytest.mark.parametrize(
    "status, word, shape",
    [
        (MET, "Met", "M9 16.2"),
        (CLOSE, "Close", "M12 2a10"),
        (MISSED, "Missed", "M19 6.4"),
        (NO_DATA, "No data", "M5 11h14"),
        (None, "Not scored", "M12 7a5"),
    ],
)
def test_each_status_has_a_word_and_an_icon_of_its_own_shape(status, word, shape):
    badge = str(words.status_badge(status))
    css = words.STATUS_WORDS[status].css
    assert badge == f'<span class="status status--{css}">{word}</span>'
    # the icon is drawn by the stylesheet, from the same registry
    rule = next(line for line in words.status_icon_css().splitlines() if f".status--{css} " in line)
    assert f"d='{shape}" in rule
    shapes = {words.STATUS_WORDS[s].icon for s in words.STATUS_WORDS}
    assert len(shapes) == len(words.STATUS_WORDS)  # never colour alone


def test_drafts_are_left_out_unless_asked(example):
    published = build_site(example.project, ROOT)
    with_drafts = build_site(example.project, ROOT, drafts=True)
    assert "periods/2025-26-q2.md" not in published.pages
    assert "periods/2025-26-q2.md" in with_drafts.pages
    assert "DRAFT" not in "".join(published.pages.values())
    assert "DRAFT" in with_drafts.pages["periods/2025-26-q2.md"]
    assert with_drafts.theme_context["drafts"] is True and published.theme_context["drafts"] is False


def test_home_page_sums_up_the_latest_year_and_the_newer_quarter(site):
    home = site.pages["index.md"]
    assert "## April 2024 to March 2025 (2024-25)" in home
    assert "## April to June 2025 (2025-26 Q1)" in home
    assert "Of 44 standards with a target, we met 37, were close on 5 and missed 2." in home
    assert "missed for the third year running" in home


def test_area_page_says_what_close_means_and_flags_changed_targets(site):
    satisfaction = site.pages["areas/tenant-satisfaction.md"]
    assert "Close means not met, but no more than" in satisfaction
    assert "Target raised from at least 78% to at least 82% (harder to meet) from 2023-24" in satisfaction
    repairs = site.pages["areas/repairs.md"]
    assert "## Standards we no longer report" in repairs and "We stopped reporting this standard from 2023-24" in repairs


def test_trend_in_words(site):
    assert "Down from 88.1% in 2023-24, worse" in site.pages["areas/customer-care.md"] or \
        re.search(r"(Up|Down) from [^<]+ in 20\d\d-\d\d( Q\d)?, (better|worse)", site.pages["areas/customer-care.md"])


def test_period_pages_show_benchmarks_and_commentary(site):
    page = site.pages["periods/2024-25.md"]
    assert "How we compare with similar landlords" in page and "Housemark" in page
    assert '<div class="commentary">' in page


def test_open_data_json_is_the_check_document(site, example):
    from generator.report.check import json_document

    published_rows = [r for r in json_document(example)["results"] if not r["draft"]]
    data = json.loads(site.data["data/results.json"])
    # the open data adds the peers' figures beside a result linked to a TSM of a year compared with the
    # regulator's dataset (tests/test_peers_pages.py); otherwise it is the check document
    peers = ("peers_lower_quartile", "peers_median", "peers_upper_quartile", "peers_count", "peers_position")
    assert [{k: v for k, v in r.items() if k not in peers} for r in data["results"]] == published_rows
    assert all(r.get("tsm") and r["period"] == "2024-25" for r in data["results"] if "peers_count" in r)
    csv_lines = site.data["data/results.csv"].splitlines()
    assert csv_lines[0].startswith("\ufeffarea,area_name,id,kind,title,period")  # a BOM, for Excel
    assert len(csv_lines) == 1 + len(published_rows)
    # one result a line: readable in an editor and in a diff of two builds
    lines = site.data["data/results.json"].splitlines()
    assert sum(1 for line in lines if line.lstrip().startswith('{"id": ')) == len(published_rows)


def test_text_in_attributes_is_escaped_once(site):
    """An apostrophe in a title ("the year's rent") reaches a screen reader as an apostrophe:
    the aria-label holds &#x27;, never &amp;#x27; (read out as "amp")."""
    pages = "".join(site.pages.values())
    labels = re.findall(r'aria-label="([^"]*)"', pages)
    assert any("&#x27;" in label for label in labels), "the example has a title with an apostrophe"
    assert not [label for label in labels if "&amp;#" in label or "&amp;amp;" in label]


@pytest.mark.parametrize(
    "source, target, expected",
    [
        ("index.md", "areas/repairs.md", "areas/repairs/"),
        ("areas/repairs.md", "areas/complaints.md", "../complaints/"),
        ("areas/repairs.md", "index.md", "../../"),
        ("index.md", "index.md", "./"),
        ("open-data.md", "data/results.csv", "../data/results.csv"),
        ("areas/index.md", "areas/repairs.md", "repairs/"),
    ],
)
def test_relative_urls_with_directory_urls(source, target, expected):
    assert relative_url(source, target) == expected


def test_relative_urls_without_directory_urls():
    assert relative_url("areas/repairs.md", "index.md", directory_urls=False) == "../index.html"
    assert relative_url("index.md", "areas/repairs.md", directory_urls=False) == "areas/repairs.html"


def test_chart_has_one_sentence_alternative_and_shapes(example):
    site = build_site(example.project, ROOT)
    page = site.pages["areas/customer-care.md"]
    labels = re.findall(r'<svg class="chart"[^>]*role="img" aria-label="([^"]+)"', page)
    assert labels and all(label.count(". ") <= 1 and label.startswith("Chart of ") for label in labels)
    assert "pt--met" in page


@pytest.mark.parametrize(
    "text, present, absent",
    [
        ("<script>alert(1)</script>", "&lt;script&gt;", "<script"),
        ('[click](javascript:alert(1))', "<span>click</span>", "javascript:"),
        ('<img src=x onerror=alert(1)>', "&lt;img", "<img"),
        ("**bold** and [link](https://example.org)", '<a href="https://example.org">link</a>', "<script"),
        ("![x](data:text/html,hi)", "<span>x</span>", "data:"),
    ],
)
def test_markdown_from_the_data_is_made_safe(text, present, absent):
    html = str(render(text))
    assert present in html and absent not in html


def test_abbreviations_are_explained():
    assert str(words.explain("ASB cases")) == '<abbr title="anti-social behaviour">ASB</abbr> cases'
