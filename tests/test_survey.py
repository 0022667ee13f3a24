"""Survey figures: margins of error, whether a change is real, the regulator's required sample sizes,
and the words tenants read for each.

Every expected number is worked out by hand (the arithmetic is in the comments: each square root
and product was done on a calculator, not by the code under test), so a wrong formula, a missing
correction or a rounding that goes the wrong way at .5 fails here.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.assess import survey
from generator.assess.rules import assess_item
from generator.model import Item, PeriodFile, Result, Target
from generator.present import words
from generator.problems import Location
from generator.registry.periods import parse_period

from .conftest import run_standards

HERE = Location("performance/x.yaml", 1, 1)

# -- the margin of error ----------------------------------------------------------------------------

MARGINS = [
    # (p %, n, N, the margin shown) -- 1.96 x sqrt(p(1-p)/n) [x sqrt((N-n)/(N-1))], half-up to 1 place
    (76, 640, None, "3.3"),  # 1.96*sqrt(.76*.24/640) = 1.96*sqrt(.000285) = 1.96*0.016882 = 0.033089 -> 3.3
    # sqrt((12000-640)/11999) = sqrt(0.946746) = 0.973009; 3.30886 * 0.973009 = 3.21955 -> 3.2
    (76, 640, 12000, "3.2"),
    (Decimal("61.2"), 240, None, "6.2"),  # 1.96*sqrt(.612*.388/240) = 1.96*0.031455 = 0.061651 -> 6.2
    # sqrt((1310-240)/1309) = sqrt(0.817418) = 0.904112; 6.16513 * 0.904112 = 5.57396 -> 5.6
    (Decimal("61.2"), 240, 1310, "5.6"),
    (50, 400, None, "4.9"),  # 1.96*sqrt(.25/400) = 1.96*0.025 = 0.049 -> 4.9
    (50, 1600, None, "2.5"),  # 1.96*sqrt(.25/1600) = 1.96*0.0125 = 0.0245 exactly: 2.45 rounds half-up to 2.5
    (50, 1, None, "98.0"),  # n = 1: 1.96*sqrt(.25) = 0.98 -> 98.0 points, the honest answer
    (0, 640, None, "0.0"),  # p(1-p) = 0: every answer the same
    (100, 640, 12000, "0.0"),
    (76, 640, 640, "0.0"),  # a census: sqrt((640-640)/639) = 0
    (100, 1, 1, "0.0"),  # N = 1, n = 1: a census too (no division by N - 1 = 0)
    (50, 2, 3, "49.0"),  # 1.96*sqrt(.25/2) = 0.692965; sqrt((3-2)/2) = 0.707107; 0.692965*0.707107 = 0.49 -> 49.0
]


@pytest.mark.parametrize("p, n, population, expected", MARGINS)
def test_margin_of_error(p, n, population, expected):
    margin = survey.margin_of_error(p, n, population)
    assert str(margin) == expected  # a Decimal at exactly 1 place, as shown


def test_margin_unrounded():
    # 1.96*sqrt(.76*.24/640) = 0.0330886083 -> 3.30886 points
    assert abs(survey.margin_of_error(76, 640, places=None) - Decimal("3.30886083")) < Decimal("0.000001")


@pytest.mark.parametrize("p, n, population, words_in_error", [
    (76, 700, 640, "population (640) is smaller than the responses (700)"),
    (76, 0, None, "at least 1 response"),
    (101, 640, None, "from 0 to 100"),
    (-1, 640, None, "from 0 to 100"),
])
def test_margin_refuses_impossible_input(p, n, population, words_in_error):
    with pytest.raises(ValueError, match=words_in_error.replace("(", r"\(").replace(")", r"\)")):
        survey.margin_of_error(p, n, population)


# -- whether a change is real ---------------------------------------------------------------------

CHANGES = [
    # (p1, n1, p2, n2, z to 2 places, real?) -- pooled p = (p1 n1 + p2 n2)/(n1 + n2);
    # z = (p2 - p1) / sqrt(p(1-p)(1/n1 + 1/n2)); real when |z| >= 1.96
    # pooled (424.8+486.4)/1230 = 0.740813; 0.740813*0.259187 = 0.192010; 1/590+1/640 = 0.0032574;
    # sqrt(0.192010*0.0032574) = sqrt(0.00062546) = 0.025009; 0.04/0.025009 = 1.5994 -> 1.60, not real
    (72, 590, 76, 640, "1.60", False),
    # pooled (271.4+358.4)/1230 = 0.512033; 0.512033*0.487967 = 0.249855; *0.0032574 = 0.00081388;
    # sqrt = 0.028529; 0.10/0.028529 = 3.5052 -> 3.51, real
    (46, 590, 56, 640, "3.51", True),
    (76, 640, 72, 590, "-1.60", False),  # the same change the other way: a fall, by as much
    (56, 640, 46, 590, "-3.51", True),
    # either side of 1.96: pooled (500+544)/2000 = 0.522; 0.522*0.478 = 0.249516; *0.002 = 0.000499032;
    # sqrt = 0.0223390; 0.044/0.0223390 = 1.9696 -> real
    (50, 1000, Decimal("54.4"), 1000, "1.97", True),
    # pooled 0.5215; 0.5215*0.4785 = 0.24953775; *0.002 = 0.00049908; sqrt = 0.0223400; 0.043/0.02234 = 1.9248
    (50, 1000, Decimal("54.3"), 1000, "1.92", False),
    (50, 100, 50, 100, "0.00", False),  # no change
    (0, 100, 0, 100, "0.00", False),  # pooled 0%: no spread and no change (not a division by zero)
    (100, 50, 100, 80, "0.00", False),
]


@pytest.mark.parametrize("p1, n1, p2, n2, z, real", CHANGES)
def test_significant_change(p1, n1, p2, n2, z, real):
    value, is_real = survey.significant_change(p1, n1, p2, n2)
    assert f"{value:.2f}" == z
    assert is_real is real
    assert survey.z_value(p1, n1, p2, n2) == value


# -- the regulator's accuracy rule --------------------------------------------------------------------

SAMPLES = [
    # (N, the band's margin, required n) -- n0 = 1.96^2 x 0.25 / e^2 = 0.9604 / e^2; n = n0 / (1 + n0/N)
    # e = .05: n0 = 384.16; e = .04: n0 = 600.25; e = .03: n0 = 1067.111; e = .02: n0 = 2401
    (1, 5, 1),  # 384.16 / (1 + 384.16) = 0.9974 -> 1
    (100, 5, 79),  # 384.16*100 / 484.16 = 79.346 -> 79
    (2499, 5, 333),  # 384.16*2499 / 2883.16 = 960015.84 / 2883.16 = 332.973 -> 333
    (2500, 4, 484),  # 600.25*2500 / 3100.25 = 1500625 / 3100.25 = 484.034 -> 484
    (7271, 4, 554),  # 600.25*7271 / 7871.25 = 4364417.75 / 7871.25 = 554.476 -> 554 (Golding, TSM.md)
    (9999, 4, 566),  # 600.25*9999 / 10599.25 = 6001899.75 / 10599.25 = 566.257 -> 566
    (10000, 3, 964),  # 1067.111*10000 / 11067.111 = 964.218 -> 964
    (24999, 3, 1023),  # 1067.111*24999 / 26066.111 = 1023.425 -> 1023
    (25000, 2, 2191),  # 2401*25000 / 27401 = 60025000 / 27401 = 2190.613 -> 2191
    (34460, 2, 2245),  # 2401*34460 / 36861 = 82738460 / 36861 = 2244.607 -> 2245 (Abri, TSM.md)
]


@pytest.mark.parametrize("population, margin, needed", SAMPLES)
def test_required_sample(population, margin, needed):
    assert survey.accuracy_margin(population) == margin
    assert survey.required_sample(population) == needed


@pytest.mark.parametrize("population, expected", [
    (2499, "under 2,500"), (2500, "from 2,500 to 9,999"), (9999, "from 2,500 to 9,999"),
    (10000, "from 10,000 to 24,999"), (24999, "from 10,000 to 24,999"), (25000, "of 25,000 or more"),
])
def test_band_words(population, expected):
    assert survey.band_words(population) == expected


def test_margin_reached_by_a_short_sample():
    # 480 of 7,271 at 50%: 1.96*sqrt(.25/480) = 0.0447307; sqrt(6791/7270) = 0.966495; 0.0447307*0.966495 = 0.043232 -> 4.3
    assert str(survey.margin_reached(480, 7271)) == "4.3"


# -- the words ----------------------------------------------------------------------------------------

def item(unit="percent", survey_=True, target="70") -> Item:
    targets = (Target("at_least", Decimal(target)),) if target else ()
    return Item("standard", "s", "S", "a", HERE, unit=unit, targets=targets, survey=survey_, out_of=(
        Decimal(10) if unit == "score" else None))


def result(value=None, **fields) -> Result:
    return Result("s", HERE, value=Decimal(value) if value is not None else None, **fields)


def last_row(the_item: Item, results: list[tuple[str, Result]]):
    files = tuple(PeriodFile(parse_period(label), f"performance/{label}.yaml", HERE, results={"s": r})
                  for label, r in results)
    return assess_item(the_item, tuple(sorted(files, key=lambda p: p.period.sort_key)))[-1]


def worked(count: int, of: int) -> Result:
    """A result written as {count, of}: its value in full precision, as validation works it out."""
    return result(Decimal(100) * count / of, count=count, of=of)


WORDS = [
    # (item, [(period, result)], the value in words, the trend in words, margin, real change)
    (item(), [("2023-24", result(72, responses=590)), ("2024-25", result(76, responses=640))],
     "76% (± 3.3)",  # 1.96*sqrt(.76*.24/640) = 0.033089
     "about the same as 72% in 2023-24 (the change is within the margin of error)", "3.3", False),
    (item(), [("2023-24", result(46, responses=590)), ("2024-25", result(56, responses=640))],
     "56% (± 3.8)",  # 1.96*sqrt(.56*.44/640) = 1.96*sqrt(.000385) = 1.96*0.0196214 = 0.038458
     "up from 46% in 2023-24, better", "3.8", True),
    (item(), [("2023-24", result(56, responses=640)), ("2024-25", result(46, responses=590))],
     "46% (± 4.0)",  # 1.96*sqrt(.46*.54/590) = 1.96*sqrt(.000421017) = 1.96*0.0205187 = 0.040217
     "down from 56% in 2023-24, worse", "4.0", True),
    # with the population: 3.30886 * sqrt(11360/11999) = 3.21955
    (item(), [("2023-24", result(72, responses=590)), ("2024-25", result(76, responses=640, population=12000))],
     "76% (± 3.2)", "about the same as 72% in 2023-24 (the change is within the margin of error)", "3.2", False),
    # the previous survey gave no sample size: the margin is known, whether the change is real is not
    (item(), [("2023-24", result(72)), ("2024-25", result(76, responses=640))],
     "76% (± 3.3)", "up from 72% in 2023-24, better", "3.3", None),
    (item(), [("2024-25", result(76, responses=640))], "76% (± 3.3)", None, "3.3", None),  # nothing earlier
    # written as count of those who answered: 488/640 = 76.25%; 1.96*sqrt(.7625*.2375/640) = 0.032970
    (item(), [("2024-25", worked(488, 640))], "76.25% (± 3.3)", None, "3.3", None),  # 76.25 exactly: as it is
    (item(), [("2024-25", result(76, responses_published=False))], "76%", None, None, None),
    (item(survey_=False), [("2023-24", result(72, responses=590)), ("2024-25", result(76, responses=640))],
     "76%", "up from 72% in 2023-24, better", None, None),  # not a survey: no margin, whatever it says
    # a survey score is not a proportion: no margin
    (item("score", target="7"), [("2023-24", result("7.1", responses=590)), ("2024-25", result("7.4", responses=640))],
     "7.4 out of 10", "up from 7.1 out of 10 in 2023-24, better", None, None),
    # not a survey: a change smaller than the shown precision.  99.2734% (29,783 of 30,001) and 99.2667%
    # (14,890 of 15,000), worked out to more places than anyone writes, are both shown as 99.3%
    (item(survey_=False, target="99"), [("2024-25 Q4", worked(29783, 30001)), ("2025-26 Q1", worked(14890, 15000))],
     "99.3%", "about the same as 99.3% in 2024-25 Q4", None, None),
    # as written (three places), the values differ as shown: the change is worded as it is.  (A
    # worked-out value that ends within six places, 39,710 of 40,000 = 99.275, counts as written so.)
    (item(survey_=False, target="99"), [("2024-25 Q4", result("99.275")), ("2025-26 Q1", result("99.267"))],
     "99.267%", "down from 99.275% in 2024-25 Q4, worse", None, None),
    (item(survey_=False), [("2023-24", result(76)), ("2024-25", result(76))],
     "76%", "the same as in 2023-24 (76%)", None, None),
    # 93 written whole after a worked-out 92.9628% (2,325 of 2,501), shown as 93.0%: they read the same
    (item(survey_=False), [("2023-24", worked(2325, 2501)), ("2024-25", result(93))],
     "93%", "about the same as 93.0% in 2023-24", None, None),
]


@pytest.mark.parametrize("the_item, results, value, trend, margin, real", WORDS)
def test_survey_words(the_item, results, value, trend, margin, real):
    row = last_row(the_item, results)
    assert words.value_words(row) == value
    assert words.trend_words(row) == trend
    assert (str(row.margin_of_error) if row.margin_of_error is not None else None) == margin
    assert row.significant_change is real


def test_the_trend_itself_is_unchanged():
    """FORMAT.md's trend stays better/worse by the values: only the words say "about the same"."""
    row = last_row(item(), [("2023-24", result(72, responses=590)), ("2024-25", result(76, responses=640))])
    assert row.trend == "better"


def test_margin_explanation_says_plus_or_minus_in_words():
    row = last_row(item(), [("2024-25", result(76, responses=640, population=12000))])
    assert words.margin_explanation(row) == (
        "± 3.2 means plus or minus 3.2 percentage points, the survey's margin of error: the result for all "
        "tenants is very likely (95 times in 100) within 3.2 points of the figure from those who answered.")
    plain = last_row(item(survey_=False), [("2024-25", result(76))])
    assert words.margin_explanation(plain) is None
    assert words.first_margin_explanation([plain, row]) == words.margin_explanation(row)
    assert words.first_margin_explanation([plain]) is None


# -- check --json -------------------------------------------------------------------------------------

AREA = """\
area: Satisfaction
standards:
  - id: overall
    title: Tenants satisfied overall
    unit: percent
    survey: true
    target: {at_least: 70}
  - id: repairs-on-time
    title: Repairs on time
    unit: percent
    target: {at_least: 90}
"""


def test_check_json_rows(make_project):
    root = make_project({
        "standards/satisfaction.yaml": AREA,
        "performance/2023-24.yaml": "period: 2023-24\nresults:\n  overall: {value: 46, responses: 590}\n"
                                    "  repairs-on-time: 91\n",
        "performance/2024-25.yaml": "period: 2024-25\nresults:\n"
                                    "  overall: {value: 56, responses: 640, population: 12000}\n"
                                    "  repairs-on-time: 92\n",
    })
    run = run_standards("check", "--json", cwd=root)
    assert run.exit_code == 0, run.text
    rows = {(r["id"], r["period"]): r for r in run.json["results"]}
    # 2023-24: 1.96*sqrt(.46*.54/590) = 0.040217 -> 4.0; nothing earlier to compare with
    assert (rows["overall", "2023-24"]["margin_of_error"], rows["overall", "2023-24"]["significant_change"]) == (4.0, None)
    # 2024-25: 3.84580 * sqrt(11360/11999) = 3.84580*0.973009 = 3.74200 -> 3.7; z = 3.51: real
    latest = rows["overall", "2024-25"]
    assert (latest["margin_of_error"], latest["significant_change"], latest["population"]) == (3.7, True, 12000)
    assert latest["trend"] == "better"
    assert (rows["repairs-on-time", "2024-25"]["margin_of_error"],
            rows["repairs-on-time", "2024-25"]["significant_change"]) == (None, None)
    assert "population" not in rows["overall", "2023-24"]


def test_sample_short_warning_text(make_project):
    root = make_project({
        "standards/satisfaction.yaml": AREA,
        "performance/2024-25.yaml": "period: 2024-25\nresults:\n"
                                    "  overall: {value: 76, responses: 553, population: 7271}\n"
                                    "  repairs-on-time: 92\n",
    })
    run = run_standards("check", cwd=root)
    assert run.exit_code == 0, run.text
    # 7,271 needs 554 (above); 553 reaches 1.96*sqrt(.25/553)*sqrt(6718/7270) = 0.041675*0.961284 = 0.040062 -> 4.0
    assert run.text.startswith(
        "performance/2024-25.yaml:3:12: warning: The survey result for 'overall' in 2024-25 has 553 responses, "
        "fewer than the 554 the regulator's accuracy rule needs for a population of 7,271.\n")
    assert "Expected at least 554 responses (± 4 percentage points for a population from 2,500 to 9,999)." in run.text
    assert "With 553 responses the margin of error is up to ± 4.0 points." in run.text
    enough = make_project({
        "standards/satisfaction.yaml": AREA,
        "performance/2024-25.yaml": "period: 2024-25\nresults:\n"
                                    "  overall: {value: 76, responses: 554, population: 7271}\n"
                                    "  repairs-on-time: 92\n",
    })
    assert "warning" not in run_standards("check", cwd=enough).text


# -- pages and newsletters -------------------------------------------------------------------------------

def _survey_project(make_project):
    return make_project({
        "standards/satisfaction.yaml": AREA + """\
figures:
  - id: communal
    title: Tenants satisfied with communal areas
    unit: percent
    survey: true
""",
        "performance/2023-24.yaml": "period: 2023-24\nresults:\n  overall: {value: 72, responses: 590}\n"
                                    "  repairs-on-time: 91\n  communal: {value: 60, responses: 400}\n",
        "performance/2024-25.yaml": "period: 2024-25\nresults:\n"
                                    "  overall: {value: 76, responses: 640, population: 12000}\n"
                                    "  repairs-on-time: 92\n  communal: {value: 58, responses: 400}\n",
    })


NOTE = ('<p class="margin-note">± 3.2 means plus or minus 3.2 percentage points, the survey\'s margin of error: '
        "the result for all tenants is very likely (95 times in 100) within 3.2 points of the figure from those "
        "who answered.</p>")


def test_pages_show_the_margin_and_say_once_what_it_means(make_project):
    from generator.pipeline import check_project
    from generator.site.pages import build_site

    root = _survey_project(make_project)
    site = build_site(check_project(root / "mkdocs.yml").project, root)
    area = site.pages["areas/satisfaction.md"]
    # 76% of 640 from 12,000: ± 3.2 (above); 2023-24's 72% of 590: 1.96*sqrt(.72*.28/590) = 1.96*0.018485 = 0.036231
    assert '<strong class="latest-value">76% (± 3.2)</strong>' in area
    assert "About the same as 72% in 2023-24 (the change is within the margin of error)." in area
    assert "72% (± 3.6)" in area  # in the history table
    assert area.count('class="margin-note"') == 1
    assert NOTE in area
    assert area.index(NOTE) > area.index("76% (± 3.2)")  # said after the first use, not before
    period = site.pages["periods/2024-25.md"]
    assert period.count('class="margin-note"') == 1 and NOTE in period
    # communal areas: 60% then 58% of 400; pooled 0.59, 0.59*0.41*(2/400) = 0.0012095, sqrt = 0.034778,
    # z = -0.02/0.034778 = -0.575: not real, so not listed as getting worse
    short = site.pages["falling-short.md"]
    assert "Tenants satisfied with communal areas" not in short
    repairs_only = make_project({"standards/satisfaction.yaml": AREA.split("  - id: overall")[0] +
                                 AREA.split("    target: {at_least: 70}\n")[1],
                                 "performance/2024-25.yaml": "period: 2024-25\nresults:\n  repairs-on-time: 92\n"})
    plain = build_site(check_project(repairs_only / "mkdocs.yml").project, repairs_only)
    assert all("margin-note" not in page and "±" not in page
               for path, page in plain.pages.items() if path != "words-we-use.md")  # the glossary explains ±


def test_newsletters_show_the_margin_and_say_once_what_it_means(make_project):
    from generator.newsletter.content import Options, content, look, render_html
    from generator.newsletter.text import text_edition
    from generator.pipeline import check_project

    root = _survey_project(make_project)
    project = check_project(root / "mkdocs.yml").project
    period_file = next(p for p in project.periods if p.period.label == "2024-25")
    item = content(project, period_file)
    text = text_edition(item)
    assert "76% (± 3.2)" in text
    assert text.count("± 3.2 means plus or minus 3.2 percentage points") == 1
    html = render_html(item, look("screen", project.settings, root, Options.from_settings(project.settings, root)), root)
    assert "76% (± 3.2)" in html
    assert html.count('class="margin-note"') == 1


def test_a_real_survey_change_too_small_to_see_is_told_apart():
    """With very many responses a change of 0.03 points is real: it is then worded as a change, with
    the decimals that show it.  36,004,000 then 36,016,000 of 40,000,001: 90.0099978% and 90.0399978%,
    both 90.0% at one place.  Pooled 0.90025; 0.90025*0.09975 = 0.0897999; x (2/40,000,001) =
    4.49e-9; sqrt = 6.70074e-5; 0.0003/6.70074e-5 = 4.48: real.  Margin 1.96*sqrt(.9004*.0996/4e7)
    = 1.96*4.73498e-5 = 0.0000928 -> 0.0 points."""
    row = last_row(item(target="90"), [("2023-24", worked(36004000, 40000001)),
                                       ("2024-25", worked(36016000, 40000001))])
    assert row.significant_change is True
    assert words.trend_words(row) == "up from 90.01% in 2023-24, better"
    assert words.value_words(row) == "90.04% (± 0.0)"


def test_a_population_column_is_imported(make_project):
    root = make_project({
        "standards/satisfaction.yaml": AREA,
        "performance/2024-25.yaml": "period: 2024-25\nresults:\n  repairs-on-time: 92\n",
        "survey.csv": "id,period,value,responses,population\noverall,2024-25,76,640,12000\n",
    })
    run = run_standards("import", "survey.csv", cwd=root)
    assert run.exit_code == 0, run.text
    text = (root / "performance/2024-25.yaml").read_text(encoding="utf-8")
    assert "overall: {value: 76, responses: 640, population: 12000}" in text, text
    rows = {(r["id"], r["period"]): r for r in run_standards("check", "--json", cwd=root).json["results"]}
    assert rows["overall", "2024-25"]["margin_of_error"] == 3.2  # as above: 3.30886 * 0.973009 = 3.21955
    wrong = make_project({
        "standards/satisfaction.yaml": AREA,
        "performance/2024-25.yaml": "period: 2024-25\nresults:\n  repairs-on-time: 92\n",
        "survey.csv": "id,period,value,responses,population\noverall,2024-25,76,640,12000.5\n",
    })
    refused = run_standards("import", "survey.csv", cwd=wrong)
    assert refused.exit_code == 1 and "survey.csv:E2" in refused.text, refused.text
