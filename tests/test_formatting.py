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
        ("93.45", "percent", None, "93.5%"),  # half up
        ("95", "percent", None, "95%"),  # no decimals invented
        ("100", "percent", None, "100%"),
        ("1204", "count", None, "1,204"),
        ("0", "count", None, "0"),
        ("94", "seconds", None, "94 seconds"),
        ("1", "seconds", None, "1 second"),
        ("119", "seconds", None, "119 seconds"),
        ("119.6", "seconds", None, "2 minutes"),  # the form follows the rounded value
        ("125", "seconds", None, "2 minutes 5 seconds"),
        ("120", "seconds", None, "2 minutes"),
        ("181", "seconds", None, "3 minutes 1 second"),
        ("3", "minutes", None, "3 minutes"),
        ("1", "minutes", None, "1 minute"),
        ("97", "hours", None, "97 hours"),
        ("4.5", "days", None, "4.5 days"),
        ("1", "days", None, "1 day"),
        ("10.4", "working_days", None, "10.4 working days"),
        ("1", "working_days", None, "1 working day"),
        ("9.9", "score", "10", "9.9 out of 10"),
        ("7", "score", "10", "7 out of 10"),
        ("1250", "pounds", None, "£1,250.00"),
        ("1250.5", "pounds", None, "£1,250.50"),
        ("-300", "pounds", None, "-£300.00"),
        ("3.2", "per_1000_homes", None, "3.2 per 1,000 homes"),
        ("3.24", "per_1000_homes", None, "3.2 per 1,000 homes"),
    ],
)
def test_format_value(value, unit, out_of, expected):
    assert format_value(Decimal(value), unit, Decimal(out_of) if out_of else None) == expected


@pytest.mark.parametrize(
    "direction, value, unit, expected",
    [
        ("at_least", "95", "percent", "at least 95%"),
        ("at_least", "82.5", "percent", "at least 82.5%"),
        ("at_most", "10", "working_days", "at most 10 working days"),
        ("at_most", "90", "seconds", "at most 90 seconds"),
        ("at_most", "1", "days", "at most 1 day"),
    ],
)
def test_format_target(direction, value, unit, expected):
    assert format_target(Target(direction, Decimal(value)), unit) == expected


PERIOD = PeriodFile(parse_period("2021-22"), "p.yaml", Location("p.yaml"))
PREVIOUS = parse_period("2020-21")


def row(value, unit="percent", target=None, tolerance="0", previous=None, higher=True):
    targets = (Target(target[0], Decimal(target[1])),) if target else ()
    item = Item("standard", "s", "S", "a", Location("f"), unit=unit, targets=targets, tolerance=Decimal(tolerance),
                better=None if targets else ("higher" if higher else None))
    from generator.model import Result

    v = Decimal(value)
    result = Result("s", Location("p.yaml"), value=v)
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
        (row("94.94", target=("at_least", "95")), "94.9%", None),  # already truthful at 1 decimal
        (row("10.04", unit="working_days", target=("at_most", "10")), "10.04 working days", None),
        # close must not read as missed, or missed as close
        (row("94.46", target=("at_least", "95"), tolerance="0.5"), "94.46%", None),
        (row("94.54", target=("at_least", "95"), tolerance="0.5"), "94.5%", None),
        # two different values must not read the same beside up/down
        (row("93.41", previous="93.44"), "93.41%", "93.44%"),
        (row("93.4", previous="93.4"), "93.4%", "93.4%"),  # same: no extra decimals
        (row("1204", unit="count", previous="1203"), "1,204", "1,203"),
        # computed values are shown at the unit's usual decimals
        (row(str(Decimal(100) * 661 / 708)), "93.4%", None),
        (row("88", previous="93.89"), "88.0%", "93.9%"),
    ],
)
def test_display_never_contradicts_status_or_trend(case, expected_value, expected_previous):
    assert display_value(case) == expected_value
    assert display_previous(case) == expected_previous
