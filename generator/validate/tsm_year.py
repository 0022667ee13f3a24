"""A financial year's `tsm:` block (results by part and tenure, homes, the survey summary, the
timescales, method changes) and the linked standards' results: a :class:`TsmYear`."""

from __future__ import annotations

from generator.model import Item, Result, TsmResult, TsmSettings, TsmYear
from generator.problems import Location, Problems, quote, words_list
from generator.registry.keys import (SURVEY_SUMMARY, TSM_BLOCK, TSM_BY_TENURE, TSM_RESULT, TSM_TIMESCALES,
                                     check_mapping)
from generator.registry.periods import Period
from generator.registry.tsm import LANDLORD_TENURES, TENURE_PEOPLE, TENURES, Column, catalogue_for
from generator.source.yaml import Node, describe
from generator.validate.periods import _mapping_result, _value_ok, left_empty
from generator.validate.tsm import _column, _not_your_tenure, not_collected, read_homes
from generator.validate.values import read_number, read_text, read_whole


def read_tsm_year(tree: Node, period: Period, items: dict[str, Item], results: dict[str, Result],
                  settings: TsmSettings | None, problems: Problems, draft: bool = False) -> TsmYear | None:
    """A financial year's TSMs: `tsm:` in its performance file, with the linked standards' results.

    None when TSMs are off or the period is not a TSM year (a `tsm:` block there is an error)."""
    block = tree.get("tsm")
    key = tree.key_node("tsm")
    catalogue = catalogue_for(period) if period.kind == "year" else None
    if settings is None or catalogue is None:
        if key is not None:
            _block_not_here(period, settings, key.location, problems)
        return None
    period_key = tree.key_node("period")
    location = key.location if key is not None else period_key.location if period_key else Location(tree.file)
    homes = dict(settings.homes)
    year = TsmYear(period, catalogue, homes, location=location, tenures=settings.tenures)
    written: list[TsmResult] = []
    fields: dict = {}
    if block is not None and not block.is_null:
        if not check_mapping(block, TSM_BLOCK, "'tsm'", problems):
            block = None
        else:
            override = read_homes(block.get("homes"), settings.tenures, problems)
            homes.update(override or {})
            written = _results(block.get("results"), year, problems, draft)
            fields["survey"] = _texts(block.get("survey"), SURVEY_SUMMARY, "'survey' in 'tsm'", problems)
            fields["timescales"] = _texts(block.get("timescales"), TSM_TIMESCALES, "'timescales' in 'tsm'",
                                          problems)
            changes = block.get("method_changes")
            if changes is not None and not changes.is_null:
                fields["method_changes"] = read_text(changes, "'method_changes' in 'tsm'", problems)
    linked = _linked(items, results, year, written, problems)
    order = {c.name: n for n, c in enumerate(catalogue.columns)}
    every = sorted(written + linked, key=lambda r: (order[r.column], list(TENURES).index(r.tenure)))
    places = {name: block.key_node(name).location for name in ("results", "survey", "timescales")  # type: ignore[union-attr]
              if block is not None and block.kind == "mapping" and block.key_node(name) is not None}
    return TsmYear(period, catalogue, homes, tuple(every), location=location, tenures=settings.tenures, places=places,
                   **{k: v for k, v in fields.items() if v is not None})


def _block_not_here(period: Period, settings: TsmSettings | None, at: Location, problems: Problems) -> None:
    if settings is None:
        reason = "Tenant Satisfaction Measures are not switched on in mkdocs.yml"
        hint = "Add 'tsm: {tenures: [lcra]}' (with lcho if you have shared owners) under '- standards:' in mkdocs.yml."
    elif period.kind != "year":
        reason = f"{period} is not a financial year: TSMs are reported for the whole year"
        hint = f"Move 'tsm:' to the performance file of {period.financial_year}."
    else:
        reason = f"TSMs start in 2023-24, and {period} is earlier"
        hint = "Remove 'tsm:' from this file."
    problems.add("tsm-off", f"This file has 'tsm:', but {reason}.", at,
                 expected="'tsm:' only in a financial year's file from 2023-24, with TSMs switched on", hint=hint)


def _texts(node: Node | None, keys: dict, what: str, problems: Problems) -> dict[str, str] | None:
    if node is None or node.is_null:
        return None
    if not check_mapping(node, keys, what, problems):
        return None
    found = {}
    for key, _, value in node.pairs():
        if key in keys and not value.is_null:
            text = read_text(value, f"{quote(key)} in {what}", problems)
            if text and text.strip():
                found[key] = text
    return found


def _results(node: Node | None, year: TsmYear, problems: Problems, draft: bool) -> list[TsmResult]:
    """`tsm: results:`: column -> result, or for a measure reported by tenure, tenure -> result."""
    if node is None or node.is_null:
        return []
    if node.kind != "mapping":
        problems.add("wrong-type", f"'results' in 'tsm' should map each measure to its result, but "
                     f"{describe(node)} is given.", node.location, expected="lines like 'TP01: {lcra: ...}'",
                     found=describe(node))
        return []
    found = []
    for name, key_node, value in node.pairs():
        column = _column(name, key_node.location, "a TSM result's measure", problems, year.catalogue)
        if column is None:
            continue
        for tenure, tenure_key, result_node in _by_tenure(column, key_node, value, year, problems):
            result = _result(column, tenure, tenure_key, result_node, year, problems, draft)
            if result is not None:
                found.append(TsmResult(column.measure.code, column.name, column.part.number if column.part else None,
                                       tenure, result, "tsm", result.location))
    return found


def _by_tenure(column: Column, key_node: Node, value: Node, year: TsmYear, problems: Problems):
    """(tenure, its key, its result) for each result written: a mapping of tenures, or one result."""
    if value.kind == "mapping" and any(k in LANDLORD_TENURES for k in value.entries):
        check_mapping(value, TSM_BY_TENURE, f"the {column.name} results by tenure", problems)
        pairs = []
        for tenure, tenure_key, result in value.pairs():
            if tenure not in TSM_BY_TENURE:
                continue  # an unknown key, reported above
            if tenure not in column.measure.tenures:
                not_collected(column.name, tenure, tenure_key.location, problems)
            elif tenure != "combined" and tenure not in year.tenures:
                _not_your_tenure(tenure, tenure_key.location, problems)
            else:
                pairs.append((tenure, tenure_key, result))
        return pairs
    tenures = year.tenures_of(column)
    if len(tenures) > 1:
        problems.add("tsm-tenure", f"{column.name} is reported for each tenure, but one result is given.",
                     key_node.location, expected=f"a result for each of {words_list(list(tenures), 'and')}",
                     hint=f"Write it as '{column.name}: {{lcra: {{...}}, lcho: {{...}}}}'.")
        return []
    return [(tenures[0] if tenures else column.measure.tenures[0], key_node, value)]


def _result(column: Column, tenure: str, key_node: Node, node: Node, year: TsmYear, problems: Problems,
            draft: bool) -> Result | None:
    measure = column.measure
    item = Item("measure", column.name, column.title, "tsm", key_node.location, unit=measure.unit,
                survey=measure.survey)
    what = f"the {column.name} result" + (f" for {TENURE_PEOPLE[tenure]}" if measure.by_tenure else "")
    if node.kind == "scalar":
        if node.is_null:
            left_empty(what[0].upper() + what[1:], "the figure or {missing: \"the reason\"}", key_node, draft,
                       problems)
            return None
        value = read_number(node, what[0].upper() + what[1:], problems)
        if value is None or not _value_ok(value, node, item, what, problems):
            return None
        return Result(column.name, node.location, value=value)
    if not check_mapping(node, TSM_RESULT, what, problems):
        return None
    result = _mapping_result(column.name, node, item, what, problems)
    if result is None:
        return None
    given = node.get("population")
    if result.population is None and given is not None and not given.is_null:
        # read here until every result's reader reads `population` (registry/keys.RESULT)
        population = read_whole(given, f"'population' in {what}", problems, minimum=1)
        if population is None:
            return None
        return Result(**{**vars(result), "population": population})
    return result


def _linked(items: dict[str, Item], results: dict[str, Result], year: TsmYear, written: list[TsmResult],
            problems: Problems) -> list[TsmResult]:
    """The results of linked standards and figures: each is its TSM result, entered once."""
    found = []
    for item in items.values():
        link, result = item.tsm, results.get(item.id)
        if link is None or result is None or year.catalogue.column(link.column) is None:
            continue
        if link.tenure != "combined" and link.tenure not in year.tenures:
            continue  # reported once, at the link
        twice = next((r for r in written if r.column == link.column and r.tenure == link.tenure), None)
        if twice is not None:
            named = f"{link.column}{_for(link.column, link.tenure, year)}"
            problems.add("tsm-link", f"{named} is given twice: here and as the "
                         f"result of {item.kind} {quote(item.id)}, which is linked to it.", twice.location,
                         expected="each result entered once", hint=f"Remove this one: the result of "
                         f"{quote(item.id)} under 'results:' is the TSM result.")
            continue
        found.append(TsmResult(link.code, link.column, link.part, link.tenure, result, item.id, result.location))
    return found


def _for(column: str, tenure: str, year: TsmYear) -> str:
    found = year.catalogue.column(column)
    return f" for {TENURE_PEOPLE[tenure]}" if found is not None and found.measure.by_tenure else ""
