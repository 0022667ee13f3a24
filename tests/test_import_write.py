"""`standards import`, the writing half: conflicts with values already in a period file (kept, or
replaced with --overwrite), every byte outside the changed lines kept, new draft files, --dry-run
writing nothing, and every file written or none."""

from __future__ import annotations

import difflib
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from generator.edit import files as edit_files
from generator.edit.imports import plan_import
from generator.edit.yaml import PeriodText, render
from generator.model import ImportedResult
from generator.pipeline import check_project
from generator.problems import Location
from generator.registry.periods import Period

from .conftest import ROOT, chattr_works, copy_example, needs, run_standards, tree_digest

AREA = """\
area: Repairs
standards:
  - id: repairs-on-time
    title: We complete repairs on time
    unit: percent
    target: {at_least: 90}
  - id: gas-safety
    title: Homes with a gas safety check
    unit: percent
    target: {at_least: 100}
  - id: satisfaction
    title: Tenants satisfied with repairs
    unit: percent
    survey: true
figures:
  - id: repairs-completed
    title: Repairs completed
    unit: count
"""

# Comments, blank lines, odd spacing, quotes of both kinds and a long folded line: all kept.
PERIOD = """\
# Test Homes: April 2021 to March 2022
period: '2021-22'   # the financial year
published: 2022-06-30
results:
  # Repairs, from the contractor's report
  repairs-on-time: 91
  gas-safety: {count: 9035,  of: 9116}    # two spaces, kept

  satisfaction:
    value: 76
    responses: 412
    note: 'Asked in March: "how satisfied are you?"'
commentary:
  repairs: >
    A long folded paragraph that goes on and on, well past the eighty characters at which ruamel.yaml wraps a line when it writes a whole document again.
"""

FILE = "performance/2021-22.yaml"
YEAR = Period("year", 2021)


def record(item: str, cell: str, period: Period = YEAR, **fields) -> ImportedResult:
    values = tuple((k, v if isinstance(v, str) and k in ("note", "missing") else Decimal(str(v)))
                   for k, v in fields.items())
    return ImportedResult(period, item, values, Location("kpis.csv", int(cell[1:]), ord(cell[0]) - 64, cell=cell))


@pytest.fixture
def project(make_project):
    return make_project({"standards/repairs.yaml": AREA, FILE: PERIOD})


def plan(root: Path, records: list[ImportedResult], overwrite: bool = False, publish: bool = False):
    outcome = check_project(root / "mkdocs.yml")
    assert not outcome.errors, outcome.errors
    return plan_import(root, outcome.project, records, "kpis.csv", overwrite=overwrite, publish=publish)


def data(root: Path) -> str:
    """The project's own files (the tool's lock in .standards-cache/ aside), to prove nothing changed."""
    return tree_digest(root / "performance") + tree_digest(root / "standards")


def changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    """The lines taken out and put in, by difflib: everything else is the same, byte for byte."""
    out, put = [], []
    for line in difflib.ndiff(old.splitlines(keepends=True), new.splitlines(keepends=True)):
        if line.startswith("- "):
            out.append(line[2:])
        elif line.startswith("+ "):
            put.append(line[2:])
    return out, put


# -- conflicts ---------------------------------------------------------------------------------------

CONFLICTS = [
    # (the sheet's result, the conflict's message without its ending, the line put in with --overwrite)
    (record("repairs-on-time", "C2", value=93.4),
     "performance/2021-22.yaml:6: the value of 'repairs-on-time' is 91 in the file but 93.4 in kpis.csv:C2",
     "  repairs-on-time: 93.4\n"),
    (record("gas-safety", "C3", count=9040, of=9116),
     "performance/2021-22.yaml:7: 'count' of 'gas-safety' is 9035 in the file but 9040 in kpis.csv:C3",
     "  gas-safety: {count: 9040, of: 9116}    # two spaces, kept\n"),
    (record("satisfaction", "D4", value=76, responses=420),
     "performance/2021-22.yaml:9: 'responses' of 'satisfaction' is 412 in the file but 420 in kpis.csv:D4",
     "    responses: 420\n"),
    (record("satisfaction", "E4", note="Asked in April"),
     "performance/2021-22.yaml:9: 'note' of 'satisfaction' is 'Asked in March: \"how satisfied are you?\"' in "
     "the file but \"Asked in April\" in kpis.csv:E4",
     "    note: \"Asked in April\"\n"),
]


@pytest.mark.parametrize("imported, message, line", CONFLICTS, ids=["value", "count", "responses", "note"])
def test_a_different_value_is_kept_and_listed(project, imported, message, line):
    change = plan(project, [imported])
    assert [c.sentence() for c in change.conflicts] == [message + "; kept: use --overwrite to replace it."]
    assert change.to_write == []
    assert change.files[0].kept == [imported.item_id]


@pytest.mark.parametrize("imported, message, line", CONFLICTS, ids=["value", "count", "responses", "note"])
def test_with_overwrite_only_the_conflicting_line_changes(project, imported, message, line):
    change = plan(project, [imported], overwrite=True)
    assert [c.sentence() for c in change.conflicts] == [message + "; replaced, as --overwrite asks."]
    old, new = change.to_write[0].texts()
    out, put = changed_lines(old, new)
    assert len(out) == 1 and put == [line]
    assert change.files[0].changed == [imported.item_id]


def test_equal_values_are_no_change_and_no_conflict(project):
    change = plan(project, [record("repairs-on-time", "C2", value="91.00"),
                            record("gas-safety", "C3", count=9035, of=9116),
                            record("satisfaction", "C4", value=76, responses=412)])
    assert change.conflicts == [] and change.to_write == []
    assert change.files[0].unchanged == ["repairs-on-time", "gas-safety", "satisfaction"]
    assert change.summary(written=True).splitlines() == [
        "Read 3 results from kpis.csv: 0 added, 0 changed, 3 unchanged.", "No file needed changing."]


def test_a_figure_and_missing_contradict_each_other(make_project):
    root = make_project({"standards/repairs.yaml": AREA,
                         FILE: "period: 2021-22\nresults:\n  repairs-on-time: {missing: \"Not collected\"}\n"
                               "  gas-safety: 99\n"})
    records = [record("repairs-on-time", "C2", value=93.4), record("gas-safety", "C3", missing="System down")]
    kept = plan(root, records)
    assert [c.sentence() for c in kept.conflicts] == [
        "performance/2021-22.yaml:3: 'missing' of 'repairs-on-time' is 'Not collected' in the file but value 93.4 "
        "in kpis.csv:C2; kept: use --overwrite to replace it.",
        "performance/2021-22.yaml:4: the value of 'gas-safety' is 99 in the file but missing \"System down\" in "
        "kpis.csv:C3; kept: use --overwrite to replace it."]
    assert kept.to_write == []
    replaced = plan(root, records, overwrite=True)
    assert replaced.texts() == {FILE: "period: 2021-22\nresults:\n  repairs-on-time: 93.4\n"
                                      "  gas-safety: {missing: \"System down\"}\n"}


@pytest.mark.parametrize("imported, conflict, kept, replaced", [
    # the sheet's value against the file's count and total (9035 of 9116 is 99.11%)
    ({"value": "99.1"}, None, "gas-safety: {count: 9035,  of: 9116}", "gas-safety: {count: 9035,  of: 9116}"),
    ({"value": "95"}, "the value of 'gas-safety' is 99.11 (count 9035 of 9116) in the file but 95",
     "gas-safety: {count: 9035,  of: 9116}", "gas-safety: 95"),
    # the sheet's count and total against the file's value (91)
    ({"count": "910", "of": "1000"}, None, "repairs-on-time: {value: 91, count: 910, of: 1000}",
     "repairs-on-time: {value: 91, count: 910, of: 1000}"),
    ({"count": "950", "of": "1000"}, "the value of 'repairs-on-time' is 91 in the file but 95 (count 950 of 1000)",
     "repairs-on-time: 91", "repairs-on-time: {count: 950, of: 1000}"),
], ids=["value-agrees", "value-differs", "counts-agree", "counts-differ"])
def test_a_value_against_a_count_and_total_is_one_figure(project, imported, conflict, kept, replaced):
    item = "gas-safety" if "value" in imported else "repairs-on-time"
    sheet_record = record(item, "C2", **imported)
    for overwrite, line in ((False, kept), (True, replaced)):
        change = plan(project, [sheet_record], overwrite=overwrite)
        assert [c.sentence().split(" in kpis.csv")[0].split(": ", 1)[1] for c in change.conflicts] == \
               ([conflict] if conflict else [])
        new = change.texts().get(FILE, PERIOD).splitlines()
        assert new[5 if item == "repairs-on-time" else 6] == f"  {line}" + (
            "    # two spaces, kept" if item == "gas-safety" else "")
        assert not check_project(project / "mkdocs.yml", change.texts()).errors  # and the result is valid


# -- filling in, adding, and every other byte kept -----------------------------------------------------


def test_comments_survive_byte_for_byte_outside_the_changed_lines(project):
    records = [record("repairs-on-time", "C2", value=93.4), record("gas-safety", "C3", count=9040, of=9116),
               record("satisfaction", "C4", value=77, responses=430), record("repairs-completed", "C5", value=31250)]
    change = plan(project, records, overwrite=True)
    old, new = change.to_write[0].texts()
    out, put = changed_lines(old, new)
    assert out == ["  repairs-on-time: 91\n", "  gas-safety: {count: 9035,  of: 9116}    # two spaces, kept\n",
                   "    value: 76\n", "    responses: 412\n"]
    assert put == ["  repairs-on-time: 93.4\n", "  gas-safety: {count: 9040, of: 9116}    # two spaces, kept\n",
                   "    value: 77\n", "    responses: 430\n", "  repairs-completed: 31250\n"]
    # the new figure goes after the last result before it in area order, before 'commentary:'
    assert "    note: 'Asked in March: \"how satisfied are you?\"'\n  repairs-completed: 31250\ncommentary:" in new


def test_a_byte_order_mark_and_windows_line_endings_are_kept(make_project):
    text = PERIOD.replace("\n", "\r\n").encode("utf-8")
    root = make_project({"standards/repairs.yaml": AREA, FILE: b"\xef\xbb\xbf" + text})
    change = plan(root, [record("repairs-completed", "C5", value=31250)])
    new = change.to_write[0].new
    assert new.startswith(b"\xef\xbb\xbf# Test Homes") and b"\n" not in new.replace(b"\r\n", b"")
    assert new.replace(b"  repairs-completed: 31250\r\n", b"") == b"\xef\xbb\xbf" + text


@pytest.mark.parametrize("written, imported, expected", [
    ("  repairs-on-time:\n", {"value": "93.4"}, "  repairs-on-time: 93.4\n"),
    ("  repairs-on-time:   # from the contractor\n", {"value": "93.4"}, "  repairs-on-time: 93.4   # from the contractor\n"),
    ("  gas-safety: {count: 1, of: 2, note: \"x\"}\n", {"responses": "5"}, "  gas-safety: {count: 1, of: 2, responses: 5, note: \"x\"}\n"),
    ("  gas-safety: 99.5\n", {"responses": "5"}, "  gas-safety: {value: 99.5, responses: 5}\n"),
    ("  gas-safety:\n    note: 'x'\n", {"count": "1", "of": "2"}, "  gas-safety:\n    count: 1\n    of: 2\n    note: 'x'\n"),
    ("  gas-safety:\n    count:\n    of: 2\n", {"count": "1"}, "  gas-safety:\n    count: 1\n    of: 2\n"),
], ids=["empty", "empty-with-comment", "flow-keeps-note", "number-to-mapping", "block-new-keys", "block-empty-key"])
def test_empty_keys_are_filled_and_other_keys_stay(written, imported, expected):
    """A draft's empty `id:` means "not filled in yet" (`standards new-period` writes them)."""
    text = PeriodText(f"period: 2021-22\ndraft: true\nresults:\n{written}commentary:\n".encode())
    text.set_result(written.split(":")[0].strip(), imported)
    assert text.text == f"period: 2021-22\ndraft: true\nresults:\n{expected}commentary:\n"


@pytest.mark.parametrize("value, yaml", [(Decimal("93.40"), "93.40"), (Decimal("9035"), "9035"),
                                         (Decimal("1E+3"), "1000"), ("Average of 708", "\"Average of 708\""),
                                         ("He said \"no\": {x}", "\"He said \\\"no\\\": {x}\""),
                                         ("x" * 300, "\"" + "x" * 300 + "\"")])
def test_values_are_written_plainly_and_text_quoted(value, yaml):
    assert render(value) == yaml


# -- new files -------------------------------------------------------------------------------------


# A new draft is what `standards new-period` writes, filled in: what the sheet left out stays to fill in.
NEW_DRAFT = """\
# Test Homes: how we did, April 2022 to March 2023
# Write each result after its colon: a number, like 93.4, or {missing: "the reason"}.
# Remove 'draft: true' when the figures are approved.
period: 2022-23
draft: true
results:
  # Repairs
  repairs-on-time: 92  # We complete repairs on time · percent · at least 90%
  gas-safety: {count: 9100, of: 9116}  # Homes with a gas safety check · percent · at least 100%
  satisfaction:  # Tenants satisfied with repairs · percent · no target
  repairs-completed: 30000  # Repairs completed · count · figure, no target

# How each area is doing, and where we need to improve: a few sentences each.
commentary:
  repairs:
"""
# Published at once, it holds only what the sheet gave: an empty line would be an error there.
NEW_PUBLISHED = """\
period: 2022-23
results:
  repairs-on-time: 92
  gas-safety: {count: 9100, of: 9116}
  repairs-completed: 30000
"""


@pytest.mark.parametrize("publish, text", [(False, NEW_DRAFT), (True, NEW_PUBLISHED)], ids=["draft", "publish"])
def test_a_new_period_file_is_a_draft_unless_published_with_results_in_area_order(project, publish, text):
    later = Period("year", 2022)
    records = [record("repairs-completed", "C5", later, value=30000), record("repairs-on-time", "C2", later, value=92),
               record("gas-safety", "C3", later, count=9100, of=9116)]
    change = plan(project, records, publish=publish)
    assert [(f.file, f.created, f.draft) for f in change.to_write] == [("performance/2022-23.yaml", True, not publish)]
    assert change.texts()["performance/2022-23.yaml"] == text
    assert change.diff().startswith("--- /dev/null\n+++ b/performance/2022-23.yaml\n")
    assert "Would create performance/2022-23.yaml" + (" (a draft)." if not publish else ".") in change.summary(False)


# -- all or nothing ----------------------------------------------------------------------------------


def test_a_file_that_cannot_be_replaced_leaves_every_file_as_it_was(tmp_path):
    """The second target is a folder: its rename fails after the first file was moved in, and
    the first is put back."""
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_bytes(b"old\n")
    second.mkdir()
    (second / "inside").write_text("x")
    before = tree_digest(tmp_path)
    with pytest.raises(edit_files.WriteFailed) as raised:
        edit_files.write_together([(first, b"new\n"), (second, b"new\n")])
    assert raised.value.path == second and raised.value.reason == "that is a folder, not a file"
    assert tree_digest(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]  # no temporary file left


def test_a_folder_that_cannot_be_written_leaves_every_file_as_it_was(tmp_path):
    first = tmp_path / "a.yaml"
    first.write_bytes(b"old\n")
    before = tree_digest(tmp_path)
    with pytest.raises(edit_files.WriteFailed):
        edit_files.write_together([(first, b"new\n"), (tmp_path / "gone" / "b.yaml", b"new\n")])
    assert tree_digest(tmp_path) == before and sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def test_permissions_are_kept_and_new_files_follow_the_umask(tmp_path):
    old = tmp_path / "a.yaml"
    old.write_bytes(b"old\n")
    old.chmod(0o640)
    edit_files.write_together([(old, b"new\n"), (tmp_path / "b.yaml", b"new\n")])
    mask = os.umask(0)
    os.umask(mask)
    assert old.read_bytes() == b"new\n" and (old.stat().st_mode & 0o777) == 0o640
    assert ((tmp_path / "b.yaml").stat().st_mode & 0o777) == 0o666 & ~mask


def test_a_file_that_even_root_cannot_replace_leaves_every_file_as_it_was(make_project, tmp_path):
    """The rename phase for real: the second period file is immutable (chattr +i), so it fails
    after the first file was moved in, and the first is put back."""
    root = make_project({"standards/repairs.yaml": AREA, FILE: PERIOD,
                         "performance/2022-23.yaml": "period: 2022-23\nresults:\n  repairs-on-time: 90\n"})
    if os.geteuid() != 0 or not chattr_works(root):
        needs(False, "root and a file system with chattr +i")
    (tmp_path / "kpis.csv").write_text("id,period,value\nrepairs-completed,2021-22,31250\n"
                                       "repairs-completed,2022-23,30000\n", encoding="utf-8")
    before = data(root)
    subprocess.run(["chattr", "+i", str(root / "performance/2022-23.yaml")], check=True)
    try:
        done = run_standards("import", str(tmp_path / "kpis.csv"), cwd=root)
    finally:
        subprocess.run(["chattr", "-i", str(root / "performance/2022-23.yaml")], check=True)
    assert done.exit_code == 1, done.text
    assert "error: Could not write performance/2022-23.yaml: the operating system does not allow writing there" \
           in done.stderr
    assert "Nothing was changed." in done.stderr
    assert data(root) == before
    assert sorted(p.name for p in (root / "performance").iterdir()) == ["2021-22.yaml", "2022-23.yaml"]


# -- the command ------------------------------------------------------------------------------------

CSV = ("id,period,value,count,of\n"
       "repairs-on-time,2021-22,93.4,,\n"
       "repairs-completed,2021-22,31250,,\n"
       "gas-safety,2022-23,,9100,9116\n")


# The new draft the CSV above makes: new-period's file, with the one result the sheet has for 2022-23
GAS_SAFETY_ONLY = NEW_DRAFT.replace("repairs-on-time: 92 ", "repairs-on-time: ").replace(
    "repairs-completed: 30000 ", "repairs-completed: ")


def sheet(folder: Path, text: str = CSV, name: str = "kpis.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_csv_file_end_to_end(project):
    sheet(project)
    done = run_standards("import", "kpis.csv", cwd=project)
    assert done.exit_code == 0, done.text
    lines = done.output.splitlines()
    assert lines[0] == ("performance/2021-22.yaml:6: the value of 'repairs-on-time' is 91 in the file but 93.4 in "
                        "kpis.csv:C2; kept: use --overwrite to replace it.")
    # the new draft lists what the sheet did not give, each a warning; the old file only gained a line
    assert lines[1] == "performance/2022-23.yaml:8:3: warning: 'repairs-on-time' is not filled in yet."
    assert lines[-6:] == [
        "Read 3 results from kpis.csv: 2 added, 0 changed, 0 unchanged, 1 conflict (1 kept).",
        "Changed performance/2021-22.yaml.",
        "Created performance/2022-23.yaml (a draft).",
        "No errors in 4 files: 1 area, 3 standards, 1 figure, 2 periods.",
        "Results checked against their standards: 1 met, 0 close, 2 missed, 1 no-data.",
        "4 warnings.",
    ]
    assert (project / "performance/2022-23.yaml").read_text(encoding="utf-8") == GAS_SAFETY_ONLY
    out, put = changed_lines(PERIOD, (project / FILE).read_text(encoding="utf-8"))
    assert out == [] and put == ["  repairs-completed: 31250\n"]
    assert run_standards("check", cwd=project).exit_code == 0
    guide = (ROOT / "guide" / "importing.md").read_text(encoding="utf-8")
    assert lines[0] in guide and "\n".join(lines[-6:-2]) in guide  # the guide shows what the tool prints
    again = run_standards("import", "kpis.csv", "--overwrite", cwd=project)
    assert again.exit_code == 0, again.text
    assert "Read 3 results from kpis.csv: 0 added, 1 changed, 2 unchanged, 1 conflict (overwritten)." in again.output
    assert "  repairs-on-time: 93.4\n" in (project / FILE).read_text(encoding="utf-8")


def test_an_excel_workbook_end_to_end_and_published(project):
    import openpyxl  # a dependency of the tool: always installed, never skipped
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    q = book.create_sheet("2022-23")
    q.append(["Repairs report 2022-23"])
    q.append(["ID", "2022-23"])
    q.append(["repairs-on-time", 0.925])
    q.cell(3, 2).number_format = "0.0%"
    q.append(["repairs-completed", 30012])
    book.save(project / "kpis.xlsx")
    done = run_standards("import", "kpis.xlsx", "--sheet", "2022-23", "--publish", cwd=project)
    assert done.exit_code == 0, done.text
    assert "Created performance/2022-23.yaml.\n" in done.output
    assert (project / "performance/2022-23.yaml").read_text(encoding="utf-8") == (
        "period: 2022-23\nresults:\n  repairs-on-time: 92.5\n  repairs-completed: 30012\n")
    document = run_standards("check", "--json", cwd=project).json
    assert {(r["id"], r["value"], r["draft"]) for r in document["results"] if r["period"] == "2022-23"} >= {
        ("repairs-on-time", 92.5, False), ("repairs-completed", 30012, False)}


def test_a_dry_run_prints_the_diff_and_writes_nothing(project):
    sheet(project)
    before = tree_digest(project)
    done = run_standards("import", "kpis.csv", "--dry-run", "--overwrite", cwd=project)
    assert done.exit_code == 0, done.text
    assert tree_digest(project) == before
    assert done.output == (
        "--- a/performance/2021-22.yaml\n+++ b/performance/2021-22.yaml\n"
        "@@ -3,13 +3,14 @@\n"
        " published: 2022-06-30\n results:\n   # Repairs, from the contractor's report\n"
        "-  repairs-on-time: 91\n+  repairs-on-time: 93.4\n"
        "   gas-safety: {count: 9035,  of: 9116}    # two spaces, kept\n \n   satisfaction:\n"
        "     value: 76\n     responses: 412\n     note: 'Asked in March: \"how satisfied are you?\"'\n"
        "+  repairs-completed: 31250\n commentary:\n   repairs: >\n" + " " + PERIOD.splitlines(keepends=True)[-1] +
        "--- /dev/null\n+++ b/performance/2022-23.yaml\n@@ -0,0 +1,15 @@\n" + "".join(
            "+" + line for line in GAS_SAFETY_ONLY.splitlines(keepends=True)))
    assert "Would create performance/2022-23.yaml (a draft)." in done.stderr
    assert not list(project.rglob("*.part"))


def test_json_holds_the_problems_and_the_change(project):
    sheet(project)
    document = run_standards("import", "kpis.csv", "--json", cwd=project).json
    assert document["errors"] == [] and document["organisation"] == "Test Homes"
    change = document["import"]
    assert (change["written"], change["added"], change["changed"], change["unchanged"]) == (True, 2, 0, 0)
    assert change["conflicts"] == [{"file": FILE, "line": 6, "id": "repairs-on-time", "key": "value",
                                    "in_file": "91", "imported": "93.4", "source": "kpis.csv", "cell": "C2",
                                    "overwritten": False}]
    assert [(f["file"], f["created"], f["draft"], f["added"]) for f in change["files"]] == [
        (FILE, False, False, ["repairs-completed"]), ("performance/2022-23.yaml", True, True, ["gas-safety"])]
    assert [w["code"] for w in document["warnings"]] == ["not-filled-in"] * 4
    (project / "performance/2022-23.yaml").unlink()
    dry = run_standards("import", "kpis.csv", "--json", "--dry-run", cwd=project).json
    assert dry["import"]["written"] is False and dry["import"]["added"] == 1
    assert dry["diff"] == "--- /dev/null\n+++ b/performance/2022-23.yaml\n@@ -0,0 +1,15 @@\n" + "".join(
        "+" + line for line in GAS_SAFETY_ONLY.splitlines(keepends=True))


@pytest.mark.parametrize("text, expected", [
    # a reading error, at its cell, in check's format
    ("id,period,value\nrepairs-on-time,2021-22,abc\n", "kpis.csv:C2: error: 'abc' is not a number."),
    # a result the check refuses once written: at the sheet's cell, not at a line the file never had
    ("id,period,count,of\ngas-safety,2021-22,9200,9116\n",
     "kpis.csv:C2: error: The result for 'gas-safety' has 'count' 9200, more than 'of' 9116."),
], ids=["reading", "checking"])
def test_errors_are_at_the_cells_and_nothing_is_written(project, text, expected):
    sheet(project, text)
    before = data(project)
    done = run_standards("import", "kpis.csv", "--overwrite", cwd=project)
    assert done.exit_code == 1
    assert expected in done.stderr
    assert data(project) == before
    document = run_standards("import", "kpis.csv", "--overwrite", "--json", cwd=project).json
    assert document["errors"][0]["file"] == "kpis.csv" and document["errors"][0]["cell"] == "C2"


def test_a_project_with_errors_is_refused_before_the_sheet_is_read(make_project):
    root = make_project({"standards/repairs.yaml": AREA, FILE: PERIOD.replace("repairs-on-time: 91", "repairs-on-tme: 91")})
    sheet(root)
    before = data(root)
    done = run_standards("import", "kpis.csv", cwd=root)
    assert done.exit_code == 1
    assert "performance/2021-22.yaml:6:3: error: There is no standard or figure with the id 'repairs-on-tme'." \
           in done.stderr
    assert "Nothing was imported: fix these first" in done.stderr
    assert data(root) == before


def test_a_new_file_is_never_written_over_a_file_of_that_name(project):
    """performance/2022-23.yaml holds another period: the new 2022-23 file cannot take its name."""
    other = "period: 2023-24\nresults:\n  repairs-on-time: 92\n"
    (project / "performance/2022-23.yaml").write_text(other, encoding="utf-8")
    sheet(project)
    before = data(project)
    done = run_standards("import", "kpis.csv", cwd=project)
    assert done.exit_code == 1
    assert ("performance/2022-23.yaml:1:1: error: Could not write performance/2022-23.yaml: a file of that name "
            "is there already, for another period.") in done.stderr
    assert data(project) == before


def _import(root: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "import", "kpis.csv"], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stopped_import_leaves_every_file_old_or_every_file_new(make_project, signum):
    """Stopped at moments spread over a whole import, from the start to the end: each time,
    either no period file changed or all of them did, and no temporary file is left."""
    periods = {f"performance/{2000 + i}-{(i + 1) % 100:02d}.yaml": f"period: {2000 + i}-{(i + 1) % 100:02d}\n"
               f"results:\n  repairs-on-time: 90  # kept\n" for i in range(40)}
    root = make_project({"standards/repairs.yaml": AREA, **periods})
    rows = "".join(f"repairs-completed,{2000 + i}-{(i + 1) % 100:02d},{i}\n" for i in range(40))
    sheet(root, "id,period,value\n" + rows)
    old = {name: (root / name).read_bytes() for name in periods}
    started = time.monotonic()
    assert _import(root).wait(timeout=60) == 0
    whole = time.monotonic() - started  # how long an import takes on this machine
    for name, data in old.items():
        (root / name).write_bytes(data)
    outcomes = set()
    for step in range(1, 17):
        process = _import(root)
        time.sleep(whole * step / 16)
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
        if process.returncode in (0, 130):  # (before Python has started the command, it stops as Python does)
            # a signal while Python itself is still importing modules can make the interpreter print
            # "Exception ignored in ... <frozen importlib._bootstrap>": its own, before our code runs
            ours = err.split("Exception ignored in: <function _get_module_lock")[0]
            assert "Traceback" not in ours, err
        now = {name: (root / name).read_bytes() for name in periods}
        changed = sum(now[name] != old[name] for name in periods)
        assert changed in (0, len(periods)), f"{changed} of {len(periods)} files changed: {err}"
        assert not list(root.rglob("*.part"))
        if process.returncode == 130:
            said = "The files were written before it stopped." if changed else "Nothing was changed."
            assert f"Stopped before the end. {said}" in err
        outcomes.add((process.returncode, changed))
        for name, data in old.items():
            (root / name).write_bytes(data)
    assert (130, 0) in outcomes, outcomes  # stopped before writing, at least once


@pytest.mark.parametrize("data, expected", [
    (b"period: 2021-22\nresults:\n  gas-safety: 99", b"period: 2021-22\nresults:\n  gas-safety: 99\n  repairs-completed: 5\n"),
    (b"---\nperiod: 2021-22\nresults:\n...\n", b"---\nperiod: 2021-22\nresults:\n  repairs-completed: 5\n...\n"),
    (b"period: 2021-22\nresults: {}\n# the end\n", b"period: 2021-22\nresults:\n  repairs-completed: 5\n# the end\n"),
    ("period: 2021-22\nresults:\n    gas-safety: 99\n".encode("utf-16"),
     "period: 2021-22\nresults:\n    gas-safety: 99\n    repairs-completed: 5\n".encode("utf-16")),
], ids=["no-final-newline", "document-markers", "empty-braces", "utf-16-and-indent-4"])
def test_new_results_fit_the_file_as_it_is_written(data, expected):
    text = PeriodText(data)
    text.set_result("repairs-completed", {"value": "5"}, after=["gas-safety"])
    assert text.data() == expected


def test_a_result_written_as_an_alias_is_not_changed_through_its_anchor():
    from generator.edit.yaml import Unreadable

    text = PeriodText(b"period: 2021-22\nresults:\n  gas-safety: &same 99\n  repairs-on-time: *same\n"
                      b"  satisfaction:\n    value: *same\n")
    for item in ("repairs-on-time", "satisfaction", "gas-safety"):
        with pytest.raises(Unreadable, match="alias"):
            text.set_result(item, {"value": "93"})


def test_an_alias_in_the_way_is_a_located_error_and_nothing_is_written(make_project):
    root = make_project({"standards/repairs.yaml": AREA,
                         FILE: "period: 2021-22\nresults:\n  gas-safety: &same {value: 99}\n  repairs-on-time: *same\n"})
    sheet(root, "id,period,value\nrepairs-on-time,2021-22,93\n")
    before = data(root)
    done = run_standards("import", "kpis.csv", "--overwrite", cwd=root)
    assert done.exit_code == 1
    assert ("performance/2021-22.yaml:1:1: error: Could not write performance/2021-22.yaml: the result for "
            "'repairs-on-time' is written with an alias (*) or an anchor (&): write it out to import into it.") in done.stderr
    assert data(root) == before


def test_the_example_projects_results_imported_back_change_nothing(tmp_path):
    """Every 2021-22 result of the example project (comments, sections, block mappings, notes),
    as `standards check --json` gives them, written to a sheet and imported again: all unchanged."""
    import csv

    root = copy_example(tmp_path / "example")
    rows = [r for r in run_standards("check", "--json", cwd=root).json["results"]
            if r["period"] == "2021-22" and (r["value"] is not None or r.get("missing"))]
    assert len(rows) > 50
    columns = ["value", "count", "of", "homes", "responses", "note", "missing"]
    with open(root / "kpis.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "period", *columns])
        for row in rows:
            given = {k: row.get(k, "") for k in columns}
            if given["count"] != "":
                given["value"] = ""  # the file gives the count and total, not the value
            writer.writerow([row["id"], row["period"], *given.values()])
    before = data(root)
    done = run_standards("import", "kpis.csv", "--overwrite", cwd=root)
    assert done.exit_code == 0, done.text
    assert f"Read {len(rows)} results from kpis.csv: 0 added, 0 changed, {len(rows)} unchanged." in done.output
    assert data(root) == before
