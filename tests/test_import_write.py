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

from .conftest import needs, run_standards, tree_digest

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
        "Imported 3 results from kpis.csv: 0 added, 0 changed, 3 unchanged.", "No file needed changing."]


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


@pytest.mark.parametrize("publish, head", [(False, "period: 2022-23\ndraft: true\nresults:\n"),
                                           (True, "period: 2022-23\nresults:\n")], ids=["draft", "publish"])
def test_a_new_period_file_is_a_draft_unless_published_with_results_in_area_order(project, publish, head):
    later = Period("year", 2022)
    records = [record("repairs-completed", "C5", later, value=30000), record("repairs-on-time", "C2", later, value=92),
               record("gas-safety", "C3", later, count=9100, of=9116)]
    change = plan(project, records, publish=publish)
    assert [(f.file, f.created, f.draft) for f in change.to_write] == [("performance/2022-23.yaml", True, not publish)]
    assert change.texts()["performance/2022-23.yaml"] == head + (
        "  repairs-on-time: 92\n  gas-safety: {count: 9100, of: 9116}\n  repairs-completed: 30000\n")
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


def _chattr_works(folder: Path) -> bool:
    probe = folder / "probe"
    probe.write_text("x")
    works = subprocess.run(["chattr", "+i", str(probe)], capture_output=True).returncode == 0
    subprocess.run(["chattr", "-i", str(probe)], capture_output=True)
    probe.unlink()
    return works
