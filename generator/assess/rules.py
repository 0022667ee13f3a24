"""Status and trend of every result: pure functions over the model.

The rules are FORMAT.md's "Status of a result against its standard" and
"Which rows"; each function here is one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.assess.survey import survey_figures
from generator.model import Item, PeriodFile, Project, Result, Target, periods_by_kind
from generator.registry.periods import Period

MET, CLOSE, MISSED, NO_DATA = "met", "close", "missed", "no-data"
STATUSES = (MET, CLOSE, MISSED, NO_DATA)
TRENDS = ("better", "worse", "same", "up", "down")


@dataclass(frozen=True)
class Assessment:
    """One row: an item in a period, with its status and trend."""

    item: Item
    period_file: PeriodFile
    result: Result | None
    target: Target | None
    status: str | None
    trend: str | None = None
    previous_period: Period | None = None
    previous_value: Decimal | None = None
    # A survey percentage with a sample size (assess/survey.py): its 95% margin of error in
    # percentage points (1 decimal place), and whether the change from the previous result is real
    # (None: not a survey, no sample size on either side, or no previous result).
    margin_of_error: Decimal | None = None
    significant_change: bool | None = None

    @property
    def period(self) -> Period:
        return self.period_file.period

    @property
    def value(self) -> Decimal | None:
        return self.result.value if self.result else None


def status(value: Decimal | None, target: Target | None, tolerance: Decimal = Decimal(0)) -> str | None:
    """met / close / missed / no-data against the target in force; None with no target."""
    if target is None:
        return None
    if value is None:
        return NO_DATA
    if target.direction == "at_least":
        if value >= target.value:
            return MET
        return CLOSE if value >= target.value - tolerance else MISSED
    if value <= target.value:
        return MET
    return CLOSE if value <= target.value + tolerance else MISSED


def trend(value: Decimal, previous: Decimal, higher_is_better: bool | None) -> str:
    """better / worse / same by the item's direction, or up / down / same without one."""
    if value == previous:
        return "same"
    rising = value > previous
    if higher_is_better is None:
        return "up" if rising else "down"
    return "better" if rising == higher_is_better else "worse"


def series(item: Item, period: Period) -> tuple[str, int]:
    """Which earlier results a result in ``period`` is compared with (FORMAT.md "Periods"): those of
    the same kind of period and, for a year-to-date quarter, of the same quarter (Q2 so far this
    year against Q2 so far last year).  The previous result is the latest earlier one of the same
    series that has a value; :func:`assess_item` is the one place that finds it."""
    same_quarter = item.basis == "year_to_date" and period.kind == "quarter"
    return (period.kind, period.quarter if same_quarter else 0)


def percent_survey(item: Item) -> bool:
    """A survey percentage: the items whose results have a margin of error (a score or a count from
    a survey has none: the formula is for a proportion)."""
    return item.survey and item.unit == "percent"


def assess_item(item: Item, periods: tuple[PeriodFile, ...]) -> list[Assessment]:
    """Every row for one item: each period file of each kind in which it has a result.

    ``periods`` are in report order (kind, then time), so the previous result is
    carried forward in one pass: the latest earlier value of the same :func:`series`.
    A gap or a `missing` result is skipped, never invented.
    """
    return _item_rows(item, list(periods_by_kind(periods).values()))


def _item_rows(item: Item, by_kind: list[tuple[PeriodFile, ...]]) -> list[Assessment]:
    # Called for every item, with every period of each kind (25,000 rows in a large project): what
    # depends on the item alone is worked out once here, not once a row.
    rows: list[Assessment] = []
    item_id = item.id
    scored_item = item.kind == "standard"
    survey = percent_survey(item)
    better = item.higher_is_better
    tolerance = item.tolerance
    for files in by_kind:
        if not any(item_id in p.results for p in files):
            continue  # no result of this kind of period: no rows of it
        last: dict[tuple[str, int], tuple[Period, Decimal, Result]] = {}  # series -> its latest value so far
        for period_file in files:
            period = period_file.period
            result = period_file.results.get(item_id)
            value = result.value if result else None
            key = series(item, period)
            earlier = last.get(key)
            if value is not None:
                last[key] = (period, value, result)  # type: ignore[assignment]
            if not item.published_in(period):
                continue
            target = item.target_for(period)
            scored = status(value, target, tolerance) if scored_item else None
            compared = earlier is not None and value is not None
            margin, real = survey_figures(result, earlier[2] if compared else None,  # type: ignore[index]
                                          survey, _surveyed(item, period_file))
            if compared:
                rows.append(Assessment(item, period_file, result, target, scored,
                                       trend(value, earlier[1], better), earlier[0], earlier[1],  # type: ignore
                                       margin, real))
            else:
                rows.append(Assessment(item, period_file, result, target, scored, margin_of_error=margin))
    return rows


def _surveyed(item: Item, period_file: PeriodFile) -> int | None:
    """The surveyed population of a standard that is a TSM: its tenure's homes that year, so that
    its margin of error is the one the TSM page shows (the result's own `population` comes first)."""
    if item.tsm is None or period_file.tsm is None:
        return None
    return period_file.tsm.homes_of(item.tsm.tenure)


def assess(project: Project) -> list[Assessment]:
    """All rows in report order: area, item (standards then figures), period kind, time."""
    by_kind = list(periods_by_kind(sorted(project.periods, key=lambda p: p.period.sort_key)).values())
    rows: list[Assessment] = []
    for area in project.areas:
        for item in area.standards + area.figures:
            rows.extend(_item_rows(item, by_kind))
    return rows
