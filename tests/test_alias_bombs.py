"""A file whose aliases expand past the limit is refused at the alias that takes it past, not at line 1.

The counts are worked out by hand: every key, value, list and mapping is one value, and an alias
is as many values as the value its anchor marks, expanded.  The limit is 250,000 values.
"""

import pytest

from generator.problems import Problems
from generator.source.yaml import MAX_NODES, parse

from .conftest import run_standards


def ten(value: str) -> str:
    return "[" + ", ".join([value] * 10) + "]"


# a: 1 list + 10 values = 11; b: 1 + 10 x 11 = 111; c: 1,111; d: 11,111; e: 111,111
LADDER = [f"a: &a {ten('x')}", f"b: &b {ten('*a')}", f"c: &c {ten('*b')}", f"d: &d {ten('*c')}"]


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


BOMBS = [
    pytest.param(
        # 3 (area: Repairs) + 12 + 112 + 1,112 + 11,112 = 12,351; e's key and list: 12,353;
        # the 21st *d makes 245,684, the 22nd 256,795: at column 5 + 4 x 21
        lines("area: Repairs", *LADDER, "e: [" + ", ".join(["*d"] * 30) + "]"),
        6, 89, "d", id="flow-list-22nd-alias"),
    pytest.param(
        # a comment first; 12,351 after d; e: 1 + 111,111 = 123,463; f's key 123,464; its list 123,465;
        # the first *e 234,576, the second 345,687: line 10
        lines("# every value of the ladder", "area: Repairs", *LADDER, f"e: &e {ten('*d')}", "f:",
              "  - *e", "  - *e", "  - *e"),
        10, 5, "e", id="block-list-second-alias"),
    pytest.param(
        # inside results: 3 (period) + 1 (results) + 1 (its mapping) = 5; the ladder, two spaces in:
        # 17, 129, 1,241, 12,353; e: 123,465; f's key and mapping 123,467; x: 123,468; *e 234,579;
        # y: 234,580; its *e 345,691
        lines("period: 2021-22", "results:", *("  " + row for row in LADDER), f"  e: &e {ten('*d')}",
              "  f: {x: *e, y: *e, z: *e}"),
        8, 17, "e", id="flow-mapping-second-value"),
]


@pytest.mark.parametrize("text, line, column, name", BOMBS)
def test_the_alias_that_crosses_the_limit_is_pointed_at(text, line, column, name):
    problems = Problems()
    assert parse(text, "f.yaml", problems) is None
    assert MAX_NODES == 250_000  # the limit the counts above are worked out for
    [problem] = problems.items
    assert problem.code == "yaml-aliases"
    assert (problem.location.line, problem.location.column, problem.location.length) == (line, column, 2)
    assert f"Here '*{name}' takes it past 250,000 values." in problem.message
    assert text.splitlines()[line - 1][column - 1:column + 1] == f"*{name}"  # the place is the alias


def test_a_bomb_in_a_project_is_reported_at_its_alias(make_project):
    root = make_project({"standards/repairs.yaml": BOMBS[1].values[0]})
    run = run_standards("check", cwd=root)
    assert run.exit_code == 1
    assert "standards/repairs.yaml:10:5: error: This file uses YAML aliases" in run.text
    assert "   10 |   - *e\n      |     ^^\n" in run.text
