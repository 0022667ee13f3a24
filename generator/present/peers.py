"""How we compare with other landlords: the regulator's dataset as the benchmark, in words.

One :class:`PeerView` a TSM figure (a column for a tenure), worked out from `assess.peers.PeerRow`,
and one :class:`PeerSource` a dataset: what every page, the newsletter and its text edition say
about it.  The source sentence, the quartile method and the Open Government Licence attribution
are written here once; every place that shows the peers' figures uses them, so none can leave the
attribution out or word the method differently.

Figures are rounded as the TSM page rounds ours (one decimal place, as the regulator's data release
writes them); the position was decided in assess/peers.py at full precision.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from generator.assess.peers import QUARTILE_WORDS, PeerRow, peer_row, peer_rows
from generator.model import PeerDataset, PeriodFile, Project
from generator.present.values import format_value, round_to
from generator.registry.tsm import Column

# The attribution the Open Government Licence asks for, beside every figure taken from the dataset
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
# The five headline measures of "How we compare" in the newsletter: overall satisfaction, repairs,
# the home well maintained, treated fairly and with respect, complaints (the measures tenants ask about first)
HEADLINE = ("TP01", "TP02", "TP05", "TP09", "CH01")


def _figure(value: Decimal | None, unit: str) -> str | None:
    """'71.8%': a peer figure as the TSM page writes ours (one decimal place)."""
    return None if value is None else format_value(round_to(value, 1), unit, decimals=1)


@dataclass(frozen=True)
class PeerSource:
    """The dataset a comparison comes from, and what must be said with its figures."""

    title: str  # "Tenant Satisfaction Measures 2025 - Dataset"
    year: str  # "2024-25"
    group: str  # "landlords of the same size (5,000-40,000 homes)", "all landlords in the regulator's data"
    peers: str  # "similar landlords" or "landlords"

    @property
    def heading(self) -> str:
        """The TSM table's column: 'Compared with similar landlords' or 'Compared with all landlords'."""
        return f"Compared with {'similar landlords' if self.peers == 'similar landlords' else 'all landlords'}"

    @property
    def source(self) -> str:
        """'We compare our results with landlords of the same size (...), using the Regulator of Social
        Housing's Tenant Satisfaction Measures 2025 - Dataset (2024-25).'"""
        return (f"We compare our results with {self.group}, using the Regulator of Social Housing's "
                f"{self.title} ({self.year}).")

    @property
    def method(self) -> str:
        return QUARTILE_WORDS

    @property
    def attribution(self) -> str:
        return ATTRIBUTION

    @property
    def attribution_text(self) -> str:
        """The attribution with the licence's address, for plain text: '... Licence v3.0 (https://...).'"""
        return f"{ATTRIBUTION[:-1]} ({OGL_URL})."

    def html(self, links: bool = True, source: bool = True) -> Markup:
        """Source, method and attribution as one paragraph's content, the licence linked (unless ``links``
        is False: a print-shop PDF carries no links, so the address is written out).  ``source`` False:
        the method and the attribution only, where the source sentence is said just above."""
        licence = (Markup('<a href="{}">Open Government Licence v3.0</a>').format(OGL_URL) if links
                   else Markup("Open Government Licence v3.0 ({})").format(OGL_URL))
        text = Markup("{} Contains public sector information licensed under the {}.").format(self.method, licence)
        return Markup("{} {}").format(self.source, text) if source else text


def peer_source(row: PeerRow) -> PeerSource:
    dataset: PeerDataset = row.dataset
    return PeerSource(dataset.title, dataset.year.label, row.group, row.peers)


@dataclass(frozen=True)
class PeerView:
    """One TSM figure against the peers, as words and figures ready to show."""

    column: str  # "TP01", "RP02_1"
    tenure: str  # "lcra", "lcho", "combined"
    ours: str | None  # "76.0%", None without a figure of ours
    band: str | None  # assess.peers.BANDS key; None when we have no figure to place
    position: str | None  # "in the top quarter of similar landlords"
    lower: str | None  # the quartiles, "64.7%"; None when too few peers
    median: str | None
    upper: str | None
    count: int  # peers with a value
    peers: str  # "similar landlords" or "landlords"
    source: PeerSource
    code: str = ""  # "CH01 (1)", as the regulator numbers the parts
    name: str = ""  # the regulator's short name, or the part's description

    @property
    def too_few(self) -> bool:
        return self.median is None

    @property
    def position_words(self) -> str:
        """The table cell's first line: 'In the top quarter of similar landlords'; without a figure of
        ours, 'We have no figure to compare'."""
        if self.too_few:
            return f"Too few {self.peers} to compare"
        if self.position is None:
            return "We have no figure to compare"
        return self.position[:1].upper() + self.position[1:]

    @property
    def summary(self) -> str:
        """'median 71.8% of 120 similar landlords' ('3 similar landlords with a figure' when too few)."""
        if self.too_few:
            return f"{self.count or 'no'} {self._peers_of(self.count or 1)} with a figure"
        return f"median {self.median} of {self.count} {self._peers_of(self.count)}"

    @property
    def quartile_text(self) -> str:
        """'lower quartile 64.7%, median 71.8%, upper quartile 78.9%, of 120 similar landlords'."""
        if self.too_few:
            return self.summary[:1].upper() + self.summary[1:]
        return (f"lower quartile {self.lower}, median {self.median}, upper quartile {self.upper}, "
                f"of {self.count} {self._peers_of(self.count)}")

    @property
    def sentence(self) -> str:
        """The area page's sentence: position, quartiles, count and group."""
        group = self.source.group
        if self.too_few:
            return (f"There are too few {self.peers} in the regulator's data for {self.source.year} to compare "
                    f"with ({group}): {self.summary}.")
        head = (f"Our {self.ours} for {self.source.year} is {self.position}" if self.position and self.ours
                else f"We have no figure for {self.source.year} to compare with {self.peers}")
        return (f"{head} ({group}): the lower quartile is {self.lower}, the median {self.median} "
                f"and the upper quartile {self.upper}, of {self.count} {self._peers_of(self.count)}.")

    def _peers_of(self, count: int) -> str:
        return self.peers[:-1] if count == 1 else self.peers  # "1 similar landlord"


def peer_view(row: PeerRow, column: Column | None) -> PeerView:
    unit = column.measure.unit if column else "percent"
    code, _, part = row.column.partition("_")
    q = row.quartiles
    return PeerView(
        column=row.column, tenure=row.tenure, ours=_figure(row.ours, unit),
        band=row.position.band if row.position else None, position=row.position.words if row.position else None,
        lower=_figure(q.lower, unit) if q else None, median=_figure(q.median, unit) if q else None,
        upper=_figure(q.upper, unit) if q else None, count=q.count if q else row.count, peers=row.peers,
        source=peer_source(row), code=f"{code} ({part})" if part else code, name=column.title if column else "",
    )


def _column(period_file: PeriodFile, column: str) -> Column | None:
    return period_file.tsm.catalogue.column(column)


def peer_views(project: Project, period_file: PeriodFile | None) -> dict[tuple[str, str], PeerView]:
    """(column, tenure) -> its view, for a year with the regulator's dataset ({} without one)."""
    if period_file is None or period_file.tsm is None or period_file.tsm.peers is None:
        return {}
    return {(r.column, r.tenure): peer_view(r, _column(period_file, r.column))
            for r in peer_rows(project, period_file.tsm)}


def linked_view(project: Project, period_file: PeriodFile | None, column: str, tenure: str) -> PeerView | None:
    """The view of the TSM a standard is linked to (its area page), or None without the dataset."""
    if period_file is None or period_file.tsm is None or period_file.tsm.peers is None:
        return None
    row = peer_row(project, period_file.tsm, column, tenure)
    return peer_view(row, _column(period_file, column)) if row else None


def headline_views(project: Project, period_file: PeriodFile | None) -> tuple[PeerView, ...]:
    """The newsletter's "How we compare" rows: the headline measures, in HEADLINE order, each tenure."""
    views = peer_views(project, period_file)
    return tuple(view for code in HEADLINE for (column, _), view in views.items() if column.split("_")[0] == code)
