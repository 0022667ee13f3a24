"""JSON Schemas for the data files, made from the registries, for checks as staff type.

:func:`schemas` gives ``area.schema.json`` (standards/<area>.yaml) and ``period.schema.json``
(performance/<period>.yaml).  Every key comes from :mod:`generator.registry.keys`, every unit
from :mod:`~generator.registry.units`, the period forms from :mod:`~generator.registry.periods`
and the id rule from :mod:`~generator.registry.writing`: there is no second list to keep in step.

They are JSON Schema draft-07, which every version of the YAML extension for VS Code (Red Hat's
yaml-language-server) reads, with ``if``/``then``/``else``, ``const`` and ``pattern`` (its 1.x
servers read nothing newer).  ``patternErrorMessage`` and ``errorMessage`` are the extension's own
keywords for the message it shows; other validators ignore them.
The extension reads YAML 1.2 (its default), so ``2021-22`` and ``2022-06-30`` are text,
``2017`` and ``0120`` are numbers, ``yes`` is text and ``true`` is true.  Nothing in a schema
needs the network: ``$schema`` names draft-07, which the extension knows without fetching it,
there is no ``$id``, and every ``$ref`` points inside the same file.

A schema sees one file at a time and values, not how they were written, so some of what
``standards check`` finds it cannot: :data:`SCHEMA_EXPRESSES`, :data:`SCHEMA_PARTLY` and
:data:`SCHEMA_CANNOT` say which, for every problem code, with a reason (the staff guide's
page guide/editors.md lists them).  tests/test_schema.py checks the schemas' verdict on its corpus
against `standards check`, and against the extension's own language server.
"""

from __future__ import annotations

from generator.registry.actions import ACTION_STATES
from generator.problems import CODES
from generator.registry import keys as registry
from generator.registry.periods import FIRST_YEAR, LAST_YEAR, period_pattern
from generator.registry.tsm import CATALOGUES, TENURES
from generator.registry.units import UNITS
from generator.registry.writing import CONTROL_CHARACTERS, ID_PATTERN, MAX_DIGITS, RESERVED_IDS

DRAFT = "http://json-schema.org/draft-07/schema#"  # an identifier the extension knows; never fetched
AREA_FILE, PERIOD_FILE, PLAN_FILE = "area.schema.json", "period.schema.json", "plan.schema.json"
# the data folder -> its files' schema
FOR_FOLDER = {"standards": AREA_FILE, "performance": PERIOD_FILE, "actions": PLAN_FILE}
SCHEMAS_FOLDER = "schemas"  # beside mkdocs.yml: where `standards schema` and `standards init` put them


def schema_line(folder: str, schemas: str = f"../{SCHEMAS_FOLDER}") -> str:
    """The first line of a data file in ``folder`` ('standards' or 'performance') that names its schema
    for the YAML extension; ``schemas`` is the schemas' folder as seen from the data file's folder."""
    return f"# yaml-language-server: $schema={schemas.rstrip('/')}/{FOR_FOLDER[folder]}"

# -- what a schema can and cannot check, per problem code ----------------------------------------

SCHEMA_EXPRESSES: dict[str, str] = {
    "missing-key": "a required key that is not there",
    "unknown-key": "a key the format does not know, in every mapping",
    "wrong-type": "text, a number, a list, a mapping or true/false where another is needed",
    "invalid-id": "an id that is not lowercase letters, digits and single hyphens, or is a word YAML "
                  "reads as true, false or nothing (yes, no, on, off)",
    "invalid-period": "a period not written in one of the period forms",
    "invalid-choice": "a word that is not one of the allowed words (basis, better)",
    "unknown-unit": "a unit the format does not know",
    "target-form": "a target without exactly one of at_least or at_most",
    "target-and-targets": "a standard with both target and targets",
    "targets-direction": "targets pointing both ways",
    "target-without-unit": "a target on a standard without a unit",
    "out-of-needed": "a score without out_of, or out_of on another unit",
    "control-character": "text with a control character in it",
    "empty-result": "a result or commentary left empty in a period that is not a draft",
    "action-reason": "an action reported dropped without a reason",
    "action-done-date": "a done date on an action whose state is not done",
}

SCHEMA_PARTLY: dict[str, tuple[str, str]] = {
    # code: (what the schema catches, what only `standards check` catches)
    "number-format": ("text where a number belongs: 95%, 1,204, \"95\", yes",
                      "a number written in a way YAML still reads as a number: 0120, 1e3, .5, 5., .inf"),
    "number-too-large": ("a number with more than 15 digits before the decimal point",
                         "a number with more than 30 characters in all"),
    "invalid-date": ("a date not written YYYY-MM-DD, or a month or day that no year has",
                     "29 February in a year that is not a leap year"),
    "out-of-range": ("a target outside its unit's range, a negative tolerance, out_of, of, homes, "
                     "responses or population not above 0",
                     "a result or benchmark outside its unit's range: the unit is in another file; "
                     "a score's target above its out_of"),
    "not-whole-number": ("order, count, of, homes, responses, population or pages that is not a whole number",
                         "a result for a count that is not a whole number: the unit is in another file"),
    "result-form": ("missing with a value, of or homes without count, count without of or homes, of with homes",
                    "count with of or homes for a standard of another unit: the unit is in another file"),
}

_READING = "about reading the file, before any schema applies (the YAML extension points out most broken YAML itself)"
_ACROSS = "needs the project's other files, and a schema sees one file at a time"
_COMPARES = "compares two values, which a schema cannot do"
_CONFIG = "in mkdocs.yml or your own templates, which the schemas do not cover"
_MAKING = "found while making the website or a newsletter"
_WARNING = "a warning, which only `standards check` gives"
_SPREADSHEET = "found in a spreadsheet by `standards import`, not in a data file"

# Found while the file is read, before there is anything for a schema to check.
READING_CODES = ("file-too-large", "file-unreadable", "file-binary", "file-encoding", "file-empty", "yaml-syntax",
                 "yaml-tab", "yaml-aliases", "yaml-too-deep", "yaml-documents", "duplicate-key")

SCHEMA_CANNOT: dict[str, str] = {
    **{code: _READING for code in READING_CODES},
    "duplicate-id": _ACROSS,
    "invalid-area-id": "the file's name is the area's id, and a schema sees only what is in the file",
    "unknown-id": _ACROSS,
    "unknown-area": _ACROSS,
    "duplicate-period": _ACROSS,
    "after-retired": _ACROSS,
    "value-without-unit": _ACROSS,
    "count-over-of": _COMPARES,
    "responses-over-population": _COMPARES,
    "value-disagrees": _COMPARES,
    "targets-order": _COMPARES,
    "quartiles-out-of-order": _COMPARES,
    "duplicate-benchmark-group": _COMPARES,
    **{code: _CONFIG for code in CODES if code.startswith("config-") or code == "template-unsafe"},
    "newsletter-too-long": _MAKING,
    "cannot-write": _MAKING,
    **{code: _SPREADSHEET for code in CODES if code.startswith("import-")},
    **{code: _WARNING for code, entry in CODES.items() if entry.severity == "warning"},
    # which tenures a landlord has, and whether TSMs are on, are in mkdocs.yml; a unit in another file
    "tsm-tenure": _ACROSS,
    "tsm-link": _ACROSS,
    "tsm-off": _ACROSS,
    "tsm-missing": "found by `standards check --tsm`, over the whole year's files",
    # the regulator's dataset named under `tsm: peers:` in mkdocs.yml
    **{code: "in the regulator's dataset or mkdocs.yml, which the schemas do not cover"
       for code, entry in CODES.items() if code.startswith("peers-") and entry.severity == "error"},
    # action plans (actions/*.yaml and a period file's actions:)
    "invalid-plan-id": "the file's name is the plan's id, and a schema sees only what is in the file",
    "unknown-objective": "needs the plan's list of objectives, and a schema cannot compare one value with another",
    "action-unknown": _ACROSS,
    "ambiguous-date": "the editor accepts a day-month-year date; whether it could be read two ways, only "
                      "`standards check` says",
}

# -- pieces ---------------------------------------------------------------------------------------

# Text as the tool reads it: any scalar (YAML 1.2 reads 'title: 2021' as a number, the tool as text),
# with something in it, and no control character.
_NO_CONTROL = f"^[^{CONTROL_CHARACTERS[1:]}*$"
_TEXT_WORDS = "Write some text, without control characters."
_TEXT = {"type": ["string", "number", "boolean"], "allOf": [{"pattern": "\\S"}, {"pattern": _NO_CONTROL}],
         "patternErrorMessage": _TEXT_WORDS}
_LIMIT = 10 ** MAX_DIGITS  # more digits than this before the point: too large to hold exactly
_NUMBER = {"type": "number", "exclusiveMaximum": _LIMIT, "exclusiveMinimum": -_LIMIT}
_ID = {"type": "string", "pattern": f"^{ID_PATTERN.pattern}$", "not": {"enum": sorted(RESERVED_IDS)},
       "patternErrorMessage": "Ids use lowercase letters, digits and single hyphens, and start with a letter, "
                              "like repairs-on-time."}
_PERIOD = {"anyOf": [{"type": "string", "pattern": period_pattern(),
                      "patternErrorMessage": "Write a financial year like 2021-22, a quarter like 2021-22 Q1, "
                                             "or a calendar year like 2017."},
                     {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR}]}  # 'period: 2017' unquoted
# YYYY-MM-DD with a month and a day some year has (29 February in any year: see SCHEMA_PARTLY)
_DATE = {"type": "string", "pattern": "^\\s*[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
                                       "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-9]))\\s*$",
         "patternErrorMessage": "Write the date as year, month and day with hyphens, like 2022-06-30."}
# an action's due and done dates: also day-month-year, as landlords write them (31/12/2019, 31-12-19)
_DAY = {"type": "string", "pattern": "^\\s*(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}([-/.])[0-9]{1,2}\\1(?:[0-9]{2}|[0-9]{4}))\\s*$",
        "patternErrorMessage": "Write the date as year, month and day with hyphens, like 2024-03-31."}


_TSM_COLUMNS = sorted({c.name for catalogue in CATALOGUES.values() for c in catalogue.columns})


def _whole(minimum: int | None) -> dict:
    return {"type": "integer", "exclusiveMaximum": _LIMIT, "minimum": -_LIMIT if minimum is None else minimum}


# The least value of a whole number, where the validator has one (read_whole's minimum).
_WHOLE_MINIMUM = {"count": 0, "of": 1, "homes": 1, "responses": 1, "pages": 1, "population": 1, "lcra": 1,
                  "lcho": 1}


def _ref(name: str) -> dict:
    return {"$ref": f"#/definitions/{name}"}


def _one_or_list(item: dict) -> dict:
    return {"anyOf": [item, {"type": "array", "items": item}]}


def _kind(key: registry.Key) -> dict:
    """The schema of one key's value, from the words the registry uses for its kind."""
    whole = _whole(_WHOLE_MINIMUM.get(key.name))
    kinds = {
        "text": _TEXT,
        "Markdown": _TEXT,
        "a number": _NUMBER,
        "a whole number": whole,
        "an id": _ID,
        "a unit": {"enum": list(UNITS), "enumDescriptions": [u.meaning for u in UNITS.values()]},
        "true or false": {"type": "boolean"},
        "a period": _ref("period"),
        "a date": _DATE,
        "a list of text": _one_or_list(_TEXT),
        "a list of ids": _one_or_list(_TEXT),  # whether each is an id of the project: `standards check`
        "period, year_to_date or snapshot": {"enum": list(registry.BASES)},
        "higher or lower": {"enum": list(registry.BETTER)},
        "a whole number, or not published": {"anyOf": [
            whole,
            {"type": "string", "pattern": "^\\s*" + "\\s+".join(
                "".join(f"[{c}{c.upper()}]" for c in word) for word in registry.NOT_PUBLISHED.split()) + "\\s*$"}]},
        "a list of standards": {"type": "array", "items": _ref("standard")},
        "a list of figures": {"type": "array", "items": _ref("figure")},
        "a target": _ref("target"),
        "a list of targets": {"type": "array", "items": _ref("dated_target")},
        "a mapping of results": {"type": "object", "additionalProperties": {"anyOf": [_ref("result"),
                                                                                      {"type": "null"}]}},
        "a mapping of Markdown": {"type": "object", "additionalProperties": {"anyOf": [_TEXT, {"type": "null"}]}},
        "benchmarks": {"anyOf": [_ref("benchmarks"), {"type": "array", "items": _ref("benchmark_group")}]},
        "a mapping of benchmark values": {"type": "object", "additionalProperties": _ref("benchmark_value")},
        "a newsletter block": _ref("newsletter"),
        # Tenant Satisfaction Measures (registry/tsm.py): which columns and tenures a year needs,
        # and whether a tenure is one the landlord has, only `standards check` says
        "a TSM column": {"enum": _TSM_COLUMNS},
        "lcra, lcho or combined": {"enum": list(TENURES)},
        "a TSM link": {"anyOf": [_TEXT, _ref("tsm_link")]},
        "a TSM block": _ref("tsm_block"),
        "a mapping of whole numbers": _ref("tsm_homes"),
        "a mapping of TSM results": {"type": "object", "propertyNames": {"enum": _TSM_COLUMNS},
                                     "additionalProperties": {"anyOf": [_ref("tsm_result"), _ref("tsm_by_tenure"),
                                                                        {"type": "null"}]}},
        "a TSM result": {"anyOf": [_ref("tsm_result"), {"type": "null"}]},
        "a survey summary": _ref("survey_summary"),
        "a mapping of text": _ref("tsm_timescales"),
        # action plans: each report is a state word or a mapping; its rules are `standards check`'s
        # a state word alone may not be done (it needs its date) or dropped (it needs a reason)
        "a mapping of action reports": {"type": "object", "additionalProperties": {
            "anyOf": [{"enum": [s for s in ACTION_STATES if s not in ("done", "dropped")]}, _ref("action_report")]}},
        "a list of objectives": {"type": "array", "items": _ref("objective")},
        "a list of actions": {"type": "array", "items": _ref("action")},
        "an objective id": _ID,
        "a state": {"enum": list(ACTION_STATES)},
    }
    if key.kind not in kinds:
        raise KeyError(f"registry/schema.py has no schema for {key.kind!r}, the kind of the key {key.name!r}")
    return dict(kinds[key.kind])


# Keys the validator takes as 'not given' when left blank ('order:' with nothing after it): the
# optional keys of these mappings (True), and these keys besides.
_BLANK_MEANS_ABSENT: dict[str, tuple[bool, tuple[str, ...]]] = {
    "AREA": (True, ()), "STANDARD": (True, ()), "FIGURE": (True, ()), "NEWSLETTER": (True, ()),
    "PERFORMANCE": (True, ("results",)), "BENCHMARKS": (False, ("values",)), "BENCHMARK_GROUP": (False, ("values",)),
    "RESULT": (False, ("value", "count", "of", "homes")), "TSM_RESULT": (False, ("value", "count", "of", "homes")),
    "TSM_BLOCK": (True, ()), "ACTION_REPORT": (True, ()),  # a draft's report may leave its update blank
}


def _blank_ok(mapping: str, key: registry.Key) -> bool:
    optional, besides = _BLANK_MEANS_ABSENT.get(mapping, (False, ()))
    return (optional and not key.required) or key.name in besides


def _description(key: registry.Key) -> dict:
    # a meaning written to follow "Add 'results:'" reads "then one line per ...": on its own, "One line per ..."
    meaning = key.meaning.removeprefix("then ")
    meaning = meaning[:1].upper() + meaning[1:]
    required = ", required" if key.required else ""
    words = f"{meaning} ({key.kind}{required})." if meaning else f"{key.kind[:1].upper()}{key.kind[1:]}{required}."
    shown = key.example and key.example.strip() != f"{key.name}:"  # 'results:' alone shows nothing
    example = f"\n\nFor example: `{key.example}`" if shown else ""
    return {"description": words, "markdownDescription": f"**{key.name}**: {words}{example}"}


def _mapping(name: str, title: str) -> dict:
    """A mapping of the registry ``keys.<name>``: its keys, which are required, nothing else."""
    keys: dict[str, registry.Key] = getattr(registry, name)
    properties = {}
    for key in keys.values():
        value = dict(_DAY) if name in ("ACTION", "ACTION_REPORT") and key.kind == "a date" else _kind(key)
        if _blank_ok(name, key):
            value = {"anyOf": [value, {"type": "null"}]}
        properties[key.name] = {**_description(key), **value}
    schema: dict = {"title": title, "type": "object", "properties": properties, "additionalProperties": False}
    required = [k.name for k in keys.values() if k.required]
    if required:
        schema["required"] = required
    return schema


def _given(key: str) -> dict:
    """'``key`` is there and not left blank', for if/then."""
    return {"required": [key], "properties": {key: {"not": {"type": "null"}}}}


def _absent(*keys: str) -> dict:
    """None of ``keys``, unless left blank."""
    return {"properties": {key: {"type": "null"} for key in keys}}


def _unit_rules() -> list[dict]:
    """A target within its unit's range; out_of with unit score and only with it (out-of-needed)."""
    rules = []
    for unit in UNITS.values():
        bounds: dict = {"type": "integer"} if unit.whole else {}
        if unit.minimum is not None:
            bounds["minimum"] = float(unit.minimum) if unit.minimum % 1 else int(unit.minimum)
        if unit.maximum is not None:
            bounds["maximum"] = int(unit.maximum) if unit.maximum % 1 == 0 else float(unit.maximum)
        if not bounds:
            continue
        target = {"properties": {"at_least": bounds, "at_most": bounds}}
        rules.append({"if": {"required": ["unit"], "properties": {"unit": {"const": unit.name}}},
                      "then": {"properties": {"target": target, "targets": {"items": target}}}})
    score = {"required": ["unit"], "properties": {"unit": {"const": "score"}}}
    rules.append({"if": score, "then": _given("out_of"), "else": _absent("out_of")})
    return rules


def _item_rules(kind: str) -> list[dict]:
    rules = [{"properties": {"tolerance": {"minimum": 0}, "out_of": {"exclusiveMinimum": 0}}}]
    rules += _unit_rules()
    if kind == "standard":
        rules.append({"not": {"allOf": [_given("target"), _given("targets")]}})  # target-and-targets
        rules.append({"if": {"anyOf": [_given("target"), _given("targets")]}, "then": {"required": ["unit"]}})
        # every target pointing the same way (targets-direction)
        rules.append({"properties": {"targets": {"anyOf": [
            {"items": {"not": {"required": ["at_most"]}}}, {"items": {"not": {"required": ["at_least"]}}},
            {"not": {"type": "array"}}]}}})
    return rules


def _result_rules() -> list[dict]:
    """The forms of a result (result-form, missing-key): a value, count with of or homes, or missing."""
    return [
        {"if": {"required": ["missing"]}, "then": _absent("value", "count", "of", "homes"),
         "else": {"anyOf": [_given("value"), _given("count")]}},
        {"if": {"anyOf": [_given("of"), _given("homes")]}, "then": _given("count")},
        {"if": _given("count"), "then": {"anyOf": [_given("of"), _given("homes")]}},
        {"not": {"allOf": [_given("of"), _given("homes")]}},
    ]


def _definitions() -> dict[str, dict]:
    standard = _mapping("STANDARD", "A standard: a promise, checked against its target")
    standard["allOf"] = _item_rules("standard")
    figure = _mapping("FIGURE", "A figure: context, published with no target")
    figure["allOf"] = _item_rules("figure")
    one_way = {"oneOf": [{"required": ["at_least"]}, {"required": ["at_most"]}]}  # target-form
    target = {**_mapping("TARGET", "A target: {at_least: N} or {at_most: N}"), **one_way}
    dated = {**_mapping("DATED_TARGET", "A target from a period on: {from: 2021-22, at_least: N}"), **one_way}
    result = _mapping("RESULT", "a mapping with value, count and of, count and homes, or missing")
    result["allOf"] = _result_rules()
    return {
        "period": _PERIOD,
        "standard": standard,
        "figure": figure,
        "target": target,
        "dated_target": dated,
        "result": {"description": "A number (the value), or a mapping with value, count and of, count and "
                                  "homes, or missing", "anyOf": [_NUMBER, result]},
        "benchmarks": _mapping("BENCHMARKS", "Benchmarks: how similar landlords did"),
        "benchmark_group": _mapping("BENCHMARK_GROUP", "One named group of benchmarks"),
        "benchmark_value": _mapping("BENCHMARK_VALUE", "Quartiles of similar landlords"),
        "newsletter": _mapping("NEWSLETTER", "The editor's choices for this period's newsletter"),
        **_tsm_definitions(),
        **_action_definitions(),
    }


def _action_definitions() -> dict[str, dict]:
    report = _mapping("ACTION_REPORT", "An action's progress this period: its state, and a short update")
    report["allOf"] = [  # a dropped action says why; only a done one has a done date, and it must
        {"if": {"properties": {"state": {"const": "dropped"}}, "required": ["state"]}, "then": {"required": ["reason"]}},
        {"if": {"properties": {"state": {"const": "done"}}, "required": ["state"]}, "then": {"required": ["done"]}},
        {"if": {"required": ["done"]}, "then": {"properties": {"state": {"const": "done"}}}},
    ]
    return {
        "objective": _mapping("OBJECTIVE", "An objective of the plan: its actions are grouped under it"),
        "action": _mapping("ACTION", "One action of the plan"),
        "action_report": report,
    }


def _tsm_definitions() -> dict[str, dict]:
    result = _mapping("TSM_RESULT", "A TSM result: a value, count and of, count and homes, or missing")
    result["allOf"] = _result_rules()
    return {
        "tsm_link": _mapping("TSM_LINK", "The Tenant Satisfaction Measure a standard or figure is"),
        "tsm_block": _mapping("TSM_BLOCK", "A financial year's Tenant Satisfaction Measures and their notes"),
        "tsm_homes": _mapping("TSM_HOMES", "Homes owned of each tenure at the year's end"),
        "tsm_result": {"description": "A number (the value), or a mapping with value, count and of, count and "
                                      "homes, or missing", "anyOf": [_NUMBER, result]},
        "tsm_by_tenure": _mapping("TSM_BY_TENURE", "A measure reported by tenure: each tenure's result"),
        "survey_summary": _mapping("SURVEY_SUMMARY", "The survey summary published with the perception measures"),
        "tsm_timescales": _mapping("TSM_TIMESCALES", "The target timescales used for RP02 and CH02"),
    }


def _document(mapping: str, title: str, description: str, used: tuple[str, ...]) -> dict:
    definitions = _definitions()
    document = {"$schema": DRAFT, **_mapping(mapping, title), "description": description}
    document["definitions"] = {name: definitions[name] for name in used}
    return document


def schemas() -> dict[str, dict]:
    """File name -> JSON Schema (draft-07) of the area files and the period files."""
    area = _document("AREA", "A standards file (standards/<area>.yaml)",
                     "One service area: its standards and figures. Made by `standards schema` from the "
                     "format's registries; `standards check` checks more (see the guide, 'Checks as you type').",
                     ("period", "standard", "figure", "target", "dated_target", "tsm_link"))
    period = _document("PERFORMANCE", "A performance file (performance/<period>.yaml)",
                       "One reporting period's results. Made by `standards schema` from the format's "
                       "registries; `standards check` checks more (see the guide, 'Checks as you type').",
                       ("period", "result", "benchmarks", "benchmark_group", "benchmark_value", "newsletter",
                        "tsm_block", "tsm_homes", "tsm_result", "tsm_by_tenure", "survey_summary", "tsm_timescales",
                        "action_report"))
    # a result left empty is 'not filled in yet': allowed while the period is a draft, not once published
    period["if"] = {"required": ["draft"], "properties": {"draft": {"const": True}}}
    period["then"] = {}
    period["else"] = {"properties": {"results": {"anyOf": [
        {"type": "object", "additionalProperties": {
            "type": ["number", "string", "boolean", "array", "object"],  # anything but left empty
            "errorMessage": "Write the result, or {missing: \"the reason\"}. A result may be left empty only "
                            "while the period is a draft (draft: true)."}},
        {"not": {"type": "object"}}]},
        "commentary": {"anyOf": [
            {"type": "object", "additionalProperties": {
                "not": {"type": "null"},
                "errorMessage": "Write a few sentences on how the area is doing, or remove the line. Commentary "
                                "may be left empty only while the period is a draft (draft: true)."}},
            {"not": {"type": "object"}}]}}}
    plan = _document("PLAN", "An action plan (actions/<plan>.yaml)",
                     "One action plan: its objectives and actions. Made by `standards schema` from the format's "
                     "registries; `standards check` checks more (see the guide, 'Checks as you type').",
                     ("objective", "action"))
    return {AREA_FILE: area, PERIOD_FILE: period, PLAN_FILE: plan}
