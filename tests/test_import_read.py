"""Reading spreadsheets for `standards import` (issue 11): CSV files and Excel workbooks made here
with csv and openpyxl, read by source/spreadsheet.py and validate/spreadsheet.py into results.

Each case is a file, what it gives (period, id, fields) and every problem, exactly: its
``file:cell``, code and sentence.  The project has one standard or figure of each kind a sheet
reads differently (PROJECT below)."""

from __future__ import annotations

import io
import random
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable

import openpyxl
import pytest

from generator.pipeline import check_project
from generator.problems import Problems
from generator.report.check import problem_json
from generator.registry.periods import parse_period
from generator.source.spreadsheet import MAX_BYTES, read_table
from generator.validate.spreadsheet import results_from_table

PROJECT = {
    "standards/repairs.yaml": """\
        area: Repairs
        standards:
          - id: repairs-on-time
            title: We complete repairs on time
            unit: percent
          - id: repair-days
            title: Average days to complete a repair
            unit: days
          - id: tenants-satisfied
            title: Tenants satisfied with repairs
            unit: percent
            survey: true
        figures:
          - id: homes-managed
            title: Homes we manage
            unit: count
          - id: repairs-spend
            title: Spend on each repair
            unit: pounds
          - id: call-answer-time
            title: Time to answer a call
            unit: seconds
        """,
    "performance/2023-24.yaml": "period: 2023-24\nresults:\n  repairs-on-time: 91\n",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    from .conftest import write_project

    root = write_project(tmp_path_factory.mktemp("project"), PROJECT)
    outcome = check_project(root / "mkdocs.yml")
    assert outcome.project is not None and not outcome.errors, outcome.errors
    return outcome.project


# -- making files ----------------------------------------------------------------------------


@dataclass
class Sheet:
    """A sheet to write with openpyxl: rows from A1, then formats ('C5': '0.0%') and merged ranges."""

    name: str
    rows: list[list]
    formats: dict[str, str] = field(default_factory=dict)
    merged: tuple[str, ...] = ()


def xlsx(*sheets: Sheet) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        for sheet in sheets:
            ws = workbook.create_sheet(sheet.name)
            for row in sheet.rows:
                ws.append(row)
            for ref, number_format in sheet.formats.items():
                ws[ref].number_format = number_format
            for ref in sheet.merged:
                ws.merge_cells(ref)
        path = folder / "kpis.xlsx"
        workbook.save(path)
        return path

    return write


def csv_file(text: str, encoding: str = "utf-8", name: str = "kpis.csv") -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(text.encode(encoding))
        return path

    return write


def raw(data: bytes, name: str) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return write


def read(path: Path, project, sheet: str | None = None, period: str | None = None):
    """(results as (period, id, {field: value as text}), problems as 'file:cell code: sentence')."""
    problems = Problems()
    table = read_table(path, path.name, problems, sheet=sheet)
    results = []
    if table is not None:
        chosen = parse_period(period) if period else None
        for r in results_from_table(table, project, problems, chosen):
            assert all(isinstance(v, (Decimal, str)) for _, v in r.fields)
            results.append((r.period.label, r.item_id, {k: str(v) for k, v in r.fields}))
    shown = [f"{p.location} {p.code}: {p.sentence}" for p in problems.items]
    return results, shown


# -- the cases ---------------------------------------------------------------------------------


@dataclass
class Case:
    id: str
    make: Callable[[Path], Path]
    results: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    sheet: str | None = None
    period: str | None = None


TITLE_ABOVE = Sheet("Q1", [
    ["Repairs performance report, 2024-25"],
    ["Prepared by the performance team"],
    [],
    ["ID", "Title", "2023/24", "2024-25 Q1", "Target"],
    ["repairs-on-time", "We complete repairs on time", 0.934, 0.9, 0.95],
    [None, "average days  to complete a REPAIR", 4.5, "4.25", None],
], formats={"C5": "0.0%", "D5": "0%", "E5": "0%"}, merged=("A1:E1", "A2:E2"))

CASES = [
    # -- layouts and header rows
    Case("wide, header on row 4 under merged title cells, percentage cells", xlsx(TITLE_ABOVE), [
        ("2023-24", "repairs-on-time", {"value": "93.4"}),
        ("2024-25 Q1", "repairs-on-time", {"value": "90"}),
        ("2023-24", "repair-days", {"value": "4.5"}),
        ("2024-25 Q1", "repair-days", {"value": "4.25"}),
    ]),
    Case("long, header names in any case and spacing", xlsx(Sheet("Results", [
        [" Id", "PERIOD", "Value ", "Count", "Of", "Note"],
        ["repairs-on-time", "2024/25 q2", None, 661, 708, "Jobs under £500"],
        ["tenants-satisfied", 2024, "76.5%", None, None, None],
    ])), [
        ("2024-25 Q2", "repairs-on-time", {"count": "661", "of": "708", "note": "Jobs under £500"}),
        ("2024", "tenants-satisfied", {"value": "76.5"}),
    ]),
    Case("long with --period, titles only", csv_file(
        "Title,Value,Responses\nTenants satisfied with repairs,76,412\nHomes we manage,\"12,050\",\n"
        "Tenants satisfied with repairs ,,\n"), [
        ("2024-25", "tenants-satisfied", {"value": "76", "responses": "412"}),
        ("2024-25", "homes-managed", {"value": "12050"}),
    ], period="2024-25"),
    Case("missing reasons, notes, responses not published", csv_file(
        "id,period,value,missing,responses\n"
        "repair-days,2024-25,,Not collected: new repairs system,\n"
        "tenants-satisfied,2024-25,80,,Not published\n"), [
        ("2024-25", "repair-days", {"missing": "Not collected: new repairs system"}),
        ("2024-25", "tenants-satisfied", {"value": "80", "responses": "not published"}),
    ]),
    Case("a section heading row and other columns are passed over", xlsx(Sheet("KPIs", [
        ["Title", "Unit", "RAG", "2024-25"],
        ["Repairs", None, None, None],
        ["Spend on each repair", "£", "Green", "£1,250.00"],
        ["Spend on each repair ", None, None, None],
    ])), [("2024-25", "repairs-spend", {"value": "1250.00"})]),
    Case("an empty CSV file", csv_file(""), [], [
        "kpis.csv:A1 import-header: No header row in kpis.csv: no row has a cell 'id' or 'title'. Add a row of "
        "headings above the results, or check that this is the right sheet.",
    ]),
    Case("no header row", csv_file("Our results\nrepairs-on-time,91\n"), [], [
        "kpis.csv:A1 import-header: No header row in kpis.csv: no row has a cell 'id' or 'title'. Add a row of "
        "headings above the results, or check that this is the right sheet.",
    ]),
    Case("titles headed 'Measure' (a row a result)", xlsx(Sheet("Q2", [
        ["KPI return, July to September"], [], ["Measure", "Value", "Notes"],
        ["We complete repairs on time", 0.934, None],
    ])), [], [
        "kpis.xlsx:Q2!A3 import-header: Row 3 of the sheet 'Q2' of kpis.xlsx looks like the header row ('Measure', "
        "'Value', 'Notes'), but no column is headed 'id' or 'title'. If 'Measure' holds the titles of your standards "
        "and figures, change that heading to 'title' (or to 'id' if it holds their ids).",
    ]),
    Case("titles headed 'KPI' (a column a period)", csv_file("KPI,2023-24,2024-25\nWe complete repairs on time,91,92\n"),
         [], [
        "kpis.csv:A1 import-header: Row 1 of kpis.csv looks like the header row ('KPI', '2023-24', '2024-25'), but no "
        "column is headed 'id' or 'title'. If 'KPI' holds the titles of your standards and figures, change that "
        "heading to 'title' (or to 'id' if it holds their ids).",
    ]),
    Case("a header row with no results", xlsx(Sheet("Q1", [["Title", "Target"], ["We complete repairs on time", 90]])),
         [], [
        "kpis.xlsx:Q1!A1 import-header: The header row (row 1) has no column of results: no 'value', 'count', 'of', "
        "'homes', 'responses', 'population', 'note' or 'missing' column, and no periods like '2023-24' as headings. Name the "
        "columns of results 'value' (and 'period'), or head each column with its period.",
    ]),
    Case("long without a period", csv_file("id,value\nrepairs-on-time,91\n"), [], [
        "kpis.csv:A1 import-header: The header row (row 1) has no 'period' column, and no --period was given. Add "
        "--period with the period of these results, like --period 2023-24, or a 'period' column.",
    ]),
    Case("--period with a period column", csv_file("id,period,value\nrepairs-on-time,2023-24,91\n"), [], [
        "kpis.csv:B1 import-header: --period 2024-25 was given, but the sheet gives its periods: a 'period' column "
        "from B1. Leave out --period: each result's period is read from the sheet.",
    ], period="2024-25"),
    Case("both layouts in one header", csv_file("id,value,2023-24\nrepairs-on-time,91,92\n"), [], [
        "kpis.csv:C1 import-header: The header row (row 1) has both a 'value' column and periods as headings, such "
        "as '2023-24'. Move the results of each period into rows, or remove the result columns.",
    ]),
    Case("two columns for one period", csv_file("id,2023-24,2023/24\nrepairs-on-time,91,92\n"), [], [
        "kpis.csv:C1 import-header: Two columns of the header row are headed the period 2023-24: B1 and C1. Rename "
        "or remove one of the two columns.",
    ]),
    Case("a heading that is not a period", csv_file("id,2023-24,2023/2024\nrepairs-on-time,91,92\n"), [], [
        "kpis.csv:C1 invalid-period: The heading '2023/2024' is not a period this tool can read. Did you mean "
        "'2023-24'?",
    ]),
    Case("a period cell that is not a period", csv_file(
        "id,period,value\nrepairs-on-time,Q1 2024-25,91\nrepair-days,,4\n"), [], [
        "kpis.csv:B2 invalid-period: The period is 'Q1 2024-25', which is not a period this tool can read. Write "
        "the financial year first, then the quarter: '2021-22 Q1'.",
        "kpis.csv:B3 invalid-period: The row has results but its period cell is blank. Fill in the period of the "
        "row's results.",
    ]),
    Case("headings with a unit in brackets, plurals and columns of the landlord's own", csv_file(
        "IDs,Period,Value (%),Notes,2023-24 Target,Unit\nrepairs-on-time,2024-25,93.4,Better than last year,90,%\n"),
        [("2024-25", "repairs-on-time", {"value": "93.4", "note": "Better than last year"})]),
    Case("a long sheet with no column of results", csv_file("id,period,Actual\nrepairs-on-time,2024-25,91\n"), [], [
        "kpis.csv:B1 import-header: The header row (row 1) has a 'period' column but no column of results: no "
        "'value', 'count', 'of', 'homes', 'responses', 'population', 'note' or 'missing'. Head the column of results 'value' (a "
        "heading such as 'Actual' or 'Result' is not read).",
    ]),
    Case("a heading that is a slip for a column's name", csv_file("id,period,Vaule\nrepairs-on-time,2024-25,91\n"),
         [], [
        "kpis.csv:C1 import-header: The heading 'Vaule' is not a column the tool reads. Did you mean 'value'?",
    ]),
    Case("a heading Excel turned into a date", xlsx(Sheet("Q1", [
        ["id", "2023-24", __import__("datetime").datetime(2024, 4, 1)], ["repairs-on-time", 91, 92]])), [], [
        "kpis.xlsx:Q1!C1 invalid-period: The heading is the date 01/04/2024, which is not a period this tool can "
        "read. Excel turned it into a date: format the cell as 'Text' and type the period, like 2023-24.",
    ]),
    # -- values
    Case("text percentages, thousands separators, money", csv_file(
        "id,2024-25\nrepairs-on-time,93.4%\nhomes-managed,\"1,204\"\nrepairs-spend,\"-£1,250.50\"\n"
        "repair-days, 4.5 \n"), [
        ("2024-25", "repairs-on-time", {"value": "93.4"}),
        ("2024-25", "homes-managed", {"value": "1204"}),
        ("2024-25", "repairs-spend", {"value": "-1250.50"}),
        ("2024-25", "repair-days", {"value": "4.5"}),
    ]),
    Case("a percentage cell of 100% and a long decimal kept as the sheet shows it", xlsx(Sheet("Q1", [
        ["id", "2024-25", "2025-26"],
        ["repairs-on-time", 1, 0.1 + 0.2],
        ["repair-days", 0.1 + 0.2, 1204.0],
    ], formats={"B2": "0%", "C2": "0.00%"})), [
        ("2024-25", "repairs-on-time", {"value": "100"}),
        ("2025-26", "repairs-on-time", {"value": "30"}),
        ("2024-25", "repair-days", {"value": "0.3"}),
        ("2025-26", "repair-days", {"value": "1204"}),
    ]),
    Case("blank and N/A cells", xlsx(Sheet("Q1", [
        ["id", "2023-24", "2024-25"],
        ["repairs-on-time", None, "N/A"],
        ["repair-days", "n/a", "  "],
        ["homes-managed", "-", "—"],
        ["repairs-spend", "TBC", 12],
    ])), [("2024-25", "repairs-spend", {"value": "12"})], [
        "kpis.xlsx:Q1!C2 import-not-available: The cell says 'N/A' instead of a number. Leave the cell blank for no "
        "result; to say why there is none, import the results a row each, with a 'missing' column giving the "
        "reason, like 'Not collected: new repairs system'.",
        "kpis.xlsx:Q1!B3 import-not-available: The cell says 'n/a' instead of a number. Leave the cell blank for no "
        "result; to say why there is none, import the results a row each, with a 'missing' column giving the "
        "reason, like 'Not collected: new repairs system'.",
        "kpis.xlsx:Q1!B4 import-not-available: The cell says '-' instead of a number. Leave the cell blank for no "
        "result; to say why there is none, import the results a row each, with a 'missing' column giving the "
        "reason, like 'Not collected: new repairs system'.",
        "kpis.xlsx:Q1!C4 import-not-available: The cell says '—' instead of a number. Leave the cell blank for no "
        "result; to say why there is none, import the results a row each, with a 'missing' column giving the "
        "reason, like 'Not collected: new repairs system'.",
        "kpis.xlsx:Q1!B5 import-not-available: The cell says 'TBC' instead of a number. Leave the cell blank for no "
        "result; to say why there is none, import the results a row each, with a 'missing' column giving the "
        "reason, like 'Not collected: new repairs system'.",
    ]),
    Case("N/A beside a missing reason", csv_file(
        "id,period,value,missing\nrepair-days,2024-25,N/A,Not collected\nrepairs-on-time,2024-25,N/A,\n"), [], [
        "kpis.csv:C2 import-not-available: The cell says 'N/A' instead of a number. Leave the cell blank: the row's "
        "'missing' reason says why there is no value.",
        "kpis.csv:C3 import-not-available: The cell says 'N/A' instead of a number. Leave the cell blank for no "
        "result; to say why there is none, give the reason in a 'missing' column, like 'Not collected: new "
        "repairs system'.",
    ]),
    Case("dates, text and units where numbers belong", xlsx(Sheet("Q1", [
        ["id", "2024-25"],
        ["repair-days", "4.5 days"],
        ["homes-managed", __import__("datetime").datetime(2024, 3, 31)],
        ["repairs-on-time", "93,4"],
        ["repairs-spend", "93.4%"],
        ["tenants-satisfied", "£76"],
        ["homes-managed ", True],
        ["repair-days ", "#DIV/0!"],
    ])), [], [
        "kpis.xlsx:Q1!B2 import-not-a-number: '4.5 days' is not a number. Type just the number, without words or "
        "units (the unit is the standard's), or leave the cell blank.",
        "kpis.xlsx:Q1!B3 import-not-a-number: The cell holds a date or time (31 March 2024), not a number. Format "
        "the cell as 'Number' and type the number again: Excel turns some numbers into dates.",
        "kpis.xlsx:Q1!B4 import-not-a-number: '93,4' is not a number. A comma separates thousands, in groups of "
        "three digits; for a decimal, write '93.4'.",
        "kpis.xlsx:Q1!B5 import-not-a-number: '93.4%' is a percentage, but the unit of 'repairs-spend' is pounds. "
        "Type just the number, without '%'.",
        "kpis.xlsx:Q1!B6 import-not-a-number: '£76' is an amount of money, but the unit of 'tenants-satisfied' is "
        "percent. Type just the number, without '£'.",
        "kpis.xlsx:Q1!B7 import-not-a-number: The cell holds TRUE, not a number.",
        "kpis.xlsx:Q1!B8 import-not-a-number: '#DIV/0!' is not a number. The cell's formula gives an error in the "
        "spreadsheet: correct the formula, or leave the cell blank.",
    ]),
    Case("a cell formatted as a time, for seconds", xlsx(Sheet("Q1", [
        ["id", "2024-25", "2025-26"],
        ["call-answer-time", __import__("datetime").time(0, 1, 34), __import__("datetime").timedelta(minutes=2)],
        ["repair-days", __import__("datetime").time(12, 0), None],
    ], formats={"B2": "h:mm:ss", "C2": "[h]:mm:ss", "B3": "h:mm"})), [
        ("2024-25", "call-answer-time", {"value": "94"}),
        ("2025-26", "call-answer-time", {"value": "120"}),
    ], [
        "kpis.xlsx:Q1!B3 import-not-a-number: The cell holds a date or time (12:00:00), not a number. Format the "
        "cell as 'Number' and type the number again: Excel turns some numbers into dates.",
    ]),
    Case("a percentage cell for days", xlsx(Sheet("Q1", [["id", "2024-25"], ["repair-days", 0.5]],
                                                  formats={"B2": "0%"})), [], [
        "kpis.xlsx:Q1!B2 import-not-a-number: The cell shows a percentage (50%), but the unit of 'repair-days' is "
        "days. Format the cell as 'Number' (Home, Number Format) and type the number itself.",
    ]),
    Case("a count that is not whole", csv_file("id,period,count,of\nrepairs-on-time,2024-25,12.5,708\n"), [], [
        "kpis.csv:C2 not-whole-number: The count should be a whole number, but the cell holds '12.5'.",
    ]),
    Case("a formula with no saved result", xlsx(Sheet("Q1", [["id", "2024-25"], ["homes-managed", "=B3*2"],
                                                             [None, 6025]])), [], [
        "kpis.xlsx:Q1!B2 import-not-a-number: The cell holds the formula '=B3*2' but not its result: the workbook "
        "was saved by a program that does not calculate. Open the workbook in Excel (or another spreadsheet), save "
        "it, and import it again.",
        "kpis.xlsx:Q1!A3 import-unknown-item: Row 3 has results but no 'id'. Fill in the 'id' of the row, or delete "
        "the row (its first result is in Q1!B3).",
    ]),
    # -- matching rows to items
    Case("unknown ids and titles", csv_file(
        "id,title,2024-25\nrepairs-on-tme,,91\n,Average days to complete repairs,4\n,Spend on everything,3\n"
        "Repairs-On-Time,,92\n"), [("2024-25", "repairs-on-time", {"value": "92"})], [
        "kpis.csv:A2 import-unknown-item: No standard or figure has the id 'repairs-on-tme'. Did you mean "
        "'repairs-on-time'?",
        "kpis.csv:B3 import-unknown-item: No standard or figure has the title 'Average days to complete repairs'. "
        "The closest titles are 'Average days to complete a repair' (id repair-days) and 'We complete repairs on "
        "time' (id repairs-on-time).",
        "kpis.csv:B4 import-unknown-item: No standard or figure has the title 'Spend on everything'. The closest "
        "title is 'Spend on each repair' (id repairs-spend).",
    ]),
    Case("duplicate rows for one item and period", xlsx(Sheet("Q1", [
        ["id", "title", "period", "value"],
        ["repairs-on-time", None, "2024-25", 91],
        ["repair-days", None, "2024-25", 4],
        [None, "We complete repairs on time", "2024/25", 92],
        ["repairs-on-time", None, "2023-24", 90],
    ])), [
        ("2024-25", "repairs-on-time", {"value": "91"}),
        ("2024-25", "repair-days", {"value": "4"}),
        ("2023-24", "repairs-on-time", {"value": "90"}),
    ], [
        "kpis.xlsx:Q1!D4 import-duplicate-row: 'repairs-on-time' in 2024-25 is given twice: in row 2 (Q1!D2) and "
        "here. Delete one of the two, or check the period of each (the first is in Q1!D2).",
    ]),
    # -- CSV encodings and separators
    Case("Windows-1252 CSV", csv_file("id,note,period,value\nrepairs-spend,Jobs under £500 – café,2024-25,"
                                      "\"£1,250.00\"\n", "cp1252"), [
        ("2024-25", "repairs-spend", {"value": "1250.00", "note": "Jobs under £500 – café"}),
    ]),
    Case("UTF-8 CSV with a byte-order mark", csv_file("id,2024-25\nrepairs-on-time,91\n", "utf-8-sig"),
         [("2024-25", "repairs-on-time", {"value": "91"})]),
    Case("UTF-16 CSV with a byte-order mark, tab-separated", csv_file("id\t2024-25\nrepairs-on-time\t91\n", "utf-16"),
         [("2024-25", "repairs-on-time", {"value": "91"})]),
    Case("semicolon-separated CSV with decimal commas", csv_file(
        "Rapport;;\nid;2024-25;2025-26\nrepairs-on-time;93,4;\"91,25 %\"\nhomes-managed;1.204;12 050\n"
        "repair-days;4.5;-\n", "cp1252"), [
        ("2024-25", "repairs-on-time", {"value": "93.4"}),
        ("2025-26", "repairs-on-time", {"value": "91.25"}),
        ("2024-25", "homes-managed", {"value": "1204"}),
        ("2025-26", "homes-managed", {"value": "12050"}),
        ("2024-25", "repair-days", {"value": "4.5"}),
    ], [
        "kpis.csv:C5 import-not-available: The cell says '-' instead of a number. Leave the cell blank for no "
        "result; to say why there is none, import the results a row each, with a 'missing' column giving the "
        "reason, like 'Not collected: new repairs system'.",
    ]),
    # -- sheets
    Case("the one sheet with a header row", xlsx(Sheet("Notes", [["Read me first"]]),
                                                Sheet("Q1", [["id", "2024-25"], ["repairs-on-time", 91]])),
         [("2024-25", "repairs-on-time", {"value": "91"})]),
    Case("--sheet names a second sheet", xlsx(Sheet("Q1", [["id", "2024-25 Q1"], ["repairs-on-time", 91]]),
                                             Sheet("Q2", [["id", "2024-25 Q2"], ["repairs-on-time", 92]])),
         [("2024-25 Q2", "repairs-on-time", {"value": "92"})], sheet="Q2"),
    Case("--sheet in another case", xlsx(Sheet("Q1", [["id", "2024-25 Q1"], ["repairs-on-time", 91]]),
                                        Sheet("Q2", [["id", "2024-25 Q2"], ["repairs-on-time", 92]])),
         [("2024-25 Q2", "repairs-on-time", {"value": "92"})], sheet="q2"),
    Case("several sheets with header rows and no --sheet", xlsx(
        Sheet("Q1", [["id", "2024-25 Q1"]]), Sheet("Q2 results", [["id", "2024-25 Q2"]])), [], [
        "kpis.xlsx import-sheet: kpis.xlsx has 2 sheets and it is not clear which to import: 2 have a header row "
        "with an 'id' or 'title' column. Add --sheet Q1 for the sheet 'Q1'; its sheets are 'Q1' and 'Q2 results'.",
    ]),
    Case("an unknown --sheet", xlsx(Sheet("Quarter 1", [["id"]]), Sheet("Quarter 2", [["id"]])), [], [
        "kpis.xlsx import-sheet: kpis.xlsx has no sheet 'Quarter 3'. Did you mean 'Quarter 2'?",
    ], sheet="Quarter 3"),
    Case("--sheet for a CSV file", csv_file("id,2024-25\n"), [], [
        "kpis.csv import-sheet: kpis.csv is a CSV file, which has no sheets, but --sheet 'Q1' was given. Leave out "
        "--sheet.",
    ], sheet="Q1"),
    Case("a sheet name with a space in a cell's place", xlsx(Sheet("Q1 results", [["id", "2024-25"],
                                                                                 ["repairs-on-tim", 91]])), [], [
        "kpis.xlsx:'Q1 results'!A2 import-unknown-item: No standard or figure has the id 'repairs-on-tim'. Did you "
        "mean 'repairs-on-time'?",
    ]),
    # -- files that are not spreadsheets
    Case("an .xls workbook", raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "kpis.xls"), [], [
        "kpis.xls import-file: kpis.xls is an Excel 97-2003 workbook (.xls), which the tool cannot read. Open it in "
        "Excel and use File, Save As, 'Excel Workbook (*.xlsx)'; then import that file.",
    ]),
    Case("an .xls renamed .xlsx", raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "kpis.xlsx"), [], [
        "kpis.xlsx import-file: kpis.xlsx is an Excel 97-2003 workbook (.xls) renamed, or a workbook saved with a "
        "password: the tool cannot read either. Open it in Excel and use File, Save As, 'Excel Workbook (*.xlsx)', "
        "with no password.",
    ]),
    Case("a PDF", raw(b"%PDF-1.7\n", "kpis.pdf"), [], [
        "kpis.pdf import-file: kpis.pdf is a file ending in '.pdf', not a spreadsheet the tool reads. Save the table "
        "from your spreadsheet as 'Excel Workbook (*.xlsx)' or as 'CSV UTF-8', then import that file.",
    ]),
    Case("a damaged workbook", raw(b"PK\x03\x04 not really a zip", "kpis.xlsx"), [], [
        "kpis.xlsx import-file: kpis.xlsx cannot be read as an Excel workbook: it is damaged, or not a workbook "
        "(BadZipFile). Open it in Excel and save it again as 'Excel Workbook (*.xlsx)'.",
    ]),
    Case("a workbook named .csv", raw(b"PK\x03\x04 a zip", "kpis.csv"), [], [
        "kpis.csv import-file: kpis.csv ends in .csv but is an Excel workbook, not text. Rename it to end in .xlsx, "
        "or save it from Excel as 'CSV UTF-8'.",
    ]),
    Case("binary bytes named .csv", raw(b"id,2024-25\n\x00\x01\x02", "kpis.csv"), [], [
        "kpis.csv import-file: kpis.csv is not a CSV file: it holds zero bytes, as a binary file does. In Excel use "
        "File, Save As, 'CSV UTF-8 (Comma delimited)'.",
    ]),
    Case("too large", raw(b"id,2024-25\n" + b"x" * MAX_BYTES, "kpis.csv"), [], [
        f"kpis.csv import-file: kpis.csv is {MAX_BYTES + 11:,} bytes, over the limit of 5 MB ({MAX_BYTES:,} bytes) "
        "for a spreadsheet to import. Copy the table of results into a new workbook or a CSV file, and import that.",
    ]),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_import_reads(case: Case, project, tmp_path):
    path = case.make(tmp_path)
    results, problems = read(path, project, sheet=case.sheet, period=case.period)
    assert problems == case.problems
    assert results == case.results


def test_every_import_code_has_a_case():
    from generator.problems import CODES

    codes = {c.split(" ")[1].rstrip(":") for case in CASES for c in case.problems}
    assert {code for code in CODES if code.startswith("import-")} <= codes


def test_a_location_is_the_cell_and_its_row_and_column(project, tmp_path):
    path = xlsx(Sheet("Q1", [["id", "2024-25"], [], ["nobody", 91]]))(tmp_path)
    problems = Problems()
    table = read_table(path, "data/kpis.xlsx", problems)
    results_from_table(table, project, problems)
    [problem] = problems.items
    assert (str(problem.location), problem.location.line, problem.location.column) == ("data/kpis.xlsx:Q1!A3", 3, 1)
    record = problem_json(problem)
    assert {k: record[k] for k in ("file", "line", "column", "cell", "code")} == {
        "file": "data/kpis.xlsx", "line": 3, "column": 1, "cell": "Q1!A3", "code": "import-unknown-item"}


def test_a_title_two_items_share_needs_their_ids(make_project, tmp_path):
    area = PROJECT["standards/repairs.yaml"].replace("title: Homes we manage", "title: We complete repairs on time")
    root = make_project({"standards/repairs.yaml": area})
    project = check_project(root / "mkdocs.yml").project
    path = csv_file("title,2024-25\nWe complete repairs on time,91\n")(tmp_path)
    assert read(path, project) == ([], [
        "kpis.csv:A2 import-unknown-item: 2 standards and figures have the title 'We complete repairs on time': "
        "'repairs-on-time' and 'homes-managed'. Add an 'id' column and give each row its id."])


def test_a_missing_file_is_a_problem(tmp_path):
    problems = Problems()
    assert read_table(tmp_path / "gone.csv", "gone.csv", problems) is None
    assert [f"{p.location} {p.code}: {p.sentence}" for p in problems.items] == [
        "gone.csv import-file: gone.csv cannot be read: No such file or directory."]


def test_a_folder_is_a_problem(tmp_path):
    (tmp_path / "kpis.csv").mkdir()
    problems = Problems()
    assert read_table(tmp_path / "kpis.csv", "kpis.csv", problems) is None
    assert [p.sentence for p in problems.items] == ["kpis.csv is a folder."]


def test_a_workbook_that_unpacks_too_large_is_refused(tmp_path):
    path = tmp_path / "kpis.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/big.xml", "w", force_zip64=True) as member:  # written a megabyte at a time
            for _ in range(101):
                member.write(bytes(1024 * 1024))
    assert path.stat().st_size < MAX_BYTES
    problems = Problems()
    assert read_table(path, "kpis.xlsx", problems) is None
    assert [f"{p.location} {p.code}: {p.sentence}" for p in problems.items] == [
        "kpis.xlsx import-file: kpis.xlsx unpacks to 105,906,176 bytes, over the limit of 100 MB. Copy the table of "
        "results into a new workbook, and import that."]


def _good_workbook(tmp_path: Path) -> bytes:
    return xlsx(TITLE_ABOVE)(tmp_path).read_bytes()


@pytest.mark.parametrize("seed", range(12))
def test_broken_bytes_never_raise(seed, project, tmp_path):
    """A workbook or CSV file with a few bytes changed gives results or located problems, never a traceback."""
    rng = random.Random(seed)
    data = bytearray(_good_workbook(tmp_path) if seed % 2 == 0 else
                     "id,title,2023/24\nrepairs-on-time,We complete repairs on time,\"93,4%\"\n".encode())
    for _ in range(rng.randint(1, 8)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    name = "kpis.xlsx" if seed % 2 == 0 else "kpis.csv"
    path = tmp_path / f"broken-{name}"
    path.write_bytes(bytes(data))
    problems = Problems()
    table = read_table(path, name, problems)
    if table is not None:
        results_from_table(table, project, problems)
    for problem in problems.items:
        assert str(problem.location).startswith(name)


@pytest.mark.parametrize("seed", list(range(1000, 1016)) + [1065, 1143])
def test_broken_workbook_parts_never_raise(seed, project, tmp_path):
    """A workbook whose XML parts have a few characters changed (1065 and 1143 lose the list of sheets)."""
    rng = random.Random(seed)
    source = zipfile.ZipFile(io.BytesIO(_good_workbook(tmp_path)))
    names = source.namelist()
    target = rng.choice([n for n in names if n.endswith(".xml")])
    path = tmp_path / "kpis.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            data = bytearray(source.read(name))
            if name == target:
                for _ in range(rng.randint(1, 5)):
                    data[rng.randrange(len(data))] = rng.choice(b'<>"=/0123456789abcdefrst ')
            archive.writestr(name, bytes(data))
    problems = Problems()
    table = read_table(path, "kpis.xlsx", problems)
    if table is not None:
        results_from_table(table, project, problems)
    assert all(str(p.location).startswith("kpis.xlsx") for p in problems.items)


def test_a_workbook_of_no_sheets_is_a_problem(tmp_path):
    """A workbook whose list of sheets is empty (its xl/workbook.xml rewritten so)."""
    source = zipfile.ZipFile(io.BytesIO(_good_workbook(tmp_path)))
    path = tmp_path / "kpis.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/workbook.xml":
                data = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data)
            archive.writestr(name, data)
    problems = Problems()
    assert read_table(path, "kpis.xlsx", problems) is None
    assert [f"{p.location} {p.code}: {p.sentence}" for p in problems.items] == [
        "kpis.xlsx import-file: kpis.xlsx has no sheet of cells to read. Open it in Excel and save it again as "
        "'Excel Workbook (*.xlsx)'."]
