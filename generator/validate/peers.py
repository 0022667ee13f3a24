"""The regulator's published TSM dataset: `tsm: peers:` in mkdocs.yml, and the dataset's cells
(source/regulator.py) turned into a :class:`PeerDataset`, with every problem located at its cell.

Nothing is found by position: sheets by the words of their names, the header row by its
"Landlord name" cell, columns by the Data Dictionary's field names (TP01_Satisfied_Calc_LCRA,
CH01_1_Calculated_Value_LCHO) or else by the measure code in brackets in the header ("... (TP01)"),
so that another year's file, with its header on another row, reads the same."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from generator.model import PeerDataset, PeerLandlord, PeerSettings, PeerValue, TsmYear
from generator.problems import Location, Problems, did_you_mean, quote, words_list
from generator.registry.keys import Key, _keys, check_mapping
from generator.registry.periods import Period, parse_period
from generator.registry.tsm import PEER_CONTEXT, Catalogue, catalogue_for
from generator.source.regulator import (DICTIONARY_WORDS, INTRODUCTION_WORDS, SHEET_WORDS, RegulatorFileError,
                                        Sheet, Workbook, read_csv_table, read_workbook, sheet_words)
from generator.source.spreadsheet import cell_location
from generator.validate import peers_cache
from generator.source.yaml import Node, describe

PEER_SETTINGS = _keys(
    Key("datasets", "a mapping of financial years to files", True, "the regulator's dataset for each year: "
        "the .xlsx file, a .csv file or a list of its .csv files, as a path in the project",
        "datasets: {2024-25: regulator/TSM_2025_Full_Data.xlsx}"),
    Key("landlord", "text", meaning="your landlord code in the dataset (L4240, or 45UB for a council): your "
        "size, region, type and supported housing then come from your row, and your row is checked "
        "against your own data", example="landlord: L4240"),
    Key("similar", "a list", meaning="compare only with landlords like you: any of size, region, type and "
        "supported; leave it out to compare with all landlords", example="similar: [size, region]"),
    Key("size", "text", meaning=f"your size band as the dataset writes it ({PEER_CONTEXT['size']}: <5,000, "
        "5,000-40,000 or >40,000), when 'landlord' is not given", example="size: 5,000-40,000"),
    Key("region", "text", meaning=f"your region as the dataset writes it ({PEER_CONTEXT['region']}: North, "
        "Midlands, South, London or Mixed), when 'landlord' is not given", example="region: Midlands"),
    Key("type", "text", meaning=f"your landlord type as the dataset writes it ({PEER_CONTEXT['type']}: PRP or "
        "LA), when 'landlord' is not given", example="type: PRP"),
    Key("supported", "yes or no", meaning=f"whether over 30% of your low-cost rental homes are supported "
        f"housing ({PEER_CONTEXT['supported']}), when 'landlord' is not given", example="supported: no"),
)

MARKERS = {"X": "blank", "Z": "not required", "E": "excluded", "U": "no denominator", "S": "suppressed"}
_MARKER = re.compile(r"^\[([XZEUS])\]$", re.IGNORECASE)
# a Data Dictionary field name of a headline figure: TP01_Satisfied_Calc_LCRA, RP02_1_Calculated_Value,
# CH01_1_Calculated_Value_LCHO (_COMB for combined); the CSV release uses the same names
_FIELD = re.compile(r"^(?P<code>[A-Z]{2}\d\d(?:_\d)?)_(?:Satisfied_Calc|Calculated_Value)(?:_(?P<tenure>LCRA|LCHO|COMB\w*))?$",
                    re.IGNORECASE)
# a header's measure code in brackets at its end: "(TP01)", "(RP02 1)"
_CODE = re.compile(r"\((?P<code>[A-Z]{2}\d\d)(?:[ _](?P<part>\d))?\)$", re.IGNORECASE)
_TENURE_WORDS = {"lcra": "lcra", "lcho": "lcho", "comb": "combined", "combined": "combined"}
_SHEET_TENURE = {"lcraperception": "lcra", "lchoperception": "lcho", "combinedperception": "combined"}
_SHEET_TITLE = {"lcraperception": "LCRA_Perception", "lchoperception": "LCHO_Perception",
                "combinedperception": "Combined_Perception", "managementinfo": "Management_Info"}
_REQUIRED_SHEETS = ("lcraperception", "lchoperception", "managementinfo")  # 2023/24 had no combined returns
_NAME_HEADERS = ("landlord name", "providername")
_CODE_HEADERS = ("landlord code", "providernumber", "providerid")
_CONTEXT_FIELDS = {"type": ("providertype",)}  # the CSV release's field names, beside the header texts


# -- settings ---------------------------------------------------------------------------------------


def read_peer_settings(node: Node | None, problems: Problems, at: Location | None = None) -> PeerSettings | None | bool:
    """`tsm: peers:` in mkdocs.yml: None when absent, False when it has errors."""
    if node is None or node.is_null:
        return None
    if not check_mapping(node, PEER_SETTINGS, "'peers' under 'tsm' in mkdocs.yml", problems):
        return False
    ok = True
    places: dict[str, Location] = {}
    datasets: dict[str, str] = {}
    files: dict[str, tuple[str, ...]] = {}
    listed = node.get("datasets")
    if listed is not None and not listed.is_null:
        if not check_mapping(listed, {}, "'datasets' under 'peers'", _NoUnknown(problems)):
            return False
        for key, key_node, value in listed.pairs():
            period = parse_period(key)
            if period is None or period.kind != "year":
                problems.add("invalid-period", f"{quote(key)} under 'datasets' is not a financial year.",
                             key_node.location, expected="a financial year like 2024-25", found=quote(key),
                             hint="Write the reporting year the dataset is for, like '2024-25: regulator/"
                             "TSM_2025_Full_Data.xlsx' (the 2025 dataset is for 2024-25).")
                ok = False
                continue
            paths = _paths(value, period.label, problems)
            if paths is None:
                ok = False
                continue
            datasets[period.label], files[period.label] = paths[0], paths
            places[period.label] = value.location
    elif listed is not None:
        problems.add("missing-key", "'datasets' under 'peers' is empty.", listed.location,
                     expected="a financial year and the regulator's file for it",
                     hint="Write 'datasets: {2024-25: regulator/TSM_2025_Full_Data.xlsx}'.")
        ok = False
    landlord = _text(node, "landlord", places, problems)
    context = {key: text for key in PEER_CONTEXT if (text := _text(node, key, places, problems))}
    similar = _similar(node.get("similar"), problems)
    if similar is None:
        ok = False
    if landlord is None and similar:
        for key in similar:
            if key not in context:
                problems.add("missing-key", f"'similar' compares by {key}, but 'peers' gives neither 'landlord' "
                             f"nor '{key}'.", node.location, expected=f"'landlord: <your code>' or "
                             f"'{PEER_SETTINGS[key].example}'",
                             hint=f"Add '{PEER_SETTINGS[key].example}' (as the dataset writes it), or your "
                             "landlord code as 'landlord:'.")
                ok = False
    if not ok:
        return False
    key = node.location
    return PeerSettings(datasets=datasets, landlord=landlord, similar=similar or (), context=context,
                        location=key, files=files, places=places)


class _NoUnknown(Problems):
    """check_mapping with no keys listed would call every year unknown: only its type check is wanted."""

    def __init__(self, real: Problems):
        super().__init__()
        self.real = real

    def add(self, code: str, *args, **kwargs) -> None:  # type: ignore[override]
        if code != "unknown-key":
            self.real.add(code, *args, **kwargs)


def _paths(value: Node, year: str, problems: Problems) -> tuple[str, ...] | None:
    entries = value.items if value.kind == "list" else (value,) if value.kind == "scalar" and not value.is_null \
        else None
    texts = [e.text.strip() for e in entries or () if e.kind == "scalar" and e.text.strip()]
    if not entries or len(texts) != len(entries):
        problems.add("wrong-type", f"The dataset for {year} should be a file, like regulator/TSM_2025_Full_Data.xlsx, "
                     f"but {describe(value)} is given.", value.location, expected="a path, or a list of .csv paths",
                     found=describe(value))
        return None
    if len(texts) > 1 and not all(t.lower().endswith(".csv") for t in texts):
        problems.add("wrong-type", f"The dataset for {year} lists {len(texts)} files, but only the CSV release "
                     "comes as several files.", value.location, expected="one .xlsx file, or a list of .csv files",
                     found=quote(", ".join(texts)), hint="Name the .xlsx workbook alone.")
        return None
    return tuple(texts)


def _text(node: Node, key: str, places: dict[str, Location], problems: Problems) -> str | None:
    value = node.get(key)
    if value is None or value.is_null:
        return None
    if value.kind != "scalar":
        problems.add("wrong-type", f"'{key}' under 'peers' should be text, but {describe(value)} is given.",
                     value.location, expected=PEER_SETTINGS[key].kind, found=describe(value),
                     hint=f"Write it like '{PEER_SETTINGS[key].example}'.")
        return None
    places[key] = value.location
    return value.text.strip()


def _similar(node: Node | None, problems: Problems) -> tuple[str, ...] | None:
    if node is None or node.is_null:
        return ()
    entries = node.items if node.kind == "list" else (node,) if node.kind == "scalar" else ()
    keys = []
    for entry in entries:
        text = entry.text.strip().lower() if entry.kind == "scalar" else ""
        if text not in PEER_CONTEXT:
            problems.add("invalid-choice", f"'similar' compares landlords by {words_list(list(PEER_CONTEXT), 'and')}, "
                         f"but {describe(entry)} is given.", entry.location,
                         expected=words_list(list(PEER_CONTEXT)), found=describe(entry),
                         hint=did_you_mean(text, PEER_CONTEXT) or "Leave 'similar' out to compare with all landlords.")
            return None
        keys.append(text)
    return tuple(k for k in PEER_CONTEXT if k in keys)


# -- the dataset ------------------------------------------------------------------------------------

_MEMO: dict[tuple, tuple[PeerDataset | None, tuple]] = {}  # read each file once per run (and per rebuild)


def read_dataset(root: Path, files: tuple[str, ...], year: Period, problems: Problems,
                 at: Location | None = None) -> PeerDataset | None:
    """The regulator's dataset for ``year`` from ``files`` (project paths), or None after a problem.

    Keyed on the files' bytes: in this process (serve rebuilds), then in the project's cache
    (validate/peers_cache.py), and only then read with openpyxl."""
    try:
        contents = [(root / f).read_bytes() for f in files]
    except OSError:
        contents = None  # missing or unreadable: the read below says which, in words
    if contents is None:
        local = Problems()
        dataset = _read(root, files, year, local, at or Location(files[0]))
        problems.extend(local.items)
        return dataset
    key = peers_cache.digest(contents)
    memo = (str(root.resolve()), year.label, files, key)
    if memo in _MEMO:
        dataset, found = _MEMO[memo]
        problems.extend(found)
        return dataset
    catalogue = catalogue_for(year)
    columns = [c.name for c in catalogue.columns] if catalogue else []
    cached = peers_cache.load(root, key, files, year, columns)
    if cached is not None:
        dataset, items = cached
    else:
        local = Problems()
        dataset = _read(root, files, year, local, at or Location(files[0]), contents)
        items = local.items
        if dataset is not None:
            peers_cache.store(root, key, files, year, columns, dataset, items)
    problems.extend(items)
    _MEMO[memo] = (dataset, tuple(items))
    return dataset


def _read(root: Path, files: tuple[str, ...], year: Period, problems: Problems, at: Location,
          contents: list[bytes] | None = None) -> PeerDataset | None:
    for file in files:
        path = root / file
        if not path.is_file():
            problems.add("peers-file", f"The regulator's dataset {file} is not there.", at,
                         expected="the dataset's file, saved in the project",
                         hint="Download the dataset from GOV.UK, save it in the project (for example in a "
                         "'regulator' folder) and write that path under 'datasets:'.")
            return None
    if len(files) == 1 and not files[0].lower().endswith(".csv"):
        try:
            book = read_workbook(root / files[0], contents[0] if contents else None)
        except RegulatorFileError as exc:
            problems.add("peers-file", f"{files[0]} is {exc}." if str(exc).startswith("not") else
                         f"{files[0]} cannot be read: {exc}.", Location(files[0], cell=""),
                         expected="the regulator's TSM dataset, as the .xlsx workbook or its .csv files",
                         hint="Download the dataset again from GOV.UK and save it unchanged.")
            return None
        return _from_workbook(files[0], book, year, problems)
    tables = []
    for file in files:
        try:
            tables.append(read_csv_table(root / file, file))
        except RegulatorFileError as exc:
            problems.add("peers-file", f"{file} is {exc}." if str(exc).startswith("not") else
                         f"{file} cannot be read: {exc}.", Location(file, cell=""),
                         expected="a table of the regulator's TSM dataset saved as CSV",
                         hint="Download the dataset again from GOV.UK and save it unchanged.")
            return None
    reader = _Reader(files[0], catalogue_for(year), {}, problems)
    for table in tables:
        reader.sheet(table, None)
    if not reader.landlords:
        return None
    return PeerDataset(file=files[0], title=f"Tenant Satisfaction Measures {year.end.year} - Dataset", year=year,
                       landlords=tuple(reader.landlords.values()))


def _from_workbook(file: str, book: Workbook, year: Period, problems: Problems) -> PeerDataset | None:
    by_words = {sheet_words(s.name): s for s in book.sheets}
    if not any(w in by_words for w in SHEET_WORDS):
        problems.add("peers-file", f"{file} is not the regulator's TSM dataset: it has no sheet of TSM results.",
                     Location(file, cell=""), expected="sheets such as TSM25_LCRA_Perception and "
                     "TSM25_Management_Info", found=quote(", ".join(book.sheet_names), 120),
                     hint="Name the 'Full Data' workbook of the Tenant Satisfaction Measures dataset from GOV.UK.")
        return None
    missing = [w for w in _REQUIRED_SHEETS if w not in by_words]
    for words in missing:
        problems.add("peers-sheet", f"{file} has no sheet of {_SHEET_TITLE[words]}: its sheets are "
                     f"{words_list(list(book.sheet_names), 'and')}.", Location(file, cell=""),
                     expected=f"a sheet named like TSM{year.end.year % 100:02d}_{_SHEET_TITLE[words]}",
                     hint="Use the regulator's workbook unchanged: download it again from GOV.UK.")
    if missing:
        return None
    catalogue = catalogue_for(year)
    dictionary = _dictionary(by_words.get(DICTIONARY_WORDS))
    reader = _Reader(file, catalogue, dictionary, problems)
    for words in SHEET_WORDS:
        if words in by_words:
            reader.sheet(by_words[words], words)
    if reader.failed:
        return None
    return PeerDataset(file=file, title=_title(by_words.get(INTRODUCTION_WORDS), file), year=year,
                       landlords=tuple(reader.landlords.values()))


def _title(sheet: Sheet | None, file: str) -> str:
    for row in (sheet.rows[:5] if sheet else ()):
        for value in row:
            if isinstance(value, str) and "Tenant Satisfaction Measures" in value and len(value) < 120:
                return value.strip()
    return Path(file).name


def _dictionary(sheet: Sheet | None) -> dict[tuple[str, str], str]:
    """(sheet words, header words) -> Data Field Name, from the Data Dictionary sheet."""
    found: dict[tuple[str, str], str] = {}
    if sheet is None:
        return found
    head = next((i for i, r in enumerate(sheet.rows) if "data field name" in [_words(v) for v in r]), None)
    if head is None:
        return found
    names = [_words(v) for v in sheet.rows[head]]
    table, heading, field_ = names.index("table") if "table" in names else 0, \
        names.index("column heading") if "column heading" in names else 1, names.index("data field name")
    for row in sheet.rows[head + 1:]:
        if len(row) > max(table, heading, field_) and row[table] and row[heading] and row[field_]:
            found[(sheet_words(str(row[table])), _words(row[heading]))] = str(row[field_]).strip()
    return found


def _words(value: object) -> str:
    """A header as words: no-break and zero-width spaces, footnote digits after a word or bracket and
    case ignored ('Landlord TSM Publication URL1' -> 'landlord tsm publication url')."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).replace("\u200b", "")
    text = re.sub(r"(?<=[A-Za-z)%])[\d,]+$", "", " ".join(text.split())).strip()
    text = re.sub(r"(?<=\))\s*[\d,]+$", "", text).strip()
    return text.casefold()


@dataclass
class _Column:
    index: int
    column: str
    tenure: str


class _Reader:
    """Reads sheets one after another into landlords, keyed by code (their rows on several sheets merge)."""

    def __init__(self, file: str, catalogue: Catalogue | None, dictionary: dict, problems: Problems):
        self.file, self.catalogue, self.dictionary, self.problems = file, catalogue, dictionary, problems
        self.landlords: dict[str, PeerLandlord] = {}
        self.failed = False
        self.read_one = False  # a sheet's header was read: the context columns are required on the first only

    def at(self, sheet: Sheet, row: int, column: int) -> Location:
        if sheet.csv_file is not None:
            return cell_location(sheet.csv_file, None, row, column)
        return cell_location(self.file, sheet.name, row, column)

    def sheet(self, sheet: Sheet, words: str | None) -> None:
        where = sheet.csv_file or f"{self.file}, sheet {sheet.name},"
        head = next((i for i, r in enumerate(sheet.rows) if any(_words(v) in _NAME_HEADERS for v in r)), None)
        if head is None:
            self.failed = True
            self.problems.add("peers-header", f"{where} has no header row: no cell says 'Landlord name'.",
                              Location(sheet.csv_file or self.file, cell="" if sheet.csv_file else
                                       f"{sheet.name}!A1"),
                              expected="a row of column headings starting with 'Landlord name'",
                              hint="Use the regulator's file unchanged: download it again from GOV.UK.")
            return
        header = [_words(v) for v in sheet.rows[head]]
        row_number = head + 1
        name_at = next(i for i, h in enumerate(header) if h in _NAME_HEADERS)
        code_at = next((i for i, h in enumerate(header) if h in _CODE_HEADERS), None)
        context_at = {key: next((i for i, h in enumerate(header)
                                 if h == text.casefold() or h in _CONTEXT_FIELDS.get(key, ())), None)
                      for key, text in PEER_CONTEXT.items()}
        columns = self._columns(sheet, words, header)
        # the context is read from the first sheet (LCRA perception); later sheets may leave some out
        first, self.read_one = not self.read_one, True
        needed = [("Landlord code", code_at)] + [(PEER_CONTEXT[k], i) for k, i in context_at.items() if first]
        for text, index in needed:
            if index is None:
                self._no_column(sheet, row_number, header, text)
        if columns is None or code_at is None or (first and None in context_at.values()):
            self.failed = True
            return
        for number, row in enumerate(sheet.rows[head + 1:], start=row_number + 1):
            code = _code(row[code_at] if code_at < len(row) else None)
            if code is None:
                continue  # a blank row, or the notes under the table
            values = {}
            for col in columns:
                values[(col.column, col.tenure)] = self._value(row, col.index, sheet, number)
            name = str(row[name_at]).strip() if name_at < len(row) and row[name_at] is not None else code
            context = {k: _context(row[i]) for k, i in context_at.items() if i is not None and i < len(row)}
            known = self.landlords.get(code.casefold())
            if known is None:
                self.landlords[code.casefold()] = PeerLandlord(code, name, context, values,
                                                              self.at(sheet, number, name_at + 1))
            else:  # being built here: the dicts are not shared until the dataset is whole
                known.values.update(values)
                known.context.update({k: v for k, v in context.items() if k not in known.context})

    def _columns(self, sheet: Sheet, words: str | None, header: list[str]) -> list[_Column] | None:
        known = {c.name for c in self.catalogue.columns} if self.catalogue else set()
        found: dict[tuple[str, str], _Column] = {}
        raw = sheet.rows[next(i for i, r in enumerate(sheet.rows) if any(_words(v) in _NAME_HEADERS for v in r))]
        for index, text in enumerate(header):
            field_ = self.dictionary.get((words, text)) if words else None
            if field_ is None and index < len(raw) and raw[index] is not None:
                field_ = str(raw[index]).strip()  # the CSV release: the header is the field name
            match = _FIELD.match(field_ or "")
            if match:
                column = match["code"].upper()
                tenure = _TENURE_WORDS.get((match["tenure"] or "")[:4].lower()) or _SHEET_TENURE.get(words or "")
            elif not self.dictionary or words is None or (words, text) not in self.dictionary:
                column, tenure = self._by_code(words, text)
            else:
                continue  # a column the Data Dictionary names otherwise: a count, a filter, a method
            if column is None or column not in known:
                continue
            measure = self.catalogue.column(column).measure  # type: ignore[union-attr]
            if tenure is None:
                tenure = measure.tenures[0] if len(measure.tenures) == 1 else None
            if tenure is None:
                continue
            found.setdefault((column, tenure), _Column(index, column, tenure))
        if words == "lcraperception" and ("TP01", "lcra") not in found:
            self._no_column(sheet, None, header, "Proportion of respondents who report that they are satisfied with "
                            "the service provided by their landlord (TP01)")
            return None
        if not found:
            self._no_column(sheet, None, header, "the TSM results (headed like '... (TP01)')")
            return None
        return list(found.values())

    @staticmethod
    def _by_code(words: str | None, text: str) -> tuple[str | None, str | None]:
        """A header with its measure code in brackets: the headline figure is a proportion or a rate,
        never a count of respondents, a yes/no question or a figure by survey method."""
        match = _CODE.search(text)
        if not match or not (text.startswith("proportion") or "per 1,000 homes" in text
                             or re.match(r"^(lcra|lcho|combined) - ", text)):
            return None, None
        column = match["code"].upper() + (f"_{match['part']}" if match["part"] else "")
        prefix = re.match(r"^(lcra|lcho|combined) - ", text)
        tenure = _TENURE_WORDS[prefix[1]] if prefix else _SHEET_TENURE.get(words or "")
        return column, tenure

    def _no_column(self, sheet: Sheet, row: int | None, header: list[str], text: str) -> None:
        self.failed = True
        head = next(i for i, r in enumerate(sheet.rows) if any(_words(v) in _NAME_HEADERS for v in r)) + 1
        where = sheet.csv_file or f"{self.file}, sheet {sheet.name},"
        close = [h for h in header if h and did_you_mean(text.casefold(), [h])]
        hint = f"Did you mean {quote(close[0])}? " if close else ""
        self.problems.add("peers-column", f"{where} has no column {quote(text, 120)} in its header row (row {head}).",
                          self.at(sheet, head, 1), expected=f"a column headed {quote(text, 120)}",
                          hint=hint + "Use the regulator's file unchanged: download it again from GOV.UK.")

    def _value(self, row: tuple, index: int, sheet: Sheet, number: int) -> PeerValue:
        value = row[index] if index < len(row) else None
        if value is None:
            return PeerValue(None, None)
        if isinstance(value, bool):
            pass
        elif isinstance(value, (int, float)):
            return PeerValue(Decimal(str(value)))  # str(): the shortest form, 71.8 stays 71.8
        elif isinstance(value, str):
            text = value.strip()
            marker = _MARKER.match(text)
            if marker:
                return PeerValue(None, marker[1].upper())
            if not text:
                return PeerValue(None, None)
            try:
                number_value = Decimal(text)
                if number_value.is_finite():
                    return PeerValue(number_value)
            except InvalidOperation:
                pass
        self.failed = True
        at = self.at(sheet, number, index + 1)
        self.problems.add("peers-cell", f"Cell {at.cell} of {self.file if sheet.csv_file is None else sheet.csv_file} "
                          f"holds {quote(str(value))}, which is neither a number nor one of the regulator's markers.",
                          at, expected="a number, or [X], [Z], [E], [U] or [S]", found=quote(str(value)),
                          hint="Use the regulator's file unchanged: download it again from GOV.UK.")
        return PeerValue(None, None)


def _code(value: object) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code stored as a number (5060) is the text "5060"
    text = str(value).strip()
    return text or None


def _context(value: object) -> str:
    return "" if value is None else str(value).strip()


# -- cross-checks -----------------------------------------------------------------------------------


def check_landlord(dataset: PeerDataset, settings: PeerSettings, problems: Problems) -> None:
    """Our code in the file (close matches by code and by name), and our context values in it."""
    at = settings.places.get("landlord", settings.location or Location("mkdocs.yml"))
    if settings.landlord is not None and dataset.landlord(settings.landlord) is None:
        close = _close_landlords(settings.landlord, dataset.landlords)
        hint = ("Did you mean " + words_list([f"{quote(l.code)} ({l.name})" for l in close]) + "?") if close else None
        problems.add("peers-landlord", f"The landlord code {quote(settings.landlord)} is not in {dataset.file} "
                     f"({len(dataset.landlords)} landlord{'s' if len(dataset.landlords) != 1 else ''}).", at, expected="your landlord code as the dataset "
                     "writes it, like L4240 or 45UB", found=quote(settings.landlord),
                     hint=(hint + " " if hint else "") + "Your code is in the 'Landlord code' column beside your "
                     "name; leave 'landlord' out and give size, region and type if you are not in the dataset.")
    for key, value in settings.context.items():
        seen = sorted({l.context.get(key, "") for l in dataset.landlords} - {""})
        if value.casefold() not in {s.casefold() for s in seen}:
            problems.add("invalid-choice", f"'{key}' under 'peers' is {quote(value)}, which {dataset.file} never "
                         f"writes in its column {quote(PEER_CONTEXT[key], 80)}.",
                         settings.places.get(key, at), expected=words_list([quote(s) for s in seen]),
                         found=quote(value), hint=did_you_mean(value, seen) or
                         f"Write one of {words_list(seen)}, as the dataset writes it.")


def _close_landlords(given: str, landlords: tuple[PeerLandlord, ...]) -> list[PeerLandlord]:
    """Up to three landlords close to ``given``: by code (L42400 -> L4240), else by the words of the
    name ("A2Dominion" -> A2Dominion Housing Group Limited), as staff may write either."""
    codes = {l.code.casefold(): l for l in landlords}
    by_code = difflib.get_close_matches(given.casefold(), list(codes), n=3, cutoff=0.6)
    if by_code:
        return [codes[c] for c in by_code]
    words = _name_words(given)
    if not words:
        return []
    found = []
    for landlord in landlords:
        name = _name_words(landlord.name)
        # each word given is a name's word, or close to one ("Dominon"): the name begins with it or holds it
        if all(any(w == n or (len(w) > 3 and difflib.SequenceMatcher(None, w, n).ratio() >= 0.8) for n in name)
               for w in words):
            found.append(landlord)
    return found[:3]


def _name_words(text: str) -> list[str]:
    """'A2Dominion Housing Group Limited' -> ['a2dominion', 'housing', 'group']: the common words dropped."""
    common = {"limited", "ltd", "the", "of", "and", "plc", "cic"}
    return [w for w in re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKC", text).casefold()) if w not in common]


def check_own_row(dataset: PeerDataset, year: TsmYear, settings: PeerSettings, problems: Problems) -> None:
    """Our row in the dataset against our own results, at the file's precision: a difference warns."""
    ours = dataset.landlord(settings.landlord) if settings.landlord else None
    if ours is None:
        return
    for (column, tenure), cell in ours.values.items():
        result = year.result(column, tenure)
        if cell.value is None or result is None or result.result.value is None:
            continue
        places = max(0, -cell.value.as_tuple().exponent)  # type: ignore[operator]
        mine = result.result.value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if mine == cell.value:
            continue
        unit = year.catalogue.column(column).measure.unit  # type: ignore[union-attr]
        word = (lambda v: f"{v}%") if unit == "percent" else (lambda v: f"{v} per 1,000 homes")
        problems.add("peers-own-row", f"The regulator's file says {word(cell.value)} for {column} "
                     f"{tenure.upper() if tenure != 'combined' else 'for all homes'}; your data says "
                     f"{word(mine)}.", result.location, expected=f"{word(cell.value)}, as in {dataset.file}",
                     found=word(mine), hint="Check which figure is right: correct your data, or tell the "
                     "regulator if their file is wrong.")


def attach_peers(root: Path, settings: PeerSettings, period_files: list, problems: Problems) -> list:
    """Each TSM year named under `datasets:` gets its dataset (TsmYear.peers), read once; our row and
    context are checked.  A dataset for a year with no TSM year in the data is a warning."""
    years = {p.period.label: p for p in period_files if p.tsm is not None}
    replaced = {}
    for label, files in settings.files.items():
        at = settings.places.get(label, settings.location or Location("mkdocs.yml"))
        if label not in years:
            problems.add("peers-year", f"'datasets' under 'peers' names a dataset for {label}, but no performance "
                         f"file gives TSM results for {label}.", at, expected="a performance file for the financial "
                         f"year {label}", hint=f"Add the performance file for {label}, or remove {label} from "
                         "'datasets'.")
            continue
        if any(not _inside(f, root) for f in files):
            problems.add("config-path", f"The dataset for {label} is outside the project folder.", at,
                         expected="a path inside the project", found=quote(", ".join(files)),
                         hint="Save the dataset in the project, for example in a 'regulator' folder.")
            continue
        period_file = years[label]
        dataset = read_dataset(root, files, period_file.period, problems, at)
        if dataset is None:
            continue
        check_landlord(dataset, settings, problems)
        check_own_row(dataset, period_file.tsm, settings, problems)
        replaced[label] = _replace(period_file, dataset)
    return [replaced.get(p.period.label, p) for p in period_files]


def _inside(text: str, root: Path) -> bool:
    """``text`` a path inside the project, links resolved (as validate/settings.project_path)."""
    base = root.resolve()
    candidate = (base / text).resolve()
    return candidate != base and base in candidate.parents


def _replace(period_file, dataset: PeerDataset):
    import dataclasses

    return dataclasses.replace(period_file, tsm=dataclasses.replace(period_file.tsm, peers=dataset))
