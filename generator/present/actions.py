"""Action plans as tenants read them: a plan by objective, each action's status in words, dates in
words, and the actions serving a standard.  The rules (status, overdue, history) are assess/actions.py's;
this module only arranges and words them, for the pages, the newsletter and the open data alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from generator.assess.actions import STATUSES, ActionRow, action_rows, actions_serving, done_in, late_in
from generator.assess.actions import latest_action_period
from generator.assess.actions import plan_summary, summary_sentence
from generator.model import Item, Objective, PeriodFile, Plan, Project


def date_words(day: dt.date | None) -> str:
    """31 December 2019: the day without a leading zero, the month in full (as the newsletter's date)."""
    return f"{day.day} {day.strftime('%B %Y')}" if day else ""


def status_words(status: str) -> str:
    return STATUSES[status]


def action_badge(status: str) -> Markup:
    """The status as a word in a badge; the word is what is read, the border and shape only decoration."""
    return Markup('<span class="action-status action-status--{}">{}</span>').format(
        status.replace("_", "-"), STATUSES[status])


def plan_path(plan: Plan | str) -> str:
    """The plan's page, from the plan or its id (an action names its plan by id)."""
    return f"plans/{plan if isinstance(plan, str) else plan.id}.md"


PLANS_PAGE = "plans/index.md"


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class ObjectiveView:
    objective: Objective
    rows: tuple[ActionRow, ...]


@dataclass(frozen=True)
class PlanView:
    plan: Plan
    period_file: PeriodFile | None  # the period the statuses are as at (None: no progress reported yet)
    rows: tuple[ActionRow, ...]
    objectives: tuple[ObjectiveView, ...]
    counts: dict

    @property
    def sentence(self) -> str:
        """'12 of 40 actions done, 3 late', as a sentence."""
        return sentence_case(summary_sentence(self.counts)) + "."

    @property
    def as_at(self) -> str:
        """When the statuses are from, in words."""
        if self.period_file is None:
            return "We have not reported progress on this plan yet."
        return f"Progress as at {date_words(self.period_file.period.end)} (our report for {self.period_file.period.label})."


def plan_view(project: Project, plan: Plan, period_file: PeriodFile | None = None) -> PlanView:
    shown = period_file if period_file is not None else latest_action_period(project)
    rows = tuple(action_rows(project, plan, shown))
    objectives = tuple(ObjectiveView(o, tuple(r for r in rows if r.action.objective == o.id))
                       for o in plan.objectives)
    return PlanView(plan, shown, rows, objectives, plan_summary(list(rows)))


def history_lines(row: ActionRow) -> list[str]:
    """What each earlier period said of the action, oldest first: 'On track in 2024-25 Q1', or
    'Dropped in 2024-25 Q3: Tenants told us they prefer phone and email.' for a dropped one."""
    lines = []
    for period_file, report in row.history:
        text = f"{STATUSES.get(report.state, report.state)} in {period_file.period.label}"
        if report.state == "done" and report.done:
            text += f", on {date_words(report.done)}"
        if report.state == "dropped" and report.reason:
            text += f": {report.reason.strip()}"
        lines.append(text)
    return lines


def serving_rows(project: Project, item: Item) -> list[ActionRow]:
    """The actions that serve a standard or figure, with their latest status, in plan order."""
    wanted = {a.id for a in actions_serving(project, item)}
    if not wanted:
        return []
    latest = latest_action_period(project)
    return [row for plan in project.plans for row in action_rows(project, plan, latest) if row.action.id in wanted]


def plan_of(project: Project, row: ActionRow) -> Plan:
    return next(p for p in project.plans if p.id == row.action.plan)


@dataclass(frozen=True)
class SaidDid:
    """The newsletter's "You said, we did": the actions done in the period, then those late at its end."""

    period_file: PeriodFile
    done: tuple[ActionRow, ...]
    late: tuple[ActionRow, ...]

    @property
    def intro(self) -> str:
        label = self.period_file.period.label
        if not self.done and not self.late:
            return f"We finished no actions from our plans in {label}, and none of them is late."
        done = len(self.done)
        late = len(self.late)
        parts = []
        if done:
            parts.append(f"we finished {_number(done)} action{'s' if done != 1 else ''} from our plans")
        if late:
            were = "is" if late == 1 else "are"
            parts.append(f"{_number(late)} {were} late" if done else
                         f"{_number(late)} action{'s' if late != 1 else ''} from our plans {were} late")
        return f"In {label}, " + " and ".join(parts) + "."


def _number(n: int) -> str:
    """Whole numbers to nine in words, as a newsletter writes them; larger ones in figures."""
    return ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")[n] if n < 10 else str(n)


def done_line(row: ActionRow) -> str:
    """'Done on 12 February 2024.' or 'Done on 3 May 2024, after its due date of 31 March 2024.'"""
    text = f"Done on {date_words(row.report.done)}"
    if row.status == "done_late" and row.action.due:
        text += f", after its due date of {date_words(row.action.due)}"
    return text + "."


def late_line(row: ActionRow) -> str:
    """'Due 31 January 2024. Lead: Repairs Manager.'"""
    text = f"Due {date_words(row.action.due)}." if row.action.due else ""
    if row.action.lead:
        text += f" Lead: {row.action.lead}."
    return text.strip()


def action_name(row: ActionRow) -> str:
    return f"{row.action.number} {row.action.title}" if row.action.number else row.action.title


def said_did(project: Project, period_file: PeriodFile) -> SaidDid | None:
    """None when the project has no plans, or the period reports on none of their actions: the
    newsletter then has no such section (without reports, every action due would read as late)."""
    if not project.plans or not period_file.actions:
        return None
    return SaidDid(period_file, tuple(done_in(project, period_file)), tuple(late_in(project, period_file)))
