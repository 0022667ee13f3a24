"""Display of values per unit, and display rounding that never contradicts status or trend."""

from decimal import Decimal

import pytest

from generator.assess.rules import Assessment, status, trend
from generator.model import Item, PeriodFile, Target
from generator.present.values import display_previous, display_value, format_target, format_value
from generator.problems import Location
from generator.registry.periods import parse_period


@pytest.mark.parametrize(
    "value, unit, out_of, expected",
    [
        ("93.4", "percent", None, "93.4%"),
        ("93.45", "percent", None, "93.45%"),  # as written, never re-rounded
        ("93.89", "percent", None, "93.89%"),
        ("93.10", "percent", None, "93.10%"),  # a written trailing zero is kept
        ("90", "percent", None, "90%"),
        ("74.15", "percent", None, "74.15%"),  # a benchmark quartile
        ("95", "percent", None, "95%"),  # no decimals invented
        ("100", "percent", None, "100%"),
        ("1204", "count", None, "1,204"),
        ("0", "count", None, "0"),
        ("94", "seconds", None, "94 seconds"),
        ("1", "seconds", None, "1 second"),
        ("119", "seconds", None, "119 seconds"),
        ("119.6", "seconds", None, "119.6 seconds"),
        ("125.5", "seconds", None, "2 minutes 5.5 seconds"),
        ("2.50", "minutes", None, "2.50 minutes"),
        ("125", "seconds", None, "2 minutes 5 seconds"),
        ("120", "seconds", None, "2 minutes"),
        ("181", "seconds", None, "3 minutes 1 second"),
        ("3", "minutes", None, "3 minutes"),
        ("1", "minutes", None, "1 minute"),
        ("97", "hours", None, "97 hours"),
        ("4.5", "days", None, "4.5 days"),
        ("3.50", "days", None, "3.50 days"),
        ("1", "days", None, "1 day"),
        ("10.4", "working_days", None, "10.4 working days"),
        ("1", "working_days", None, "1 working day"),
        ("9.9", "score", "10", "9.9 out of 10"),
        ("7", "score", "10", "7 out of 10"),
        ("1250", "pounds", None, "£1,250.00"),
        ("1250.5", "pounds", None, "£1,250.50"),
        ("-300", "pounds", None, "-£300.00"),
        ("3.2", "per_1000_homes", None, "3.2 per 1,000 homes"),
        ("3.24", "per_1000_homes", None, "3.24 per 1,000 homes"),
    ],
)
def test_format_value(value, unit, out_of, expected):
    assert format_value(Decimal(value), unit, Decimal(out_of) if out_of else None) == expected


@pytest.mark.parametrize(
    "value, unit, decimals, expected",
    [
        ("93.45", "percent", 1, "93.5%"),  # half up
        ("119.6", "seconds", 0, "2 minutes"),  # the form follows the rounded value
        (Decimal(100) * 45 / 49, "percent", None, "91.8%"),  # worked out: 45/49 = 0.91836..., one decimal
        (Decimal(1000) * 7 / 2997, "per_1000_homes", None, "2.3 per 1,000 homes"),  # 2.33566...
    ],
)
def test_format_value_rounded(value, unit, decimals, expected):
    assert format_value(Decimal(value), unit, decimals=decimals) == expected


@pytest.mark.parametrize(
    "direction, value, unit, expected",
    [
        ("at_least", "95", "percent", "at least 95%"),
        ("at_least", "82.5", "percent", "at least 82.5%"),
        ("at_least", "95.50", "percent", "at least 95.50%"),
        ("at_most", "10", "working_days", "at most 10 working days"),
        ("at_most", "90", "seconds", "at most 90 seconds"),
        ("at_most", "1", "days", "at most 1 day"),
    ],
)
def test_format_target(direction, value, unit, expected):
    assert format_target(Target(direction, Decimal(value)), unit) == expected


PERIOD = PeriodFile(parse_period("2021-22"), "p.yaml", Location("p.yaml"))
PREVIOUS = parse_period("2020-21")


def row(value, unit="percent", target=None, tolerance="0", previous=None, higher=True, count=None):
    targets = (Target(target[0], Decimal(target[1])),) if target else ()
    item = Item("standard", "s", "S", "a", Location("f"), unit=unit, targets=targets, tolerance=Decimal(tolerance),
                better=None if targets else ("higher" if higher else None))
    from generator.model import Result

    v = Decimal(value)
    result = Result("s", Location("p.yaml"), value=v, **(dict(count=count[0], of=count[1]) if count else {}))
    t = targets[0] if targets else None
    fields = dict(item=item, period_file=PERIOD, result=result, target=t, status=status(v, t, item.tolerance))
    if previous is not None:
        p = Decimal(previous)
        fields.update(previous_period=PREVIOUS, previous_value=p, trend=trend(v, p, item.higher_is_better))
    return Assessment(**fields)


@pytest.mark.parametrize(
    "case, expected_value, expected_previous",
    [
        # rounding would make a missed value read as meeting the target
        (row("94.96", target=("at_least", "95")), "94.96%", None),
        (row("94.996", target=("at_least", "95")), "94.996%", None),
        (row("95.04", target=("at_most", "95")), "95.04%", None),
        (row("94.94", target=("at_least", "95")), "94.94%", None),  # as written
        (row("10.04", unit="working_days", target=("at_most", "10")), "10.04 working days", None),
        # close must not read as missed, or missed as close
        (row("94.46", target=("at_least", "95"), tolerance="0.5"), "94.46%", None),
        (row("94.54", target=("at_least", "95"), tolerance="0.5"), "94.54%", None),
        # two different values must not read the same beside up/down
        (row("93.41", previous="93.44"), "93.41%", "93.44%"),
        (row("93.4", previous="93.4"), "93.4%", "93.4%"),  # same: no extra decimals
        (row("1204", unit="count", previous="1203"), "1,204", "1,203"),
        # computed values are shown at the unit's usual decimals
        (row(str(Decimal(100) * 661 / 708)), "93.4%", None),
        # written values are shown as written, however many decimals
        (row("88", previous="93.89"), "88%", "93.89%"),
        (row("93.44", previous="93.41"), "93.44%", "93.41%"),
        (row("89.96", target=("at_least", "90")), "89.96%", None),  # missed, and reads as missed
        (row("90", target=("at_least", "90")), "90%", None),
        (row("3.50", unit="days", target=("at_most", "5")), "3.50 days", None),
        # worked out from count/of: one decimal, more only when needed
        (row(str(Decimal(100) * 45 / 49), count=(45, 49)), "91.8%", None),
        # 1358/1509 = 0.8999337...: "90.0%" would read as met; 89.99% reads as missed
        (row(str(Decimal(100) * 1358 / 1509), target=("at_least", "90"), count=(1358, 1509)), "89.99%", None),
        # 661/708 = 93.3615... after 93.4: both read 93.4%, a change too small to see as shown, so no
        # decimals are added; the words say "about the same as 93.4%" instead of "down" (test_survey.py)
        (row(str(Decimal(100) * 661 / 708), previous="93.4"), "93.4%", "93.4%"),
        # 93.3615... after 93.35: "93.4%, up from 93.35%" already reads the right way round
        (row(str(Decimal(100) * 661 / 708), previous="93.35"), "93.4%", "93.35%"),
    ],
)
def test_display_never_contradicts_status_or_trend(case, expected_value, expected_previous):
    assert display_value(case) == expected_value
    assert display_previous(case) == expected_previous


PUBLISHED = {
    "standards/repairs.yaml": """\
        area: Repairs
        standards:
          - id: on-time
            title: Repairs on time
            unit: percent
            target: {at_least: 90}
          - id: by-count
            title: Repairs done right first time
            unit: percent
            target: {at_least: 90}
        figures:
          - id: days-to-fix
            title: Average days to fix
            unit: days
        """,
    "performance/2023-24.yaml": """\
        period: 2023-24
        results:
          on-time: 88
          by-count: {count: 40, of: 49}
          days-to-fix: 4.25
        """,
    "performance/2024-25.yaml": """\
        period: 2024-25
        results:
          on-time: 93.89
          by-count: {count: 45, of: 49}
          days-to-fix: 3.50
        benchmarks:
          source: Housemark 2024
          values:
            on-time: {lower_quartile: 74.15, median: 80, upper_quartile: 90.5}
        """,
}


def test_published_figures_are_shown_as_written_in_pages_and_newsletters(make_project):
    from generator.newsletter.content import content
    from generator.newsletter.text import text_edition
    from generator.pipeline import check_project
    from generator.site.pages import build_site

    root = make_project(PUBLISHED)
    outcome = check_project(root / "mkdocs.yml")
    assert not outcome.errors, outcome.errors
    pages = build_site(outcome.project, root).pages
    newsletter = text_edition(content(outcome.project, outcome.project.periods[-1]))
    for text in (pages["areas/repairs.md"], pages["periods/2024-25.md"], newsletter):
        assert "93.89%" in text and "93.9%" not in text
        assert "91.8%" in text  # 45 of 49 = 0.91836...: worked out, one decimal
        assert "3.50 days" in text or text is newsletter  # a figure: on the area page
    assert "Up from 88% in 2023-24, better." in pages["areas/repairs.md"]
    # 40 of 49 = 81.63...% before: one decimal, and it reads lower than 91.8%
    assert "Up from 81.6% in 2023-24, better." in pages["areas/repairs.md"]
    for text in (pages["periods/2024-25.md"], newsletter):
        assert "74.15%" in text and "74.2%" not in text and "90.5%" in text and "80%" in text
