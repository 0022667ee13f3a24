"""The `standards` command as a user meets it: exit codes, output, nothing changed, no traceback."""

import json
import subprocess
import sys

import pytest

from .conftest import AREA, PERIOD, ROOT, run_standards, tree_digest


@pytest.fixture
def valid(make_project):
    return make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD})


def test_valid_project_exits_0_with_a_summary(valid):
    run = run_standards("check", cwd=valid)
    assert run.exit_code == 0
    assert "No errors in 3 files: 1 area, 1 standard, 0 figures, 1 period." in run.output
    assert "1 met, 0 close, 0 missed, 0 no-data" in run.output


def test_json_document_has_exactly_the_contract_keys(valid):
    document = run_standards("check", "--json", cwd=valid).json
    assert list(document) == ["organisation", "errors", "warnings", "results"]
    assert document["organisation"] == "Test Homes"
    row = document["results"][0]
    assert row == {
        "id": "repairs-on-time", "kind": "standard", "area": "repairs", "period": "2021-22", "value": 91,
        "unit": "percent", "target": {"at_least": 90}, "status": "met", "previous_period": None,
        "previous_value": None, "trend": None, "draft": False,
        "margin_of_error": None, "significant_change": None,  # added for survey results (issue 12)
    }


def test_config_file_option_works_from_another_folder(valid, tmp_path):
    run = run_standards("check", "-f", str(valid / "mkdocs.yml"), cwd=tmp_path)
    assert run.exit_code == 0
    run = run_standards("check", "--config-file", str(valid / "mkdocs.yml"), cwd=tmp_path)
    assert run.exit_code == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "--jsn"], "No such option"),
        (["chek"], "No such command 'chek'"),
        (["check", "-f", "nowhere/mkdocs.yml"], "Cannot find"),
        (["import"], "Missing argument 'FILE'"),
        (["import", "kpis.csv", "--period", "2021-2"], "Invalid value for '--period': '2021-2' is not a period."),
        (["import", "kpis.csv", "-f", "nowhere/mkdocs.yml"], "Cannot find"),
    ],
)
def test_wrong_command_line_exits_2(valid, args, message):
    run = run_standards(*args, cwd=valid)
    assert run.exit_code == 2
    assert message in run.stderr


def test_no_mkdocs_yml_in_folder_exits_2_with_advice(tmp_path):
    run = run_standards("check", cwd=tmp_path)
    assert run.exit_code == 2
    assert "folder that holds mkdocs.yml" in run.stderr


def test_strict_fails_on_warnings(make_project):
    root = make_project({"standards/repairs.yaml": AREA})  # checked but never reported: a warning
    assert run_standards("check", cwd=root).exit_code == 0
    strict = run_standards("check", "--strict", cwd=root)
    assert strict.exit_code == 1
    assert "--strict" in strict.text
    assert run_standards("check", "--strict", "--json", cwd=root).json["warnings"]


def test_errors_go_to_stderr_and_are_counted(make_project):
    root = make_project({"standards/repairs.yaml": AREA.replace("percent", "percnt"),
                         "performance/2021-22.yaml": PERIOD.replace("2021-22", "2021-23")})
    run = run_standards("check", cwd=root)
    assert run.exit_code == 1
    assert "Found 2 errors in 2 files." in run.stderr
    assert "Did you mean 'percent'?" in run.stderr


def test_check_never_changes_a_file(valid):
    before = tree_digest(valid)
    run_standards("check", cwd=valid)
    run_standards("check", "--json", cwd=valid)
    assert tree_digest(valid) == before


def test_real_process_prints_no_traceback(make_project):
    root = make_project({"standards/repairs.yaml": b"\xff\xfe\x00garbage", "performance/x.yaml": "{{{"})
    process = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=root, capture_output=True, text=True)
    assert process.returncode == 1
    assert "Traceback" not in process.stderr + process.stdout
    assert "standards/repairs.yaml:1:1: error:" in process.stderr


def test_core_does_not_import_mkdocs():
    code = (
        "import sys; import generator.pipeline, generator.report.check, generator.present.values, generator.cli; "
        "from generator.pipeline import check_project; from pathlib import Path; check_project(Path('mkdocs.yml').resolve()); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))"
    )
    process = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert process.stdout.strip() == "[]"


def test_example_project_checks_clean_and_unchanged():
    data = ("standards", "performance", "regulator")  # the regulator's dataset too: its cache is not beside it
    before = [tree_digest(ROOT / name) for name in data] + [(ROOT / "mkdocs.yml").read_bytes()]
    run = run_standards("check", "--strict", cwd=ROOT)
    assert run.exit_code == 0, run.text
    assert "warning" not in run.text
    assert [tree_digest(ROOT / name) for name in data] + [(ROOT / "mkdocs.yml").read_bytes()] == before
    assert sorted(p.name for p in (ROOT / "regulator").iterdir()) == ["README.md", "TSM_2025_Full_Data.xlsx"]


def test_example_check_json_matches_golden(golden):
    run = run_standards("check", "--json", cwd=ROOT)
    golden("check.json", run.output)
    json.loads(run.output)


def test_mkdocs_build_runs_the_plugin_and_fails_on_bad_data(make_project, tmp_path):
    root = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD,
                         "docs/about.md": "# About\n"})
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")]
    ok = subprocess.run(mkdocs, cwd=root, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "site" / "index.html").exists()
    (root / "performance" / "2021-22.yaml").write_text(PERIOD.replace("91", "91%"))
    bad = subprocess.run(mkdocs, cwd=root, capture_output=True, text=True)
    assert bad.returncode != 0
    assert "performance/2021-22.yaml:3:20: error:" in bad.stderr
    assert "Traceback" not in bad.stderr


@pytest.mark.parametrize("command", ["init", "new-period"])
def test_the_commands_that_write_staff_files_are_listed_with_their_help(command):
    listed = run_standards("--help")
    assert listed.exit_code == 0
    assert f"  {command} " in listed.output
    helped = run_standards(command, "--help")
    assert helped.exit_code == 0
    assert ("--organisation" if command == "init" else "PERIOD") in helped.output
