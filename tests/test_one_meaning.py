"""One thing, one place: the helpers, defaults and limits that several parts of the tool share
are written once, dead names are gone, and each problem's JSON record says where the guide
explains it."""

from __future__ import annotations

import dataclasses
import importlib
import re
from decimal import Decimal
from pathlib import Path

import jinja2
import pytest
from markdown.extensions.toc import slugify

from generator.assess.rules import Assessment
from generator.model import Item, NewsletterSettings, PeriodFile, Result, Settings
from generator.newsletter import content as newsletter_content
from generator.newsletter.content import Options, screen_palette
from generator.present import values
from generator.problems import CODES, Location, Problem
from generator.registry.periods import parse_period
from generator.report.check import problem_json
from generator.site import pages

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "guide"
PERIOD = PeriodFile(parse_period("2021-22"), "p.yaml", Location("p.yaml"))


def _row(unit: str | None, out_of: str | None = None) -> Assessment:
    item = Item("standard", "s", "S", "a", Location("f"), unit=unit,
                out_of=Decimal(out_of) if out_of else None)
    return Assessment(item=item, period_file=PERIOD, result=Result("s", Location("p.yaml"), value=Decimal(1)),
                      target=None, status=None)


# -- benchmarks: one helper, value first --------------------------------------------------------


@pytest.mark.parametrize(
    "value, row, expected",
    [
        ("82.5", _row("percent"), "82.5%"),
        ("7.6", _row("score", "10"), "7.6 out of 10"),
        ("1250", _row("pounds"), "£1,250.00"),
        ("1204", _row("count"), "1,204"),
        (None, _row("percent"), "Not given"),  # no quartile given
        ("82.5", None, "Not given"),  # a benchmark for an id without a result this period
        ("82.5", _row(None), "Not given"),  # a standard without a unit
    ],
)
def test_format_benchmark(value, row, expected):
    assert values.format_benchmark(Decimal(value) if value else None, row) == expected


def test_site_and_newsletter_use_the_one_benchmark_helper():
    site_env, newsletter_env = jinja2.Environment(), jinja2.Environment()
    pages._filters(site_env)
    newsletter_content._filters(newsletter_env, {}, {}, links_allowed=True, paged=False)
    assert site_env.filters["bench"] is values.format_benchmark
    assert newsletter_env.filters["bench"] is values.format_benchmark
    # an older copy of period.md.j2 in a landlord's templates folder still works
    assert site_env.globals["bench"](_row("percent"), Decimal("82.5")) == "82.5%"


# -- dead names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "module, name",
    [
        ("generator.newsletter.pdf", "warm_up"),
        ("generator.registry.colours", "SLATE_BACKGROUND"),
        ("generator.site.pages", "_bench"),
        ("generator.newsletter.text", "_bench"),
    ],
)
def test_removed_names_stay_removed(module, name):
    assert not hasattr(importlib.import_module(module), name)


def test_views_has_no_has_rows():
    from generator.present.views import Views

    assert not hasattr(Views, "has_rows")


# -- the brand colour's default -----------------------------------------------------------------


def test_one_default_brand_colour_for_site_and_newsletter():
    from generator.registry.colours import DEFAULT_BRAND

    assert DEFAULT_BRAND == "#1f3b73"
    settings = Settings(organisation="Example Homes")
    assert screen_palette(settings)["brand"] == DEFAULT_BRAND
    assert f"--md-primary-fg-color: {DEFAULT_BRAND};" in pages._brand_css(None)
    assert not re.search(r"1f3b73|\(31, 59, 115\)", (ROOT / "generator/site/pages.py").read_text(encoding="utf-8"))


# -- the 5 MB limit -----------------------------------------------------------------------------


def test_one_size_limit_for_every_reader():
    from generator.source.files import MAX_BYTES, MAX_SIZE

    assert (MAX_BYTES, MAX_SIZE) == (5_242_880, "5 MB")
    written = [p for p in (ROOT / "generator").rglob("*.py")
               if re.search(r"5 \* 1024|5_242_880|5242880", p.read_text(encoding="utf-8"))]
    assert written == [ROOT / "generator/source/files.py"]


def test_the_guide_gives_the_limit_the_code_uses():
    from generator.source.files import MAX_BYTES, MAX_SIZE

    assert CODES["file-too-large"].title == f"A data file is larger than {MAX_SIZE}"
    assert f"larger than {MAX_SIZE} ({MAX_BYTES:,} bytes)" in (GUIDE / "format.md").read_text(encoding="utf-8")
    assert f"larger than {MAX_SIZE} ({MAX_BYTES:,} bytes)" in (GUIDE / "errors.md").read_text(encoding="utf-8")


def test_source_lines_show_a_file_of_exactly_the_limit(tmp_path):
    from generator.report.check import SourceLines
    from generator.source.files import MAX_BYTES

    at, over = tmp_path / "at.yaml", tmp_path / "over.yaml"
    line = b"# " + b"x" * 125 + b"\n"
    at.write_bytes(b"id: a\n" + line * ((MAX_BYTES - 6) // len(line)) + b"#" * ((MAX_BYTES - 6) % len(line)))
    over.write_bytes(at.read_bytes() + b"x")
    assert at.stat().st_size == MAX_BYTES
    sources = SourceLines(tmp_path)
    assert sources.line("at.yaml", 1) == "id: a"
    assert sources.line("over.yaml", 1) is None


# -- newsletter settings and options ------------------------------------------------------------


def test_options_have_no_defaults_of_their_own():
    with pytest.raises(TypeError):
        Options()  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "chosen, overrides, expected",
    [
        (NewsletterSettings(), {}, dict(paper="A4", crop_marks=False, printer_profile=None,
                                        output_condition="FOGRA39", start_page=1)),
        (NewsletterSettings(paper="A5", crop_marks=True, printer_profile="print/shop.icc",
                            output_condition="FOGRA51", insert_start_page=9),
         {}, dict(paper="A5", crop_marks=True, printer_profile="print/shop.icc",
                  output_condition="FOGRA51", start_page=9)),
        (NewsletterSettings(paper="A5", insert_start_page=9), {"paper": "A4", "start_page": 3, "crop_marks": None},
         dict(paper="A4", crop_marks=False, printer_profile=None, output_condition="FOGRA39", start_page=3)),
    ],
)
def test_options_come_from_the_newsletter_settings(tmp_path, chosen, overrides, expected):
    settings = Settings(organisation="Example Homes", newsletter=chosen)
    options = Options.from_settings(settings, tmp_path, **overrides)
    if expected["printer_profile"]:
        expected = {**expected, "printer_profile": (tmp_path / expected["printer_profile"]).resolve()}
    assert dataclasses.asdict(options) == {**expected, "epoch": None}  # the date: only when the command gives one


# -- each problem's JSON record links to its section of the guide -------------------------------


def _anchors(markdown_text: str) -> set[str]:
    """The anchors of a guide page's headings, as MkDocs (Python-Markdown's toc) makes them."""
    headings = re.findall(r"^#{1,6} (.+?)\s*$", re.sub(r"^```.*?^```", "", markdown_text, flags=re.M | re.S), re.M)
    return {slugify(re.sub(r"`", "", heading), "-") for heading in headings}


ERRORS_ANCHORS = _anchors((GUIDE / "errors.md").read_text(encoding="utf-8"))


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_url_is_a_heading_of_the_errors_guide(code):
    record = problem_json(Problem(code, "A message.", Location("standards/a.yaml", 3, 5)))
    assert record["url"] == f"guide/errors.md#{code}"
    page, anchor = record["url"].split("#")
    assert (ROOT / page).is_file()
    assert anchor in ERRORS_ANCHORS


def test_url_follows_severity_in_the_record():
    record = problem_json(Problem("unknown-key", "A message.", Location("standards/a.yaml", 3, 5), hint="Fix."))
    assert list(record) == ["file", "line", "column", "message", "code", "severity", "url", "hint"]


# -- the guide's lang example -------------------------------------------------------------------


def test_lang_example_matches_the_guides_english_example_data():
    """The example in the settings table is the language of the words around it: every example
    in the guide is in English, so `cy` (Welsh) there would tell screen readers to read English
    words with a Welsh voice."""
    text = (GUIDE / "format.md").read_text(encoding="utf-8")
    [row] = [line for line in text.splitlines() if line.startswith("| `lang` |")]
    example = row.rstrip(" |").rsplit("|", 1)[1].strip()
    assert re.fullmatch(r"`lang: en(-[A-Z]{2})?`", example), example
    assert "`cy`" in row and "Welsh" in row  # and says when `cy` is right


# -- the benchmark table, in a real build -------------------------------------------------------

BENCH_AREA = """\
area: Repairs
standards:
  - id: repairs-on-time
    title: We complete repairs on time
    unit: percent
    target: {at_least: 90}
  - id: gas-checks
    title: We check every gas appliance each year
    unit: percent
    target: {at_least: 100}
"""
BENCH_PERIOD = """\
period: 2021-22
results:
  repairs-on-time: 91
benchmarks:
  source: Housemark 2021
  values:
    repairs-on-time: {lower_quartile: 80.4, median: 86.75, upper_quartile: 91.8}
    gas-checks: {lower_quartile: 99.1, median: 99.6}
"""
OLD_SPELLING = '<td>{{ bench(row, benchmark.lower_quartile) }}</td><td>{{ bench(row, benchmark.median) }}</td>'


def _benchmark_cells(html: str) -> list[list[str]]:
    table = re.search(r'<table class="benchmarks">.*?</table>', html, re.S).group(0)
    return [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", table, re.S)]


@pytest.mark.parametrize("old_template", [False, True], ids=["our template", "a landlord's older copy"])
def test_period_page_benchmarks_in_a_real_build(make_project, old_template):
    from tests.conftest import run_standards

    files = {"standards/repairs.yaml": BENCH_AREA, "performance/2021-22.yaml": BENCH_PERIOD,
             "docs/about.md": "# About us\n"}
    config = "site_name: Test Homes\nplugins:\n  - standards:\n      organisation: Test Homes\n"
    if old_template:
        ours = (ROOT / "generator/templates/pages/period.md.j2").read_text(encoding="utf-8")
        new = '<td>{{ benchmark.lower_quartile|bench(row) }}</td><td>{{ benchmark.median|bench(row) }}</td>'
        assert new in ours
        files["my_templates/pages/period.md.j2"] = ours.replace(new, OLD_SPELLING)
        config += "      templates: my_templates\n"
    root = make_project(files, config)
    run = run_standards("build", cwd=root)
    assert run.exit_code == 0, run.text
    html = (root / "site/periods/2021-22/index.html").read_text(encoding="utf-8")
    # our result, then the quartiles in the standard's unit, each with the decimals it was written
    # with (86.75 stays 86.75%: a published figure is never re-rounded); a standard without a
    # result this period has no row to give the
    # quartiles a unit, so they say so in words, as before
    assert _benchmark_cells(html) == [
        ["91%", "80.4%", "86.75%", "91.8%"],
        ["No result", "Not given", "Not given", "Not given"],
    ]
