"""Tenant Satisfaction Measures: the catalogue, the settings, links, a year's results by part and
tenure, and `standards check --tsm YEAR` (everything a year still lacks, each at its place).

tests/data/tsm/ holds a small landlord's complete 2024-25 (800 rented homes, 200 shared owners, one
standard linked to TP02); each case below breaks one thing of it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.assess.tsm import required_sample
from generator.registry.periods import parse_period
from generator.registry.tsm import CATALOGUES, SURVEY_ITEMS, accuracy_for, catalogue_for

from .conftest import run_standards

DATA = Path(__file__).parent / "data" / "tsm"
CONFIG = (DATA / "mkdocs.yml").read_text(encoding="utf-8")
STANDARDS = (DATA / "repairs.yaml").read_text(encoding="utf-8")
YEAR = (DATA / "2024-25.yaml").read_text(encoding="utf-8")
FILE = "performance/2024-25.yaml"


def project(make_project, year: str = YEAR, config: str = CONFIG, standards: str = STANDARDS,
            other: dict[str, str] | None = None) -> Path:
    files = {"standards/repairs.yaml": standards, FILE: year, **(other or {})}
    return make_project(files, config)


def problems(run) -> list[tuple[str, str, str]]:
    document = run.json
    return [(f"{p['file']}:{p['line']}:{p['column']}", p["code"], p["message"])
            for p in document["errors"] + document["warnings"]]


# -- the catalogue ---------------------------------------------------------------------------------


def test_catalogue_has_22_measures_and_26_columns():
    catalogue = CATALOGUES[2023]
    assert len(catalogue.measures) == 22
    assert [c.name for c in catalogue.columns] == [
        "TP01", "TP02", "TP03", "TP04", "TP05", "TP06", "TP07", "TP08", "TP09", "TP10", "TP11", "TP12",
        "RP01", "RP02_1", "RP02_2", "BS01", "BS02", "BS03", "BS04", "BS05",
        "CH01_1", "CH01_2", "CH02_1", "CH02_2", "NM01_1", "NM01_2"]


@pytest.mark.parametrize("code, unit, better, tenures, survey", [
    ("TP01", "percent", "higher", ("lcra", "lcho"), True),
    ("TP02", "percent", "higher", ("lcra",), True),
    ("TP04", "percent", "higher", ("lcra",), True),
    ("TP05", "percent", "higher", ("lcra", "lcho"), True),
    ("RP01", "percent", "lower", ("lcra",), False),
    ("RP02", "percent", "higher", ("lcra",), False),
    ("BS05", "percent", "higher", ("combined",), False),
    ("CH01", "per_1000_homes", None, ("lcra", "lcho"), False),
    ("CH02", "percent", "higher", ("lcra", "lcho"), False),
    ("NM01", "per_1000_homes", None, ("combined",), False),
])
def test_measures(code, unit, better, tenures, survey):
    measure = CATALOGUES[2023].measure(code)
    assert (measure.unit, measure.better, measure.tenures, measure.survey) == (unit, better, tenures, survey)
    assert measure.form == ("rate" if unit == "per_1000_homes" else "proportion")


@pytest.mark.parametrize("year, first, method_changes", [
    ("2022-23", None, None), ("2023-24", 2023, False), ("2024-25", 2023, False), ("2025-26", 2025, True),
    ("2030-31", 2025, True), ("2024-25 Q2", 2023, False), ("2024", None, None),
])
def test_catalogue_for_a_year(year, first, method_changes):
    catalogue = catalogue_for(parse_period(year))
    assert (catalogue.first_year if catalogue else None) == first
    assert (catalogue.requires_method_changes if catalogue else None) == method_changes


def test_survey_items_are_a_to_k():
    assert "".join(i.letter for i in SURVEY_ITEMS) == "abcdefghijk"
    assert [i.key for i in SURVEY_ITEMS if i.when_short] == ["sample_shortfall"]


@pytest.mark.parametrize("population, margin, needed", [
    (200, 5, 132), (800, 5, 260), (2499, 5, 333), (2500, 4, 484), (7271, 4, 554), (12240, 3, 982),
    (34460, 2, 2245),
])
def test_required_sample(population, margin, needed):
    # worked by hand: n0 = 1.96² x 0.25 / e², n = n0 / (1 + n0 / N); 800 at ±5: 384.16 / 1.4802 = 259.5
    assert accuracy_for(population) == Decimal(margin)
    assert required_sample(population) == needed


# -- check --tsm on a complete year and on years that lack something --------------------------------


def test_complete_year(make_project):
    root = project(make_project)
    run = run_standards("check", "--tsm", "2024-25", cwd=root)
    assert run.exit_code == 0, run.text
    assert run.output.endswith("The Tenant Satisfaction Measures of 2024-25 are complete: every measure, part, "
                               "tenure and note they are published with is given.\n")
    assert run_standards("check", "--tsm", "2024-25", "--json", cwd=root).json["errors"] == []
    assert problems(run_standards("check", "--json", cwd=root)) == []


AT_TSM = f"{FILE}:4:1"  # the `tsm:` key
AT_RESULTS, AT_SURVEY, AT_TIMESCALES = f"{FILE}:5:3", f"{FILE}:31:3", f"{FILE}:42:3"  # its keys


@pytest.mark.parametrize("change, expected", [
    pytest.param(("    RP02_2: {count: 390, of: 400}\n", ""),
                 [(AT_RESULTS, "tsm-missing", "RP02_2 is missing. Add 'RP02_2: ...' under 'tsm: results:' (Repairs completed within target "
                   "timescale: Emergency repairs), or link the standard that measures it; if there is no figure, give {missing: "
                   "\"the reason\"}.")], id="a part"),
    pytest.param(("lcho: {value: 61.2, responses: 140}", "lcho: {missing: \"Not surveyed\"}"), [], id="a reason"),
    pytest.param((", lcho: {value: 65.0, responses: 140}}", "}"),
                 [(f"{FILE}:12:18", "tsm-missing", "TP08 for shared owners (LCHO) is missing. Add 'TP08: {lcho: ...}' under "
                   "'tsm: results:' (Agreement that the landlord treats tenants fairly and with respect), or link "
                   "the standard that measures it; if there is no figure, give {missing: \"the reason\"}.")],
                 id="a tenure"),
    pytest.param(("    weighting: \"None.\"\n", ""),
                 [(AT_SURVEY, "tsm-missing", "The survey summary has no item f (weighting: how the answers were "
                   "weighted). Add 'weighting:' under 'tsm: survey:'; the regulator asks for: any weighting, with all the "
                   "characteristics used.")], id="an a-k item"),
    pytest.param(("    CH02: \"The Housing", "    CH2: \"The Housing"), "unknown", id="a misspelt timescale"),
    pytest.param(("    RP02_2: \"Emergency repairs: 24 hours\"\n", ""),
                 [(AT_TIMESCALES, "tsm-missing", "The timescales used are not given for RP02_2: the target timescale "
                   "used for emergency repairs (RP02 part 2). Add 'RP02_2: \"…\"' under 'tsm: timescales:', in "
                   "words tenants understand, like 'Emergency repairs: made safe within 24 hours'.")], id="a timescale"),
    pytest.param(("TP01: {lcra: {value: 76.0, responses: 300}", "TP01: {lcra: {value: 76.0, responses: 250}"),
                 [(AT_SURVEY, "tsm-missing", "The survey summary has no item i (sample_shortfall: why fewer tenants "
                   "answered than needed). The survey of tenants (LCRA) had 250 responses, fewer than the 260 "
                   "needed. Add 'sample_shortfall:' under 'tsm: survey:'; the regulator asks for: reasons for any failure to meet the "
                   "required sample size.")], id="a survey short of its sample"),
    pytest.param(("TP03: {value: 71.9, responses: 280}", "TP03: {value: 71.9}"),
                 [(f"{FILE}:7:11", "tsm-missing", "TP03 does not say how many tenants answered. Add 'responses: "
                   "N': the number of tenants whose answers the figure is made from.")], id="responses"),
    pytest.param(("  repairs-satisfied: {value: 81.0, responses: 280}\n", ""),
                 [(f"{FILE}:2:1", "tsm-missing", "TP02 is missing: 'repairs-satisfied', the standard linked to it, "
                   "has no result for 2024-25. Give the result of 'repairs-satisfied' under 'results:'; if there is "
                   "no figure, give {missing: \"the reason\"}.")], id="a linked standard's result"),
])
def test_year_lacking_one_thing(make_project, change, expected):
    old, new = change
    assert old in YEAR
    root = project(make_project, YEAR.replace(old, new, 1))
    run = run_standards("check", "--tsm", "2024-25", "--json", cwd=root)
    if expected == "unknown":  # a misspelt key is an error of its own; the year is judged once it is read
        assert [p[1] for p in problems(run)] == ["unknown-key"]
        return
    assert [p for p in problems(run) if p[1].startswith("tsm")] == expected
    assert run.exit_code == (1 if expected else 0)
    plain = run_standards("check", "--json", cwd=root)  # a plain check warns, once for the year
    assert plain.exit_code == 0
    # at the year's `tsm:` key (line 3 once the line above it is taken out)
    warned = [(f"{FILE}:3:1" if old.startswith("  repairs") else AT_TSM, "tsm-incomplete")] if expected else []
    assert [(p[0], p[1]) for p in problems(plain) if p[1].startswith("tsm")] == warned


def test_method_changes_from_2025_26(make_project):
    year = YEAR.replace("period: 2024-25", "period: 2025-26")
    root = make_project({"standards/repairs.yaml": STANDARDS, "performance/2025-26.yaml": year}, CONFIG)
    run = run_standards("check", "--tsm", "2025-26", "--json", cwd=root)
    assert problems(run) == [("performance/2025-26.yaml:4:1", "tsm-missing", "From 2025-26, tenants are told of "
                              "any change of method that affects the comparison with the year before, but "
                              "'method_changes' is not given. Add 'method_changes:' under 'tsm:', saying what "
                              "changed, or that nothing did.")]
    fixed = year.replace("  timescales:", "  method_changes: \"None this year.\"\n  timescales:")
    root = make_project({"standards/repairs.yaml": STANDARDS, "performance/2025-26.yaml": fixed}, CONFIG)
    assert run_standards("check", "--tsm", "2025-26", cwd=root).exit_code == 0


def test_year_with_no_tsm_block(make_project):
    root = project(make_project, "period: 2024-25\nresults:\n  repairs-satisfied: {value: 81.0, responses: 280}\n")
    run = run_standards("check", "--tsm", "2024-25", "--json", cwd=root)
    found = problems(run)
    assert run.exit_code == 1
    assert {p[0] for p in found} == {f"{FILE}:1:1"}  # the `period:` line
    assert len(found) == 38 + 10 + 3  # 39 columns by tenure but TP02 (given), a-k but i, the 3 timescales
    assert found[0][2].startswith("TP01 for tenants (LCRA) is missing.")


def test_homes_not_given(make_project):
    config = CONFIG.replace("        homes: {lcra: 800, lcho: 200}\n", "")
    root = project(make_project, config=config)
    found = problems(run_standards("check", "--tsm", "2024-25", "--json", cwd=root))
    assert [p[2].split(" Add")[0] for p in found] == ["The number of homes of tenants (LCRA) is not given.",
                                                      "The number of homes of shared owners (LCHO) is not given."]


@pytest.mark.parametrize("year, words", [
    ("2024-25 Q1", "'2024-25 Q1' is not a financial year: TSMs are reported for the whole year, like '2024-25'."),
    ("2022-23", "'2022-23' is before 2023-24, the first year of Tenant Satisfaction Measures."),
    ("2024-26", "'2024-26' is not a financial year. Did you mean '2024-25'?"),
    ("2024-25-q1", "'2024-25-q1' is not a financial year. Write one like '2024-25': Tenant Satisfaction Measures "
                   "are reported for the whole year."),
])
def test_tsm_option_takes_a_tsm_year(make_project, year, words):
    run = run_standards("check", "--tsm", year, cwd=project(make_project))
    assert run.exit_code == 2
    assert words in run.stderr


def test_tsm_option_without_tsms(make_project):
    config = CONFIG.split("      tsm:")[0]
    root = project(make_project, year="period: 2024-25\nresults:\n  repairs-satisfied: 81\n",
                   standards=STANDARDS.replace("    tsm: TP02\n", ""), config=config)
    found = [p for p in problems(run_standards("check", "--tsm", "2024-25", "--json", cwd=root)) if p[1] != "survey-sample"]
    assert found == [("mkdocs.yml:3:5", "tsm-off", "'--tsm 2024-25' checks the Tenant Satisfaction Measures, but "
                      "they are not switched on in mkdocs.yml. Add 'tsm: {tenures: [lcra]}' (with lcho if you have "
                      "shared owners) under '- standards:'.")]


# -- errors in links and results -------------------------------------------------------------------


@pytest.mark.parametrize("file, old, new, where, code, words", [
    ("year", "    TP04: {value: 70.2, responses: 300}", "    TP04: {lcho: {value: 70.2, responses: 300}}",
     f"{FILE}:8:12", "tsm-tenure", "TP04 is not collected for shared owners."),
    ("year", "    BS01: {count: 995, of: 1000}", "    BS01: {lcra: {count: 995, of: 1000}}",
     f"{FILE}:20:12", "tsm-tenure", "BS01 is reported for all homes together, not for tenants (LCRA) alone."),
    ("year", "    TP11: {lcra: {value: 62.7, responses: 300}, lcho: {value: 55.0, responses: 140}}",
     "    TP11: {value: 62.7, responses: 300}", f"{FILE}:15:5", "tsm-tenure",
     "TP11 is reported for each tenure, but one result is given."),
    ("year", "    RP01:", "    RP1:", f"{FILE}:17:5", "invalid-choice",
     "A TSM result's measure is 'RP1', which is not a Tenant Satisfaction Measure. Did you mean 'RP01'?"),
    ("year", "    RP02_1:", "    RP02:", f"{FILE}:18:5", "invalid-choice",
     "A TSM result's measure is 'RP02', a Tenant Satisfaction Measure in 2 parts: say which part. RP02 has parts: write "
     "RP02_1 or RP02_2."),
    ("year", "    CH01_2: {lcra: {count: 8, homes: 800}", "    CH01_2: {lcra: {count: 8, of: 800}",
     f"{FILE}:26:31", "result-form", "'count' with 'of' is for unit percent, but measure 'CH01_2' has unit "
     "'per_1000_homes'. Write it as {count: N, homes: N}."),
    ("year", "    TP01: {lcra:", "    TP02: {value: 80, responses: 280}\n    TP01: {lcra:", f"{FILE}:6:11",
     "tsm-link", "TP02 is given twice: here and as the result of standard 'repairs-satisfied', which is linked to "
     "it. Remove this one: the result of 'repairs-satisfied' under 'results:' is the TSM result."),
    ("year", "period: 2024-25", "period: 2024-25 Q1", f"{FILE}:4:1", "tsm-off",
     "This file has 'tsm:', but 2024-25 Q1 is not a financial year: TSMs are reported for the whole year. Move "
     "'tsm:' to the performance file of 2024-25."),
    ("config", "tenures: [lcra, lcho]\n        homes: {lcra: 800, lcho: 200}", "tenures: [lcra]\n        homes: {lcra: 800}",
     f"{FILE}:6:49", "tsm-tenure",
     "'lcho' is not one of your tenures in mkdocs.yml. Add lcho to 'tenures:' under 'tsm:' in mkdocs.yml if you "
     "have shared owners, or remove this."),
    ("config", "tenures: [lcra, lcho]", "tenures: [lcra, shared]", "mkdocs.yml:7:25", "invalid-choice",
     "A tenure should be lcra or lcho, but 'shared' is given."),
    ("config", "tenures: [lcra, lcho]\n        homes: {lcra: 800, lcho: 200}", "tenures: []", "mkdocs.yml:7:18",
     "missing-key", "'tenures' under 'tsm' in mkdocs.yml is an empty list."),
    ("standards", "tsm: TP02", "tsm: TP01", "standards/repairs.yaml:8:10", "tsm-link",
     "TP01 is reported for each tenure, but 'tsm' of standard 'repairs-satisfied' does not say which. Write "
     "'tsm: TP01 lcra' for low-cost rental, or 'tsm: TP01 lcho' for shared ownership."),
    ("standards", "tsm: TP02", "tsm: tp02", "standards/repairs.yaml:8:10", "invalid-choice",
     "'tsm' of standard 'repairs-satisfied' is 'tp02', which is not a Tenant Satisfaction Measure. Did you mean "
     "'TP02'?"),
    ("standards", "tsm: TP02", "tsm: TP02 lcho", "standards/repairs.yaml:8:10", "tsm-tenure",
     "TP02 is not collected for shared owners."),
    ("standards", "unit: percent", "unit: days", "standards/repairs.yaml:8:10", "tsm-link",
     "Standard 'repairs-satisfied' has unit 'days', but TP02 is in percent."),
    ("standards", "tsm: TP02", "tsm: {measure: TP2}", "standards/repairs.yaml:8:20", "invalid-choice",
     "'tsm' of standard 'repairs-satisfied' is 'TP2', which is not a Tenant Satisfaction Measure. Did you mean "
     "'TP02'?"),
])
def test_errors(make_project, file, old, new, where, code, words):
    texts = {"year": YEAR, "config": CONFIG, "standards": STANDARDS}
    assert old in texts[file]
    texts[file] = texts[file].replace(old, new, 1)
    root = project(make_project, texts["year"], texts["config"], texts["standards"])
    run = run_standards("check", "--json", cwd=root)
    assert run.exit_code == 1
    matches = [p for p in problems(run) if p[0] == where and p[1] == code]
    assert matches and matches[0][2].startswith(words), problems(run)


def test_two_standards_linked_to_one_measure(make_project):
    standards = STANDARDS + ("  - id: repairs-liked\n    title: Repairs liked\n    unit: percent\n"
                             "    tsm: {measure: TP02, tenure: lcra}\n")
    root = project(make_project, standards=standards)
    found = problems(run_standards("check", "--json", cwd=root))
    assert found[0][:2] == ("standards/repairs.yaml:12:20", "tsm-link")
    assert found[0][2].startswith("TP02 for tenants (LCRA) is already linked to standard 'repairs-satisfied' "
                                  "(standards/repairs.yaml:3:9).")


def test_links_without_tsms_switched_on(make_project):
    root = project(make_project, year="period: 2024-25\nresults:\n  repairs-satisfied: 81\n",
                   config=CONFIG.split("      tsm:")[0])
    assert problems(run_standards("check", "--json", cwd=root))[0][:2] == ("standards/repairs.yaml:8:10", "tsm-off")


def test_v1_project_unchanged(make_project):
    root = make_project({"standards/repairs.yaml": STANDARDS.replace("    tsm: TP02\n", ""),
                         FILE: "period: 2024-25\nresults:\n  repairs-satisfied: {value: 81.0, responses: 280}\n"})
    document = run_standards("check", "--json", cwd=root).json
    assert "tsm" not in document and "tsm" not in document["results"][0]


# -- check --json ----------------------------------------------------------------------------------


def test_json_rows(make_project):
    document = run_standards("check", "--json", cwd=project(make_project)).json
    assert document["results"][0]["tsm"] == {"code": "TP02", "part": None, "tenure": "lcra"}
    rows = {(r["column"], r["tenure"]): r for r in document["tsm"]}
    assert len(rows) == 39  # 9 measures x 2 tenures + TP02-TP04, RP01, RP02 x 2, BS x 5, CH x 2 x 2 x 2, NM01 x 2
    assert rows[("TP02", "lcra")]["source"] == "repairs-satisfied"
    assert rows[("CH01_1", "lcho")] == {"period": "2024-25", "column": "CH01_1", "code": "CH01", "part": 1,
                                        "tenure": "lcho", "value": 25.0, "unit": "per_1000_homes",
                                        "previous_value": None, "margin_of_error": rows[("CH01_1", "lcho")][
                                            "margin_of_error"], "source": "tsm", "count": 5, "homes": 200}
    assert rows[("TP10", "lcra")]["population"] == 300
    assert rows[("BS05", "combined")]["missing"] == "We have no lifts"


def test_guide_table_is_the_catalogue():
    from generator.registry.tsm import measures_table

    guide = (Path(__file__).parent.parent / "guide" / "tsm.md").read_text(encoding="utf-8")
    assert measures_table(CATALOGUES[max(CATALOGUES)]) in guide
    for item in SURVEY_ITEMS:  # the survey summary's table too
        assert f"| {item.letter} | `{item.key}` | {item.wording}" in guide


def test_previous_year_and_homes_of_the_year(make_project):
    earlier = ("period: 2023-24\nresults:\n  repairs-satisfied: {value: 78.0, responses: 270}\ntsm:\n"
               "  homes: {lcra: 790, lcho: 190}\n  results:\n    RP01: {count: 8, of: 790}\n")
    root = project(make_project, other={"performance/2023-24.yaml": earlier})
    document = run_standards("check", "--json", cwd=root).json
    rows = {(r["period"], r["column"], r["tenure"]): r for r in document["tsm"]}
    assert rows[("2024-25", "TP02", "lcra")]["previous_value"] == 78.0
    assert rows[("2024-25", "RP01", "lcra")]["previous_value"] == 8 * 100 / 790  # 1.0126...: not rounded
    assert rows[("2024-25", "RP01", "lcra")]["value"] == 0.5  # 100 x 4 / 800
    assert rows[("2023-24", "TP01", "lcra")]["missing"] == "Not given"
    # the 2023-24 survey is asked about 2023-24's homes: 270 answers of 790 is enough (260 needed)
    gaps = [p for p in document["warnings"] if p["code"] == "tsm-incomplete"]
    assert [g["file"] for g in gaps] == ["performance/2023-24.yaml"]


def test_tsm_block_before_the_first_tsm_year(make_project):
    root = project(make_project, other={"performance/2022-23.yaml": "period: 2022-23\nresults:\n  repairs-satisfied: "
                                        "{value: 78.0, responses: 270}\ntsm:\n  results:\n    RP01: 1.0\n"})
    found = [p for p in problems(run_standards("check", "--json", cwd=root)) if p[1] != "gap"]
    assert found == [("performance/2022-23.yaml:4:1", "tsm-off", "This file has 'tsm:', but TSMs start in 2023-24, "
                      "and 2022-23 is earlier. Remove 'tsm:' from this file.")]


def test_a_linked_standard_has_the_tsm_page_s_margin_of_error(make_project):
    """repairs-satisfied IS TP02 (LCRA): 81.0% of 280 responses, from 800 rented homes.
    By hand: 1.96 * sqrt(0.81 * 0.19 / 280) = 1.96 * 0.023444 = 0.045951 points without the correction;
    times sqrt((800 - 280) / (800 - 1)) = sqrt(0.650814) = 0.806731: 0.037070, so 3.7, not 4.6."""
    document = run_standards("check", "--json", cwd=project(make_project)).json
    row = next(r for r in document["results"] if r["id"] == "repairs-satisfied")
    tsm = next(r for r in document["tsm"] if (r["column"], r["tenure"]) == ("TP02", "lcra"))
    assert row["margin_of_error"] == tsm["margin_of_error"] == 3.7


def test_json_names_the_tsm_only_on_a_tsm_year_s_row(make_project):
    """A linked standard's quarter, or a year before 2023-24, is the landlord's own figure, not the TSM."""
    root = project(make_project, other={
        "performance/2024-25-q1.yaml": "period: 2024-25 Q1\nresults:\n  repairs-satisfied: {value: 80.0, responses: 70}\n",
        "performance/2022-23.yaml": "period: 2022-23\nresults:\n  repairs-satisfied: {value: 78.0, responses: 250}\n"})
    rows = [r for r in run_standards("check", "--json", cwd=root).json["results"] if r["id"] == "repairs-satisfied"]
    assert [(r["period"], r.get("tsm")) for r in rows] == [
        ("2022-23", None), ("2024-25", {"code": "TP02", "part": None, "tenure": "lcra"}), ("2024-25 Q1", None)]
