"""Tenant Satisfaction Measures: the `tsm:` setting, links from standards and figures, and a
financial year's `tsm:` block (registry/tsm.py is the catalogue; assess/tsm.py says what is missing)."""

from __future__ import annotations

from decimal import Decimal

from generator.model import Item, Result, TsmLink, TsmResult, TsmSettings, TsmYear
from generator.problems import Location, Problems, did_you_mean, quote, words_list
from generator.registry.keys import (SURVEY_SUMMARY, TSM_BLOCK, TSM_BY_TENURE, TSM_HOMES, TSM_LINK, TSM_RESULT,
                                     TSM_SETTINGS, TSM_TIMESCALES, check_mapping)
from generator.registry.periods import Period
from generator.registry.tsm import (CATALOGUES, LANDLORD_TENURES, TENURE_PEOPLE, TENURES, Catalogue, Column,
                                    catalogue_for)
from generator.source.yaml import Node, describe
from generator.validate.values import read_text, read_whole

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
        tenures = tuple(t for t in LANDLORD_TENURES if t in read)
    homes = read_homes(node.get("homes"), tenures, problems)
    if not ok or homes is None:
        return False
    return TsmSettings(tenures=tenures, homes=homes)


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
