"""Plain-English words for statuses, trends, targets and runs, shared by the site and newsletters.

A status is always shown as an icon *and* a word (never colour alone); the
icons differ in shape as well as colour.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from generator.assess.rules import CLOSE, MET, MISSED, NO_DATA, Assessment
from generator.model import Item, Target
from generator.present.values import display_previous, format_target, format_value, margin_text, same_when_shown
from generator.present.values import shown as shown_value


@dataclass(frozen=True)
class StatusWords:
    status: str
    word: str  # shown beside the icon
    sentence: str  # for summaries: "we met"
    icon: str  # SVG path data, 24 x 24, a distinct shape for each status
    css: str


STATUS_WORDS: dict[str | None, StatusWords] = {
    MET: StatusWords(MET, "Met", "met", "M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z", "met"),
    CLOSE: StatusWords(CLOSE, "Close", "were close on",
                       "M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 2v16a8 8 0 0 1 0-16z", "close"),
    MISSED: StatusWords(MISSED, "Missed", "missed",
                        "M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z",
                        "missed"),
    NO_DATA: StatusWords(NO_DATA, "No data", "have no figures for", "M5 11h14v2H5z", "no-data"),
    None: StatusWords("none", "Not scored", "do not score", "M12 7a5 5 0 1 0 0 10 5 5 0 0 0 0-10z", "none"),
}

# Abbreviations tenants meet in housing reports, explained wherever they appear.
ABBREVIATIONS: dict[str, str] = {
    "ASB": "anti-social behaviour",
    "TSM": "Tenant Satisfaction Measures, set by the Regulator of Social Housing",
    "TSMs": "Tenant Satisfaction Measures, set by the Regulator of Social Housing",
    "STAR": "Survey of Tenants and Residents, a standard tenant survey",
    "FRA": "fire risk assessment",
    "FRAs": "fire risk assessments",
    "EICR": "electrical installation condition report",
    "LGSR": "landlord gas safety record",
    "RSH": "Regulator of Social Housing",
    "KPI": "key performance indicator",
    "KPIs": "key performance indicators",
}
_ABBR = re.compile(r"\b(" + "|".join(sorted(map(re.escape, ABBREVIATIONS), key=len, reverse=True)) + r")\b")

ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth"]
PERIOD_NOUNS = {"year": "year", "quarter": "quarter", "calendar": "survey"}


def status_badge(status: str | None) -> Markup:
    """The word, in a badge whose icon (a shape of its own for each status) the stylesheet draws:
    see ``status_icon_css``.  The word is what a screen reader reads; the icon is decoration."""
    words = STATUS_WORDS[status]
    return Markup(f'<span class="status status--{words.css}">{words.word}</span>')


def status_icon_css() -> str:
    """The badges' icons, from the same registry as the words: one small SVG a status, drawn as a
    mask in the text colour (so it follows the colour scheme), kept when printing, and in the
    system's text colour in forced-colours (high contrast) mode.  In CSS rather than inline SVG
    in every badge: a large landlord's pages carry tens of thousands of badges."""
    rules = [
        ".md-typeset .status::before {\n"
        '  content: "";\n  flex: none;\n  width: 1.15em;\n  height: 1.15em;\n'
        "  background-color: currentColor;\n"
        "  -webkit-mask: var(--std-icon) center / contain no-repeat;\n"
        "  mask: var(--std-icon) center / contain no-repeat;\n"
        "  -webkit-print-color-adjust: exact;\n  print-color-adjust: exact;\n}\n",
        "@media (forced-colors: active) {\n"
        "  .md-typeset .status::before { forced-color-adjust: none; background-color: CanvasText; }\n}\n",
    ]
    for words in STATUS_WORDS.values():
        svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'><path d='{words.icon}'/></svg>"
        uri = "data:image/svg+xml," + quote(svg, safe=" /=:,.'")
        rules.append(f'.md-typeset .status--{words.css} {{ --std-icon: url("{uri}"); }}\n')
    return "".join(rules)


@functools.lru_cache(maxsize=4096)  # titles, shown in every row that names the standard
def explain(text: str) -> Markup:
    """Plain text, escaped, with known abbreviations marked up and explained."""
    escaped = html.escape(text, quote=False)
    return Markup(_ABBR.sub(lambda m: f'<abbr title="{html.escape(ABBREVIATIONS[m.group(1)])}">'
                                      f"{m.group(1)}</abbr>", escaped))


def abbreviations_in(texts: list[str]) -> list[tuple[str, str]]:
    found = sorted({m.group(1) for text in texts for m in _ABBR.finditer(text)})
    return [(a, ABBREVIATIONS[a]) for a in found]


def target_words(item: Item, target: Target | None) -> str:
    if target is None or item.unit is None:
        return "no target"
    return format_target(target, item.unit, item.out_of)


def value_words(row: Assessment) -> str:
    """The value as shown, or why there is none; a survey percentage with its margin of error,
    '76% (± 3.2)' (see margin_explanation for the words that say what it means)."""
    shown = shown_value(row)
    if shown is not None:
        margin = margin_text(row)
        return f"{shown} ({margin})" if margin else shown
    if row.result is not None and row.result.missing:
        return "No figure"
    return "No result"


def trend_words(row: Assessment) -> str | None:
    """'down from 93.9% in 2020-21, worse' — or None with nothing to compare."""
    if row.trend is None or row.previous_period is None:
        return None
    previous = display_previous(row)
    where = f"in {row.previous_period.label}"
    if row.trend == "same":
        return f"the same as {where} ({previous})"
    if about_the_same(row):
        within = " (the change is within the margin of error)" if row.significant_change is False else ""
        return f"about the same as {previous} {where}{within}"
    rising = row.value > row.previous_value  # type: ignore[operator]
    direction = "up" if rising else "down"
    verdict = {"better": ", better", "worse": ", worse"}.get(row.trend, "")
    return f"{direction} from {previous} {where}{verdict}"


def margin_explanation(row: Assessment) -> str | None:
    """The one line that says what '± 3.2' means, for the first survey figure with a margin on a page
    or in a newsletter; None for a row without a margin.  Spelt out in words ("plus or minus") as
    well as the sign, so it reads the same to everyone, whatever a screen reader does with "±"."""
    if row.margin_of_error is None:
        return None
    points = row.margin_of_error
    return (f"± {points} means plus or minus {points} percentage points, the survey's margin of error: "
            f"the result for all tenants is very likely (95 times in 100) within {points} points of the "
            "figure from those who answered.")


def first_margin_explanation(rows) -> str | None:
    """margin_explanation for the first of ``rows`` (in page order) that has a margin, else None."""
    return next((text for text in map(margin_explanation, rows) if text), None)


class MarginNote:
    """What '± 3.2' means, said once a page: the first call with a row (or rows) that has a margin of
    error gives the sentence as a paragraph, every later call nothing.  One is made for each page
    rendered, and the templates call it after each place values are shown (``{{ margin_note(rows) }}``).

    The sign is written "±", not in an <abbr title="plus or minus">: screen readers do not read an
    abbreviation's title by default, and a title is never shown on a phone or in print; NVDA reads
    "±" itself as "Plus or Minus" at its default punctuation level (its English symbols.dic).  The
    sentence then says "plus or minus" in words, so no reader, and no one unsure of the sign,
    depends on the symbol."""

    def __init__(self) -> None:
        self.said = False

    def __call__(self, rows) -> Markup:
        if self.said or rows is None:
            return Markup("")
        text = first_margin_explanation([rows] if isinstance(rows, Assessment) else rows)
        if text is None:
            return Markup("")
        self.said = True
        return Markup(f'<p class="margin-note">{html.escape(text, quote=False)}</p>')


def about_the_same(row: Assessment) -> bool:
    """A change worded "about the same" rather than up or down: for a survey percentage, a change
    within the margin of error (not significant at 95%); otherwise, one too small to see at the
    precision the two values are shown at.  The row's trend is unchanged (FORMAT.md)."""
    if row.trend in (None, "same"):
        return False
    if row.significant_change is not None:
        return not row.significant_change
    return same_when_shown(row)


def tolerance_words(item: Item, target: Target | None) -> str | None:
    """What 'close' means for this standard, always said where 'close' is shown."""
    if target is None or item.unit is None:
        return None
    if not item.tolerance:
        return "This standard has no tolerance: anything short of the target is missed."
    if item.unit == "percent":
        points = format_value(item.tolerance, "percent")[:-1]
        amount = f"{points} percentage point{'' if item.tolerance == 1 else 's'}"
    else:
        amount = format_value(item.tolerance, item.unit, item.out_of)
    side = "below" if target.direction == "at_least" else "above"
    return f"Close means not met, but no more than {amount} {side} the target."


def run_words(count: int, kind: str, status: str) -> str | None:
    """'missed for the third quarter running' (from two in a row)."""
    if count < 2:
        return None
    noun = PERIOD_NOUNS.get(kind, "period")
    word = "missed" if status == MISSED else "close but not met"
    return f"{word} for the {ordinal(count)} {noun} running"


def ordinal(count: int) -> str:
    """'third' up to 'twelfth', then '13th', '21st', '22nd', '23rd', '111th'."""
    if count <= len(ORDINALS):
        return ORDINALS[count - 1]
    if count % 100 in (11, 12, 13):
        return f"{count}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(count % 10, "th")
    return f"{count}{suffix}"


def target_change_words(item: Item, old: Target, new: Target) -> str:
    """'Target raised from 78% to 82% (harder to meet)'."""
    unit = item.unit or "count"
    raised = new.value > old.value
    harder = raised if new.direction == "at_least" else not raised
    verb = "raised" if raised else "lowered"
    return (f"Target {verb} from {format_target(old, unit, item.out_of)} to "
            f"{format_target(new, unit, item.out_of)} ({'harder' if harder else 'easier'} to meet)")


def count_sentence(counts: dict[str | None, int]) -> str:
    """'Of 46 standards we checked, we met 38, were close on 5, missed 2 and have no figures for 1.'"""
    total = sum(counts.get(s, 0) for s in (MET, CLOSE, MISSED, NO_DATA))
    if not total:
        return "There are no standards with a target for this period."
    noun = "standard" if total == 1 else "standards"
    if counts.get(MET) == total:
        return f"Of {total} {noun} with a target, we met {'it' if total == 1 else f'all {total}'}."
    if counts.get(NO_DATA) == total:  # nothing was scored: "we have no figures for 5" reads like a part
        return f"Of {total} {noun} with a target, we have no figures for {'it' if total == 1 else 'any'}."
    parts = [f"{STATUS_WORDS[s].sentence} {counts[s]}" for s in (MET, CLOSE, MISSED, NO_DATA) if counts.get(s)]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Of {total} {noun} with a target, we {listed}."


# The summaries' sentences below count what was scored in the period (a result against a target in
# force), so a period where nothing was scored never reads as "we met every standard".

def _standards(count: int) -> str:
    return f"{count} standard" if count == 1 else f"{count} standards"


def scored_count(counts: dict[str | None, int]) -> int:
    """How many standards have a result against a target in force (met, close or missed)."""
    return sum(counts.get(s, 0) for s in (MET, CLOSE, MISSED))


def nothing_scored(counts: dict[str | None, int], label: str) -> str | None:
    """Why nothing was scored in the period, or None when something was."""
    with_target = scored_count(counts) + counts.get(NO_DATA, 0)
    if not with_target:
        return f"No standard had a target in {label}."
    if not scored_count(counts):
        return f"None of our {_standards(with_target)} with a target had a result in {label}."
    return None


def none_missed_sentence(counts: dict[str | None, int], label: str) -> str:
    """The home page's line when nothing was missed: how many were met or close, counted."""
    empty = nothing_scored(counts, label)
    if empty:
        return empty
    scored = scored_count(counts)
    if not counts.get(CLOSE):
        return met_all_sentence(counts, label)
    every = "the only standard" if scored == 1 else f"all {_standards(scored)}"
    return f"We met or came close on {every} with a result in {label}."


def met_all_sentence(counts: dict[str | None, int], label: str) -> str:
    """The falling-short page's line when nothing was missed or close."""
    empty = nothing_scored(counts, label)
    if empty:
        return empty
    scored = scored_count(counts)
    every = "the only standard" if scored == 1 else f"all {_standards(scored)}"
    return f"We met {every} with a result in {label}."


def no_data_sentence(counts: dict[str | None, int], label: str) -> str:
    """How many standards with a target have no result in the period ("102 of 103 ...")."""
    missing = counts.get(NO_DATA, 0)
    with_target = scored_count(counts) + missing
    if not with_target:  # said once already above this line on the page: say what it means here
        return f"No standard had a target in {label}, so none is counted here."
    if not missing:
        if with_target == 1:
            return f"The only standard with a target has a result for {label}."
        return f"All {with_target} standards with a target have a result for {label}."
    verb = "has" if missing == 1 else "have"
    return f"{missing} of {_standards(with_target)} with a target {verb} no result for {label}."
