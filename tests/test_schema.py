"""The JSON Schemas for checks as staff type (`standards schema`) agree with `standards check`.

The corpus is every input the other tests already table: the example project's files, every
broken input of tests/test_errors.py (CASES, MULTI and WARNINGS), every input of
tests/test_valid_oddities.py (their own inputs, recorded as each test hands them to
``make_project``), and the example of every problem in guide/errors.md.  For each data file the
schema's verdict (valid or not) is compared with `standards check`'s, counting only the codes a
schema can express (SCHEMA_EXPRESSES, and SCHEMA_PARTLY except for the cases in SCHEMA_MISSES):
no false alarm in a file the tool accepts, and no file passed that the tool refuses for a reason
the schema can see.  The same files are then checked by the VS Code YAML extension's own
language server, which must complain exactly where the schema does.

The data is read as the extension reads it: YAML 1.2's core schema (its default), so ``0120`` is
the number 120, ``2022-06-30`` and ``yes`` are text.
"""

from __future__ import annotations

import inspect
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import jsonschema
import pytest

from generator.pipeline import check_project
from generator.problems import CODES, Problems
from generator.registry import keys as registry
from generator.registry.periods import parse_period, period_pattern
from generator.registry.schema import (
    AREA_FILE, DRAFT, PERIOD_FILE, PLAN_FILE, READING_CODES, SCHEMA_CANNOT, SCHEMA_EXPRESSES, SCHEMA_PARTLY, schema_line,
    schemas,
)
from generator.registry.units import UNITS
from generator.source.files import find_config, read_file
from generator.source.yaml import Node, decode

from . import test_docs_examples, test_errors, test_valid_oddities
from .conftest import AREA, PERIOD, ROOT, needs, run_standards, tree_digest

SCHEMAS = schemas()
VALIDATORS = {folder: jsonschema.Draft7Validator(SCHEMAS[name])
              for folder, name in (("standards", AREA_FILE), ("performance", PERIOD_FILE), ("actions", PLAN_FILE))}
READING = set(READING_CODES)

# Cases with a SCHEMA_PARTLY code that the schema cannot see, and why: the list the guide's
# "what only `standards check` catches" stands for.  A case here that the schema does catch fails.
SCHEMA_MISSES = {
    "number-leading-zero": "YAML 1.2 reads 0120 as the number 120",
    "number-exponent": "YAML reads 1e3 as the number 1000",
    "number-nan": "YAML reads .nan as a number",
    "number-leading-point": "YAML reads .5 as the number 0.5",
    "number-trailing-point": "YAML reads 5. as the number 5",
    "percent-over-100": "the unit is in the standards file",
    "count-negative": "the unit is in the standards file",
    "count-not-whole": "the unit is in the standards file",
    "score-over-out-of": "the unit and out_of are in the standards file",
    "days-negative": "the unit is in the standards file",
    "score-target-over-out-of": "a schema cannot compare the target with out_of",
    "count-of-on-count-unit": "the unit is in the standards file",
    "count-homes-on-percent": "the unit is in the standards file",
    "benchmark-out-of-range": "the unit is in the standards file",
    "guide-out-of-range": "the unit is in the standards file",
    "guide-not-whole-number": "the unit is in the standards file",
    "errors-in-two-period-files": "the units are in the standards file (and the period's file is also wrong)",
}


# -- reading as the editor reads: YAML 1.2, core schema ------------------------------------------

_NULL = re.compile(r"~|null|Null|NULL|")
_TRUE, _FALSE = re.compile(r"true|True|TRUE"), re.compile(r"false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9]+")
_OCTAL, _HEX = re.compile(r"0o[0-7]+"), re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INFINITY, _NAN = re.compile(r"[-+]?\.(inf|Inf|INF)"), re.compile(r"\.(nan|NaN|NAN)")


def scalar(text: str):
    """A plain (unquoted) scalar as YAML 1.2's core schema reads it."""
    if _NULL.fullmatch(text):
        return None
    if _TRUE.fullmatch(text) or _FALSE.fullmatch(text):
        return _TRUE.fullmatch(text) is not None
    if _INT.fullmatch(text):
        return int(text)
    if _OCTAL.fullmatch(text):
        return int(text[2:], 8)
    if _HEX.fullmatch(text):
        return int(text[2:], 16)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _INFINITY.fullmatch(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.fullmatch(text):
        return float("nan")
    return text


def data(node: Node):
    if node.kind == "mapping":
        return {key: data(value) for key, (_, value) in node.entries.items()}
    if node.kind == "list":
        return [data(item) for item in node.items]
    return node.text if node.quoted else scalar(node.text)


@pytest.mark.parametrize("text, value", [
    ("0120", 120), ("1e3", 1000.0), (".5", 0.5), ("5.", 5.0), ("2021-22", "2021-22"), ("2017", 2017),
    ("2022-06-30", "2022-06-30"), ("yes", "yes"), ("true", True), ("False", False), ("~", None), ("", None),
    ("1_204", "1_204"), ("1:30", "1:30"), ("0x1F", 31), ("-.inf", float("-inf")), ("95%", "95%"),
])
def test_yaml_12_reading(text, value):
    assert scalar(text) == value and type(scalar(text)) is type(value)


# -- the corpus -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    id: str
    make: Callable  # make_project -> the project's folder


class _Recorded(Exception):
    def __init__(self, files, config):
        super().__init__()
        self.files, self.config = files, config


def _record(files=None, config=test_errors.DEFAULT_CONFIG):
    raise _Recorded(files or {}, config)


def _oddities() -> list[Sample]:
    """Every input test_valid_oddities.py writes, with each parametrized value, as it hands them over."""
    found = []
    for name, test in inspect.getmembers(test_valid_oddities, inspect.isfunction):
        if not name.startswith("test_"):
            continue
        marks = [m for m in getattr(test, "pytestmark", []) if m.name == "parametrize"]
        runs = [{}]
        for mark in marks:
            names = [n.strip() for n in mark.args[0].split(",")]
            runs = [{**run, **dict(zip(names, values if len(names) > 1 else (values,)))}
                    for run in runs for values in mark.args[1]]
        for number, params in enumerate(runs):
            arguments = {**params, "make_project": _record, "monkeypatch": pytest.MonkeyPatch()}
            wanted = {k: v for k, v in arguments.items() if k in inspect.signature(test).parameters}
            try:
                test(**wanted)
            except _Recorded as recorded:
                files, config = recorded.files, recorded.config
                found.append(Sample(f"oddity-{name[5:]}-{number}",
                                    lambda make, f=files, c=config: make(files=f, config=c)))
            finally:
                wanted.get("monkeypatch", pytest.MonkeyPatch()).undo()
    return found


def _guide_examples() -> list[Sample]:
    """The example of every problem in guide/errors.md, as tests/test_docs_examples.py builds it."""
    markdown = test_docs_examples.ERRORS_MD.read_text(encoding="utf-8")
    found = []
    for code in CODES:
        own = test_docs_examples.example_files(markdown, code)
        files = {**test_docs_examples.DEFAULT_FILES, **own}
        config = files.pop("mkdocs.yml", test_errors.DEFAULT_CONFIG)
        setup = test_docs_examples.SETUPS.get(code)

        def make(make_project, files=files, config=config, setup=setup):
            root = make_project(files, config)
            if setup is not None:
                setup(root)
            return root

        found.append(Sample(f"guide-{code}", make))
    return found


def _corpus() -> list[Sample]:
    samples = [Sample("example-project", lambda make: ROOT)]
    samples += [Sample(c.id, lambda make, c=c: test_errors.build(make, c)) for c in test_errors.CASES]
    for table in (test_errors.MULTI, test_errors.WARNINGS):
        samples += [Sample(p.id, lambda make, f=p.values[0]: make(files={**test_errors.BASE, **f}))
                    for p in table]
    return samples + _oddities() + _guide_examples() + _tsm_samples()


def _tsm_samples() -> list[Sample]:
    """A small landlord's complete TSM year (tests/data/tsm), and mistakes in its TSM keys."""
    data = ROOT / "tests" / "data" / "tsm"
    config, area, year = ((data / name).read_text(encoding="utf-8") for name in ("mkdocs.yml", "repairs.yaml",
                                                                                  "2024-25.yaml"))
    changes = {
        "tsm-complete-year": ("", ""),
        "tsm-unknown-column": ("    RP01:", "    RP1:"),
        "tsm-lowercase-column": ("    RP01:", "    rp01:"),
        "tsm-misspelt-survey-item": ("    weighting:", "    weighing:"),
        "tsm-missing-and-value": ("BS05: {missing: \"We have no lifts\"}", "BS05: {missing: \"No lifts\", value: 0}"),
        "tsm-population-zero": ("population: 300", "population: 0"),
        "tsm-unknown-tenure-key": ("lcho: {missing: \"No communal areas\"}", "shared: {missing: \"No communal areas\"}"),
        "tsm-link-without-measure": ("    tsm: TP02", "    tsm: {tenure: lcra}"),
        "tsm-tenure-not-collected": ("    TP04: {value: 70.2, responses: 300}", "    TP04: {lcho: {value: 70.2, responses: 30}}"),
    }
    samples = []
    for name, (old, new) in changes.items():
        files = {"standards/repairs.yaml": area.replace(old, new), "performance/2024-25.yaml": year.replace(old, new)}
        samples.append(Sample(name, lambda make, files=files: make(files=files, config=config)))
    return samples


CORPUS = _corpus()


def test_corpus_is_whole():
    ids = [s.id for s in CORPUS]
    assert len(ids) == len(set(ids))
    assert len(ids) >= len(test_errors.CASES) + len(test_errors.MULTI) + len(test_errors.WARNINGS) + 40
    assert set(SCHEMA_MISSES) <= set(ids)


def _data_files(root: Path) -> list[Path]:
    return [path for folder in VALIDATORS for path in sorted((root / folder).glob("*"))
            if path.suffix in (".yaml", ".yml") and path.is_file()]


def _schema_problems(path: Path, root: Path) -> list[str] | None:
    """The schema's complaints about one file, or None when it cannot be read as YAML at all."""
    problems = Problems()
    tree = read_file(path, root, problems)
    if tree is None or problems.errors:
        return None
    found = VALIDATORS[path.parent.name].iter_errors(data(tree))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found]


@pytest.mark.parametrize("sample", CORPUS, ids=[s.id for s in CORPUS])
def test_schema_agrees_with_check(make_project, sample):
    root = sample.make(make_project)
    outcome = check_project(find_config(None, cwd=root))
    codes: dict[str, set[str]] = {}
    for problem in outcome.errors:
        codes.setdefault(problem.location.file, set()).add(problem.code)
    for path in _data_files(root):
        file = path.relative_to(root).as_posix()
        found = codes.get(file, set())
        complaints = _schema_problems(path, root)
        if complaints is None:  # the editor's YAML reader reports these itself
            assert found & READING, f"{file} cannot be read, but `standards check` says {found}"
            continue
        seen = {c for c in found if c in SCHEMA_EXPRESSES or (c in SCHEMA_PARTLY and sample.id not in SCHEMA_MISSES)}
        if sample.id in SCHEMA_MISSES and found & set(SCHEMA_PARTLY) and not seen:
            assert not complaints, f"{sample.id} is in SCHEMA_MISSES, but the schema catches it: {complaints}"
        if seen:
            assert complaints, f"`standards check` finds {sorted(seen)} in {file}; the schema finds nothing"
        else:
            assert not complaints, f"the schema complains about {file}, `standards check` finds {found}:\n" + \
                "\n".join(complaints)


# -- the editor itself: the YAML extension's language server ----------------------------------------

EDITOR_CHECK = ROOT / "tests" / "editor_check.mjs"
LANGUAGE_SERVER = ROOT / "node_modules" / "yaml-language-server"


def test_the_editor_gives_the_schemas_verdict(make_project):
    """Every readable data file of the corpus, with its '# yaml-language-server' line, checked by the
    language server of the VS Code YAML extension: it complains exactly where the schema does, and
    asks for no schema but the two local files."""
    node = shutil.which("node")
    needs(node is not None and LANGUAGE_SERVER.is_dir(), "node and node_modules/yaml-language-server (npm ci)")
    expected, texts = {}, {}
    for sample in CORPUS:
        root = sample.make(make_project)
        if root == ROOT:  # the example project: a copy, so that its folder gets no schemas/
            root = make_project({p.relative_to(ROOT).as_posix(): p.read_bytes() for p in _data_files(ROOT)})
        (root / "schemas").mkdir(exist_ok=True)
        for name, schema in SCHEMAS.items():
            (root / "schemas" / name).write_text(json.dumps(schema), encoding="utf-8")
        for path in _data_files(root):
            complaints = _schema_problems(path, root)
            if complaints is None:
                continue  # not YAML the tool can read: the extension reports that in its own words
            text = decode(path.read_bytes(), path.name, Problems())
            line = schema_line(path.parent.name) + "\n"
            key = str(path.resolve())
            texts[key], expected[key] = line + (text or ""), (sample.id, bool(complaints), complaints)
    run = subprocess.run([node, str(EDITOR_CHECK)], input=json.dumps({"files": texts}), capture_output=True,
                         text=True, cwd=ROOT, timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    requested = found.pop("<requested>")  # every schema the server asked for, from where
    assert all(uri.startswith("file://") for uri in requested), requested
    assert {uri.rsplit("/", 1)[-1] for uri in requested} == set(SCHEMAS)
    disagree = [f"{sample} {path}: the editor says {found[path] or 'nothing'}, the schema {complaints or 'nothing'}"
                for path, (sample, invalid, complaints) in expected.items() if bool(found[path]) != invalid]
    assert not disagree, "\n".join(disagree)
    assert len(expected) > 300


# -- the schemas are made from the registries ------------------------------------------------------

# Where each of registry/keys.py's mappings is, in which schema.
PLACES = {
    "AREA": (AREA_FILE, ()), "STANDARD": (AREA_FILE, ("definitions", "standard")),
    "FIGURE": (AREA_FILE, ("definitions", "figure")), "TARGET": (AREA_FILE, ("definitions", "target")),
    "DATED_TARGET": (AREA_FILE, ("definitions", "dated_target")), "PERFORMANCE": (PERIOD_FILE, ()),
    "RESULT": (PERIOD_FILE, ("definitions", "result", "anyOf", 1)),
    "BENCHMARKS": (PERIOD_FILE, ("definitions", "benchmarks")),
    "BENCHMARK_GROUP": (PERIOD_FILE, ("definitions", "benchmark_group")),
    "BENCHMARK_VALUE": (PERIOD_FILE, ("definitions", "benchmark_value")),
    "NEWSLETTER": (PERIOD_FILE, ("definitions", "newsletter")),
    "TSM_LINK": (AREA_FILE, ("definitions", "tsm_link")), "TSM_BLOCK": (PERIOD_FILE, ("definitions", "tsm_block")),
    "TSM_HOMES": (PERIOD_FILE, ("definitions", "tsm_homes")),
    "TSM_RESULT": (PERIOD_FILE, ("definitions", "tsm_result", "anyOf", 1)),
    "TSM_BY_TENURE": (PERIOD_FILE, ("definitions", "tsm_by_tenure")),
    "SURVEY_SUMMARY": (PERIOD_FILE, ("definitions", "survey_summary")),
    "TSM_TIMESCALES": (PERIOD_FILE, ("definitions", "tsm_timescales")),
    "PLAN": (PLAN_FILE, ()), "OBJECTIVE": (PLAN_FILE, ("definitions", "objective")),
    "ACTION": (PLAN_FILE, ("definitions", "action")),
    "ACTION_REPORT": (PERIOD_FILE, ("definitions", "action_report")),
}


def _at(name: str) -> dict:
    file, path = PLACES[name]
    node = SCHEMAS[file]
    for step in path:
        node = node[step]
    return node


def test_every_registry_mapping_has_a_place():
    mappings = {name for name, value in vars(registry).items() if isinstance(value, dict) and value
                and all(isinstance(k, registry.Key) for k in value.values())}
    assert mappings == set(PLACES)


@pytest.mark.parametrize("name", sorted(PLACES))
def test_schema_has_exactly_the_registry_keys(name):
    keys = getattr(registry, name)
    schema = _at(name)
    assert list(schema["properties"]) == list(keys)
    assert schema["additionalProperties"] is False
    assert schema.get("required", []) == [k.name for k in keys.values() if k.required]
    for key in keys.values():
        shown = schema["properties"][key.name]
        words = (key.meaning or key.kind).removeprefix("then ")
        assert shown["description"].startswith(words[:1].upper() + words[1:])


def test_units_and_choices_come_from_their_registries():
    unit = _at("STANDARD")["properties"]["unit"]["anyOf"][0]
    assert unit["enum"] == list(UNITS) and len(unit["enumDescriptions"]) == len(UNITS)
    assert _at("STANDARD")["properties"]["basis"]["anyOf"][0]["enum"] == list(registry.BASES)
    assert _at("FIGURE")["properties"]["better"]["anyOf"][0]["enum"] == list(registry.BETTER)


@pytest.mark.parametrize("text", [
    "2021-22", "2021/22", "2021-22 Q1", "2021/22 q4", "  2021-22   Q2 ", "1999-00", "2017", "1900", "9998",
    "9998-99", "2099-00", "2021-23", "21-22", "2021-22 Q5", "Q1 2021-22", "9999", "9999-00", "1899-00", "1899",
    "2021-2022", "2021 - 22", "２０２１-22", "2022-01", "2021-22Q1", "2021-22 Q1 extra", "",
])
def test_period_pattern_reads_what_the_parser_reads(text):
    assert (re.search(period_pattern(), text) is not None) == (parse_period(text) is not None)


def test_every_code_is_placed_once():
    placed = [*SCHEMA_EXPRESSES, *SCHEMA_PARTLY, *SCHEMA_CANNOT]
    assert sorted(placed) == sorted(CODES)


# -- drafts: a result left empty is 'not filled in yet' ---------------------------------------------


@pytest.mark.parametrize("document, valid", [
    ({"period": "2024-25", "draft": True, "results": {"repairs-on-time": None}}, True),
    ({"period": "2024-25", "results": {"repairs-on-time": None}}, False),
    ({"period": "2024-25", "draft": False, "results": {"repairs-on-time": None}}, False),
    ({"period": "2024-25", "results": {"repairs-on-time": 91}}, True),
])
def test_empty_result_only_in_a_draft(document, valid):
    assert VALIDATORS["performance"].is_valid(document) is valid


# -- no network -------------------------------------------------------------------------------------


def _walk(node, path=()):
    """Every value in a schema, with the keys and positions that lead to it."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, path + (key,))
    elif isinstance(node, list):
        for number, value in enumerate(node):
            yield from _walk(value, path + (number,))


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_needs_no_network(name):
    schema = SCHEMAS[name]
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == DRAFT  # the draft's name, which the extension knows and does not fetch
    for path, value in _walk(schema):
        if path == ("$schema",):
            continue
        assert path[-1:] != ("$id",), path  # an $id would be a web address the extension might fetch
        if isinstance(value, str):
            assert not re.search(r"https?:|ftp:|file:|//", value), (path, value)
        if path[-1:] == ("$ref",):
            assert value.startswith("#/definitions/") and value.split("/")[-1] in schema["definitions"], value


# -- the guide lists what only `standards check` catches ----------------------------------------------

EDITORS_MD = (ROOT / "guide" / "editors.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("code", sorted(CODES))
def test_guide_says_whether_the_editor_catches_it(code):
    assert f"`{code}`" in EDITORS_MD, f"guide/editors.md does not say whether the editor catches `{code}`"


def test_guide_lists_are_the_registry():
    sections = {}
    for title, body in re.findall(r"^### (.+?)\n(.*?)(?=^##|\Z)", EDITORS_MD, re.MULTILINE | re.DOTALL):
        sections[title] = set(re.findall(r"^- `([a-z0-9-]+)`", body, re.MULTILINE))
    assert sections["What the editor catches"] == set(SCHEMA_EXPRESSES)
    assert sections["What the editor partly catches"] == set(SCHEMA_PARTLY)
    assert sections["What only `standards check` catches"] == set(SCHEMA_CANNOT)


# -- `standards schema` ----------------------------------------------------------------------------------


def test_standards_schema_writes_both_files(make_project):
    root = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD})
    before = tree_digest(root / "standards") + tree_digest(root / "performance")
    run = run_standards("schema", cwd=root)
    assert run.exit_code == 0, run.text
    for name, schema in SCHEMAS.items():
        assert json.loads((root / "schemas" / name).read_text(encoding="utf-8")) == schema
    assert "schemas/area.schema.json" in run.output
    assert "# yaml-language-server: $schema=../schemas/area.schema.json" in run.output
    assert tree_digest(root / "standards") + tree_digest(root / "performance") == before
    again = run_standards("schema", cwd=root)
    assert again.exit_code == 0 and "Up to date" in again.output


def test_the_schema_line_is_only_a_comment_to_the_tool(make_project):
    files = {"standards/repairs.yaml": schema_line("standards") + "\n" + AREA,
             "performance/2021-22.yaml": schema_line("performance") + "\n" + PERIOD}
    assert schema_line("standards") == "# yaml-language-server: $schema=../schemas/area.schema.json"
    run = run_standards("check", "--json", cwd=make_project(files))
    assert run.exit_code == 0 and run.json["errors"] == [] and run.json["results"][0]["status"] == "met"


def test_standards_schema_to_another_folder(make_project, tmp_path):
    root = make_project({"standards/repairs.yaml": AREA})
    run = run_standards("schema", "-o", "editor", cwd=root)
    assert run.exit_code == 0, run.text
    assert sorted(p.name for p in (root / "editor").iterdir()) == sorted(SCHEMAS)
    assert "$schema=../editor/period.schema.json" in run.output


@pytest.mark.parametrize("folder, words", [
    ("standards", "your data folder standards/"),
    ("performance", "your data folder performance/"),
    ("docs", "the folder of your own pages"),
    (".git", "the project's history"),
    ("standards/old", "inside your data folder standards/"),
])
def test_standards_schema_never_writes_over_the_project(make_project, folder, words):
    root = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD})
    before = tree_digest(root)
    run = run_standards("schema", "-o", folder, cwd=root)
    assert run.exit_code == 2, run.text
    assert words in run.stderr
    assert tree_digest(root) == before
