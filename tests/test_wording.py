"""The words tenants read: status, trend, runs of misses, target changes, tolerance, periods.

Every expected sentence is written out by hand from FORMAT.md's rules, so a wording that says
"up" for down, "better" for worse, "above" for below or "harder" for easier fails here, not only
in a golden page.  Rows are made by the real assessment (``assess_item``) from small models.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.assess.rules import CLOSE, MET, MISSED, NO_DATA, Assessment, assess_item
from generator.model import Area, Item, PeriodFile, Result, Target
from generator.pipeline import check_project
from generator.present import words
from generator.present.views import item_view
from generator.problems import Location
from generator.registry.periods import parse_period
from generator.site.pages import build_site

HERE = Location("performance/x.yaml", 1, 1)


def standard(unit="percent", direction="at_least", target="90", tolerance="0", **fields) -> Item:
    targets = (Target(direction, Decimal(target)),) if direction else ()
    return Item("standard", "s", "S", "a", HERE, unit=unit, targets=targets, tolerance=Decimal(tolerance),
                **fields)


def figure(unit="count", better=None, **fields) -> Item:
    return Item("figure", "f", "F", "a", HERE, unit=unit, better=better, **fields)


def rows(item: Item, values: list[tuple[str, str | None]], year_starts: int = 4) -> list[Assessment]:
    """The item's rows for period files in this order; a value of None: the file has no result for it."""
    files = []
    for label, value in values:
        results = {} if value is None else {item.id: Result(item.id, HERE, value=Decimal(value))}
        files.append(PeriodFile(parse_period(label, year_starts), f"performance/{label}.yaml", HERE, results=results))
    return assess_item(item, tuple(sorted(files, key=lambda p: p.period.sort_key)))


def latest(item: Item, values: list[tuple[str, str | None]]) -> Assessment:
    return rows(item, values)[-1]


# -- trend ----------------------------------------------------------------------------------------

TRENDS = [
    # (item, [(period, value), ...], the trend in words of the last one)
    (standard(target="82"), [("2023-24", "80"), ("2024-25", "85")], "up from 80% in 2023-24, better"),
    (standard(target="82"), [("2023-24", "85"), ("2024-25", "80")], "down from 85% in 2023-24, worse"),
    # at most: lower is better, so down is better and up is worse
    (standard("working_days", "at_most", "10"), [("2023-24", "12"), ("2024-25", "9.5")],
     "down from 12 working days in 2023-24, better"),  # each value as written
    (standard("working_days", "at_most", "10"), [("2023-24", "9"), ("2024-25", "11")],
     "up from 9 working days in 2023-24, worse"),
    # a figure's `better:` gives the direction; without it, only up or down
    (figure(better="lower"), [("2023-24", "708"), ("2024-25", "650")], "down from 708 in 2023-24, better"),
    (figure(better="higher"), [("2023-24", "708"), ("2024-25", "650")], "down from 708 in 2023-24, worse"),
    (figure(better="lower"), [("2023-24", "650"), ("2024-25", "708")], "up from 650 in 2023-24, worse"),
    (figure(), [("2023-24", "5"), ("2024-25", "7")], "up from 5 in 2023-24"),
    (figure(), [("2023-24", "7"), ("2024-25", "5")], "down from 7 in 2023-24"),
    # a standard without a target has no direction either
    (standard(direction=None), [("2023-24", "7"), ("2024-25", "5")], "down from 7% in 2023-24"),
    # equal as numbers
    (standard(target="82"), [("2023-24", "80"), ("2024-25", "80.0")], "the same as in 2023-24 (80%)"),
    # 94.96% is missed against at least 95%: not shown as 95.0%, and so the earlier 94.94% has 2 decimals too
    (standard(target="95"), [("2023-24", "94.94"), ("2024-25", "94.96")], "up from 94.94% in 2023-24, better"),
    # two values that would both read 93.4% beside "up"
    (figure("percent"), [("2023-24", "93.41"), ("2024-25", "93.44")], "up from 93.41% in 2023-24"),
    (standard("seconds", "at_most", "90"), [("2024-25 Q1", "94"), ("2024-25 Q2", "125")],
     "up from 94 seconds in 2024-25 Q1, worse"),
    (figure("pounds", better="lower"), [("2023-24", "1250"), ("2024-25", "1000.5")],
     "down from £1,250.00 in 2023-24, better"),
    # the previous result skips a period without one, and a survey compares with the last survey
    (standard(), [("2021-22", "91"), ("2022-23", None), ("2023-24", "89")], "down from 91% in 2021-22, worse"),
    (standard(target="80", survey=True), [("2018", "81"), ("2020", "79")], "down from 81% in 2018, worse"),
    # year to date: a quarter against the same quarter of the year before
    (standard("seconds", "at_most", "90", basis="year_to_date"),
     [("2023-24 Q2", "80"), ("2024-25 Q1", "99"), ("2024-25 Q2", "85")], "up from 80 seconds in 2023-24 Q2, worse"),
]


@pytest.mark.parametrize("item, values, expected", TRENDS)
def test_trend_in_words(item, values, expected):
    assert words.trend_words(latest(item, values)) == expected


@pytest.mark.parametrize("values", [[("2024-25", "85")], [("2023-24", None), ("2024-25", "85")],
                                    [("2023-24", "80"), ("2024-25", None)], [("2024-25 Q1", "80"), ("2024-25", "85")]])
def test_no_trend_without_two_results_of_one_kind(values):
    assert [words.trend_words(r) for r in rows(standard(), values)] == [None] * len(values)


def test_the_page_says_the_trend_as_a_sentence(make_project, tmp_path):
    root = make_project({
        "standards/repairs.yaml": """\
            area: Repairs
            standards:
              - id: repairs-on-time
                title: We complete repairs on time
                unit: percent
                target: {at_least: 82}
            """,
        "performance/2023-24.yaml": "period: 2023-24\nresults:\n  repairs-on-time: 80\n",
        "performance/2024-25.yaml": "period: 2024-25\nresults:\n  repairs-on-time: 85\n",
    })
    outcome = check_project(root / "mkdocs.yml")
    page = build_site(outcome.project, root).pages["areas/repairs.md"]
    assert '<p class="latest-trend">Up from 80% in 2023-24, better.</p>' in page
    assert "Latest result, April 2024 to March 2025 (2024-25):</span> <strong class=\"latest-value\">85%</strong>, " \
           "against a target of at least 82%." in page
    assert '<span class="status status--met">Met</span>' in page


# -- status ---------------------------------------------------------------------------------------

STATUSES = [
    # (item, value or None for a `missing` result, the badge's word, the status's words in a summary)
    (standard(target="90"), "95", "Met", "met"),
    (standard(target="90"), "90", "Met", "met"),
    (standard(target="90", tolerance="1"), "89.5", "Close", "were close on"),
    (standard(target="90", tolerance="1"), "88.9", "Missed", "missed"),
    (standard("days", "at_most", "5", tolerance="0.5"), "5.5", "Close", "were close on"),
    (standard("days", "at_most", "5"), "4", "Met", "met"),
    (standard("days", "at_most", "5"), "6", "Missed", "missed"),
    (standard(target="90"), None, "No data", "have no figures for"),
    (standard(direction=None), "50", "Not scored", "do not score"),
    (figure(), "50", "Not scored", "do not score"),
]


@pytest.mark.parametrize("item, value, word, sentence", STATUSES)
def test_status_in_words(item, value, word, sentence):
    result = Result(item.id, HERE, value=None if value is None else Decimal(value),
                    missing="Not collected" if value is None else None)
    period_file = PeriodFile(parse_period("2024-25"), "performance/2024-25.yaml", HERE, results={item.id: result})
    [row] = assess_item(item, (period_file,))
    css = {"Met": "met", "Close": "close", "Missed": "missed", "No data": "no-data", "Not scored": "none"}[word]
    assert str(words.status_badge(row.status)) == f'<span class="status status--{css}">{word}</span>'
    assert words.STATUS_WORDS[row.status].sentence == sentence


@pytest.mark.parametrize(
    "counts, expected",
    [
        ({MET: 38, CLOSE: 5, MISSED: 2, NO_DATA: 1},
         "Of 46 standards with a target, we met 38, were close on 5, missed 2 and have no figures for 1."),
        ({MET: 1, MISSED: 2}, "Of 3 standards with a target, we met 1 and missed 2."),
        ({MISSED: 1}, "Of 1 standard with a target, we missed 1."),
        ({CLOSE: 2, NO_DATA: 1}, "Of 3 standards with a target, we were close on 2 and have no figures for 1."),
        ({MET: 3}, "Of 3 standards with a target, we met all 3."),
        ({MET: 1}, "Of 1 standard with a target, we met it."),
        ({}, "There are no standards with a target for this period."),
        # nothing scored: every standard with a target has no result
        ({NO_DATA: 5}, "Of 5 standards with a target, we have no figures for any."),
        ({NO_DATA: 1}, "Of 1 standard with a target, we have no figures for it."),
    ],
)
def test_count_sentence(counts, expected):
    assert words.count_sentence(counts) == expected


# -- summaries: what was scored, counted ----------------------------------------------------------
# (counts of the period's standards by status, the home page's line when nothing was missed, the
# falling-short page's line when nothing was missed or close, its line over the standards with no data)

SUMMARIES = [
    # nothing scored: no target in force
    ({}, "No standard had a target in 2017-18.", "No standard had a target in 2017-18.",
     "No standard had a target in 2017-18, so none is counted here."),
    # nothing scored: every result missing
    ({NO_DATA: 103}, "None of our 103 standards with a target had a result in 2017-18.",
     "None of our 103 standards with a target had a result in 2017-18.",
     "103 of 103 standards with a target have no result for 2017-18."),
    # some scored
    ({MET: 1, NO_DATA: 102}, "We met the only standard with a result in 2017-18.",
     "We met the only standard with a result in 2017-18.",
     "102 of 103 standards with a target have no result for 2017-18."),
    ({MET: 4, CLOSE: 2, NO_DATA: 1}, "We met or came close on all 6 standards with a result in 2017-18.",
     None, "1 of 7 standards with a target has no result for 2017-18."),
    ({CLOSE: 1}, "We met or came close on the only standard with a result in 2017-18.", None,
     "The only standard with a target has a result for 2017-18."),
    # all met
    ({MET: 12}, "We met all 12 standards with a result in 2017-18.",
     "We met all 12 standards with a result in 2017-18.",
     "All 12 standards with a target have a result for 2017-18."),
]


@pytest.mark.parametrize("counts, none_missed, met_all, no_data", SUMMARIES)
def test_summaries_count_what_was_scored(counts, none_missed, met_all, no_data):
    assert words.none_missed_sentence(counts, "2017-18") == none_missed
    if met_all is not None:  # only said when nothing was missed or close
        assert words.met_all_sentence(counts, "2017-18") == met_all
    assert words.no_data_sentence(counts, "2017-18") == no_data


# -- runs of misses -------------------------------------------------------------------------------

def quarters(*values: str | None) -> list[tuple[str, str | None]]:
    labels = [f"{2021 + i // 4}-{(22 + i // 4) % 100:02d} Q{i % 4 + 1}" for i in range(len(values))]
    return list(zip(labels, values))


def years(*values: str | None) -> list[tuple[str, str | None]]:
    return [(f"{2018 + i}-{(19 + i) % 100:02d}", v) for i, v in enumerate(values)]


RUNS = [
    # at least 90, close within 1: 95 met, 89.5 close, 80 missed
    (quarters("95", "80", "80", "80"), "missed for the third quarter running"),
    (quarters("80", "80"), "missed for the second quarter running"),
    (quarters("80"), None),  # one miss is not a run
    (quarters("80", "95", "80"), None),  # a met in between ends the run
    (quarters("80", None, "80"), None),  # so does a quarter with no figure
    (quarters("89.5", "89.5"), "close but not met for the second quarter running"),
    (quarters("80", "89.5"), None),  # a close after a miss starts a run of its own
    (quarters("89.5", "80", "80"), "missed for the second quarter running"),
    (quarters("95", "95"), None),  # met is never a run
    (years("80", "80"), "missed for the second year running"),
    ([("2018", "80"), ("2019", "80"), ("2020", "80")], "missed for the third survey running"),
    (quarters(*["80"] * 12), "missed for the twelfth quarter running"),
    (quarters(*["80"] * 13), "missed for the 13th quarter running"),
    (quarters(*["80"] * 21), "missed for the 21st quarter running"),
    (quarters(*["80"] * 22), "missed for the 22nd quarter running"),
    (quarters(*["80"] * 23), "missed for the 23rd quarter running"),
]


@pytest.mark.parametrize("values, expected", RUNS)
def test_runs_of_misses_in_words(values, expected):
    item = standard(target="90", tolerance="1")
    view = item_view(item, Area("a", "A", "standards/a.yaml", items=(item,)), rows(item, values))
    assert view.run == expected


@pytest.mark.parametrize(
    "count, expected",
    [(2, "second"), (10, "tenth"), (11, "eleventh"), (12, "twelfth"), (13, "13th"), (21, "21st"), (22, "22nd"),
     (23, "23rd"), (24, "24th"), (101, "101st"), (111, "111th"), (112, "112th"), (113, "113th")],
)
def test_ordinals_beyond_the_twelfth(count, expected):
    assert words.run_words(count, "year", MISSED) == f"missed for the {expected} year running"


# -- targets and tolerance ------------------------------------------------------------------------

@pytest.mark.parametrize(
    "unit, old, new, expected",
    [
        ("percent", ("at_least", "78"), ("at_least", "82"),
         "Target raised from at least 78% to at least 82% (harder to meet)"),
        ("percent", ("at_least", "82"), ("at_least", "78"),
         "Target lowered from at least 82% to at least 78% (easier to meet)"),
        ("working_days", ("at_most", "10"), ("at_most", "8"),
         "Target lowered from at most 10 working days to at most 8 working days (harder to meet)"),
        ("working_days", ("at_most", "10"), ("at_most", "12"),
         "Target raised from at most 10 working days to at most 12 working days (easier to meet)"),
    ],
)
def test_target_changes_in_words(unit, old, new, expected):
    before, after = Target(old[0], Decimal(old[1])), Target(new[0], Decimal(new[1]), parse_period("2024-25"))
    assert words.target_change_words(standard(unit, old[0], old[1]), before, after) == expected


@pytest.mark.parametrize(
    "item, expected",
    [
        (standard(tolerance="1"), "Close means not met, but no more than 1 percentage point below the target."),
        (standard(tolerance="2.5"), "Close means not met, but no more than 2.5 percentage points below the target."),
        (standard("working_days", "at_most", "10", tolerance="0.5"),
         "Close means not met, but no more than 0.5 working days above the target."),
        (standard("days", "at_most", "5", tolerance="1"), "Close means not met, but no more than 1 day above the target."),
        (standard(), "This standard has no tolerance: anything short of the target is missed."),
    ],
)
def test_tolerance_in_words(item, expected):
    assert words.tolerance_words(item, item.targets[0]) == expected


# -- periods in words -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, year_starts, basis, expected",
    [
        ("2021-22", 4, "period", "April 2021 to March 2022"),
        ("2021-22 Q1", 4, "period", "April to June 2021"),
        ("2021-22 Q3", 4, "period", "October to December 2021"),
        ("2021-22 Q4", 4, "period", "January to March 2022"),
        ("2017", 4, "period", "January to December 2017"),
        ("2021-22 Q2", 4, "year_to_date", "April to September 2021, so far this year"),
        ("2021-22 Q4", 4, "year_to_date", "April 2021 to March 2022, so far this year"),
        ("2021-22", 4, "year_to_date", "April 2021 to March 2022"),  # a year is the whole year anyway
        ("2021-22 Q2", 4, "snapshot", "at 30 September 2021"),
        ("2021-22", 4, "snapshot", "at 31 March 2022"),
        ("2024", 4, "snapshot", "at 31 December 2024"),
        ("2021-22", 7, "period", "July 2021 to June 2022"),
        ("2021-22 Q3", 7, "period", "January to March 2022"),
        ("2021-22 Q1", 10, "period", "October to December 2021"),
        ("2021-22 Q2", 10, "year_to_date", "October 2021 to March 2022, so far this year"),
    ],
)
def test_periods_in_words(text, year_starts, basis, expected):
    assert parse_period(text, year_starts).words(basis) == expected
