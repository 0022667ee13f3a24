"""Property-based fuzzing of loading and validation (Hypothesis).

Random and mutated YAML never raises anything but the project's own problems,
and every reported location is inside the file (or just after its end).
In CI (CI=true) each property runs 2,000 examples; locally fewer.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.pipeline import check_project

from .conftest import DEFAULT_CONFIG, ROOT

EXAMPLES = 2000 if os.environ.get("CI") else 200
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

SEED_AREA = (ROOT / "standards" / "complaints.yaml").read_text(encoding="utf-8")
SEED_PERIOD = (ROOT / "performance" / "2024-25.yaml").read_text(encoding="utf-8")
YAML_BITS = [":", " ", "\n", "-", "- ", "#", "'", '"', "{", "}", "[", "]", ",", "&a", "*a", "!", "|", ">", "\t",
             "%", "@", "`", "?", "~", "null", "yes", "1_000", "0x1F", "1e9", ".inf", "95%", "2021-22", "Q5", "\ufeff",
             "\x00", "\r\n", "é", "£", "  ", "    "]


class Project:
    """One temporary project reused across examples (a folder per example is too slow)."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="fuzz-"))
        (self.root / "standards").mkdir()
        (self.root / "performance").mkdir()
        (self.root / "mkdocs.yml").write_text(DEFAULT_CONFIG)

    def run(self, area: bytes | str, period: bytes | str):
        for name, content in (("standards/complaints.yaml", area), ("performance/2024-25.yaml", period)):
            path = self.root / name
            if isinstance(content, str):
                path.write_text(content, encoding="utf-8", newline="")
            else:
                path.write_bytes(content)
        outcome = check_project(self.root / "mkdocs.yml")  # raises only on a bug
        files = {"standards/complaints.yaml": area, "performance/2024-25.yaml": period}
        for problem in outcome.problems.items:
            location = problem.location
            assert location.line >= 1 and location.column >= 1, problem
            content = files.get(location.file)
            if content is None:
                continue
            text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
            lines = text.split("\n")
            assert location.line <= len(lines) + 1, (problem, len(lines))
        return outcome


PROJECT = Project()


def teardown_module():
    shutil.rmtree(PROJECT.root, ignore_errors=True)


@st.composite
def mutated(draw, seed: str):
    text = seed
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["insert", "delete", "replace", "dup-line", "drop-line", "swap"]))
        position = draw(st.integers(0, max(0, len(text) - 1)))
        if kind == "insert":
            text = text[:position] + draw(st.sampled_from(YAML_BITS)) + text[position:]
        elif kind == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 20)):]
        elif kind == "replace":
            text = text[:position] + draw(st.sampled_from(YAML_BITS)) + text[position + 1:]
        else:
            lines = text.split("\n")
            index = draw(st.integers(0, max(0, len(lines) - 1)))
            if kind == "dup-line":
                lines.insert(index, lines[index])
            elif kind == "drop-line" and len(lines) > 1:
                lines.pop(index)
            elif kind == "swap" and len(lines) > 1:
                other = draw(st.integers(0, len(lines) - 1))
                lines[index], lines[other] = lines[other], lines[index]
            text = "\n".join(lines)
    return text


@FUZZ
@given(area=mutated(SEED_AREA), period=mutated(SEED_PERIOD))
def test_mutated_files_give_problems_not_crashes(area, period):
    PROJECT.run(area, period)


@FUZZ
@given(area=st.text(max_size=300), period=st.binary(max_size=300))
def test_random_text_and_bytes_give_problems_not_crashes(area, period):
    PROJECT.run(area, period)


@FUZZ
@given(data=st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["area", "standards", "figures", "id", "title", "unit", "target", "targets", "from",
                         "at_least", "at_most", "tolerance", "period", "results", "value", "count", "of", "missing",
                         "commentary", "benchmarks", "source", "values", "retired", "basis", "survey", "x"]),
        children, max_size=5),
    max_leaves=25))
def test_random_structures_give_problems_not_crashes(data):
    import yaml

    text = yaml.safe_dump(data, allow_unicode=True)
    PROJECT.run(text, text)
