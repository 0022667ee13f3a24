"""Status, trend, targets in force, previous results and which rows exist (FORMAT.md "Status")."""

from decimal import Decimal

import pytest

from generator.assess.rules import assess, status, trend
from generator.model import Area, Item, PeriodFile, Project, Result, Settings, Target
from generator.pipeline import check_project
from generator.problems import Location
from generator.registry.periods import parse_period


def T(direction, value, start=None):
    return Target(direction, Decimal(value), parse_period(start) if start else None)


@pytest.mark.parametrize(
    "direction, target, tolerance, value, expected",
    [
        ("at_least", "95", "0", "95", "met"),  # equal to the target is met
        ("at_least", "95", "0", "95.01", "met"),
        ("at_least", "95", "0", "94.99", "missed"),
        ("at_least", "95", "0.5", "94.5", "close"),  # exactly at the tolerance edge is close
        ("at_least", "95", "0.5", "94.49", "missed"),
        ("at_most", "10", "0", "10", "met"),
        ("at_most", "10", "1.13", "11.13", "close"),  # decimal, not binary: 10 + 1.13 == 11.13
        ("at_most", "10", "1.13", "11.14", "missed"),
        ("at_most", "10", "1.13", "10.01", "close"),
        ("at_most", "0.3", "0.1", "0.4", "close"),  # 0.3 + 0.1 is 0.4 exactly
        ("at_least", "100", "0", "99.99", "missed"),
        ("at_least", "-3", "0", "-3", "met"),
        ("at_most", "90", "0", "0", "met"),
    ],
)
def test_status(direction, target, tolerance, value, expected):
    assert status(Decimal(value), T(direction, target), Decimal(tolerance)) == expected


def test_status_without_value_is_no_data_and_without_target_is_none():
    assert status(None, T("at_least", "95")) == "no-data"
    assert status(Decimal(5), None) is None
    assert status(None, None) is None


@pytest.mark.parametrize(
    "value, previous, higher_is_better, expected",
    [
        ("93", "90", True, "better"),
        ("88", "90", True, "worse"),
        ("9", "10", False, "better"),
        ("11", "10", False, "worse"),
        ("10", "10.0", False, "same"),  # equal as numbers
        ("5", "4", None, "up"),
        ("3", "4", None, "down"),
        ("4", "4", None, "same"),
    ],
)
def test_trend(value, previous, higher_is_better, expected):
    assert trend(Decimal(value), Decimal(previous), higher_is_better) == expected


def item(targets):
    return Item("standard", "s", "S", "a", Location("f"), unit="percent", targets=tuple(targets))


@pytest.mark.parametrize(
    "period, expected",
    [
        ("2018-19", None),  # before the first `from`: no target
        ("2019-20", "78"),
        ("2019-20 Q4", "78"),
        ("2020-21", "82"),
        ("2020-21 Q3", "82"),
        ("2019", None),  # starts January 2019, before April 2019
        ("2020", "78"),  # starts January 2020: the 2019-20 target is in force
        ("2021", "82"),
    ],
)
def test_target_in_force_by_start_date_across_kinds(period, expected):
    standard = item([T("at_least", "78", "2019-20"), T("at_least", "82", "2020-21")])
    found = standard.target_for(parse_period(period))
    assert (str(found.value) if found else None) == expected


def test_single_target_applies_to_every_period():
    standard = item([T("at_most", "10")])
    assert standard.target_for(parse_period("1999-00")).value == 10


# -- whole projects: which rows, previous results, computed values ------------------

AREA = """\
area: Customer care
standards:
  - id: calls-answered
    title: We answer calls
    unit: percent
    target: {at_least: 95}
  - id: satisfaction
    title: Tenants satisfied
    unit: percent
    survey: true
    targets:
      - {from: 2017-18, at_least: 80}
  - id: old-standard
    title: An old standard
    unit: days
    target: {at_most: 5}
    retired: 2018-19
  - id: wait-ytd
    title: Average wait so far this year
    unit: seconds
    basis: year_to_date
    target: {at_most: 90}
figures:
  - id: calls-received
    title: Calls received
    unit: count
  - id: rent-lost
    title: Rent lost
    unit: pounds
    better: lower
"""


def year(label, results):
    return f"period: {label}\nresults:\n" + "".join(f"  {k}: {v}\n" for k, v in results.items())


@pytest.fixture
def outcome(make_project):
    root = make_project({
        "standards/customer-care.yaml": AREA,
        "performance/2016-17.yaml": year("2016-17", {"calls-answered": 90, "old-standard": 4, "rent-lost": 100,
                                                        "calls-received": 5}),
        "performance/2017-18.yaml": year("2017-18", {"calls-answered": "{count: 661, of: 708}",
                                                        "old-standard": 6, "rent-lost": 100}),
        "performance/2018-19.yaml": year("2018-19", {"calls-answered": "{missing: Not collected}"}),
        "performance/2019-20.yaml": year("2019-20", {"calls-answered": 96}),
        "performance/q1.yaml": year("2019-20 Q1", {"wait-ytd": 80}),
        "performance/q2.yaml": year("2019-20 Q2", {"wait-ytd": 85}),
        "performance/q3.yaml": year("2019-20 Q3", {"wait-ytd": 99}),
        "performance/q4.yaml": year("2019-20 Q4", {"wait-ytd": 91}),
        "performance/q5.yaml": year("2020-21 Q1", {"wait-ytd": 70}),
        "performance/q6.yaml": year("2020-21 Q2", {"wait-ytd": 95}),
        "performance/2018.yaml": year("2018", {"satisfaction": "{value: 81, responses: 400}"}),
        "performance/2020.yaml": year("2020", {"satisfaction": "{value: 79, responses: 380}"}),
    })
    result = check_project(root / "mkdocs.yml")
    assert not result.errors, result.errors
    return result


def rows_for(outcome, item_id):
    return {r.period.label: r for r in outcome.rows if r.item.id == item_id}


def test_a_row_for_every_period_file_of_each_kind_with_a_result(outcome):
    calls = rows_for(outcome, "calls-answered")
    assert list(calls) == ["2016-17", "2017-18", "2018-19", "2019-20"]
    assert calls["2018-19"].status == "no-data"
    figures = rows_for(outcome, "calls-received")
    assert list(figures) == ["2016-17", "2017-18", "2018-19", "2019-20"]  # before and after its only result
    assert figures["2019-20"].value is None and figures["2019-20"].status is None


def test_survey_in_calendar_years_only_gets_no_financial_year_rows(outcome):
    assert list(rows_for(outcome, "satisfaction")) == ["2018", "2020"]  # no 2019 file: no row


def test_retired_item_has_no_rows_from_its_retired_period(outcome):
    assert list(rows_for(outcome, "old-standard")) == ["2016-17", "2017-18"]


def test_previous_result_skips_a_gap_and_is_never_invented(outcome):
    calls = rows_for(outcome, "calls-answered")
    latest = calls["2019-20"]
    assert latest.previous_period.label == "2017-18"  # 2018-19 was missing
    assert latest.trend == "better"
    assert calls["2018-19"].trend is None and calls["2018-19"].previous_value is None
    assert calls["2016-17"].trend is None


def test_survey_compares_with_the_last_survey(outcome):
    latest = rows_for(outcome, "satisfaction")["2020"]
    assert (latest.previous_period.label, latest.trend, latest.status) == ("2018", "worse", "missed")


def test_year_to_date_quarter_compares_with_the_same_quarter_last_year(outcome):
    rows = rows_for(outcome, "wait-ytd")
    assert rows["2020-21 Q2"].previous_period.label == "2019-20 Q2"
    assert rows["2020-21 Q2"].trend == "worse"  # lower is better: 95 seconds against 85
    assert rows["2020-21 Q1"].previous_period.label == "2019-20 Q1"
    assert rows["2019-20 Q3"].trend is None  # no Q3 a year before


def test_count_of_is_kept_in_full_precision(outcome):
    row = rows_for(outcome, "calls-answered")["2017-18"]
    assert row.value.quantize(Decimal("1e-20")) == (Decimal(100) * 661 / 708).quantize(Decimal("1e-20"))
    assert row.status == "missed"


def test_figure_with_better_gives_better_or_worse_and_without_gives_up_down(outcome):
    assert rows_for(outcome, "rent-lost")["2017-18"].trend == "same"
    assert rows_for(outcome, "calls-received")["2016-17"].trend is None


def test_standard_before_its_first_target_has_null_status_but_direction_for_trend(make_project):
    area = AREA.replace("{from: 2017-18, at_least: 80}", "{from: 2030-31, at_least: 80}")
    root = make_project({
        "standards/customer-care.yaml": area,
        "performance/2018.yaml": year("2018", {"satisfaction": "{value: 81, responses: 400}",
                                               "calls-answered": 1}),
        "performance/2019.yaml": year("2019", {"satisfaction": "{value: 83, responses: 400}",
                                               "calls-answered": 1}),
    })
    rows = rows_for(check_project(root / "mkdocs.yml"), "satisfaction")
    assert rows["2019"].status is None and rows["2019"].target is None
    assert rows["2019"].trend == "better"  # at_least: higher is better, even before the target applies


def test_value_with_count_of_is_used_as_written(make_project):
    root = make_project({
        "standards/customer-care.yaml": AREA,
        "performance/a.yaml": year("2019-20", {"calls-answered": "{value: 93.4, count: 661, of: 708}"}),
    })
    rows = rows_for(check_project(root / "mkdocs.yml"), "calls-answered")
    assert rows["2019-20"].value == Decimal("93.4")


# -- the previous result: one rule (FORMAT.md "Periods"), in assess, for every basis --------------

# every quarter of 2020-21 and two of 2021-22, both years, and a calendar year, each with its own value
EVERY_KIND = {"2020-21 Q1": "11", "2020-21 Q2": "12", "2020-21 Q3": "13", "2020-21 Q4": "14", "2021-22 Q1": "21",
              "2021-22 Q2": "22", "2020-21": "10", "2021-22": "20", "2020": "30"}


@pytest.mark.parametrize(
    "basis, values, period, expected",
    [
        # the latest earlier period of the same kind with a value
        ("period", EVERY_KIND, "2021-22 Q2", ("2021-22 Q1", "21")),
        ("snapshot", EVERY_KIND, "2021-22 Q2", ("2021-22 Q1", "21")),
        ("period", EVERY_KIND, "2020-21 Q4", ("2020-21 Q3", "13")),  # a later quarter is never 'previous'
        ("period", EVERY_KIND, "2021-22 Q1", ("2020-21 Q4", "14")),  # across the year end
        ("period", EVERY_KIND, "2021-22", ("2020-21", "10")),  # a year against a year, never a quarter
        ("period", EVERY_KIND, "2020-21 Q1", None),  # the first of its kind
        ("period", EVERY_KIND, "2020", None),  # no earlier calendar year; other kinds are never compared
        # year to date: a quarter against the same quarter of an earlier year
        ("year_to_date", EVERY_KIND, "2021-22 Q2", ("2020-21 Q2", "12")),
        ("year_to_date", EVERY_KIND, "2021-22 Q1", ("2020-21 Q1", "11")),
        ("year_to_date", EVERY_KIND, "2021-22", ("2020-21", "10")),  # years as for any basis
        ("year_to_date", {"2019-20 Q2": "5", "2020-21 Q1": "6", "2020-21 Q2": None, "2021-22 Q2": "7"},
         "2021-22 Q2", ("2019-20 Q2", "5")),  # last year's Q2 had no result: the one before
        # a gap, or a `missing` result, is skipped, never invented
        ("period", {"2020-21 Q1": "70", "2020-21 Q2": None, "2020-21 Q3": "75"}, "2020-21 Q3", ("2020-21 Q1", "70")),
        ("period", {"2020-21 Q1": "70", "2020-21 Q2": "missing", "2020-21 Q3": "75"}, "2020-21 Q3",
         ("2020-21 Q1", "70")),
        # a survey run every few years compares with the last survey: "up from 72% in 2014"
        ("period", {"2014": "72", "2017": "78"}, "2017", ("2014", "72")),
        # no value this period: no previous result either (null whenever the trend is)
        ("period", {"2020-21 Q1": "70", "2020-21 Q2": "missing"}, "2020-21 Q2", None),
        ("period", {"2020-21 Q1": "70", "2020-21 Q2": None, "2020-21 Q3": "1"}, "2020-21 Q2", None),
    ],
)
def test_previous_result(basis, values, period, expected):
    standard = Item("standard", "s", "S", "a", Location("f"), unit="percent", targets=(T("at_least", "50"),),
                    basis=basis)
    files = []
    for label, value in values.items():
        results = {}
        if value == "missing":
            results = {"s": Result("s", Location("f"), missing="Not collected")}
        elif value is not None:
            results = {"s": Result("s", Location("f"), value=Decimal(value))}
        files.append(PeriodFile(parse_period(label), f"performance/{label}.yaml", Location("f"), results=results))
    # the files in reverse order: the previous result is by time, not by the order files are read in
    project = Project(Settings("Test Homes"), (Area("a", "A", "standards/a.yaml", items=(standard,)),),
                      tuple(reversed(files)))
    [row] = [r for r in assess(project) if r.period.label == period]
    found = (row.previous_period.label, str(row.previous_value)) if row.previous_period else None
    assert found == expected
    assert (row.trend is None) == (expected is None)
