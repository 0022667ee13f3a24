"""How we compare: our figures against other landlords' quartiles, in numbers and in words.

Two sources of other landlords' figures: the regulator's published TSM dataset (`tsm: peers:`,
read into :class:`PeerDataset` on each TSM year), whose quartiles are worked out here, and the
landlord's own `benchmarks:` in a period file, whose quartiles are written by hand. Both are put
into words the same way (:func:`position`, the one registry :data:`BANDS`). Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from generator.model import Benchmark, Item, PeerDataset, PeerSettings, Project, TsmYear
from generator.registry.tsm import Column

# The method is part of the published figures: the regulator's and Excel's QUARTILE.INC. Changing
# it changes every quartile shown (for 2024/25 LCRA TP01 the exclusive method gives 64.65 / 71.8 /
# 78.95 where this gives 64.7 / 71.8 / 78.9), so it is a constant, named in the guide and on pages.
QUARTILE_METHOD = "inclusive"  # statistics.quantiles(n=4, method="inclusive"), computed exactly in Decimal
QUARTILE_WORDS = ("Quartiles are worked out by the inclusive method (as a spreadsheet's QUARTILE.INC does): "
                  "the figures are put in order, lowest to highest, and the lower quartile, median and upper "
                  "quartile are a quarter, half and three quarters of the way from the lowest to the highest, "
                  "part way between two figures when they fall between them.")

MINIMUM_PEERS = 4  # fewer than four figures have no quarters to speak of

# band -> words; {peers} is "similar landlords", "landlords" or "landlords in the benchmark"
BANDS: dict[str, str] = {
    "top_quarter": "in the top quarter of {peers}",
    "better_than_most": "better than most {peers}",
    "middle": "in the middle of {peers}",
    "worse_than_most": "worse than most {peers}",
    "bottom_quarter": "in the bottom quarter of {peers}",
    "more_than_most": "more than most {peers}",  # no direction (CH01, NM01): neither good nor bad
    "fewer_than_most": "fewer than most {peers}",
    "too_few": "too few {peers} to compare",
}

BENCHMARK_PEERS = "landlords in the benchmark"  # own `benchmarks:`: who the landlords are is its source

# the peer group in words: "landlords of the same size (5,000-40,000 homes) and region (Midlands)"
_CONTEXT_WORDS: dict[str, str] = {
    "size": "size ({} homes)",
    "region": "region ({})",
    "type": "type ({})",
    "supported": "share of supported housing (more than 30% of low-cost rental homes: {})",
}
ALL_LANDLORDS = "all landlords in the regulator's data"


@dataclass(frozen=True)
class Quartiles:
    lower: Decimal
    median: Decimal
    upper: Decimal
    count: int  # how many figures they are worked out from


def quartiles(values: Sequence[Decimal]) -> Quartiles | None:
    """The inclusive quartiles of ``values``; None when fewer than four.

    Inclusive: the k-th quartile sits at position (n - 1) * k / 4 of the sorted values, counting
    from 0, between the two values either side. The fraction is 0, 1/4, 1/2 or 3/4, so in Decimal
    it is exact (no float rounding: 64.7 stays 64.7, not 64.69999).
    """
    if len(values) < MINIMUM_PEERS:
        return None
    ordered = sorted(Decimal(v) for v in values)
    n = len(ordered)

    def at(k: int) -> Decimal:
        whole, quarters = divmod((n - 1) * k, 4)
        if quarters == 0:
            return ordered[whole]
        low, high = ordered[whole], ordered[whole + 1]
        return low + (high - low) * quarters / 4

    return Quartiles(at(1), at(2), at(3), n)


@dataclass(frozen=True)
class Position:
    band: str  # a key of BANDS
    words: str  # "in the top quarter of similar landlords"


def _position(band: str, peers: str) -> Position:
    return Position(band, BANDS[band].format(peers=peers))


def position(value: Decimal | None, q: Quartiles | None, better: str | None, peers: str) -> Position | None:
    """Where ``value`` stands among ``peers`` with quartiles ``q``; ``better`` is "higher", "lower" or
    None (no direction). None when we have no value; band too_few when there are no quartiles."""
    if value is None:
        return None
    if q is None or q.count < MINIMUM_PEERS:
        return _position("too_few", peers)
    if value == q.median:
        return _position("middle", peers)
    if better is None:
        return _position("more_than_most" if value > q.median else "fewer_than_most", peers)
    if better == "higher":
        if value > q.upper:
            band = "top_quarter"
        elif value > q.median:
            band = "better_than_most"
        elif value >= q.lower:
            band = "worse_than_most"
        else:
            band = "bottom_quarter"
    else:  # lower is better: the mirror, the lowest quarter is the top
        if value < q.lower:
            band = "top_quarter"
        elif value < q.median:
            band = "better_than_most"
        elif value <= q.upper:
            band = "worse_than_most"
        else:
            band = "bottom_quarter"
    return _position(band, peers)


@dataclass(frozen=True)
class PeerRow:
    """One TSM column and tenure of a year, against the peers."""

    column: str  # "TP01", "RP02_1"
    tenure: str  # "lcra", "lcho", "combined"
    ours: Decimal | None
    quartiles: Quartiles | None  # None: fewer than four peers with a value
    count: int  # peers with a value (not a marker)
    position: Position | None  # None: we have no value
    peers: str  # "similar landlords" or "landlords"
    group: str  # in words
    dataset: PeerDataset


def _settings(project: Project) -> PeerSettings | None:
    tsm = project.settings.tsm
    return tsm.peers if tsm is not None else None


def our_context(settings: PeerSettings, dataset: PeerDataset) -> dict[str, str]:
    """Our size, region, type and supported: from our own row when `landlord:` is given (and found),
    else as the settings write them."""
    if settings.landlord:
        ours = dataset.landlord(settings.landlord)
        if ours is not None:
            return dict(ours.context)
    return dict(settings.context)


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def group_words(similar: Sequence[str], context: dict[str, str]) -> str:
    """'landlords of the same size (5,000-40,000 homes) and region (Midlands)', or all landlords."""
    parts = [_CONTEXT_WORDS.get(key, key + " ({})").format(context.get(key, "not known")) for key in similar]
    if not parts:
        return ALL_LANDLORDS
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"landlords of the same {listed}"


def _row(settings: PeerSettings, dataset: PeerDataset, tsm_year: TsmYear, column: Column,
         tenure: str) -> PeerRow:
    # imported here: assess/tsm.py is the one calculation of a TSM figure (count/of and count/homes)
    from generator.assess.tsm import tsm_value

    context = our_context(settings, dataset)
    similar = tuple(settings.similar)
    values = []
    for landlord in dataset.landlords:
        if not all(_same(landlord.context.get(key), context.get(key)) for key in similar):
            continue
        cell = landlord.values.get((column.name, tenure))
        if cell is not None and cell.value is not None:  # a marker or an empty cell is no figure
            values.append(cell.value)
    result = tsm_year.result(column.name, tenure)
    ours = tsm_value(result.result, column.measure.unit) if result is not None else None
    q = quartiles(values)
    peers = "similar landlords" if similar else "landlords"
    return PeerRow(column.name, tenure, ours, q, len(values), position(ours, q, column.measure.better, peers),
                   peers, group_words(similar, context), dataset)


def peer_rows(project: Project, tsm_year: TsmYear) -> list[PeerRow]:
    """Every column and tenure of the year against the regulator's dataset; [] when there is none."""
    settings = _settings(project)
    if settings is None or tsm_year.peers is None:
        return []
    return [_row(settings, tsm_year.peers, tsm_year, column, tenure)
            for column in tsm_year.catalogue.columns for tenure in tsm_year.tenures_of(column)]


def peer_row(project: Project, tsm_year: TsmYear, column: str, tenure: str) -> PeerRow | None:
    """One column and tenure against the dataset; None when there is no dataset or no such column."""
    settings = _settings(project)
    found = tsm_year.catalogue.column(column)
    if settings is None or tsm_year.peers is None or found is None:
        return None
    return _row(settings, tsm_year.peers, tsm_year, found, tenure)


def benchmark_quartiles(bench: Benchmark) -> Quartiles | None:
    """An own benchmark's quartiles, when all three are given (count 0: the benchmark does not say)."""
    if bench.lower_quartile is None or bench.median is None or bench.upper_quartile is None:
        return None
    return Quartiles(bench.lower_quartile, bench.median, bench.upper_quartile, 0)


def benchmark_position(item: Item, value: Decimal | None, bench: Benchmark) -> Position | None:
    """Our value against an own `benchmarks:` entry, in the same words as the regulator's peers.

    None when we have no value or the benchmark lacks one of its three quartiles (a position needs
    all three; the table still shows what was given). The number of landlords is not written in a
    benchmark, so it is never "too few"."""
    q = benchmark_quartiles(bench)
    if value is None or q is None:
        return None
    direction = item.higher_is_better
    better = None if direction is None else ("higher" if direction else "lower")
    return position(value, Quartiles(q.lower, q.median, q.upper, MINIMUM_PEERS), better, BENCHMARK_PEERS)
