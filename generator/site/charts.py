"""A small inline SVG chart of one standard's history, with its target.

The chart's text alternative is one sentence; the table beside it carries the
numbers, so a screen reader does not hear them three times.  Each point's
shape says its status (circle met, diamond close, cross missed), so colour is
never the only signal, and the target is a labelled dashed line.  A period with the landlord's own
benchmark has a bar from its lower to its upper quartile, a line across at the median, said in the
text alternative and in a key under the chart (the period page's table has the numbers).
"""

from __future__ import annotations

import html
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from markupsafe import Markup

from generator.assess.rules import CLOSE, MET, MISSED, Assessment
from generator.present.benchmarks import BenchmarkNote, chart_benchmark
from generator.present.values import format_benchmark, round_to
from generator.present.words import target_words, value_words

# The SVG scales with its width: on a 390 px phone it is about 358 px wide, so a 400-unit viewBox keeps
# FONT-unit text at 15 x 358 / 400 = 13.4 px (at least 12 px); pages.css sets the same size.
WIDTH, HEIGHT = 400, 230
FONT = 15
CHAR = 0.62  # a generous average glyph width in em, for laying labels out without overlaps
RIGHT, TOP, BOTTOM = 64, 14, 48  # room for "Target" at the right, the period labels below
X_BASELINE = HEIGHT - BOTTOM + 34  # below the lowest value label, never beside it
MOST_INTERVALS = 5
STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5))
TIME_STEPS = (1, 2, 5, 10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 18000, 36000)  # seconds
MINUTES_FROM = 120  # a time of 2 minutes or more is shown in minutes, as the values are
BAR = 5  # half a benchmark bar's width: at the right-hand end it stops short of the "Target" label
BENCHMARK_KEY = ("The shaded bar is the middle half of the landlords in the benchmark, from the lower to the "
                 "upper quartile; the line across it is their median.")


def text_width(text: str, size: float = FONT) -> float:
    """A label's width in viewBox units, generously estimated (laying out never measures fonts)."""
    return len(text) * size * CHAR


def text_box(x: float, baseline: float, text: str, anchor: str = "start",
             size: float = FONT) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a label, ascenders and descenders included."""
    width = text_width(text, size)
    left = x - {"start": 0, "middle": width / 2, "end": width}[anchor]
    return left, baseline - 0.8 * size, left + width, baseline + 0.25 * size


def _bounds(rows: list[Assessment], benches: list[BenchmarkNote | None] | None = None) -> tuple[Decimal, Decimal]:
    numbers = [r.value for r in rows if r.value is not None]
    numbers += [r.target.value for r in rows if r.target is not None]
    for note in benches or []:  # the whole bar is drawn, not cut at our own values
        if note is not None:
            numbers += [note.benchmark.lower_quartile, note.benchmark.upper_quartile]  # type: ignore[list-item]
    low, high = min(numbers), max(numbers)
    if low == high:  # one level: a band around it, so the line sits in the middle
        pad = max(abs(low) / 10, Decimal(1))
        low, high = low - pad, high + pad
    unit = rows[0].item.unit
    if unit != "pounds":
        low = max(low, Decimal(0))
    if unit == "percent":
        high = min(high, Decimal(100))
    return low, high


def nice_ticks(low: Decimal, high: Decimal, unit: str) -> list[Decimal]:
    """Evenly spaced round values covering low..high: a step of 1, 2, 2.5 or 5 x 10^k in the unit shown
    (whole steps for counts; for times shown in minutes, 30 s, 1 min, 2 min...), at most five intervals."""
    if in_minutes(unit, high):
        steps = [Decimal(s) for s in TIME_STEPS]
    else:
        span = high - low
        exponent = span.adjusted() - 2 if span else -1
        steps = [m.scaleb(e) for e in range(exponent, exponent + 5) for m in STEPS]
        if unit in ("count", "seconds"):
            steps = [s for s in steps if s >= 1 and s == s.to_integral_value()]
    for step in steps:
        first = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
        last = (high / step).to_integral_value(rounding=ROUND_CEILING) * step
        if (last - first) / step <= MOST_INTERVALS:
            break
    if unit == "percent":  # every step divides 100, so the ends stay round
        first, last = max(first, Decimal(0)), min(last, Decimal(100))
    count = int((last - first) / step)
    return [first + step * i for i in range(count + 1)]


def in_minutes(unit: str, high: Decimal) -> bool:
    """Whether a time axis reads in minutes, as the values beside it do (2 minutes 5 seconds)."""
    return unit == "seconds" and high >= MINUTES_FROM


def tick_label(value: Decimal, unit: str, step: Decimal, minutes_axis: bool = False) -> str:
    """A short axis label in the unit shown: '72%', '2.5', '£1,250', '90 s', '2 min 30 s'."""
    if unit == "seconds":
        whole = int(value)
        if not minutes_axis:
            return f"{whole:,} s"
        minutes, seconds = divmod(whole, 60)
        return f"{minutes} min" + (f" {seconds} s" if seconds else "") if minutes else f"{seconds} s"
    decimals = max(0, -step.normalize().as_tuple().exponent)  # type: ignore[operator]
    number = f"{round_to(abs(value), decimals):,.{decimals}f}"
    if unit == "percent":
        return f"{'-' if value < 0 else ''}{number}%"
    if unit == "pounds":
        return f"{'-' if value < 0 else ''}£{number}"
    if unit == "minutes":
        return f"{number} min"
    return f"{'-' if value < 0 else ''}{number}"


def x_positions(rows: list[Assessment], left: float, right: float) -> list[float]:
    """Each period at its start date: surveys two and three years apart are drawn two and three apart."""
    starts = [r.period.start for r in rows]
    total = (starts[-1] - starts[0]).days
    if total <= 0:
        return [(left + right) / 2 for _ in rows]
    return [left + (right - left) * (s - starts[0]).days / total for s in starts]


def period_labels(rows: list[Assessment], xs: list[float]) -> list[tuple[float, str]]:
    """(centre, label) of the periods labelled: the newest always, then each older one that fits
    without touching its neighbour, kept inside the chart."""
    chosen: list[tuple[float, str]] = []
    limit = float(WIDTH)
    for x, row in reversed(list(zip(xs, (r.period.label for r in rows)))):
        half = text_width(row) / 2
        centre = min(max(x, half + 1), WIDTH - half - 1)
        if centre + half + FONT / 2 <= limit:
            chosen.append((centre, row))
            limit = centre - half
    return list(reversed(chosen))


def _point(status: str | None, x: float, y: float) -> str:
    if status == MET:
        return f'<circle class="pt pt--met" cx="{x:.1f}" cy="{y:.1f}" r="6"/>'
    if status == CLOSE:
        return (f'<path class="pt pt--close" d="M{x:.1f} {y - 7:.1f}l7 7-7 7-7-7z"/>')
    if status == MISSED:
        return (f'<path class="pt pt--missed" d="M{x - 6:.1f} {y - 6:.1f}l12 12m0-12-12 12"/>')
    return f'<circle class="pt pt--none" cx="{x:.1f}" cy="{y:.1f}" r="5"/>'


def summary(rows: list[Assessment], benches: list[BenchmarkNote | None] | None = None) -> str:
    """One sentence for the chart's text alternative (rows oldest first), a benchmark drawn included."""
    item = rows[0].item
    valued = [r for r in rows if r.value is not None]
    latest = valued[-1]
    sentence = (f"Chart of {item.title.rstrip('.')}, {rows[0].period.label} to {rows[-1].period.label}: "
                f"{value_words(latest)} in {latest.period.label}")
    if latest.target is not None:
        sentence += f" against a target of {target_words(item, latest.target)}"
    if len(valued) > 1:
        best = max(valued, key=lambda r: r.value) if item.higher_is_better is not False else \
            min(valued, key=lambda r: r.value)
        word = "highest" if item.higher_is_better is not False else "lowest"
        sentence += f"; {word} {value_words(best)} in {best.period.label}"
    for note in benches or []:  # in the same sentence: the alternative stays one sentence and the table's
        if note is not None:
            b, row = note.benchmark, note.row
            sentence += (f"; a shaded bar at {row.period.label} shows the middle half of the landlords in the "
                         f"benchmark, from {format_benchmark(b.lower_quartile, row)} to "
                         f"{format_benchmark(b.upper_quartile, row)}, with a line at their median, "
                         f"{format_benchmark(b.median, row)}")
    sentence += ". The table gives every figure."
    return sentence


def history_chart(rows: list[Assessment]) -> Markup:
    """The chart for one item's rows of one period kind, oldest first; empty with fewer than 2 values
    (a figure, with no target to read against, needs 3 to show a pattern)."""
    needed = 3 if rows and rows[0].item.kind == "figure" else 2
    if sum(1 for r in rows if r.value is not None) < needed or rows[0].item.unit is None:
        return Markup("")
    item = rows[0].item
    unit = item.unit
    benches = [chart_benchmark(r) for r in rows]
    low_value, high_value = _bounds(rows, benches)
    ticks = nice_ticks(low_value, high_value, unit)
    step = ticks[1] - ticks[0]
    labels = [tick_label(t, unit, step, in_minutes(unit, high_value)) for t in ticks]
    left = 12 + max(text_width(label) for label in labels)  # the widest value label, and a gap
    inner_h = HEIGHT - TOP - BOTTOM
    xs = x_positions(rows, left, WIDTH - RIGHT)
    low, top = float(ticks[0]), float(ticks[-1])  # plotting in floats: Decimal is slow, needs no exactness here
    scale = inner_h / (top - low)

    def y(v: Decimal) -> float:
        return TOP + (top - float(v)) * scale

    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{html.escape(summary(rows, benches))}" preserveAspectRatio="xMidYMid meet">']
    for tick, label in zip(ticks, labels):  # gridlines with values at the left
        ty = y(tick)
        parts.append(f'<line class="grid" x1="{left:.1f}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}"/>')
        parts.append(f'<text class="axis" x="{left - 8:.1f}" y="{ty + 5:.1f}" text-anchor="end">'
                     f"{html.escape(label)}</text>")
    for centre, label in period_labels(rows, xs):
        parts.append(f'<text class="axis" x="{centre:.1f}" y="{X_BASELINE}" '
                     f'text-anchor="middle">{html.escape(label)}</text>')
    for x, note in zip(xs, benches):  # under the target and the line, so both show on top of it
        if note is None:
            continue
        b = note.benchmark
        upper, lower, middle = y(b.upper_quartile), y(b.lower_quartile), y(b.median)  # type: ignore[arg-type]
        parts.append(f'<rect class="bench" x="{x - BAR:.1f}" y="{upper:.1f}" width="{2 * BAR}" '
                     f'height="{max(lower - upper, 1):.1f}"/>')
        parts.append(f'<path class="bench-median" d="M{x - BAR:.1f} {middle:.1f}h{2 * BAR}"/>')
    # each period's target runs halfway to its neighbours'
    edges = [xs[0]] + [(a + b) / 2 for a, b in zip(xs, xs[1:])] + [xs[-1]]
    target_path: list[str] = []
    drawn_to: tuple[float, float] | None = None  # (y, x) where the last piece of target line ends
    for i, row in enumerate(rows):
        if row.target is None:
            drawn_to = None
            continue
        ty = round(y(row.target.value), 1)
        piece_left, piece_right = round(edges[i], 1), round(edges[i + 1], 1)
        if drawn_to == (ty, piece_left):  # the same target goes on: one longer line, not a piece a period
            target_path[-1] = target_path[-1].rsplit("H", 1)[0] + f"H{piece_right:.1f}"
        else:
            target_path.append(f"M{piece_left:.1f} {ty:.1f}H{piece_right:.1f}")
        drawn_to = (ty, piece_right)
    if target_path:
        parts.append(f'<path class="target" d="{"".join(target_path)}"/>')
        last = next(r for r in reversed(rows) if r.target is not None)
        parts.append(f'<text class="target-label" x="{WIDTH - RIGHT + 6}" y="{y(last.target.value) + 5:.1f}">'
                     "Target</text>")
    segments, current = [], []
    for i, row in enumerate(rows):  # a gap in the data is a gap in the line, never invented
        if row.value is None:
            if current:
                segments.append(current)
            current = []
            continue
        current.append(f"{xs[i]:.1f},{y(row.value):.1f}")
    if current:
        segments.append(current)
    for segment in segments:
        if len(segment) > 1:
            parts.append(f'<polyline class="line" points="{" ".join(segment)}"/>')
    for i, row in enumerate(rows):
        if row.value is not None:
            parts.append(_point(row.status if row.target else None, xs[i], y(row.value)))
    parts.append("</svg>")
    if any(benches):  # the bar in words on the page too: its look alone says nothing
        parts.append(f'<p class="chart-key">{BENCHMARK_KEY}</p>')
    return Markup("".join(parts))
