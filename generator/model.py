"""The landlord's data after validation: frozen dataclasses, no I/O."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal

from generator.problems import Location
from generator.registry.actions import ACTION_STATES, time_order  # ACTION_STATES re-exported: a report's states
from generator.registry.periods import KINDS, Period
from generator.registry.tsm import Catalogue, Column


@dataclass(frozen=True)
class Contact:
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    web: str | None = None


@dataclass(frozen=True)
class NewsletterSettings:
    """The landlord's settings for the printed newsletters (`newsletter:` in mkdocs.yml), with their
    defaults; newsletter.content.Options is made from them, with the command line's overrides."""

    paper: str = "A4"  # of the print-shop edition: "A4" or "A5"
    crop_marks: bool = False  # print-shop edition: crop marks outside the bleed
    printer_profile: str | None = None  # the printer's CMYK ICC profile, a project path: PDF/X-4
    output_condition: str = "FOGRA39"  # the registered printing condition, without a printer profile
    insert_start_page: int = 1  # the magazine page the insert starts on


@dataclass(frozen=True)
class TsmSettings:
    """`tsm:` in mkdocs.yml: Tenant Satisfaction Measures switched on (registry/tsm.py)."""

    tenures: tuple[str, ...] = ("lcra",)  # of registry.tsm.LANDLORD_TENURES: the tenures the landlord has
    homes: dict[str, int] = field(default_factory=dict)  # tenure -> homes owned at year end (the default N)
    peers: "PeerSettings | None" = None  # `tsm: peers:`: compare with the regulator's published dataset


@dataclass(frozen=True)
class PeerSettings:
    """`tsm: peers:` in mkdocs.yml: which of the regulator's datasets to compare with, and who we are."""

    datasets: dict[str, str] = field(default_factory=dict)  # financial year label "2024-25" -> project path
    landlord: str | None = None  # our landlord code in the dataset ("L4240", "45UB"); None: not in it
    similar: tuple[str, ...] = ()  # of PEER_CONTEXT keys: "size", "region", "type", "supported"; (): all landlords
    context: dict[str, str] = field(default_factory=dict)  # our own size/region/type/supported when not in the file
    location: Location | None = None  # of the `peers:` key
    files: dict[str, tuple[str, ...]] = field(default_factory=dict)  # year -> every path (a list of .csv files)
    places: dict[str, Location] = field(default_factory=dict)  # "landlord", "size", ..., "2024-25": their values


@dataclass(frozen=True)
class Settings:
    organisation: str
    year_starts: int = 4  # month number
    contact: Contact = Contact()
    logo: str | None = None  # a path relative to the project folder
    lang: str = "en-GB"
    brand_colour: str | None = None  # "#rrggbb", checked for contrast with white text
    templates: str | None = None  # the landlord's own templates folder, relative to the project
    newsletter: NewsletterSettings = NewsletterSettings()
    tsm: TsmSettings | None = None  # None: TSMs are off


@dataclass(frozen=True)
class Target:
    direction: str  # "at_least" or "at_most"
    value: Decimal
    start: Period | None = None  # None for a single `target:`

    @property
    def higher_is_better(self) -> bool:
        return self.direction == "at_least"

    def as_json(self) -> dict:
        return {self.direction: json_number(self.value)}


@dataclass(frozen=True)
class TsmLink:
    """`tsm:` on a standard or figure: it IS this TSM column (for this tenure)."""

    column: str  # "TP02", "RP02_1"
    tenure: str  # "lcra", "lcho" or "combined": for a measure of one tenure, that tenure
    location: Location | None = None  # of the `tsm:` value

    @property
    def code(self) -> str:
        return self.column.split("_")[0]

    @property
    def part(self) -> int | None:
        return int(self.column.split("_")[1]) if "_" in self.column else None


@dataclass(frozen=True)
class Item:
    """A standard (a promise, checked when it has targets) or a context figure."""

    kind: str  # "standard" or "figure"
    id: str
    title: str
    area: str  # the area id
    location: Location  # of its id, for messages
    unit: str | None = None
    out_of: Decimal | None = None
    targets: tuple[Target, ...] = ()
    tolerance: Decimal = Decimal(0)
    better: str | None = None  # figures: "higher" or "lower"
    promise: str | None = None
    how_measured: tuple[str, ...] = ()
    if_we_miss: str | None = None
    survey: bool = False
    basis: str = "period"
    retired: Period | None = None
    tsm: TsmLink | None = None

    @property
    def checked(self) -> bool:
        return bool(self.targets)

    @property
    def higher_is_better(self) -> bool | None:
        """The item's direction, or None when it has none (trend says up/down)."""
        if self.targets:
            return self.targets[0].higher_is_better
        if self.better:
            return self.better == "higher"
        return None

    def target_for(self, period: Period) -> Target | None:
        """The target in force: the latest whose start is on or before the period's start."""
        targets = self.targets
        if len(targets) == 1 and targets[0].start is None:  # most standards: one target, always in force
            return targets[0]
        in_force = None
        for target in targets:
            if target.start is None or target.start.start <= period.start:
                in_force = target
        return in_force

    def published_in(self, period: Period) -> bool:
        return self.retired is None or period.start < self.retired.start


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    file: str
    summary: str | None = None
    order: int | None = None
    items: tuple[Item, ...] = ()

    @property
    def standards(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.kind == "standard")

    @property
    def figures(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.kind == "figure")

    @property
    def sort_key(self) -> tuple:
        return (self.order is None, self.order or 0, self.name.casefold(), self.id)


@dataclass(frozen=True)
class Result:
    item_id: str
    location: Location
    value: Decimal | None = None
    count: int | None = None
    of: int | None = None
    homes: int | None = None
    missing: str | None = None
    note: str | None = None
    action: str | None = None
    responses: int | None = None
    responses_published: bool = True  # False for `responses: not published`: the survey gave no count
    population: int | None = None  # the surveyed population N (homes or tenants surveyed from), if given


@dataclass(frozen=True)
class Benchmark:
    lower_quartile: Decimal | None = None
    median: Decimal | None = None
    upper_quartile: Decimal | None = None


@dataclass(frozen=True)
class BenchmarkGroup:
    """One group of landlords compared with ('Similar-sized landlords'), with its source and quartiles."""

    name: str | None  # None for v1's single `benchmarks:` mapping, which has no name
    source: str | None
    values: dict[str, Benchmark] = field(default_factory=dict)


@dataclass(frozen=True)
class NewsletterPlan:
    """The editor's choices for one period's newsletter (`newsletter:` in a performance file)."""

    location: Location  # of the `newsletter:` key
    headline: str | None = None
    introduction: str | None = None  # Markdown
    feature: tuple[str, ...] | None = None  # ids of the standards and figures to show; None: all
    pages: int | None = None  # the page budget of the screen edition
    pages_location: Location | None = None  # of the `pages:` key


@dataclass(frozen=True)
class TsmResult:
    """One TSM figure of a year: a column for a tenure, with its result."""

    code: str  # "RP02"
    column: str  # "RP02_1"
    part: int | None  # 1, 2, or None for a one-part measure
    tenure: str  # "lcra", "lcho" or "combined"
    result: Result  # its item_id is the linked item's id, or the column ("TP01") for one under `tsm: results:`
    source: str  # "tsm": written under `tsm: results:`; else the id of the linked standard or figure
    location: Location  # of the result


@dataclass(frozen=True)
class TsmYear:
    """A financial year's TSMs: its results and the notes published with them."""

    period: Period
    catalogue: Catalogue
    homes: dict[str, int]  # "lcra"/"lcho" -> homes at year end (the period file's, else the settings')
    results: tuple[TsmResult, ...] = ()  # in catalogue order, then tenure
    survey: dict[str, str] = field(default_factory=dict)  # SURVEY_ITEMS key -> Markdown
    timescales: dict[str, str] = field(default_factory=dict)  # "RP02_1", "RP02_2", "CH02" -> text
    method_changes: str | None = None  # Markdown
    location: Location = Location("")  # of the `tsm:` key, else of `period:`
    tenures: tuple[str, ...] = ("lcra",)  # the landlord's tenures (settings)
    places: dict[str, Location] = field(default_factory=dict)  # "results", "survey", "timescales": their keys
    peers: PeerDataset | None = None  # the regulator's dataset for this year (`tsm: peers: datasets:`), read

    def at(self, key: str) -> Location:
        """Where a gap of ``key`` ("survey", ...) is reported: that key in the `tsm:` block, else `tsm:`."""
        return self.places.get(key, self.location)

    def result(self, column: str, tenure: str) -> TsmResult | None:
        return next((r for r in self.results if r.column == column and r.tenure == tenure), None)

    def homes_of(self, tenure: str) -> int | None:
        """Homes of a tenure; for "combined", of every tenure the landlord has."""
        if tenure == "combined":
            counts = [self.homes.get(t) for t in self.tenures]
            return None if None in counts else sum(counts)  # type: ignore[arg-type]
        return self.homes.get(tenure)

    def tenures_of(self, column: Column) -> tuple[str, ...]:
        """The tenures a column is reported for by this landlord, in order."""
        return tuple(t for t in column.measure.tenures if t == "combined" or t in self.tenures)


@dataclass(frozen=True)
class PeerValue:
    """One cell of the regulator's dataset: a number, or one of its markers (never read as zero)."""

    value: Decimal | None  # None when the cell holds a marker or is empty
    marker: str | None = None  # "X" blank, "Z" not required, "E" excluded, "U" no denominator, "S" suppressed


@dataclass(frozen=True)
class PeerLandlord:
    """One landlord's row(s) in the regulator's dataset."""

    code: str  # as text, even where the sheet stores a number (5060)
    name: str
    context: dict[str, str]  # "size": "<5,000", "region": "South", "type": "PRP", "supported": "Yes"/"No"
    values: dict[tuple[str, str], PeerValue]  # (column "TP01"/"RP02_1", tenure "lcra"/"lcho"/"combined") -> cell
    location: Location | None = None  # the row's first cell, for messages


@dataclass(frozen=True)
class PeerDataset:
    """The regulator's published TSM dataset for one reporting year, as read from its file."""

    file: str  # project-relative path
    title: str  # "Tenant Satisfaction Measures 2025 - Dataset" (its Introduction sheet), else the file name
    year: Period  # the reporting year it is for (2024-25)
    landlords: tuple[PeerLandlord, ...] = ()

    def landlord(self, code: str) -> PeerLandlord | None:
        return next((l for l in self.landlords if l.code.casefold() == code.casefold()), None)


@dataclass(frozen=True)
class Objective:
    """One objective of an action plan: the actions are grouped under it."""

    id: str
    title: str
    location: Location
    summary: str | None = None  # Markdown


@dataclass(frozen=True)
class Action:
    """One action of a plan (`actions/<plan>.yaml`)."""

    id: str  # unique across every plan: period files report progress by it
    title: str  # plain words
    objective: str  # the objective's id, in the same plan
    plan: str  # the plan's id (its file name without .yaml)
    location: Location  # of its id
    due: dt.date | None = None
    lead: str | None = None  # a role: "Customer Service Team Leader"
    number: str | None = None  # as the plan writes it: "1.1"
    risks: tuple[str, ...] = ()  # risk-register codes
    resources: str | None = None
    serves: tuple[str, ...] = ()  # standard or figure ids, or TSM columns ("TP01", "RP02_1")


@dataclass(frozen=True)
class Plan:
    """An action plan: `actions/<plan>.yaml`."""

    id: str  # the file name without .yaml
    title: str
    file: str  # project-relative path
    location: Location  # of `plan:`
    summary: str | None = None  # Markdown
    order: int | None = None
    objectives: tuple[Objective, ...] = ()
    actions: tuple[Action, ...] = ()  # in the order written

    @property
    def sort_key(self) -> tuple:
        return (self.order is None, self.order or 0, self.title.casefold(), self.id)




@dataclass(frozen=True)
class ActionReport:
    """An action's progress as a period file reports it (`actions:` in a performance file)."""

    action_id: str
    state: str  # one of ACTION_STATES
    location: Location  # of the action's id in the period file
    done: dt.date | None = None  # the date done: required when state is done
    reason: str | None = None  # why it was dropped: required when state is dropped
    update: str | None = None  # a short update, Markdown


@dataclass(frozen=True)
class PeriodFile:
    period: Period
    file: str
    location: Location  # of the `results:` key (gaps point here)
    published: dt.date | None = None
    draft: bool = False
    results: dict[str, Result] = field(default_factory=dict)
    commentary: dict[str, str] = field(default_factory=dict)
    benchmark_groups: tuple[BenchmarkGroup, ...] = ()  # in the order written; v1's mapping is one group
    newsletter: NewsletterPlan | None = None
    tsm: TsmYear | None = None  # financial years with TSMs switched on
    actions: dict[str, ActionReport] = field(default_factory=dict)  # action id -> its report this period

    @property
    def date(self) -> dt.date:
        """The date the figures speak for in print: published, else the period's end."""
        return self.published or self.period.end

    @property
    def time_order(self) -> tuple[dt.date, int]:
        """The order action reports are read in: by end date, then a year after its own Q4."""
        return time_order(self.period)


@dataclass(frozen=True)
class Project:
    settings: Settings
    areas: tuple[Area, ...]  # in report order
    periods: tuple[PeriodFile, ...]  # in report order: kind, then time
    plans: tuple[Plan, ...] = ()  # action plans (`actions/*.yaml`), in Plan.sort_key order

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for area in self.areas for item in area.items)

    def area(self, area_id: str) -> Area:
        return self._areas_by_id[area_id]

    @functools.cached_property  # looked up for every row of every page at landlord scale
    def _areas_by_id(self) -> dict[str, Area]:
        return {a.id: a for a in self.areas}

    def published(self, drafts: bool = False) -> "Project":
        """The project without draft periods (unless ``drafts``)."""
        if drafts:
            return self
        return Project(self.settings, self.areas, tuple(p for p in self.periods if not p.draft), self.plans)


def periods_by_kind(periods: "tuple[PeriodFile, ...] | list[PeriodFile]") -> dict[str, tuple[PeriodFile, ...]]:
    """The period files of each kind, in the order given; the kinds in report order (years, then
    quarters, as the registry orders them)."""
    grouped: dict[str, list[PeriodFile]] = {}
    for period_file in periods:
        grouped.setdefault(period_file.period.kind, []).append(period_file)
    return {kind: tuple(grouped[kind]) for kind in sorted(grouped, key=lambda k: KINDS[k].order)}


def json_number(value: Decimal) -> int | float:
    """A JSON number: whole numbers written whole stay whole (166), others as floats."""
    if value == value.to_integral_value() and value.as_tuple().exponent >= 0:
        return int(value)
    return float(value)




@dataclass(frozen=True)
class ImportedResult:
    """One result read from a spreadsheet by `standards import`, before it is written to a period
    file: the reader (validate/spreadsheet.py) makes these, the writer (edit/) puts them in YAML."""

    period: Period
    item_id: str
    # keys of the result registry (registry/keys.RESULT): value, count, of, homes, responses as
    # Decimal (whole numbers for the counts), note and missing as text; only those the sheet gave
    fields: tuple[tuple[str, Decimal | str], ...]
    location: Location  # the row's first cell that gave a field, for a conflict's message
