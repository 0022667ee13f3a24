"""What tenants see of action plans: the plan pages, the area and falling-short pages' actions, the
newsletter's "You said, we did" and the open data, from a plan written here in the model (the example's
own results, with its plans and reports replaced), checked against sentences worked out by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import replace

import pytest

from generator.model import Action, ActionReport, Objective, Plan
from generator.newsletter.content import content
from generator.newsletter.text import text_edition
from generator.pipeline import check_project
from generator.present.actions import date_words
from generator.site.pages import build_site
from generator.site.plan import site_plan

from .conftest import ROOT

D = dt.date
# The plan, and what the rules make of it at the end of 2024-25 (31 March 2025), worked out by hand:
#   1.1 due 31 Mar 2024, done 12 Feb 2024             -> Done (on time)
#   1.2 due 30 Jun 2024, dropped in 2024-25           -> Dropped
#   2.1 due 31 Jan 2024, done 3 May 2024              -> Done late (and done inside 2024-25)
#   2.2 due 31 Mar 2025, on track                     -> On track (due on the period's last day: not overdue)
#   2.3 due 30 Jun 2025, not reported in 2024-25      -> No update
#   2.4 due 31 Dec 2024, reported on track            -> Late (overdue at 31 March 2025)
# So: 2 of 6 done (1.1, 2.1), 1 late (2.4), 1 dropped (1.2).
# At the end of 2023-24 (31 March 2024): 1.1 done 12 Feb 2024 (inside the year), 2.1 on track but due
# 31 Jan 2024 -> late.
PLAN_ID = "customer-service"


def _plan(loc) -> Plan:
    def action(number, id_, title, objective, due, lead, serves=()):
        return Action(id_, title, objective, PLAN_ID, loc, due, lead, number, serves=serves)

    return Plan(PLAN_ID, "Customer service strategy 2023 to 2026", "actions/customer-service.yaml", loc,
                "What we will do to answer you faster.", 1,
                (Objective("listen", "Listen to tenants and act on what they tell us", loc),
                 Objective("fix", "Put things right first time", loc)),
                (action("1.1", "publish-complaints", "Publish our complaints figures every quarter", "listen",
                        D(2024, 3, 31), "Customer Service Team Leader", ("complaints-stage1-on-time",)),
                 action("1.2", "tenant-app", "Build a tenant app", "listen", D(2024, 6, 30), "Digital Lead"),
                 action("2.1", "repairs-portal", "Open a repairs portal", "fix", D(2024, 1, 31), "Repairs Manager",
                        ("TP02",)),
                 action("2.2", "repairs-survey", "Survey tenants after every repair", "fix", D(2025, 3, 31),
                        "Repairs Manager"),
                 action("2.3", "letters", "Rewrite our standard letters", "fix", D(2025, 6, 30), "Head of Service"),
                 action("2.4", "call-backs", "Call back within one working day", "fix", D(2024, 12, 31),
                        "Contact Centre Manager")))


def with_plan(base):
    """The example's project with this file's plan and reports in place of its own."""
    loc = base.periods[0].location

    def report(id_, state, done=None, reason=None, update=None):
        return id_, ActionReport(id_, state, loc, done, reason, update)

    reports = {
        "2023-24": dict([report("publish-complaints", "done", D(2024, 2, 12), update="Published every quarter since February."),
                         report("tenant-app", "on_track"), report("repairs-portal", "on_track")]),
        "2024-25": dict([report("publish-complaints", "done", D(2024, 2, 12)),
                         report("tenant-app", "dropped", reason="Tenants told us they prefer phone and email."),
                         report("repairs-portal", "done", D(2024, 5, 3), update="Open to every tenant."),
                         report("repairs-survey", "on_track"), report("call-backs", "on_track")]),
    }
    periods = tuple(replace(pf, actions=reports.get(pf.period.label, {})) for pf in base.periods)
    return replace(base, periods=periods, plans=(_plan(loc),))


@pytest.fixture(scope="module")
def project():
    return with_plan(check_project(ROOT / "mkdocs.yml").project)


@pytest.fixture(scope="module")
def site(project):
    return build_site(project, ROOT)


def test_dates_in_words():
    assert [date_words(d) for d in (D(2019, 12, 31), D(2024, 5, 3), None)] == ["31 December 2019", "3 May 2024", ""]


def test_the_plan_pages_and_data_are_in_the_site_plan_only_with_plans(project):
    with_plans = [path for _, path in site_plan(project)]
    for path in ("plans/index.md", f"plans/{PLAN_ID}.md", "data/actions.csv", "data/actions.json"):
        assert path in with_plans
    without = [path for _, path in site_plan(replace(project, plans=()))]
    assert not [path for path in without if "plans/" in path or "actions." in path]


def test_plan_page_summary_and_as_at(site):
    page = site.pages[f"plans/{PLAN_ID}.md"]
    assert page.startswith('---\ntitle: "Our action plan: Customer service strategy 2023 to 2026"\n---')
    assert "# Our action plan: Customer service strategy 2023 to 2026 { #_title }" in page
    assert '<p class="action-sentence"><strong>2 of 6 actions done, 1 late, 1 dropped.</strong></p>' in page
    assert "Progress as at 31 March 2025 (our report for 2024-25)." in page
    assert "## Objective 1: Listen to tenants and act on what they tell us { #_listen }" in page
    assert "## Objective 2: Put things right first time { #_fix }" in page


@pytest.mark.parametrize("action_id, expected", [
    ("publish-complaints", ["Done</span>", "<dt>Due</dt><dd>31 March 2024</dd>", "<dt>Done</dt><dd>12 February 2024</dd>",
                            "<dt>Lead</dt><dd>Customer Service Team Leader</dd>"]),
    ("tenant-app", ["Dropped</span>", "<strong>Why we dropped it:</strong> Tenants told us they prefer phone and email.",
                    "<li>On track in 2023-24</li><li>Dropped in 2024-25: Tenants told us they prefer phone and email.</li>"]),
    ("repairs-portal", ["Done late</span>", "<dt>Done</dt><dd>3 May 2024</dd>", "<p>Open to every tenant.</p>",
                        "<li>On track in 2023-24</li><li>Done in 2024-25, on 3 May 2024</li>"]),
    ("repairs-survey", ["On track</span>", "<dt>Due</dt><dd>31 March 2025</dd>"]),  # due today: not late
    ("letters", ["No update</span>"]),
    ("call-backs", ["Late</span>", "<dt>Due</dt><dd>31 December 2024</dd>"]),
])
def test_each_action_with_its_status_word_and_dates(site, action_id, expected):
    page = site.pages[f"plans/{PLAN_ID}.md"]
    start = page.index(f'<li class="action-item" id="{action_id}">')
    item = page[start:page.index("\n</li>", start)]
    for text in expected:
        assert text in item


def test_plans_index_links_each_plan_with_its_sentence(site):
    page = site.pages["plans/index.md"]
    assert "# Our action plans" in page
    assert "## [Customer service strategy 2023 to 2026](customer-service/) { #customer-service }" in page
    assert "2 of 6 actions done, 1 late, 1 dropped." in page


def test_navigation_has_the_plans_under_their_index(site):
    assert {"Our action plans": ["plans/index.md", {"Customer service strategy 2023 to 2026": f"plans/{PLAN_ID}.md"}]} in site.nav


def test_area_page_says_what_we_are_doing_for_a_standard(site):
    # 1.1 serves complaints-stage1-on-time by its id; 2.1 serves satisfaction-repairs through its TSM column TP02
    complaints = site.pages["areas/complaints.md"]
    assert ('<a href="../../plans/customer-service/#publish-complaints">1.1 Publish our complaints figures every '
            'quarter</a>: <span class="action-status action-status--done">Done</span> on 12 February 2024.') in complaints
    satisfaction = site.pages["areas/tenant-satisfaction.md"]
    assert ('<a href="../../plans/customer-service/#repairs-portal">2.1 Open a repairs portal</a>: '
            '<span class="action-status action-status--done-late">Done late</span> on 3 May 2024.') in satisfaction


def test_falling_short_lists_linked_actions_after_the_results_own_action(site):
    page = site.pages["falling-short.md"]
    item = page[page.index('#complaints-stage1-on-time">'):]
    item = item[:item.index("</li>")]
    # the result's own `action:` first, then the plan's actions under their own label
    assert item.index("What we are doing about it:") < item.index("From our action plans:")
    assert "1.1 Publish our complaints figures every quarter</a>" in item
    repairs = page[page.index('#satisfaction-repairs">'):]
    repairs = repairs[:repairs.index("</li>")]  # no `action:` of its own: the plan's actions are what we do
    assert '<p class="action-label">What we are doing about it:</p>' in repairs
    assert "2.1 Open a repairs portal</a>" in repairs


def test_open_data_one_row_per_action_per_period_reported(site):
    rows = list(csv.DictReader(io.StringIO(site.data["data/actions.csv"].lstrip("\ufeff"))))
    # 3 reports in 2023-24 + 5 in 2024-25, by action then period
    assert [(r["number"], r["period"], r["state"], r["status"], r["overdue"]) for r in rows] == [
        ("1.1", "2023-24", "done", "done", "false"), ("1.1", "2024-25", "done", "done", "false"),
        ("1.2", "2023-24", "on_track", "on_track", "false"), ("1.2", "2024-25", "dropped", "dropped", "false"),
        ("2.1", "2023-24", "on_track", "late", "true"), ("2.1", "2024-25", "done", "done_late", "false"),
        ("2.2", "2024-25", "on_track", "on_track", "false"), ("2.4", "2024-25", "on_track", "late", "true"),
    ]
    assert list(rows[0]) == ["plan", "objective", "number", "id", "title", "due", "lead", "period", "state", "status",
                             "overdue", "done", "reason", "update", "serves"]
    assert rows[0]["serves"] == "complaints-stage1-on-time" and rows[0]["done"] == "2024-02-12"
    document = json.loads(site.data["data/actions.json"])
    assert len(document["actions"]) == 8
    assert document["actions"][3]["reason"] == "Tenants told us they prefer phone and email."
    assert document["actions"][0]["serves"] == ["complaints-stage1-on-time"]
    assert "[Our action plans' progress as a spreadsheet (CSV)](data/actions.csv)" in site.pages["open-data.md"]


def _said(project, label):
    period_file = next(p for p in project.periods if p.period.label == label)
    text = text_edition(content(project, period_file))
    start = text.index("You said, we did\n---")
    return text[start:text.index('under "Our action plans".', start)]


def test_newsletter_you_said_we_did_2024_25(project):
    # done inside 1 April 2024 to 31 March 2025: 2.1 (3 May 2024, after 31 January 2024); late at 31 March 2025: 2.4
    assert _said(project, "2024-25") == (
        "You said, we did\n----------------\n\n"
        "In 2024-25, we finished one action from our plans and one is late.\n\n"
        "Done in 2024-25\n\n"
        "2.1 Open a repairs portal. Done on 3 May 2024, after its due date of 31 January 2024.\nOpen to every tenant.\n\n"
        "Late\n\n"
        "2.4 Call back within one working day. Due 31 December 2024. Lead: Contact Centre Manager.\n\n"
        "Every action in our plans, with who leads it and what we last said about it, is on our website ")


def test_newsletter_you_said_we_did_2023_24(project):
    # done inside 2023-24: 1.1 (12 February 2024, on time); late at 31 March 2024: 2.1 (due 31 January 2024)
    said = _said(project, "2023-24")
    assert "1.1 Publish our complaints figures every quarter. Done on 12 February 2024.\nPublished every quarter since February." in said
    assert "2.1 Open a repairs portal. Due 31 January 2024. Lead: Repairs Manager." in said


def test_newsletter_has_no_section_without_plans_or_reports(project):
    quarter = next(p for p in project.periods if p.period.label == "2024-25 Q4")  # reports on no action
    assert content(project, quarter).said_did is None
    year = next(p for p in project.periods if p.period.label == "2024-25")
    assert content(replace(project, plans=()), year).said_did is None
