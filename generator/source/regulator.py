"""Reads the cells of the regulator's published TSM dataset: the workbook (.xlsx) or its CSV tables.

Nothing is interpreted here but the layout: which sheets there are, and each sheet's rows as values
(openpyxl read-only, values only, so the file is opened once and never written).  validate/peers.py
finds the header rows, the columns and the landlords; it never relies on a position."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

# the sheets the reading needs, by the words of their names (TSMyy_ and spaces ignored): the others
# (Contents, Table_Coverage, the Not_Inc lists) are never parsed, which keeps a check fast
SHEET_WORDS = ("lcraperception", "lchoperception", "combinedperception", "managementinfo")
DICTIONARY_WORDS = "datadictionary"
INTRODUCTION_WORDS = "introduction"


class RegulatorFileError(Exception):
    """The file cannot be read as a workbook or a CSV table: the reason, in words."""


@dataclass(frozen=True)
class Sheet:
    name: str  # as the workbook names it ("TSM25_LCRA_Perception"), or the CSV file's name
    rows: tuple[tuple[object, ...], ...]  # row 1 first; values as the file stores them
    csv_file: str | None = None  # for a CSV table: its project path (cells are named "C14" there)


@dataclass(frozen=True)
class Workbook:
    sheet_names: tuple[str, ...]  # every sheet, in order, for messages
    sheets: tuple[Sheet, ...]  # the sheets read (SHEET_WORDS, the Data Dictionary, the Introduction)


def sheet_words(name: str) -> str:
    """'TSM25_LCRA_Perception' -> 'lcraperception': the name without its year prefix, spaces and _."""
    words = name.casefold().replace(" ", "").replace("_", "")
    if words.startswith("tsm") and words[3:5].isdigit():
        words = words[5:]
    return words


def read_workbook(path: Path, data: bytes | None = None) -> Workbook:
    """The needed sheets of an .xlsx workbook (``data``: its bytes, already read); RegulatorFileError
    when it is not one."""
    import openpyxl  # a dependency of the tool; imported here so a check without peers never loads it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data) if data is not None else path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RegulatorFileError(_reason(exc)) from None
    except Exception as exc:  # openpyxl raises its own errors for a damaged part: one message, no traceback
        raise RegulatorFileError(f"it is damaged ({type(exc).__name__})") from None
    try:
        names = tuple(book.sheetnames)
        wanted = set(SHEET_WORDS) | {DICTIONARY_WORDS, INTRODUCTION_WORDS}
        sheets = []
        for name in names:
            if sheet_words(name) in wanted:
                rows = tuple(tuple(r) for r in book[name].iter_rows(values_only=True))
                sheets.append(Sheet(name, rows))
        return Workbook(names, tuple(sheets))
    except Exception as exc:  # a damaged sheet inside a readable zip
        raise RegulatorFileError(f"a sheet of it is damaged ({type(exc).__name__})") from None
    finally:
        book.close()


def read_csv_table(path: Path, display: str) -> Sheet:
    """One table of the CSV release: its rows as text (numbers are told apart in validate/)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RegulatorFileError(f"it cannot be read: {exc.strerror or exc}") from None
    for encoding in ("utf-8-sig", "cp1252"):  # the regulator's CSV files are saved from Excel
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly every byte
        raise RegulatorFileError("it is not text")
    if "\0" in text:
        raise RegulatorFileError("it is not a CSV file: it holds binary data")
    try:
        rows = tuple(tuple(v if v.strip() else None for v in r) for r in csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise RegulatorFileError(f"it cannot be read as CSV: {exc}") from None
    return Sheet(Path(display).stem, rows, csv_file=display)


def _reason(exc: Exception) -> str:
    if isinstance(exc, zipfile.BadZipFile):
        return "not an Excel workbook (.xlsx): it is not a zip of a workbook's parts"
    if isinstance(exc, OSError):
        return f"it cannot be read: {exc.strerror or exc}"
    return f"not an Excel workbook (.xlsx): {exc}"
