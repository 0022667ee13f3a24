"""Open data: every result with its status, as CSV and as FORMAT.md's JSON document."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from generator.assess.rules import Assessment
from generator.present.values import shown
from generator.report.check import row_json

CSV_COLUMNS = (
    "area", "area_name", "id", "kind", "title", "period", "period_kind", "period_start", "period_end",
    "value", "unit", "value_shown", "target_direction", "target_value", "status", "previous_period",
    "previous_value", "trend", "count", "of", "homes", "responses", "missing", "note", "action", "draft",
)


def open_data(organisation: str, rows: list[Assessment], area_names: dict[str, str]) -> dict[str, str]:
    """data/results.csv and data/results.json, from one JSON record a row."""
    records = [row_json(r) for r in rows]
    return {"data/results.csv": results_csv(rows, area_names, records),
            "data/results.json": results_json(organisation, rows, records)}


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
