"""Action plans: the rules (assess/actions.py) and the checks (validate/actions.py), as tables."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from generator.assess.actions import action_rows, summary_sentence, plan_summary
from generator.model import Action, ActionReport, Objective, PeriodFile, Plan, Project, Settings
from generator.problems import Location, Problems
from generator.registry.periods import Period
from generator.source.yaml import Node
from generator.validate.actions import read_day

from .conftest import AREA, PERIOD, run_standards

# 2023-24 Q4 runs 1 January 2024 to 31 March 2024: the rules are judged at 2024-03-31.
Q4 = Period("quarter", 2023, 4)
HERE = Location("actions/plan.yaml", 5, 3)


def _project(due: dt.date, report: ActionReport | None) -> tuple[Project, Plan, PeriodFile]:
    action = Action("a", "An action", "o", "plan", HERE, due=due, lead="Team Leader")
    plan = Plan("plan", "A plan", "actions/plan.yaml", HERE, objectives=(Objective("o", "O", HERE),),
                actions=(action,))
    period_file = PeriodFile(Q4, "performance/2023-24-q4.yaml", HERE,
                             actions={"a": report} if report else {})
    return Project(Settings(organisation="Test"), (), (period_file,), (plan,)), plan, period_file


RULES = [
    # case, due, report state, done date, expected status, overdue
    ("due today", dt.date(2024, 3, 31), "on_track", None, "on_track", False),  # due == period end
    ("due yesterday", dt.date(2024, 3, 30), "on_track", None, "late", True),  # due < 2024-03-31
    ("done on the due date", dt.date(2024, 2, 12), "done", dt.date(2024, 2, 12), "done", False),
    ("done late", dt.date(2024, 2, 12), "done", dt.date(2024, 2, 13), "done_late", False),  # one day after
    ("reported late before its due date", dt.date(2024, 6, 30), "late", None, "late", False),
    ("dropped after its due date", dt.date(2024, 1, 1), "dropped", None, "dropped", False),
    ("not reported", dt.date(2024, 6, 30), None, None, "not_reported", False),
]


@pytest.mark.parametrize("case, due, state, done, status, overdue", RULES, ids=[r[0] for r in RULES])
def test_rules(case, due, state, done, status, overdue):
    report = ActionReport("a", state, HERE, done=done, reason="why" if state == "dropped" else None) \
        if state else None
    project, plan, period_file = _project(due, report)
    [row] = action_rows(project, plan, period_file)
    assert (row.status, row.overdue) == (status, overdue)


SENTENCES = [
    # 12 done = 10 on time + 2 late; dropped appended only when any
    ({"total": 40, "done": 10, "done_late": 2, "late": 3, "dropped": 0}, "12 of 40 actions done, 3 late"),
    ({"total": 40, "done": 10, "done_late": 2, "late": 3, "dropped": 1}, "12 of 40 actions done, 3 late, 1 dropped"),
    ({"total": 0}, "no actions yet"),
]


@pytest.mark.parametrize("counts, sentence", SENTENCES)
def test_summary_sentence(counts, sentence):
    assert summary_sentence(counts) == sentence


def test_plan_summary_counts_each_status():
    project, plan, period_file = _project(dt.date(2024, 3, 30), ActionReport("a", "on_track", HERE))
    counts = plan_summary(action_rows(project, plan, period_file))
    assert (counts["late"], counts["total"]) == (1, 1)


DATES = [
    ("2019-12-31", dt.date(2019, 12, 31), None),
    ("31/12/2019", dt.date(2019, 12, 31), None),  # the day is over 12: only one reading
    ("31-12-19", dt.date(2019, 12, 31), None),  # two-digit years are 20YY
    ("31.12.2019", dt.date(2019, 12, 31), None),
    ("4/4/2024", dt.date(2024, 4, 4), None),  # day == month: both readings agree
    ("31-4-19", None, "'31-4-19' is not a date: April has 30 days. Write the last day of April 2019 as 2019-04-30."),
    ("29/2/2023", None, "'29/2/2023' is not a date: February 2023 has 28 days. "
                        "Write the last day of February 2023 as 2023-02-28."),
    ("03/04/2024", None, "'03/04/2024' could be 3 April 2024 or 4 March 2024. "
                         "Write it as 2024-04-03 (3 April) or 2024-03-04 (4 March)."),
]


@pytest.mark.parametrize("text, day, message", DATES, ids=[d[0] for d in DATES])
def test_dates(text, day, message):
    problems = Problems()
    node = Node("scalar", "actions/plan.yaml", 7, 10, len(text), text=text)
    assert read_day(node, "'due'", problems) == day
    assert [p.sentence for p in problems.items] == ([message] if message else [])
    if message:
        assert str(problems.items[0].location) == "actions/plan.yaml:7:10"


PLAN = """\
plan: Customer service strategy
objectives:
  - id: listen
    title: Listen to tenants
actions:
  - id: publish-figures
    title: Publish our complaints figures
    objective: listen
    due: {due}
    lead: Customer Service Team Leader
    serves: [{serves}]
"""


# a second action, so a later period can have an `actions:` block without the first
SECOND = """\
  - id: tenant-app
    title: A tenant app
    objective: listen
    due: 2024-03-31
    lead: Digital Lead
"""


def _period(name: str, actions: str, period: str = "2021-22") -> str:
    return f"period: {period}\nresults:\n  repairs-on-time: 91\nactions:\n{actions}"


CHECKS = [
    # case, files over the base, code, file:line:column, exact message
    ("a date that does not exist", {"actions/plan.yaml": PLAN.format(due="31-4-19", serves="")},
     "invalid-date", "actions/plan.yaml:9:10",
     "'31-4-19' is not a date: April has 30 days. Write the last day of April 2019 as 2019-04-30."),
    ("an ambiguous date", {"actions/plan.yaml": PLAN.format(due="03/04/2024", serves="")},
     "ambiguous-date", "actions/plan.yaml:9:10",
     "'03/04/2024' could be 3 April 2024 or 4 March 2024. Write it as 2024-04-03 (3 April) or 2024-03-04 (4 March)."),
    ("an unknown standard", {"actions/plan.yaml": PLAN.format(due="2024-03-31", serves="repairs-on-tme")},
     "unknown-id", "actions/plan.yaml:6:9",
     "Action 'publish-figures' serves 'repairs-on-tme', which is not a standard, a figure or a TSM column. "
     "Did you mean 'repairs-on-time'?"),
    ("dropped without a reason", {"actions/plan.yaml": PLAN.format(due="2024-03-31", serves=""),
                                  "performance/2021-22.yaml": _period("p", "  publish-figures: {state: dropped}\n")},
     "action-reason", "performance/2021-22.yaml:5:20",
     "Action 'publish-figures' is dropped, but no reason is given. "
     "Add 'reason:' saying why it was dropped: tenants are told why."),
    ("an unknown action id", {"actions/plan.yaml": PLAN.format(due="2024-03-31", serves=""),
                              "performance/2021-22.yaml": _period("p", "  publish-figure: on_track\n")},
     "action-unknown", "performance/2021-22.yaml:5:3",
     "There is no action with the id 'publish-figure' in any plan. Did you mean 'publish-figures'?"),
    ("backwards", {"actions/plan.yaml": PLAN.format(due="2024-03-31", serves=""),
                   "performance/2021-22.yaml": _period("p", "  publish-figures: {state: done, done: 2022-01-05}\n"),
                   "performance/2022-23.yaml": _period("p", "  publish-figures: on_track\n", "2022-23")},
     "action-backwards", "performance/2022-23.yaml:5:3",
     "Action 'publish-figures' was done in 2021-22 but is on_track in 2022-23. Check the state in both periods; "
     "if the action was restarted, say so in its update."),
    ("disappeared", {"actions/plan.yaml": PLAN.format(due="2024-03-31", serves="") + SECOND,
                     "performance/2021-22.yaml": _period("p", "  publish-figures: on_track\n"),
                     "performance/2022-23.yaml": _period("p", "  tenant-app: on_track\n", "2022-23")},
     "action-disappeared", "performance/2022-23.yaml:1:1",
     "Action 'publish-figures' is reported in 2021-22 (on_track) but not in 2022-23. Add 'publish-figures:' "
     "with its state under 'actions:' in performance/2022-23.yaml, or mark it dropped with a reason in the "
     "earlier period."),
]


@pytest.mark.parametrize("case, files, code, where, message", CHECKS, ids=[c[0] for c in CHECKS])
def test_checks(make_project, case, files, code, where, message):
    root = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD, **files})
    run = run_standards("check", "--json", cwd=root)
    found = json.loads(run.output)
    problems = found["errors"] + found["warnings"]
    assert [(f"{p['file']}:{p['line']}:{p['column']}", p["message"]) for p in problems if p["code"] == code] \
        == [(where, message)]
    others = [p for p in problems if p["code"] != code]
    assert others == []


# -- a done or dropped action left out of a later report keeps its state ------------------------

Q3 = Period("quarter", 2023, 3)  # 1 October to 31 December 2023, before Q4 above

CARRIED = [
    # case, due, Q3's report (state, done), Q4's report state or None, expected Q4 status, overdue
    ("done in Q3, left out of Q4", dt.date(2024, 1, 31), ("done", dt.date(2023, 12, 1)), None, "done", False),
    # done 2023-12-20 after its due date 2023-12-15: still done late in Q4, not "No update"
    ("done late in Q3, left out of Q4", dt.date(2023, 12, 15), ("done", dt.date(2023, 12, 20)), None,
     "done_late", False),
    # due 2024-01-31, before Q4's end: dropped, so not overdue
    ("dropped in Q3, left out of Q4", dt.date(2024, 1, 31), ("dropped", None), None, "dropped", False),
    # an open action left out is not carried: no update, and overdue (due before 2024-03-31)
    ("on track in Q3, left out of Q4", dt.date(2024, 1, 31), ("on_track", None), None, "not_reported", True),
    ("done in Q3, reported again in Q4", dt.date(2024, 1, 31), ("done", dt.date(2023, 12, 1)), "on_track",
     "late", True),
]


@pytest.mark.parametrize("case, due, earlier, later, status, overdue", CARRIED, ids=[r[0] for r in CARRIED])
def test_final_states_carry_forward(case, due, earlier, later, status, overdue):
    action = Action("a", "An action", "o", "plan", HERE, due=due, lead="Team Leader")
    plan = Plan("plan", "A plan", "actions/plan.yaml", HERE, objectives=(Objective("o", "O", HERE),),
                actions=(action,))
    state, done = earlier
    q3 = PeriodFile(Q3, "performance/2023-24-q3.yaml", HERE, actions={
        "a": ActionReport("a", state, HERE, done=done, reason="why" if state == "dropped" else None)})
    q4 = PeriodFile(Q4, "performance/2023-24-q4.yaml", HERE,
                    actions={"a": ActionReport("a", later, HERE)} if later else {"b": ActionReport("b", "on_track", HERE)})
    project = Project(Settings(organisation="Test"), (), (q3, q4), (plan,))
    [row] = action_rows(project, plan, q4)
    assert (row.status, row.overdue) == (status, overdue)
    assert [p.period for p, _ in row.history] == [Q3] + ([Q4] if later else [])
    # what the pages show (the done date, the reason) comes from the report it keeps
    kept = row.last_report
    if later:
        assert (kept.state, kept.done) == (later, None)
    elif state in ("done", "dropped"):
        assert (kept.state, kept.done) == (state, done)
    else:  # an open action is not carried: nothing to show but "No update"
        assert kept is None
