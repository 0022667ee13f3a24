"""
Tests to ensure the staff guide documents every entry of every registry.

Each registry entry is its own parametrized test, so a new problem code, unit,
key, setting, status, trend or period form that is added to the code without
being written up in guide/ shows up as one named failure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.assess.actions import STATUSES as ACTION_STATUSES
from generator.registry.actions import ACTION_STATES

from generator.assess.rules import STATUSES, TRENDS
from generator.problems import CODES, ERROR, WARNING
from generator.registry import keys as schema
from generator.registry.periods import KINDS
from generator.registry.units import UNITS
from generator.validate.settings import CONTACT, NEWSLETTER_SETTINGS, OPTIONS, TSM_SETTINGS

GUIDE = Path(__file__).resolve().parent.parent / "guide"

FENCE_RE = re.compile(r"^```.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN_RE = re.compile(r"`([^`\n]+)`")
HEADING3_RE = re.compile(r"^### (.*?)\s*$", re.MULTILINE)
CODE_HEADING_RE = re.compile(r"^`([^`]+)`$")
LINK_RE = re.compile(r"\]\(([^)\s]+)\)")

SCHEMA_MAPPINGS = {
    name: getattr(schema, name)
    for name in (
        "AREA",
        "STANDARD",
        "FIGURE",
        "TARGET",
        "DATED_TARGET",
        "PERFORMANCE",
        "RESULT",
        "BENCHMARKS",
        "BENCHMARK_GROUP",
        "BENCHMARK_VALUE",
        "NEWSLETTER",
        "TSM_BLOCK",
        "PLAN",
        "OBJECTIVE",
        "ACTION",
        "ACTION_REPORT",
        "TSM_RESULT",
        "TSM_BY_TENURE",
        "TSM_HOMES",
        "TSM_LINK",
        "SURVEY_SUMMARY",
        "TSM_TIMESCALES",
    )
}


def read(name: str) -> str:
    return (GUIDE / name).read_text(encoding="utf-8")


def code_spans(markdown: str) -> set[str]:
    """Everything written in `backticks` in running text (not in fenced examples)."""
    return {span.strip() for span in CODE_SPAN_RE.findall(FENCE_RE.sub("", markdown))}


errors_md = read("errors.md")
format_md = read("format.md")
format_spans = code_spans(format_md)
error_headings = HEADING3_RE.findall(FENCE_RE.sub("", errors_md))
documented_codes = [m.group(1) for h in error_headings if (m := CODE_HEADING_RE.match(h))]


def error_section(code: str) -> str:
    """The text of errors.md under ### `code`, up to the next heading of level 2 or 3."""
    match = re.search(rf"^### `{re.escape(code)}`\s*$(.*?)(?=^## |^### |\Z)", errors_md,
                      re.MULTILINE | re.DOTALL)
    assert match, f"no section for {code}"
    return match.group(1)


# -- guide/errors.md -------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_problem_code_has_heading(code):
    assert f"`{code}`" in error_headings, f"guide/errors.md has no heading ### `{code}`"


@pytest.mark.parametrize("heading", error_headings)
def test_heading_names_a_real_code(heading):
    match = CODE_HEADING_RE.match(heading)
    assert match, f"### {heading}: every ### heading in errors.md is exactly a problem code in backticks"
    assert match.group(1) in CODES, f"### {heading} names a code that generator.problems.CODES does not have"


def test_each_code_documented_once():
    repeated = sorted({c for c in documented_codes if documented_codes.count(c) > 1})
    assert not repeated, f"documented more than once: {repeated}"


@pytest.mark.parametrize("code", CODES)
def test_problem_code_section_shows_message_and_fix(code):
    section = error_section(code)
    severity = CODES[code].severity
    assert severity in (ERROR, WARNING)
    assert "```text" in section, f"{code}: no printed message"
    assert f": {severity}: " in section, f"{code}: the printed message should be a {severity}"
    assert "How to fix it" in section, f"{code}: no fix"


# -- guide/format.md ----------------------------------------------------------------


def _format_entries() -> list[tuple[str, str]]:
    """(what it is, the word) for every registry entry that guide/format.md must name."""
    entries = [("unit", u) for u in UNITS]
    entries += [(f"key of {name}", key) for name, keys in SCHEMA_MAPPINGS.items() for key in keys]
    entries += [("value of basis or better", w) for w in schema.BASES + schema.BETTER]
    entries += [("mkdocs.yml option", o) for o in OPTIONS] + [("contact key", k) for k in CONTACT]
    entries += [("newsletter setting", k) for k in NEWSLETTER_SETTINGS]
    entries += [("tsm setting", k) for k in TSM_SETTINGS]
    entries += [("status", s) for s in STATUSES] + [("trend", t) for t in TRENDS]
    entries += [("action state", s) for s in ACTION_STATES] + [("action status", w) for w in ACTION_STATUSES.values()]
    entries += [(f"period form ({name})", form) for name, kind in KINDS.items() for form in kind.forms]
    return entries


@pytest.mark.parametrize("what, word", _format_entries(), ids=[f"{w}:{x}" for w, x in _format_entries()])
def test_registry_entry_documented(what, word):
    assert word in format_spans, f"{what} `{word}` is not in guide/format.md"


# -- guide/README.md -----------------------------------------------------------------


@pytest.mark.parametrize("page", ["format.md", "errors.md", "editors.md", "importing.md", "starting.md", "publishing.md",
                                  "tsm.md"])
def test_readme_links_to_page(page):
    assert page in LINK_RE.findall(read("README.md")), f"guide/README.md does not link to {page}"


@pytest.mark.parametrize("page", sorted(p.name for p in GUIDE.glob("*.md")))
def test_relative_links_resolve(page):
    for target in LINK_RE.findall(read(page)):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        path = target.split("#")[0]
        assert (GUIDE / path).is_file(), f"{page} links to {target}, which does not exist"
