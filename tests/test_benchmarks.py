"""Benchmarks and the smaller points found typing real landlords' reports into the format.

* a month written as a period (`2022-01`): the hint names the quarter it falls in;
* benchmark quartiles out of order: an error at the benchmark's line;
* `responses: not published`: a survey with no published sample size passes `--strict`;
* several benchmark groups in one period (the list form of `benchmarks:`), v1's mapping unchanged.

Expected messages and figures are written out by hand from FORMAT.md and guide/format.md.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pdfplumber
import pytest

from generator import model
from generator.model import Benchmark
from generator.newsletter.content import Options, content, look, render_html
from generator.newsletter.text import text_edition
from generator.pipeline import check_project
from generator.registry.periods import period_advice
from generator.site.pages import build_site

from .conftest import DEFAULT_CONFIG, ROOT, run_standards, tree_digest

GUIDE = ROOT / "guide" / "format.md"
# FORMAT.md's (the v1 contract's) example, as written there, comments and all
FORMAT_MD_EXAMPLE = """\
benchmarks:                       # optional: how similar landlords did
  source: STAR survey 2017, landlords with 10,000 to 15,000 homes   # required if benchmarks given
  values:
    satisfaction-overall: {lower_quartile: 81, median: 85, upper_quartile: 90.5}
"""

AREA = """\
area: Repairs
standards:
  - id: repairs-on-time
    title: We complete repairs on time
    unit: percent
    target: {at_least: 90}
  - id: relet-days
    title: We re-let empty homes quickly
    unit: days
    target: {at_most: 30}
  - id: tenant-survey
    title: Tenants satisfied with repairs
    unit: percent
    survey: true
figures:
  - id: repair-days
    title: Average days to complete a repair
    unit: days
    better: lower
"""
P = "performance/2021-22.yaml"
HEAD = "period: 2021-22\nresults:\n  repairs-on-time: 91\n  relet-days: 28\n"  # benchmarks: is line 5


def project(make_project, period: str, config: str = DEFAULT_CONFIG):
    return make_project({"standards/repairs.yaml": AREA, P: period}, config=config)


def check(root) -> dict:
    run = run_standards("check", "--json", cwd=root)
    assert "Traceback" not in run.text
    return run.json


def only(problems: list[dict]) -> tuple:
    assert len(problems) == 1, problems
    p = problems[0]
    return p["code"], p["file"], p["line"], p["column"], p["message"], p.get("hint")


# -- 1. a month is not a period: say which quarter it is in -----------------------------------------

@pytest.mark.parametrize(
    "text, start_month, advice",
    [
        ("2022-01", 4,
         "'2022-01' reads as a month, January 2022, but results are for a financial year, a quarter or a "
         "calendar year. Quarters belong to financial years: January 2022 is in '2021-22 Q4' (January to "
         "March 2022), a quarter of '2021-22' (April 2021 to March 2022)."),
        # years starting in July: January is the third quarter
        ("2022-01", 7,
         "'2022-01' reads as a month, January 2022, but results are for a financial year, a quarter or a "
         "calendar year. Quarters belong to financial years: January 2022 is in '2021-22 Q3' (January to "
         "March 2022), a quarter of '2021-22' (July 2021 to June 2022)."),
        ("2021/06", 4,
         "'2021/06' reads as a month, June 2021, but results are for a financial year, a quarter or a "
         "calendar year. Quarters belong to financial years: June 2021 is in '2021-22 Q1' (April to "
         "June 2021), a quarter of '2021-22' (April 2021 to March 2022)."),
        ("2021-10-15", 4,
         "'2021-10-15' reads as a date in October 2021, but results are for a financial year, a quarter or a "
         "calendar year. Quarters belong to financial years: October 2021 is in '2021-22 Q3' (October to "
         "December 2021), a quarter of '2021-22' (April 2021 to March 2022)."),
        # not months: the advice is as before
        ("2021-23", 4, "Did you mean '2021-22'?"),
        ("2022-13", 4, "Did you mean '2022-23'?"),
    ],
)
def test_a_month_is_advised_as_the_quarter_it_falls_in(text, start_month, advice):
    assert period_advice(text, start_month) == advice


def test_month_as_period_is_located_with_the_quarter_in_the_hint(make_project):
    config = DEFAULT_CONFIG + "      year_starts: july\n"
    root = project(make_project, "period: 2022-01\nresults:\n  repairs-on-time: 91\n", config)
    code, file, line, column, message, hint = only(check(root)["errors"])
    assert (code, file, line, column) == ("invalid-period", P, 1, 9)
    assert message.startswith("'period' is '2022-01', which is not a period this tool can read. ")
    assert hint == period_advice("2022-01", 7)  # the advice of the table above, for year_starts: july


# -- 2. quartiles out of order ------------------------------------------------------------------------

ORDER = "They go lower_quartile ≤ median ≤ upper_quartile: the lower quartile is the figure a quarter of " \
        "landlords were below, whichever way is better."


@pytest.mark.parametrize(
    "values, line, message, hint",
    [
        ("    repairs-on-time: {lower_quartile: 88, median: 85, upper_quartile: 92}\n", 8,
         "The quartiles of the benchmark for 'repairs-on-time' are out of order: 'lower_quartile' 88 is above "
         "'median' 85. " + ORDER,
         "Write the smaller number as 'lower_quartile', or check the figures against your source."),
        ("    repairs-on-time: {lower_quartile: 80, median: 93.5, upper_quartile: 92}\n", 8,
         "The quartiles of the benchmark for 'repairs-on-time' are out of order: 'median' 93.5 is above "
         "'upper_quartile' 92. " + ORDER,
         "Write the smaller number as 'median', or check the figures against your source."),
        # no median: the two quartiles are still compared
        ("    repairs-on-time: {lower_quartile: 95, upper_quartile: 92}\n", 8,
         "The quartiles of the benchmark for 'repairs-on-time' are out of order: 'lower_quartile' 95 is above "
         "'upper_quartile' 92. " + ORDER,
         "Write the smaller number as 'lower_quartile', or check the figures against your source."),
        # lower is better (at_most): the source wrote best as 'upper'; the hint says so
        ("    repairs-on-time: {median: 86}\n    relet-days: {lower_quartile: 40, median: 31, upper_quartile: 22}\n",
         9,
         "The quartiles of the benchmark for 'relet-days' are out of order: 'lower_quartile' 40 is above "
         "'median' 31. " + ORDER,
         "Lower is better here, so the best landlords are in the lower quartile: write the smaller number as "
         "'lower_quartile'. If your source calls its best figure 'upper', swap them."),
        # a figure with better: lower, in a group of the list form
        ("", 10,
         "The quartiles of the benchmark for 'repair-days' are out of order: 'lower_quartile' 12 is above "
         "'median' 9. " + ORDER,
         "Lower is better here, so the best landlords are in the lower quartile: write the smaller number as "
         "'lower_quartile'. If your source calls its best figure 'upper', swap them."),
    ],
    ids=["lower-above-median", "median-above-upper", "lower-above-upper", "at-most-best-as-upper",
         "figure-in-a-group"],
)
def test_quartiles_out_of_order_is_an_error_at_the_benchmark(make_project, values, line, message, hint):
    if values:
        text = HEAD + "benchmarks:\n  source: Housemark\n  values:\n" + values
    else:
        text = HEAD + ("benchmarks:\n  - group: All landlords\n    source: Housemark\n    values:\n"
                       "      repairs-on-time: {median: 86}\n      repair-days: {lower_quartile: 12, median: 9, "
                       "upper_quartile: 6}\n")
    root = project(make_project, text)
    before = tree_digest(root)
    code, file, at_line, column, got, got_hint = only(check(root)["errors"])
    assert (code, file, at_line, column) == ("quartiles-out-of-order", P, line, 7 if not values else 5)
    assert got == f"{message} {hint}"  # the JSON message is the sentence and its suggestion
    assert got_hint == hint
    assert tree_digest(root) == before


@pytest.mark.parametrize("quartiles", ["{lower_quartile: 85, median: 85, upper_quartile: 85}",
                                       "{lower_quartile: 20, median: 25, upper_quartile: 31.5}",
                                       "{median: 10}", "{upper_quartile: 5}"])
def test_quartiles_in_order_or_equal_are_valid(make_project, quartiles):
    root = project(make_project, HEAD + f"benchmarks:\n  source: Housemark\n  values:\n    relet-days: {quartiles}\n")
    assert check(root)["errors"] == []


# -- 3. responses: not published ------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["not published", "Not published", "'not  published'"])
def test_responses_not_published_passes_strict(make_project, written):
    root = project(make_project, HEAD + f"  tenant-survey: {{value: 81, responses: {written}}}\n")
    run = run_standards("check", "--json", "--strict", cwd=root)
    assert run.exit_code == 0, run.text
    assert run.json["warnings"] == [] and run.json["errors"] == []
    row = next(r for r in run.json["results"] if r["id"] == "tenant-survey")
    assert row["value"] == 81 and "responses" not in row  # as when no responses are written


def test_survey_without_responses_still_warns_and_says_how_to_say_not_published(make_project):
    root = project(make_project, HEAD + "  tenant-survey: {value: 81}\n")
    warnings = check(root)["warnings"]
    code, file, line, column, message, hint = only(warnings)
    assert (code, file, line, column) == ("survey-sample", P, 5, 18)
    assert hint == ("Write it as {value: 81, responses: N}, or 'responses: not published' if the source "
                    "gives no number.")


def test_other_words_for_responses_are_still_an_error(make_project):
    root = project(make_project, HEAD + "  tenant-survey: {value: 81, responses: unknown}\n")
    code, file, line, column, message, _ = only(check(root)["errors"])
    # '  tenant-survey: {value: 81, responses: ' is 40 characters
    assert (code, file, line, column) == ("number-format", P, 5, 41)
    assert message.startswith("'responses' in the result for 'tenant-survey' is 'unknown', which is not a number")


# -- 4. several benchmark groups --------------------------------------------------------------------

TWO_GROUPS = HEAD + """\
benchmarks:
  - group: Similar-sized landlords
    source: Housemark 2021-22, landlords with 10,000 to 15,000 homes
    values:
      repairs-on-time: {lower_quartile: 84.5, median: 88, upper_quartile: 92.4}
      relet-days: {lower_quartile: 21, median: 27, upper_quartile: 35}
  - group: Other ALMOs
    source: ALMO benchmarking club 2021-22
    values:
      repairs-on-time: {median: 90.1}
"""


def test_list_form_reads_each_group_with_its_source_in_order(make_project):
    root = project(make_project, TWO_GROUPS)
    outcome = check_project(root / "mkdocs.yml")
    assert not outcome.errors, outcome.errors
    (period_file,) = outcome.project.periods
    assert period_file.benchmark_groups == (
        model.BenchmarkGroup("Similar-sized landlords", "Housemark 2021-22, landlords with 10,000 to 15,000 homes", {
            "repairs-on-time": Benchmark(Decimal("84.5"), Decimal("88"), Decimal("92.4")),
            "relet-days": Benchmark(Decimal("21"), Decimal("27"), Decimal("35")),
        }),
        model.BenchmarkGroup("Other ALMOs", "ALMO benchmarking club 2021-22", {
            "repairs-on-time": Benchmark(median=Decimal("90.1")),
        }),
    )


def _v1_benchmark_examples() -> list[str]:
    """FORMAT.md's `benchmarks:` example, and every one-group (mapping) example in guide/format.md."""
    blocks = [FORMAT_MD_EXAMPLE]
    for fence in re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL):
        match = re.search(r"^benchmarks:.*?(?=^\S|\Z)", fence, re.MULTILINE | re.DOTALL)
        if match and "\n  - " not in match.group():
            blocks.append(match.group())
    return blocks


def test_the_guide_keeps_the_v1_examples():
    assert len(_v1_benchmark_examples()) == 3  # FORMAT.md's, the guide's performance file, its Benchmarks section


@pytest.mark.parametrize("block", _v1_benchmark_examples())
def test_every_v1_benchmarks_example_reads_exactly_as_before(make_project, block):
    area = AREA + "  - id: satisfaction-overall\n    title: Overall satisfaction\n    unit: percent\n"
    root = make_project({"standards/repairs.yaml": area, P: HEAD + block})
    outcome = check_project(root / "mkdocs.yml")
    assert not outcome.errors, outcome.errors
    (group,) = outcome.project.periods[0].benchmark_groups
    # FORMAT.md: source 'STAR survey 2017, landlords with 10,000 to 15,000 homes', 81 / 85 / 90.5
    assert group == model.BenchmarkGroup(None, "STAR survey 2017, landlords with 10,000 to 15,000 homes", {
        "satisfaction-overall": Benchmark(Decimal("81"), Decimal("85"), Decimal("90.5"))})


@pytest.mark.parametrize(
    "block, groups",
    [
        ("benchmarks:\n  source: Housemark\n", [(None, "Housemark", {})]),
        ("benchmarks:\n  source: Housemark\n  values:\n", [(None, "Housemark", {})]),
        ("benchmarks:\n", []),
        ("benchmarks:\n  source: Housemark\n  values:\n    relet-days: {median: 27}\n",
         [(None, "Housemark", {"relet-days": Benchmark(median=Decimal("27"))})]),
    ],
    ids=["source-only", "values-blank", "blank", "median-only"],
)
def test_v1_mapping_forms_are_one_unnamed_group(make_project, block, groups):
    root = project(make_project, HEAD + block)
    outcome = check_project(root / "mkdocs.yml")
    assert not outcome.errors, outcome.errors
    assert outcome.project.periods[0].benchmark_groups == tuple(model.BenchmarkGroup(*g) for g in groups)


GROUP = "  - group: All landlords\n    source: Housemark\n    values:\n      repairs-on-time: {median: 88}\n"


@pytest.mark.parametrize(
    "block, expected",
    [
        (GROUP + "  - group: all  Landlords\n    source: Other\n    values:\n      relet-days: {median: 30}\n",
         ("duplicate-benchmark-group", 10, 5,
          "There are two benchmark groups named 'all Landlords'; the first is on line 6.")),
        ("  - group: All landlords\n    source: Housemark\n    values:\n      repairs-in-time: {median: 88}\n",
         ("unknown-id", 9, 7, "There is no standard or figure with the id 'repairs-in-time' for this benchmark.")),
        ("  - group: All landlords\n    sorce: Housemark\n    values:\n      repairs-on-time: {median: 88}\n",
         ("unknown-key", 7, 5, "Unknown key 'sorce' in benchmark group 'All landlords'.")),
        ("  - source: Housemark\n    values:\n      repairs-on-time: {median: 88}\n",
         ("missing-key", 6, 5, "Benchmark group 1 has no 'group'.")),
        (GROUP + "  - group: Region\n    values:\n      repairs-on-time: {median: 88}\n",
         ("missing-key", 10, 5, "Benchmark group 'Region' has no 'source'.")),
        (GROUP + "  - group: Region\n    source: North\n    values:\n      repairs-on-time: {median: 188}\n",
         ("out-of-range", 13, 33, "'median' of the benchmark for 'repairs-on-time' is '188', but its unit, "
          "percent, needs a number from 0 to 100.")),
        ("  - Similar landlords\n",
         ("wrong-type", 6, 5, "Benchmark group 1 should be a mapping of keys and values, but "
          "'Similar landlords' is given.")),
    ],
    ids=["duplicate-name", "unknown-id", "unknown-key", "no-name", "no-source", "out-of-range", "not-a-mapping"],
)
def test_list_form_errors_are_located(make_project, block, expected):
    root = project(make_project, HEAD + "benchmarks:\n" + block)
    code, file, line, column, message, hint = only(check(root)["errors"])
    if hint:
        assert message.endswith(" " + hint)
        message = message[:-len(hint) - 1]
    assert (code, line, column, message) == expected
    assert file == P


def _two_group_project(make_project):
    root = project(make_project, TWO_GROUPS)
    outcome = check_project(root / "mkdocs.yml")
    assert not outcome.errors, outcome.errors
    return root, outcome


def test_period_page_has_one_captioned_table_per_group(make_project):
    root, outcome = _two_group_project(make_project)
    page = build_site(outcome.project, root).pages["periods/2021-22.md"]
    assert "## How we compare with other landlords { #_benchmarks }" in page
    captions = re.findall(r"<caption>(.*?)</caption>", page)
    assert captions[-2:] == [
        "Similar-sized landlords: our results beside theirs (source: Housemark 2021-22, landlords with 10,000 "
        "to 15,000 homes)",
        "Other ALMOs: our results beside theirs (source: ALMO benchmarking club 2021-22)",
    ]
    regions = re.findall(r'aria-label="(Benchmarks for [^"]*)"', page)
    assert regions == ["Benchmarks for 2021-22: Similar-sized landlords", "Benchmarks for 2021-22: Other ALMOs"]
    tables = page.split('<table class="benchmarks">')[1:]
    assert len(tables) == 2
    # our 91 (written without decimals: "91%") beside each group's quartiles, in the unit's style
    assert ('<tr><th scope="row">We complete repairs on time</th><td>91%</td><td>84.5%</td><td>88%</td>'
            '<td>92.4%</td></tr>') in tables[0]
    assert ('<tr><th scope="row">We re-let empty homes quickly</th><td>28 days</td><td>21 days</td>'
            '<td>27 days</td><td>35 days</td></tr>') in tables[0]
    assert ('<tr><th scope="row">We complete repairs on time</th><td>91%</td><td>Not given</td><td>90.1%</td>'
            '<td>Not given</td></tr>') in tables[1]
    assert "re-let" not in tables[1]


def test_v1_period_page_keeps_its_heading_and_caption():
    outcome = check_project(ROOT / "mkdocs.yml")
    page = build_site(outcome.project, ROOT).pages["periods/2024-25.md"]
    assert "## How we compare with similar landlords { #_benchmarks }" in page
    assert ("<caption>Our results beside other landlords' (Housemark 2024, landlords with 10,000 to 15,000 "
            "homes)</caption>") in page
    assert page.count('<table class="benchmarks">') == 1
    assert 'aria-label="Benchmarks for 2024-25"' in page


def test_newsletter_text_and_html_show_each_group(make_project):
    root, outcome = _two_group_project(make_project)
    item = content(outcome.project, outcome.project.periods[0])
    assert [(t.name, t.source, len(t.rows)) for t in item.benchmarks] == [
        ("Similar-sized landlords", "Housemark 2021-22, landlords with 10,000 to 15,000 homes", 2),
        ("Other ALMOs", "ALMO benchmarking club 2021-22", 1)]
    text = text_edition(item)
    part = text[text.index("How we compare with other landlords"):text.index("If we miss a standard")]
    assert part.index("Similar-sized landlords") < part.index("Source: Housemark 2021-22, landlords with") \
        < part.index("Other ALMOs") < part.index("Source: ALMO benchmarking club 2021-22.")
    html = render_html(item, look("screen", outcome.project.settings, root, Options.from_settings(outcome.project.settings, root)), root)
    section = html[html.index('<section class="benchmarks">'):]
    section = section[:section.index("</section>")]
    assert re.findall(r"<h3>(.*?)</h3>", section) == ["Similar-sized landlords", "Other ALMOs"]
    assert section.count("<table") == 2


def test_newsletter_pdf_names_both_groups(make_project, tmp_path):
    root, _ = _two_group_project(make_project)
    out = tmp_path / "screen.pdf"
    run = run_standards("newsletter", "2021-22", "-o", str(out), cwd=root)
    assert run.exit_code == 0, run.text
    with pdfplumber.open(out) as pdf:
        words = " ".join((page.extract_text() or "") for page in pdf.pages)
    words = " ".join(words.split())
    assert "How we compare with other landlords" in words
    assert "Similar-sized landlords" in words and "Other ALMOs" in words
    assert "Source: ALMO benchmarking club 2021-22." in words
