"""Every kind of broken input, one row each: the error, where it is, and what it says.

Each row is (case id, files, expected file, line, column or None, problem code,
a piece of the message).  ``files`` are written over a small valid project
(BASE: one area with a figure of every unit, one period file); a value of
None removes a base file.  Each case runs ``standards check --json`` and the
plain-text ``standards check`` and asserts:

* exit code 1 and no traceback (``run_standards`` re-raises; the CLI's
  last-resort apology is not printed either);
* an error at exactly that file, line (and column) with that code, whose
  message contains the expected words (so a message keeps quoting the value
  and saying how to fix it);
* no error in any other file: one mistake is reported once, not again as a
  knock-on "unknown id" elsewhere (area cases run with an empty results file);
* the text output names the same place as ``file:line:column: error:`` and
  ends with a "Found ..." line;
* the project's files are byte-for-byte unchanged.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from generator.problems import CODES

from .conftest import AREA, DEFAULT_CONFIG, PERIOD, run_standards, tree_digest

# One area with a standard and a figure of every unit, so result cases can
# reach each unit's rules.  Line numbers of the ids are used below.
FULL_AREA = AREA + """\
  - id: staff-show-id
    title: Our staff always show their ID badge
  - id: tenant-survey
    title: Tenants satisfied with repairs
    unit: percent
    survey: true
    target: {at_least: 80}
    retired: 2022-23
figures:
  - id: repairs-done
    title: Repairs completed
    unit: count
  - id: repair-days
    title: Average days to complete a repair
    unit: days
  - id: repair-score
    title: Repair satisfaction score
    unit: score
    out_of: 10
  - id: asb-rate
    title: ASB cases per 1,000 homes
    unit: per_1000_homes
"""

FULL_PERIOD = """\
period: 2021-22
results:
  repairs-on-time: 91
  tenant-survey: {value: 85, responses: 400}
"""

BASE = {
    "standards/repairs.yaml": FULL_AREA,
    "performance/2021-22.yaml": FULL_PERIOD,
}

NO_RESULTS = "period: 2021-22\nresults: {}\n"

R = "standards/repairs.yaml"
P = "performance/2021-22.yaml"


def results(*lines: str, period: str = "2021-22") -> str:
    """A performance file whose results are ``lines``; result i is on line i + 2."""
    return f"period: {period}\nresults:\n" + "".join(f"  {line}\n" for line in lines)


def area(*lines: str) -> str:
    """An area file with one standard written as ``lines`` (line i + 2), under 'standards:'."""
    return "area: Repairs\nstandards:\n" + "".join(f"{line}\n" for line in lines)


def plugin(*lines: str) -> str:
    """mkdocs.yml whose standards block holds ``lines`` (line i + 3, at column 7)."""
    return "site_name: Test Homes\nplugins:\n  - standards:\n" + "".join(f"      {line}\n" for line in lines)


@dataclass
class Case:
    id: str
    files: dict
    file: str
    line: int
    column: int | None
    code: str
    words: str
    config: str | None = DEFAULT_CONFIG
    setup: Callable[[Path], None] | None = None


def case(id, files, file, line, column, code, words, config=DEFAULT_CONFIG, setup=None):
    return Case(id, files, file, line, column, code, words, config, setup)


def _directory_named_like_data(root: Path) -> None:
    (root / "standards" / "x.yaml").mkdir()
    (root / "standards" / "x.yaml" / "inside.yaml").write_text(AREA, encoding="utf-8")


def _link_outside(root: Path) -> None:
    outside = root.parent / f"{root.name}-outside.yaml"
    outside.write_text(AREA.replace("repairs-on-time", "linked-standard"), encoding="utf-8")
    os.symlink(outside, root / "standards" / "linked.yaml")


def _large_file(root: Path) -> None:
    line = "# " + "x" * 98 + "\n"
    (root / "performance" / "huge.yaml").write_text(PERIOD + line * 53_000, encoding="utf-8")


def _remove_folder(root: Path, name: str) -> Path:
    folder = root / name
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    return folder


def _logo_outside(root: Path) -> None:
    (root.parent / f"{root.name}-logo.svg").write_text("<svg/>", encoding="utf-8")
    config = plugin("organisation: Test Homes", f"logo: ../{root.name}-logo.svg")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")


BILLION_LAUGHS = """\
area: Repairs
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
"""

STD = ("  - id: repairs-on-time", "    title: We complete repairs on time")

CASES = [
    # -- files that are not YAML text ---------------------------------------------------------
    case("value-starting-with-ampersand", {P: results("repairs-on-time: {value: 91, note: &Co repairs}")}, P, 3, 38,
         "yaml-syntax", "starts with '&Co', which YAML reads as an anchor name"),
    case("value-starting-with-tag", {R: area(STD[0], "    title: !important We fix it")}, R, 4, 12,
         "yaml-syntax", "starts with '!important', which YAML reads as a type tag"),
    case("yaml-bad-indent", {R: area(*STD, "   unit: percent")}, R, 5, 4, "yaml-syntax",
         "The indentation of this line does not line up with the lines above it."),
    case("yaml-unclosed-quote",
         {R: area(STD[0], '    title: "We complete repairs on time', "    unit: percent")},
         R, 4, 12, "yaml-syntax", "A quote opened here is never closed"),
    case("yaml-colon-in-value", {R: area(STD[0], "    title: Repairs: done on time")},
         R, 4, 19, "yaml-syntax", "put the whole value in quotes"),
    case("yaml-unclosed-bracket", {P: "period: 2021-22\nresults: {repairs-on-time: 91\n"},
         P, 2, 10, "yaml-syntax", "A bracket opened here is not closed"),
    case("yaml-apostrophe-in-single-quotes", {P: PERIOD + "commentary:\n  repairs: 'It's been a good year'\n"},
         P, 5, 16, "yaml-syntax", "write an apostrophe as two: 'It''s good'"),
    case("yaml-reserved-first-character", {P: PERIOD + "commentary:\n  repairs: @home we fix it\n"}, P, 5, 12,
         "yaml-syntax", "Put the whole value in quotes"),
    case("yaml-star-first-character", {P: PERIOD + "commentary:\n  repairs: *Great* year\n"}, P, 5, 12,
         "yaml-syntax", "alias"),
    case("yaml-double-comma", {P: results("repairs-on-time: {count: 661,, of: 708}")}, P, 3, 32, "yaml-syntax",
         "between two commas"),
    case("yaml-tab-indent", {R: area(*STD, "\tunit: percent")}, R, 5, 1, "yaml-tab", "must be indented with spaces"),
    case("latin1-pound", {R: area(*STD, "    promise: We collect \xa3 rent").encode("latin-1")},
         R, 5, 25, "file-encoding", "not saved as UTF-8: byte 0xA3 on line 5"),
    case("latin1-e-acute", {P: b"period: 2021-22\n# caf\xe9 figures\nresults:\n  repairs-on-time: 91\n"},
         P, 2, 6, "file-encoding", "0xE9"),
    case("binary-file", {P: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"}, P, 1, 1, "file-binary", "not text"),
    case("empty-file", {P: ""}, P, 1, 1, "file-empty", "This file is empty."),
    case("comments-only", {R: "# Repairs: to be written\n\n# more later\n"}, R, 1, 1, "file-empty", "This file is empty."),
    case("two-documents", {P: PERIOD + "---\nperiod: 2022-23\nresults: {}\n"}, P, 4, 1, "yaml-documents",
         "more than one YAML document"),
    # the third *e on line 7 takes the count past 250,000 (74,742 + 3 x 66,430): see test_alias_bombs.py
    case("alias-bomb", {R: BILLION_LAUGHS}, R, 7, 16, "yaml-aliases", "expand to far more data than a data file holds"),
    case("alias-recursive", {R: "area: Repairs\nloop: &loop [1, *loop]\n"}, R, 2, 7, "yaml-aliases", "refer to themselves"),
    case("nesting-too-deep", {R: "area: Repairs\nsummary: " + "[" * 200 + "]" * 200 + "\n"},
         R, 2, None, "yaml-too-deep", "nested more than 40 levels deep"),
    case("duplicate-key", {R: area(*STD, "    unit: percent", "    unit: count")}, R, 6, 5, "duplicate-key",
         "first given on line 5"),
    case("duplicate-result", {P: results("repairs-on-time: 91", "repairs-on-time: 92")}, P, 4, 3,
         "duplicate-key", "'repairs-on-time' appears twice"),
    # -- missing keys -----------------------------------------------------------------------------
    case("missing-area", {R: "standards:\n" + "\n".join(STD) + "\n"}, R, 1, 1, "missing-key", "'area'"),
    case("missing-id", {R: area("  - title: We complete repairs on time")}, R, 3, 5, "missing-key", "'id'"),
    case("missing-title", {R: area(STD[0], "    unit: percent")}, R, 3, 5, "missing-key", "'title'"),
    case("missing-period", {P: "results:\n  repairs-on-time: 91\n"}, P, 1, 1, "missing-key", "'period'"),
    case("missing-results", {P: "period: 2021-22\n"}, P, 1, 1, "missing-key", "'results'"),
    case("figure-without-unit",
         {R: "area: Repairs\nfigures:\n  - id: repairs-done\n    title: Repairs completed\n"},
         R, 3, 5, "missing-key", "'unit'"),
    case("missing-organisation", {}, "mkdocs.yml", 4, 7, "missing-key", "has no 'organisation'",
         config=plugin("year_starts: april")),
    case("plugin-without-options", {}, "mkdocs.yml", 3, 5, "missing-key", "'organisation'",
         config="site_name: Test Homes\nplugins:\n  - standards\n"),
    # -- unknown keys -----------------------------------------------------------------------------
    case("unknown-key-area", {R: "area: Repairs\nsumary: What we fix\n"}, R, 2, 1, "unknown-key",
         "Did you mean 'summary'?"),
    case("unknown-key-standard", {R: area(*STD, "    unti: percent")}, R, 5, 5, "unknown-key",
         "Did you mean 'unit'?"),
    case("unknown-key-figure",
         {R: "area: Repairs\nfigures:\n  - id: repairs-done\n    title: Repairs\n    unit: count\n    beter: lower\n"},
         R, 6, 5, "unknown-key", "Did you mean 'better'?"),
    case("unknown-key-target", {R: area(*STD, "    unit: percent", "    target: {at_lest: 90}")}, R, 6, 14,
         "unknown-key", "Did you mean 'at_least'?"),
    case("unknown-key-result", {P: results("repairs-on-time: {vaule: 91}")}, P, 3, 21, "unknown-key",
         "Did you mean 'value'?"),
    case("unknown-key-performance", {P: PERIOD + "comentary:\n  repairs: Good year.\n"}, P, 4, 1, "unknown-key",
         "Did you mean 'commentary'?"),
    case("unknown-key-benchmarks",
         {P: PERIOD + "benchmarks:\n  sorce: Housemark 2021\n  values:\n    repairs-on-time: {median: 90}\n"},
         P, 5, 3, "unknown-key", "Did you mean 'source'?"),
    case("unknown-key-plugin", {}, "mkdocs.yml", 5, 7, "unknown-key", "Did you mean 'year_starts'?",
         config=plugin("organisation: Test Homes", "year_start: april")),
    case("figure-with-target",
         {R: "area: Repairs\nfigures:\n  - id: repairs-done\n    title: Repairs\n    unit: count\n"
             "    target: {at_most: 10}\n"}, R, 6, 5, "unknown-key", "A figure has no target"),
    # -- wrong types ------------------------------------------------------------------------------
    case("standards-as-mapping", {R: "area: Repairs\nstandards:\n  id: repairs-on-time\n  title: On time\n"},
         R, 3, 3, "wrong-type", "'standards' should be a list"),
    case("title-as-list", {R: area(STD[0], "    title: [We complete repairs, on time]")}, R, 4, 12, "wrong-type",
         "should be text"),
    case("survey-yes", {R: area(*STD, "    survey: yes")}, R, 5, 13, "wrong-type", "Write true."),
    case("draft-maybe", {P: "period: 2021-22\ndraft: maybe\nresults:\n  repairs-on-time: 91\n"}, P, 2, 8,
         "wrong-type", "'maybe'"),
    case("order-decimal", {R: "area: Repairs\norder: 1.5\n"}, R, 2, 8, "not-whole-number", "'1.5'"),
    case("results-as-list", {P: "period: 2021-22\nresults:\n  - repairs-on-time: 91\n"}, P, 3, 3, "wrong-type",
         "'results' should map"),
    # -- numbers not written plainly --------------------------------------------------------------
    case("number-percent-sign", {P: results("repairs-on-time: 95%")}, P, 3, 20, "number-format",
         "without the % sign: 95"),
    case("number-thousands", {P: results("repairs-done: 1,204")}, P, 3, 17, "number-format", "without commas: 1204"),
    case("number-underscore", {P: results("repairs-done: 1_204")}, P, 3, 17, "number-format",
         "without underscores: 1204"),
    case("number-leading-zero", {P: results("repairs-done: 0120")}, P, 3, 17, "number-format",
         "without leading zeros: 120"),
    case("number-time", {P: results("repair-days: 1:30")}, P, 3, 16, "number-format", "'1:30'"),
    case("number-exponent", {P: results("repairs-done: 1e3")}, P, 3, 17, "number-format", "without an exponent: 1000"),
    case("number-inf", {P: results("repairs-done: .inf")}, P, 3, 17, "number-format", "Infinity"),
    case("number-nan", {P: results("repair-days: .nan")}, P, 3, 16, "number-format", "not a number"),
    case("number-quoted", {P: results('repairs-on-time: "95"')}, P, 3, 20, "number-format", "Remove the quotes: 95"),
    case("number-yes", {P: results("repairs-on-time: yes")}, P, 3, 20, "number-format", "'yes'"),
    case("number-leading-point", {P: results("repair-days: .5")}, P, 3, 16, "number-format",
         "0 before the decimal point: 0.5"),
    case("number-trailing-point", {P: results("repair-days: 5.")}, P, 3, 16, "number-format",
         "final decimal point: 5"),
    case("number-too-large", {P: results("repairs-done: 20000000000000000000")}, P, 3, 17, "number-too-large",
         "too many digits"),
    case("number-in-target", {R: area(*STD, "    unit: percent", "    target: {at_least: 95%}")}, R, 6, 24,
         "number-format", "without the % sign"),
    case("number-in-count", {P: results("repairs-on-time: {count: '661', of: 708}")}, P, 3, 28, "number-format",
         "Remove the quotes: 661"),
    # -- ids --------------------------------------------------------------------------------------
    case("id-uppercase", {R: area("  - id: Repairs-On-Time", STD[1])}, R, 3, 9, "invalid-id",
         "Try 'repairs-on-time'."),
    case("id-underscore", {R: area("  - id: repairs_on_time", STD[1])}, R, 3, 9, "invalid-id",
         "'repairs_on_time'"),
    case("id-double-hyphen", {R: area("  - id: repairs--on-time", STD[1])}, R, 3, 9, "invalid-id",
         "single hyphens"),
    case("id-starts-with-digit", {R: area("  - id: 2nd-repair-visit", STD[1])}, R, 3, 9, "invalid-id",
         "start with a letter"),
    case("id-yes", {R: area("  - id: yes", STD[1])}, R, 3, 9, "invalid-id", "true, false or nothing"),
    case("id-null", {R: area("  - id: null", STD[1])}, R, 3, 9, "invalid-id", "true, false or nothing"),
    case("id-blank", {R: area("  - id:", STD[1])}, R, 3, 5, "invalid-id", "The id is empty"),
    case("area-file-name", {"standards/Customer Care.yaml": AREA, R: None},
         "standards/Customer Care.yaml", 1, 1, "invalid-area-id", "customer-care.yaml"),
    case("duplicate-id-across-files",
         {"standards/a-area.yaml": AREA, "standards/b-area.yaml": AREA.replace("Repairs", "Other"), R: None},
         "standards/b-area.yaml", 3, 9, "duplicate-id", "already used"),
    case("result-unknown-id", {P: results("repairs-ontime: 91")}, P, 3, 3, "unknown-id",
         "Did you mean 'repairs-on-time'?"),
    # -- periods ----------------------------------------------------------------------------------
    case("period-wrong-second-year", {P: results("repairs-on-time: 91", period="2021-23")}, P, 1, 9,
         "invalid-period", "Did you mean '2021-22'?"),
    case("period-quarter-first", {P: results("repairs-on-time: 91", period="Q1 2021-22")}, P, 1, 9,
         "invalid-period", "financial year first"),
    case("period-short-year", {P: results("repairs-on-time: 91", period="21-22")}, P, 1, 9,
         "invalid-period", "'period' is '21-22', which is not a period this tool can read. Write the first year in "
         "full: '2021-22'."),
    case("period-quarter-5", {P: results("repairs-on-time: 91", period="2021-22 Q5")}, P, 1, 9,
         "invalid-period", "A year has four quarters, Q1 to Q4."),
    case("period-duplicate", {"performance/copy.yaml": results("repairs-on-time: 92", period="2021/22")},
         "performance/copy.yaml", 1, 9, "duplicate-period", "already in performance/2021-22.yaml"),
    case("published-invalid-date", {P: "period: 2021-22\npublished: 2022-02-30\nresults: {}\n"}, P, 2, 12,
         "invalid-date", "'2022-02-30'"),
    case("retired-invalid-period", {R: area(*STD, "    retired: next year")}, R, 5, 14, "invalid-period",
         "'next year'"),
    # -- units and ranges -------------------------------------------------------------------------
    case("unknown-unit", {R: area(*STD, "    unit: percentage")}, R, 5, 11, "unknown-unit",
         "Did you mean 'percent'?"),
    case("percent-over-100", {P: results("repairs-on-time: 101")}, P, 3, 20, "out-of-range",
         "The result for 'repairs-on-time' is '101', but its unit, percent, needs a number from 0 to 100."),
    case("count-negative", {P: results("repairs-done: -3")}, P, 3, 17, "out-of-range", "'-3'"),
    case("count-not-whole", {P: results("repairs-done: 3.5")}, P, 3, 17, "not-whole-number",
         "is '3.5', but its unit, count, needs a whole number of 0 or more"),
    case("score-over-out-of", {P: results("repair-score: 11")}, P, 3, 17, "out-of-range", "from 0 to 10"),
    case("days-negative", {P: results("repair-days: -2")}, P, 3, 16, "out-of-range", "0 or more"),
    case("target-out-of-range", {R: area(*STD, "    unit: percent", "    target: {at_least: 120}")}, R, 6, 24,
         "out-of-range", "The target '120' of standard 'repairs-on-time' is outside the range of its unit: "
         "percent needs a number from 0 to 100."),
    case("tolerance-negative",
         {R: area(*STD, "    unit: percent", "    target: {at_least: 90}", "    tolerance: -1")}, R, 7, 16,
         "out-of-range", "is '-1', but it must be 0 or more"),
    case("count-over-of", {P: results("repairs-on-time: {count: 709, of: 708}")}, P, 3, 28, "count-over-of",
         "more than 'of' 708"),
    case("of-zero", {P: results("repairs-on-time: {count: 0, of: 0}")}, P, 3, 35, "out-of-range", "'of'"),
    case("responses-over-population",
         {P: results("repairs-on-time: 91", "tenant-survey: {value: 85, responses: 700, population: 640}")},
         P, 4, 58, "responses-over-population", "has 'responses' 700, more than 'population' 640."),
    case("of-over-population",  # a survey written as count of those who answered: 'of' answered
         {P: results("repairs-on-time: 91", "tenant-survey: {count: 500, of: 700, population: 640}")},
         P, 4, 52, "responses-over-population", "has 'of' 700, more than 'population' 640."),
    case("population-zero", {P: results("repairs-on-time: 91", "tenant-survey: {value: 85, population: 0}")},
         P, 4, 42, "out-of-range", "'population' in the result for 'tenant-survey' should be 1 or more"),
    case("population-not-whole",
         {P: results("repairs-on-time: 91", "tenant-survey: {value: 85, responses: 400, population: 7271.5}")},
         P, 4, 58, "not-whole-number", "'population' in the result for 'tenant-survey' should be a whole number"),
    case("homes-zero", {P: results("asb-rate: {count: 3, homes: 0}")}, P, 3, 31, "out-of-range",
         "'homes' in the result for 'asb-rate' should be 1 or more, but '0' is given."),
    case("count-of-on-count-unit", {P: results("repairs-done: {count: 3, of: 10}")}, P, 3, 28, "result-form",
         "'count' with 'of' is for unit percent, but figure 'repairs-done' has unit 'count'"),
    case("count-homes-on-percent", {P: results("repairs-on-time: {count: 3, homes: 1000}")}, P, 3, 31,
         "result-form", "'count' with 'homes' is for unit per_1000_homes"),
    case("value-disagrees", {P: results("repairs-on-time: {value: 93.5, count: 661, of: 708}")}, P, 3, 21,
         "value-disagrees", "93.36"),
    case("missing-and-value", {P: results('repairs-on-time: {missing: "Not collected", value: 90}')}, P, 3, 47,
         "result-form", "both 'missing' and 'value'"),
    case("missing-empty", {P: results("repairs-on-time:", "  missing:")}, P, 4, 13, "wrong-type", "empty"),
    case("result-blank", {P: results("repairs-on-time:")}, P, 3, 3, "empty-result",
         "'repairs-on-time' is empty, in a period that is not a draft. After the colon, write the figure or "
         "{missing: \"the reason\"}, or remove the line; while the figures are still being filled in, add "
         "'draft: true' to the file."),
    case("result-null", {P: results("repairs-on-time: ~")}, P, 3, 3, "empty-result", "'repairs-on-time' is empty"),
    case("result-blank-draft-false", {P: "period: 2021-22\ndraft: false\nresults:\n  repairs-on-time:\n"}, P, 4, 3,
         "empty-result", "'repairs-on-time' is empty"),
    case("result-without-value", {P: results("repairs-on-time: {note: Estimated}")}, P, 3, 20, "missing-key",
         "no 'value'"),
    case("responses-zero", {P: results("tenant-survey: {value: 85, responses: 0}")}, P, 3, 41, "out-of-range",
         "'responses'"),
    # -- targets ----------------------------------------------------------------------------------
    case("target-and-targets",
         {R: area(*STD, "    unit: percent", "    target: {at_least: 90}", "    targets:",
                  "      - {from: 2021-22, at_least: 92}")}, R, 7, 5, "target-and-targets", "both 'target' and 'targets'"),
    case("target-both-ways", {R: area(*STD, "    unit: percent", "    target: {at_least: 90, at_most: 95}")},
         R, 6, 13, "target-form", "both 'at_least' and 'at_most'"),
    case("target-neither", {R: area(*STD, "    unit: percent", "    target: {}")}, R, 6, 13, "target-form",
         "neither 'at_least' nor 'at_most'"),
    case("target-bare-number", {R: area(*STD, "    unit: percent", "    target: 90")}, R, 6, 13, "target-form",
         "{at_least: 90}"),
    case("targets-out-of-order",
         {R: area(*STD, "    unit: percent", "    targets:", "      - {from: 2022-23, at_least: 92}",
                  "      - {from: 2021-22, at_least: 90}")}, R, 8, 16, "targets-order", "not in time order"),
    case("targets-repeated-start",
         {R: area(*STD, "    unit: percent", "    targets:", "      - {from: 2021-22, at_least: 92}",
                  "      - {from: 2021/22, at_least: 90}")}, R, 8, 16, "targets-order", "same time"),
    case("targets-both-ways",
         {R: area(*STD, "    unit: percent", "    targets:", "      - {from: 2021-22, at_least: 92}",
                  "      - {from: 2022-23, at_most: 95}")}, R, 8, 9, "targets-direction", "both ways"),
    case("targets-without-from",
         {R: area(*STD, "    unit: percent", "    targets:", "      - {at_least: 92}")}, R, 7, 9, "missing-key",
         "'from'"),
    case("target-without-unit", {R: area(*STD, "    target: {at_least: 90}")}, R, 5, 5, "target-without-unit",
         "no 'unit'"),
    case("value-without-unit", {P: results("staff-show-id: 1")}, P, 3, 18, "value-without-unit", "has no unit"),
    case("score-without-out-of", {R: area(*STD, "    unit: score")}, R, 5, 5, "out-of-needed", "no 'out_of'"),
    case("out-of-on-percent", {R: area(*STD, "    unit: percent", "    out_of: 10")}, R, 6, 5, "out-of-needed",
         "only used with unit score"),
    # -- retired ----------------------------------------------------------------------------------
    case("result-in-retired-year",
         {"performance/2022-23.yaml": results("tenant-survey: {value: 85, responses: 400}", period="2022-23")},
         "performance/2022-23.yaml", 3, 3, "after-retired", "retired from 2022-23"),
    case("result-in-retired-quarter",
         {"performance/q1.yaml": results("tenant-survey: {value: 85, responses: 400}", period="2022-23 Q1")},
         "performance/q1.yaml", 3, 3, "after-retired", "cannot have a result for 2022-23 Q1"),
    # -- commentary and benchmarks ----------------------------------------------------------------
    case("commentary-unknown-area", {P: PERIOD + "commentary:\n  repair: Good year.\n"}, P, 5, 3, "unknown-area",
         "Did you mean 'repairs'?"),
    case("benchmark-unknown-id",
         {P: PERIOD + "benchmarks:\n  source: Housemark\n  values:\n    repairs-in-time: {median: 90}\n"},
         P, 7, 5, "unknown-id", "Did you mean 'repairs-on-time'?"),
    case("benchmark-quartiles-out-of-order",
         {P: PERIOD + "benchmarks:\n  source: Housemark\n  values:\n    repairs-on-time: {lower_quartile: 93, median: 90}\n"},
         P, 7, 5, "quartiles-out-of-order", "'lower_quartile' 93 is above 'median' 90"),
    case("benchmark-group-twice",
         {P: PERIOD + "benchmarks:\n  - group: All landlords\n    source: Housemark\n"
          "  - group: All landlords\n    source: Housemark 2\n"},
         P, 7, 5, "duplicate-benchmark-group", "two benchmark groups named 'All landlords'"),
    case("benchmarks-without-source",
         {P: PERIOD + "benchmarks:\n  values:\n    repairs-on-time: {median: 90}\n"}, P, 5, 3, "missing-key",
         "'source'"),
    # -- mkdocs.yml ----------------------------------------------------------------------------------
    case("year-starts-january", {}, "mkdocs.yml", 5, 20, "invalid-choice", "January",
         config=plugin("organisation: Test Homes", "year_starts: January")),
    case("year-starts-unknown", {}, "mkdocs.yml", 5, 20, "invalid-choice", "Did you mean 'september'?",
         config=plugin("organisation: Test Homes", "year_starts: Setpember")),
    case("logo-outside", {}, "mkdocs.yml", 5, 13, "config-path", "outside the project",
         config=None, setup=_logo_outside),
    case("logo-missing", {}, "mkdocs.yml", 5, 13, "config-path", "does not exist",
         config=plugin("organisation: Test Homes", "logo: assets/logo.svg")),
    case("no-standards-plugin", {}, "mkdocs.yml", 2, 1, "config-no-plugin", "'standards' plugin",
         config="site_name: Test Homes\nplugins:\n  - search\n"),
    case("inherit-missing", {}, "mkdocs.yml", 1, 10, "config-inherit", "'base.yml'",
         config="INHERIT: base.yml\nsite_name: Test Homes\n"),
    case("config-syntax", {}, "mkdocs.yml", 4, 25, "yaml-syntax", "put the whole value in quotes",
         config=plugin("organisation: Test: Homes")),
    # -- more of each kind ----------------------------------------------------------------------------
    case("yaml-colon-without-space", {R: area(*STD, "    unit:percent", "    target: {at_least: 90}")},
         R, 5, 9, "yaml-syntax", "The colon here has no space after it"),
    case("yaml-flow-missing-comma", {P: results("repairs-on-time: {count: 661 of: 708}")}, P, 3, 20, "yaml-syntax",
         "not separated by commas"),
    case("yaml-deep-block-lists", {R: "area: Repairs\nsummary:\n  " + "- " * 60 + "x\n"}, R, 3, None,
         "yaml-too-deep", "nested"),
    case("utf16-without-bom", {P: PERIOD.encode("utf-16-le")}, P, 1, 1, "file-binary", "byte-order mark"),
    case("cp1252-curly-quote", {R: area(*STD, "    promise: We \u201cfix it\u201d").encode("cp1252")}, R, 5, 17,
         "file-encoding", "0x93"),
    case("utf16-broken", {P: b"\xff\xfe" + "period: 2021-22\n".encode("utf-16-le") + b"\x00\xd8a"}, P, 2, 1,
         "file-encoding", "UTF-16"),
    case("yaml-list-after-key", {R: "area: Repairs\nstandards: - id: repairs-on-time\n"}, R, 2, 12, "yaml-syntax",
         "Start the list on the next line"),
    case("not-a-mapping", {R: "- Repairs\n- Lettings\n"}, R, 1, 1, "wrong-type",
         "A standards file should be a mapping of keys and values, but a list is given."),
    case("area-blank", {R: "area:\nstandards:\n"}, R, 1, 6, "wrong-type", "'area' is empty"),
    case("published-day-first", {P: "period: 2021-22\npublished: 30/06/2022\nresults: {}\n"}, P, 2, 12,
         "invalid-date", "2022-06-30"),
    case("published-arabic-indic-digits", {P: "period: 2021-22\npublished: \u0662\u0660\u0662\u0662-06-30\nresults: {}\n"},
         P, 2, 12, "invalid-date", "Write the date with the digits 0 to 9: 2022-06-30."),
    case("period-full-width-digits", {P: "period: \uff12\uff10\uff12\uff11-22\nresults: {}\n"}, P, 1, 9,
         "invalid-period", "Write the period with the digits 0 to 9: '2021-22'."),
    case("title-escape-character", {R: area(STD[0], '    title: "\\e[31mRepairs"')}, R, 4, 12, "control-character",
         "contains the control character U+001B (ESCAPE)"),
    case("draft-quoted", {P: "period: 2021-22\ndraft: 'true'\nresults: {}\n"}, P, 2, 8, "wrong-type",
         "Remove the quotes: true."),
    case("better-misspelt",
         {R: "area: Repairs\nfigures:\n  - id: repairs-done\n    title: Repairs\n    unit: count\n    better: hihger\n"},
         R, 6, 13, "invalid-choice", "Did you mean 'higher'?"),
    case("basis-unknown", {R: area(*STD, "    basis: ytd")}, R, 5, 12, "invalid-choice",
         "is 'ytd', but it should be one of: period, year_to_date, snapshot"),
    case("id-a-number", {R: area("  - id: 123", STD[1])}, R, 3, 9, "invalid-id", "start with a letter"),
    case("id-twice-in-one-file", {R: area(*STD, "    unit: percent", *STD, "    unit: count")}, R, 6, 9,
         "duplicate-id", "already used"),
    case("area-in-two-files", {"standards/repairs.yml": AREA}, "standards/repairs.yml", 1, 1, "duplicate-id",
         "Two files define the area 'repairs'"),
    case("tolerance-percent-sign", {R: area(*STD, "    unit: percent", "    target: {at_least: 90}",
                                            "    tolerance: 5%")}, R, 7, 16, "number-format", "without the % sign"),
    case("out-of-zero", {R: area(*STD, "    unit: score", "    out_of: 0")}, R, 6, 13, "out-of-range",
         "should be above 0, but '0' is given"),
    case("score-target-over-out-of",
         {R: area(*STD, "    unit: score", "    out_of: 10", "    target: {at_least: 11}")}, R, 7, 24,
         "out-of-range", "from 0 to 10"),
    case("targets-not-a-list", {R: area(*STD, "    unit: percent", "    targets: 90")}, R, 6, 14, "wrong-type",
         "'targets' of standard 'repairs-on-time' should be a list, each with 'from:', but '90' is given."),
    case("count-without-of", {P: results("repairs-on-time: {count: 661}")}, P, 3, 20, "result-form",
         "has no 'of' or 'homes'"),
    case("of-and-homes", {P: results("repairs-on-time: {count: 3, of: 10, homes: 1000}")}, P, 3, 39,
         "result-form", "both 'of' and 'homes'"),
    case("count-negative-of", {P: results("repairs-on-time: {count: -1, of: 10}")}, P, 3, 28, "out-of-range",
         "should be 0 or more, but '-1' is given"),
    case("count-not-whole-of", {P: results("repairs-on-time: {count: 3.5, of: 10}")}, P, 3, 28,
         "not-whole-number", "'3.5'"),
    case("homes-value-disagrees", {P: results("asb-rate: {value: 5, count: 3, homes: 1000}")}, P, 3, 14,
         "value-disagrees", "has 'value' 5, but its count gives 3"),
    case("responses-not-whole", {P: results("tenant-survey: {value: 85, responses: 12.5}")}, P, 3, 41,
         "not-whole-number", "'12.5'"),
    case("benchmark-out-of-range",
         {P: PERIOD + "benchmarks:\n  source: Housemark\n  values:\n    repairs-on-time: {median: 120}\n"},
         P, 7, 31, "out-of-range", "'median' of the benchmark for 'repairs-on-time' is '120'"),
    case("benchmark-unknown-quartile",
         {P: PERIOD + "benchmarks:\n  source: Housemark\n  values:\n    repairs-on-time: {mediam: 90}\n"},
         P, 7, 23, "unknown-key", "Did you mean 'median'?"),
    case("commentary-blank", {P: PERIOD + "commentary:\n  repairs:\n"}, P, 5, 3, "empty-result",
         "The commentary for 'repairs' is empty, in a period that is not a draft."),
    case("commentary-blank-text", {P: PERIOD + "commentary:\n  repairs: ''\n"}, P, 5, 12, "wrong-type", "is empty"),
    case("result-for-area-id", {P: results("repairs: 91")}, P, 3, 3, "unknown-id", "no standard or figure"),
    case("organisation-blank", {}, "mkdocs.yml", 4, 20, "wrong-type", "'organisation' is empty",
         config=plugin("organisation:")),
    case("contact-unknown-key", {}, "mkdocs.yml", 6, 9, "unknown-key", "Did you mean 'phone'?",
         config=plugin("organisation: Test Homes", "contact:", "  phon: 0300 000 0000")),
    case("organization-spelling", {}, "mkdocs.yml", 4, 7, "unknown-key", "Did you mean 'organisation'?",
         config=plugin("organization: Test Homes")),
    case("year-starts-number", {}, "mkdocs.yml", 5, 20, "invalid-choice", "but '4' is given. Write the month's name",
         config=plugin("organisation: Test Homes", "year_starts: 4")),
    case("plugin-duplicate-key", {}, "mkdocs.yml", 5, 7, "duplicate-key", "'organisation' appears twice",
         config=plugin("organisation: Test Homes", "organisation: Other Homes")),
    case("inherit-loop", {"base.yml": "INHERIT: mkdocs.yml\nsite_name: Base\n"}, "base.yml", 1, 10,
         "config-inherit", "in a loop", config="INHERIT: base.yml\nsite_name: Test Homes\n"),
    case("config-empty", {}, "mkdocs.yml", 1, 1, "file-empty", "empty", config=""),
    case("config-latin1", {}, "mkdocs.yml", 1, 26, "file-encoding", "0xA3",
         config=None, setup=lambda root: (root / "mkdocs.yml").write_bytes(
             b"site_name: Homes for all \xa3\nplugins:\n  - standards:\n      organisation: Test Homes\n")),
    case("control-character", {P: results("repairs-on-time: 9\x071")}, P, 3, 21, "yaml-syntax",
         "hidden control character (code 0x07)"),
    case("zero-byte-late-in-file", {P: PERIOD + ("# " + "x" * 98 + "\n") * 90 + "  \x00\n"}, P, 94, 3,
         "yaml-syntax", "hidden control character (code 0x00)"),
    case("period-past-year-9999", {P: results("repairs-on-time: 91", period="9999-00 Q4")}, P, 1, 9,
         "invalid-period", "between the years 1900 and 9998"),
    case("target-from-past-year-9999",
         {R: area(*STD, "    unit: percent", "    targets:", "      - {from: 9999/00 Q4, at_least: 90}")},
         R, 7, 16, "invalid-period", "between the years 1900 and 9998"),
    case("period-before-1900", {P: results("repairs-on-time: 91", period="1899-00")}, P, 1, 9,
         "invalid-period", "between the years 1900 and 9998"),
    case("of-without-count", {P: results("repairs-on-time: {of: 708}")}, P, 3, 20, "result-form",
         "has 'of' but no 'count'"),
    case("unit-a-list", {R: area(*STD, "    unit: [percent]")}, R, 5, 11, "unknown-unit", "Use one of: percent"),
    case("brand-colour-too-light", {}, "mkdocs.yml", 5, 21, "config-colour", "is too light for white text on it",
         config=plugin("organisation: Test Homes", "brand_colour: '#7fbfff'")),
    case("contact-web-javascript", {}, "mkdocs.yml", 6, 14, "config-contact-link", "cannot be a link",
         config=plugin("organisation: Test Homes", "contact:", '  web: "javascript:alert(document.domain)//"')),
    case("brand-colour-not-hex", {}, "mkdocs.yml", 5, 21, "invalid-choice", "should be a colour written in hex",
         config=plugin("organisation: Test Homes", "brand_colour: teal")),
    case("lang-not-a-tag", {}, "mkdocs.yml", 5, 13, "invalid-choice", "should be a language tag",
         config=plugin("organisation: Test Homes", "lang: British English")),
    case("templates-folder-missing", {}, "mkdocs.yml", 5, 18, "config-path", "does not exist",
         config=plugin("organisation: Test Homes", "templates: my_templates")),
    case("templates-outside", {}, "mkdocs.yml", 5, 18, "config-path", "outside the project",
         config=plugin("organisation: Test Homes", "templates: ../elsewhere")),
    case("logo-is-a-folder", {}, "mkdocs.yml", 5, 13, "config-path", "is a folder, not a file",
         config=plugin("organisation: Test Homes", "logo: standards")),
    case("logo-not-a-picture", {"logo.png": "not a picture\n"}, "mkdocs.yml", 5, 13, "config-logo",
         "it is not a picture", config=plugin("organisation: Test Homes", "logo: logo.png")),
    case("printer-profile-not-icc", {"printer.icc": "hello\n"}, "mkdocs.yml", 6, 26, "config-profile",
         "it is not an ICC colour profile",
         config=plugin("organisation: Test Homes", "newsletter:", "  printer_profile: printer.icc")),
    case("template-syntax", {"mine/pages/home.md.j2": "# Home\n{{ results }\n"}, "mine/pages/home.md.j2", 2, 1,
         "config-template", "could not be used", config=plugin("organisation: Test Homes", "templates: mine")),
    # -- files on disk ----------------------------------------------------------------------------
    case("directory-named-yaml", {}, "standards/x.yaml", 1, 1, "file-unreadable", "a folder",
         setup=_directory_named_like_data),
    case("symlink-outside", {}, "standards/linked.yaml", 1, 1, "file-unreadable", "outside the project",
         setup=_link_outside),
    case("no-standards-folder", {}, "mkdocs.yml", 1, 1, "file-unreadable", "no 'standards' folder",
         setup=lambda root: _remove_folder(root, "standards")),
    case("performance-is-a-file", {}, "performance", 1, 1, "file-unreadable", "should be a folder",
         setup=lambda root: _remove_folder(root, "performance").write_text("2021-22: 91\n")),
    case("plugin-settings-not-indented", {}, "mkdocs.yml", 4, 5, "unknown-key", "is not indented under 'standards:'",
         config="site_name: Test Homes\nplugins:\n  - standards:\n    organisation: Test Homes\n"),
    case("file-over-5mb", {}, "performance/huge.yaml", 1, 1, "file-too-large", "over the limit of 5 MB", setup=_large_file),
]


def build(make_project, c: Case) -> Path:
    files = dict(BASE)
    if R in c.files and P not in c.files:
        files[P] = NO_RESULTS  # an area case is about the area file alone
    for name, content in c.files.items():
        if content is None:
            files.pop(name, None)
        else:
            files[name] = content
    root = make_project(files=files, config=c.config)
    if c.setup is not None:
        c.setup(root)
    return root


def test_enough_cases():
    assert len({c.id for c in CASES}) == len(CASES) >= 70


# Found by another command than `standards check`, and tested with it.
OTHER_COMMANDS = {"newsletter-too-long": "tests/test_newsletter.py", "template-unsafe": "tests/test_security.py",
                  "config-site-dir": "tests/test_outputs.py", "cannot-write": "tests/test_interrupts.py",
                  # Tenant Satisfaction Measures need a project with `tsm:` in mkdocs.yml: tested with one
                  **{code: "tests/test_tsm.py" for code in ("tsm-tenure", "tsm-link", "tsm-off", "tsm-missing")},
                  **{code: "tests/test_import_read.py" for code in CODES if code.startswith("import-")},
                  # the regulator's dataset needs a workbook: tested with small hand-made ones and the real file
                  **{code: "tests/test_peers_read.py" for code in CODES if code.startswith("peers-")},
                  # action plans need a plan file beside the period files: tested as tables there
                  **{code: "tests/test_actions.py and guide/errors.md's examples (tests/test_docs_examples.py)"
                     for code in ("invalid-plan-id", "ambiguous-date", "unknown-objective", "action-unknown",
                                  "action-reason", "action-done-date", "action-backwards", "action-disappeared")}}


def test_every_error_code_has_a_case():
    errors = {code for code, entry in CODES.items() if entry.severity == "error"}
    assert errors - {c.code for c in CASES} - set(OTHER_COMMANDS) == set()
    warnings = {code for code, entry in CODES.items() if entry.severity == "warning"}
    assert warnings - set(OTHER_COMMANDS) == {p.values[1][3] for p in WARNINGS}


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_broken_input(make_project, c: Case):
    root = build(make_project, c)
    before = tree_digest(root)

    run = run_standards("check", "--json", cwd=root)
    assert run.exit_code == 1, run.text
    assert "unexpected problem" not in run.stderr  # the CLI's last-resort apology for a crash
    document = run.json
    matches = [
        e for e in document["errors"]
        if e["file"] == c.file and e["line"] == c.line and (c.column is None or e["column"] == c.column)
        and e["code"] == c.code
    ]
    assert matches, f"no {c.code} at {c.file}:{c.line}:{c.column}; errors were:\n" + "\n".join(
        f"  {e['file']}:{e['line']}:{e['column']} {e['code']}: {e['message']}" for e in document["errors"])
    assert any(c.words in e["message"] for e in matches), [e["message"] for e in matches]
    for error in document["errors"]:
        assert error["severity"] == "error"
        assert error["message"].rstrip().endswith((".", "?")), error
    # one mistake, one place: nothing else is reported as a knock-on effect
    assert {e["file"] for e in document["errors"]} == {c.file}, document["errors"]

    text = run_standards("check", cwd=root)
    assert text.exit_code == 1
    pattern = re.escape(f"{c.file}:{c.line}:") + (re.escape(f"{c.column}:") if c.column else r"\d+:") + " error:"
    assert re.search(pattern, text.text), text.text
    assert text.text.rstrip().splitlines()[-1].startswith("Found"), text.text
    assert "Traceback" not in text.text

    assert tree_digest(root) == before


# -- several errors at once: every one is reported, and counted ---------------------------------

MULTI = [
    pytest.param(
        {
            R: area(*STD, "    unit: percentage", "    target: {at_least: 90}"),
            "standards/lettings.yaml": "area: Lettings\nstandards:\n  - id: Lets\n    title: Homes let\n",
            P: results("repairs-on-time: 95%", "lets-made: 12"),
        },
        [(R, 5, "unknown-unit"), ("standards/lettings.yaml", 3, "invalid-id"), (P, 3, "number-format"),
         (P, 4, "unknown-id")],
        "Found 4 errors in 3 files",
        id="errors-in-three-files",
    ),
    pytest.param(
        {
            P: "period: 2021-23\npublished: 30/06/2022\nresults:\n  repairs-on-time: 91\n",
            "performance/2020-21.yaml": results("repairs-on-time: 101", "repairs-done: -1", period="2020-21"),
        },
        [(P, 1, "invalid-period"), (P, 2, "invalid-date"), ("performance/2020-21.yaml", 3, "out-of-range"),
         ("performance/2020-21.yaml", 4, "out-of-range")],
        "Found 4 errors in 2 files",
        id="errors-in-two-period-files",
    ),
    pytest.param(
        {
            R: area(*STD, "    unit: percent", "    unit: count", "    titel: x"),
            P: "period: 2021-22\nresults:\n  repairs-on-time: 91\n  repairs-on-time: 92\n",
        },
        [(R, 6, "duplicate-key"), (R, 7, "unknown-key"), (P, 4, "duplicate-key")],
        "Found 3 errors in 2 files",
        id="duplicates-and-unknown-keys",
    ),
    pytest.param(
        {
            R: FULL_AREA.replace("title: Repairs completed", 'title: "Repairs completed'),
            P: FULL_PERIOD + "  repairs-done: 120\n  asb-rate: {count: 3, homes: 1000}\ncommentary:\n  repairs: Good.\n"
            "benchmarks:\n  source: Housemark\n  values:\n    repair-days: {median: 4}\n",
        },
        [(R, 17, "yaml-syntax")],  # results, commentary and benchmarks for its ids are not errors too
        "Found 1 error in 1 file",
        id="broken-area-file-has-no-knock-on-errors",
    ),
    pytest.param(
        {R: FULL_AREA.replace("    unit: count\n", "    unit: counts\n"), P: results("repairs-done: 12")},
        [(R, 18, "unknown-unit")],  # the figure has an error; its result is not also 'unknown'
        "Found 1 error in 1 file",
        id="broken-figure-has-no-knock-on-errors",
    ),
    pytest.param(
        {R: area(*STD, "    target: {at_least: 90}"), P: results("repairs-on-time: 91")},
        [(R, 5, "target-without-unit")],  # its result is not also 'a value without a unit'
        "Found 1 error in 1 file",
        id="target-without-unit-has-no-knock-on-errors",
    ),
]


@pytest.mark.parametrize("files, expected, summary", MULTI)
def test_several_errors_are_all_reported(make_project, files, expected, summary):
    merged = {**BASE, **files}
    root = make_project(files=merged)
    before = tree_digest(root)
    run = run_standards("check", "--json", cwd=root)
    assert run.exit_code == 1
    found = [(e["file"], e["line"], e["code"]) for e in run.json["errors"]]
    assert sorted(found) == sorted(expected), found
    text = run_standards("check", cwd=root)
    assert text.exit_code == 1
    for file, line, code in expected:
        assert re.search(re.escape(f"{file}:{line}:") + r"\d+: error:", text.text)
    assert text.text.rstrip().splitlines()[-1].startswith(summary), text.text
    assert tree_digest(root) == before


# -- warnings -----------------------------------------------------------------------------------

WARNINGS = [
    pytest.param(
        {
            "performance/2020-21.yaml": results("repairs-on-time: 90", period="2020-21"),
            P: "period: 2021-22\nresults:\n  repairs-done: 100\n",
            "performance/2022-23.yaml": results("repairs-on-time: 93", period="2022-23"),
        },
        (P, 2, 1, "gap", "no result for 2021-22"),
        id="gap",
    ),
    pytest.param(
        {
            R: FULL_AREA.replace("  - id: staff-show-id\n",
                                 "  - id: gas-checks\n    title: Gas checks\n    unit: percent\n"
                                 "    target: {at_least: 100}\n  - id: staff-show-id\n"),
        },
        (R, 7, 9, "never-reported", "'gas-checks'"),
        id="never-reported",
    ),
    pytest.param(
        {P: results("repairs-on-time: 91", "tenant-survey: 85")},
        (P, 4, 18, "survey-sample", "how many tenants answered"),
        id="survey-without-responses",
    ),
    pytest.param(
        {P: results("repairs-on-time: 91", "tenant-survey: {value: 85, note: Postal survey}")},
        (P, 4, 18, "survey-sample", "how many tenants answered"),
        id="survey-mapping-without-responses",
    ),
    pytest.param(  # 7,271 homes: the +-4 band needs 554 (Golding's figure, TSM.md section 3)
        {P: results("repairs-on-time: 91", "tenant-survey: {value: 85, responses: 480, population: 7271}")},
        (P, 4, 18, "survey-sample-short", "has 480 responses, fewer than the 554 the regulator's accuracy rule "
                                          "needs for a population of 7,271."),
        id="survey-sample-short",
    ),
    pytest.param(
        {P: results("repairs-on-time: {value: 91, note: 维修 on time}")},
        (P, 3, 38, "character-not-in-font", "'维' (U+7EF4), '修' (U+4FEE)"),
        id="note-in-chinese",
    ),
    pytest.param(
        {"standards/lettings.YAML": AREA.replace("repairs-on-time", "lets-on-time")},
        ("standards/lettings.YAML", 1, 1, "data-file-name", "Rename it to 'lettings.yaml'."),
        id="data-file-in-capitals",
    ),
    pytest.param(
        {"mkdocs.yml": "site_name: Test Homes\nplugins:\n  - standards:\n      organisation: Test Homes\n"},
        ("mkdocs.yml", 4, 7, "no-contact", "cannot say how to reach you"),
        id="no-contact",
    ),
    pytest.param(
        {"mkdocs.yml": "site_name: Test Homes\nplugins:\n  - standards:\n      organisation: Test Homes\n"
                       "      contact: {}\n"},
        ("mkdocs.yml", 5, 16, "no-contact", "cannot say how to reach you"),
        id="contact-with-no-details",
    ),
    pytest.param(
        {"mkdocs.yml": plugin("organisation: Test Homes", "contact:", '  phone: "[your phone number]"')},
        ("mkdocs.yml", 6, 16, "contact-placeholder",
         "The contact 'phone' in mkdocs.yml is still the placeholder '[your phone number]', so it is left off the "
         "pages and newsletters until you fill it in. Write your phone number in its place, like "
         "phone: 0300 000 0000, or remove the line."),
        id="contact-placeholder",
    ),
    pytest.param(
        {"mkdocs.yml": plugin("organisation: Test Homes", "contact:", '  email: " [your email address] "')},
        ("mkdocs.yml", 6, 16, "contact-placeholder", "placeholder '[your email address]'"),
        id="contact-placeholder-email-is-not-also-a-bad-link",
    ),
    pytest.param(
        {P: "period: 2021-22\ndraft: true\nresults:\n  repairs-on-time:\n  tenant-survey: {value: 85, responses: 400}\n"},
        (P, 4, 3, "not-filled-in", "'repairs-on-time' is not filled in yet. After the colon, write the figure or "
                                   "{missing: \"the reason\"}, or remove the line."),
        id="draft-result-not-filled-in",
    ),
    pytest.param(
        {P: "period: 2021-22\ndraft: true\nresults:\n  repairs-on-time: ~\n  tenant-survey: {value: 85, responses: 400}\n"},
        (P, 4, 3, "not-filled-in", "'repairs-on-time' is not filled in yet."),
        id="draft-result-null",
    ),
    pytest.param(
        {P: "period: 2021-22\ndraft: true\nresults:\n  repairs-on-time: 91\n  tenant-survey: {value: 85, responses: 400}\n"
            "commentary:\n  repairs:\n"},
        (P, 7, 3, "not-filled-in", "The commentary for 'repairs' is not filled in yet."),
        id="draft-commentary-not-filled-in",
    ),
    pytest.param(
        {"mkdocs.yml": plugin("organisation: Test Homes", "contact: {phone: 0300 000 0000}", "tsm: {tenures: [lcra]}"),
         "performance/2024-25.yaml": "period: 2024-25\nresults:\n  repairs-on-time: 91\ntsm:\n  results:\n"
                                     "    TP01: {value: 71.0, responses: 420}\n"},
        ("performance/2024-25.yaml", 4, 1, "tsm-incomplete", "The Tenant Satisfaction Measures of 2024-25 are not "
         "complete: 39 things missing, such as: TP02 is missing."),
        id="tsm-year-incomplete",
    ),
]


@pytest.mark.parametrize("files, expected", WARNINGS)
def test_warnings(make_project, files, expected):
    file, line, column, code, words = expected
    root = make_project(files={**BASE, **files})
    before = tree_digest(root)

    run = run_standards("check", "--json", cwd=root)
    assert run.exit_code == 0, run.text
    document = run.json
    assert document["errors"] == []
    matches = [w for w in document["warnings"]
               if (w["file"], w["line"], w["column"], w["code"]) == (file, line, column, code)]
    assert matches, document["warnings"]
    assert words in matches[0]["message"]
    assert matches[0]["severity"] == "warning"

    strict = run_standards("check", "--json", "--strict", cwd=root)
    assert strict.exit_code == 1
    assert strict.json["warnings"] == document["warnings"]

    text = run_standards("check", cwd=root)
    assert text.exit_code == 0
    assert f"{file}:{line}:{column}: warning:" in text.text
    assert run_standards("check", "--strict", cwd=root).exit_code == 1
    assert tree_digest(root) == before


def test_no_series_warnings_when_a_performance_file_cannot_be_read(make_project):
    """Whether a standard has a gap is unknown while one period file is unreadable: say only the error."""
    root = make_project({
        "standards/repairs.yaml": AREA,
        "performance/2021-22.yaml": PERIOD,
        "performance/2022-23.yaml": "period: 2022-23\nresults:\n  repairs-on-time: [91\n",
        "performance/2023-24.yaml": "period: 2023-24\nresults: {}\n",
    })
    document = run_standards("check", "--json", cwd=root).json
    assert [e["file"] for e in document["errors"]] == ["performance/2022-23.yaml"]
    assert document["warnings"] == []
