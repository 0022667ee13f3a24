"""Problems found in a landlord's files: data first, words late.

A :class:`Problem` carries a stable code, a location, what was expected, what
was found and a suggestion.  Nothing here prints: :mod:`generator.report.check` turns
problems into text for people or JSON for machines.  Every code is listed once
in :data:`CODES`, which the staff guide and a test read too.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable, Sequence

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Code:
    """One kind of problem: what the staff guide says about it."""

    code: str
    severity: str
    title: str


def _codes(*rows: tuple[str, str, str]) -> dict[str, Code]:
    return {code: Code(code, severity, title) for code, severity, title in rows}


# The registry of problem codes.  Codes are public (they appear in
# `check --json` and in the guide), so never rename one: add a new one.
CODES: dict[str, Code] = _codes(
    ("file-too-large", ERROR, "A data file is larger than 5 MB"),
    ("file-unreadable", ERROR, "A data file cannot be read: a folder, a device or a link outside the project"),
    ("file-binary", ERROR, "A data file is not text"),
    ("file-encoding", ERROR, "A data file is not saved as UTF-8 (or UTF-16 with a byte-order mark)"),
    ("file-empty", ERROR, "A data file is empty"),
    ("yaml-syntax", ERROR, "A file is not valid YAML"),
    ("yaml-tab", ERROR, "A tab is used to indent a line"),
    ("yaml-aliases", ERROR, "YAML aliases expand to too much data, or refer to themselves"),
    ("yaml-too-deep", ERROR, "Values are nested too deeply"),
    ("yaml-documents", ERROR, "A file holds more than one YAML document"),
    ("duplicate-key", ERROR, "The same key appears twice in one mapping"),
    ("missing-key", ERROR, "A required key is missing"),
    ("unknown-key", ERROR, "A key that the format does not know"),
    ("wrong-type", ERROR, "A value of the wrong kind (text, number, list, mapping, true/false)"),
    ("number-format", ERROR, "A number not written plainly"),
    ("number-too-large", ERROR, "A number with too many digits"),
    ("invalid-id", ERROR, "An id that is not lowercase letters, digits and single hyphens"),
    ("duplicate-id", ERROR, "The same id is used twice"),
    ("invalid-area-id", ERROR, "A standards file whose name cannot be an area id"),
    ("invalid-plan-id", ERROR, "An action plan file whose name cannot be a plan id"),
    ("ambiguous-date", ERROR, "A day-month-year date that could be read two ways, like 03/04/2024"),
    ("unknown-objective", ERROR, "An action for an objective its plan does not have"),
    ("action-unknown", ERROR, "A period file reports an action that no plan has"),
    ("action-reason", ERROR, "An action dropped without a reason"),
    ("action-done-date", ERROR, "A 'done' date on an action whose state is not done"),
    ("unknown-id", ERROR, "A result or benchmark for an id that no standard or figure has"),
    ("unknown-area", ERROR, "Commentary for an area that does not exist"),
    ("invalid-period", ERROR, "A period that is not written in one of the period forms"),
    ("duplicate-period", ERROR, "Two performance files for the same period"),
    ("invalid-date", ERROR, "A date not written as YYYY-MM-DD, or a day that does not exist"),
    ("invalid-choice", ERROR, "A value that is not one of the allowed words"),
    ("unknown-unit", ERROR, "A unit the format does not know"),
    ("out-of-range", ERROR, "A value outside its unit's range"),
    ("not-whole-number", ERROR, "A whole number was expected"),
    ("count-over-of", ERROR, "A count larger than the number it is out of"),
    ("responses-over-population", ERROR, "A survey result with more responses than its population"),
    ("value-disagrees", ERROR, "A value that does not agree with its count and total"),
    ("result-form", ERROR, "A result written in a form its unit does not allow"),
    ("target-form", ERROR, "A target without exactly one of at_least or at_most"),
    ("target-and-targets", ERROR, "A standard with both target and targets"),
    ("targets-order", ERROR, "Targets not written in time order, or two with the same start"),
    ("targets-direction", ERROR, "Targets pointing both ways (at_least and at_most)"),
    ("target-without-unit", ERROR, "A target on a standard that has no unit"),
    ("value-without-unit", ERROR, "A value for a standard that has no unit"),
    ("out-of-needed", ERROR, "A score without out_of, or out_of on another unit"),
    ("control-character", ERROR, "Text with a control character in it, such as NULL or ESCAPE"),
    ("quartiles-out-of-order", ERROR, "Benchmark quartiles not in the order lower_quartile, median, upper_quartile"),
    ("duplicate-benchmark-group", ERROR, "Two benchmark groups in one period with the same name"),
    ("after-retired", ERROR, "A result in or after the period a standard or figure was retired"),
    ("empty-result", ERROR, "A result or commentary left empty in a period that is not a draft"),
    ("config-no-plugin", ERROR, "mkdocs.yml has no standards plugin"),
    ("config-path", ERROR, "A path in mkdocs.yml that is missing or outside the project"),
    ("config-colour", ERROR, "A brand colour too light for white text on it"),
    ("config-inherit", ERROR, "An INHERIT file in mkdocs.yml that cannot be read"),
    ("config-contact-link", ERROR, "A contact website or email address in mkdocs.yml that cannot be a safe link"),
    ("config-template", ERROR, "A template in the 'templates' folder has a mistake, or fails when it is used"),
    ("config-logo", ERROR, "The logo is not a picture the tool can read (PNG, JPEG, GIF, WebP or SVG)"),
    ("config-profile", ERROR, "The printer_profile is not a CMYK ICC colour profile"),
    ("config-site-dir", ERROR, "A site_dir in mkdocs.yml that would delete the project's own files"),
    ("newsletter-too-long", ERROR, "A newsletter takes more pages than its page budget"),
    ("template-unsafe", ERROR, "A landlord's own template reaches into the workings of the tool"),
    ("import-file", ERROR, "A spreadsheet to import cannot be read: not a CSV file or Excel workbook, damaged or too large"),
    ("import-sheet", ERROR, "A workbook to import has no sheet of that name, or several and no --sheet"),
    ("import-header", ERROR, "A spreadsheet to import has no header row the tool recognises, or no period"),
    ("import-unknown-item", ERROR, "A spreadsheet row whose id or title is not a standard or figure"),
    ("import-not-a-number", ERROR, "A spreadsheet cell where a number belongs holds text, a date or another unit"),
    ("import-not-available", ERROR, "A spreadsheet cell says N/A, TBC or '-' instead of giving a missing reason"),
    ("import-duplicate-row", ERROR, "A spreadsheet gives one standard or figure twice for the same period"),
    ("cannot-write", ERROR, "A file or folder cannot be written: no permission, a full disk, a file in the way"),
    ("tsm-tenure", ERROR, "A TSM result or link for a tenure you do not have, or that the measure is not collected for"),
    ("tsm-link", ERROR, "A standard or figure linked to a TSM it cannot be: another unit, or linked twice"),
    ("tsm-off", ERROR, "TSM results or links while TSMs are not switched on, or in a period that is not a financial year"),
    ("tsm-missing", ERROR, "Under check --tsm: a measure, part, tenure or note the year must publish is missing"),
    ("peers-file", ERROR, "The regulator's TSM dataset named under 'peers' is missing, not a workbook or CSV file, or not that dataset"),
    ("peers-sheet", ERROR, "The regulator's TSM dataset has no sheet of LCRA perception, LCHO perception or management information"),
    ("peers-header", ERROR, "A sheet of the regulator's TSM dataset has no header row with a 'Landlord name' cell"),
    ("peers-column", ERROR, "A sheet of the regulator's TSM dataset has no column for a landlord's code, context or a TSM"),
    ("peers-landlord", ERROR, "The landlord code under 'peers' is not in the regulator's TSM dataset"),
    ("peers-cell", ERROR, "A cell of the regulator's TSM dataset is neither a number nor one of its markers"),
    ("action-backwards", WARNING, "An action's state goes back, like done and then on track"),
    ("action-disappeared", WARNING, "An open action is not reported in the next period"),
    ("gap", WARNING, "A standard has no result in a period, after it was first reported"),
    ("never-reported", WARNING, "A checked standard has no result in any period"),
    ("survey-sample", WARNING, "A survey result without the number of responses"),
    ("survey-sample-short", WARNING, "A survey with fewer responses than the regulator's accuracy rule needs"),
    ("character-not-in-font", WARNING, "Text with characters the font does not have, such as Chinese or emoji"),
    ("no-contact", WARNING, "No contact details in mkdocs.yml, so tenants are not told how to reach you"),
    ("contact-placeholder", WARNING, "A contact detail in mkdocs.yml is still a placeholder like '[your phone number]'"),
    ("not-filled-in", WARNING, "A result or commentary in a draft period is not filled in yet"),
    ("tsm-incomplete", WARNING, "A TSM year is missing a measure, a part, a tenure or a note it must publish"),
    ("peers-own-row", WARNING, "Your row in the regulator's TSM dataset differs from your own data"),
    ("peers-year", WARNING, "A dataset under 'peers' for a year with no TSM results in your data"),
    ("data-file-name", WARNING, "A data file named .YAML or .YML in capitals, which is not read"),
)


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file relative to the project, 1-based line and column.

    In a spreadsheet, ``cell`` names the sheet and cell as the spreadsheet shows them ("Q1!C14",
    or "C14" in a CSV file), and line and column are the cell's row and column numbers: staff look
    for the cell, not a line.  An empty ``cell`` is the whole spreadsheet (a file that cannot be read)."""

    file: str
    line: int = 1
    column: int = 1
    length: int = 1  # how many characters the caret covers, on that line
    cell: str | None = None

    def __str__(self) -> str:
        if self.cell is not None:  # an empty cell: the whole spreadsheet file
            return f"{self.file}:{self.cell}" if self.cell else self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    location: Location
    expected: str | None = None
    found: str | None = None
    hint: str | None = None

    @property
    def severity(self) -> str:
        return CODES[self.code].severity

    @property
    def sentence(self) -> str:
        """The message and the suggestion, as one line (the JSON `message`)."""
        return f"{self.message} {self.hint}" if self.hint else self.message

    def sort_key(self) -> tuple:
        return (self.location.file, self.location.line, self.location.column, self.code)


@dataclass
class Problems:
    """Collects every problem; the pipeline fails once at the end, with a count."""

    items: list[Problem] = field(default_factory=list)

    def add(
        self,
        code: str,
        message: str,
        location: Location,
        *,
        expected: str | None = None,
        found: str | None = None,
        hint: str | None = None,
    ) -> None:
        if code not in CODES:  # a programming slip, never the user's
            raise KeyError(f"unregistered problem code {code!r}")
        self.items.append(Problem(code, message, location, expected, found, hint))

    def extend(self, other: Iterable[Problem]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Problem]:
        return sorted((p for p in self.items if p.severity == ERROR), key=Problem.sort_key)

    @property
    def warnings(self) -> list[Problem]:
        return sorted((p for p in self.items if p.severity == WARNING), key=Problem.sort_key)


class DataError(Exception):
    """Problems found while the files are made, not by the check: a landlord's template that fails
    while a page or a newsletter is rendered (present/templates.py).  Raised there, it carries the
    located problems up to the command or the MkDocs plugin, which report them like the check's, and
    back whole from the processes that write pages and newsletters (hence :meth:`__reduce__`)."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        count = len([p for p in self.problems if p.severity == ERROR])
        super().__init__(f"{count} error{'s' if count != 1 else ''} in the data")

    def __reduce__(self):  # sent back whole from the page writer's and the newsletters' processes
        return (type(self), (self.problems,))


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """'Did you mean …?' for the closest choice, or None when nothing is close."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered and lowered[word.lower()] != word:
        return f"Did you mean '{lowered[word.lower()]}'?"
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    if close:
        return f"Did you mean '{lowered[close[0]]}'?"
    return None


def quote(text: str, limit: int = 60) -> str:
    """A user's value, quoted and shortened for a message."""
    text = text.replace("\n", " ")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def words_list(items: Sequence[str], conjunction: str = "or") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]
