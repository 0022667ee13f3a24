"""Reading a spreadsheet for `standards import`: a CSV file or an Excel workbook as a table of cells.

No schema knowledge here: which row is the header, which item a row is for and what a cell's value
means are for :mod:`generator.validate.spreadsheet`.  Every cell keeps where it is
(``kpis.xlsx:Q1!C14``, ``kpis.csv:C14``), so a problem found later points at the cell.
Nothing is ever written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from generator.problems import Location, Problems

CellValue = str | int | float | Decimal | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None


@dataclass(frozen=True)
class Cell:
    """One cell as the file holds it: text in a CSV file; a number, text, a date or None in a workbook."""

    value: CellValue
    location: Location  # with ``cell`` set: 'Q1!C14' in a workbook, 'C14' in a CSV file
    number_format: str | None = None  # a workbook cell's format, such as '0.0%'; None in a CSV file


@dataclass(frozen=True)
class Table:
    """One sheet (or a CSV file): its rows from row 1, each row's cells from column A."""

    file: str  # the file as messages name it
    sheet: str | None  # the sheet's name; None for a CSV file
    rows: tuple[tuple[Cell, ...], ...]
    decimal_comma: bool = False  # a semicolon-separated CSV file, as a European Excel saves it: '93,4'


def read_table(path: Path, display: str, problems: Problems, sheet: str | None = None) -> Table | None:
    """The table in ``path`` (named ``display`` in messages), or None after adding a problem."""
    raise NotImplementedError
