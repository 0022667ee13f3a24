"""Tenant Satisfaction Measures on the model: each year's rows (value, last year's, margin of error)
and what a year still lacks before it can be published (`standards check --tsm 2024-25`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.model import Item, PeriodFile, Project, Result, TsmResult, TsmYear
from generator.problems import Location, Problem
from generator.registry.periods import Period
from generator.registry.tsm import TENURE_PEOPLE, Column, Measure, Part

from generator.assess.survey import margin_of_error, required_sample


@dataclass(frozen=True)
class TsmRow:
    """One TSM figure of a year, for the pages, newsletters and open data."""

    period: Period
    column: Column
    tenure: str  # "lcra", "lcho" or "combined"
    result: TsmResult | None  # None: not given
    previous_period: Period | None = None  # the year before, when it has a value for this column and tenure
    previous_value: Decimal | None = None
    margin: Decimal | None = None  # perception measures: the margin of error, percentage points (95%)

    @property
    def measure(self) -> Measure:
        return self.column.measure

    @property
    def part(self) -> Part | None:
        return self.column.part

    @property
    def value(self) -> Decimal | None:
        return self.result.result.value if self.result else None

    @property
    def missing(self) -> str | None:
        """Why there is no value: the reason written, or 'Not given' when there is no result at all."""
        if self.result is None:
            return "Not given"
        return self.result.result.missing


def tsm_years(project: Project) -> list[TsmYear]:
    """Every TSM year, oldest first."""
    return sorted((p.tsm for p in project.periods if p.tsm is not None), key=lambda y: y.period.start)


def tsm_year(project: Project, period: Period) -> TsmYear | None:
    return next((y for y in tsm_years(project) if y.period.label == period.label), None)


def tsm_rows(project: Project, period: Period) -> list[TsmRow]:
    """The year's rows: each column of its catalogue, for each tenure the landlord reports it for."""
    year = tsm_year(project, period)
    if year is None:
        return []
    before = next((y for y in tsm_years(project) if y.period.year == year.period.year - 1), None)
    rows = []
    for column in year.catalogue.columns:
        for tenure in year.tenures_of(column):
            result = year.result(column.name, tenure)
            earlier = before.result(column.name, tenure) if before else None
            previous = earlier.result.value if earlier else None
            rows.append(TsmRow(year.period, column, tenure, result, before.period if previous is not None else None,
                               previous, _margin(column, tenure, result, year)))
    return rows


def _margin(column: Column, tenure: str, result: TsmResult | None, year: TsmYear) -> Decimal | None:
    if result is None or not column.measure.survey:
        return None
    return survey_margin(result.result, tsm_value(result.result, column.measure.unit), year.homes_of(tenure))


def tsm_value(result: Result, unit: str) -> Decimal | None:
    """The figure of a TSM result: as written, else count/of as a percentage or count/homes per 1,000."""
    if result.value is not None:
        return result.value
    if result.count is None:
        return None
    if unit == "per_1000_homes" and result.homes:
        return Decimal(result.count) * 1000 / Decimal(result.homes)
    if result.of:
        return Decimal(result.count) * 100 / Decimal(result.of)
    return None


def survey_margin(result: Result, value: Decimal | None, homes: int | None) -> Decimal | None:
    """A survey result's margin of error (95%), from its responses and surveyed population: its own
    `population`, else the tenure's homes (the TSM page, the open data and check --json agree)."""
    if value is None or not result.responses:
        return None
    population = result.population or homes
    if population is not None and population < result.responses:
        population = None  # more answers than homes: the homes are out of date; no correction for them
    return margin_of_error(min(max(value, Decimal(0)), Decimal(100)), result.responses, population)


@dataclass(frozen=True)
class Gap:
    """One thing a TSM year lacks: a column for a tenure, a note, or the homes."""

    period: Period
    message: str
    hint: str
    location: Location
    column: str | None = None  # "TP01", "RP02_2"
    tenure: str | None = None
    note: str | None = None  # a survey item's key, a timescale's key, "method_changes" or "homes"

    def problem(self, code: str) -> Problem:
        return Problem(code, self.message, self.location, expected=_expected(self), hint=self.hint)


def _expected(gap: Gap) -> str:
    if gap.note == "homes":
        return "the homes of each tenure"
    if gap.column:
        return f"a result for {gap.column}" + (f" for {TENURE_PEOPLE[gap.tenure]}" if gap.tenure else "")
    return f"'{gap.note}'"


def completeness(project: Project, period: Period) -> list[Gap]:
    """Everything still missing before the year's TSMs can be published (empty: complete)."""
    year = tsm_year(project, period)
    if year is None:
        return []
    linked = {(item.tsm.column, item.tsm.tenure): item for item in project.items if item.tsm is not None}
    period_file = next(p for p in project.periods if p.tsm is year)
    return (_results_gaps(year, linked, period_file) + _survey_gaps(year) + _timescale_gaps(year)
            + _other_gaps(year))


def _for(column: Column, tenure: str) -> str:
    return f" for {TENURE_PEOPLE[tenure]}" if column.measure.by_tenure else ""


def _results_gaps(year: TsmYear, linked: dict[tuple[str, str], Item], period_file: PeriodFile) -> list[Gap]:
    gaps = []
    for column in year.catalogue.columns:
        for tenure in year.tenures_of(column):
            found = year.result(column.name, tenure)
            named = f"{column.name}{_for(column, tenure)}"
            item = linked.get((column.name, tenure))
            if found is None and item is not None:  # linked, but its result is not there (or left empty)
                gaps.append(Gap(year.period, f"{named} is missing: '{item.id}', the {item.kind} linked to it, has "
                                f"no result for {year.period.label}.", f"Give the result of '{item.id}' under "
                                "'results:'; if there is no figure, give {missing: \"the reason\"}.",
                                _linked_at(period_file, item), column.name, tenure))
                continue
            if found is None:
                key = f"{column.name}: {{{tenure}: ...}}" if column.measure.by_tenure else f"{column.name}: ..."
                gaps.append(Gap(year.period, f"{named} is missing.", f"Add '{key}' under 'tsm: results:' "
                                f"({column.title}), or link the standard that measures it; if there is no figure, "
                                "give {missing: \"the reason\"}.", _where(year, column.name), column.name, tenure))
                continue
            result = found.result
            if (column.measure.survey and result.value is not None and result.responses is None
                    and result.responses_published):
                gaps.append(Gap(year.period, f"{named} does not say how many tenants answered.",
                                "Add 'responses: N': the number of tenants whose answers the figure is made from.",
                                found.location, column.name, tenure))
    return gaps


def _linked_at(period_file: PeriodFile, item: Item) -> Location:
    """A linked standard's missing result: at its line left empty, else at the file's `results:`."""
    empty = period_file.results.get(item.id)
    return empty.location if empty is not None else period_file.location


def _where(year: TsmYear, column: str) -> Location:
    """A missing tenure of a measure given for another tenure: at that result; else at `results:`."""
    sibling = next((r for r in year.results if r.column == column and r.source == "tsm"), None)
    return sibling.location if sibling else year.at("results")


def _survey_gaps(year: TsmYear) -> list[Gap]:
    gaps = []
    short = short_tenures(year)
    for item in year.catalogue.survey_items:
        if item.key in year.survey or (item.when_short and not short):
            continue
        why = ""
        if item.when_short:
            why = " " + "; ".join(f"The survey of {TENURE_PEOPLE[t]} had {n} responses, fewer than the {need} "
                                  "needed" for t, n, need in short) + "."
        gaps.append(Gap(year.period, f"The survey summary has no item {item.letter} ({item.key}: "
                        f"{item.heading[0].lower()}{item.heading[1:]}).{why}",
                        f"Add '{item.key}:' under 'tsm: survey:'; the regulator asks for: "
                        f"{item.wording[0].lower()}{item.wording[1:]}.",
                        year.at("survey"), note=item.key))
    return gaps


def short_tenures(year: TsmYear) -> list[tuple[str, int, int]]:
    """(tenure, responses, required) for each tenure whose survey fell short of the required sample.

    A tenure's achieved sample is TP01's responses (every tenant is asked it), else the most of any
    perception measure; its population is the result's `population`, else the tenure's homes."""
    short = []
    for tenure in year.tenures:
        surveyed = [r for r in year.results if r.tenure == tenure and r.code.startswith("TP") and r.result.responses]
        if not surveyed:
            continue
        first = next((r for r in surveyed if r.code == "TP01"), max(surveyed, key=lambda r: r.result.responses or 0))
        population = first.result.population or year.homes_of(tenure)
        if not population:
            continue
        need = required_sample(population)
        if (first.result.responses or 0) < need:
            short.append((tenure, first.result.responses or 0, need))
    return short


def _timescale_gaps(year: TsmYear) -> list[Gap]:
    return [Gap(year.period, f"The timescales used are not given for {t.key}: {t.meaning}.",
                f"Add '{t.key}: \"…\"' under 'tsm: timescales:', in words tenants understand, like "
                + ({"RP02_1": "'Routine repairs: 28 calendar days'.",
                    "RP02_2": "'Emergency repairs: made safe within 24 hours'."}.get(t.key) or
                   "'The Housing Ombudsman's Complaint Handling Code: 10 working days at stage one'."),
                year.at("timescales"), note=t.key)
            for t in year.catalogue.timescales if t.key not in year.timescales]


def _other_gaps(year: TsmYear) -> list[Gap]:
    gaps = []
    if year.catalogue.requires_method_changes and year.method_changes is None:
        gaps.append(Gap(year.period, f"From {year.catalogue.label}, tenants are told of any change of method that "
                        "affects the comparison with the year before, but 'method_changes' is not given.",
                        "Add 'method_changes:' under 'tsm:', saying what changed, or that nothing did.",
                        year.location, note="method_changes"))
    for tenure in year.tenures:
        if tenure not in year.homes:
            gaps.append(Gap(year.period, f"The number of homes of {TENURE_PEOPLE[tenure]} is not given.",
                            f"Add '{tenure}: N' under 'tsm: homes:' in mkdocs.yml, or in this file for this year: "
                            "the homes owned at the year's end.", year.location, tenure=tenure,
                            note="homes"))
    return gaps


def tsm_problems(project: Project, settings_at: Location | None, strict_year: Period | None = None) -> list[Problem]:
    """A plain check's one warning for each TSM year still incomplete; with ``strict_year``
    (`check --tsm 2024-25`), each gap of that year as an error instead."""
    found = []
    for year in tsm_years(project):
        if strict_year is not None and year.period.label == strict_year.label:
            continue
        gaps = completeness(project, year.period)
        if gaps:
            found.append(Problem("tsm-incomplete", f"The Tenant Satisfaction Measures of {year.period} are not "
                                 f"complete: {_count(len(gaps))} missing, such as: {gaps[0].message}",
                                 year.location, expected="every measure, part, tenure and note the year publishes",
                                 hint=f"Run 'standards check --tsm {year.period}' to list them all."))
    if strict_year is None:
        return found
    at = settings_at or Location("mkdocs.yml")
    if project.settings.tsm is None:
        return found + [Problem("tsm-off", f"'--tsm {strict_year}' checks the Tenant Satisfaction Measures, but "
                                "they are not switched on in mkdocs.yml.", at,
                                expected="'tsm:' under '- standards:' in mkdocs.yml",
                                hint="Add 'tsm: {tenures: [lcra]}' (with lcho if you have shared owners) under "
                                "'- standards:'.")]
    if tsm_year(project, strict_year) is None:
        return found + [Problem("tsm-missing", f"There is no performance file for {strict_year}, so none of its "
                                "Tenant Satisfaction Measures is given.", at,
                                expected=f"a performance file with 'period: {strict_year}'",
                                hint=f"Run 'standards new-period {strict_year}' to start one.")]
    return found + [gap.problem("tsm-missing") for gap in completeness(project, strict_year)]


def _count(n: int) -> str:
    return "1 thing" if n == 1 else f"{n} things"
