"""The summaries say what the data supports (issue 17): counts of what was scored, the latest
survey beside the latest year, histories from an item's first result, the reason for no figure.

Expected sentences are written out by hand from the data in each test.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from generator.assess.rules import assess
from generator.newsletter.content import content
from generator.pipeline import check_project
from generator.present.views import build_views
from generator.site.pages import build_site, site_frame

from .conftest import run_standards


def pages(make_project, files: dict[str, str]) -> dict[str, str]:
    root = make_project(files)
    outcome = check_project(root / "mkdocs.yml")
    assert not outcome.problems.errors, outcome.problems
    return build_site(outcome.project, root).pages


def text(page: str) -> str:
    """The page's words, without tags, on one line."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page)))


REPAIRS = """\
area: Repairs
standards:
  - id: repairs-on-time
    title: We complete repairs on time
    unit: percent
    targets:
      - {from: 2019-20, at_least: 90}
  - id: gas-checks
    title: We check every gas appliance every year
    unit: percent
    targets:
      - {from: 2019-20, at_least: 100}
"""


def test_no_target_in_force_is_not_every_standard_met(make_project):
    # 2017-18 has results, but both targets start in 2019-20: nothing was scored
    found = pages(make_project, {
        "standards/repairs.yaml": REPAIRS,
        "performance/2017-18.yaml": "period: 2017-18\nresults:\n  repairs-on-time: 80\n  gas-checks: 99\n",
    })
    home, short = text(found["index.md"]), text(found["falling-short.md"])
    assert "No standard had a target in 2017-18." in home
    assert "every standard with a result" not in home
    assert "We met" not in home and "We met" not in short
    assert "No standard had a target in 2017-18. " in short  # under the period's heading
    assert "No standard had a target in 2017-18, so none is counted here." in short  # under "no data"
    assert "Every standard has a result" not in short


def test_every_result_missing_is_counted(make_project):
    found = pages(make_project, {
        "standards/repairs.yaml": REPAIRS,
        "performance/2019-20.yaml": """\
            period: 2019-20
            results:
              repairs-on-time: {missing: Not collected}
              gas-checks: {missing: Not collected}
            """,
    })
    home, short = text(found["index.md"]), text(found["falling-short.md"])
    assert "None of our 2 standards with a target had a result in 2019-20." in home
    assert "Of 2 standards with a target, we have no figures for any." in home
    assert "None of our 2 standards with a target had a result in 2019-20." in short
    assert "2 of 2 standards with a target have no result for 2019-20." in short
    assert "every standard" not in short.casefold()


def test_some_scored_and_all_met(make_project):
    found = pages(make_project, {
        "standards/repairs.yaml": REPAIRS,
        "performance/2019-20.yaml": "period: 2019-20\nresults:\n  repairs-on-time: 95\n"
                                    "  gas-checks: {missing: Contractor's records lost}\n",
        "performance/2020-21.yaml": "period: 2020-21\nresults:\n  repairs-on-time: 95\n  gas-checks: 100\n",
    })
    short = text(found["falling-short.md"])
    assert "We met all 2 standards with a result in 2020-21." in short
    assert "All 2 standards with a target have a result for 2020-21." in short
    assert "We met all 2 standards with a result in 2020-21." in text(found["index.md"])


def test_commitments_are_made_not_claimed_kept(make_project):
    found = pages(make_project, {
        "standards/conduct.yaml": """\
            area: How we behave
            standards:
              - id: polite
                title: We are polite
            """,
    })
    page = text(found["areas/conduct.md"])
    assert "These are promises we make but do not measure with a figure." in page
    assert "we keep" not in page


SURVEY = """\
area: Tenant satisfaction
standards:
  - id: satisfied
    title: Tenants satisfied with our service overall
    unit: percent
    survey: true
    targets:
      - {from: 2019, at_least: 85}
"""


def test_the_latest_survey_is_on_the_home_and_falling_short_pages(make_project):
    # the latest year and the survey: the survey's miss is the story, and is on both pages
    found = pages(make_project, {
        "standards/repairs.yaml": REPAIRS,
        "standards/satisfaction.yaml": SURVEY,
        "performance/2019.yaml": "period: 2019\nresults:\n  satisfied: {value: 61, responses: 800}\n",
        "performance/2020-21.yaml": "period: 2020-21\nresults:\n  repairs-on-time: 95\n  gas-checks: 100\n",
    })
    home, short = text(found["index.md"]), text(found["falling-short.md"])
    for page in (home, short):
        assert "January to December 2019 (2019)" in page
        assert "April 2020 to March 2021 (2020-21)" in page
    # 61% of 800 is shown with its margin: 1.96*sqrt(.61*.39/800) = 1.96*0.0172446 = 0.033799 -> ± 3.4
    assert "Tenants satisfied with our service overall : 61% (± 3.4), against a target of at least 85%." in home
    assert "Missed 61% (± 3.4), against a target of at least 85%." in short


def test_rows_before_an_item_existed_are_not_shown(make_project):
    # satisfied-repairs was first reported in 2021-22: 2019-20 and 2020-21 are before it existed
    root = make_project({
        "standards/repairs.yaml": REPAIRS + """\
  - id: satisfied-repairs
    title: Satisfied with their last repair
    unit: percent
    target: {at_least: 80}
""",
        "performance/2019-20.yaml": "period: 2019-20\nresults:\n  repairs-on-time: 95\n  gas-checks: 100\n",
        "performance/2020-21.yaml": "period: 2020-21\nresults:\n  repairs-on-time: 95\n  gas-checks: 100\n",
        "performance/2021-22.yaml": "period: 2021-22\nresults:\n  repairs-on-time: 95\n  gas-checks: 100\n"
                                    "  satisfied-repairs: 85\n",
    })
    outcome = check_project(root / "mkdocs.yml")
    found = build_site(outcome.project, root).pages
    history = found["areas/repairs.md"].split('id="satisfied-repairs"' if 'id="satisfied-repairs"' in
                                             found["areas/repairs.md"] else "{ #satisfied-repairs }")[1]
    history = history.split("###")[0]
    assert "2021-22" in history and "2020-21" not in history and "2019-20" not in history
    assert "Satisfied with their last repair" not in found["periods/2019-20.md"]
    assert "No result" not in found["periods/2019-20.md"]
    # the newsletter for 2019-20 counts 2 standards, not 3 with one "no figures"
    period = next(p for p in outcome.project.periods if p.period.label == "2019-20")
    said = content(outcome.project, period)
    assert said.count_sentence == "Of 2 standards with a target, we met all 2."
    # the open data keeps FORMAT.md's rows: one for every year file
    rows = [r for r in outcome.rows if r.item.id == "satisfied-repairs"]
    assert [r.period.label for r in rows] == ["2019-20", "2020-21", "2021-22"]
    views = build_views(outcome.project, assess(outcome.project))
    assert [r.period.label for r in views.items["satisfied-repairs"].rows] == ["2021-22"]


def test_history_says_why_there_is_no_figure(make_project):
    found = pages(make_project, {
        "standards/repairs.yaml": REPAIRS,
        "performance/2019-20.yaml": "period: 2019-20\nresults:\n  repairs-on-time: 95\n"
                                    "  gas-checks: {missing: Contractor's records lost}\n",
        "performance/2020-21.yaml": "period: 2020-21\nresults:\n  repairs-on-time: 95\n  gas-checks: 100\n",
    })
    page = found["areas/repairs.md"]
    row = re.search(r'<tr><th scope="row">2019-20</th><td>No figure[^\n]*', page.split("{ #gas-checks }")[1])
    assert row is not None
    assert "(Contractor&#39;s records lost)" in row.group(0) or "(Contractor's records lost)" in row.group(0)


def test_the_period_menu_is_grouped_by_kind(make_project):
    root = make_project({
        "standards/repairs.yaml": REPAIRS,
        "standards/satisfaction.yaml": SURVEY,
        "performance/2019.yaml": "period: 2019\nresults:\n  satisfied: {value: 61, responses: 800}\n",
        "performance/2020-21.yaml": "period: 2020-21\nresults:\n  repairs-on-time: 95\n",
        "performance/2020-21-q4.yaml": "period: 2020-21 Q4\nresults:\n  repairs-on-time: 95\n",
    })
    outcome = check_project(root / "mkdocs.yml")
    [menu] = [entry["Results by period"] for entry in site_frame(outcome.project).nav if "Results by period" in entry]
    assert menu == ["periods/index.md",
                    {"Financial years": [{"2020-21": "periods/2020-21.md"}]},
                    {"Quarters": [{"2020-21 Q4": "periods/2020-21-q4.md"}]},
                    {"Calendar years (surveys)": [{"2019": "periods/2019.md"}]}]


# -- as a user would: ~100 unmeasured promises and surveys only, through `standards build` ---------

def promises_and_surveys() -> dict[str, str]:
    promises = "".join(f"  - id: promise-{n}\n    title: Promise number {n}\n" for n in range(1, 101))
    return {
        "standards/charter.yaml": "area: Our charter\nstandards:\n" + promises,
        "standards/satisfaction.yaml": SURVEY + """\
  - id: repairs-satisfied
    title: Tenants satisfied with repairs
    unit: percent
    survey: true
    target: {at_least: 80}
""",
        "performance/2018.yaml": "period: 2018\nresults:\n  satisfied: {value: 70, responses: 700}\n",
        "performance/2019.yaml": "period: 2019\nresults:\n  satisfied: {value: 61, responses: 800}\n"
                                 "  repairs-satisfied: {missing: Not asked this year}\n",
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from .conftest import write_project

    root = tmp_path_factory.mktemp("landlord")
    write_project(root, promises_and_surveys())
    (root / "docs").mkdir()
    out = root / "site"
    run = run_standards("build", "-d", str(out), cwd=root)
    assert run.exit_code == 0, run.stderr
    return out


def test_a_charter_of_promises_with_surveys_reads_truthfully(built):
    home = text((built / "index.html").read_text(encoding="utf-8"))
    short = text((built / "falling-short" / "index.html").read_text(encoding="utf-8"))
    charter = text((built / "areas" / "charter" / "index.html").read_text(encoding="utf-8"))
    # the only period is the 2019 survey: one standard missed, one with no result
    assert "Of 2 standards with a target, we missed 1 and have no figures for 1." in home
    # 61% of 800 is shown with its margin: 1.96*sqrt(.61*.39/800) = 1.96*0.0172446 = 0.033799 -> ± 3.4
    assert "Tenants satisfied with our service overall : 61% (± 3.4), against a target of at least 85%." in home
    assert "Missed 61% (± 3.4), against a target of at least 85%." in short
    assert "1 of 2 standards with a target has no result for 2019." in short
    assert "Tenants satisfied with repairs : Not asked this year." in short
    assert "We published no context figures for 2019." in short
    assert "These are promises we make but do not measure with a figure." in charter
    assert "Promise number 100" in charter


@pytest.mark.parametrize("start, status", [("2019-20", None), ("2019", "met")])
def test_a_survey_is_dated_by_its_calendar_year_as_the_guide_says(make_project, start, status):
    # guide/format.md, "Dating a survey": a June 2019 survey is 2019, which starts before 2019-20
    from .conftest import ROOT

    assert "### Dating a survey" in (ROOT / "guide" / "format.md").read_text(encoding="utf-8")
    root = make_project({
        "standards/satisfaction.yaml": SURVEY.replace("{from: 2019, at_least: 85}",
                                                      f"{{from: {start}, at_least: 85}}"),
        "performance/2019.yaml": "period: 2019\nresults:\n  satisfied: {value: 86, responses: 800}\n",
    })
    outcome = check_project(root / "mkdocs.yml")
    [row] = outcome.rows
    assert row.status == status
