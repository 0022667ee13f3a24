"""How we compare (assess/peers.py): inclusive quartiles, position words in each direction, the peer
group against the regulator's dataset, own benchmarks in the same words, and the 2024/25 dataset
itself. Every quartile below is worked out by hand in its comment: sorted values x0..x(n-1), the
k-th quartile at position (n - 1) * k / 4, part way between the two values either side."""

from __future__ import annotations

import re
import statistics
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.assess.peers import (
    BANDS, BENCHMARK_PEERS, QUARTILE_METHOD, QUARTILE_WORDS, Position, Quartiles, benchmark_position,
    peer_row, peer_rows, position, quartiles,
)
from generator.model import (
    Benchmark, Item, PeerDataset, PeerLandlord, PeerSettings, PeerValue, Project, Result, Settings, Target,
    TsmResult, TsmSettings, TsmYear,
)
from generator.problems import Location
from generator.registry.periods import parse_period
from generator.registry.tsm import CATALOGUES

ROOT = Path(__file__).parents[1]
D = Decimal


def ds(text: str) -> list[Decimal]:
    return [Decimal(v) for v in text.split()]


# -- quartiles -------------------------------------------------------------------------------------

@pytest.mark.parametrize("values, expected", [
    # n=5, positions 1, 2, 3 fall on values: x1=2, x2=3, x3=4
    ("1 2 3 4 5", ("2", "3", "4")),
    # the same values unsorted: sorted first
    ("5 1 4 2 3", ("2", "3", "4")),
    # n=6, positions 1.25, 2.5, 3.75: 2 + 0.25*(3-2) = 2.25; 3 + 0.5*(4-3) = 3.5; 4 + 0.75*(5-4) = 4.75
    ("1 2 3 4 5 6", ("2.25", "3.5", "4.75")),
    # n=8, positions 1.75, 3.5, 5.25: 2 + 0.75 = 2.75; 4 + 0.5 = 4.5; 6 + 0.25 = 6.25
    ("1 2 3 4 5 6 7 8", ("2.75", "4.5", "6.25")),
    # exactly 4, positions 0.75, 1.5, 2.25: 10 + 0.75*10 = 17.5; 20 + 0.5*10 = 25; 30 + 0.25*10 = 32.5
    ("10 20 30 40", ("17.5", "25", "32.5")),
    # ties, n=5, positions 1, 2, 3: x1=70, x2=70, x3=80
    ("70 70 70 80 90", ("70", "70", "80")),
    # all the same: every quartile is that value
    ("71.8 71.8 71.8 71.8", ("71.8", "71.8", "71.8")),
    # n=4 of tenths, positions 0.75, 1.5, 2.25: 0.1 + 0.75*0.1 = 0.175; 0.2 + 0.05 = 0.25; 0.3 + 0.025 = 0.325
    # (exact in Decimal; in floats 0.1 + 0.075 is 0.17500000000000002)
    ("0.1 0.2 0.3 0.4", ("0.175", "0.25", "0.325")),
    # n=7, positions 1.5, 3, 4.5: 64.7 + 0.5*(66.1-64.7) = 65.4; x3 = 71.8; 78.9 + 0.5*(80.0-78.9) = 79.45
    ("60.1 64.7 66.1 71.8 78.9 80.0 90.2", ("65.4", "71.8", "79.45")),
])
def test_quartiles(values, expected):
    q = quartiles(ds(values))
    assert (q.lower, q.median, q.upper) == tuple(D(e) for e in expected)
    assert q.count == len(values.split())
    # the inclusive method is statistics.quantiles' inclusive method, to the last digit
    assert [D(str(v)) for v in statistics.quantiles([float(v) for v in ds(values)], n=4, method="inclusive")] \
        == pytest.approx(list(D(e) for e in expected))


@pytest.mark.parametrize("values", ["", "70", "70 80", "70 80 90"])
def test_fewer_than_four_values_have_no_quartiles(values):
    assert quartiles(ds(values)) is None


def test_the_method_is_inclusive():
    assert QUARTILE_METHOD == "inclusive"
    assert "inclusive" in QUARTILE_WORDS and "QUARTILE.INC" in QUARTILE_WORDS


# -- position words --------------------------------------------------------------------------------

Q = Quartiles(D(60), D(70), D(80), 10)


@pytest.mark.parametrize("value, better, band, words", [
    # higher is better
    ("81", "higher", "top_quarter", "in the top quarter of similar landlords"),
    ("80", "higher", "better_than_most", "better than most similar landlords"),  # v == Q3
    ("75", "higher", "better_than_most", "better than most similar landlords"),
    ("70.0001", "higher", "better_than_most", "better than most similar landlords"),  # full precision
    ("70", "higher", "middle", "in the middle of similar landlords"),  # v == Q2
    ("69.9999", "higher", "worse_than_most", "worse than most similar landlords"),
    ("60", "higher", "worse_than_most", "worse than most similar landlords"),  # v == Q1
    ("59.9", "higher", "bottom_quarter", "in the bottom quarter of similar landlords"),
    # lower is better: the mirror
    ("59.9", "lower", "top_quarter", "in the top quarter of similar landlords"),
    ("60", "lower", "better_than_most", "better than most similar landlords"),  # v == Q1
    ("65", "lower", "better_than_most", "better than most similar landlords"),
    ("70", "lower", "middle", "in the middle of similar landlords"),  # v == Q2
    ("75", "lower", "worse_than_most", "worse than most similar landlords"),
    ("80", "lower", "worse_than_most", "worse than most similar landlords"),  # v == Q3
    ("80.1", "lower", "bottom_quarter", "in the bottom quarter of similar landlords"),
    # no direction (CH01, NM01): neither good nor bad, even beyond the quartiles
    ("95", None, "more_than_most", "more than most similar landlords"),
    ("70.1", None, "more_than_most", "more than most similar landlords"),
    ("70", None, "middle", "in the middle of similar landlords"),
    ("69.9", None, "fewer_than_most", "fewer than most similar landlords"),
    ("10", None, "fewer_than_most", "fewer than most similar landlords"),
])
def test_position(value, better, band, words):
    assert position(D(value), Q, better, "similar landlords") == Position(band, words)


def test_position_too_few_and_no_value():
    assert position(D(70), None, "higher", "similar landlords") == \
        Position("too_few", "too few similar landlords to compare")
    assert position(D(70), quartiles(ds("60 70 80")), None, "landlords") == \
        Position("too_few", "too few landlords to compare")
    assert position(None, Q, "higher", "landlords") is None


def test_every_band_is_reached():
    seen = {position(D(v), Q, b, "x").band for v in ("50", "65", "70", "75", "90") for b in ("higher", "lower", None)}
    assert seen | {"too_few"} == set(BANDS)


# -- own benchmarks --------------------------------------------------------------------------------

def item(targets=(), better=None) -> Item:
    return Item("standard" if targets else "figure", "x", "X", "area", Location("s.yaml"), unit="percent",
                targets=targets, better=better)


AT_LEAST = (Target("at_least", D(80)),)
AT_MOST = (Target("at_most", D(10)),)
BENCH = Benchmark(D(81), D(85), D(90.5))


@pytest.mark.parametrize("it, value, bench, expected", [
    # at_least target: higher is better; 85 == median
    (item(AT_LEAST), "91", BENCH, ("top_quarter", "in the top quarter of landlords in the benchmark")),
    (item(AT_LEAST), "85", BENCH, ("middle", "in the middle of landlords in the benchmark")),
    (item(AT_LEAST), "81", BENCH, ("worse_than_most", "worse than most landlords in the benchmark")),
    # at_most target: lower is better
    (item(AT_MOST), "80", BENCH, ("top_quarter", "in the top quarter of landlords in the benchmark")),
    (item(AT_MOST), "90.5", BENCH, ("worse_than_most", "worse than most landlords in the benchmark")),
    # a figure with better: lower
    (item(better="lower"), "84", BENCH, ("better_than_most", "better than most landlords in the benchmark")),
    # a figure with no direction
    (item(), "86", BENCH, ("more_than_most", "more than most landlords in the benchmark")),
    (item(), "84", BENCH, ("fewer_than_most", "fewer than most landlords in the benchmark")),
    # one quartile not given: no position (the table shows what there is)
    (item(AT_LEAST), "91", Benchmark(D(81), None, D(90.5)), None),
    (item(AT_LEAST), "91", Benchmark(median=D(85)), None),
    # no value of ours
    (item(AT_LEAST), None, BENCH, None),
])
def test_benchmark_position(it, value, bench, expected):
    got = benchmark_position(it, None if value is None else D(value), bench)
    assert (got and (got.band, got.words)) == expected
    assert BENCHMARK_PEERS == "landlords in the benchmark"


# -- the peer group against a hand-made dataset ----------------------------------------------------

def landlord(code: str, size: str, region: str, tp01: str | None, marker: str | None = None) -> PeerLandlord:
    return PeerLandlord(code, code + " Homes", {"size": size, "region": region, "type": "PRP", "supported": "No"},
                        {("TP01", "lcra"): PeerValue(None if tp01 is None else D(tp01), marker)})


DATASET = PeerDataset("regulator/tsm.xlsx", "Tenant Satisfaction Measures 2025 - Dataset", parse_period("2024-25"), (
    landlord("L1", "5,000-40,000", "Midlands", "60"),
    landlord("L2", "5,000-40,000", "Midlands", "70"),
    landlord("L3", "5,000-40,000", "London", "75"),
    landlord("L4", "5,000-40,000", "London", "80"),
    landlord("L5", "5,000-40,000", "Midlands", None, "S"),  # suppressed: not a figure, never zero
    landlord("L6", "5,000-40,000", "Midlands", None),  # empty
    landlord("L7", ">40,000", "Midlands", "90"),
    landlord("L8", ">40,000", "Midlands", "50"),
))


def tsm_project(peers: PeerSettings | None, ours: str | None = "72") -> tuple[Project, TsmYear]:
    period = parse_period("2024-25")
    results = () if ours is None else (
        TsmResult("TP01", "TP01", None, "lcra", Result("TP01", Location("p.yaml"), value=D(ours)), "tsm",
                  Location("p.yaml")),)
    year = TsmYear(period, CATALOGUES[2023], {"lcra": 1000}, results, tenures=("lcra",),
                   peers=DATASET if peers else None)
    settings = Settings("Example Homes", tsm=TsmSettings(("lcra",), {"lcra": 1000}, peers))
    return Project(settings, (), ()), year


@pytest.mark.parametrize("peers, count, q, band_words, group", [
    # all 6 figures: 50 60 70 75 80 90, positions 1.25, 2.5, 3.75:
    # 60 + 0.25*10 = 62.5; 70 + 0.5*5 = 72.5; 75 + 0.75*5 = 78.75. 72 < 72.5: worse than most
    (PeerSettings({"2024-25": "x"}), 6, ("62.5", "72.5", "78.75"), "worse than most landlords",
     "all landlords in the regulator's data"),
    # the same size: 60 70 75 80, positions 0.75, 1.5, 2.25: 67.5; 72.5; 76.25
    (PeerSettings({"2024-25": "x"}, similar=("size",), context={"size": "5,000-40,000"}), 4,
     ("67.5", "72.5", "76.25"), "worse than most similar landlords",
     "landlords of the same size (5,000-40,000 homes)"),
    # our context from our own row (L2: 5,000-40,000, Midlands): size and region: 60 70, and L5/L6 have
    # no figure: 2 peers, too few
    (PeerSettings({"2024-25": "x"}, landlord="l2", similar=("size", "region")), 2, None,
     "too few similar landlords to compare", "landlords of the same size (5,000-40,000 homes) and region (Midlands)"),
    # region Midlands from the settings: 60 70 90 50 -> 50 60 70 90: 57.5; 65; 75. 72 > 65: better
    (PeerSettings({"2024-25": "x"}, similar=("region",), context={"region": "midlands"}), 4,
     ("57.5", "65", "75"), "better than most similar landlords", "landlords of the same region (midlands)"),
])
def test_peer_row(peers, count, q, band_words, group):
    project, year = tsm_project(peers)
    row = peer_row(project, year, "TP01", "lcra")
    assert row.count == count
    assert (row.quartiles and (str(row.quartiles.lower), str(row.quartiles.median), str(row.quartiles.upper))) == q
    assert row.position.words == band_words
    assert row.group == group
    assert row.ours == D(72) and row.dataset is DATASET


def test_peer_rows():
    project, year = tsm_project(PeerSettings({"2024-25": "x"}))
    rows = peer_rows(project, year)
    # every column for LCRA (the landlord has no LCHO), and the combined ones
    assert [(r.column, r.tenure) for r in rows] == [(c.name, t) for c in CATALOGUES[2023].columns
                                                    for t in year.tenures_of(c)]
    other = next(r for r in rows if r.column == "TP02")
    assert (other.ours, other.count, other.quartiles, other.position) == (None, 0, None, None)
    assert peer_rows(*tsm_project(None)) == []
    assert peer_row(*tsm_project(None), "TP01", "lcra") is None
    assert peer_row(project, year, "TP99", "lcra") is None


# -- the regulator's 2024/25 dataset ---------------------------------------------------------------

def dataset_file() -> Path:
    """The dataset as the tests keep it (unchanged, with its attribution: tests/data/tsm/README.md)."""
    return ROOT / "tests" / "data" / "tsm" / "TSM_2025_Full_Data.xlsx"


def lcra_tp01() -> list[Decimal]:
    """TP01 LCRA, every landlord with a figure: the headline column (not the by-method ones)."""
    book = openpyxl.load_workbook(dataset_file(), read_only=True, data_only=True)
    try:
        rows = book["TSM25_LCRA_Perception"].iter_rows(values_only=True)
        header = next(r for r in rows if "Landlord name" in r)
        column = next(i for i, text in enumerate(header) if isinstance(text, str) and text.endswith("(TP01)")
                      and text.startswith("Proportion of respondents who report that they are satisfied"))
        values = [r[column] for r in rows if r and r[0] is not None]
    finally:
        book.close()
    assert all(isinstance(v, (int, float)) or re.fullmatch(r"\[[XZEUS]\]", str(v)) for v in values if v is not None)
    return [D(str(v)) for v in values if isinstance(v, (int, float))]


def test_the_regulator_s_2024_25_lcra_tp01():
    values = lcra_tp01()
    assert len(values) == 353
    q = quartiles(values)
    assert (q.lower, q.median, q.upper, q.count) == (D("64.7"), D("71.8"), D("78.9"), 353)
    # the exclusive method (statistics.quantiles' default) gives other lower and upper quartiles,
    # so the choice of method shows in the published figures
    exclusive = statistics.quantiles([float(v) for v in values], n=4)
    assert [round(v, 2) for v in exclusive] == [64.65, 71.8, 78.95]
    assert [round(v, 2) for v in statistics.quantiles([float(v) for v in values], n=4, method="inclusive")] \
        == [64.7, 71.8, 78.9]


# -- the guide -------------------------------------------------------------------------------------

def test_guide_says_the_method_and_every_band():
    guide = (ROOT / "guide" / "tsm.md").read_text(encoding="utf-8")
    section = guide.split("\n## How we compare\n", 1)
    assert len(section) == 2, "guide/tsm.md has no '## How we compare' section"
    text = " ".join(section[1].split("\n## ", 1)[0].split())  # lines wrapped anywhere
    assert QUARTILE_WORDS in text
    missing = [band for band, words in BANDS.items() if words.format(peers="similar landlords") not in text]
    assert not missing, f"guide/tsm.md 'How we compare' does not give the words of {missing}"


# -- own benchmarks on the pages and in the chart --------------------------------------------------

def bench_rows(bench: Benchmark | None) -> list:
    """Two years of 'Repairs on time' (at least 75%): 80% in 2023-24, 90% in 2024-25 with ``bench``."""
    from generator.assess.rules import Assessment
    from generator.model import BenchmarkGroup, PeriodFile

    it = Item("standard", "on-time", "Repairs on time", "repairs", Location("s.yaml"), unit="percent",
              targets=(Target("at_least", D(75)),))
    rows = []
    for label, value in (("2023-24", "80"), ("2024-25", "90")):
        groups = (BenchmarkGroup(None, "Housemark 2024 & co", {"on-time": bench}),) \
            if bench and label == "2024-25" else ()
        period_file = PeriodFile(parse_period(label), f"{label}.yaml", Location(f"{label}.yaml"),
                                 benchmark_groups=groups)
        rows.append(Assessment(it, period_file, Result("on-time", Location("p"), value=D(value)), it.targets[0], "met"))
    return rows


def test_benchmark_note_words_the_position():
    from generator.present.benchmarks import benchmark_note

    # 90 > upper quartile 85, higher is better: top quarter; the source is escaped
    assert str(benchmark_note(bench_rows(Benchmark(D(70), D(80), D(85)))[1])) == (
        '<p class="benchmark-position">Compared with other landlords, our 90% in 2024-25 was <strong>in the top '
        'quarter of landlords in the benchmark</strong> (lower quartile 70%, median 80%, upper quartile 85%; '
        'Housemark 2024 &amp; co).</p>')
    assert str(benchmark_note(bench_rows(Benchmark(D(70), None, D(85)))[1])) == ""  # no median: no position
    assert str(benchmark_note(bench_rows(None)[1])) == ""


def test_chart_draws_the_quartile_bar():
    from generator.site.charts import BENCHMARK_KEY, history_chart

    chart = str(history_chart(bench_rows(Benchmark(D(70), D(80), D(85)))))
    # values 80, 90, target 75, quartiles 70 and 85: ticks 70 to 90 by 5; 168 units high for 20 points,
    # 8.4 a point: y(v) = 14 + (90 - v) * 8.4, so 85 -> 56.0, 80 -> 98.0, 70 -> 182.0 (height 126.0);
    # 2024-25 is the right-hand end, x 336, the bar 5 either side (331 to 341, short of the label at 342)
    assert '<rect class="bench" x="331.0" y="56.0" width="10" height="126.0"/>' in chart
    assert '<path class="bench-median" d="M331.0 98.0h10"/>' in chart
    assert chart.index('class="bench"') < chart.index('class="target"')  # drawn under the target and the line
    assert ("; a shaded bar at 2024-25 shows the middle half of the landlords in the benchmark, from 70% to 85%, "
            "with a line at their median, 80%. The table gives every figure.") in chart
    assert chart.endswith(f'</svg><p class="chart-key">{BENCHMARK_KEY}</p>')
    plain = str(history_chart(bench_rows(None)))
    assert "bench" not in plain and "chart-key" not in plain
    # a benchmark without all three quartiles is not drawn
    assert "bench" not in str(history_chart(bench_rows(Benchmark(D(70), None, D(85)))))


def test_own_benchmarks_on_the_pages_and_in_the_newsletter(make_project):
    from generator.newsletter.content import Options, content, look, render_html
    from generator.newsletter.text import text_edition
    from generator.pipeline import check_project
    from generator.site.pages import build_site

    from .test_benchmarks import TWO_GROUPS, project

    # repairs-on-time 87 against at least 90 (missed), quartiles 84.5 / 88 / 92.4, higher is better:
    # 84.5 <= 87 < 88, worse than most. relet-days 28 against at most 30, 21 / 27 / 35, lower is better:
    # 27 < 28 <= 35, worse than most. Other ALMOs give only a median: no position
    root = project(make_project, TWO_GROUPS.replace("repairs-on-time: 91", "repairs-on-time: 87"))
    outcome = check_project(root / "mkdocs.yml")
    assert not outcome.errors, outcome.errors
    site = build_site(outcome.project, root)
    repairs = ("Compared with other landlords, our 87% in 2021-22 was <strong>worse than most landlords in the "
               "benchmark</strong> (lower quartile 84.5%, median 88%, upper quartile 92.4%; Similar-sized "
               "landlords: Housemark 2021-22, landlords with 10,000 to 15,000 homes).")
    relet = "our 28 days in 2021-22 was <strong>worse than most landlords in the benchmark</strong>"
    area = site.pages["areas/repairs.md"]
    assert repairs in area and relet in area and "ALMO benchmarking club" not in area
    short = site.pages["falling-short.md"]
    assert repairs in short and relet not in short  # relet-days met its target: not falling short

    item = content(outcome.project, outcome.project.periods[0])
    assert [[(b.row.item.id, b.position and b.position.band) for b in t.rows] for t in item.benchmarks] == [
        [("repairs-on-time", "worse_than_most"), ("relet-days", "worse_than_most")], [("repairs-on-time", None)]]
    text = text_edition(item)
    assert "Upper quartile: 92.4%\nWhere we stand: worse than most landlords in the benchmark" in text
    html = render_html(item, look("screen", outcome.project.settings, root,
                                  Options.from_settings(outcome.project.settings, root)), root)
    assert '<th scope="col">Where we stand</th>' in html
    assert "<td>92.4%</td><td>worse than most landlords in the benchmark</td>" in html
    assert "<td>Not given</td><td>Not compared</td>" in html  # Other ALMOs: a median only
