"""`standards check --annotations`: a problem as a GitHub Actions workflow command (escaped as the
runner reads it) and as an issue of a GitLab Code Quality report."""

from __future__ import annotations

import json

import pytest

from generator.problems import Location, Problem
from generator.report.annotations import escape_data, escape_property, github_line, gitlab, gitlab_issue

from .conftest import AREA, PERIOD, run_standards


@pytest.fixture(autouse=True)
def outside_ci(monkeypatch):
    """Not in a CI job (this suite may run in one): paths are then from where the check runs."""
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.delenv("CI_PROJECT_DIR", raising=False)


UNIT = Problem("unknown-unit", "The unit is 'percentt'.", Location("standards/repairs.yaml", 5, 11, 8),
               expected="one of: percent, count", hint="Did you mean 'percent'?")


@pytest.mark.parametrize("problem, prefix, line", [
    (UNIT, "",
     "::error file=standards/repairs.yaml,line=5,col=11,title=unknown-unit::"
     "The unit is 'percentt'.%0AExpected one of: percent, count.%0ADid you mean 'percent'?"),
    # the project in a folder of the repository: the file as GitHub names it
    (UNIT, "landlord/site",
     "::error file=landlord/site/standards/repairs.yaml,line=5,col=11,title=unknown-unit::"
     "The unit is 'percentt'.%0AExpected one of: percent, count.%0ADid you mean 'percent'?"),
    # a warning; '%' in the message is escaped, ':' and ',' are not (only properties end at them)
    (Problem("gap", "No result: 100% last year, a gap.", Location("performance/2022-23.yaml", 2, 1)), "",
     "::warning file=performance/2022-23.yaml,line=2,col=1,title=gap::No result: 100%25 last year, a gap."),
    # CR and LF inside the message, and what was found, on lines of their own
    (Problem("wrong-type", "Line one\r\nline two", Location("standards/a.yaml", 3, 7), found="a list"), "",
     "::error file=standards/a.yaml,line=3,col=7,title=wrong-type::Line one%0D%0Aline two%0AFound: a list."),
    # a file name with ':', ',' and '%' in it: escaped in the file property
    (Problem("file-empty", "The file is empty.", Location("standards/a,b:c%.yaml")), "",
     "::error file=standards/a%2Cb%3Ac%25.yaml,line=1,col=1,title=file-empty::The file is empty."),
    # a spreadsheet's cell: named in the message (its row and column are the line and col)
    (Problem("out-of-range", "101 is over 100.", Location("kpis.xlsx", 14, 3, cell="Q1!C14")), "",
     "::error file=kpis.xlsx,line=14,col=3,title=out-of-range::101 is over 100. (cell Q1!C14)"),
])
def test_a_problem_is_one_workflow_command(problem, prefix, line):
    assert github_line(problem, prefix) == line


@pytest.mark.parametrize("text, data, prop", [
    ("plain", "plain", "plain"),
    ("50%", "50%25", "50%25"),
    ("%0A", "%250A", "%250A"),  # a '%' first, so an escape written by the user stays as written
    ("a\rb\nc", "a%0Db%0Ac", "a%0Db%0Ac"),
    ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
    ("::error::", "::error::", "%3A%3Aerror%3A%3A"),
])
def test_escaping_as_github_documents(text, data, prop):
    assert (escape_data(text), escape_property(text)) == (data, prop)


REQUIRED = {"description": str, "check_name": str, "fingerprint": str, "severity": str}
SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


@pytest.mark.parametrize("problem, prefix, path, severity", [
    (UNIT, "", "standards/repairs.yaml", "major"),
    (UNIT, "site", "site/standards/repairs.yaml", "major"),
    (Problem("gap", "No result.", Location("performance/2022-23.yaml", 2, 1)), "", "performance/2022-23.yaml",
     "minor"),
])
def test_a_problem_is_a_code_quality_issue(problem, prefix, path, severity):
    issue = gitlab_issue(problem, prefix)
    for key, kind in REQUIRED.items():
        assert isinstance(issue[key], kind) and issue[key], key
    assert issue["severity"] in SEVERITIES
    assert (issue["check_name"], issue["severity"]) == (problem.code, severity)
    assert issue["location"] == {"path": path, "lines": {"begin": problem.location.line}}
    assert issue["description"].startswith(problem.message)


def test_fingerprints_are_the_same_each_run_and_differ_between_problems():
    moved = Problem(UNIT.code, UNIT.message, Location(UNIT.location.file, 9, 11), UNIT.expected, hint=UNIT.hint)
    report = json.loads(gitlab([UNIT, moved, UNIT]))
    prints = [issue["fingerprint"] for issue in report]
    assert prints[0] == prints[2] != prints[1]
    assert json.loads(gitlab([])) == []


BROKEN = AREA.replace("unit: percent", "unit: percentt")


@pytest.mark.parametrize("kind", ["github", "gitlab"])
def test_the_check_prints_annotations_and_the_report(make_project, kind):
    root = make_project({"standards/repairs.yaml": BROKEN, "performance/2021-22.yaml": PERIOD})
    run = run_standards("check", "--annotations", kind, cwd=root)
    assert run.exit_code == 1
    assert "standards/repairs.yaml:5:11: error: The unit of standard 'repairs-on-time'" in run.stderr
    assert "Found 1 error in 1 file." in run.stderr
    if kind == "github":
        assert run.output.startswith("::error file=standards/repairs.yaml,line=5,col=11,title=unknown-unit::"
                                     "The unit of standard 'repairs-on-time' is 'percentt'")
        assert run.output.count("\n") == 1
    else:
        (issue,) = json.loads(run.output)  # standard output is the report alone
        assert issue["location"] == {"path": "standards/repairs.yaml", "lines": {"begin": 5}}


def test_a_project_without_problems_has_no_annotations(make_project):
    root = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD})
    run = run_standards("check", "--annotations", "github", cwd=root)
    assert run.exit_code == 0
    assert "::" not in run.output and "No errors in 3 files" in run.output
    run = run_standards("check", "--annotations", "gitlab", cwd=root)
    assert (run.exit_code, json.loads(run.output)) == (0, [])
    assert "No errors in 3 files" in run.stderr


@pytest.mark.parametrize("kind, variable", [("github", "GITHUB_WORKSPACE"), ("gitlab", "CI_PROJECT_DIR")])
def test_paths_are_from_the_checkout_else_from_where_the_check_runs(make_project, tmp_path, monkeypatch,
                                                                     kind, variable):
    root = make_project({"standards/repairs.yaml": BROKEN})
    runs = [run_standards("check", "-f", str(root / "mkdocs.yml"), "--annotations", kind, cwd=tmp_path)]
    monkeypatch.setenv(variable, str(tmp_path))  # the repository's top, the check run in the project
    runs.append(run_standards("check", "--annotations", kind, cwd=root))
    monkeypatch.setenv(variable, str(root))
    runs.append(run_standards("check", "--annotations", kind, cwd=root))
    expected = [f"{root.name}/standards/repairs.yaml"] * 2 + ["standards/repairs.yaml"]
    if kind == "github":
        assert [r.output.split(",")[0] for r in runs] == [f"::error file={path}" for path in expected]
    else:
        assert [json.loads(r.output)[0]["location"]["path"] for r in runs] == expected


@pytest.mark.parametrize("args, message", [
    (["--json", "--annotations", "github"], "Use --json or --annotations, not both"),
    (["--annotations", "jenkins"], "'jenkins' is not one of 'github', 'gitlab'"),
])
def test_wrong_uses_of_the_option(make_project, args, message):
    root = make_project({"standards/repairs.yaml": AREA})
    run = run_standards("check", *args, cwd=root)
    assert run.exit_code == 2
    assert message in run.stderr
