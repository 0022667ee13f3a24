"""A spreadsheet cell's value as a result's field, read as the item's unit reads it.

Numbers are kept as the sheet shows them: a cell holding the binary number 0.934 is read through
its 15 significant digits (what Excel itself shows and calculates with) as Decimal('0.934'), never
0.93400000000000005; formatted as a percentage (93.4%) it is 93.4 for a percent unit.  Text is read
as staff type it: '93.4%' (percent only), '1,204', '£1,250.00' (pounds only), '(1,250.00)' for a
negative amount, and, in a semicolon-separated CSV file from a European Excel, '93,4' and '1.204,5'.
A cell formatted as a time (0:01:34) is read for a unit of seconds, minutes or hours.
Ranges, whole numbers for values and the other rules of the format are the later check's.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from generator.model import Item
from generator.problems import Problems, quote
from generator.registry.digits import ascii_digits
from generator.registry.units import UNITS
from generator.source.spreadsheet import Cell

# What staff type for "no figure": an error that says to give the reason instead
NOT_AVAILABLE = {"n/a", "na", "n.a.", "n/k", "-", "–", "—", "--", "tbc", "tba", "tbd", "#n/a", "not available",
                 "unknown", "?", "x"}
WHOLE_FIELDS = ("count", "of", "homes", "responses", "population")
TEXT_FIELDS = ("note", "missing")
NOT_PUBLISHED = "not published"  # the one text a `responses` cell may hold
DURATIONS = {"seconds": 1, "minutes": 60, "hours": 3600}  # units a cell formatted as a time is read in

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_POINT = re.compile(r"[0-9]*\.[0-9]+|[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_COMMA = re.compile(r"[0-9]+(?:,[0-9]+)?|[0-9]{1,3}(?:[. ][0-9]{3})+(?:,[0-9]+)?|[0-9]+\.[0-9]+")
_DATE = re.compile(r"[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}")


class NotRead(Exception):
    """A cell that could not be read; the problem has been added."""


def plain(number: Decimal) -> Decimal:
    """No positive exponent: 1E+2 is written 100."""
    return number.quantize(Decimal(1)) if number.as_tuple().exponent > 0 else number


def from_binary(number: float | int) -> Decimal:
    """A spreadsheet's binary number as its 15 significant digits show it: 0.934, not 0.9340000000000001."""
    if isinstance(number, int):
        return Decimal(number)
    return plain(Decimal(format(number, ".15g")))


def is_percent_format(number_format: str | None) -> bool:
    """'0.0%', '0%' are percentages; a '%' in quotes or after a backslash is shown as it is."""
    if not number_format:
        return False
    shown = re.sub(r'"[^"]*"|\\.', "", number_format)
    return "%" in shown


def field_value(cell: Cell, item: Item, field: str, problems: Problems, *, decimal_comma: bool = False,
                missing_given: bool = False, wide: bool = False) -> Decimal | str | None:
    """The field's value from ``cell``: None when blank; NotRead after adding a problem."""
    value = cell.value
    if value is None:
        if cell.formula:
            _add(problems, cell, f"The cell holds the formula {quote(cell.formula)} but not its result: the "
                 "workbook was saved by a program that does not calculate.", item, field,
                 hint="Open the workbook in Excel (or another spreadsheet), save it, and import it again.")
            raise NotRead
        return None
    if field in TEXT_FIELDS:
        return _text(value)
    if isinstance(value, bool):
        _add(problems, cell, f"The cell holds {str(value).upper()}, not a number.", item, field)
        raise NotRead
    if isinstance(value, (dt.time, dt.timedelta)) and field == "value" and item.unit in DURATIONS:
        duration = _duration(value, item.unit)
        if duration is not None:
            return duration
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        _add(problems, cell, f"The cell holds a date or time ({_when(value)}), not a number.", item, field,
             hint="Format the cell as 'Number' and type the number again: Excel turns some numbers into dates.")
        raise NotRead
    if isinstance(value, (int, float, Decimal)):
        number = value if isinstance(value, Decimal) else from_binary(value)
        if is_percent_format(cell.number_format):
            number = _percent_cell(cell, number, item, field, problems)
    else:
        number = _from_text(cell, str(value), item, field, problems, decimal_comma, missing_given, wide)
        if isinstance(number, str):
            return number
    if field in WHOLE_FIELDS and number != number.to_integral_value():
        problems.add("not-whole-number", f"The {field} should be a whole number, but the cell holds "
                     f"{_shown(cell)}.", cell.location, expected=f"a whole number for {_what(item, field)}",
                     found=_shown(cell))
        raise NotRead
    return number.quantize(Decimal(1)) if field in WHOLE_FIELDS else number


def _duration(value: dt.time | dt.timedelta, unit: str) -> Decimal | None:
    """A cell formatted as a time (0:01:34, a call answered in 94 seconds) in the item's unit, when
    that is exact: 0:01:30 is 1.5 minutes, but 0:01:34 is no number of minutes with few decimals."""
    if isinstance(value, dt.time):
        micro = ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond
    else:
        micro = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    number = Decimal(micro) / Decimal(1_000_000 * DURATIONS[unit])
    if number != round(number, 6):
        return None
    return plain(number.normalize())


def _percent_cell(cell: Cell, number: Decimal, item: Item, field: str, problems: Problems) -> Decimal:
    shown = f"{plain(number.scaleb(2))}%"
    if field == "value" and item.unit == "percent":
        return plain(number.scaleb(2))  # 0.934 shown as 93.4% is 93.4 percent
    unit = f"the unit of {quote(item.id)} is {item.unit}" if item.unit else f"{quote(item.id)} has no unit"
    what = f"{_what(item, field)} is a whole number" if field != "value" else unit
    _add(problems, cell, f"The cell shows a percentage ({shown}), but {what}.", item, field,
         hint="Format the cell as 'Number' (Home, Number Format) and type the number itself.")
    raise NotRead


def _from_text(cell: Cell, text: str, item: Item, field: str, problems: Problems, decimal_comma: bool,
               missing_given: bool, wide: bool) -> Decimal | str:
    cleaned = " ".join(text.split())
    folded = cleaned.casefold()
    if folded in NOT_AVAILABLE:
        if missing_given:
            hint = "Leave the cell blank: the row's 'missing' reason says why there is no value."
        elif wide:
            hint = ("Leave the cell blank for no result; to say why there is none, import the results a row "
                    "each, with a 'missing' column giving the reason, like 'Not collected: new repairs system'.")
        else:
            hint = ("Leave the cell blank for no result; to say why there is none, give the reason in a "
                    "'missing' column, like 'Not collected: new repairs system'.")
        problems.add("import-not-available", f"The cell says {quote(cleaned)} instead of a number.", cell.location,
                     expected=f"a number for {_what(item, field)}, or a blank cell", found=quote(cleaned), hint=hint)
        raise NotRead
    if field == "responses" and folded == NOT_PUBLISHED:
        return NOT_PUBLISHED
    number, sign = read_number(cleaned, item.unit if field == "value" else None, decimal_comma)
    if number is None:
        if sign:  # '93.4%' for days, '£76' for a percentage
            kind = "a percentage" if sign == "%" else "an amount of money"
            unit = f"the unit of {quote(item.id)} is {item.unit}" if item.unit else f"{quote(item.id)} has no unit"
            what = f"{_what(item, field)} is a whole number" if field != "value" else unit
            _add(problems, cell, f"{quote(cleaned)} is {kind}, but {what}.", item, field,
                 hint=f"Type just the number, without '{sign}'.")
        else:
            _add(problems, cell, f"{quote(cleaned)} is not a number.", item, field,
                 hint=_text_hint(cleaned, decimal_comma))
        raise NotRead
    return number


def read_number(text: str, unit: str | None, decimal_comma: bool = False) -> tuple[Decimal | None, str | None]:
    """(the number ``text`` is, None), or (None, the sign '%' or '£' it has that ``unit`` has not), or
    (None, None) for text that is not a number."""
    body = text.strip()
    negative = False
    if body.startswith("(") and body.endswith(")") and unit == "pounds":  # accounting: (1,250.00)
        negative, body = True, body[1:-1].strip()
    if body[:1] in ("-", "\u2212"):
        negative, body = not negative, body[1:].strip()
    if body.startswith("£"):
        if unit != "pounds":
            return None, "£"
        body = body[1:].strip()
        if body[:1] in ("-", "\u2212"):
            negative, body = not negative, body[1:].strip()
    if body.endswith("%"):
        if unit != "percent":
            return None, "%"
        body = body[:-1].strip()
    body = _SPACES.sub(" ", body)
    if not (_COMMA if decimal_comma else _POINT).fullmatch(body):
        return None, None
    if decimal_comma and "," not in body and re.fullmatch(r"[0-9]+\.[0-9]+", body) and not re.fullmatch(
            r"[0-9]{1,3}\.[0-9]{3}", body):
        digits = body  # a decimal point: '93.4' cannot be thousands
    elif decimal_comma:
        digits = body.replace(".", "").replace(" ", "").replace(",", ".")
    else:
        digits = body.replace(",", "")
    try:
        number = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the patterns above allow only digits and one point
        return None, None
    return plain(-number if negative else number), None


def _text_hint(text: str, decimal_comma: bool) -> str:
    plain_digits = ascii_digits(text)
    if plain_digits is not None:
        return f"Write the number with the digits 0 to 9: {quote(plain_digits)}."
    if not decimal_comma and re.fullmatch(r"-?[0-9]+,[0-9]+", text):
        return (f"A comma separates thousands, in groups of three digits; for a decimal, write "
                f"{quote(text.replace(',', '.'))}.")
    if re.fullmatch(r"#[A-Z0-9/]+[!?]?", text):  # #DIV/0!, #VALUE!, #REF!, #NAME?
        return "The cell's formula gives an error in the spreadsheet: correct the formula, or leave the cell blank."
    if _DATE.fullmatch(text):
        return "It reads as a date. Type the number itself, in a cell formatted as 'Number' or 'General'."
    return "Type just the number, without words or units (the unit is the standard's), or leave the cell blank."


def _text(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, float):
        value = from_binary(value)
    text = str(value).strip()
    return text or None


def _when(value: object) -> str:
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def _shown(cell: Cell) -> str:
    value = cell.value
    return quote(value) if isinstance(value, str) else str(from_binary(value) if isinstance(value, float) else value)


def _what(item: Item, field: str) -> str:
    return f"the {field} of {quote(item.id)}" if field != "value" else quote(item.id)


def _add(problems: Problems, cell: Cell, message: str, item: Item, field: str, hint: str | None = None) -> None:
    if field == "value":
        unit = UNITS.get(item.unit or "")
        expected = f"a number for {quote(item.id)}" + (f" ({unit.meaning}, like {unit.example.split(' · ')[0]})"
                                                         if unit else "")
    else:
        expected = f"a whole number for {_what(item, field)}"
    problems.add("import-not-a-number", message, cell.location, expected=expected, hint=hint)
