"""Reading a spreadsheet for `standards import`: a CSV file or an Excel workbook as a table of cells.

No schema knowledge here: which row is the header, which item a row is for and what a cell's value
means are for :mod:`generator.validate.spreadsheet`.  Every cell keeps where it is
(``kpis.xlsx:Q1!C14``, ``kpis.csv:C14``), so a problem found later points at the cell.
Nothing is ever written.

CSV files are read as text, every cell a string (a blank cell None), in the first of these that
fits: UTF-16 with a byte-order mark, UTF-8 with a byte-order mark (Excel's "CSV UTF-8"), UTF-8,
else Windows-1252 (Excel's plain "CSV" on a British or European Windows machine).  The separator is
a comma, a semicolon (a European Excel, which also writes decimal commas: '93,4') or a tab: the one
that splits a row into cells including 'id' or 'title', else the one most used in the first lines.

Workbooks (.xlsx, and .xlsm, whose macros are never run) are read with openpyxl, not in read-only
mode, so merged cells are known: a merged range's value is in its top-left cell and the others are
blank, as Excel shows them.  Formulas are read as the result Excel saved with the file
(``data_only``); a formula with no saved result (a workbook written by a program, never opened in
Excel) keeps its text in ``Cell.formula`` so a message can say so instead of reading it as blank.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import stat
import warnings
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from generator.problems import Location, Problems, did_you_mean, quote, words_list
from generator.source.files import MAX_BYTES, MAX_SIZE

CellValue = str | int | float | Decimal | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None

# The largest spreadsheet read, as for data files (source/files.py); a workbook is a zip, so what
# it unpacks to is bounded too (a small file may unpack to gigabytes)
MAX_UNPACKED = 20 * MAX_BYTES  # a workbook packs to a tenth or less
MAX_CELLS = 2_000_000  # rows × columns of the sheet as read, past its last value

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
SUFFIXES = (".csv",) + WORKBOOK_SUFFIXES
# What staff may have instead, and what to do with it
_SAVE_AS_XLSX = "Open it in Excel and use File, Save As, 'Excel Workbook (*.xlsx)'; then import that file."
OTHER_FORMATS = {  # suffix: (what it is, what to do)
    ".xls": ("an Excel 97-2003 workbook (.xls), which the tool cannot read", _SAVE_AS_XLSX),
    ".xlsb": ("an Excel binary workbook (.xlsb), which the tool cannot read", _SAVE_AS_XLSX),
    ".ods": ("an OpenDocument spreadsheet (.ods), which the tool cannot read",
             "Save it as an Excel workbook (.xlsx) or as CSV, then import that file."),
    ".numbers": ("a Numbers spreadsheet, which the tool cannot read",
                 "Use File, Export To, Excel or CSV, then import that file."),
    ".tsv": ("a tab-separated file", "Rename it to end in .csv: tabs between cells are read too."),
    ".txt": ("a text file, not a CSV file or an Excel workbook",
             "If it holds the table with commas, semicolons or tabs between cells, rename it to end in .csv."),
}
DELIMITERS = (",", ";", "\t")
HEADER_WORDS = ("id", "title")  # a header row has one of these, in any case and spacing
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, or an .xlsx saved with a password


@dataclass(frozen=True)
class Cell:
    """One cell as the file holds it: text in a CSV file; a number, text, a date or None in a workbook."""

    value: CellValue
    location: Location  # with ``cell`` set: 'Q1!C14' in a workbook, 'C14' in a CSV file
    number_format: str | None = None  # a workbook cell's format, such as '0.0%'; None in a CSV file
    formula: str | None = None  # a formula whose result was not saved with the workbook (value None)


@dataclass(frozen=True)
class Table:
    """One sheet (or a CSV file): its rows from row 1, each row's cells from column A."""

    file: str  # the file as messages name it
    sheet: str | None  # the sheet's name; None for a CSV file
    rows: tuple[tuple[Cell, ...], ...]
    decimal_comma: bool = False  # a semicolon-separated CSV file, as a European Excel saves it: '93,4'

    def location(self, row: int, column: int) -> Location:
        """Where cell (row, column), both 1-based, is, whether or not the table holds it."""
        return cell_location(self.file, self.sheet, row, column)


def header_word(value: CellValue) -> str:
    """A header cell as compared: 'ID ', 'Value', ' Period' are 'id', 'value', 'period'."""
    return " ".join(str(value).split()).casefold() if value is not None else ""


def is_key_heading(value: CellValue) -> bool:
    """'id' or 'title' as a heading, in any case and spacing, or plural ('IDs')."""
    word = header_word(value) if isinstance(value, str) else ""
    return word in HEADER_WORDS or (word.endswith("s") and word[:-1] in HEADER_WORDS)


def column_letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_location(file: str, sheet: str | None, row: int, column: int) -> Location:
    name = f"{column_letter(column)}{row}"
    if sheet is not None:
        # as Excel writes a reference: quoted when the name has spaces or punctuation
        plain = sheet.replace("_", "").isalnum()
        name = f"{sheet if plain else quote_sheet(sheet)}!{name}"
    return Location(file, row, column, cell=name)


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def read_table(path: Path, display: str, problems: Problems, sheet: str | None = None) -> Table | None:
    """The table in ``path`` (named ``display`` in messages), or None after adding a problem.

    ``sheet`` names the sheet of a workbook; without it a workbook of one sheet is read, or of the
    sheets the one with a header row (a row with an 'id' or 'title' cell), or else the only one with
    anything in it.  A CSV file has no sheets, so ``sheet`` is an error there."""
    suffix = path.suffix.lower()
    at = Location(display, cell="")
    if suffix not in SUFFIXES:
        _not_a_spreadsheet(path, display, problems)
        return None
    data = _read_bytes(path, display, problems)
    if data is None:
        return None
    if suffix == ".csv":
        if sheet is not None:
            problems.add("import-sheet", f"{display} is a CSV file, which has no sheets, but --sheet "
                         f"{quote(sheet)} was given.", at, expected="--sheet only with an Excel workbook",
                         hint="Leave out --sheet.")
            return None
        return _read_csv(data, display, problems)
    return _read_workbook(data, display, problems, sheet)


def _not_a_spreadsheet(path: Path, display: str, problems: Problems) -> None:
    found = f"a file ending in {quote(path.suffix)}" if path.suffix else "a file with no ending such as .csv"
    what, hint = OTHER_FORMATS.get(path.suffix.lower(), (
        f"{found}, not a spreadsheet the tool reads",
        "Save the table from your spreadsheet as 'Excel Workbook (*.xlsx)' or as 'CSV UTF-8', then import that file."))
    problems.add("import-file", f"{display} is {what}.", Location(display, cell=""),
                 expected="a CSV file (.csv) or an Excel workbook (.xlsx)", hint=hint)


def _read_bytes(path: Path, display: str, problems: Problems) -> bytes | None:
    at = Location(display, cell="")
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            what = "a folder" if stat.S_ISDIR(info.st_mode) else "not an ordinary file"
            problems.add("import-file", f"{display} is {what}.", at, expected="a spreadsheet file")
            return None
        if info.st_size > MAX_BYTES:
            problems.add(
                "import-file",
                f"{display} is {info.st_size:,} bytes, over the limit of {MAX_SIZE} ({MAX_BYTES:,} bytes) for "
                "a spreadsheet to import.",
                at,
                expected=f"a file of at most {MAX_SIZE}",
                hint="Copy the table of results into a new workbook or a CSV file, and import that.",
            )
            return None
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as exc:
        problems.add("import-file", f"{display} cannot be read: {exc.strerror or exc}.", at,
                     expected="a readable file")
        return None


# -- CSV ----------------------------------------------------------------------------------------


def _read_csv(data: bytes, display: str, problems: Problems) -> Table | None:
    text = _decode_csv(data, display, problems)
    if text is None:
        return None
    delimiter = _delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
    except csv.Error as exc:  # a NUL or a field over the size limit: not a table
        problems.add("import-file", f"{display} cannot be read as CSV: {exc}.", Location(display, cell=""),
                     expected="a CSV file saved from a spreadsheet")
        return None
    rows = tuple(
        tuple(Cell(value if value.strip() else None, cell_location(display, None, r, c))
              for c, value in enumerate(record, start=1))
        for r, record in enumerate(records, start=1)
    )
    return Table(display, None, rows, decimal_comma=delimiter == ";")


def _decode_csv(data: bytes, display: str, problems: Problems) -> str | None:
    at = Location(display, cell="")
    if data.startswith(b"PK\x03\x04") or data.startswith(OLE_SIGNATURE):
        problems.add("import-file", f"{display} ends in .csv but is an Excel workbook, not text.", at,
                     expected="a CSV file, which is text",
                     hint="Rename it to end in .xlsx, or save it from Excel as 'CSV UTF-8'.")
        return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", "replace")  # a broken pair shows as '�' in its cell
    elif data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8):].decode("utf-8", "replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Windows-1252 leaves five bytes undefined; they are not text anyone typed
            text = data.decode("cp1252", "replace")
    if "\x00" in text:
        problems.add("import-file", f"{display} is not a CSV file: it holds zero bytes, as a binary file does.",
                     at, expected="a CSV file saved from a spreadsheet",
                     hint="In Excel use File, Save As, 'CSV UTF-8 (Comma delimited)'.")
        return None
    return text


def _delimiter(text: str) -> str:
    """The separator: the one that splits some early row into cells with 'id' or 'title', else the
    one used most in the first lines (a comma when there is none)."""
    lines = text.splitlines()[:50]
    for line in lines:
        for delimiter in DELIMITERS:
            cells = next(csv.reader([line], delimiter=delimiter), [])
            if len(cells) > 1 and any(is_key_heading(c) for c in cells):
                return delimiter
    counts = {d: sum(line.count(d) for line in lines) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


# -- workbooks ----------------------------------------------------------------------------------


def _read_workbook(data: bytes, display: str, problems: Problems, sheet: str | None) -> Table | None:
    with warnings.catch_warnings():  # openpyxl's 'Data Validation extension is not supported': not staff's concern
        warnings.simplefilter("ignore")
        return _read_sheet(data, display, problems, sheet)


def _read_sheet(data: bytes, display: str, problems: Problems, sheet: str | None) -> Table | None:
    workbook = _open_workbook(data, display, problems)
    if workbook is None:
        return None
    values, formulas = workbook
    chosen = _choose_sheet(values, display, problems, sheet)
    if chosen is None:
        return None
    formula_sheet = formulas[chosen.title] if chosen.title in formulas.sheetnames else None
    return _sheet_table(chosen, formula_sheet, display, problems)


def _open_workbook(data: bytes, display: str, problems: Problems):
    """(the workbook with saved results, the workbook with formulas or None), or None after a problem."""
    import openpyxl  # only `standards import` needs it

    at = Location(display, cell="")
    if data.startswith(OLE_SIGNATURE):
        problems.add("import-file", f"{display} is an Excel 97-2003 workbook (.xls) renamed, or a workbook "
                     "saved with a password: the tool cannot read either.", at,
                     expected="an Excel workbook (.xlsx) without a password",
                     hint="Open it in Excel and use File, Save As, 'Excel Workbook (*.xlsx)', with no password.")
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
        if unpacked > MAX_UNPACKED:
            problems.add("import-file", f"{display} unpacks to {unpacked:,} bytes, over the limit of "
                         f"{MAX_UNPACKED // (1024 * 1024)} MB.", at, expected="a workbook of results",
                         hint="Copy the table of results into a new workbook, and import that.")
            return None
        values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        # The same file with formulas, read as a stream: only to tell a formula with no saved result
        # from a blank cell
        formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False, read_only=True)
    except Exception as exc:  # noqa: BLE001 - a damaged file breaks zipfile, XML and openpyxl in many ways
        problems.add("import-file", f"{display} cannot be read as an Excel workbook: it is damaged, or not "
                     f"a workbook ({type(exc).__name__}).", at, expected="an Excel workbook (.xlsx)",
                     hint="Open it in Excel and save it again as 'Excel Workbook (*.xlsx)'.")
        return None
    return values, formulas


def _choose_sheet(workbook, display: str, problems: Problems, wanted: str | None):
    sheets = workbook.worksheets
    names = [s.title for s in sheets]
    at = Location(display, cell="")
    if not sheets:  # only chart sheets, or a damaged workbook openpyxl still opens
        problems.add("import-file", f"{display} has no sheet of cells to read.", at,
                     expected="a workbook with a sheet of results",
                     hint="Open it in Excel and save it again as 'Excel Workbook (*.xlsx)'.")
        return None
    if wanted is not None:
        by_name = {s.title: s for s in sheets}
        if wanted in by_name:
            return by_name[wanted]
        folded = [s for s in sheets if header_word(s.title) == header_word(wanted)]
        if len(folded) == 1:  # 'q1' for 'Q1', 'Q1 ' for 'Q1'
            return folded[0]
        problems.add("import-sheet", f"{display} has no sheet {quote(wanted)}.", at,
                     expected="one of its sheets: " + words_list([quote(n) for n in names]), found=quote(wanted),
                     hint=did_you_mean(wanted, names) or "Give the sheet's name as its tab shows it.")
        return None
    if len(sheets) == 1:
        return sheets[0]
    with_header = [s for s in sheets if _has_header(s)]
    if len(with_header) == 1:
        return with_header[0]
    filled = [s for s in sheets if s.max_row > 1 or s.max_column > 1 or s.cell(1, 1).value is not None]
    if not with_header and len(filled) == 1:
        return filled[0]
    among = with_header or sheets
    problems.add("import-sheet", f"{display} has {len(sheets)} sheets and it is not clear which to import: "
                 + (f"{len(with_header)} have" if with_header else "none has")
                 + " a header row with an 'id' or 'title' column.", at,
                 expected="--sheet with the name of one sheet",
                 hint=f"Add --sheet {_shell_word(among[0].title)} for the sheet {quote(among[0].title)}; "
                 "its sheets are " + words_list([quote(n) for n in names], "and") + ".")
    return None


def _shell_word(name: str) -> str:
    return name if name.replace("_", "").replace("-", "").isalnum() else '"' + name.replace('"', '\\"') + '"'


def _has_header(sheet, rows: int = 50) -> bool:
    for row in sheet.iter_rows(min_row=1, max_row=min(rows, sheet.max_row), values_only=True):
        if any(is_key_heading(v) for v in row):
            return True
    return False


def _sheet_table(sheet, formula_sheet, display: str, problems: Problems) -> Table | None:
    # The last row and column with a value: a sheet formatted to row 1,048,576 is not that long
    formulas = _unsaved_formulas(formula_sheet, sheet)
    filled = [(r, c) for (r, c), cell in sheet._cells.items() if cell.value is not None] + list(formulas)
    last_row = max((r for r, _ in filled), default=0)
    last_column = max((c for _, c in filled), default=0)
    if last_row * last_column > MAX_CELLS:
        problems.add("import-file", f"The sheet {quote(sheet.title)} of {display} reaches row {last_row:,} and "
                     f"column {column_letter(last_column)}: too many cells to be a table of results.",
                     Location(display, cell=""), expected=f"at most {MAX_CELLS:,} cells",
                     hint="Copy the table of results into a new workbook, and import that.")
        return None
    rows = []
    for r in range(1, last_row + 1):
        row = []
        for c in range(1, last_column + 1):
            cell = sheet._cells.get((r, c))  # read without creating the cell
            value = None if cell is None else cell.value
            if isinstance(value, str) and not value.strip():
                value = None
            row.append(Cell(value, cell_location(display, sheet.title, r, c),
                            None if cell is None else cell.number_format, formulas.get((r, c))))
        rows.append(tuple(row))
    return Table(display, sheet.title, tuple(rows))


def _unsaved_formulas(formula_sheet, values_sheet) -> dict[tuple[int, int], str]:
    """Formulas whose result the workbook does not hold: (row, column) -> the formula."""
    found: dict[tuple[int, int], str] = {}
    if formula_sheet is None:
        return found
    try:
        for row in formula_sheet.iter_rows():
            for cell in row:
                text = getattr(cell, "value", None)
                if isinstance(text, str) and text.startswith("=") and getattr(cell, "data_type", "") == "f":
                    position = (cell.row, cell.column)
                    if values_sheet._cells.get(position) is None or values_sheet._cells[position].value is None:
                        found[position] = text
    except Exception:  # noqa: BLE001 - read as a stream, a damaged sheet fails only here: its values were read
        return found
    return found
