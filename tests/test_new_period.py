"""`standards new-period PERIOD`: a draft listing every current standard and figure, which warns
while it is a draft and is an error once `draft:` is removed, as long as a result is left empty."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, run_standards, tree_digest

EXAMPLE = ("mkdocs.yml", "standards", "performance", "actions", "regulator", "docs", "site_templates")

TARGETS = """\
area: Tenant satisfaction
order: 2
standards:
  - id: satisfaction-overall
    title: Tenants satisfied with our service
    unit: percent
    survey: true
    targets:
      - {from: 2021-22, at_least: 78}
      - {from: 2023-24, at_least: 82}
  - id: staff-show-id
    title: Our staff always show their ID badge
figures:
  - id: score-repairs
    title: |
      Repairs rated
      out of ten
    unit: score
    out_of: 10
"""

REPAIRS = """\
area: Repairs
order: 1
standards:
  - id: repairs-on-time
    title: We complete repairs on time
    unit: percent
    target: {at_most: 10}
  - id: repairs-old
    title: An old standard
    unit: days
    retired: 2023-24
"""


@pytest.fixture
def example(tmp_path) -> Path:
    root = tmp_path / "example"
    root.mkdir()
    for name in EXAMPLE:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, root / name)
    return root


@pytest.fixture
def small(make_project) -> Path:
    return make_project({"standards/repairs.yaml": REPAIRS, "standards/tenant-satisfaction.yaml": TARGETS,
                         "performance/2021-22.yaml": "period: 2021-22\nresults: {}\n"})


def _new(root: Path, period: str) -> str:
    run = run_standards("new-period", period, cwd=root)
    assert run.exit_code == 0, run.text
    return run.output


def test_on_the_example_a_draft_warns_and_a_published_file_errors(example):
    said = _new(example, "2025-26 Q3")
    path = example / "performance" / "2025-26-q3.yaml"
    assert said == ("Wrote performance/2025-26-q3.yaml: a draft for 2025-26 Q3 (October to December 2025) with "
                    "66 results to fill in. Run 'standards check' to see what is left.\n")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    empty = [(number, line.split(":")[0].strip()) for number, line in enumerate(lines, start=1)
             if line.startswith("  ") and not line.strip().startswith("#")]
    assert len(empty) == 66 + 9  # every result, and every area's commentary

    document = run_standards("check", "--json", cwd=example).json
    assert document["errors"] == []
    mine = [w for w in document["warnings"] if w["file"] == "performance/2025-26-q3.yaml"]
    assert [w["code"] for w in mine] == ["not-filled-in"] * len(empty)  # and nothing else: no 'gap'
    assert [w["line"] for w in mine] == [number for number, _ in empty]
    assert mine[0]["message"].startswith("'calls-answered-90s' is not filled in yet.")
    assert mine[-1]["message"].startswith("The commentary for 'rent-and-income' is not filled in yet.")
    rows = [r for r in document["results"] if r["period"] == "2025-26 Q3"]
    assert rows and all(r["value"] is None and r["draft"] for r in rows)
    assert {r["status"] for r in rows if r["kind"] == "standard" and r["target"]} == {"no-data"}

    path.write_text(text.replace("\ndraft: true\n", "\n"), encoding="utf-8")
    published = run_standards("check", "--json", cwd=example)
    assert published.exit_code == 1
    errors = published.json["errors"]
    assert [(e["code"], e["line"]) for e in errors] == [("empty-result", n - 1) for n, _ in empty]
    assert errors[0]["message"].startswith("'calls-answered-90s' is empty, in a period that is not a draft.")


def test_the_file_lists_current_items_in_area_order_with_their_targets(small):
    before = {p for p in small.rglob("*")}
    _new(small, "2024-25")
    assert {p for p in small.rglob("*")} - before == {small / "performance" / "2024-25.yaml"}  # nothing else
    assert (small / "performance" / "2024-25.yaml").read_text(encoding="utf-8") == """\
# Test Homes: how we did, April 2024 to March 2025
# Write each result after its colon: a number, like 93.4, or {missing: "the reason"}.
# Remove 'draft: true' when the figures are approved.
period: 2024-25
draft: true
results:
  # Repairs
  repairs-on-time:  # We complete repairs on time · percent · at most 10%

  # Tenant satisfaction
  satisfaction-overall:  # Tenants satisfied with our service · percent · at least 82%
  score-repairs:  # Repairs rated out of ten · score out of 10 · figure, no target

# How each area is doing, and where we need to improve: a few sentences each.
commentary:
  repairs:
  tenant-satisfaction:
"""


SATISFIED = "Tenants satisfied with our service"


@pytest.mark.parametrize("period, file, lines", [
    ("2022-23", "2022-23.yaml", ["  repairs-old:  # An old standard · days · no target",
                                 f"  satisfaction-overall:  # {SATISFIED} · percent · at least 78%"]),
    ("2020/21", "2020-21.yaml", [f"  satisfaction-overall:  # {SATISFIED} · percent · no target"]),
    ("2023-24 q2", "2023-24-q2.yaml", ["period: 2023-24 Q2"]),
    (" 2024 ", "2024.yaml", ["period: 2024", "# Test Homes: how we did, January to December 2024"]),
])
def test_any_period_form_gives_the_example_s_file_name_and_the_target_in_force(small, period, file, lines):
    _new(small, period)
    text = (small / "performance" / file).read_text(encoding="utf-8")
    for line in lines:
        assert line in text.splitlines()
    assert ("repairs-old" in text) == (file in ("2022-23.yaml", "2020-21.yaml"))  # retired from 2023-24
    assert "staff-show-id" not in text  # no unit: it can never have a value
    assert run_standards("check", cwd=small).exit_code == 0


def test_the_schema_line_comes_only_with_the_project_s_schema(small):
    _new(small, "2024-25")
    assert not (small / "performance" / "2024-25.yaml").read_text(encoding="utf-8").startswith("# yaml-language")
    (small / "schemas").mkdir()
    (small / "schemas" / "period.schema.json").write_text("{}\n", encoding="utf-8")
    _new(small, "2025-26")
    first = (small / "performance" / "2025-26.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/period.schema.json"


@pytest.mark.parametrize("setup, period, code, words", [
    ("none", "2021-22", 1, "Error: The period 2021-22 already has a file: performance/2021-22.yaml."),
    ("named-otherwise", "2022/23", 1, "Error: The period 2022-23 already has a file: performance/year-two.yaml."),
    ("file-in-the-way", "2023-24", 1, "Error: performance/2023-24.yaml already exists (for another period)."),
    ("none", "2021-22 Q5", 2, "A year has four quarters, Q1 to Q4."),
    ("none", "2021-23", 2, "'2021-23' is not a period this tool can read. Did you mean '2021-22'?"),
    ("none", "2022-01", 2, "Quarters belong to financial years"),
    ("error", "2024-25", 1, "No period file was written."),
])
def test_refusals_write_nothing(small, setup, period, code, words):
    if setup == "named-otherwise":
        (small / "performance" / "year-two.yaml").write_text("period: 2022-23\nresults: {}\n", encoding="utf-8")
    elif setup == "file-in-the-way":
        (small / "performance" / "2023-24.yaml").write_text("period: 2019-20\nresults: {}\n", encoding="utf-8")
    elif setup == "error":
        (small / "performance" / "2021-22.yaml").write_text("period: 2021-22\nresults:\n  unknown: 1\n",
                                                            encoding="utf-8")
    before = tree_digest(small)
    run = run_standards("new-period", period, cwd=small)
    assert run.exit_code == code, run.text
    assert words in run.stderr
    assert tree_digest(small) == before
    assert "Traceback" not in run.text


def test_a_drafts_build_and_a_newsletter_treat_the_empty_results_as_none(example, tmp_path):
    _new(example, "2025-26 Q3")
    letter = run_standards("newsletter", "2025-26 Q3", "--edition", "text", "-o", "q3.txt", cwd=example)
    assert letter.exit_code == 0, letter.text
    text = (example / "q3.txt").read_text(encoding="utf-8")
    assert text.startswith("DRAFT")
    assert "October to December 2025" in text


def test_what_new_period_writes_reads_back_as_a_draft_with_every_key_empty(example):
    _new(example, "2026-27")
    data = yaml.safe_load((example / "performance" / "2026-27.yaml").read_text(encoding="utf-8"))
    assert data["period"] == "2026-27" and data["draft"] is True
    assert set(data["results"].values()) == {None}
    assert set(data["commentary"].values()) == {None}
    assert list(data["commentary"]) == ["customer-care", "repairs", "complaints", "anti-social-behaviour", "lettings",
                                        "building-safety", "tenant-satisfaction", "neighbourhoods", "rent-and-income"]


def test_a_file_that_appears_meanwhile_is_never_written_over(tmp_path):
    from generator.edit.period import write_new

    path = tmp_path / "performance" / "2024-25.yaml"
    write_new(path, "period: 2024-25\n")
    with pytest.raises(FileExistsError):
        write_new(path, "period: 2099-00\n")
    assert path.read_text(encoding="utf-8") == "period: 2024-25\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["2024-25.yaml"]  # no temporary file left
