"""The registry of keys each kind of mapping may have.

Validation reads it for unknown and missing keys; the staff guide and its test
read it; a JSON Schema can be generated from it.  ``kind`` is said in words
because it appears in messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.problems import Problems, did_you_mean, quote, words_list
from generator.source.yaml import Node, describe


@dataclass(frozen=True)
class Key:
    name: str
    kind: str  # in words: "text", "Markdown", "a number", ...
    required: bool = False
    meaning: str = ""
    example: str = ""  # a line as staff would write it, for 'Add ...' suggestions


def _keys(*keys: Key) -> dict[str, Key]:
    return {k.name: k for k in keys}


AREA = _keys(
    Key("area", "text", True, "the area's display name", "area: Repairs"),
    Key("summary", "Markdown", meaning="what this area covers"),
    Key("order", "a whole number", meaning="position among areas"),
    Key("standards", "a list of standards", meaning="may be empty or left blank"),
    Key("figures", "a list of figures", meaning="context figures, published with no target"),
)

_ITEM_COMMON = (
    Key("id", "an id", True, "unique across every standard and figure", "id: repairs-on-time"),
    Key("title", "text", True, "plain text", "title: We complete repairs on time"),
)

STANDARD = _keys(
    *_ITEM_COMMON,
    Key("promise", "Markdown", meaning="the full wording of the promise"),
    Key("unit", "a unit", meaning="required when the standard has a target or any value"),
    Key("out_of", "a number", meaning="the top of the scale, for unit score"),
    Key("target", "a target", meaning="{at_least: N} or {at_most: N}"),
    Key("targets", "a list of targets", meaning="targets that change over time, each with from:"),
    Key("tolerance", "a number", meaning="how far from target still counts as close"),
    Key("how_measured", "a list of text", meaning="lines saying how it is measured"),
    Key("if_we_miss", "Markdown", meaning="the remedy: what the tenant can do"),
    Key("survey", "true or false", meaning="true for a percentage from a tenant survey"),
    Key("basis", "period, year_to_date or snapshot", meaning="how a value is described"),
    Key("retired", "a period", meaning="no longer published from this period on"),
    Key("tsm", "a TSM link", meaning="the Tenant Satisfaction Measure it is: TP02, RP02_1, or TP01 lcra"),
)

FIGURE = _keys(
    *_ITEM_COMMON,
    Key("unit", "a unit", True, "required for a figure", "unit: count"),
    Key("out_of", "a number", meaning="the top of the scale, for unit score"),
    Key("better", "higher or lower", meaning="only used to word the trend"),
    Key("how_measured", "a list of text", meaning="lines saying how it is measured"),
    Key("survey", "true or false", meaning="true for a percentage from a tenant survey"),
    Key("basis", "period, year_to_date or snapshot", meaning="how a value is described"),
    Key("retired", "a period", meaning="no longer published from this period on"),
    Key("tsm", "a TSM link", meaning="the Tenant Satisfaction Measure it is: TP02, RP02_1, or TP01 lcra"),
)

TARGET = _keys(
    Key("at_least", "a number", meaning="higher is better; met when the value is this or more"),
    Key("at_most", "a number", meaning="lower is better; met when the value is this or less"),
)

DATED_TARGET = _keys(Key("from", "a period", True, "the first period this target applies to", "from: 2021-22"), *TARGET.values())

PERFORMANCE = _keys(
    Key("period", "a period", True, "unique across performance files", "period: 2021-22"),
    Key("published", "a date", meaning="YYYY-MM-DD the figures were published"),
    Key("draft", "true or false", meaning="not yet approved: left out of the published site"),
    Key("results", "a mapping of results", True,
        "then one line per standard or figure: its id, a colon and its result, like 'repairs-on-time: 91'",
        "results:"),
    Key("commentary", "a mapping of Markdown", meaning="area id -> how we are doing"),
    Key("benchmarks", "benchmarks", meaning="how similar landlords did: one group, or a list of groups"),
    Key("newsletter", "a newsletter block", meaning="the editor's choices for this period's newsletter"),
    Key("tsm", "a TSM block", meaning="financial years: Tenant Satisfaction Measures and their notes"),
    Key("actions", "a mapping of action reports", meaning="action id -> its progress this period"),
)

# actions/<plan>.yaml
PLAN = _keys(
    Key("plan", "text", True, "the plan's title", "plan: Customer service strategy 2023 to 2026"),
    Key("summary", "Markdown", meaning="what the plan is for"),
    Key("order", "a whole number", meaning="position among plans"),
    Key("objectives", "a list of objectives", True, "at least one", "objectives:"),
    Key("actions", "a list of actions", True, "may be empty", "actions:"),
)

OBJECTIVE = _keys(
    Key("id", "an id", True, "unique within the plan", "id: listen"),
    Key("title", "text", True, "plain text", "title: Listen to tenants and act on what they tell us"),
    Key("summary", "Markdown", meaning="what the objective is for"),
)

ACTION = _keys(
    Key("id", "an id", True, "unique across every plan", "id: publish-complaints-figures"),
    Key("number", "text", meaning="as the plan writes it: 1.1"),
    Key("title", "text", True, "plain text", "title: Publish our complaints figures every quarter"),
    Key("objective", "an objective id", True, "an objective of this plan", "objective: listen"),
    Key("due", "a date", True, "when it should be done: YYYY-MM-DD", "due: 2024-03-31"),
    Key("lead", "text", True, "a role, not a person", "lead: Customer Service Team Leader"),
    Key("risks", "a list of text", meaning="risk-register codes"),
    Key("resources", "text", meaning="the resources involved"),
    Key("serves", "a list of ids", meaning="standard or figure ids, or TSM columns"),
)

# one action's progress under a period file's `actions:`
ACTION_REPORT = _keys(
    Key("state", "a state", True, "not_started, on_track, done, late or dropped", "state: on_track"),
    Key("done", "a date", meaning="the date done: required when state is done, not allowed otherwise"),
    Key("reason", "text", meaning="why it was dropped: required when state is dropped"),
    Key("update", "Markdown", meaning="a short update"),
)

NEWSLETTER = _keys(
    Key("headline", "text", meaning="the newsletter's headline, under the masthead"),
    Key("introduction", "Markdown", meaning="a few sentences from the editor, after the headline"),
    Key("feature", "a list of ids", meaning="the standards and figures to show; default all"),
    Key("pages", "a whole number", meaning="the most pages the screen edition may take"),
)

RESULT = _keys(
    Key("value", "a number", meaning="the value"),
    Key("count", "a whole number", meaning="with of (percent) or homes (per_1000_homes)"),
    Key("of", "a whole number", meaning="the total the count is out of; above 0"),
    Key("homes", "a whole number", meaning="homes the count is per; above 0"),
    Key("missing", "text", meaning="why there is no value; no value may be given with it"),
    Key("note", "text", meaning="shown beside the figure"),
    Key("action", "Markdown", meaning="what we are doing about it"),
    Key("responses", "a whole number, or not published", meaning="survey sample size; above 0"),
    Key("population", "a whole number",
        meaning="the surveyed population N: the homes or tenants the survey was drawn from; above 0, "
                "at least the responses"),
)

# `responses: not published`: the survey's source gave no count (any case, any spacing)
NOT_PUBLISHED = "not published"

BENCHMARKS = _keys(
    Key("source", "text", True, "who the benchmark compares with", "source: Housemark 2021"),
    Key("values", "a mapping of benchmark values", meaning="id -> quartiles"),
)

# One entry of the list form of `benchmarks:` (several groups in one period).
BENCHMARK_GROUP = _keys(
    Key("group", "text", True, "the landlords compared with", "group: Similar-sized landlords"),
    *BENCHMARKS.values(),
)

BENCHMARK_VALUE = _keys(
    Key("lower_quartile", "a number"),
    Key("median", "a number"),
    Key("upper_quartile", "a number"),
)

BASES = ("period", "year_to_date", "snapshot")
BETTER = ("higher", "lower")


# Keys that belong elsewhere: a better suggestion than 'did you mean'.
MISPLACED = {
    ("figure", "target"): "A figure has no target; to check it against a target, list it under 'standards:'.",
    ("figure", "targets"): "A figure has no target; to check it against a target, list it under 'standards:'.",
    ("figure", "tolerance"): "A figure has no target, so no tolerance; list it under 'standards:' to give it one.",
    ("standard", "better"): "A standard's direction comes from its target: 'at_least' (higher is better) "
    "or 'at_most' (lower is better).",
}


def check_mapping(node: Node, keys: dict[str, Key], what: str, problems: Problems) -> bool:
    """Unknown keys (with 'did you mean') and missing required keys.

    Returns False when ``node`` is not a mapping at all, so the caller stops there.
    """
    if node.kind != "mapping":
        problems.add(
            "wrong-type",
            f"{what[0].upper()}{what[1:]} should be a mapping of keys and values, but {describe(node)} is given.",
            node.location,
            expected=f"keys such as {words_list([k for k in keys][:3], 'and')}",
            found=describe(node),
        )
        return False
    misspelt = set()  # required keys an unknown key is probably meant to be: one message, not two
    for key, key_node, _ in node.pairs():
        if key not in keys:
            suggestion = closest(key, keys)
            if suggestion and suggestion not in node.entries:
                misspelt.add(suggestion)
            problems.add(
                "unknown-key",
                f"Unknown key {quote(key)} in {what}.",
                key_node.location,
                expected="one of: " + ", ".join(keys),
                found=quote(key),
                hint=_misplaced(what, key) or did_you_mean(key, keys) or "Check the spelling, or remove it. "
                "Keys allowed here: "
                + ", ".join(keys) + ".",
            )
    for key in keys.values():
        if key.required and key.name not in node.entries and key.name not in misspelt:
            example = f"a line like '{key.example}'" if key.example else f"'{key.name}:'"
            problems.add(
                "missing-key",
                f"{what[0].upper()}{what[1:]} has no {quote(key.name)}.",
                node.location,
                expected=f"'{key.name}:' with {key.kind}",
                hint=f"Add {example} ({key.meaning}).",
            )
    return True


def _misplaced(what: str, key: str) -> str | None:
    """The MISPLACED hint when ``what`` names a standard or figure ('figure 'x'', 'a figure', 'the figure titled')."""
    kind = next((word for word in what.split()[:2] if word in ("figure", "standard")), "")
    return MISPLACED.get((kind, key))


def closest(word: str, choices) -> str | None:
    """The choice 'did you mean' would suggest, or None."""
    hint = did_you_mean(word, choices)
    return hint.split("'")[1] if hint else None


# Tenant Satisfaction Measures (registry/tsm.py). The survey summary's keys come from the catalogue.
def _tsm_registries() -> tuple[dict[str, Key], ...]:
    from generator.registry.tsm import SURVEY_ITEMS, TIMESCALES

    survey = _keys(*(Key(i.key, "Markdown", meaning=f"item {i.letter}: {i.wording[0].lower()}{i.wording[1:]}"
                         + (" (only when a survey fell short of the required sample size)" if i.when_short else ""))
                     for i in SURVEY_ITEMS))
    timescales = _keys(*(Key(t.key, "text", meaning=t.meaning) for t in TIMESCALES))
    return survey, timescales


SURVEY_SUMMARY, TSM_TIMESCALES = _tsm_registries()

# `tsm:` in a financial year's performance file
TSM_BLOCK = _keys(
    Key("homes", "a mapping of whole numbers", meaning="this year's homes of each tenure; overrides mkdocs.yml"),
    Key("results", "a mapping of TSM results", meaning="column (TP01, RP02_1...) -> its result, or for a measure "
        "reported by tenure, tenure -> result"),
    Key("survey", "a survey summary", meaning="items a to k published with the perception measures"),
    Key("timescales", "a mapping of text", meaning="the target timescales used for RP02_1, RP02_2 and CH02"),
    Key("method_changes", "Markdown", meaning="from 2025-26: changes of method that affect the comparison with "
        "the year before"),
)

TSM_RESULT = _keys(
    *RESULT.values(),
    Key("population", "a whole number", meaning="the surveyed population N, when not the tenure's homes; above 0"),
)

# A measure reported by tenure: `TP01: {lcra: {...}, lcho: {...}}`
TSM_BY_TENURE = _keys(
    Key("lcra", "a TSM result", meaning="for low-cost rental homes"),
    Key("lcho", "a TSM result", meaning="for shared ownership homes"),
)

TSM_HOMES = _keys(
    Key("lcra", "a whole number", meaning="low-cost rental homes owned at year end"),
    Key("lcho", "a whole number", meaning="shared ownership homes owned at year end"),
)

# `tsm:` on a standard or figure, in its mapping form
TSM_LINK = _keys(
    Key("measure", "a TSM column", True, "the column it is: TP01, RP02_1...", "measure: TP01"),
    Key("tenure", "lcra, lcho or combined", meaning="needed for a measure reported by tenure"),
)
