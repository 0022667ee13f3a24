"""Inputs that look odd but are valid (FORMAT.md): each must pass with no errors.

Each case writes a small project, runs ``standards check --json``, asserts exit 0
and no errors, and checks one key fact in the JSON (for example the period's
canonical label), so "passing" cannot mean "silently ignored".
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from generator.pipeline import check_project as run_pipeline

from .conftest import AREA, DEFAULT_CONFIG, PERIOD, run_standards, tree_digest

A = "standards/repairs.yaml"
P = "performance/2021-22.yaml"


def run_ok(make_project, files: dict, config: str | None = DEFAULT_CONFIG) -> tuple[dict, Path]:
    root = make_project(files=files, config=config)
    before = tree_digest(root)
    run = run_standards("check", "--json", cwd=root)
    assert run.exit_code == 0, run.text
    assert run.stderr == ""
    document = run.json
    assert document["errors"] == [], document["errors"]
    assert tree_digest(root) == before
    text = run_standards("check", cwd=root)
    assert text.exit_code == 0, text.text
    assert "No errors" in text.text
    return document, root


def rows(document: dict, item: str = "repairs-on-time") -> list[dict]:
    return [r for r in document["results"] if r["id"] == item]


def periods(document: dict, item: str = "repairs-on-time") -> list[str]:
    return [r["period"] for r in rows(document, item)]


# -- encodings and line endings --------------------------------------------------------------------


def test_utf8_with_byte_order_mark(make_project):
    document, _ = run_ok(make_project, {A: codecs.BOM_UTF8 + AREA.encode(), P: codecs.BOM_UTF8 + PERIOD.encode()})
    assert rows(document)[0]["value"] == 91
    assert rows(document)[0]["status"] == "met"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_byte_order_mark(make_project, encoding):
    bom = codecs.BOM_UTF16_LE if encoding == "utf-16-le" else codecs.BOM_UTF16_BE
    title = AREA.replace("on time", "on time — £ and é")
    document, _ = run_ok(make_project, {A: bom + title.encode(encoding), P: bom + PERIOD.encode(encoding)})
    assert rows(document)[0]["value"] == 91


def test_utf16_error_lines_are_right(make_project):
    """Not an oddity that passes, but the encoding must not shift line numbers."""
    bad = PERIOD.replace("91", "95%")
    root = make_project(files={A: AREA, P: codecs.BOM_UTF16_LE + bad.encode("utf-16-le")})
    errors = run_standards("check", "--json", cwd=root).json["errors"]
    assert [(e["file"], e["line"], e["column"], e["code"]) for e in errors] == [(P, 3, 20, "number-format")]


def test_windows_line_endings(make_project):
    crlf = {A: AREA.replace("\n", "\r\n").encode(), P: PERIOD.replace("\n", "\r\n").encode()}
    document, _ = run_ok(make_project, crlf)
    assert rows(document)[0]["value"] == 91


def test_windows_line_endings_keep_line_numbers(make_project):
    bad = "period: 2021-22\r\nresults:\r\n  repairs-on-time: 1,204\r\n"
    root = make_project(files={A: AREA.replace("\n", "\r\n").encode(), P: bad.encode()})
    errors = run_standards("check", "--json", cwd=root).json["errors"]
    assert [(e["line"], e["column"], e["code"]) for e in errors] == [(3, 20, "number-format")]


def test_unicode_text_everywhere(make_project):
    area = AREA.replace("We complete repairs on time", "Trwsio’n brydlon — “on time” ✓ £5 café")
    document, _ = run_ok(make_project, {A: area, P: PERIOD})
    assert rows(document)[0]["status"] == "met"


# -- periods -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, label",
    [
        ('"2021-22"', "2021-22"),
        ("'2021-22'", "2021-22"),
        ("2021/22", "2021-22"),
        ("2021/22 q1", "2021-22 Q1"),
        ("2021-22 q4", "2021-22 Q4"),
        ("2017", "2017"),
        ('"2017"', "2017"),
        ("2021-22   Q1", "2021-22 Q1"),
        ('"  2021-22 Q2 "', "2021-22 Q2"),
        ("1999-00", "1999-00"),
        ("1999/00", "1999-00"),
    ],
    ids=["quoted", "single-quoted", "slash", "slash-lower-q", "lower-q4", "calendar-unquoted",
         "calendar-quoted", "extra-spaces", "quoted-with-spaces", "century", "century-slash"],
)
def test_period_forms(make_project, written, label):
    document, _ = run_ok(make_project, {A: AREA, P: PERIOD.replace("period: 2021-22", f"period: {written}")})
    assert periods(document) == [label]


def test_period_forms_in_targets_and_retired(make_project):
    area = AREA.replace(
        "    target: {at_least: 90}\n",
        "    targets:\n      - {from: 2020/21, at_least: 85}\n      - {from: 2021-22 q3, at_least: 90}\n"
        "    retired: 2023/24\n",
    )
    files = {
        A: area,
        P: PERIOD.replace("period: 2021-22", "period: 2021-22 Q2"),
        "performance/q3.yaml": PERIOD.replace("period: 2021-22", "period: 2021-22 Q3").replace("91", "88"),
    }
    document, _ = run_ok(make_project, files)
    by_period = {r["period"]: r for r in rows(document)}
    assert by_period["2021-22 Q2"]["target"] == {"at_least": 85}
    assert by_period["2021-22 Q3"]["target"] == {"at_least": 90}
    assert by_period["2021-22 Q3"]["status"] == "missed"


# -- blank and empty things ----------------------------------------------------------------------


def test_standards_left_blank(make_project):
    files = {A: AREA, "standards/lettings.yaml": "area: Lettings\nstandards:\n", P: PERIOD}
    document, _ = run_ok(make_project, files)
    assert {r["area"] for r in document["results"]} == {"repairs"}


def test_standards_empty_list_and_figures_blank(make_project):
    files = {A: AREA, "standards/lettings.yaml": "area: Lettings\nstandards: []\nfigures:\n", P: PERIOD}
    run_ok(make_project, files)


def test_results_empty_mapping(make_project):
    document, _ = run_ok(make_project, {A: AREA, P: "period: 2021-22\nresults: {}\n"})
    assert document["results"] == []
    assert [w["code"] for w in document["warnings"]] == ["never-reported"]


def test_commitment_without_unit_or_target(make_project):
    area = AREA + "  - id: staff-show-id\n    title: Our staff always show their ID badge\n"
    document, _ = run_ok(make_project, {A: area, P: PERIOD})
    assert rows(document, "staff-show-id") == []
    assert document["warnings"] == []


def test_commitment_may_be_reported_missing(make_project):
    area = AREA + "  - id: staff-show-id\n    title: Our staff always show their ID badge\n"
    period = PERIOD + '  staff-show-id: {missing: "Not checked this year"}\n'
    document, _ = run_ok(make_project, {A: area, P: period})
    (row,) = rows(document, "staff-show-id")
    assert row["value"] is None and row["status"] is None and row["missing"] == "Not checked this year"


def test_text_that_looks_like_other_things(make_project):
    """Titles and notes may be numbers, dates or words like 'yes': they are text."""
    area = AREA.replace("title: We complete repairs on time", "title: 2021") + "    how_measured: yes\n"
    period = PERIOD.replace("repairs-on-time: 91", "repairs-on-time: {value: 91, note: 2022-06-30}")
    document, _ = run_ok(make_project, {A: area, P: period})
    assert rows(document)[0]["note"] == "2022-06-30"


def test_other_files_in_data_folders_are_ignored(make_project):
    files = {A: AREA, P: PERIOD, "standards/README.md": "# notes\n", "standards/.repairs.yaml.swp": b"\x00\x01",
             "performance/notes.txt": "not data: yes", "standards/~backup.txt": "x"}
    document, _ = run_ok(make_project, files)
    assert len(rows(document)) == 1


def test_yml_extension(make_project):
    document, _ = run_ok(make_project, {"standards/repairs.yml": AREA, "performance/2021-22.yml": PERIOD})
    assert rows(document)[0]["area"] == "repairs"


# -- numbers --------------------------------------------------------------------------------------


def test_plain_numbers_of_every_kind(make_project):
    area = """\
        area: Money
        figures:
          - id: arrears-change
            title: Change in arrears
            unit: pounds
          - id: calls
            title: Calls received
            unit: count
          - id: wait
            title: Average wait
            unit: seconds
        """
    period = "period: 2021-22\nresults:\n  arrears-change: -1250.50\n  calls: 0\n  wait: 0.25\n"
    document, _ = run_ok(make_project, {"standards/money.yaml": area, P: period})
    values = {r["id"]: r["value"] for r in document["results"]}
    assert values == {"arrears-change": -1250.5, "calls": 0, "wait": 0.25}


def test_count_of_and_homes(make_project):
    area = AREA + "figures:\n  - id: asb-rate\n    title: ASB per 1,000 homes\n    unit: per_1000_homes\n"
    period = ("period: 2021-22\nresults:\n  repairs-on-time: {count: 661, of: 708, value: 93.4}\n"
              "  asb-rate: {count: 41, homes: 12050}\n")
    document, _ = run_ok(make_project, {A: area, P: period})
    assert rows(document)[0]["value"] == 93.4
    assert rows(document, "asb-rate")[0]["value"] == pytest.approx(1000 * 41 / 12050)


# -- mkdocs.yml ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("month", ["Sep", "SEPTEMBER", "september", "SEP"])
def test_year_starts_any_case(make_project, month):
    config = DEFAULT_CONFIG + f"      year_starts: {month}\n"
    document, root = run_ok(make_project, {A: AREA, P: PERIOD}, config=config)
    assert periods(document) == ["2021-22"]
    assert run_pipeline((root / "mkdocs.yml").resolve()).project.settings.year_starts == 9


def test_plugins_as_a_mapping(make_project):
    config = "site_name: Test Homes\nplugins:\n  search: {}\n  standards:\n    organisation: Mapping Homes\n"
    document, _ = run_ok(make_project, {A: AREA, P: PERIOD}, config=config)
    assert document["organisation"] == "Mapping Homes"


def test_mkdocs_tags(make_project):
    config = """\
site_name: !ENV [SITE_NAME, 'Test Homes']
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
plugins:
  - search
  - standards:
      organisation: Tagged Homes
      contact:
        email: !ENV [CONTACT_EMAIL, hello@example.org]
"""
    document, _ = run_ok(make_project, {A: AREA, P: PERIOD}, config=config)
    assert document["organisation"] == "Tagged Homes"


def test_inherit_parent_holds_plugin(make_project):
    parent = "site_name: Parent Homes\nplugins:\n  - search\n  - standards:\n      organisation: Parent Homes\n"
    config = "INHERIT: config/base.yml\nsite_name: Child Homes\n"
    document, _ = run_ok(make_project, {A: AREA, P: PERIOD, "config/base.yml": parent}, config=config)
    assert document["organisation"] == "Parent Homes"


def test_inherit_child_overrides_option(make_project):
    parent = "site_name: Parent\nplugins:\n  - standards:\n      organisation: Parent Homes\n      year_starts: april\n"
    child = "INHERIT: base.yml\nplugins:\n  - standards:\n      organisation: Child Homes\n"
    document, _ = run_ok(make_project, {A: AREA, P: PERIOD, "base.yml": parent}, config=child)
    assert document["organisation"] == "Child Homes"


def test_mkdocs_yaml_extension(make_project):
    root = make_project(files={A: AREA, P: PERIOD, "mkdocs.yaml": DEFAULT_CONFIG}, config=None)
    run = run_standards("check", "--json", cwd=root)
    assert run.exit_code == 0, run.text
    assert run.json["organisation"] == "Test Homes"


def test_draft_period_is_checked_and_marked(make_project):
    document, _ = run_ok(make_project, {A: AREA, P: PERIOD.replace("results:", "draft: true\nresults:")})
    assert rows(document)[0]["draft"] is True


def test_env_tag_in_the_standards_block(make_project, monkeypatch):
    monkeypatch.setenv("STANDARDS_TEST_ORGANISATION", "Environment Homes")
    config = ("site_name: Test Homes\nplugins:\n  - standards:\n"
              "      organisation: !ENV [STANDARDS_TEST_ORGANISATION, Fallback Homes]\n"
              "      year_starts: !ENV [STANDARDS_TEST_UNSET_MONTH, july]\n")
    document, root = run_ok(make_project, {A: AREA, P: PERIOD}, config=config)
    assert document["organisation"] == "Environment Homes"
    assert run_pipeline((root / "mkdocs.yml").resolve()).project.settings.year_starts == 7


def test_optional_keys_left_blank(make_project):
    """A blank optional key means 'not given', as `standards:` left blank does."""
    area = ("area: Repairs\norder:\nsummary:\nstandards:\n  - id: repairs-on-time\n    title: On time\n"
            "    unit: percent\n    target: {at_least: 90}\n    tolerance:\n    retired:\n    survey:\n"
            "    basis:\n    how_measured:\nfigures:\n")
    period = "period: 2021-22\npublished:\ndraft:\nresults:\n  repairs-on-time: 91\ncommentary:\nbenchmarks:\n"
    document, _ = run_ok(make_project, {A: area, P: period})
    (row,) = rows(document)
    assert row["status"] == "met" and row["draft"] is False
