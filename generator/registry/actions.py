"""The registry of action plans' words: a progress report's states, and the order periods are read in."""

from __future__ import annotations

import datetime as dt

from generator.registry.periods import Period

# the states a period file's `actions:` report may give, as staff write them
ACTION_STATES = ("not_started", "on_track", "done", "late", "dropped")
FINAL_STATES = ("done", "dropped")  # an action in one of these keeps it when later reports leave it out

# A financial year and its Q4 (or a calendar year and a Q3) end on the same day: the longer
# period is the later word on it, so it sorts after.
_KIND_AFTER = {"quarter": 0, "calendar": 1, "year": 2}


def time_order(period: Period) -> tuple[dt.date, int]:
    """The order action reports are read in: by end date, then a year after its own Q4."""
    return (period.end, _KIND_AFTER.get(period.kind, 0))
