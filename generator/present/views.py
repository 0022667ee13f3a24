"""What the pages and newsletters show, worked out once from the assessments.

Pure functions and frozen views: which periods are "latest", the latest result
of each standard, its history, runs of misses, changed targets, rankings.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from generator.assess.rules import CLOSE, MISSED, NO_DATA, Assessment
from generator.model import Area, Item, PeriodFile, Project
from generator.present.words import (
    about_the_same,
    met_all_sentence,
    no_data_sentence,
    none_missed_sentence,
    run_words,
    target_change_words,
)
from generator.registry.periods import KINDS


@dataclass(frozen=True)
class ItemView:
    item: Item
    area: Area
    latest: Assessment | None  # the most recent row with a result, by period end date
    history: tuple[tuple[str, tuple[Assessment, ...]], ...]  # (kind, rows newest first), latest kind first
    target_changes: tuple[str, ...] = ()
    run: str | None = None  # "missed for the third quarter running"
    # no longer reported as of the newest period the site shows: `retired: 2030-31` on a standard
    # reported in 2024-25 is still current, so the pages list it with the current standards
    retired: bool = False

    @property
    def rows(self) -> tuple[Assessment, ...]:
        return tuple(r for _, rows in self.history for r in rows)


@dataclass(frozen=True)
class Views:
    project: Project
    rows: tuple[Assessment, ...]
    items: dict[str, ItemView] = field(default_factory=dict)
    latest_periods: tuple[PeriodFile, ...] = ()
    by_period: dict[str, list[Assessment]] = field(default_factory=dict)  # period label -> rows
    index: dict[tuple[str, str], Assessment] = field(default_factory=dict)  # (item id, period label) -> row
    # (period label, area id) -> rows, and the (item id, period kind) pairs with a row: looked up by the
    # pages, which would otherwise filter every row once per area and period (quadratic in the data)
    by_period_area: dict[tuple[str, str], list[Assessment]] = field(default_factory=dict)
    item_kinds: frozenset[tuple[str, str]] = frozenset()

    def rows_in(self, period_file: PeriodFile, area: str | None = None, kind: str | None = None) -> list[Assessment]:
        """The rows of a period, in the project's order; only one area's when ``area`` (an id) is given,
        and only its standards or figures when ``kind`` is 'standard' or 'figure'."""
        if area is None:
            return self.by_period.get(period_file.period.label, [])
        rows = self.by_period_area.get((period_file.period.label, area), [])
        return rows if kind is None else [r for r in rows if r.item.kind == kind]

    def grids(self, kind: str) -> list[tuple[Area, list[Item]]]:
        """Each area with its items (in order) that have a row in some period of this kind."""
        found = [(area, [i for i in area.items if (i.id, kind) in self.item_kinds]) for area in self.project.areas]
        return [(area, items) for area, items in found if items]

    def row(self, item_id: str, period_file: PeriodFile) -> Assessment | None:
        return self.index.get((item_id, period_file.period.label))

    def area_items(self, area: Area) -> list[ItemView]:
        return [self.items[i.id] for i in area.items]


def latest_periods(project: Project) -> tuple[PeriodFile, ...]:
    """The latest financial year, the latest quarter when it ends later, and the latest survey.

    A survey (a calendar year) is often a landlord's main story and is never inside a financial
    year's results, so the latest one is always shown beside them."""
    by_kind: dict[str, PeriodFile] = {}
    for period_file in project.periods:
        current = by_kind.get(period_file.period.kind)
        if current is None or period_file.period.start > current.period.start:
            by_kind[period_file.period.kind] = period_file
    year, quarter = by_kind.get("year"), by_kind.get("quarter")
    chosen = [p for p in (year,) if p]
    if quarter and (year is None or quarter.period.end > year.period.end):
        chosen.append(quarter)
    if "calendar" in by_kind:
        chosen.append(by_kind["calendar"])
    return tuple(chosen)


def _latest(rows: list[Assessment]) -> Assessment | None:
    with_result = [r for r in rows if r.result is not None]
    if not with_result:
        return None
    # by end date; on a tie (a year and its Q4) the longer period sums up more
    return max(with_result, key=lambda r: (r.period.end, r.period.months))


def _run_length(rows_newest_first: tuple[Assessment, ...]) -> int:
    """How many periods in a row, up to the newest, share the newest row's status."""
    if not rows_newest_first:
        return 0
    status = rows_newest_first[0].status
    count = 0
    for row in rows_newest_first:
        if row.status != status:
            break
        count += 1
    return count


def _target_changes(item: Item) -> tuple[str, ...]:
    return tuple(target_change_words(item, old, new) + f" from {new.start}"
                 for old, new in zip(item.targets, item.targets[1:]) if new.start is not None)


def retired_as_of(item: Item, newest: PeriodFile | None) -> bool:
    """Whether the item is retired by the newest period shown (FORMAT.md: retired from that period on).
    With no period at all nothing has been reported, so nothing has stopped being reported."""
    return newest is not None and not item.published_in(newest.period)


def newest_period(project: Project) -> PeriodFile | None:
    """The period shown that starts last, of any kind (on a tie, the longer one)."""
    return max(project.periods, key=lambda p: (p.period.start, p.period.months), default=None)


def item_view(item: Item, area: Area, rows: list[Assessment], retired: bool = False) -> ItemView:
    by_kind: dict[str, list[Assessment]] = defaultdict(list)
    for row in rows:
        by_kind[row.period.kind].append(row)
    latest = _latest(rows)
    kinds = sorted(by_kind, key=lambda k: (latest is None or k != latest.period.kind, KINDS[k].order))
    history = tuple((k, tuple(sorted(by_kind[k], key=lambda r: r.period.start, reverse=True))) for k in kinds)
    run = _run_ending_at(history, latest) if latest is not None else None
    return ItemView(item, area, latest, history, _target_changes(item), run, retired)


def _run_ending_at(history: tuple[tuple[str, tuple[Assessment, ...]], ...], row: Assessment) -> str | None:
    """'missed for the third quarter running': the run of misses (or closes) that ends at ``row``."""
    if row.status not in (MISSED, CLOSE):
        return None
    same_kind = next((rows for kind, rows in history if kind == row.period.kind), ())
    earlier = tuple(r for r in same_kind if r.period.start <= row.period.start)
    return run_words(_run_length(earlier), row.period.kind, row.status)  # type: ignore[arg-type]


def since_first_result(rows: list[Assessment]) -> list[Assessment]:
    """The rows the pages show: each item's rows of a kind from its first result of that kind on.

    FORMAT.md's rows (the open data) include every period file of a kind in which the item has a
    result, so a measure first reported in 2021-22 has a 2015-16 row; on a page that would read as
    a result we failed to give before the measure existed.  Gaps after the first result stay."""
    first: dict[tuple[str, str], object] = {}
    for row in rows:
        if row.result is not None:
            key = (row.item.id, row.period.kind)
            if key not in first or row.period.start < first[key]:  # type: ignore[operator]
                first[key] = row.period.start
    return [r for r in rows
            if (start := first.get((r.item.id, r.period.kind))) is not None and r.period.start >= start]


def build_views(project: Project, rows: list[Assessment]) -> Views:
    rows = since_first_result(rows)
    by_item: dict[str, list[Assessment]] = defaultdict(list)
    for row in rows:
        by_item[row.item.id].append(row)
    newest = newest_period(project)
    items = {item.id: item_view(item, area, by_item[item.id], retired_as_of(item, newest))
             for area in project.areas for item in area.items}
    by_period: dict[str, list[Assessment]] = defaultdict(list)
    for row in rows:
        by_period[row.period.label].append(row)
    by_period_area: dict[tuple[str, str], list[Assessment]] = defaultdict(list)
    for row in rows:
        by_period_area[(row.period.label, row.item.area)].append(row)
    index = {(r.item.id, r.period.label): r for r in rows}
    item_kinds = frozenset((r.item.id, r.period.kind) for r in rows)
    return Views(project, tuple(rows), items, latest_periods(project), dict(by_period), index,
                 dict(by_period_area), item_kinds)


def status_counts(rows: list[Assessment]) -> Counter:
    return Counter(r.status for r in rows if r.item.kind == "standard" and r.status is not None)


def gap_ratio(row: Assessment) -> Decimal:
    """How far from target, as a share of the target, for ranking across units."""
    if row.value is None or row.target is None:
        return Decimal(0)
    gap = abs(row.target.value - row.value)
    return gap / abs(row.target.value) if row.target.value else gap


def falling_short(views: Views, period_file: PeriodFile) -> dict[str, list]:
    """Missed or close (furthest first), figures getting worse, and standards with no data."""
    rows = [r for r in views.rows_in(period_file) if r.item.kind == "standard"]
    short = sorted((r for r in rows if r.status in (MISSED, CLOSE)),
                   key=lambda r: (r.status != MISSED, -gap_ratio(r), r.item.title.casefold()))
    figures = [r for r in views.rows_in(period_file) if r.item.kind == "figure"]
    worse = [r for r in figures if r.trend == "worse" and not about_the_same(r)]  # as the trend's words say
    no_data = [r for r in rows if r.status == NO_DATA]
    counts = status_counts(rows)
    label = period_file.period.label
    # the summaries count what was scored: a period with nothing scored never reads "we met every standard"
    return {"short": short, "worse": worse, "no_data": no_data, "counts": counts, "figures": len(figures),
            "none_missed": none_missed_sentence(counts, label), "met_all": met_all_sentence(counts, label),
            "no_data_sentence": no_data_sentence(counts, label)}


def run_for(views: Views, row: Assessment) -> str | None:
    """The run of misses (or closes) that ends at this row's period."""
    return _run_ending_at(views.items[row.item.id].history, row)
