"""A spreadsheet's table to results for `standards import`: the header row, the layout, the item
each row is for, and each cell read by the item's unit (validate/cells.py).

Two layouts, told apart by the header row, which is the first row with an 'id' or 'title' cell and
either result columns or periods as headings (rows above it, such as a report's title, are passed
over; header cells are compared ignoring case and spacing, so 'ID' and ' Value ' do):

* long, a row a result: 'period' (or ``--period`` for the whole sheet) and any of 'value', 'count',
  'of', 'homes', 'responses', 'population', 'note' and 'missing';
* wide, a row a standard or figure: the other headings are periods, in any form the format reads
  ('2023/24', '2024-25 Q1', 2017), and each cell is that period's value.

Other columns (a 'Target', 'Unit' or 'RAG' column of the landlord's own report) are not read.  A row
is for the item with its id, else with its title ignoring case, spacing and curly quotes.  A row
with no id or title, or with one no item has, is passed over when it gives nothing (a section
heading); with a value it is an error.  A blank cell gives no field; a row of blank cells no result.

Left to the `standards check` the writer runs on the files it writes, with the format's own
messages: results for a retired item, or in a period no performance file has yet, values out of
their unit's range, count over of, and the other rules of the format.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from generator.model import ImportedResult, Item, Project
from generator.problems import Location, Problems, did_you_mean, quote, words_list
from generator.registry.periods import Period, parse_period, period_advice
from generator.source.spreadsheet import Cell, Table, header_word
from generator.validate.cells import NotRead, field_value

FIELDS = ("value", "count", "of", "homes", "responses", "population", "note", "missing")  # in the order results are written
LONG_COLUMNS = ("period",) + FIELDS
KEY_COLUMNS = ("id", "title")
COLUMNS = KEY_COLUMNS + LONG_COLUMNS
PERIOD_FORMS = "a financial year like 2021-22, a quarter like 2021-22 Q1, or a calendar year like 2017"
# A heading that is meant as a period: digits, slashes, dashes, a quarter; '2023-24 Target' is a column
_LOOKS_LIKE_PERIOD = re.compile(r"(?=.*[0-9]{4})(fy\s?)?[0-9q/\-–. ]+")


@dataclass
class Header:
    row: int  # 1-based
    columns: dict[str, int] = field(default_factory=dict)  # header word -> 1-based column
    periods: list[tuple[int, Period]] = field(default_factory=list)  # wide: (column, period)

    @property
    def long(self) -> bool:
        return any(word in self.columns for word in LONG_COLUMNS)


def results_from_table(table: Table, project: Project, problems: Problems,
                       period: Period | None = None) -> list[ImportedResult]:
    """The results ``table`` gives, or problems located at its cells (the list is then partial)."""
    start_month = project.settings.year_starts
    if period is not None and period.start_month != start_month:  # read without the project's year_starts
        period = Period(period.kind, period.year, period.quarter, start_month)
    header = _find_header(table, start_month, problems)
    if header is None or not _periods_agree(table, header, period, problems):
        return []
    reader = _Reader(table, header, _Items(project), problems, start_month, period)
    for number in range(header.row + 1, len(table.rows) + 1):
        reader.row(number)
    return reader.results


# -- the header row ------------------------------------------------------------------------------


def column_word(value: object) -> str:
    """A heading as the column it names: 'ID ' is 'id', 'Value (%)' is 'value', 'Notes' is 'note'."""
    if not isinstance(value, str):
        return ""
    word = re.sub(r"\s*\([^()]*\)$", "", header_word(value))
    if word not in COLUMNS and word.endswith("s") and word[:-1] in COLUMNS:
        word = word[:-1]
    return word


def _find_header(table: Table, start_month: int, problems: Problems) -> Header | None:
    first_with_key = None
    for number, row in enumerate(table.rows, start=1):
        words = [column_word(c.value) for c in row]
        if not any(w in KEY_COLUMNS for w in words):
            continue
        first_with_key = first_with_key or number
        header = Header(number)
        for cell, word in zip(row, words):
            if word in COLUMNS:
                if word in header.columns:
                    _twice(table, row, header.columns[word], cell, quote(word), problems)
                    return None
                header.columns[word] = cell.location.column
            elif (found := _header_period(cell, start_month)) is not None:
                header.periods.append((cell.location.column, found))
        if header.long or header.periods:
            return header if _layout_is_clear(table, header, row, start_month, problems) else None
    where = f"the sheet {quote(table.sheet)} of {table.file}" if table.sheet is not None else table.file
    if first_with_key is None and (near := _header_without_key(table, start_month)) is not None:
        row_number, cell = near
        headings = [quote(str(c.value).strip()) for c in table.rows[row_number - 1] if isinstance(c.value, str)
                    and c.value.strip()]
        problems.add("import-header", f"Row {row_number} of {where} looks like the header row "
                     f"({', '.join(headings[:5])}), but no column is headed 'id' or 'title'.", cell.location,
                     expected="a column headed 'title' (the standards' titles) or 'id' (their ids)",
                     found=f"the heading {quote(str(cell.value).strip())}",
                     hint=f"If {quote(str(cell.value).strip())} holds the titles of your standards and "
                     f"figures, change that heading to 'title' (or to 'id' if it holds their ids).")
        return None
    if first_with_key is None:
        problems.add("import-header", f"No header row in {where}: no row has a cell 'id' or 'title'.",
                     table.location(1, 1),
                     expected="a header row naming the columns: 'id' or 'title', then 'period' and 'value' "
                     "(a row a result) or periods like '2023-24' (a row a standard or figure)",
                     hint="Add a row of headings above the results, or check that this is the right sheet.")
        return None
    row = table.rows[first_with_key - 1]
    if not _headings_known(row, start_month, problems):
        return None
    cell = next(c for c in row if column_word(c.value) in KEY_COLUMNS)
    problems.add("import-header", f"The header row (row {first_with_key}) has no column of results: no "
                 "'value', 'count', 'of', 'homes', 'responses', 'population', 'note' or 'missing' column, and no periods "
                 "like '2023-24' as headings.", cell.location,
                 expected="result columns or periods in the header row",
                 hint="Name the columns of results 'value' (and 'period'), or head each column with its period.")
    return None


def _header_without_key(table: Table, start_month: int) -> tuple[int, Cell] | None:
    """A row that names result columns or periods but no 'id' or 'title' column (a sheet that heads
    its titles 'Measure' or 'KPI'), and its first text heading that is neither: what to rename."""
    for number, row in enumerate(table.rows, start=1):
        words = [column_word(c.value) for c in row]
        if not any(w in LONG_COLUMNS for w in words) and not any(_header_period(c, start_month) for c in row):
            continue
        for cell, word in zip(row, words):
            if isinstance(cell.value, str) and cell.value.strip() and word not in COLUMNS \
                    and _header_period(cell, start_month) is None:
                return number, cell
    return None


def _header_period(cell: Cell, start_month: int) -> Period | None:
    value = cell.value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        value = str(int(value))  # 2017 typed in a cell is a number
    return parse_period(value, start_month) if isinstance(value, str) else None


def _layout_is_clear(table: Table, header: Header, row: tuple[Cell, ...], start_month: int,
                     problems: Problems) -> bool:
    if header.long and header.periods:
        column, _ = header.periods[0]
        named = next(w for w in LONG_COLUMNS if w in header.columns)
        problems.add("import-header", f"The header row (row {header.row}) has both a {quote(named)} column and "
                     f"periods as headings, such as {quote(str(row[column - 1].value))}.", row[column - 1].location,
                     expected="one layout: 'period' and 'value' columns (a row a result), or a column for each "
                     "period (a row a standard or figure)",
                     hint="Move the results of each period into rows, or remove the result columns.")
        return False
    if not _headings_known(row, start_month, problems):
        return False
    if header.long and not any(word in header.columns for word in FIELDS):
        at = table.location(header.row, header.columns["period"])
        problems.add("import-header", f"The header row (row {header.row}) has a 'period' column but no column of "
                     "results: no 'value', 'count', 'of', 'homes', 'responses', 'population', 'note' or 'missing'.", at,
                     expected="a 'value' column, or another column of results",
                     hint="Head the column of results 'value' (a heading such as 'Actual' or 'Result' is not read).")
        return False
    seen: dict[Period, int] = {}
    for column, found in header.periods:
        if found in seen:
            _twice(table, row, seen[found], row[column - 1], f"the period {found.label}", problems)
            return False
        seen[found] = column
    return True


def _headings_known(row: tuple[Cell, ...], start_month: int, problems: Problems) -> bool:
    """False after a problem for each heading that is a slip: a period the tool cannot read ('2023/2024',
    'Q1 2024-25', a date) or a near miss of a column's name ('Vaule').  Other headings are columns of
    the landlord's own, not read."""
    known = True
    for cell in row:
        value = cell.value
        if value is None or column_word(value) in COLUMNS or _header_period(cell, start_month) is not None:
            continue
        if isinstance(value, (dt.datetime, dt.date)) or (
                isinstance(value, (str, int)) and not isinstance(value, bool) and _LOOKS_LIKE_PERIOD.fullmatch(
                    " ".join(str(value).split()).casefold())):
            _bad_period(cell, f"The heading {quote(str(value)) if not isinstance(value, dt.date) else ''}".rstrip(),
                        start_month, problems)
            known = False
        elif isinstance(value, str) and (close := difflib.get_close_matches(column_word(value), COLUMNS, 1, 0.8)):
            problems.add("import-header", f"The heading {quote(value.strip())} is not a column the tool reads.",
                         cell.location, expected="headings such as " + words_list([quote(c) for c in COLUMNS]),
                         found=quote(value.strip()), hint=f"Did you mean {quote(close[0])}?")
            known = False
    return known


def _twice(table: Table, row, first_column: int, cell: Cell, what: str, problems: Problems) -> None:
    first = row[first_column - 1].location
    problems.add("import-header", f"Two columns of the header row are headed {what}: {first.cell} and "
                 f"{cell.location.cell}.", cell.location, expected="each heading once",
                 hint="Rename or remove one of the two columns.")


def _periods_agree(table: Table, header: Header, period: Period | None, problems: Problems) -> bool:
    """A long sheet needs a period column or --period; a sheet with periods must not have --period."""
    at = table.location(header.row, header.columns.get("id") or header.columns["title"])
    if header.long and "period" not in header.columns and period is None:
        problems.add("import-header", f"The header row (row {header.row}) has no 'period' column, and no "
                     "--period was given.", at, expected="a 'period' column, or --period for the whole sheet",
                     hint="Add --period with the period of these results, like --period 2023-24, or a 'period' "
                     "column.")
        return False
    if period is not None and ("period" in header.columns or header.periods):
        column = header.columns.get("period") or header.periods[0][0]
        problems.add("import-header", f"--period {period.label} was given, but the sheet gives its periods: "
                     f"{'a' if 'period' in header.columns else 'the'} 'period' column"
                     f"{'' if 'period' in header.columns else 's'} from {table.location(header.row, column).cell}.",
                     table.location(header.row, column), expected="--period only for a sheet with no periods",
                     hint="Leave out --period: each result's period is read from the sheet.")
        return False
    return True


def _bad_period(cell: Cell, what: str, start_month: int, problems: Problems) -> None:
    value = cell.value
    if isinstance(value, (dt.datetime, dt.date)):
        found = f"the date {value:%d/%m/%Y}"
        hint = "Excel turned it into a date: format the cell as 'Text' and type the period, like 2023-24."
    else:
        found = quote(" ".join(str(value).split()))
        hint = period_advice(str(value), start_month)
    problems.add("invalid-period", f"{what} is {found}, which is not a period this tool can read."
                 if not what.endswith(found) else f"{what} is not a period this tool can read.",
                 cell.location, expected=PERIOD_FORMS, found=found, hint=hint)


# -- the items ---------------------------------------------------------------------------------


def _fold(title: str) -> str:
    return " ".join(title.replace("\u2019", "'").replace("\u2018", "'").split()).casefold()


class _Items:
    def __init__(self, project: Project):
        self.by_id = {item.id: item for item in project.items}
        self.by_title: dict[str, list[Item]] = {}
        for item in project.items:
            self.by_title.setdefault(_fold(item.title), []).append(item)

    def find(self, cell: Cell, column: str, problems: Problems) -> Item | None:
        text = " ".join(_key_text(cell.value).split())
        if column == "id":
            item = self.by_id.get(text) or self.by_id.get(text.lower())
            if item is None:
                problems.add("import-unknown-item", f"No standard or figure has the id {quote(text)}.",
                             cell.location, expected="the id of a standard or figure in standards/", found=quote(text),
                             hint=did_you_mean(text, self.by_id) or self._closest_titles(text)
                             or "Check the id against the standards files.")
            return item
        found = self.by_title.get(_fold(text), [])
        if len(found) == 1:
            return found[0]
        if found:
            problems.add("import-unknown-item", f"{len(found)} standards and figures have the title {quote(text)}: "
                         + words_list([quote(i.id) for i in found], "and") + ".", cell.location,
                         expected="a title only one standard or figure has",
                         hint="Add an 'id' column and give each row its id.")
            return None
        problems.add("import-unknown-item", f"No standard or figure has the title {quote(text)}.", cell.location,
                     expected="the title of a standard or figure in standards/", found=quote(text),
                     hint=self._closest_titles(text) or "Check the title against the standards files, or add an "
                     "'id' column.")
        return None

    def _closest_titles(self, text: str) -> str | None:
        titles = {_fold(i.title): i for i in self.by_id.values()}
        close = difflib.get_close_matches(_fold(text), list(titles), n=3, cutoff=0.6)
        if not close:
            return None
        named = [f"{quote(titles[t].title)} (id {titles[t].id})" for t in close]
        return f"The closest title{'s are' if len(named) > 1 else ' is'} " + words_list(named, "and") + "."


def _key_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value)


# -- the rows ----------------------------------------------------------------------------------


class _Reader:
    """Reads the rows below the header, one at a time, into results."""

    def __init__(self, table: Table, header: Header, items: _Items, problems: Problems, start_month: int,
                 period: Period | None):
        self.table, self.header, self.items, self.problems = table, header, items, problems
        self.start_month, self.period = start_month, period
        self.results: list[ImportedResult] = []
        self.first: dict[tuple[str, Period], Location] = {}  # where each item and period was first given

    def cell(self, number: int, column: int) -> Cell:
        row = self.table.rows[number - 1]
        if column <= len(row):
            return row[column - 1]
        return Cell(None, self.table.location(number, column))

    def row(self, number: int) -> None:
        header = self.header
        data_columns = ([header.columns[w] for w in FIELDS if w in header.columns] if header.long
                        else [c for c, _ in header.periods])
        cells = [self.cell(number, c) for c in data_columns]
        given = [c for c in cells if c.value is not None or c.formula]
        key = self._key_cell(number)
        if key is None:
            if given:
                self._no_key(number, given[0])
            return
        if not given:
            return  # a section heading, or an item with no results here
        item = self.items.find(*key, self.problems)
        if item is None:
            return
        if header.long:
            self._long(number, item)
        else:
            self._wide(number, item)

    def _key_cell(self, number: int) -> tuple[Cell, str] | None:
        for column in KEY_COLUMNS:
            if column in self.header.columns:
                cell = self.cell(number, self.header.columns[column])
                if _key_text(cell.value).strip():
                    return cell, column
        return None

    def _no_key(self, number: int, first: Cell) -> None:
        named = words_list([quote(w) for w in KEY_COLUMNS if w in self.header.columns])
        column = self.header.columns.get("id") or self.header.columns.get("title")
        self.problems.add("import-unknown-item", f"Row {number} has results but no {named}.",
                          self.table.location(number, column), expected="the id or title of a standard or figure",
                          hint=f"Fill in the {named} of the row, or delete the row (its first result is in "
                          f"{first.location.cell}).")

    def _long(self, number: int, item: Item) -> None:
        period = self.period
        if "period" in self.header.columns:
            period = self._period_cell(self.cell(number, self.header.columns["period"]))
            if period is None:
                return
        missing_cell = self.cell(number, self.header.columns["missing"]) if "missing" in self.header.columns else None
        missing_given = missing_cell is not None and missing_cell.value is not None
        fields: list[tuple[str, object]] = []
        first: Location | None = None
        read_all = True
        for name in FIELDS:
            if name not in self.header.columns:
                continue
            cell = self.cell(number, self.header.columns[name])
            try:
                value = field_value(cell, item, name, self.problems, decimal_comma=self.table.decimal_comma,
                                    missing_given=missing_given)
            except NotRead:
                read_all = False
                continue
            if value is not None:
                fields.append((name, value))
                first = first or cell.location
        if fields and read_all:
            self._add(item, period, tuple(fields), first)

    def _wide(self, number: int, item: Item) -> None:
        for column, period in self.header.periods:
            cell = self.cell(number, column)
            try:
                value = field_value(cell, item, "value", self.problems, decimal_comma=self.table.decimal_comma,
                                    wide=True)
            except NotRead:
                continue
            if value is not None:
                self._add(item, period, (("value", value),), cell.location)

    def _period_cell(self, cell: Cell) -> Period | None:
        value = cell.value
        if value is None:
            self.problems.add("invalid-period", "The row has results but its period cell is blank.", cell.location,
                              expected=PERIOD_FORMS, hint="Fill in the period of the row's results.")
            return None
        found = _header_period(cell, self.start_month)
        if found is None:
            _bad_period(cell, "The period", self.start_month, self.problems)
        return found

    def _add(self, item: Item, period: Period, fields: tuple, location: Location) -> None:
        first = self.first.get((item.id, period))
        if first is not None:
            self.problems.add(
                "import-duplicate-row",
                f"{quote(item.id)} in {period.label} is given twice: in row {first.line} ({first.cell}) and here.",
                location, expected="one result for each standard or figure in each period",
                hint=f"Delete one of the two, or check the period of each (the first is in {first.cell}).")
            return
        self.first[(item.id, period)] = location
        self.results.append(ImportedResult(period, item.id, fields, location))
