"""The page budget: a newsletter that does not fit is an error naming what to cut, never clipped.

`pages:` in a period file's `newsletter:` block is the most pages the screen edition
may take (the insert is the same pages without the masthead, so it fits too).  When
the newsletter is longer, the tool finds which standards and figures to leave out of
`feature` so that it fits, by laying it out again without them: figures first, then
standards we met (or do not score), then those we missed or were close on (which stay
under "Where we fell short" in any case); the last in the newsletter go first.
"""

from __future__ import annotations

from typing import Callable

from generator.assess.rules import CLOSE, MISSED
from generator.model import PeriodFile, Project
from generator.newsletter.content import Content, content
from generator.problems import Problems

PageCount = Callable[[Content], int]


def cut_order(newsletter: Content) -> list[str]:
    """The featured ids, in the order they would be cut."""
    rows = [row for section in newsletter.areas for row in section.standards + section.figures]

    def rank(row) -> int:
        if row.item.kind == "figure":
            return 0
        return 2 if row.status in (MISSED, CLOSE) else 1

    ordered = list(reversed(rows))
    return [row.item.id for row in sorted(ordered, key=rank)]


def fits(project: Project, period_file: PeriodFile, pages: int, count: PageCount,
         problems: Problems) -> bool:
    """Add a `newsletter-too-long` problem when ``pages`` exceeds the budget; True when it fits."""
    plan = period_file.newsletter
    if plan is None or plan.pages is None or pages <= plan.pages:
        return True
    budget = plan.pages
    full = content(project, period_file)
    order = cut_order(full)
    cut = _fewest_cuts(project, period_file, order, budget, count)
    label = period_file.period.label
    if cut is None:
        hint = (f"Even with only the standards we fell short on, it takes more than {budget} "
                f"page{'s' if budget != 1 else ''}. Shorten the introduction or the commentary, or raise "
                f"'pages' to {pages}.")
    else:
        names = ", ".join(order[:cut])
        these = f"these {cut}" if cut > 1 else "this one"
        if plan.feature is not None:
            hint = f"To fit, leave {these} out of 'feature': {names}. Or raise 'pages' to {pages}."
        else:
            hint = (f"To fit, add 'feature:' with the standards and figures to show, leaving out {these}: "
                    f"{names}. Or raise 'pages' to {pages}.")
    problems.add("newsletter-too-long",
                 f"The newsletter for {label} takes {pages} pages, but 'pages' allows {budget}.",
                 plan.pages_location or plan.location, expected=f"at most {budget} page{'s' if budget != 1 else ''}",
                 found=f"{pages} pages", hint=hint)
    return False


def _fewest_cuts(project: Project, period_file: PeriodFile, order: list[str], budget: int,
                 count: PageCount) -> int | None:
    """The fewest ids, from the front of ``order``, to leave out so the newsletter fits; None if none do."""

    def fits(n: int) -> bool:
        return count(content(project, period_file, frozenset(order[:n]))) <= budget

    if not order or not fits(len(order)):
        return None
    low, high = 1, len(order)  # fits(high) is known; fits(0) is not (that is why we are here)
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    return low
