"""The registry of units: one source for validation, display, the guide and tests."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Unit:
    name: str
    meaning: str  # for the staff guide and messages
    minimum: Decimal | None = Decimal(0)
    maximum: Decimal | None = None  # a score's maximum is its out_of
    whole: bool = False
    decimals: int = 1  # usual decimals shown; more when needed to stay truthful
    singular: str = ""  # "day" in "1 day"; empty for units shown with a symbol
    plural: str = ""
    example: str = ""

    def range_words(self, out_of: Decimal | None = None) -> str:
        """The allowed range in words, for messages ('a number from 0 to 100')."""
        kind = "a whole number" if self.whole else "a number"
        top = out_of if self.name == "score" else self.maximum
        if self.minimum is None:
            return "an amount of money, like 1250.00"
        if top is not None:
            return f"{kind} from {self.minimum} to {top}"
        return f"{kind} of {self.minimum} or more"


UNITS: dict[str, Unit] = {
    u.name: u
    for u in (
        Unit("percent", "a percentage, 0 to 100 inclusive", maximum=Decimal(100), example="93.4%"),
        Unit("count", "a whole number of things, 0 or more", whole=True, decimals=0, example="1,204"),
        Unit("seconds", "a time in seconds, 0 or more", decimals=0, singular="second", plural="seconds",
             example="94 seconds · 2 minutes 5 seconds"),
        Unit("minutes", "a time in minutes, 0 or more", singular="minute", plural="minutes", example="3 minutes"),
        Unit("hours", "a time in hours, 0 or more", singular="hour", plural="hours", example="97 hours"),
        Unit("days", "calendar days, 0 or more", singular="day", plural="days", example="4.5 days"),
        Unit("working_days", "working days, 0 or more", singular="working day", plural="working days",
             example="10.4 working days"),
        Unit("score", "a score from 0 to the standard's out_of", example="9.9 out of 10"),
        Unit("pounds", "an amount of money in pounds (may be negative)", minimum=None, decimals=2,
             example="£1,250.00"),
        Unit("per_1000_homes", "a rate per 1,000 homes, 0 or more", example="3.2 per 1,000 homes"),
    )
}
