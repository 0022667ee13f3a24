"""Reporting periods: parse, canonicalise, order, date and describe.

Three kinds (the registry :data:`KINDS`): financial years starting in the
landlord's ``year_starts`` month, their quarters, and calendar years.  Periods
of one kind are ordered in time; different kinds are never compared for trends.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from generator.registry.digits import ascii_digits

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})


@dataclass(frozen=True)
class PeriodKind:
    name: str
    forms: tuple[str, ...]  # how staff may write it, for the guide
    meaning: str
    order: int  # report order: financial years, quarters, calendar years


KINDS: dict[str, PeriodKind] = {
    k.name: k
    for k in (
        PeriodKind("year", ("2021-22", "2021/22"), "a financial year, starting in year_starts of 2021", 0),
        PeriodKind("quarter", ("2021-22 Q1", "2021/22 q1"), "a quarter of that financial year, Q1 first", 1),
        PeriodKind("calendar", ("2017",), "a calendar year, January to December", 2),
    )
}


@dataclass(frozen=True, order=False)
class Period:
    kind: str  # a key of KINDS
    year: int  # the calendar year in which the period starts (financial: the first year)
    quarter: int = 0  # 1-4 for quarters
    start_month: int = 4  # the month financial years start in

    @functools.cached_property  # in every line of output; computed once a period
    def label(self) -> str:
        """Canonical form, used in all output: '2021-22', '2021-22 Q1', '2017'."""
        if self.kind == "calendar":
            return str(self.year)
        if self.start_month == 1:  # pragma: no cover - January is refused by the options
            fy = str(self.year)
        else:
            fy = f"{self.year}-{(self.year + 1) % 100:02d}"
        return f"{fy} Q{self.quarter}" if self.kind == "quarter" else fy

    def __str__(self) -> str:
        return self.label

    @property
    def slug(self) -> str:
        """The period in addresses and file names: '2021-22', '2021-22-q1', '2017'."""
        return self.label.lower().replace(" ", "-")

    @functools.cached_property  # periods are compared millions of times at landlord scale
    def start(self) -> dt.date:
        if self.kind == "calendar":
            return dt.date(self.year, 1, 1)
        month0 = self.start_month - 1 + (3 * (self.quarter - 1) if self.kind == "quarter" else 0)
        return dt.date(self.year + month0 // 12, month0 % 12 + 1, 1)

    @property
    def months(self) -> int:
        return 3 if self.kind == "quarter" else 12

    @functools.cached_property
    def end(self) -> dt.date:
        """The last day of the period."""
        month0 = self.start.month - 1 + self.months
        following = dt.date(self.start.year + month0 // 12, month0 % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    @functools.cached_property
    def sort_key(self) -> tuple[int, dt.date]:
        return (KINDS[self.kind].order, self.start)

    @property
    def financial_year(self) -> "Period":
        return Period("year", self.year, 0, self.start_month) if self.kind == "quarter" else self

    def words(self, basis: str = "period") -> str:
        """The period in words: 'April to June 2021'; with a basis, as the basis reads."""
        start, end = self.start, self.end
        if basis == "snapshot":
            return f"at {end.day} {calendar.month_name[end.month]} {end.year}"
        if basis == "year_to_date" and self.kind == "quarter":
            first = self.financial_year.start
            return f"{_span(first, end)}, so far this year"
        return _span(start, end)


def year_containing(day: dt.date, start_month: int = 4) -> Period:
    """The financial year that ``day`` falls in: 2024-25 for 1 April 2024 to 31 March 2025 (April starts)."""
    return Period("year", day.year if day.month >= start_month else day.year - 1, 0, start_month)


def _span(start: dt.date, end: dt.date) -> str:
    first, last = calendar.month_name[start.month], calendar.month_name[end.month]
    if start.year == end.year:
        return f"{first} to {last} {end.year}"
    return f"{first} {start.year} to {last} {end.year}"


# [0-9], not \d: \d also matches Arabic-Indic, full-width and other digits, which int() reads
# as 2021 but which no tenant's screen reader, spreadsheet or CSV reader expects
_FINANCIAL = re.compile(r"([0-9]{4})\s*[-/]\s*([0-9]{2})(?:\s+[qQ]([1-4]))?")
_CALENDAR = re.compile(r"[0-9]{4}")


FIRST_YEAR, LAST_YEAR = 1900, 9998  # beyond these a period's dates cannot be worked out


def _years_pattern() -> str:
    """FIRST_YEAR to LAST_YEAR as a regular expression (1900 to 9998: '19xx', '2xxx' to '8xxx', '9xxx' but 9999)."""
    assert (FIRST_YEAR, LAST_YEAR) == (1900, 9998)  # the expression below is written for these
    return "(?:19[0-9]{2}|[2-8][0-9]{3}|9(?!999)[0-9]{3})"


def period_pattern() -> str:
    """Every form :func:`parse_period` reads, as one regular expression that JSON Schema's
    ``pattern`` (ECMA-262) and Python's ``re`` both read the same way.

    A financial year's second part is the next year's last two digits; a regular expression
    cannot add one, so the hundred pairs (00-01 ... 99-00) are written out.
    """
    pairs = "|".join(rf"{n:02d}\s*[-/]\s*{(n + 1) % 100:02d}" for n in range(100))
    financial = rf"(?!9999)(?:19|[2-9][0-9])(?:{pairs})(?:\s+[qQ][1-4])?"
    return rf"^\s*(?:{_years_pattern()}|{financial})\s*$"


def parse_period(text: str, start_month: int = 4) -> Period | None:
    """A period as written, or None if it is not one of the forms in :data:`KINDS`."""
    cleaned = " ".join(text.split())
    if _CALENDAR.fullmatch(cleaned):
        year = int(cleaned)
        return Period("calendar", year, 0, start_month) if FIRST_YEAR <= year <= LAST_YEAR else None
    match = _FINANCIAL.fullmatch(cleaned)
    if not match:
        return None
    first, second, quarter = int(match.group(1)), int(match.group(2)), match.group(3)
    if not FIRST_YEAR <= first <= LAST_YEAR or second != (first + 1) % 100:
        return None
    if quarter:
        return Period("quarter", first, int(quarter), start_month)
    return Period("year", first, 0, start_month)


def period_advice(text: str, start_month: int = 4) -> str:
    """A suggestion for a period that could not be read (``start_month``: the settings' year_starts)."""
    cleaned = " ".join(text.split())
    plain = ascii_digits(cleaned)
    if plain is not None:
        return f"Write the period with the digits 0 to 9: '{plain}'."
    general = "Write a financial year like '2021-22', a quarter like '2021-22 Q1', or a calendar year like '2017'."
    years = re.match(r"\d{4}", cleaned)
    if years and not FIRST_YEAR <= int(years.group()) <= LAST_YEAR:
        return f"Periods are between the years {FIRST_YEAR} and {LAST_YEAR}; check the year for a typing slip."
    quarter = re.search(r"\s[qQ](\d+)$", cleaned)
    if quarter and quarter.group(1) not in "1234":
        return "A year has four quarters, Q1 to Q4. " + general
    month = _month_advice(cleaned, start_month)
    if month:
        return month
    short = re.fullmatch(r"(\d{2})\s*[-/]\s*(\d{2})(\s+[qQ][1-4])?", cleaned)
    if short:
        return f"Write the first year in full: '20{short.group(1)}-{short.group(2)}{(short.group(3) or '').upper()}'."
    match = re.fullmatch(r"(\d{4})\s*[-/]\s*(\d{2,4})(.*)", cleaned)
    if match:
        first = int(match.group(1))
        rest = match.group(3).strip()
        right = f"{first}-{(first + 1) % 100:02d}"
        if re.fullmatch(r"[qQ][1-4]", rest) or not rest:
            return f"Did you mean '{right}{' ' + rest.upper() if rest else ''}'?"
    if re.fullmatch(r"[qQ][1-4]\s+\d{4}.*", cleaned):
        return "Write the financial year first, then the quarter: '2021-22 Q1'."
    return general


def _month_advice(cleaned: str, start_month: int) -> str | None:
    """'2022-01' (or a date, 2022-01-15) is a month, not a period: name the quarter it falls in.

    Quarters belong to financial years, so January 2022 is in 2021-22 Q4 when years start in April,
    not in '2022-23' as reading '-01' as a slip for the next year's digits would suggest.
    """
    match = re.fullmatch(r"([0-9]{4})\s*[-/]\s*([0-9]{2})(\s*[-/]\s*[0-9]{1,2})?", cleaned)
    if not match or not 1 <= int(match.group(2)) <= 12 or not FIRST_YEAR < int(match.group(1)) <= LAST_YEAR:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    first = year if month >= start_month else year - 1
    quarter = Period("quarter", first, (month - start_month) % 12 // 3 + 1, start_month)
    financial = Period("year", first, 0, start_month)
    reads = "a date in" if match.group(3) else "a month,"
    return (f"'{cleaned}' reads as {reads} {calendar.month_name[month]} {year}, but results are for a financial "
            f"year, a quarter or a calendar year. Quarters belong to financial years: {calendar.month_name[month]} "
            f"{year} is in '{quarter.label}' ({quarter.words()}), a quarter of '{financial.label}' "
            f"({financial.words()}).")
