"""The landlord's own `benchmarks:` beside a result: where it stands in words (assess/peers.py's
position, "landlords in the benchmark"), for the area pages, the falling-short page, the charts
and the newsletter. The period page's table keeps carrying every quartile given."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from markupsafe import Markup

from generator.assess.peers import Position, benchmark_position, benchmark_quartiles
from generator.assess.rules import Assessment
from generator.model import Benchmark, BenchmarkGroup
from generator.present.values import format_benchmark
from generator.present.views import ItemView
from generator.present.words import value_words


@dataclass(frozen=True)
class BenchmarkNote:
    """One benchmark group's quartiles for one result, with our position among them."""

    row: Assessment
    group: BenchmarkGroup
    benchmark: Benchmark
    position: Position | None  # None: no value of ours, or a quartile not given

    @property
    def quartile_words(self) -> str:
        """'lower quartile 80.4%, median 86.7%, upper quartile 91.8%' (the quartiles given)."""
        named = (("lower quartile", self.benchmark.lower_quartile), ("median", self.benchmark.median),
                 ("upper quartile", self.benchmark.upper_quartile))
        return ", ".join(f"{name} {format_benchmark(value, self.row)}" for name, value in named if value is not None)

    @property
    def source_words(self) -> str:
        """Who the benchmark is: its source, after its group's name when it has one."""
        parts = [p for p in (self.group.name, self.group.source) if p]
        return ": ".join(parts)


def benchmark_notes(row: Assessment) -> list[BenchmarkNote]:
    """Every benchmark group of the row's period with quartiles for its item, in the order written."""
    return [BenchmarkNote(row, group, bench, benchmark_position(row.item, row.value, bench))
            for group in row.period_file.benchmark_groups
            if (bench := group.values.get(row.item.id)) is not None]


def chart_benchmark(row: Assessment) -> BenchmarkNote | None:
    """The benchmark a chart draws at the row's period: the first group with all three quartiles."""
    return next((n for n in benchmark_notes(row) if benchmark_quartiles(n.benchmark) is not None), None)


def newest_with_benchmark(rows: Iterable[Assessment]) -> Assessment | None:
    """The newest of ``rows`` with a benchmark position: a standard's latest result may be a quarter's,
    its benchmark the year's."""
    placed = [r for r in rows if any(n.position is not None for n in benchmark_notes(r))]
    return max(placed, key=lambda r: (r.period.end, r.period.start), default=None)


def benchmark_note(shown: "Assessment | ItemView | None") -> Markup:
    """A paragraph per benchmark with a position, for a row or for an item's newest row that has one:
    'Compared with other landlords, our 93.9% in 2024-25 was better than most landlords in the
    benchmark (lower quartile 78.2%, median 86.9%, upper quartile 94.1%; Housemark 2024, landlords
    with 10,000 to 15,000 homes).' Empty when there is none."""
    row = newest_with_benchmark(shown.rows) if isinstance(shown, ItemView) else shown
    if row is None:
        return Markup("")
    paragraphs = [
        Markup('<p class="benchmark-position">Compared with other landlords, our {} in {} was <strong>{}</strong> '
               '({}; {}).</p>').format(value_words(row), row.period.label, note.position.words,
                                       note.quartile_words, note.source_words)
        for note in benchmark_notes(row) if note.position is not None]
    return Markup("\n").join(paragraphs) if paragraphs else Markup("")


def benchmark_text(row: Assessment) -> list[str]:
    """The same, as plain lines for the newsletter's text edition."""
    return [f"Compared with other landlords: {note.position.words} ({note.quartile_words}; {note.source_words})."
            for note in benchmark_notes(row) if note.position is not None]

