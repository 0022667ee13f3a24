"""actions/<plan>.yaml (action plans) and a period file's `actions:` reports.

Dates are read by one parser, :func:`read_day`, for `due:` and `done:` alike.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import PurePosixPath

from generator.model import ACTION_STATES, Action, ActionReport, Objective, PeriodFile, Plan
from generator.problems import Location, Problems, did_you_mean, quote
from generator.registry import keys as schema
from generator.registry.actions import FINAL_STATES
from generator.source.yaml import Node, describe
from generator.validate.values import id_problem, read_text, read_whole, suggest_id

_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
# day-month-year as landlords write it: 31-12-19, 31/12/2019, 31.12.2019
_DMY = re.compile(r"([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})")


def _day_words(day: dt.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _not_a_day(text: str, year: int, month: int, day: int, node: Node, what: str, problems: Problems) -> None:
    if not 1 <= month <= 12:
        problems.add("invalid-date", f"{quote(text)} is not a date: there is no month {month}.", node.location,
                     expected="a date that exists, written YYYY-MM-DD", found=quote(text),
                     hint="Write it as year-month-day, like 2024-03-31.")
        return
    days = calendar.monthrange(year, month)[1]
    name = calendar.month_name[month]
    # February's length depends on the year; the other months' do not
    has = f"{name} {year} has {days} days" if month == 2 else f"{name} has {days} days"
    problems.add("invalid-date", f"{quote(text)} is not a date: {has}.", node.location,
                 expected="a date that exists, written YYYY-MM-DD", found=quote(text),
                 hint=f"Write the last day of {name} {year} as {year:04d}-{month:02d}-{days:02d}.")


def read_day(node: Node, what: str, problems: Problems) -> dt.date | None:
    """A date: YYYY-MM-DD, or day-month-year when it cannot be misread (the day is over 12, or
    the day and month are the same number); two-digit years are 20YY."""
    text = node.text.strip() if node.kind == "scalar" else ""
    iso = _ISO.fullmatch(text)
    dmy = _DMY.fullmatch(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif dmy:
        day, month = int(dmy.group(1)), int(dmy.group(3))
        year = int(dmy.group(4)) + (2000 if len(dmy.group(4)) == 2 else 0)
        if day <= 12 and month <= 12 and day != month:
            one, other = dt.date(year, month, day), dt.date(year, day, month)
            problems.add("ambiguous-date",
                         f"{quote(text)} could be {_day_words(one)} or {_day_words(other)}.", node.location,
                         expected="a date written YYYY-MM-DD", found=quote(text),
                         hint=f"Write it as {one.isoformat()} ({one.day} {calendar.month_name[one.month]}) or "
                              f"{other.isoformat()} ({other.day} {calendar.month_name[other.month]}).")
            return None
    else:
        problems.add("invalid-date", f"{what} is {quote(text) if text else describe(node)}, which is not a date.",
                     node.location, expected="a date written YYYY-MM-DD, like 2024-03-31",
                     found=quote(text) if text else describe(node),
                     hint="Write the year, month and day with hyphens, like 2024-03-31.")
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        _not_a_day(text, year, month, day, node, what, problems)
        return None


def _tsm_columns() -> frozenset[str]:
    from generator.registry.tsm import CATALOGUES

    return frozenset(c.name for cat in CATALOGUES.values() for c in cat.columns)


def read_plan(file: str, tree: Node, problems: Problems) -> Plan | None:
    stem = PurePosixPath(file).stem
    reason = id_problem(stem)
    if reason:
        problems.add("invalid-plan-id", f"The file name {quote(PurePosixPath(file).name)} cannot be used: the "
                     f"file name is the plan's id in web addresses. {reason}", Location(file),
                     expected="a file name like customer-service-strategy.yaml", found=quote(stem),
                     hint=f"Rename the file to '{suggest_id(stem) or 'plan-name'}.yaml'.")
    if not schema.check_mapping(tree, schema.PLAN, "an action plan file", problems):
        return None
    title_node = tree.get("plan")
    title = read_text(title_node, "'plan'", problems) if title_node is not None else None
    summary = _optional_text(tree.get("summary"), "'summary'", problems)
    order_node = tree.get("order")
    order = read_whole(order_node, "'order'", problems) if order_node is not None and not order_node.is_null else None
    objectives = _objectives(tree.get("objectives"), problems)
    ids = {o.id for o in objectives}
    actions: list[Action] = []
    actions_node = tree.get("actions")
    if actions_node is not None and not actions_node.is_null:
        if actions_node.kind != "list":
            problems.add("wrong-type", f"'actions' should be a list of actions, but {describe(actions_node)} is "
                         "given.", actions_node.location, expected="lines starting '- id: '",
                         found=describe(actions_node), hint="Start each action with '- id: '.")
        else:
            for entry in actions_node.items:
                action = _action(entry, stem, ids, problems)
                if action is not None:
                    actions.append(action)
    if title is None or reason:
        return None
    plan_key = tree.key_node("plan")
    return Plan(stem, title, file, plan_key.location if plan_key else Location(file), summary, order,
                tuple(objectives), tuple(actions))


def _optional_text(node: Node | None, what: str, problems: Problems) -> str | None:
    if node is None or node.is_null:
        return None
    return read_text(node, what, problems)


def _objectives(node: Node | None, problems: Problems) -> list[Objective]:
    if node is None:
        return []
    if node.kind != "list" or not node.items:
        problems.add("wrong-type", f"'objectives' should be a list of at least one objective, but "
                     f"{describe(node)} is given.", node.location, expected="lines starting '- id: '",
                     found=describe(node), hint="Add '- id: listen' and 'title: ...' under 'objectives:'.")
        return []
    found: dict[str, Objective] = {}
    for entry in node.items:
        if not schema.check_mapping(entry, schema.OBJECTIVE, "an objective", problems):
            continue
        id_node, title_node = entry.get("id"), entry.get("title")
        if id_node is None or title_node is None:
            continue
        oid = read_text(id_node, "An objective's 'id'", problems)
        title = read_text(title_node, "An objective's 'title'", problems)
        if oid is None or title is None:
            continue
        if oid in found:
            problems.add("duplicate-id", f"The objective id {quote(oid)} is already used in this plan "
                         f"({found[oid].location}).", id_node.location,
                         expected="an objective id used once in its plan", hint="Give one of them a different id.")
            continue
        found[oid] = Objective(oid, title, id_node.location, _optional_text(entry.get("summary"), "'summary'",
                                                                              problems))
    return list(found.values())


def _action(entry: Node, plan: str, objectives: set[str], problems: Problems) -> Action | None:
    if not schema.check_mapping(entry, schema.ACTION, "an action", problems):
        return None
    id_node = entry.get("id")
    if id_node is None:
        return None
    aid = read_text(id_node, "An action's 'id'", problems)
    what = f"action {quote(aid)}" if aid else "an action"
    fields = {}
    for key in ("title", "lead", "resources"):
        node = entry.get(key)
        fields[key] = read_text(node, f"The {key!r} of {what}", problems) if node is not None else None
    number_node = entry.get("number")
    # `number: 1.1` is a YAML float: the plan's own text "1.1" is kept ("1.10" stays "1.10")
    number = number_node.text.strip() if number_node is not None and number_node.kind == "scalar" \
        and not number_node.is_null else None
    objective_node = entry.get("objective")
    objective = None
    if objective_node is not None:
        objective = read_text(objective_node, f"The 'objective' of {what}", problems)
        if objective is not None and objectives and objective not in objectives:
            problems.add("unknown-objective", f"{what[0].upper()}{what[1:]} is for the objective {quote(objective)}, "
                         "which this plan does not have.", objective_node.location,
                         expected="the id of one of the plan's objectives: " + ", ".join(sorted(objectives)),
                         found=quote(objective),
                         hint=did_you_mean(objective, objectives) or "Check the spelling, or add the objective.")
            objective = None
    due_node = entry.get("due")
    due = read_day(due_node, f"The 'due' date of {what}", problems) if due_node is not None else None
    risks = _text_list(entry.get("risks"), f"The 'risks' of {what}", problems)
    serves = _text_list(entry.get("serves"), f"The 'serves' of {what}", problems)
    if aid is None or fields["title"] is None or objective is None or due is None or fields["lead"] is None:
        return None
    return Action(aid, fields["title"], objective, plan, id_node.location, due, fields["lead"], number,
                  risks, fields["resources"], serves)


def _text_list(node: Node | None, what: str, problems: Problems) -> tuple[str, ...]:
    if node is None or node.is_null:
        return ()
    if node.kind == "scalar":
        return (node.text.strip(),)
    if node.kind != "list":
        problems.add("wrong-type", f"{what} should be a list, but {describe(node)} is given.", node.location,
                     expected="a list like [CR3, CR7]", found=describe(node), hint="Write it as [A, B].")
        return ()
    return tuple(i.text.strip() for i in node.items if i.kind == "scalar" and not i.is_null)


def check_plans(plans: list[Plan], item_ids, problems: Problems) -> list[Plan]:
    """Action ids unique across every plan; `serves:` names a standard, figure or TSM column."""
    seen: dict[str, Action] = {}
    columns = _tsm_columns()
    kept = []
    for plan in plans:
        actions = []
        for action in plan.actions:
            if action.id in seen:
                problems.add("duplicate-id", f"The action id {quote(action.id)} is already used "
                             f"({seen[action.id].location}).", action.location,
                             expected="an action id used once across every plan",
                             hint="Give one of them a different id: period files report progress by it.")
                continue
            seen[action.id] = action
            for name in action.serves:
                if name not in item_ids and name not in columns:
                    problems.add("unknown-id", f"Action {quote(action.id)} serves {quote(name)}, which is not a "
                                 "standard, a figure or a TSM column.", action.location,
                                 expected="the id of a standard or figure, or a TSM column like TP09",
                                 found=quote(name),
                                 hint=did_you_mean(name, list(item_ids) + sorted(columns))
                                 or "Check the spelling, or remove it from 'serves'.")
            actions.append(action)
        kept.append(plan)
    return kept


def read_reports(node: Node | None, action_ids: set[str], draft: bool, problems: Problems,
                 check_ids: bool = True) -> dict[str, ActionReport]:
    """A period file's `actions:` block: action id -> its report."""
    if node is None or node.is_null:
        return {}
    if node.kind != "mapping":
        problems.add("wrong-type", f"'actions' should map each action's id to its progress, but {describe(node)} "
                     "is given.", node.location, expected="lines like 'tenant-app: on_track'",
                     found=describe(node), hint="Write one line per action: its id, a colon and its state.")
        return {}
    reports = {}
    for key, key_node, value in node.pairs():
        if check_ids and key not in action_ids:
            problems.add("action-unknown", f"There is no action with the id {quote(key)} in any plan.",
                         key_node.location, expected="the id of an action in actions/", found=quote(key),
                         hint=did_you_mean(key, action_ids) or "Check the spelling, or add the action to its plan.")
            continue
        report = _report(key, key_node, value, draft, problems)
        if report is not None:
            reports[key] = report
    return reports


def _state(node: Node, what: str, problems: Problems) -> str | None:
    text = node.text.strip() if node.kind == "scalar" else ""
    if text in ACTION_STATES:
        return text
    problems.add("wrong-type", f"The state of {what} is {quote(text) if text else describe(node)}.", node.location,
                 expected="one of: " + ", ".join(ACTION_STATES), found=quote(text) if text else describe(node),
                 hint=did_you_mean(text, ACTION_STATES) or "Write one of: " + ", ".join(ACTION_STATES) + ".")
    return None


def _report(key: str, key_node: Node, node: Node, draft: bool, problems: Problems) -> ActionReport | None:
    what = f"action {quote(key)}"
    if node.kind == "scalar":  # a state word alone: short for {state: on_track}
        state = _state(node, what, problems)
        if state is None:
            return None
        if state == "done":
            problems.add("missing-key", f"Action {quote(key)} is done, but the date it was done is not given.",
                         node.location, expected="'done:' with a date",
                         hint="Write it as {state: done, done: 2024-02-12} with the day it was done.")
            return None
        if state == "dropped":
            problems.add("action-reason", f"Action {quote(key)} is dropped, but no reason is given.", node.location,
                         expected="'reason:' with text", hint="Write it as {state: dropped, reason: why it was "
                         "dropped}: tenants are told why.")
            return None
        return ActionReport(key, state, key_node.location)
    if not schema.check_mapping(node, schema.ACTION_REPORT, f"the report of {what}", problems):
        return None
    state_node = node.get("state")
    state = _state(state_node, what, problems) if state_node is not None else None
    done_node, reason_node = node.get("done"), node.get("reason")
    done = None
    if done_node is not None and not done_node.is_null:
        done = read_day(done_node, f"The 'done' date of {what}", problems)
        if state is not None and state != "done":
            problems.add("action-done-date", f"Action {quote(key)} has a 'done' date but its state is "
                         f"{quote(state)}.", done_node.location, expected="'done:' only with state: done",
                         found=quote(state), hint="Change the state to done, or remove the 'done' line.")
            return None
    elif state == "done":
        problems.add("missing-key", f"Action {quote(key)} is done, but the date it was done is not given.",
                     node.location, expected="'done:' with a date", hint="Add 'done: 2024-02-12' with the day it "
                     "was done.")
        return None
    reason = _optional_text(reason_node, f"The 'reason' of {what}", problems)
    if state == "dropped" and not reason:
        problems.add("action-reason", f"Action {quote(key)} is dropped, but no reason is given.",
                     node.location, expected="'reason:' with text",
                     hint="Add 'reason:' saying why it was dropped: tenants are told why.")
        return None
    update_node = node.get("update")
    update = None
    if update_node is not None:
        if update_node.is_null and draft:
            problems.add("not-filled-in", f"The update of {what} is not filled in yet.", update_node.location,
                         expected="a short update", found="nothing",
                         hint="After the colon, write what happened this period, or remove the line.")
        else:
            update = _optional_text(update_node, f"The 'update' of {what}", problems)
    if state is None or (state == "done" and done is None):
        return None
    return ActionReport(key, state, key_node.location, done, reason, update)


def action_warnings(periods: list[PeriodFile], problems: Problems) -> None:
    """action-backwards and action-disappeared, across period files in time order."""
    ordered = sorted((p for p in periods if p.actions), key=lambda p: p.time_order)
    last: dict[str, tuple[PeriodFile, ActionReport]] = {}
    for period_file in ordered:
        for aid, report in period_file.actions.items():
            before = last.get(aid)
            if before is not None:
                old = before[1].state
                back = (old in FINAL_STATES and report.state != old) or \
                       (old in ("on_track", "late") and report.state == "not_started")
                if back:
                    problems.add("action-backwards", f"Action {quote(aid)} was {old} in {before[0].period} "
                                 f"but is {report.state} in {period_file.period}.", report.location,
                                 expected=f"a state that does not go back from {old}", found=quote(report.state),
                                 hint="Check the state in both periods; if the action was restarted, say so in "
                                      "its update.")
            last[aid] = (period_file, report)
    by_kind: dict[str, list[PeriodFile]] = {}
    for period_file in ordered:
        by_kind.setdefault(period_file.period.kind, []).append(period_file)
    for files in by_kind.values():
        for earlier, later in zip(files, files[1:]):
            for aid, report in earlier.actions.items():
                if report.state in FINAL_STATES or aid in later.actions:
                    continue
                problems.add("action-disappeared", f"Action {quote(aid)} is reported in {earlier.period} "
                             f"({report.state}) but not in {later.period}.", Location(later.file),
                             expected="a report for every action still open", found="no report",
                             hint=f"Add '{aid}:' with its state under 'actions:' in {later.file}, or mark it "
                                  "dropped with a reason in the earlier period.")
