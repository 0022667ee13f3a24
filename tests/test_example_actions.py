"""The example landlord's action plan (actions/customer-service-strategy.yaml) and its progress
reports (`actions:` in performance/*.yaml), checked by hand-written rules on the raw YAML.

This is the hand-worked story the plan pages, newsletter and open data are tested against: the
rules here are written out from the spec of issue 14 (overdue, done late, backwards, disappeared)
without the tool's own reader, so that the two can disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
import yaml

from generator.registry.tsm import CATALOGUES

from .conftest import ROOT

D = dt.date
PLAN = ROOT / "actions" / "customer-service-strategy.yaml"
STATES = {"not_started", "on_track", "done", "late", "dropped"}

# The period files that report actions, ordered by end date (a year after its Q4, which shares
# its end): file, its `period:`, kind, start, end.
PERIODS = [
    ("2023-24.yaml", "2023-24", "year", D(2023, 4, 1), D(2024, 3, 31)),
    ("2024-25-q1.yaml", "2024-25 Q1", "quarter", D(2024, 4, 1), D(2024, 6, 30)),
    ("2024-25-q2.yaml", "2024-25 Q2", "quarter", D(2024, 7, 1), D(2024, 9, 30)),
    ("2024-25-q3.yaml", "2024-25 Q3", "quarter", D(2024, 10, 1), D(2024, 12, 31)),
    ("2024-25-q4.yaml", "2024-25 Q4", "quarter", D(2025, 1, 1), D(2025, 3, 31)),
    ("2024-25.yaml", "2024-25", "year", D(2024, 4, 1), D(2025, 3, 31)),
    ("2025-26-q1.yaml", "2025-26 Q1", "quarter", D(2025, 4, 1), D(2025, 6, 30)),
    ("2025-26-q2.yaml", "2025-26 Q2", "quarter", D(2025, 7, 1), D(2025, 9, 30)),
]
# Period files with no `actions:` block (before the plan, or a survey year)
WITHOUT_ACTIONS = ["2021-22.yaml", "2022-23.yaml", "2023.yaml"]


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def to_date(value) -> dt.date:
    """A YAML date, or day/month/year text that cannot be misread (the day over 12)."""
    if isinstance(value, dt.date):
        return value
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", str(value))
    assert match, f"{value!r} is not a date"
    day, month, year = (int(g) for g in match.groups())
    assert day > 12 or day == month, f"{value!r} is ambiguous"
    return D(year, month, day)


def reports(file: str) -> dict[str, dict]:
    """The period file's `actions:` block, each report as a mapping (a bare state is short for one)."""
    block = load(ROOT / "performance" / file)["actions"]
    return {k: (v if isinstance(v, dict) else {"state": v}) for k, v in block.items()}


def status(action: dict, report: dict | None, end: dt.date) -> str:
    """The spec's status of an action at a period's end."""
    if report is None:
        return "not_reported"
    state = report["state"]
    if state == "done":
        return "done_late" if to_date(report["done"]) > action["due"] else "done"
    if state == "dropped":
        return "dropped"
    if state == "late" or action["due"] < end:  # due on the period's end is not overdue
        return "late"
    return state


PLAN_DATA = load(PLAN)
ACTIONS = {a["id"]: a for a in PLAN_DATA["actions"]}


def test_plan_shape():
    assert PLAN_DATA["plan"] == "Customer service strategy 2023 to 2026"
    objectives = [o["id"] for o in PLAN_DATA["objectives"]]
    assert len(objectives) == 4 == len(set(objectives))
    ids = [a["id"] for a in PLAN_DATA["actions"]]
    assert len(ids) == 22 == len(set(ids))
    numbers = [str(a["number"]) for a in PLAN_DATA["actions"]]
    assert len(set(numbers)) == 22
    for action in PLAN_DATA["actions"]:
        assert action["objective"] in objectives, action["id"]
        # numbered within its objective: objective 2's actions are 2.1, 2.2 ...
        assert str(action["number"]).split(".")[0] == str(objectives.index(action["objective"]) + 1)
        assert isinstance(action["due"], dt.date), action["id"]
        assert D(2023, 9, 30) <= action["due"] <= D(2026, 3, 31), action["id"]
        assert action["lead"].strip(), action["id"]
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", action["id"]), action["id"]


def test_every_served_id_is_a_standard_figure_or_tsm_column():
    known = set()
    for path in (ROOT / "standards").glob("*.yaml"):
        area = load(path)
        known |= {item["id"] for key in ("standards", "figures") for item in area.get(key) or []}
    columns = {c.name for catalogue in CATALOGUES.values() for c in catalogue.columns}
    served = [(a["id"], s) for a in PLAN_DATA["actions"] for s in a.get("serves", [])]
    assert [(a, s) for a, s in served if s not in known | columns] == []
    assert {s for _, s in served} & columns, "a few actions serve TSM columns"


def test_the_files_that_report_actions():
    files = sorted(p.name for p in (ROOT / "performance").glob("*.yaml"))
    assert files == sorted([p[0] for p in PERIODS] + WITHOUT_ACTIONS)
    for name in WITHOUT_ACTIONS:
        assert "actions" not in load(ROOT / "performance" / name)
    for name, period, *_ in PERIODS:
        assert str(load(ROOT / "performance" / name)["period"]) == period


@pytest.mark.parametrize("file, period, kind, start, end", PERIODS)
def test_each_report_is_well_formed(file, period, kind, start, end):
    for action_id, report in reports(file).items():
        assert action_id in ACTIONS, (file, action_id)
        assert report["state"] in STATES, (file, action_id)
        assert set(report) <= {"state", "done", "reason", "update"}, (file, action_id)
        if report["state"] == "done":
            # done in this period or an earlier one, never after the period's end
            assert to_date(report["done"]) <= end, (file, action_id)
        else:
            assert "done" not in report, (file, action_id)
        if report["state"] == "dropped":
            assert str(report.get("reason") or "").strip(), (file, action_id)
        if report.get("update") is None and "update" in report:
            assert load(ROOT / "performance" / file).get("draft") is True, (file, action_id)


def test_states_never_go_backwards_and_done_dates_never_change():
    before = {"not_started": 0, "on_track": 1, "late": 1, "done": 2, "dropped": 2}
    last: dict[str, dict] = {}
    for file, *_ in PERIODS:
        for action_id, report in reports(file).items():
            earlier = last.get(action_id)
            if earlier is not None:
                if earlier["state"] in ("done", "dropped"):
                    assert report["state"] == earlier["state"], (file, action_id)
                assert before[report["state"]] >= before[earlier["state"]], (file, action_id)
                if report["state"] == "done" and earlier["state"] == "done":
                    assert to_date(report["done"]) == to_date(earlier["done"]), (file, action_id)
            last[action_id] = report


def test_a_done_date_falls_in_the_first_period_of_each_kind_that_reports_it_done():
    for kind in ("year", "quarter"):
        first_done: dict[str, tuple] = {}
        for file, _, k, start, end in PERIODS:
            if k != kind:
                continue
            for action_id, report in reports(file).items():
                if report["state"] == "done" and action_id not in first_done:
                    first_done[action_id] = (file, start, end, to_date(report["done"]))
        for action_id, (file, start, end, done) in first_done.items():
            if file in ("2023-24.yaml", "2024-25-q1.yaml"):  # the first file of its kind: done since the plan began
                assert D(2023, 4, 1) <= done <= end, (file, action_id)
            else:
                assert start <= done <= end, (file, action_id)


def test_no_action_disappears_from_the_next_file_of_the_same_kind():
    for kind in ("year", "quarter"):
        files = [p[0] for p in PERIODS if p[2] == kind]
        for this, following in zip(files, files[1:]):
            missing = [a for a, r in reports(this).items()
                       if r["state"] not in ("done", "dropped") and a not in reports(following)]
            assert missing == [], (this, following)


def test_forms_used():
    """Both forms of a report, and one day/month/year date, as the format allows."""
    text = "".join((ROOT / "performance" / p[0]).read_text(encoding="utf-8") for p in PERIODS)
    assert re.search(r"^  [a-z-]+: (on_track|not_started|late)$", text, re.M)
    assert re.search(r"^  [a-z-]+: \{state: ", text, re.M)
    assert re.search(r"^    state: ", text, re.M)
    assert re.findall(r"done: (\d\d?/\d\d?/\d{4})", text) == ["14/10/2024"]


# Counts at each period's end, worked out by hand from the timeline below (action numbers; "=" is
# due on the period's end, which is not overdue; due dates are in the plan).
#
# done on time:  1.1 2023-05-15, 1.2 2023-10-20, 2.1 2023-11-06, 3.1 2023-09-18, 3.4 2024-03-28,
#                4.1 2023-12-14 (all in 2023-24); 4.2 2024-05-13 (Q1); 1.4 2024-07-11 (Q2);
#                1.5 2024-12-12 (Q3); 2.3 2025-02-28 (Q4); 4.5 2025-09-30 = due (25Q2)
# done late:     1.3 2024-06-14 > 2024-03-31 (Q1); 2.2 2024-10-14 > 2024-06-30 (Q3);
#                4.4 2025-01-06 > 2024-12-31 (Q4); 3.5 2025-05-20 > 2025-03-31 (25Q1);
#                3.3 2025-08-18 > 2025-06-30 (25Q2)
# dropped:       3.2 from Q2 on
# late:          Q2: 2.2, 4.3(= reported late)   Q3: 4.3   Q4 and 2024-25: 4.3, 3.5(=), 4.6(=)
#                25Q1: 4.3, 4.6, 3.3(= reported late)   25Q2: 4.3, 4.6, 2.4
# on track:      2023-24: 1.3(=), 1.4, 2.2, 3.2, 4.3             Q1: 1.4, 1.5, 2.2(=), 3.2, 4.3, 4.6
#                Q2: 1.5, 2.3, 3.3, 3.5, 4.4, 4.6   Q3: 2.3, 2.4, 3.3, 3.5, 4.4(=), 4.5, 4.6
#                Q4 and 2024-25: 2.4, 2.5, 3.3, 4.5   25Q1: 2.4(=), 2.5, 4.5   25Q2: 2.5
# not started:   2023-24: 1.5, 2.3, 2.4, 2.5, 3.3, 3.5, 3.6, 4.2, 4.4, 4.5, 4.6 (11)
#                Q1: 2.3, 2.4, 2.5, 3.3, 3.5, 3.6, 4.4, 4.5 (8)   Q2: 2.4, 2.5, 3.6, 4.5   Q3: 2.5, 3.6
#                Q4 onwards: 3.6
# Each column adds up to 22. At 2025-26 Q2: 16 of 22 done (11 on time, 5 late), 3 late, 1 dropped.
COUNTS = [
    # file,            done, done_late, late, on_track, not_started, dropped
    ("2023-24.yaml",      6, 0, 0, 5, 11, 0),
    ("2024-25-q1.yaml",   7, 1, 0, 6, 8, 0),
    ("2024-25-q2.yaml",   8, 1, 2, 6, 4, 1),
    ("2024-25-q3.yaml",   9, 2, 1, 7, 2, 1),
    ("2024-25-q4.yaml",  10, 3, 3, 4, 1, 1),
    ("2024-25.yaml",     10, 3, 3, 4, 1, 1),
    ("2025-26-q1.yaml",  10, 4, 3, 3, 1, 1),
    ("2025-26-q2.yaml",  11, 5, 3, 1, 1, 1),
]


@pytest.mark.parametrize("file, done, done_late, late, on_track, not_started, dropped", COUNTS)
def test_counts_at_each_period_end(file, done, done_late, late, on_track, not_started, dropped):
    assert done + done_late + late + on_track + not_started + dropped == 22
    end = next(p[4] for p in PERIODS if p[0] == file)
    these = reports(file)
    counts = Counter(status(a, these.get(i), end) for i, a in ACTIONS.items())
    assert counts == Counter(done=done, done_late=done_late, late=late, on_track=on_track,
                             not_started=not_started, dropped=dropped)  # a missing status counts as 0


def test_done_in_each_period():
    """What "You said, we did" lists: actions done with a done date inside the period."""
    expected = {
        "2023-24.yaml": {"1.1", "1.2", "2.1", "3.1", "3.4", "4.1"},
        "2024-25-q1.yaml": {"1.3", "4.2"},
        "2024-25-q2.yaml": {"1.4"},
        "2024-25-q3.yaml": {"1.5", "2.2"},
        "2024-25-q4.yaml": {"2.3", "4.4"},
        "2024-25.yaml": {"1.3", "4.2", "1.4", "1.5", "2.2", "2.3", "4.4"},
        "2025-26-q1.yaml": {"3.5"},
        "2025-26-q2.yaml": {"3.3", "4.5"},
    }
    for file, _, _, start, end in PERIODS:
        done = {str(ACTIONS[i]["number"]) for i, r in reports(file).items()
                if r["state"] == "done" and start <= to_date(r["done"]) <= end}
        assert done == expected[file], file
