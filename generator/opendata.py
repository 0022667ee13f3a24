"""Open data: every result with its status, as CSV and as FORMAT.md's JSON document."""

from __future__ import annotations

import csv
import io
import json

from .assess import Assessment
from .formatting import display_value
from .report import row_json

CSV_COLUMNS = (
    "area", "area_name", "id", "kind", "title", "period", "period_kind", "period_start", "period_end",
    "value", "unit", "value_shown", "target_direction", "target_value", "status", "previous_period",
    "previous_value", "trend", "count", "of", "homes", "responses", "missing", "note", "draft",
)


def results_json(organisation: str, rows: list[Assessment]) -> str:
    document = {"organisation": organisation, "errors": [], "warnings": [], "results": [row_json(r) for r in rows]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def results_csv(rows: list[Assessment], area_names: dict[str, str] | None = None) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        record = row_json(row)
        target = record.pop("target") or {}
        direction, value = next(iter(target.items()), ("", ""))
        writer.writerow({
            **{k: record.get(k) for k in CSV_COLUMNS if k in record},
            "area_name": (area_names or {}).get(row.item.area, ""),
            "title": row.item.title,
            "period_kind": row.period.kind,
            "period_start": row.period.start.isoformat(),
            "period_end": row.period.end.isoformat(),
            "value_shown": display_value(row) or "",
            "target_direction": direction,
            "target_value": value,
        })
    return out.getvalue()
