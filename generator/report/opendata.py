"""Open data: every result with its status, as CSV and as FORMAT.md's JSON document."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from generator.assess.peers import PeerRow, peer_row, peer_rows
from generator.assess.rules import Assessment
from generator.assess.actions import action_rows
from generator.model import PeriodFile, Project, json_number
from generator.assess.tsm import survey_margin, tsm_value
from generator.present.values import round_to, shown, shown_decimals
from generator.report.check import row_json

CSV_COLUMNS = (
    "area", "area_name", "id", "kind", "title", "period", "period_kind", "period_start", "period_end",
    "value", "unit", "value_shown", "target_direction", "target_value", "status", "previous_period",
    "previous_value", "trend", "count", "of", "homes", "responses", "missing", "note", "action", "draft",
)


# Beside each TSM figure compared with the regulator's dataset (`tsm: peers:`): the peers' quartiles
# (inclusive method, at full precision), how many landlords they are of, and our position's band
PEER_COLUMNS = ("peers_lower_quartile", "peers_median", "peers_upper_quartile", "peers_count", "peers_position")


def peer_fields(row: PeerRow | None) -> dict[str, object]:
    """The PEER_COLUMNS of one figure: all None without a comparison; the quartiles None when too few."""
    if row is None:
        return dict.fromkeys(PEER_COLUMNS)
    q = row.quartiles
    return {"peers_lower_quartile": q.lower if q else None, "peers_median": q.median if q else None,
            "peers_upper_quartile": q.upper if q else None, "peers_count": row.count,
            "peers_position": row.position.band if row.position else None}


def linked_peers(project: Project) -> dict[tuple[str, str], dict[str, object]]:
    """(item id, period label) -> the PEER_COLUMNS of the TSM the item is linked to, for each financial
    year with the regulator's dataset: what results.json adds to those results (JSON numbers)."""
    found: dict[tuple[str, str], dict[str, object]] = {}
    for period_file in project.periods:
        year = period_file.tsm
        if year is None or year.peers is None:
            continue
        for item in project.items:
            if item.tsm is not None:
                fields = peer_fields(peer_row(project, year, item.tsm.column, item.tsm.tenure))
                found[item.id, period_file.period.label] = {
                    k: json_number(v) if isinstance(v, Decimal) else v for k, v in fields.items()}
    return found


def open_data(organisation: str, rows: list[Assessment], area_names: dict[str, str],
              peers: dict[tuple[str, str], dict[str, object]] | None = None) -> dict[str, str]:
    """data/results.csv and data/results.json, from one JSON record a row.  ``peers`` (`linked_peers`):
    the peers' figures results.json gives beside a result linked to a TSM (the CSV keeps its columns)."""
    records = [row_json(r) for r in rows]
    json_records = records
    if peers:
        json_records = [{**record, **peers[key]} if (key := (r.item.id, r.period.label)) in peers else record
                        for r, record in zip(rows, records)]
    return {"data/results.csv": results_csv(rows, area_names, records),
            "data/results.json": results_json(organisation, rows, json_records)}


def results_json(organisation: str, rows: list[Assessment], records: list[dict] | None = None) -> str:
    """The document, one result a line: readable in a text editor and a diff, and written by
    json's C encoder (an indented document goes through the pure-Python one, seconds at 25,000 results)."""
    head = {"organisation": organisation, "errors": [], "warnings": []}
    lines = [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}," for key, value in head.items()]
    records = records if records is not None else [row_json(r) for r in rows]
    results = ",\n".join(f"    {json.dumps(record, ensure_ascii=False)}" for record in records)
    body = f'  "results": [\n{results}\n  ]' if rows else '  "results": []'
    return "{\n" + "\n".join(lines) + "\n" + body + "\n}\n"


# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV injection")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # UTF-8 with a byte-order mark: Excel reads '£' as it is, not as 'Â£'


def csv_cell(value: object) -> object:
    """One cell: numbers as numbers (a negative number too), true/false, and text that a
    spreadsheet would run as a formula made plain text with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def results_csv(rows: list[Assessment], area_names: dict[str, str] | None = None,
                records: list[dict] | None = None) -> str:
    """The CSV, as text to be written as UTF-8: it starts with the byte-order mark."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    names = area_names or {}
    for row, record in zip(rows, records if records is not None else map(row_json, rows)):
        record = dict(record)  # the JSON record is shared with results.json
        target = record.pop("target") or {}
        direction, value = next(iter(target.items()), ("", ""))
        record.update({
            "area_name": names.get(row.item.area, ""),
            "title": row.item.title,
            "period_kind": row.period.kind,
            "period_start": row.period.start.isoformat(),
            "period_end": row.period.end.isoformat(),
            "value_shown": shown(row) or "",
            "target_direction": direction,
            "target_value": value,
            # Markdown over several lines, as one line: one result a line of the file
            "action": " ".join(record["action"].split()) if record.get("action") else None,
        })
        writer.writerow([csv_cell(record.get(k)) for k in CSV_COLUMNS])
    return out.getvalue()


# A year's TSMs, one row a figure (a column of the regulator's return for a tenure): long, not wide,
# so that each row carries its own numerator, denominator and responses, and names the field of the
# regulator's return it goes in, to be checked line by line against what was submitted
TSM_CSV_COLUMNS = (
    "period", "column", "tenure", "return_field", "value", "numerator", "denominator", "responses",
    "population", "margin_of_error", "missing", "note", *PEER_COLUMNS,
)
_RETURN_TENURE = {"lcra": "LCRA", "lcho": "LCHO", "combined": "COMB"}


def return_field(column: str, tenure: str, survey: bool, by_tenure: bool) -> str:
    """The field name of the regulator's TSM dataset for a column and tenure: TP01_Satisfied_Calc_LCRA,
    RP02_1_Calculated_Value, CH01_1_Calculated_Value_LCHO (the 2025 dataset's Data Dictionary)."""
    if survey:
        return f"{column}_Satisfied_Calc_{_RETURN_TENURE[tenure]}"
    if by_tenure:  # CH01 and CH02, given apart for each tenure
        return f"{column}_Calculated_Value_{_RETURN_TENURE[tenure]}"
    return f"{column}_Calculated_Value"


def tsm_csv(period_file: PeriodFile, project: Project | None = None) -> str:
    """data/tsm-<year>.csv: every TSM figure the landlord reports for the year, in the regulator's order;
    with ``project`` and the year's dataset, the peers' quartiles, count and our position beside each."""
    year = period_file.tsm
    compared = {(r.column, r.tenure): r for r in peer_rows(project, year)} if project and year.peers else {}
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TSM_CSV_COLUMNS)
    for column in year.catalogue.columns:
        measure = column.measure
        for tenure in year.tenures_of(column):
            found = year.result(column.name, tenure)
            result = found.result if found else None
            value = tsm_value(result, measure.unit) if result else None
            if value is not None:
                value = round_to(value, shown_decimals(value, measure.unit))  # as written, or worked out: 1 dp
            error = survey_margin(result, value, year.homes_of(tenure)) if result and measure.survey else None
            rate = measure.unit == "per_1000_homes"
            record = {
                "period": period_file.period.label, "column": column.name, "tenure": tenure,
                "return_field": return_field(column.name, tenure, measure.survey, measure.by_tenure),
                "value": value,
                "numerator": result.count if result else None,
                "denominator": (result.homes if rate else result.of) if result else None,
                "responses": result.responses if result else None,
                "population": result.population if result else None,
                "margin_of_error": round_to(error, 1) if error is not None else None,
                "missing": (result.missing if result else None) or (None if value is not None else "not given"),
                "note": result.note if result else None,
                **peer_fields(compared.get((column.name, tenure))),
            }
            writer.writerow([csv_cell(record[k]) for k in TSM_CSV_COLUMNS])
    return out.getvalue()


# One row per action per period that reported on it, oldest period first within an action: a tenant
# panel can follow an action from "not started" to "done", and see what a dropped one said before
ACTIONS_COLUMNS = (
    "plan", "objective", "number", "id", "title", "due", "lead", "period", "state", "status", "overdue",
    "done", "reason", "update", "serves",
)


def action_records(project: Project) -> list[dict]:
    """The open data's records of every action's report in every period shown (JSON values)."""
    records = []
    periods = sorted((p for p in project.periods if p.actions), key=lambda p: (p.period.end, p.period.kind == "year"))
    for plan in project.plans:
        rows_by_period = [(p, {r.action.id: r for r in action_rows(project, plan, p)}) for p in periods]
        for action in plan.actions:
            for period_file, rows in rows_by_period:
                row = rows.get(action.id)
                if row is None or row.report is None:
                    continue
                report = row.report
                records.append({
                    "plan": plan.id, "objective": action.objective, "number": action.number, "id": action.id,
                    "title": action.title, "due": action.due.isoformat() if action.due else None,
                    "lead": action.lead, "period": period_file.period.label, "state": report.state,
                    "status": row.status, "overdue": row.overdue,
                    "done": report.done.isoformat() if report.done else None,
                    "reason": " ".join(report.reason.split()) if report.reason else None,
                    "update": " ".join(report.update.split()) if report.update else None,
                    "serves": list(action.serves),
                })
    return records


def actions_data(organisation: str, project: Project) -> dict[str, str]:
    """data/actions.csv (serves joined with spaces, for a spreadsheet) and data/actions.json."""
    records = action_records(project)
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ACTIONS_COLUMNS)
    for record in records:
        writer.writerow([csv_cell(" ".join(record[k]) if k == "serves" else record[k]) for k in ACTIONS_COLUMNS])
    lines = ",\n".join(f"    {json.dumps(record, ensure_ascii=False)}" for record in records)
    body = f'  "actions": [\n{lines}\n  ]' if records else '  "actions": []'
    document = "{\n" + f'  "organisation": {json.dumps(organisation, ensure_ascii=False)},\n' + body + "\n}\n"
    return {"data/actions.csv": out.getvalue(), "data/actions.json": document}
