"""Period parsing, canonical form, dates, order and words (FORMAT.md "Periods").

Which earlier period holds the previous result is one rule, in generator/assess.py, tested in
tests/test_assess.py (test_previous_result)."""

import datetime as dt

import pytest

from generator.registry.periods import parse_period, period_advice

D = dt.date


@pytest.mark.parametrize(
    "text, label, kind",
    [
        ("2021-22", "2021-22", "year"),
        ("2021/22", "2021-22", "year"),
        ("  2021-22 ", "2021-22", "year"),
        ("1999-00", "1999-00", "year"),
        ("2021-22 Q1", "2021-22 Q1", "quarter"),
        ("2021/22 q4", "2021-22 Q4", "quarter"),
        ("2021-22   Q2", "2021-22 Q2", "quarter"),
        ("2017", "2017", "calendar"),
    ],
)
def test_valid_forms_are_canonicalised(text, label, kind):
    period = parse_period(text)
    assert period is not None
    assert (period.label, period.kind) == (label, kind)


@pytest.mark.parametrize(
    "text, advice",
    [
        ("2021-23", "Did you mean '2021-22'?"),
        ("2021-2022", "Did you mean '2021-22'?"),
        ("2021-22 Q5", "Write a financial year"),
        ("Q1 2021-22", "Write the financial year first"),
        ("2021 Q1", "Write a financial year"),
        ("April 2021", "Write a financial year"),
        ("", "Write a financial year"),
    ],
)
def test_invalid_forms_are_refused_with_advice(text, advice):
    assert parse_period(text) is None
    assert advice in period_advice(text)


@pytest.mark.parametrize(
    "text, start_month, start, end",
    [
        ("2021-22", 4, D(2021, 4, 1), D(2022, 3, 31)),
        ("2021-22 Q1", 4, D(2021, 4, 1), D(2021, 6, 30)),
        ("2021-22 Q4", 4, D(2022, 1, 1), D(2022, 3, 31)),
        ("2021-22 Q2", 9, D(2021, 12, 1), D(2022, 2, 28)),
        ("2023-24 Q4", 4, D(2024, 1, 1), D(2024, 3, 31)),
        ("1999-00 Q4", 4, D(2000, 1, 1), D(2000, 3, 31)),
        ("2017", 4, D(2017, 1, 1), D(2017, 12, 31)),
        ("2020-21", 2, D(2020, 2, 1), D(2021, 1, 31)),
    ],
)
def test_start_and_end_dates(text, start_month, start, end):
    period = parse_period(text, start_month)
    assert (period.start, period.end) == (start, end)


def test_quarters_order_across_years():
    labels = ["2022-23 Q1", "2021-22 Q4", "2021-22 Q1", "2021-22 Q3"]
    ordered = sorted((parse_period(t) for t in labels), key=lambda p: p.sort_key)
    assert [p.label for p in ordered] == ["2021-22 Q1", "2021-22 Q3", "2021-22 Q4", "2022-23 Q1"]


def test_kinds_order_years_then_quarters_then_calendar_years():
    periods = [parse_period(t) for t in ("2017", "2021-22 Q1", "2021-22", "2016-17")]
    assert [p.label for p in sorted(periods, key=lambda p: p.sort_key)] == ["2016-17", "2021-22", "2021-22 Q1", "2017"]


@pytest.mark.parametrize(
    "text, basis, words",
    [
        ("2021-22 Q1", "period", "April to June 2021"),
        ("2021-22 Q4", "period", "January to March 2022"),
        ("2021-22", "period", "April 2021 to March 2022"),
        ("2017", "period", "January to December 2017"),
        ("2021-22 Q2", "year_to_date", "April to September 2021, so far this year"),
        ("2021-22 Q4", "year_to_date", "April 2021 to March 2022, so far this year"),
        ("2021-22 Q2", "snapshot", "at 30 September 2021"),
        ("2021-22", "snapshot", "at 31 March 2022"),
    ],
)
def test_periods_in_words(text, basis, words):
    assert parse_period(text).words(basis) == words


@pytest.mark.parametrize(
    "text, advice",
    [
        ("1899-00", "between the years 1900 and 9998"),
        ("9999-00 Q4", "between the years 1900 and 9998"),
        ("0017", "between the years 1900 and 9998"),
        ("21-22", "Write the first year in full: '2021-22'"),
        ("21/22 q3", "Write the first year in full: '2021-22 Q3'"),
        ("2021-22 Q5", "A year has four quarters"),
    ],
)
def test_out_of_range_and_short_forms_get_specific_advice(text, advice):
    assert parse_period(text) is None
    assert advice in period_advice(text)
