"""The `survey-sample-short` warning: a survey that fell short of the regulator's required sample.

In assess rather than validate because the rule is survey statistics (assess/survey.py); the
pipeline adds these warnings once the project has been read.
"""

from __future__ import annotations

from generator.assess.rules import percent_survey
from generator.assess.survey import accuracy_margin, band_words, margin_reached, required_sample, sample_size
from generator.model import Project
from generator.problems import Location, Problems, quote


def sample_warnings(project: Project, problems: Problems) -> None:
    """A warning for each survey percentage whose responses are fewer than the regulator's required
    sample size for its `population` (only when the population is written: without it the rule
    cannot be applied)."""
    items = {item.id: item for item in project.items}
    for period_file in project.periods:
        for result in period_file.results.values():
            item = items.get(result.item_id)
            n = sample_size(result) if item is not None and percent_survey(item) else None
            if n is not None and result.population is not None and result.value is not None:
                check_sample(quote(result.item_id), period_file.period.label, n, result.population,
                             result.location, problems)


def check_sample(what: str, period: str, n: int, population: int, location: Location, problems: Problems) -> bool:
    """Add `survey-sample-short` when ``n`` responses fall short of the sample required for
    ``population``; True when one was added.  ``what`` names the result in words ("'tenant-
    satisfaction'", or for a TSM "TP01 for shared owners (LCHO)"), ``population`` is the result's own
    or, for a TSM result, the tenure's homes."""
    needed = required_sample(population)
    if population < n or n >= needed:
        return False
    reached = margin_reached(n, population)
    problems.add(
        "survey-sample-short",
        f"The survey result for {what} in {period} has {n:,} responses, fewer than the {needed:,} the "
        f"regulator's accuracy rule needs for a population of {population:,}.",
        location,
        expected=f"at least {needed:,} responses (± {accuracy_margin(population)} percentage points for a population "
                 f"{band_words(population)})",
        found=f"{n:,} responses",
        hint=f"With {n:,} responses the margin of error is up to ± {reached} points. For a Tenant Satisfaction "
             "Measures year, say why in the survey summary's item i ('sample_shortfall' under 'tsm: survey:').",
    )
    return True
