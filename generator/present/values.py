"""Values for people, per unit, never contradicting the status or the trend.

A value is shown with the decimals it was written with (93.89 as "93.89%",
3.50 as "3.50 days"), so a page agrees with the landlord's own report; a value
the tool worked out (count/of) is shown at the unit's usual decimals.  If that
rounding would make it read as another status (94.96% shown as 95.0% against
"at least 95%"), or make two values read the wrong way round beside "up" or
"down", more decimals are shown until it cannot.  Written decimals are never
removed.
"""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Decimal

from generator.assess.rules import Assessment, status
from generator.model import Target
from generator.registry.units import UNITS

MAX_DECIMALS = 6  # more than anyone writes: a value with more was worked out (100 x count / of)


def written_decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def shown_decimals(value: Decimal, unit: str) -> int:
    """The decimals a value is shown with before any added for truthfulness: as written, or the unit's
    usual decimals for a worked-out value (45 of 49 is 91.836..., shown as 91.8%)."""
    written = written_decimals(value)
    return written if written <= MAX_DECIMALS else UNITS[unit].decimals


def round_to(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _number(value: Decimal, decimals: int) -> str:
    return f"{round_to(value, decimals):,.{decimals}f}"


def _plural(value: Decimal, text: str, singular: str, plural: str) -> str:
    return f"{text} {singular if value == 1 else plural}"


def format_value(value: Decimal, unit: str, out_of: Decimal | None = None, decimals: int | None = None) -> str:
    """'93.4%', '1,204', '2 minutes 5 seconds', '£1,250.00', '3.2 per 1,000 homes'."""
    spec = UNITS[unit]
    if decimals is None:
        decimals = shown_decimals(value, unit)
    if unit == "pounds":
        decimals = max(decimals, 2)
        sign = "-" if value < 0 else ""
        return f"{sign}£{_number(abs(value), decimals)}"
    text = _number(value, decimals)
    if unit == "percent":
        return f"{text}%"
    if unit == "count":
        return text
    if unit == "score":
        return f"{text} out of {format_plain(out_of) if out_of is not None else '?'}"
    if unit == "per_1000_homes":
        return f"{text} per 1,000 homes"
    if unit == "seconds" and round_to(value, decimals) >= 120:
        minutes = int(value // 60)
        seconds = round_to(value - 60 * minutes, decimals)
        if seconds == 60:
            minutes, seconds = minutes + 1, Decimal(0)
        words = _plural(Decimal(minutes), str(minutes), "minute", "minutes")
        if seconds:
            words += " " + _plural(seconds, _number(seconds, decimals), "second", "seconds")
        return words
    return _plural(round_to(value, decimals), text, spec.singular, spec.plural)


def format_benchmark(value: Decimal | None, row: Assessment | None) -> str:
    """A benchmark quartile in the unit of our result's row: '82.5%', or 'Not given' when there is no
    quartile, no row (a benchmark for an id without a result) or the standard has no unit."""
    if value is None or row is None or row.item.unit is None:
        return "Not given"
    return format_value(value, row.item.unit, row.item.out_of)


def format_plain(value: Decimal) -> str:
    """A number as written, with thousands separators: targets, out_of."""
    return _number(value, written_decimals(value))


def format_target(target: Target, unit: str, out_of: Decimal | None = None) -> str:
    """'at least 95%', 'at most 10 working days' (the target exactly as written)."""
    return _target_text(target.direction, str(target.value), unit, _text(out_of))


@functools.lru_cache(maxsize=4096)  # a target is shown beside every result it applies to
def _target_text(direction: str, value_text: str, unit: str, out_of_text: str | None) -> str:
    value = Decimal(value_text)
    out_of = Decimal(out_of_text) if out_of_text is not None else None
    words = "at least" if direction == "at_least" else "at most"
    return f"{words} {format_value(value, unit, out_of, written_decimals(value))}"


def row_decimals(row: Assessment) -> int:
    """The row's shown decimals, worked out once: a row is shown on several pages, in the open
    data and in newsletters.  Kept on the row itself (its own dictionary), as a cached property
    would, so that the assessment does not need to know how values are shown."""
    cache = row.__dict__
    if "_decimals" not in cache:
        cache["_decimals"] = display_decimals(row)
    return cache["_decimals"]


def shown(row: Assessment) -> str | None:
    """The value for people ('93.4%'), or None when there is none; worked out once a row."""
    cache = row.__dict__
    if "_shown" not in cache:
        cache["_shown"] = display_value(row)
    return cache["_shown"]


def display_decimals(row: Assessment) -> int:
    """Decimals that keep the shown value truthful to its status and trend (see row_decimals)."""
    return _decimals(row)[0]


def previous_decimals(row: Assessment) -> int:
    """Decimals for the previous value beside this row's trend: as written, or more if needed."""
    return _decimals(row)[1]


def _decimals(row: Assessment) -> tuple[int, int]:
    """(the value's decimals, the previous value's), worked out once a row and kept on it, as
    row_decimals keeps the first: asked for the value and again for the trend's words."""
    cache = row.__dict__
    if "_decimal_pair" not in cache:
        cache["_decimal_pair"] = _work_out_decimals(row)
    return cache["_decimal_pair"]


def _work_out_decimals(row: Assessment) -> tuple[int, int]:
    value, unit, previous = row.value, row.item.unit, row.previous_value
    if value is None or unit is None:
        return 0, 0
    decimals = _status_decimals(row)
    if previous is None:
        return decimals, 0
    before = shown_decimals(previous, unit)
    # a change too small to see as shown is worded "about the same" (words.about_the_same), unless
    # it is a real change in a survey: that one is told apart like any other
    visible = row.significant_change is True or round_to(value, decimals) != round_to(previous, before)
    if row.trend in ("up", "down", "better", "worse") and visible:
        # the two shown values must read the same way round as the values: 93.44 after 93.41 must not
        # read "93.4%, up from 93.41%"; only a rounded value gets more decimals
        while _sign(round_to(value, decimals) - round_to(previous, before)) != _sign(value - previous):
            more = decimals < MAX_DECIMALS and round_to(value, decimals) != value
            more_before = before < MAX_DECIMALS and round_to(previous, before) != previous
            if not (more or more_before):
                break
            decimals, before = decimals + more, before + more_before
    return decimals, before


def _status_decimals(row: Assessment) -> int:
    """The value's decimals: as written (or the unit's), more only if needed to agree with the status."""
    value, unit = row.value, row.item.unit
    assert value is not None and unit is not None  # only rows with a value in a unit are shown
    decimals = shown_decimals(value, unit)
    while decimals < MAX_DECIMALS and _contradicts(value, row.target, row.item.tolerance, row.status, decimals):
        decimals += 1
    return decimals


def same_when_shown(row: Assessment) -> bool:
    """A change too small to see at the precision the two values are shown at (99.267% after
    99.275%, both shown as 99.3%): worded "about the same", and no decimals are added to tell them
    apart.  False when the values are equal (that trend is "same") or there is nothing to compare."""
    value, previous, unit = row.value, row.previous_value, row.item.unit
    if value is None or previous is None or unit is None or value == previous:
        return False
    return round_to(value, _status_decimals(row)) == round_to(previous, shown_decimals(previous, unit))


def margin_text(row: Assessment) -> str | None:
    """'± 3.2': a survey percentage's margin of error in points, as shown beside it; None without one."""
    if row.margin_of_error is None:
        return None
    return f"± {row.margin_of_error}"


def _sign(difference: Decimal) -> int:
    return (difference > 0) - (difference < 0)


def _contradicts(value: Decimal, target: Target | None, tolerance: Decimal, shown_status: str | None,
                 decimals: int) -> bool:
    return target is not None and status(round_to(value, decimals), target, tolerance) != shown_status


def display_value(row: Assessment) -> str | None:
    """The row's value for people, or None when it has none (see shown)."""
    if row.value is None or row.item.unit is None:
        return None
    return format_value(row.value, row.item.unit, row.item.out_of, row_decimals(row))


def display_previous(row: Assessment) -> str | None:
    """The previous value as written, with more decimals only if needed to read the right way round."""
    if row.previous_value is None or row.item.unit is None:
        return None
    return format_value(row.previous_value, row.item.unit, row.item.out_of, previous_decimals(row))


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
