"""The catalogue of the Regulator of Social Housing's Tenant Satisfaction Measures (TSMs).

The 22 measures as data, versioned by reporting year: :data:`CATALOGUES` is keyed by the first
financial year an entry applies to, and a later change of the rules is a new entry, never an edit,
so a year already published keeps the rules it was published under.  Wording is the regulator's
(the TSM Technical Requirements, as the column headers of its 2024 and 2025 datasets reproduce
them); the TP08-TP12 descriptions and the CH01, CH02 and NM01 short names are not checked against
the primary text (the guide says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.registry.periods import Period

PROPORTION, RATE = "proportion", "rate"  # a result's form: count/of (percent), count/homes (per 1,000)

# The plain words shown to tenants, the regulator's abbreviation in brackets.
TENURES: dict[str, str] = {
    "lcra": "Low-cost rental (LCRA)",
    "lcho": "Shared ownership (LCHO)",
    "combined": "All homes (LCRA and LCHO combined)",
}
LANDLORD_TENURES = ("lcra", "lcho")  # the tenures a landlord has; "combined" is both together
# who a tenure's results are about, in a sentence: "TP02 is not collected for shared owners"
TENURE_PEOPLE = {"lcra": "tenants (LCRA)", "lcho": "shared owners (LCHO)", "combined": "all homes"}

FIRST_YEAR = 2023  # 2023-24, the first TSM reporting year


@dataclass(frozen=True)
class Part:
    number: int  # 1 or 2: the regulator's (1) and (2)
    name: str  # a short name of the part, for headings
    description: str  # the regulator's description of the part


@dataclass(frozen=True)
class Measure:
    code: str  # "TP01", "RP02", "CH01"...
    name: str  # the regulator's short name
    description: str  # the regulator's description (for a measure with parts: what the parts share)
    unit: str  # "percent" or "per_1000_homes" (registry/units.py)
    better: str | None  # "higher", "lower", or None: no direction (CH01, NM01)
    tenures: tuple[str, ...]  # ("lcra", "lcho") reported apart; ("lcra",) LCRA only; ("combined",)
    survey: bool  # True: a tenant perception measure, from the annual survey
    parts: tuple[Part, ...] = ()  # () for a one-part measure

    @property
    def form(self) -> str:
        """How a result is counted: PROPORTION (count/of) or RATE (count/homes per 1,000)."""
        return RATE if self.unit == "per_1000_homes" else PROPORTION

    @property
    def columns(self) -> tuple[str, ...]:
        """The regulator's column names: "TP01", or "RP02_1" and "RP02_2" for a measure with parts."""
        return tuple(f"{self.code}_{p.number}" for p in self.parts) or (self.code,)

    @property
    def by_tenure(self) -> bool:
        """True when results are given per tenure (LCRA and LCHO apart)."""
        return len(self.tenures) > 1

    def part(self, number: int | None) -> Part | None:
        return next((p for p in self.parts if p.number == number), None)


@dataclass(frozen=True)
class Column:
    """One figure the regulator asks for: a measure, or one part of it."""

    name: str  # "TP01", "RP02_1"
    measure: Measure
    part: Part | None

    @property
    def description(self) -> str:
        return self.part.description if self.part else self.measure.description

    @property
    def title(self) -> str:
        return f"{self.measure.name}: {self.part.name}" if self.part else self.measure.name


@dataclass(frozen=True)
class SurveyItem:
    letter: str  # a-k, the Tenant Survey Requirements' own lettering
    key: str  # the key in a period file's `tsm: survey:`
    wording: str  # the regulator's item
    heading: str  # plain words for tenants
    when_short: bool = False  # needed only when a tenure's survey fell short of the required sample


@dataclass(frozen=True)
class Timescale:
    key: str  # the key in a period file's `tsm: timescales:` ("RP02_1", "RP02_2", "CH02")
    meaning: str


@dataclass(frozen=True)
class AccuracyBand:
    """The Tenant Survey Requirements' accuracy for a surveyed population (95% confidence)."""

    minimum: int  # population from
    maximum: int | None  # population up to and including; None: no limit
    margin: Decimal  # percentage points, plus or minus


SURVEY_ITEMS: tuple[SurveyItem, ...] = (
    SurveyItem("a", "sample_size", "Achieved sample size", "How many tenants answered"),
    SurveyItem("b", "timing", "Timing of survey", "When the survey was done"),
    SurveyItem("c", "collection_methods", "Collection method(s)", "How tenants were asked"),
    SurveyItem("d", "sample_method", "Sample method", "How tenants were chosen"),
    SurveyItem("e", "representativeness", "Assessment of representativeness against the relevant tenant "
               "population, with the characteristics used", "How the responses compare with all tenants"),
    SurveyItem("f", "weighting", "Any weighting, with all the characteristics used",
               "How the answers were weighted"),
    SurveyItem("g", "contractor", "The role of any named external contractor(s) in collecting, generating or "
               "validating the results", "Who ran the survey"),
    SurveyItem("h", "exclusions", "Households excluded from the sample frame for exceptional circumstances, "
               "with a broad rationale", "Who was left out, and why"),
    SurveyItem("i", "sample_shortfall", "Reasons for any failure to meet the required sample size",
               "Why fewer tenants answered than needed", when_short=True),
    SurveyItem("j", "incentives", "Type and amount of incentives", "Prizes or rewards offered"),
    SurveyItem("k", "other_issues", "Any other methodological issues likely to have a material impact on the "
               "results", "Anything else that affects the results"),
)

TIMESCALES: tuple[Timescale, ...] = (
    Timescale("RP02_1", "the target timescale used for non-emergency repairs (RP02 part 1)"),
    Timescale("RP02_2", "the target timescale used for emergency repairs (RP02 part 2)"),
    Timescale("CH02", "the complaint response timescales used: the Housing Ombudsman's Complaint Handling "
              "Code's, or any non-standard timescale"),
)

ACCURACY_BANDS: tuple[AccuracyBand, ...] = (
    AccuracyBand(0, 2499, Decimal(5)),
    AccuracyBand(2500, 9999, Decimal(4)),
    AccuracyBand(10000, 24999, Decimal(3)),
    AccuracyBand(25000, None, Decimal(2)),
)


def accuracy_for(population: int) -> Decimal:
    """The margin of error (percentage points) the regulator requires for a surveyed population."""
    for band in ACCURACY_BANDS:
        if band.maximum is None or population <= band.maximum:
            return band.margin
    raise AssertionError("the last band has no maximum")  # pragma: no cover


_SATISFIED = "Proportion of respondents who report that they are satisfied"
_BOTH, _RENT, _ALL = ("lcra", "lcho"), ("lcra",), ("combined",)


def _tp(code: str, name: str, description: str, tenures: tuple[str, ...] = _BOTH) -> Measure:
    return Measure(code, name, description, "percent", "higher", tenures, survey=True)


def _bs(code: str, name: str, checks: str) -> Measure:
    return Measure(code, name, f"Proportion of homes for which all required {checks} have been carried out.",
                   "percent", "higher", _ALL, survey=False)


MEASURES_2023: tuple[Measure, ...] = (
    _tp("TP01", "Overall satisfaction", f"{_SATISFIED} with the overall service from their landlord."),
    _tp("TP02", "Satisfaction with repairs", "Proportion of respondents who have received a repair in the last "
        "12 months who report that they are satisfied with the overall repairs service.", _RENT),
    _tp("TP03", "Satisfaction with time taken to complete most recent repair", "Proportion of respondents who "
        "have received a repair in the last 12 months who report that they are satisfied with the time taken "
        "to complete their most recent repair.", _RENT),
    _tp("TP04", "Satisfaction that the home is well maintained",
        f"{_SATISFIED} that their home is well maintained.", _RENT),
    _tp("TP05", "Satisfaction that the home is safe", f"{_SATISFIED} that their home is safe."),
    _tp("TP06", "Satisfaction that the landlord listens to tenant views and acts upon them",
        f"{_SATISFIED} that their landlord listens to tenant views and acts upon them."),
    _tp("TP07", "Satisfaction that the landlord keeps tenants informed about things that matter to them",
        f"{_SATISFIED} that their landlord keeps them informed about things that matter to them."),
    _tp("TP08", "Agreement that the landlord treats tenants fairly and with respect",
        "Proportion of respondents who report that they agree their landlord treats them fairly and with "
        "respect."),
    _tp("TP09", "Satisfaction with the landlord's approach to handling complaints",
        "Proportion of respondents who report making a complaint in the last 12 months who are satisfied "
        "with their landlord's approach to complaints handling."),
    _tp("TP10", "Satisfaction that the landlord keeps communal areas clean and well maintained",
        "Proportion of respondents with communal areas who report that they are satisfied that their "
        "landlord keeps communal areas clean and well maintained."),
    _tp("TP11", "Satisfaction that the landlord makes a positive contribution to neighbourhoods",
        f"{_SATISFIED} that their landlord makes a positive contribution to their neighbourhood."),
    _tp("TP12", "Satisfaction with the landlord's approach to handling anti-social behaviour",
        f"{_SATISFIED} with their landlord's approach to handling anti-social behaviour."),
    Measure("RP01", "Homes that do not meet the Decent Homes Standard",
            "Proportion of homes that do not meet the Decent Homes Standard.", "percent", "lower", _RENT,
            survey=False),
    Measure("RP02", "Repairs completed within target timescale",
            "Proportion of responsive repairs completed within the landlord's target timescale.", "percent",
            "higher", _RENT, survey=False, parts=(
                Part(1, "Non-emergency repairs", "Proportion of non-emergency responsive repairs completed "
                     "within the landlord's target timescale."),
                Part(2, "Emergency repairs", "Proportion of emergency responsive repairs completed within the "
                     "landlord's target timescale."))),
    _bs("BS01", "Gas safety checks", "gas safety checks"),
    _bs("BS02", "Fire safety checks", "fire risk assessments"),
    _bs("BS03", "Asbestos safety checks", "asbestos management surveys or re-inspections"),
    _bs("BS04", "Water safety checks", "legionella risk assessments"),
    _bs("BS05", "Lift safety checks", "communal passenger lift safety checks"),
    Measure("CH01", "Complaints relative to the size of the landlord",
            "Number of complaints made by tenants in the relevant stock type during the reporting year per "
            "1,000 homes.", "per_1000_homes", None, _BOTH, survey=False, parts=(
                Part(1, "Stage one complaints", "Number of stage one complaints made by tenants in the relevant "
                     "stock type during the reporting year per 1,000 homes."),
                Part(2, "Stage two complaints", "Number of stage two complaints made by tenants in the relevant "
                     "stock type during the reporting year per 1,000 homes."))),
    Measure("CH02", "Complaints responded to within Complaint Handling Code timescales",
            "Proportion of complaints responded to within the Housing Ombudsman's Complaint Handling Code "
            "timescales.", "percent", "higher", _BOTH, survey=False, parts=(
                Part(1, "Stage one complaints", "Proportion of stage one complaints responded to within the "
                     "Housing Ombudsman's Complaint Handling Code timescales."),
                Part(2, "Stage two complaints", "Proportion of stage two complaints responded to within the "
                     "Housing Ombudsman's Complaint Handling Code timescales."))),
    Measure("NM01", "Anti-social behaviour cases relative to the size of the landlord",
            "Number of anti-social behaviour cases opened per 1,000 homes.", "per_1000_homes", None, _ALL,
            survey=False, parts=(
                Part(1, "All anti-social behaviour cases", "Number of anti-social behaviour cases opened per "
                     "1,000 homes."),
                Part(2, "Cases that involve hate incidents", "Number of anti-social behaviour cases that involve "
                     "hate incidents opened per 1,000 homes."))),
)


@dataclass(frozen=True)
class Catalogue:
    """The measures and the notes to publish with them, for the reporting years from ``first_year``."""

    first_year: int  # the first financial year it applies to: 2023 = 2023-24
    measures: tuple[Measure, ...]
    survey_items: tuple[SurveyItem, ...] = SURVEY_ITEMS
    timescales: tuple[Timescale, ...] = TIMESCALES
    requires_method_changes: bool = False  # from 2025-26: methodological changes that affect last year's comparison
    source: str = ""  # where the rules of this entry come from, for the guide

    @property
    def label(self) -> str:
        return f"{self.first_year}-{(self.first_year + 1) % 100:02d}"

    @property
    def columns(self) -> tuple[Column, ...]:
        """Every figure asked for, in the regulator's order: 22 measures, 26 columns."""
        return tuple(Column(name, m, m.part(int(name[-1])) if m.parts else None)
                     for m in self.measures for name in m.columns)

    def measure(self, code: str) -> Measure | None:
        return next((m for m in self.measures if m.code == code), None)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


CATALOGUES: dict[int, Catalogue] = {
    2023: Catalogue(2023, MEASURES_2023, source="RSH, TSM Technical Requirements and Tenant Survey Requirements "
                    "(2022, updated March and April 2024)"),
    # The summary of publication requirements: from 2025-26 tenants are told of any change of method that
    # affects the comparison with the year before.  The measures themselves are unchanged.
    2025: Catalogue(2025, MEASURES_2023, requires_method_changes=True,
                    source="RSH, TSM summary of publication requirements: year-on-year methodological notes "
                    "first apply in 2025-26"),
}


def catalogue_for(period: Period) -> Catalogue | None:
    """The catalogue in force for a period's financial year: the newest entry not after it (None before 2023-24)."""
    if period.kind == "calendar":
        return None  # TSMs are reported by financial year
    year = period.financial_year.year
    chosen = None
    for first, catalogue in sorted(CATALOGUES.items()):
        if first <= year:
            chosen = catalogue
    return chosen


def column_name(code: str, part: int | None) -> str:
    return f"{code}_{part}" if part else code


_TENURE_SHORT = {"lcra": "LCRA", "lcho": "LCHO", "combined": "combined"}


def measures_table(catalogue: Catalogue) -> str:
    """The catalogue as the Markdown table of guide/tsm.md (tests/test_tsm.py checks the guide holds it)."""
    lines = ["| Code | Measure | Columns (parts) | Tenures | Unit | Better | From |", "|---|---|---|---|---|---|---|"]
    for m in catalogue.measures:
        parts = "; ".join(f"`{m.code}_{p.number}` {p.name}" for p in m.parts) or f"`{m.code}`"
        tenures = ", ".join(_TENURE_SHORT[t] for t in m.tenures)
        source = "survey" if m.survey else "management information"
        lines.append(f"| {m.code} | {m.name} | {parts} | {tenures} | {m.unit} | {m.better or 'no direction'} | "
                     f"{source} |")
    return "\n".join(lines) + "\n"


# `tsm: peers: similar:` and our own context: key -> the regulator's dataset's header text (the
# one registry: the settings reader, the dataset reader, the guide and their tests all use it)
PEER_CONTEXT: dict[str, str] = {
    "size": "Landlord group size (homes owned, LCRA and LCHO combined)",
    "region": "Landlord predominant region",
    "type": "Landlord type",
    "supported": "LCRA above 30% supported housing",
}
