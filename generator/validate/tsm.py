"""Tenant Satisfaction Measures: the `tsm:` setting, links from standards and figures, and a
financial year's `tsm:` block (registry/tsm.py is the catalogue; assess/tsm.py says what is missing)."""

from __future__ import annotations

import re

from generator.model import Item, TsmLink, TsmSettings
from generator.problems import Location, Problems, did_you_mean, quote, words_list
from generator.registry.keys import TSM_HOMES, TSM_LINK, Key, _keys, check_mapping
from generator.registry.tsm import CATALOGUES, LANDLORD_TENURES, TENURE_PEOPLE, TENURES, Catalogue, Column
from generator.source.yaml import Node, describe
from generator.validate.values import read_whole

# `tsm:` in mkdocs.yml (here, beside its reader, as the other settings' keys are in validate/settings.py:
# the JSON Schemas cover the data files, not mkdocs.yml)
TSM_SETTINGS = _keys(
    Key("tenures", "a list of tenures", meaning="the tenures you have: lcra (low-cost rental), lcho (shared "
        "ownership); default [lcra]"),
    Key("homes", "a mapping of whole numbers", meaning="homes owned of each tenure at year end, like "
        "{lcra: 12240, lcho: 1310}"),
    Key("peers", "a mapping", meaning="compare your TSMs with other landlords' in the regulator's published "
        "dataset: datasets, landlord, similar, size, region, type, supported (see 'Comparing with other "
        "landlords')"),
)

LATEST = CATALOGUES[max(CATALOGUES)]  # for links: which columns exist (every entry has the same names so far)


def read_tsm_settings(node: Node | None, problems: Problems) -> TsmSettings | None | bool:
    """`tsm:` in mkdocs.yml: None when absent (TSMs off), False when it has errors."""
    if node is None or node.is_null:
        return None
    if not check_mapping(node, TSM_SETTINGS, "'tsm' in mkdocs.yml", problems):
        return False
    tenures: tuple[str, ...] = ("lcra",)
    ok = True
    listed = node.get("tenures")
    if listed is not None and not listed.is_null:
        entries = listed.items if listed.kind == "list" else (listed,) if listed.kind == "scalar" else None
        if entries is None:
            problems.add("wrong-type", f"'tenures' should be a list like [lcra, lcho], but {describe(listed)} is "
                         "given.", listed.location, expected="a list of tenures", found=describe(listed))
            return False
        read = [_landlord_tenure(entry, problems) for entry in entries]
        ok = None not in read
        if not entries:
            problems.add("missing-key", "'tenures' under 'tsm' in mkdocs.yml is an empty list.", listed.location,
                         expected="lcra, lcho, or both", hint="Write 'tenures: [lcra]', with lcho if you have "
                         "shared owners; to switch TSMs off, remove 'tsm:'.")
            return False
        tenures = tuple(t for t in LANDLORD_TENURES if t in read)
    homes = read_homes(node.get("homes"), tenures, problems)
    # the peers' reader brings the regulator's spreadsheet code: loaded only for a landlord with TSMs
    from generator.validate.peers import read_peer_settings

    peers = read_peer_settings(node.get("peers"), problems)
    if not ok or homes is None or peers is False:
        return False
    return TsmSettings(tenures=tenures, homes=homes, peers=peers)  # type: ignore[arg-type]


def _landlord_tenure(node: Node, problems: Problems) -> str | None:
    text = node.text.strip().lower() if node.kind == "scalar" else ""
    if text in LANDLORD_TENURES:
        return text
    problems.add("invalid-choice", f"A tenure should be lcra or lcho, but {describe(node)} is given.",
                 node.location, expected="lcra (low-cost rental) or lcho (shared ownership)", found=describe(node),
                 hint=did_you_mean(text, LANDLORD_TENURES) or "'combined' is not a tenure you have: measures "
                 "reported for all homes together add your tenures up.")
    return None


def read_homes(node: Node | None, tenures: tuple[str, ...], problems: Problems) -> dict[str, int] | None:
    """`homes: {lcra: 12240, lcho: 1310}`: homes owned of each tenure at year end."""
    if node is None or node.is_null:
        return {}
    if not check_mapping(node, TSM_HOMES, "'homes'", problems):
        return None
    homes: dict[str, int] = {}
    ok = True
    for key, key_node, value in node.pairs():
        if key not in TSM_HOMES:
            ok = False
            continue
        if key not in tenures:
            ok = False
            _not_your_tenure(key, key_node.location, problems)
            continue
        number = read_whole(value, f"The homes of {key}", problems, minimum=1)
        if number is None:
            ok = False
        else:
            homes[key] = number
    return homes if ok else None


def _not_your_tenure(tenure: str, at: Location, problems: Problems) -> None:
    problems.add("tsm-tenure", f"{quote(tenure)} is not one of your tenures in mkdocs.yml.", at,
                 expected="a tenure listed under 'tsm: tenures:' in mkdocs.yml", found=quote(tenure),
                 hint=f"Add {tenure} to 'tenures:' under 'tsm:' in mkdocs.yml if you have "
                 f"{TENURE_PEOPLE[tenure].split(' (')[0]}, or remove this.")


def read_link(node: Node, item_id: str, kind: str, unit: str | None, problems: Problems) -> TsmLink | None:
    """`tsm: TP02`, `tsm: TP01 lcra` or `tsm: {measure: TP01, tenure: lcra}` on a standard or figure."""
    what = f"'tsm' of {kind} {quote(item_id)}"
    if node.kind == "mapping":
        if not check_mapping(node, TSM_LINK, what, problems):
            return None
        measure, tenure = node.get("measure"), node.get("tenure")
        if measure is None or measure.kind != "scalar" or measure.is_null:
            return None  # reported by check_mapping, or an empty value below
        name, tenure_text, at = measure.text.strip(), tenure.text.strip() if tenure is not None and \
            tenure.kind == "scalar" and not tenure.is_null else None, measure.location
    elif node.kind == "scalar" and not node.is_null:
        words = node.text.split()
        name, tenure_text, at = (words[0] if words else ""), (words[1] if len(words) > 1 else None), \
            node.location
        if len(words) > 2:
            return _bad_link(node, what, problems)
    else:
        return _bad_link(node, what, problems)
    column = _column(name, at, what, problems)
    if column is None:
        return None
    tenure = _link_tenure(column, tenure_text, at, what, problems)
    if tenure is None:
        return None
    if unit != column.measure.unit:
        problems.add("tsm-link", f"{kind.capitalize()} {quote(item_id)} has unit {quote(unit or 'none')}, but "
                     f"{column.name} is in {column.measure.unit}.", at,
                     expected=f"unit: {column.measure.unit}", found=quote(unit or "none"),
                     hint=f"A linked {kind}'s result is the TSM result: give it 'unit: {column.measure.unit}', "
                     "or remove 'tsm:'.")
        return None
    return TsmLink(column.name, tenure, at)


def _bad_link(node: Node, what: str, problems: Problems) -> None:
    problems.add("wrong-type", f"{what[0].upper()}{what[1:]} should name a measure, like TP02, RP02_1 or "
                 f"'TP01 lcra', but {describe(node)} is given.", node.location,
                 expected="a TSM column, and for a measure reported by tenure, the tenure",
                 found=describe(node), hint="Write it as 'tsm: TP01 lcra' or 'tsm: {measure: TP01, tenure: lcra}'.")
    return None


def _column(name: str, at: Location, what: str, problems: Problems, catalogue: Catalogue = LATEST) -> Column | None:
    # the regulator's names exactly, as the JSON Schemas have them: 'tp01' is told to write 'TP01'
    column = catalogue.column(name)
    if column is not None:
        return column
    measure = catalogue.measure(name)
    padded = re.sub(r"^([A-Za-z]{2})([0-9])(?![0-9])", r"\g<1>0\2", name.strip()).upper()  # TP2 -> TP02
    if measure is not None and measure.parts:  # "RP02" for a measure with parts: which part?
        hint = f"{measure.code} has parts: write {words_list(list(measure.columns))}."
    elif padded != name.strip() and catalogue.column(padded) is not None:
        hint = f"Did you mean '{padded}'?"
    else:
        hint = did_you_mean(name, [c.name for c in catalogue.columns]) or \
            "The columns are the regulator's codes: TP01 to TP12, RP01, RP02_1, RP02_2, BS01 to BS05, " \
            "CH01_1, CH01_2, CH02_1, CH02_2, NM01_1 and NM01_2."
    if measure is not None and measure.parts:  # a measure, but not a column: say so, not "not a TSM"
        message = (f"{what[0].upper()}{what[1:]} is {quote(name)}, a Tenant Satisfaction Measure in "
                   f"{len(measure.parts)} parts: say which part.")
    else:
        message = f"{what[0].upper()}{what[1:]} is {quote(name)}, which is not a Tenant Satisfaction Measure."
    problems.add("invalid-choice", message, at, expected="a TSM column like TP01 or RP02_1", found=quote(name),
                 hint=hint)
    return None


def _link_tenure(column: Column, tenure: str | None, at: Location, what: str, problems: Problems) -> str | None:
    measure = column.measure
    if tenure is None:
        if measure.by_tenure:
            problems.add("tsm-link", f"{column.name} is reported for each tenure, but {what} does not say which.",
                         at, expected=f"'{column.name} lcra' or '{column.name} lcho'",
                         hint=f"Write 'tsm: {column.name} lcra' for low-cost rental, or "
                         f"'tsm: {column.name} lcho' for shared ownership.")
            return None
        return measure.tenures[0]
    if tenure in measure.tenures:
        return tenure
    not_collected(column.name, tenure, at, problems)
    return None


def not_collected(name: str, tenure: str, at: Location, problems: Problems, measure_tenures: tuple = ()) -> None:
    """'TP02 is not collected for shared owners': a tenure the measure does not have."""
    column = LATEST.column(name)
    tenures = column.measure.tenures if column else measure_tenures
    if tenure not in TENURES:
        problems.add("invalid-choice", f"{quote(tenure)} is not a tenure.", at,
                     expected=words_list(list(tenures)), found=quote(tenure),
                     hint=did_you_mean(tenure, TENURES) or "Tenures are lcra (low-cost rental), lcho (shared "
                     "ownership), and combined (all homes, for measures reported together).")
        return
    if tenures == ("combined",):
        sentence = f"{name} is reported for all homes together, not for {TENURE_PEOPLE[tenure]} alone."
        hint = f"Remove the tenure: write '{name}' alone."
    else:
        sentence = f"{name} is not collected for {TENURE_PEOPLE[tenure].split(' (')[0]}."
        hint = f"{name} is for {words_list([TENURE_PEOPLE[t] for t in tenures], 'and')} only: remove this."
    problems.add("tsm-tenure", sentence, at, expected=f"{words_list(list(tenures))}: the tenures {name} is "
                 "collected for", found=quote(tenure), hint=hint)


def check_links(items: dict[str, Item], settings: TsmSettings | None, problems: Problems) -> None:
    """Across standards: TSMs switched on, the landlord's tenures, each column and tenure linked once."""
    seen: dict[tuple[str, str], Item] = {}
    for item in items.values():
        link = item.tsm
        if link is None:
            continue
        at = link.location or item.location
        if settings is None:
            problems.add("tsm-off", f"{item.kind.capitalize()} {quote(item.id)} is linked to {link.column}, but "
                         "Tenant Satisfaction Measures are not switched on in mkdocs.yml.", at,
                         expected="'tsm:' under '- standards:' in mkdocs.yml",
                         hint="Add 'tsm: {tenures: [lcra]}' (with lcho if you have shared owners) under "
                         "'- standards:' in mkdocs.yml, or remove this 'tsm:'.")
            continue
        if link.tenure != "combined" and link.tenure not in settings.tenures:
            _not_your_tenure(link.tenure, at, problems)
            continue
        first = seen.get((link.column, link.tenure))
        if first is not None:
            problems.add("tsm-link", f"{link.column} for {TENURE_PEOPLE[link.tenure]} is already linked to "
                         f"{first.kind} {quote(first.id)} ({first.location}).", at,
                         expected="each TSM linked to one standard or figure",
                         found=quote(item.id), hint="Remove 'tsm:' from one of them.")
            continue
        seen[(link.column, link.tenure)] = item
