"""The regulator's dataset as read, kept between runs: reading the workbook with openpyxl takes
seconds, and every check, build and serve would pay it.

What validate/peers.py made from the file (its landlords, values and markers, title, the cells
the messages name, and the warnings the read gave, re-reported the same) is kept as JSON in
``.standards-cache/regulator/<sha256 of the file's bytes>-r<READER_VERSION>.json``.  It is keyed
on the file's content, never its date: a changed file is read again.  Only a read without errors
is kept.  A damaged, foreign or stale entry is ignored and written again; a project where nothing
can be written just has no cache.  Nothing here decides anything: a cached dataset is the read one."""

from __future__ import annotations

import hashlib
from decimal import Decimal, InvalidOperation
from pathlib import Path

from generator import __version__
from generator.model import PeerDataset, PeerLandlord, PeerValue
from generator.problems import CODES, WARNING, Location, Problem
from generator.registry.periods import Period
from generator.source.cache import cache_path, read_json, write_json

# Bump when the reading changes what it makes from the same file (validate/peers.py, source/regulator.py,
# the TSM catalogue's columns): entries of another version are never used.
READER_VERSION = 1
FORMAT = "housing-standards regulator dataset"
FOLDER = "regulator"

_EMPTY = PeerValue(None, None)
_MARKERS = {f"[{m}]": PeerValue(None, m) for m in "XZEUS"}


def digest(contents: list[bytes]) -> str:
    """The key of a dataset's files: the sha256 of the file (of each file's sha256, for CSV tables)."""
    if len(contents) == 1:
        return hashlib.sha256(contents[0]).hexdigest()
    return hashlib.sha256(b"".join(hashlib.sha256(c).digest() for c in contents)).hexdigest()


def entry(root: Path, key: str) -> Path:
    return cache_path(root, FOLDER, f"{key}-r{READER_VERSION}.json")


def _header(files: tuple[str, ...], year: Period, columns: list[str]) -> dict:
    # what the read depended on besides the bytes: the paths (in every location), the year (its
    # catalogue of measures) and the tool's version
    return {"format": FORMAT, "reader": READER_VERSION, "tool": __version__, "files": list(files),
            "year": year.label, "columns": columns}


def load(root: Path, key: str, files: tuple[str, ...], year: Period,
         columns: list[str]) -> tuple[PeerDataset, list[Problem]] | None:
    """The dataset and warnings kept for ``key``; None when there is none or it cannot be trusted."""
    document = read_json(entry(root, key))
    if not isinstance(document, dict) or document.get("header") != _header(files, year, columns):
        return None
    try:
        return _decode(document, year)
    except (KeyError, TypeError, ValueError, IndexError, InvalidOperation, AttributeError):
        return None  # damaged: read the file again, and the entry is written again


def store(root: Path, key: str, files: tuple[str, ...], year: Period, columns: list[str],
          dataset: PeerDataset, problems: list[Problem]) -> bool:
    """Keep a read without errors (False: not kept, which is never a problem)."""
    if any(p.severity != WARNING for p in problems) or any(p.location.file not in files for p in problems):
        return False  # only what the file alone decides, so that it is re-reported the same
    document = {"header": _header(files, year, columns), **_encode(dataset, problems)}
    return write_json(root, entry(root, key), document)


def _location(at: Location | None) -> list | None:
    return None if at is None else [at.file, at.line, at.column, at.length, at.cell]


def _at(raw: list | None) -> Location | None:
    if raw is None:
        return None
    file, line, column, length, cell = raw
    if not (isinstance(file, str) and all(type(n) is int for n in (line, column, length))
            and (cell is None or isinstance(cell, str))):
        raise ValueError("not a location")
    return Location(file, line, column, length, cell)


def _cell(value: PeerValue) -> str | None:
    if value.marker is not None:
        return f"[{value.marker}]"
    return None if value.value is None else str(value.value)  # str(Decimal) keeps every digit and the exponent


def _value(text: str | None) -> PeerValue:
    if text is None:
        return _EMPTY
    marker = _MARKERS.get(text)
    if marker is not None:
        return marker
    number = Decimal(text)
    if not number.is_finite():
        raise ValueError("not a number")
    return PeerValue(number)


def _encode(dataset: PeerDataset, problems: list[Problem]) -> dict:
    keys: dict[tuple[str, str], int] = {}
    landlords = []
    for landlord in dataset.landlords:
        values = [[keys.setdefault(k, len(keys)), _cell(v)] for k, v in landlord.values.items()]
        landlords.append([landlord.code, landlord.name, landlord.context, values, _location(landlord.location)])
    return {"file": dataset.file, "title": dataset.title, "keys": [list(k) for k in keys], "landlords": landlords,
            "problems": [[p.code, p.message, _location(p.location), p.expected, p.found, p.hint] for p in problems]}


def _decode(document: dict, year: Period) -> tuple[PeerDataset, list[Problem]]:
    keys = [(str(column), str(tenure)) for column, tenure in document["keys"]]
    landlords = []
    for code, name, context, values, at in document["landlords"]:
        if not (isinstance(code, str) and isinstance(name, str) and isinstance(context, dict)
                and all(isinstance(k, str) and isinstance(v, str) for k, v in context.items())):
            raise ValueError("not a landlord")
        landlords.append(PeerLandlord(code, name, dict(context), {keys[i]: _value(v) for i, v in values}, _at(at)))
    problems = []
    for code, message, at, expected, found, hint in document["problems"]:
        if code not in CODES or not isinstance(message, str):
            raise ValueError("not a problem")
        problems.append(Problem(code, message, _at(at), expected, found, hint))
    dataset = PeerDataset(file=str(document["file"]), title=str(document["title"]), year=year,
                          landlords=tuple(landlords))
    return dataset, problems
