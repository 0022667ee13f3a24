"""Progress of action plans: pure functions over the model, no I/O.

Every rule is judged at a period's END date: an action due on that day is
"due today", not overdue; an action done on its due date is on time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model import Action, ActionReport, Item, PeriodFile, Plan, Project
from generator.registry.actions import FINAL_STATES

# status -> words, in display order (one registry: pages, newsletter and open data use it)
STATUSES: dict[str, str] = {
    "late": "Late",
    "done_late": "Done late",
    "done": "Done",
    "on_track": "On track",
    "not_started": "Not started",
    "dropped": "Dropped",
    "not_reported": "No update",
}



@dataclass(frozen=True)
class ActionRow:
    """One action in one period."""

    action: Action
    report: ActionReport | None  # None: not reported this period
    status: str  # a key of STATUSES
    overdue: bool
    history: tuple[tuple[PeriodFile, ActionReport], ...]  # every report up to this period, oldest first
    # not reported this period, but done or dropped earlier: that period and report, whose state it keeps
    carried_from: tuple[PeriodFile, ActionReport] | None = None

    @property
    def last_report(self) -> ActionReport | None:
        """This period's report, else the earlier done or dropped one it keeps (its date, reason, update)."""
        return self.report if self.report is not None else (self.carried_from[1] if self.carried_from else None)


def latest_action_period(project: Project) -> PeriodFile | None:
    """The latest published period file with an `actions:` block, or None."""
    with_actions = [p for p in project.periods if p.actions and not p.draft]
    return max(with_actions, key=lambda p: p.time_order) if with_actions else None


def is_overdue(action: Action, report: ActionReport | None, on: dt.date) -> bool:
    """Not done, not dropped and its due date before `on` (due on `on` is "due today")."""
    if report is not None and report.state in FINAL_STATES:
        return False
    return action.due is not None and action.due < on


def status_of(action: Action, report: ActionReport | None, on: dt.date) -> str:
    """The status word's key for an action judged at the date `on` (a period's end)."""
    if report is None:
        return "not_reported"
    if report.state == "done":
        late = action.due is not None and report.done is not None and report.done > action.due
        return "done_late" if late else "done"
    if report.state == "dropped":
        return "dropped"
    if report.state == "late" or is_overdue(action, report, on):
        return "late"
    return report.state


def _history(project: Project, action_id: str, upto: PeriodFile) -> tuple[tuple[PeriodFile, ActionReport], ...]:
    limit = upto.time_order
    found = [
        (p, p.actions[action_id])
        for p in project.periods
        if action_id in p.actions and (p is upto or p.time_order <= limit)
    ]
    found.sort(key=lambda pair: pair[0].time_order)
    return tuple(found)


def action_row(project: Project, action: Action, period_file: PeriodFile | None) -> ActionRow:
    if period_file is None:
        return ActionRow(action, None, "not_reported", False, ())
    report = period_file.actions.get(action.id)
    on = period_file.period.end
    history = _history(project, action.id, period_file)
    if report is None and history and history[-1][1].state in FINAL_STATES:
        # done or dropped earlier and left out since: it keeps that state (and is never overdue)
        return ActionRow(action, None, status_of(action, history[-1][1], on), False, history, history[-1])
    return ActionRow(action, report, status_of(action, report, on), is_overdue(action, report, on), history)


def action_rows(project: Project, plan: Plan, period_file: PeriodFile | None = None) -> list[ActionRow]:
    """One row per action of the plan, in the order written, judged in `period_file`
    (None: the latest published period file that has an `actions:` block)."""
    if period_file is None:
        period_file = latest_action_period(project)
    return [action_row(project, action, period_file) for action in plan.actions]


def plan_summary(rows: list[ActionRow]) -> dict[str, int]:
    """Status -> count (every key of STATUSES, zeros included), plus "total"."""
    counts = {status: 0 for status in STATUSES}
    for row in rows:
        counts[row.status] += 1
    counts["total"] = len(rows)
    return counts


def summary_sentence(counts: dict[str, int]) -> str:
    """ "12 of 40 actions done, 3 late" (done counts the ones done late too), "1 dropped" added
    when any were; "no actions yet" when the plan has none."""
    total = counts.get("total", 0)
    if not total:
        return "no actions yet"
    done = counts.get("done", 0) + counts.get("done_late", 0)
    noun = "action" if total == 1 else "actions"
    sentence = f"{done} of {total} {noun} done, {counts.get('late', 0)} late"
    if counts.get("dropped", 0):
        sentence += f", {counts['dropped']} dropped"
    return sentence


def actions_serving(project: Project, item: Item) -> list[Action]:
    """Every action whose `serves:` names the item, by its id or by its TSM column."""
    names = {item.id}
    if item.tsm is not None:
        names.add(item.tsm.column)
    return [a for plan in project.plans for a in plan.actions if names.intersection(a.serves)]


def _all_rows(project: Project, period_file: PeriodFile) -> list[ActionRow]:
    return [action_row(project, a, period_file) for plan in project.plans for a in plan.actions]


def done_in(project: Project, period_file: PeriodFile) -> list[ActionRow]:
    """Actions done with a done date inside the period (its start to its end)."""
    start, end = period_file.period.start, period_file.period.end
    return [
        row
        for row in _all_rows(project, period_file)
        if row.report is not None
        and row.report.state == "done"
        and row.report.done is not None
        and start <= row.report.done <= end
    ]


def late_in(project: Project, period_file: PeriodFile) -> list[ActionRow]:
    """Actions late (reported late, or overdue) at the period's end."""
    return [row for row in _all_rows(project, period_file) if row.status == "late"]
