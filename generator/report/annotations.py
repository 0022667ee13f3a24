"""`standards check --annotations`: the problems for a CI service to show on the lines of a change.

github: one GitHub Actions workflow command a problem (``::error file=F,line=L,col=C,title=CODE::msg``),
which GitHub shows on that line of the pull request.  gitlab: a GitLab Code Quality report (a JSON
list), which GitLab shows in the merge request.  Paths are as the CI service sees them: relative to
the repository's top; ``prefix`` (worked out by the command) adds the project's folder when it
has one of its own.
"""

from __future__ import annotations

import hashlib
import json
from typing import Iterable

from generator.problems import ERROR, Problem

ANNOTATIONS = ("github", "gitlab")


def _lines(problem: Problem) -> list[str]:
    """What the text report says of a problem, without its location and the line it shows."""
    lines = [problem.message]
    if problem.location.cell is not None:
        lines[0] += f" (cell {problem.location.cell})"  # a spreadsheet has no lines: name the cell
    if problem.found and problem.found not in problem.message:
        lines.append(f"Found: {problem.found}.")
    if problem.expected:
        lines.append(f"Expected {problem.expected}.")
    if problem.hint:
        lines.append(problem.hint)
    return lines


def _path(problem: Problem, prefix: str) -> str:
    return f"{prefix.rstrip('/')}/{problem.location.file}" if prefix else problem.location.file


# -- GitHub ------------------------------------------------------------------------------------
# The escaping of @actions/core (toolkit's command.ts): the runner reads one command a line, so
# '%', CR and LF are percent-encoded in the message, and ':' and ',' too in a property's value,
# where they would end it.


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(problem: Problem, prefix: str = "") -> str:
    """One workflow command: ``::error file=standards/repairs.yaml,line=4,col=5,title=unknown-key::...``."""
    loc = problem.location
    command = "error" if problem.severity == ERROR else "warning"
    properties = ",".join(f"{key}={escape_property(str(value))}" for key, value in (
        ("file", _path(problem, prefix)), ("line", loc.line), ("col", loc.column), ("title", problem.code)))
    return f"::{command} {properties}::{escape_data(chr(10).join(_lines(problem)))}"


def github(problems: Iterable[Problem], prefix: str = "") -> str:
    return "".join(github_line(p, prefix) + "\n" for p in problems)


# -- GitLab ------------------------------------------------------------------------------------

SEVERITY = {ERROR: "major"}  # GitLab's words (info, minor, major, critical, blocker); a warning is minor


def gitlab_issue(problem: Problem, prefix: str = "") -> dict:
    """One issue of a Code Quality report (GitLab's required fields, and the column)."""
    loc = problem.location
    path = _path(problem, prefix)
    description = " ".join(_lines(problem))
    # the same problem at the same place has the same fingerprint in every run: GitLab compares
    # a merge request's report with the target branch's by it, to say what is new and what fixed
    fingerprint = hashlib.sha256("\0".join((problem.code, path, str(loc.line), str(loc.column),
                                            description)).encode("utf-8")).hexdigest()
    return {
        "description": description,
        "check_name": problem.code,
        "fingerprint": fingerprint,
        "severity": SEVERITY.get(problem.severity, "minor"),
        "location": {"path": path, "lines": {"begin": loc.line}},
    }


def gitlab(problems: Iterable[Problem], prefix: str = "") -> str:
    return json.dumps([gitlab_issue(p, prefix) for p in problems], indent=2, ensure_ascii=False) + "\n"


def annotations(kind: str, problems: Iterable[Problem], prefix: str = "") -> str:
    """The problems in ``kind``'s words: one of ANNOTATIONS."""
    return {"github": github, "gitlab": gitlab}[kind](problems, prefix)
