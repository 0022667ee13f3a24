"""Reading single values as written: numbers, text, true/false, dates, ids.

Each reader takes a :class:`Node` and returns the value, or None after adding a
problem that quotes what was written and says how to write it instead.
Numbers become :class:`~decimal.Decimal`, so comparisons are made on the
number as written (10 + 1.13 is exactly 11.13).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal

from generator.problems import Problems, quote
from generator.registry.digits import ascii_digits
from generator.registry.writing import ID_PATTERN, MAX_DIGITS, PLAIN_NUMBER, RESERVED_IDS
from generator.source.yaml import Node, describe
from generator.validate.characters import check_characters


def number_advice(text: str) -> str | None:
    """How to write a number that was not written plainly, or None if it is plain."""
    raw = text.strip()
    if PLAIN_NUMBER.fullmatch(raw):
        return None
    plain = ascii_digits(raw)
    if plain is not None:
        return f"Write it with the digits 0 to 9: {plain}."
    low = raw.lower()
    if low in {".inf", "-.inf", "+.inf", ".nan", "inf", "nan", "-inf", "infinity"}:
        return "Infinity and 'not a number' cannot be used; write the figure, or use 'missing' with a reason."
    if low in {"yes", "no", "true", "false", "on", "off", "y", "n"}:
        return "Write the figure as a number."
    if raw.endswith("%"):
        return f"Write it without the % sign: {raw[:-1].strip()}."
    if raw.startswith("£"):
        return f"Write it without the £ sign: {raw[1:].replace(',', '')}."
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", raw):
        return f"Write it without commas: {raw.replace(',', '')}."
    if re.fullmatch(r"-?[\d_]+(\.[\d_]+)?", raw) and "_" in raw:
        return f"Write it without underscores: {raw.replace('_', '')}."
    if re.fullmatch(r"\d+(:\d+)+", raw):
        return ("A time like 1:30 is not a number here; write it in the standard's unit, "
                "for example 90 for 1 minute 30 seconds.")
    if re.fullmatch(r"-?0\d+(\.\d+)?", raw):
        return f"Write it without leading zeros: {Decimal(raw)}."
    if re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+", raw):
        return f"Write it out in full, without an exponent: {Decimal(raw):f}."
    if re.fullmatch(r"-?\.\d+", raw):
        return f"Write a 0 before the decimal point: {raw.replace('.', '0.', 1)}."
    if re.fullmatch(r"-?\d+\.", raw):
        return f"Leave out the final decimal point: {raw[:-1]}."
    if raw.startswith("+") and PLAIN_NUMBER.fullmatch(raw[1:]):
        return f"Leave out the plus sign: {raw[1:]}."
    if re.fullmatch(r"-?\d+,\d+", raw):
        return f"Use a full stop for the decimal point: {raw.replace(',', '.')}."
    if re.fullmatch(r"0[xXoObB][0-9a-fA-F]+", raw):
        return "Write the number in ordinary decimal digits."
    return "Write digits only, with an optional minus sign and decimal point, like 97.5 or 1204."


def read_number(node: Node, what: str, problems: Problems) -> Decimal | None:
    """A number written plainly (``-3``, ``97.5``, ``1204``)."""
    if node.kind != "scalar" or node.is_null:
        problems.add(
            "wrong-type",
            f"{what} should be a number, but {describe(node)} is given.",
            node.location,
            expected="a number written plainly, like 97.5",
            found=describe(node),
        )
        return None
    text = node.text.strip()
    if not node.quoted and len(text) <= MAX_DIGITS and PLAIN_NUMBER.fullmatch(text):
        return Decimal(text)  # the usual case, checked first: 25,000 results in a large project
    if node.quoted and PLAIN_NUMBER.fullmatch(text):
        problems.add(
            "number-format",
            f"{what} is written as text in quotes ({quote(node.text)}), not as a number.",
            node.location,
            expected="a number written plainly, like 97.5",
            found=quote(node.text),
            hint=f"Remove the quotes: {text}.",
        )
        return None
    advice = number_advice(text)
    if advice:
        problems.add(
            "number-format",
            f"{what} is {quote(node.text)}, which is not a number written plainly.",
            node.location,
            expected="a number written plainly, like 97.5",
            found=quote(node.text),
            hint=advice,
        )
        return None
    whole = text.lstrip("-").split(".")[0]
    if len(whole) > MAX_DIGITS or len(text) > 30:
        problems.add(
            "number-too-large",
            f"{what} is {quote(node.text)}, which has too many digits.",
            node.location,
            expected=f"a number with at most {MAX_DIGITS} digits before the decimal point",
            found=quote(node.text),
            hint="Check for a typing slip.",
        )
        return None
    return Decimal(text)


def read_whole(node: Node, what: str, problems: Problems, minimum: int = 0) -> int | None:
    """A whole number at least ``minimum``."""
    number = read_number(node, what, problems)
    if number is None:
        return None
    if number != number.to_integral_value() or "." in node.text:
        problems.add(
            "not-whole-number",
            f"{what} should be a whole number, but {quote(node.text)} is given.",
            node.location,
            expected=f"a whole number of {minimum} or more",
            found=quote(node.text),
        )
        return None
    if number < minimum:
        problems.add(
            "out-of-range",
            f"{what} should be {minimum} or more, but {quote(node.text)} is given.",
            node.location,
            expected=f"a whole number of {minimum} or more",
            found=quote(node.text),
        )
        return None
    return int(number)


def read_text(
    node: Node, what: str, problems: Problems, required: bool = True, hint: str | None = None
) -> str | None:
    """Text as written (``title: 2021`` is the text '2021', not a number)."""
    if node.kind != "scalar":
        problems.add(
            "wrong-type",
            f"{what} should be text, but {describe(node)} is given.",
            node.location,
            expected="text",
            found=describe(node),
            hint="If the text contains ': ' or starts with '[' or '{', put it in quotes.",
        )
        return None
    if node.is_null or not node.text.strip():
        if required:
            problems.add(
                "wrong-type",
                f"{what} is empty.",
                node.location,
                expected="some text",
                found="nothing",
                hint=hint or "Write the text after the colon.",
            )
        return None
    if not check_characters(node, node.text, what, problems):
        return None
    return node.text


def read_bool(node: Node, what: str, problems: Problems) -> bool | None:
    """``true`` or ``false`` (any case); yes/no/on/off are refused to avoid surprises."""
    text = node.text.strip().lower() if node.kind == "scalar" else ""
    if node.kind == "scalar" and not node.quoted and text in {"true", "false"}:
        return text == "true"
    hint = "Write true or false."
    if node.kind == "scalar" and node.quoted and text in {"true", "false"}:
        hint = f"Remove the quotes: {text}."
    elif text in {"yes", "y", "on"}:
        hint = "Write true."
    elif text in {"no", "n", "off"}:
        hint = "Write false."
    found = f"{describe(node)} in quotes, which is text," if node.kind == "scalar" and node.quoted else describe(node)
    problems.add(
        "wrong-type",
        f"{what} should be true or false, but {found} is given.",
        node.location,
        expected="true or false",
        found=describe(node),
        hint=hint,
    )
    return None


def read_date(node: Node, what: str, problems: Problems) -> dt.date | None:
    """A date written YYYY-MM-DD."""
    text = node.text.strip() if node.kind == "scalar" else ""
    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
        if 1 <= month <= 12:
            days = calendar.monthrange(year, month)[1]
            problems.add(
                "invalid-date",
                f"{what} is {quote(text)}, but {calendar.month_name[month]} {year} has only {days} days.",
                node.location,
                expected="a date that exists, like 2022-06-30",
                found=quote(text),
                hint="Check the day.",
            )
            return None
    hint = "Write the year, month and day with hyphens, like 2022-06-30."
    plain = ascii_digits(text)
    british = re.fullmatch(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})", text)
    if plain is not None:
        hint = f"Write the date with the digits 0 to 9: {plain}."
    elif british:
        day, month, year = (int(g) for g in british.groups())
        hint = f"Write the year first, then the month and day, with hyphens: {year}-{month:02d}-{day:02d}."
    problems.add(
        "invalid-date",
        f"{what} is {describe(node)}, which is not a date written as YYYY-MM-DD.",
        node.location,
        expected="a date like 2022-06-30",
        found=describe(node),
        hint=hint,
    )
    return None


def id_problem(text: str) -> str | None:
    """Why ``text`` cannot be an id, in words, or None if it can."""
    if text.lower() in RESERVED_IDS:
        return "YAML reads this word as true, false or nothing, so it cannot be an id."
    if ID_PATTERN.fullmatch(text):
        return None
    return "Ids use lowercase letters, digits and single hyphens, and start with a letter."


def suggest_id(text: str) -> str:
    """A valid id close to ``text``: 'Customer Care' -> 'customer-care', '2nd-visit' -> 'visit-2nd'."""
    words = [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]
    while words and not words[0][0].isalpha() and any(w[0].isalpha() for w in words):
        words.append(words.pop(0))  # move leading numbers to the end: ids start with a letter
    slug = "-".join(words)
    if not ID_PATTERN.fullmatch(slug) or slug in RESERVED_IDS:
        return ""
    return slug
