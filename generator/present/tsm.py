"""What the Tenant Satisfaction Measures page, newsletter section and text edition show.

One :class:`TsmView` a financial year, worked out once from `assess.tsm.tsm_rows`: the
regulator's groups in the regulator's order, a line for each measure (a line for each part
of a two-part measure), and for each tenure the landlord has this year's and last year's
figure, with the margin of error of a survey result.  A tenure the rules do not collect a
measure for says so in words ("Not collected for shared owners"), never a blank cell.

No judgement is made here: the regulator gives CH01 and NM01 no better or worse direction,
and a TSM has no target of its own (a linked standard keeps its own target on its area page).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from generator.model import PeriodFile, Project, TsmYear
from generator.present.values import format_value, round_to
from generator.registry.tsm import TENURES, Column

from generator.assess.tsm import short_tenures, survey_margin, tsm_value
from generator.present.peers import PeerSource, PeerView, peer_views

# The regulator's themes, in the order of its Technical Requirements (management information
# grouped by theme, the perception survey first, as the regulator's data release and most
# landlords' pages show them).  The theme names follow the Technical Requirements as landlords
# reproduce them; the TR itself was not read (see /work/shared/TSM.md section 7).
GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("perception", "Tenant perception measures",
     ("TP01", "TP02", "TP03", "TP04", "TP05", "TP06", "TP07", "TP08", "TP09", "TP10", "TP11", "TP12")),
    ("repair", "Keeping properties in good repair", ("RP01", "RP02")),
    ("safety", "Maintaining building safety", ("BS01", "BS02", "BS03", "BS04", "BS05")),
    ("complaints", "Effective handling of complaints", ("CH01", "CH02")),
    ("neighbourhood", "Responsible neighbourhood management", ("NM01",)),
)
# Short words for a table's column group and for a cell the rules leave out
TENURE_SHORT = {"lcra": "Low-cost rental (LCRA)", "lcho": "Shared ownership (LCHO)",
                "combined": "All homes (LCRA and LCHO)"}
NOT_COLLECTED = {"lcho": "Not collected for shared owners", "lcra": "Not collected for rented homes"}
# CH01 and NM01 have no better or worse direction (the regulator gives none): said in words under their table
NO_DIRECTION = {
    "CH01": "CH01 is a count of complaints per 1,000 homes: a higher or lower figure is no better or worse in "
            "itself. More complaints can mean that tenants find it easier to complain.",
    "NM01": "NM01 is a count of cases per 1,000 homes: a higher or lower figure is no better or worse in itself. "
            "More cases can mean that more tenants know how to report anti-social behaviour.",
}
SHORTFALL_NOT_NEEDED = ("Not needed: the survey reached the number of answers the regulator requires for each "
                        "kind of home.")
NOT_GIVEN = "Not given."


@dataclass(frozen=True)
class TsmCell:
    """One tenure's figure for one year."""

    text: str  # "76.0%", "Not collected for shared owners", "No figure"
    margin: str | None = None  # "±3.2" (percentage points), survey results only
    note: str | None = None  # why there is no figure, as the landlord wrote it
    value: Decimal | None = None
    collected: bool = True  # False: the rules do not collect this measure for this tenure


@dataclass(frozen=True)
class TsmLine:
    """A measure, or one part of a two-part measure: a row of its group's table."""

    column: str  # "TP01", "RP02_1": the regulator's name for the figure
    code: str  # "RP02 (1)"
    name: str  # the regulator's short name, or the part's description
    anchor: str  # the row's id on the page: "rp02-1"
    unit: str
    survey: bool
    no_direction: bool  # CH01, NM01
    better: str | None  # "higher", "lower" or None (the regulator gives no direction)
    cells: tuple[tuple[str, TsmCell, TsmCell], ...]  # (tenure, this year, last year), in the table's order
    peers: dict[str, PeerView] = field(default_factory=dict)  # tenure -> against the regulator's dataset


@dataclass(frozen=True)
class TsmGroup:
    key: str
    name: str
    tenures: tuple[str, ...]  # the column groups: ("lcra", "lcho") or ("combined",)
    lines: tuple[TsmLine, ...]

    @property
    def no_direction(self) -> tuple[str, ...]:
        """The sentences on the measures of this group with no direction (CH01, NM01)."""
        codes = dict.fromkeys(line.column.split("_")[0] for line in self.lines if line.no_direction)
        return tuple(NO_DIRECTION[code] for code in codes if code in NO_DIRECTION)

    @property
    def survey(self) -> bool:
        return any(line.survey for line in self.lines)


@dataclass(frozen=True)
class TsmView:
    period_file: PeriodFile
    previous_label: str | None  # "2023-24", or None when there is no earlier TSM year
    tenures: tuple[str, ...]  # the landlord's, in the settings' order
    groups: tuple[TsmGroup, ...]
    survey: tuple[tuple[str, str, str], ...]  # (letter, heading, Markdown), the items given
    timescales: tuple[tuple[str, str], ...]  # (code, text): RP02 (1), CH02 (2)...
    method_changes: str | None
    peers: PeerSource | None = None  # the regulator's dataset this year is compared with (`tsm: peers:`)

    @property
    def label(self) -> str:
        return self.period_file.period.label

    @property
    def margin_sentence(self) -> str:
        """What a margin of error means, with the first survey figure: '± 2.1 beside 81.2% means ...'."""
        for group in self.groups:
            for line in group.lines:
                for _, now, _ in line.cells:
                    if now.margin and now.value is not None:
                        points = Decimal(now.margin.lstrip("± "))
                        value = round_to(now.value, 1)
                        low, high = max(value - points, Decimal(0)), min(value + points, Decimal(100))
                        return (f"A survey asks some tenants, not all, so each result has a margin of error: "
                                f"{now.margin} beside {now.text} means that, had every tenant answered, the result "
                                f"would very likely (95 times in 100) be between {low}% and {high}%.")
        return ""

    @property
    def tenure_sentence(self) -> str:
        """'We show each kind of home apart: Low-cost rental (LCRA) and Shared ownership (LCHO).'"""
        named = " and ".join(tenure_words(t) for t in self.tenures)
        return f"We show each kind of home apart: {named}." if len(self.tenures) > 1 else f"We show {named}."


def anchor(column: str) -> str:
    """The id of a TSM's row on the TSM page: 'RP02_1' -> 'rp02-1' (ids of the page are lower case)."""
    return column.lower().replace("_", "-")


def column_code(column: str) -> str:
    """'RP02_1' -> 'RP02 (1)', as the regulator numbers the parts."""
    code, _, part = column.partition("_")
    return f"{code} ({part})" if part else code


def tsm_year(project: Project) -> PeriodFile | None:
    """The newest financial year with TSM results, when the project's settings switch TSMs on."""
    years = tsm_years(project)
    return years[-1] if years else None


def tsm_years(project: Project) -> list[PeriodFile]:
    """Every financial year with TSM results (for the open data), oldest first."""
    if project.settings.tsm is None:
        return []
    return sorted((p for p in project.periods if p.period.kind == "year" and _has_results(p)),
                  key=lambda p: p.period.start)


def _has_results(period_file: PeriodFile) -> bool:
    return period_file.tsm is not None and bool(period_file.tsm.results)


def _text(value: Decimal | None, unit: str) -> str | None:
    if value is None:
        return None
    return format_value(round_to(value, 1), unit, decimals=1)  # the regulator's data release: 1 dp


def _margin(margin: Decimal | None) -> str | None:
    return None if margin is None else f"± {round_to(margin, 1)}"  # as values.margin_text writes it


def tsm_view(project: Project, period_file: PeriodFile | None = None) -> TsmView | None:
    """The TSM view of ``period_file`` (default: the newest TSM year), or None without TSMs."""
    period_file = period_file or tsm_year(project)
    if period_file is None or not _has_results(period_file):
        return None
    year = period_file.tsm
    before = _previous(project, period_file)
    compared = peer_views(project, period_file)
    tenures = tuple(year.tenures)
    groups = []
    for key, name, codes in GROUPS:
        measures = [m for m in year.catalogue.measures if m.code in codes]
        shown = ("combined",) if all(m.tenures == ("combined",) for m in measures) else tenures
        lines = tuple(_line(column, shown, year, before.tsm if before else None, compared)
                      for column in year.catalogue.columns if column.measure in measures)
        if lines:
            groups.append(TsmGroup(key, name, shown, lines))
    survey = tuple((item.letter, item.heading, year.survey.get(item.key) or _not_given(item, year))
                   for item in year.catalogue.survey_items) if year.survey else ()
    timescales = tuple((column_code(t.key), year.timescales[t.key])
                       for t in year.catalogue.timescales if year.timescales.get(t.key))
    source = next(iter(compared.values())).source if compared else None
    return TsmView(period_file, before.period.label if before else None, tenures, tuple(groups),
                   survey, timescales, year.method_changes, source)


def _not_given(item, year: TsmYear) -> str:
    """An item of the survey summary left out: item i is needed only when a survey fell short."""
    if item.when_short and not short_tenures(year):
        return SHORTFALL_NOT_NEEDED
    return NOT_GIVEN


def _figure(year: TsmYear | None, column: Column, tenure: str) -> TsmCell:
    if year is None:
        return TsmCell("No figure")
    found = year.result(column.name, tenure)
    if found is None:
        return TsmCell("No figure")
    unit = column.measure.unit
    value = tsm_value(found.result, unit)
    if value is None:
        return TsmCell("No figure", note=found.result.missing)
    error = survey_margin(found.result, value, year.homes_of(tenure)) if column.measure.survey else None
    return TsmCell(_text(value, unit), _margin(error), value=value)


def _line(column: Column, tenures: tuple[str, ...], year: TsmYear, before: TsmYear | None,
          compared: dict[tuple[str, str], PeerView]) -> TsmLine:
    measure = column.measure
    cells = []
    for tenure in tenures:
        if tenure != "combined" and tenure not in measure.tenures:
            words = TsmCell(NOT_COLLECTED[tenure], collected=False)
            cells.append((tenure, words, words))
        else:
            cells.append((tenure, _figure(year, column, tenure), _figure(before, column, tenure)))
    return TsmLine(column.name, column_code(column.name), column.title, anchor(column.name),
                   measure.unit, measure.survey, measure.better is None, measure.better, tuple(cells),
                   {t: compared[column.name, t] for t in tenures if (column.name, t) in compared})


def _previous(project: Project, period_file: PeriodFile) -> PeriodFile | None:
    """Last year's TSMs: the financial year just before, when it has TSM results."""
    start = period_file.period.start
    return next((p for p in tsm_years(project) if p.period.end < start
                 and (start - p.period.end).days <= 1), None)


def tenure_words(tenure: str) -> str:
    return TENURES.get(tenure, TENURE_SHORT.get(tenure, tenure))
