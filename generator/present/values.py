"""Values for people, per unit, never contradicting the status or the trend.

A value is shown with the unit's usual decimals (fewer if fewer were written).
If rounding would make it read as another status (94.96% shown as 95.0%
against "at least 95%"), or make two different values read the same beside
"up" or "down", more decimals are shown until it cannot.
"""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Decimal

from generator.assess.rules import Assessment, status
from generator.model import Target
from generator.registry.units import UNITS

MAX_DECIMALS = 6


def written_decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


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
        decimals = min(spec.decimals, written_decimals(value))
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


def display_decimals(row: Assessment) -> int:
    """Decimals that keep the shown value truthful to its status and trend (cached as ``row.decimals``)."""
    value, unit = row.value, row.item.unit
    if value is None or unit is None:
        return 0
    spec = UNITS[unit]
    decimals = min(spec.decimals, written_decimals(value))
    if row.previous_value is not None:
        decimals = max(decimals, min(spec.decimals, written_decimals(row.previous_value)))
    while decimals < MAX_DECIMALS and _contradicts(value, row.previous_value, row.target, row.item.tolerance,
                                                    row.status, row.trend, decimals):
        decimals += 1
    return decimals


def _contradicts(value: Decimal, previous: Decimal | None, target: Target | None, tolerance: Decimal,
                 shown_status: str | None, trend: str | None, decimals: int) -> bool:
    shown = round_to(value, decimals)
    if target is not None and status(shown, target, tolerance) != shown_status:
        return True
    if trend in ("up", "down", "better", "worse") and previous is not None:
        return shown == round_to(previous, decimals)
    return False


def display_value(row: Assessment) -> str | None:
    """The row's value for people, or None when it has none (cached as ``row.shown``)."""
    if row.value is None or row.item.unit is None:
        return None
    return format_value(row.value, row.item.unit, row.item.out_of, row.decimals)


def display_previous(row: Assessment) -> str | None:
    """The previous value, at the same decimals as the value it is compared with."""
    if row.previous_value is None or row.item.unit is None:
        return None
    return format_value(row.previous_value, row.item.unit, row.item.out_of, row.decimals)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
