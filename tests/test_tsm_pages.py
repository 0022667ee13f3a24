"""The Tenant Satisfaction Measures page, the links to it, and the TSM open data, from a year of
TSM results written into the example project (figures worked by hand in each test)."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from decimal import Decimal

import pytest

from generator.model import Result, TsmLink, TsmResult, TsmSettings, TsmYear
from generator.pipeline import check_project
from generator.present.tsm import tsm_view
from generator.problems import Location
from generator.registry.tsm import catalogue_for
from generator.report.opendata import TSM_CSV_COLUMNS, return_field
from generator.site.pages import build_site
from generator.site.plan import site_plan

from .conftest import ROOT

HOMES = {"lcra": 12240, "lcho": 1310}
HERE = Location("performance/2024-25.yaml", 1, 1)

# column -> tenure -> Result keys; 2024-25 (this year) and 2023-24 (last year)
THIS_YEAR = {
    "TP01": {"lcra": dict(value=Decimal("76.0"), responses=640), "lcho": dict(value=Decimal("61.2"), responses=240)},
    "TP02": {"lcra": dict(value=Decimal("71.9"), responses=402)},
    "TP10": {"lcra": dict(value=Decimal("58.0"), responses=301, population=5120),
             "lcho": dict(missing="No communal areas")},
    "RP01": {"lcra": dict(count=52, of=12240)},
    "RP02_1": {"lcra": dict(count=28210, of=30100)},
    "BS01": {"combined": dict(count=13540, of=13550)},
    "CH01_1": {"lcra": dict(count=705, homes=12240), "lcho": dict(count=40, homes=1310)},
    "NM01_2": {"combined": dict(count=6, homes=13550)},
}
LAST_YEAR = {
    "TP01": {"lcra": dict(value=Decimal("72.0"), responses=590), "lcho": dict(value=Decimal("60.0"), responses=230)},
    "RP01": {"lcra": dict(count=80, of=12200)},
}


def _year(period_file, results: dict, **notes) -> TsmYear:
    made = []
    for column, by_tenure in results.items():
        code, _, part = column.partition("_")
        for tenure, keys in by_tenure.items():
            made.append(TsmResult(code, column, int(part) if part else None, tenure,
                                  Result(column, HERE, **keys), "tsm", HERE))
    return TsmYear(period_file.period, catalogue_for(period_file.period), HOMES, tuple(made),
                   location=HERE, tenures=("lcra", "lcho"), **notes)


def with_tsm(project, tenures=("lcra", "lcho")):
    """The example project with TSMs switched on, two years of results, and a repairs standard linked."""
    periods = []
    for p in project.periods:
        if p.period.label == "2024-25":
            p = dataclasses.replace(p, tsm=dataclasses.replace(_year(p, THIS_YEAR, survey={
                "sample_size": "640 tenants and 240 shared owners answered.", "timing": "October 2024."},
                timescales={"RP02_1": "Routine repairs: 28 calendar days", "CH02": "The Code's timescales"}),
                tenures=tenures))
        elif p.period.label == "2023-24":
            p = dataclasses.replace(p, tsm=dataclasses.replace(_year(p, LAST_YEAR), tenures=tenures))
        periods.append(p)
    areas = []
    for area in project.areas:
        items = tuple(dataclasses.replace(i, tsm=TsmLink("RP02_1", "lcra")) if i.id == "repairs-routine-28-days"
                      else i for i in area.items)
        areas.append(dataclasses.replace(area, items=items))
    settings = dataclasses.replace(project.settings, tsm=TsmSettings(tenures, HOMES))
    return dataclasses.replace(project, settings=settings, areas=tuple(areas), periods=tuple(periods))


def without_tsm(project):
    """The example project as a landlord without TSMs has it: no setting, no year's block, no links."""
    return dataclasses.replace(
        project, settings=dataclasses.replace(project.settings, tsm=None),
        areas=tuple(dataclasses.replace(a, items=tuple(dataclasses.replace(i, tsm=None) for i in a.items))
                    for a in project.areas),
        periods=tuple(dataclasses.replace(p, tsm=None) for p in project.periods))


@pytest.fixture(scope="module")
def example():
    """The example project without its TSMs (the tests below add their own, worked by hand)."""
    outcome = check_project(ROOT / "mkdocs.yml")
    assert not outcome.errors
    return without_tsm(outcome.project)


@pytest.fixture(scope="module")
def tsm_site(example):
    return build_site(with_tsm(example), ROOT)


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).strip()


def _row(page: str, anchor: str) -> list[str]:
    """A measure's rows as text: its name, then each kind of home's cells joined by ' | '
    (a table of one kind of home has the name and the cells in one row)."""
    start = page.index(f'id="{anchor}"')
    head = page.rindex("<tr", 0, start)
    end = page.index("</tbody>", start) if "tsm-measure" in page[head:start] else page.index("</tr>", start)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", page[head:end + 8], re.S)
    return [" | ".join(_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)) for row in rows]


def test_no_tsm_page_or_file_without_tsms(example):
    plan = [path for _, path in site_plan(example)]
    assert "tsm.md" not in plan and not [p for p in plan if p.startswith("data/tsm-")]


def test_no_tsm_page_when_tsms_are_on_but_no_year_has_results(example):
    settings = dataclasses.replace(example.settings, tsm=TsmSettings(("lcra",), {"lcra": 100}))
    plan = [path for _, path in site_plan(dataclasses.replace(example, settings=settings))]
    assert "tsm.md" not in plan


def test_tsm_page_is_in_the_plan_the_navigation_and_the_home_page(example, tsm_site):
    project = with_tsm(example)
    plan = [path for _, path in site_plan(project)]
    assert "tsm.md" in plan and "data/tsm-2024-25.csv" in plan and "data/tsm-2023-24.csv" in plan
    assert {"Tenant Satisfaction Measures": "tsm.md"} in tsm_site.nav
    assert "- [Tenant Satisfaction Measures](tsm.md): " in tsm_site.pages["index.md"]


@pytest.mark.parametrize("anchor, cells", [
    # code and name; LCRA 2024-25, 2023-24; LCHO 2024-25, 2023-24, each with the finite population
    # correction for the tenure's homes: 76% of 640, N 12,240: 3.31 x 0.974 = 3.2; 72% of 590: 3.62 x 0.976 = 3.5;
    # 61.2% of 240, N 1,310: 6.17 x 0.904 = 5.6; 60% of 230: 6.33 x 0.908 = 5.8
    ("tp01", ["TP01 Overall satisfaction", "Low-cost rental (LCRA) | 76.0%± 3.2 | 72.0%± 3.5",
              "Shared ownership (LCHO) | 61.2%± 5.6 | 60.0%± 5.8"]),
    # LCRA only: the LCHO cell says so, across both years.  71.9% of 402: 4.39 x 0.983 = 4.3
    ("tp02", ["TP02 Satisfaction with repairs", "Low-cost rental (LCRA) | 71.9%± 4.3 | No figure",
              "Shared ownership (LCHO) | Not collected for shared owners"]),
    # population given (5,120): 58% of 301 -> 5.58 x sqrt(4819/5119) = 5.41
    ("tp10", ["TP10 Satisfaction that the landlord keeps communal areas clean and well maintained",
              "Low-cost rental (LCRA) | 58.0%± 5.4 | No figure",
              "Shared ownership (LCHO) | No figure (No communal areas) | No figure"]),
    # 52 of 12,240 = 0.42%; 80 of 12,200 = 0.66%
    ("rp01", ["RP01 Homes that do not meet the Decent Homes Standard Lower is better.",
              "Low-cost rental (LCRA) | 0.4% | 0.7%", "Shared ownership (LCHO) | Not collected for shared owners"]),
    ("rp02-1", ["RP02 (1) Repairs completed within target timescale: Non-emergency repairs",
                "Low-cost rental (LCRA) | 93.7% | No figure",
                "Shared ownership (LCHO) | Not collected for shared owners"]),
    # 705 per 12,240 homes = 57.6 per 1,000; 40 per 1,310 = 30.5
    ("ch01-1", ["CH01 (1) Complaints relative to the size of the landlord: Stage one complaints",
                "Low-cost rental (LCRA) | 57.6 per 1,000 homes | No figure",
                "Shared ownership (LCHO) | 30.5 per 1,000 homes | No figure"]),
])
def test_tsm_rows_side_by_side(tsm_site, anchor, cells):
    assert _row(tsm_site.pages["tsm.md"], anchor) == cells


def test_combined_measures_have_one_column_group_for_all_homes(tsm_site):
    page = tsm_site.pages["tsm.md"]
    # 13,540 of 13,550 = 99.93% -> 99.9%; 6 per 13,550 = 0.44 per 1,000
    assert _row(page, "bs01") == ["BS01 Gas safety checks | 99.9% | No figure"]
    assert _row(page, "nm01-2") == ["NM01 (2) Anti-social behaviour cases relative to the size of the landlord: "
                                    "Cases that involve hate incidents | 0.4 per 1,000 homes | No figure"]
    safety = page[page.index("## Maintaining building safety"):page.index("## Effective handling")]
    assert ("<caption>Maintaining building safety: 2024-25 against 2023-24, for all homes (LCRA and LCHO "
            "combined)</caption>") in safety
    assert "Shared ownership" not in safety


def test_groups_in_the_regulators_order_with_no_judgement_on_counts(tsm_site):
    page = tsm_site.pages["tsm.md"]
    headings = re.findall(r"^## (.*?) \{", page, re.M)
    assert headings[:5] == ["Tenant perception measures", "Keeping properties in good repair",
                            "Maintaining building safety", "Effective handling of complaints",
                            "Responsible neighbourhood management"]
    assert page.count('class="tsm-no-direction"') == 2  # CH01's group and NM01's
    assert "better" not in " ".join(_row(page, "ch01-1"))  # no better/worse words on a count
    assert "<caption>Tenant perception measures: 2024-25 against 2023-24</caption>" in page


def test_survey_summary_and_timescales_in_the_regulators_lettering(tsm_site):
    page = tsm_site.pages["tsm.md"]
    assert re.findall(r"<dt>(.*?)</dt>", page)[:2] == ["a. How many tenants answered",
                                                       "b. When the survey was done"]
    assert len(re.findall(r"<dt>[a-k]\. ", page)) == 11  # every item, in order, each said to be missing if so
    assert "<dt>c. How tenants were asked</dt>\n<dd><p>Not given.</p></dd>" in page
    assert "<dt>RP02 (1)</dt>\n<dd>Routine repairs: 28 calendar days</dd>" in page
    assert "Technical Requirements" in page
    # 76.0% +- 3.2: 72.8% to 79.2%
    assert ("each result has a margin of error: ± 3.2 beside 76.0% means that, had every tenant answered, the "
            "result would very likely (95 times in 100) be between 72.8% and 79.2%.") in page


def test_a_landlord_without_shared_owners_has_no_lcho_columns(example):
    page = build_site(with_tsm(example, tenures=("lcra",)), ROOT).pages["tsm.md"]
    assert "Shared ownership (LCHO)" not in page and "Not collected for shared owners" not in page
    assert _row(page, "tp01") == ["TP01 Overall satisfaction | 76.0%± 3.2 | 72.0%± 3.5"]
    assert "We show Low-cost rental (LCRA)." in page


def test_linked_standard_shows_its_tsm_code_linking_to_the_row(tsm_site):
    area = tsm_site.pages["areas/repairs.md"]
    assert ('<p class="tsm-link"><a href="../../tsm/#rp02-1">Tenant Satisfaction Measure RP02 (1)</a>, '
            "Low-cost rental (LCRA)</p>") in area
    assert area.count('class="tsm-link"') == 1


def test_pages_without_tsms_are_unchanged(example):
    plain = build_site(example, ROOT).pages
    assert "tsm" not in plain["index.md"].lower() and "tsm-link" not in plain["areas/repairs.md"]


def _csv(site, path: str) -> list[dict]:
    text = site.data[path]
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_tsm_csv_one_row_a_figure_in_the_regulators_names(tsm_site):
    rows = _csv(tsm_site, "data/tsm-2024-25.csv")
    assert tuple(rows[0]) == TSM_CSV_COLUMNS
    # every column for every tenure the landlord reports it for: 26 columns; TP02-TP04, RP01, RP02 (1 and 2)
    # LCRA only (6), BS01-05 and NM01 (1, 2) combined (7), the other 13 for both tenures
    assert len(rows) == 6 + 7 + 13 * 2
    by = {(r["column"], r["tenure"]): r for r in rows}
    assert by[("TP01", "lcra")] | {} == {
        "period": "2024-25", "column": "TP01", "tenure": "lcra", "return_field": "TP01_Satisfied_Calc_LCRA",
        "value": "76.0", "numerator": "", "denominator": "", "responses": "640", "population": "",
        "margin_of_error": "3.2", "missing": "", "note": "",
        # without the regulator's dataset (`tsm: peers:`) the peers' columns are empty
        "peers_lower_quartile": "", "peers_median": "", "peers_upper_quartile": "", "peers_count": "",
        "peers_position": ""}
    assert by[("RP02_1", "lcra")]["return_field"] == "RP02_1_Calculated_Value"
    assert (by[("RP02_1", "lcra")]["value"], by[("RP02_1", "lcra")]["numerator"],
            by[("RP02_1", "lcra")]["denominator"]) == ("93.7", "28210", "30100")
    assert by[("CH01_1", "lcho")]["return_field"] == "CH01_1_Calculated_Value_LCHO"
    assert (by[("CH01_1", "lcho")]["value"], by[("CH01_1", "lcho")]["denominator"]) == ("30.5", "1310")
    assert by[("TP10", "lcho")]["missing"] == "No communal areas"
    assert by[("TP05", "lcra")]["missing"] == "not given"
    assert ("TP02", "lcho") not in by


@pytest.mark.parametrize("column, tenure, survey, by_tenure, field", [
    ("TP01", "lcho", True, True, "TP01_Satisfied_Calc_LCHO"),
    ("BS03", "combined", False, False, "BS03_Calculated_Value"),
    ("NM01_1", "combined", False, False, "NM01_1_Calculated_Value"),
    ("CH02_2", "lcra", False, True, "CH02_2_Calculated_Value_LCRA"),
])
def test_return_field_names_follow_the_regulators_data_dictionary(column, tenure, survey, by_tenure, field):
    assert return_field(column, tenure, survey, by_tenure) == field


def test_tsm_csv_text_that_reads_as_a_formula_is_made_plain(example):
    project = with_tsm(example)
    year = next(p for p in project.periods if p.period.label == "2024-25")
    bad = dataclasses.replace(year.tsm.results[0], result=dataclasses.replace(year.tsm.results[0].result,
                                                                               note="=HYPERLINK(1)"))
    year2 = dataclasses.replace(year, tsm=dataclasses.replace(year.tsm, results=(bad,) + year.tsm.results[1:]))
    from generator.report.opendata import tsm_csv
    assert ",'=HYPERLINK(1),,,,,\r\n" in tsm_csv(year2)  # then the five empty peers' columns


def test_view_is_none_without_a_tsm_year(example):
    assert tsm_view(example) is None


@pytest.mark.parametrize("responses, item_i", [
    # 12,240 homes (+-3 points): n0 = 1.96^2 x 0.25 / 0.03^2 = 1,067.1; n = 1,067.1 / 1.0872 = 981.5, so 982
    (982, "Not needed: the survey reached the number of answers the regulator requires for each kind of home."),
    (981, "Not given."),
])
def test_item_i_is_needed_only_when_a_survey_fell_short(example, responses, item_i):
    project = with_tsm(example, tenures=("lcra",))
    year = next(p for p in project.periods if p.period.label == "2024-25")
    results = tuple(dataclasses.replace(r, result=dataclasses.replace(r.result, responses=responses))
                    if r.column == "TP01" else r for r in year.tsm.results)
    year = dataclasses.replace(year, tsm=dataclasses.replace(year.tsm, results=results))
    view = tsm_view(project, year)
    assert dict((letter, text) for letter, _, text in view.survey)["i"] == item_i


def test_counts_with_no_direction_say_so_under_their_own_table(tsm_site):
    page = tsm_site.pages["tsm.md"]
    complaints = page[page.index("## Effective handling"):page.index("## Responsible")]
    assert '<p class="tsm-no-direction">CH01 is a count of complaints per 1,000 homes: a higher or lower ' \
           "figure is no better or worse in itself." in complaints
    assert page.count('class="tsm-no-direction"') == 2 and "NM01 is a count of cases" in page


def test_method_changes_are_shown_under_their_own_heading(example):
    project = with_tsm(example)
    periods = tuple(dataclasses.replace(p, tsm=dataclasses.replace(p.tsm, method_changes="We moved to *online* only."))
                    if p.period.label == "2024-25" else p for p in project.periods)
    page = build_site(dataclasses.replace(project, periods=periods), ROOT).pages["tsm.md"]
    assert "## Changes to how we measured { #_method-changes }" in page
    assert "What changed since 2023-24 that affects comparing the two years:" in page
    assert "We moved to <em>online</em> only." in page


@pytest.fixture(scope="module")
def real_example():
    return check_project(ROOT / "mkdocs.yml").project


def test_newsletter_of_a_tsm_year_has_the_section_in_every_edition(real_example):
    from generator.newsletter.content import content
    from generator.newsletter.text import text_edition

    year = next(p for p in real_example.periods if p.period.label == "2024-25")
    made = content(real_example, year)
    assert [g.name for g in made.tsm.groups][:2] == ["Tenant perception measures", "Keeping properties in good repair"]
    text = text_edition(made)
    assert ("TP02 Satisfaction with repairs\n"
            "Low-cost rental (LCRA): 79.4% (margin of error plus or minus 2.6); 2023-24: 76.9%\n"
            "Shared ownership (LCHO): not collected for shared owners\n") in text
    # 37 of 12,240 homes = 0.302%; 61 of 12,185 = 0.501%
    assert "RP01 Homes that do not meet the Decent Homes Standard\nLow-cost rental (LCRA): 0.3%; 2023-24: 0.5%" in text
    assert "CH01 is a count of complaints per 1,000 homes" in text


def test_newsletter_of_a_quarter_has_no_tsm_section(real_example):
    from generator.newsletter.content import content

    quarter = next(p for p in real_example.periods if p.period.label == "2024-25 Q4")
    assert content(real_example, quarter).tsm is None


def test_landlord_text_on_the_tsm_page_is_text_not_html(example):
    project = with_tsm(example)
    hostile = "<script>alert(1)</script>"
    periods = []
    for p in project.periods:
        if p.period.label == "2024-25":
            results = tuple(dataclasses.replace(r, result=Result(r.column, HERE, missing=hostile))
                            if r.column == "TP10" and r.tenure == "lcho" else r for r in p.tsm.results)
            p = dataclasses.replace(p, tsm=dataclasses.replace(p.tsm, results=results,
                                                               timescales={"CH02": hostile}))
        periods.append(p)
    page = build_site(dataclasses.replace(project, periods=tuple(periods)), ROOT).pages["tsm.md"]
    assert "<script>" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2  # the reason in its cell, the timescale
