"""The rows of the big result tables, as HTML: period pages, area histories and all results.

A large landlord's site has about 75,000 of these rows, so they are written here in
plain Python rather than row by row in Jinja (three times slower, and a third of the
whole build at that size).  The templates keep everything around the rows (region,
caption, header), so a landlord's own template can still change the tables.  Every
piece of text is escaped here; the status words and values come from the same
functions as everywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from generator.assess.rules import Assessment
from generator.model import Item, PeriodFile
from generator.present.words import explain, status_badge, target_words, trend_words, value_words


# A period named inside a sentence ("up from 80% in 2023-24 Q4"): kept on one line, so that a
# phone's narrow column never breaks it as "2023-" / "24"
_PERIOD = re.compile(r"\b\d{4}-\d{2}(?: Q[1-4])?\b")


def _sentence(text: str) -> str:
    """``text`` escaped, with each period in it held together."""
    return _PERIOD.sub(lambda m: f'<span class="period">{m.group(0)}</span>', str(escape(text)))


def _notes(row: Assessment, with_missing: bool = True) -> str:
    """The result's note, and why there is no figure (a figure's table leaves that out)."""
    result = row.result
    if result is None:
        return ""
    notes = ""
    if result.note:
        notes += f'<span class="note"> ({escape(result.note)})</span>'
    if with_missing and result.missing:
        notes += f'<span class="note"> ({escape(result.missing)})</span>'
    return notes


def result_rows(rows: Sequence[Assessment], item_link: Callable[[Item], str], with_trend: bool = True) -> Markup:
    """Standard | Result | Target | Status [| Compared with before], a row a result."""
    lines = []
    for row in rows:
        item = row.item
        trend = f"<td>{_sentence(trend_words(row) or 'No earlier result')}</td>" if with_trend else ""
        lines.append(
            f'<tr><th scope="row"><a href="{escape(item_link(item))}">{explain(item.title)}</a></th>'
            f"<td>{escape(value_words(row))}{_notes(row)}</td>"
            f"<td>{escape(target_words(item, row.target))}</td>"
            f"<td>{status_badge(row.status)}</td>{trend}</tr>\n"
        )
    return Markup("".join(lines))


def figure_rows(rows: Sequence[Assessment], item_link: Callable[[Item], str]) -> Markup:
    """Figure | Result | Compared with before, a row a figure."""
    lines = []
    for row in rows:
        item = row.item
        lines.append(
            f'<tr><th scope="row"><a href="{escape(item_link(item))}">{explain(item.title)}</a></th>'
            f"<td>{escape(value_words(row))}{_notes(row, with_missing=False)}</td>"
            f"<td>{_sentence(trend_words(row) or 'No earlier result')}</td></tr>\n"
        )
    return Markup("".join(lines))


def history_rows(rows: Sequence[Assessment], scored: bool = True) -> Markup:
    """Period | Result [| Target | Status], newest first, for one item on its area page
    (a figure's table, ``scored=False``, has no target or status)."""
    lines = []
    for row in rows:
        draft = " <strong>(draft)</strong>" if row.period_file.draft else ""
        scoring = (f"<td>{escape(target_words(row.item, row.target))}</td><td>{status_badge(row.status)}</td>"
                   if scored else "")
        # why there is no figure, as the period pages say it: "No figure" alone leaves the reader guessing
        missing = (f'<span class="note"> ({escape(row.result.missing)})</span>'
                   if row.result is not None and row.result.missing else "")
        lines.append(f'<tr><th scope="row">{row.period.label}{draft}</th>'
                     f"<td>{escape(value_words(row))}{missing}</td>{scoring}</tr>\n")
    return Markup("".join(lines))


def grid_rows(items: Sequence[Item], periods: Sequence[PeriodFile],
              row: Callable[[str, PeriodFile], Assessment | None], item_link: Callable[[Item], str]) -> Markup:
    """All results: an item a row, a period a column; each cell the value and, when scored, the status."""
    lines = []
    for item in items:
        cells = []
        for period_file in periods:
            found = row(item.id, period_file)
            if found is None:
                cells.append('<td><span class="not-reported">Not reported</span></td>')
            elif found.status:
                cells.append(f"<td>{escape(value_words(found))}<br>{status_badge(found.status)}</td>")
            else:
                cells.append(f"<td>{escape(value_words(found))}</td>")
        lines.append(f'<tr><th scope="row"><a href="{escape(item_link(item))}">{explain(item.title)}</a></th>'
                     + "".join(cells) + "</tr>\n")
    return Markup("".join(lines))
