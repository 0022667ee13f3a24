"""A small inline SVG chart of one standard's history, with its target.

The chart's text alternative is one sentence; the table beside it carries the
numbers, so a screen reader does not hear them three times.  Each point's
shape says its status (circle met, diamond close, cross missed), so colour is
never the only signal, and the target is a labelled dashed line.
"""

from __future__ import annotations

import html
from decimal import Decimal

from markupsafe import Markup

from generator.assess.rules import CLOSE, MET, MISSED, Assessment
from generator.present.values import format_value
from generator.present.words import target_words, value_words

WIDTH, HEIGHT = 560, 250
LEFT, RIGHT, TOP, BOTTOM = 70, 76, 16, 46


def _scale(rows: list[Assessment]) -> tuple[Decimal, Decimal]:
    numbers = [r.value for r in rows if r.value is not None]
    numbers += [r.target.value for r in rows if r.target is not None]
    low, high = min(numbers), max(numbers)
    unit = rows[0].item.unit
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) / 8
    low, high = low - pad, high + pad
    if unit != "pounds":
        low = max(low, Decimal(0))
    if unit == "percent":
        high = min(high, Decimal(100))
    return low, high


def _point(status: str | None, x: float, y: float) -> str:
    if status == MET:
        return f'<circle class="pt pt--met" cx="{x:.1f}" cy="{y:.1f}" r="6"/>'
    if status == CLOSE:
        return (f'<path class="pt pt--close" d="M{x:.1f} {y - 7:.1f}l7 7-7 7-7-7z"/>')
    if status == MISSED:
        return (f'<path class="pt pt--missed" d="M{x - 6:.1f} {y - 6:.1f}l12 12m0-12-12 12"/>')
    return f'<circle class="pt pt--none" cx="{x:.1f}" cy="{y:.1f}" r="5"/>'


def summary(rows: list[Assessment]) -> str:
    """One sentence for the chart's text alternative (rows oldest first)."""
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
    return sentence + ". The table gives every figure."


def history_chart(rows: list[Assessment]) -> Markup:
    """The chart for one item's rows of one period kind, oldest first; empty with fewer than 2 values."""
    if sum(1 for r in rows if r.value is not None) < 2 or rows[0].item.unit is None:
        return Markup("")
    item = rows[0].item
    low, high = _scale(rows)
    span = high - low
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(1, len(rows) - 1)

    def x(i: int) -> float:
        return LEFT + (i * step if len(rows) > 1 else inner_w / 2)

    top, scale = float(high), inner_h / float(span)  # plotting in floats: Decimal is slow and needs no exactness here

    def y(v: Decimal) -> float:
        return TOP + (top - float(v)) * scale

    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{html.escape(summary(rows))}" preserveAspectRatio="xMidYMid meet">']
    for tick in range(4):  # gridlines with values at the left
        value = low + span * tick / 3
        ty = y(value)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}"/>')
        label = format_value(value, item.unit, item.out_of, 0 if span > 6 else 1).split(" ")[0]
        parts.append(f'<text class="axis" x="{LEFT - 8}" y="{ty + 4:.1f}" text-anchor="end">{html.escape(label)}</text>')
    every = max(1, (len(rows) + 7) // 8)  # at most eight period labels
    for i, row in enumerate(rows):
        if i % every == 0 or i == len(rows) - 1:
            parts.append(f'<text class="axis" x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 22}" '
                         f'text-anchor="middle">{html.escape(row.period.label)}</text>')
    target_path: list[str] = []
    drawn_to: tuple[float, float] | None = None  # (y, x) where the last piece of target line ends
    for i, row in enumerate(rows):
        if row.target is None:
            drawn_to = None
            continue
        ty = round(y(row.target.value), 1)
        left = round(x(i) - (step / 2 if i else 0), 1)
        right = round(x(i) + (step / 2 if i < len(rows) - 1 else 0), 1)
        if drawn_to == (ty, left):  # the same target goes on: one longer line, not a piece a period
            target_path[-1] = target_path[-1].rsplit("H", 1)[0] + f"H{right:.1f}"
        else:
            target_path.append(f"M{left:.1f} {ty:.1f}H{right:.1f}")
        drawn_to = (ty, right)
    if target_path:
        parts.append(f'<path class="target" d="{"".join(target_path)}"/>')
        last = next(r for r in reversed(rows) if r.target is not None)
        parts.append(f'<text class="target-label" x="{WIDTH - RIGHT + 6}" y="{y(last.target.value) + 4:.1f}">'
                     "Target</text>")
    segments, current = [], []
    for i, row in enumerate(rows):  # a gap in the data is a gap in the line, never invented
        if row.value is None:
            if current:
                segments.append(current)
            current = []
            continue
        current.append(f"{x(i):.1f},{y(row.value):.1f}")
    if current:
        segments.append(current)
    for segment in segments:
        if len(segment) > 1:
            parts.append(f'<polyline class="line" points="{" ".join(segment)}"/>')
    for i, row in enumerate(rows):
        if row.value is not None:
            parts.append(_point(row.status if row.target else None, x(i), y(row.value)))
    parts.append("</svg>")
    return Markup("".join(parts))

