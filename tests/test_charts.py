"""The history charts: round ticks in the unit shown, periods placed by date, labels that never overlap
and stay readable on a phone, and a chart for figures with three or more values."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from generator.pipeline import check_project
from generator.site.charts import WIDTH
from generator.site.pages import build_site

from .conftest import ROOT

SVG = re.compile(r'<svg class="chart".*?</svg>', re.S)
PHONE_CHART_WIDTH = 358  # a 390 px phone: Material's content column less its margins


@pytest.mark.parametrize(
    "low, high, unit, expected",
    [
        ("71", "79", "percent", ["70%", "72%", "74%", "76%", "78%", "80%"]),
        ("9.4", "15.1", "days", ["8", "10", "12", "14", "16"]),
        ("120", "200", "seconds", ["2 min", "2 min 30 s", "3 min", "3 min 30 s"]),
        ("130", "190", "seconds", ["2 min", "2 min 30 s", "3 min", "3 min 30 s"]),  # was "3, 3, 2, 2"
        ("600", "1000", "seconds", ["10 min", "12 min", "14 min", "16 min", "18 min"]),
        ("45", "100", "seconds", ["40 s", "60 s", "80 s", "100 s"]),
        ("0", "3", "count", ["0", "1", "2", "3"]),  # no half things
        ("1190", "1210", "count", ["1,190", "1,195", "1,200", "1,205", "1,210"]),
        ("96", "100", "percent", ["96%", "97%", "98%", "99%", "100%"]),  # never above 100%
        ("-300", "1250", "pounds", ["-£500", "£0", "£500", "£1,000", "£1,500"]),
        ("2.4", "3.1", "minutes", ["2.4 min", "2.6 min", "2.8 min", "3.0 min", "3.2 min"]),
    ],
)
def test_ticks_are_round_steps_in_the_unit_shown(low, high, unit, expected):
    from generator.site.charts import in_minutes, nice_ticks, tick_label

    ticks = nice_ticks(Decimal(low), Decimal(high), unit)
    step = ticks[1] - ticks[0]
    assert [tick_label(t, unit, step, in_minutes(unit, Decimal(high))) for t in ticks] == expected


def area(*items: str) -> str:
    return "area: Testing\n" + "".join(items)


STANDARDS = """\
standards:
  - id: on-time
    title: Repairs on time
    unit: percent
    target: {at_least: 75}
  - id: answer-time
    title: Time to answer calls
    unit: seconds
    target: {at_most: 180}
  - id: quarterly
    title: A quarterly standard with a long title
    unit: pounds
    target: {at_least: -200}
  - id: survey
    title: Tenants satisfied
    unit: percent
    survey: true
    target: {at_least: 80}
figures:
  - id: days-to-let
    title: Days to let a home
    unit: days
  - id: two-only
    title: A figure with two results
    unit: count
"""

YEARS = {"2021-22": ("79", "131.5", "15.1"), "2022-23": ("76", "190", "13.2"), "2023-24": ("74", "160", "11.3"),
         "2024-25": ("71.4", "120", "9.4")}
QUARTERS = [f"{year}-{year % 100 + 1:02d} Q{q}" for year in (2022, 2023, 2024) for q in (1, 2, 3, 4)] + ["2025-26 Q1"]
SURVEYS = {"2017": "79", "2019": "84.5", "2022": "81"}


def files() -> dict[str, str]:
    out = {"standards/testing.yaml": area(STANDARDS)}
    for i, (period, (pct, secs, days)) in enumerate(YEARS.items()):
        two = f"  two-only: {i}\n" if i < 2 else ""
        out[f"performance/{period}.yaml"] = (f"period: {period}\nresults:\n  on-time: {pct}\n  answer-time: {secs}\n"
                                             f"  days-to-let: {days}\n{two}")
    for i, period in enumerate(QUARTERS):
        value = [-350, 1250.5, 980, -20, 15000, 3, 0, 470, 12000, -199, 6400, 88, 1][i]
        out[f"performance/{period.replace(' Q', '-q')}.yaml"] = f"period: {period}\nresults:\n  quarterly: {value}\n"
    for period, value in SURVEYS.items():
        out[f"performance/{period}.yaml"] = f"period: {period}\nresults:\n  survey: {value}\n"
    return out


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    from .conftest import write_project

    root = write_project(tmp_path_factory.mktemp("charts"), files())
    outcome = check_project(root / "mkdocs.yml")
    assert not outcome.errors, outcome.errors
    return build_site(outcome.project, root).pages["areas/testing.md"]


def charts(page: str) -> dict[str, ET.Element]:
    """Each chart on the page by the item it follows (the heading id before it)."""
    found = {}
    for match in SVG.finditer(page):
        heading = re.findall(r"\{ #([a-z0-9-]+) \}", page[:match.start()])[-1]
        found.setdefault(heading, ET.fromstring(match.group(0)))
    return found


def font_size() -> float:
    css = (ROOT / "generator/templates/assets/pages.css").read_text(encoding="utf-8")
    sizes = {float(s) for s in re.findall(r"\.chart \.(?:axis|target-label) \{[^}]*font-size: ([\d.]+)px", css)}
    assert len(sizes) == 1
    return sizes.pop()


def boxes(svg: ET.Element) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every label's box worked out from its font size and its length (0.62 em a character, at least as
    wide as any digit, hyphen or capital Q of the font; ascent 0.8 em, descent 0.25 em)."""
    size, out = font_size(), []
    for text in svg.iter("text"):
        x, y, label = float(text.get("x")), float(text.get("y")), text.text or ""
        width = len(label) * size * 0.62
        left = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor", "start")]
        out.append((label, (left, y - 0.8 * size, left + width, y + 0.25 * size)))
    return out


def test_charts_are_drawn_for_standards_and_for_figures_with_three_values(page):
    drawn = charts(page)
    assert {"on-time", "answer-time", "quarterly", "survey", "days-to-let"} <= set(drawn)
    assert "two-only" not in drawn  # two values of a figure: the table says enough


def test_awkward_series_labels_never_overlap_and_stay_in_the_chart(page):
    for item, svg in charts(page).items():
        labelled = boxes(svg)
        for i, (a, (l1, t1, r1, b1)) in enumerate(labelled):
            assert 0 <= l1 and r1 <= WIDTH, f"{item}: {a!r} runs off the chart"
            for b, (l2, t2, r2, b2) in labelled[i + 1:]:
                assert r1 <= l2 or r2 <= l1 or b1 <= t2 or b2 <= t1, f"{item}: {a!r} overlaps {b!r}"


def test_axis_labels_are_round_values_in_the_unit(page):
    drawn = charts(page)

    def axis(item):  # the value labels: right-aligned at the left
        return [t.text for t in drawn[item].iter("text") if t.get("text-anchor") == "end"]

    # values 71.4 to 79 and the target 75
    assert axis("on-time") == ["70%", "72%", "74%", "76%", "78%", "80%"]
    # 120 to 190 seconds, shown beside the chart as "2 minutes", "3 minutes 10 seconds"
    assert axis("answer-time") == ["2 min", "2 min 30 s", "3 min", "3 min 30 s"]
    assert axis("days-to-let") == ["8", "10", "12", "14", "16"]


def test_surveys_are_placed_by_date(page):
    svg = charts(page)["survey"]
    xs = [float(c.get("cx")) for c in svg.iter("circle")] + [float(p.get("d")[1:].split()[0]) + 7
                                                              for p in svg.iter("path") if "pt" in p.get("class", "")]
    xs.sort()
    # 1 Jan 2017 to 1 Jan 2019 is 730 days; to 1 Jan 2022 another 1,096: gaps in the ratio 2:3
    assert (xs[1] - xs[0]) / (xs[2] - xs[1]) == pytest.approx(730 / 1096, abs=0.01)


def test_label_text_is_at_least_12px_on_a_390px_phone():
    # The SVG scales with its width: text of font-size F in a WIDTH-unit viewBox drawn 358 px wide is
    # F x 358 / WIDTH px.  tests/browser/test_chart_text.py measures it in Chromium.
    assert font_size() * PHONE_CHART_WIDTH / WIDTH >= 12
