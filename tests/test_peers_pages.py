"""How we compare with other landlords (issue 13) where it shows: the TSM page's column, the linked
standard's area page, the newsletter's "How we compare" and the open data, from a hand-made dataset of
six landlords attached to the 2024-25 TSM year of the example (tests/test_tsm_pages.py's results).

The dataset (our context: size 5,000-40,000; `similar: [size]`, so landlord F, under 5,000 homes, is left
out; our own row is not in it).  Quartiles by the inclusive method (Excel's QUARTILE.INC): for n sorted
values x[0..n-1], the quartile p is at position (n - 1) * p, between the two values either side.

  TP01 LCRA   A 60.0  B 64.0  C 70.0  D 75.5  E 80.0  (F 99.0)   n=5: positions 1, 2, 3
              -> 64.0 / 70.0 / 75.5.  Ours 76.0 > 75.5: in the top quarter
  TP01 LCHO   A 50.0  B 55.0  C 61.2  D 65.0  E [X]              n=4: positions 0.75, 1.5, 2.25
              -> 50 + 0.75 x 5 = 53.75 (shown 53.8) / 55 + 0.5 x 6.2 = 58.1 / 61.2 + 0.25 x 3.8 = 62.15 (62.2)
              Ours 61.2: 58.1 < 61.2 <= 62.15: better than most
  RP02_1 LCRA A 90.0  B 92.0  C 94.0  D 96.0  E [S]              n=4 -> 91.5 / 93.0 / 94.5
              Ours 28,210 of 30,100 = 93.72%: 93.0 < 93.72 <= 94.5: better than most
  CH01_1 LCRA A 20.0  B 30.0  C 40.0  D 50.0  E 60.0             n=5 -> 30.0 / 40.0 / 50.0
              Ours 705 per 12,240 homes = 57.6 per 1,000 > 40.0 (no direction): more than most
  TP02 LCRA   A 70.0  B 72.0                                     n=2: too few to compare
"""

from __future__ import annotations

import csv
import html as html_module
import dataclasses
import io
import json
import re
from decimal import Decimal

import pytest

from generator.model import PeerDataset, PeerLandlord, PeerSettings, PeerValue
from generator.present.peers import ATTRIBUTION, OGL_URL
from generator.registry.periods import Period
from generator.site.pages import build_site

from .conftest import ROOT
from .test_tsm_pages import example, with_tsm  # noqa: F401 - the fixture is used by name

MID = "5,000-40,000"
VALUES = {  # (column, tenure) -> landlord -> value ("X", "S": the file's markers)
    ("TP01", "lcra"): dict(A="60.0", B="64.0", C="70.0", D="75.5", E="80.0", F="99.0"),
    ("TP01", "lcho"): dict(A="50.0", B="55.0", C="61.2", D="65.0", E="X"),
    ("RP02_1", "lcra"): dict(A="90.0", B="92.0", C="94.0", D="96.0", E="S"),
    ("CH01_1", "lcra"): dict(A="20.0", B="30.0", C="40.0", D="50.0", E="60.0"),
    ("TP02", "lcra"): dict(A="70.0", B="72.0"),
}
TITLE = "Tenant Satisfaction Measures 2025 - Dataset"


def _cell(text: str) -> PeerValue:
    return PeerValue(None, text) if text.isalpha() else PeerValue(Decimal(text))


def dataset() -> PeerDataset:
    landlords = []
    for code in "ABCDEF":
        values = {key: _cell(by[code]) for key, by in VALUES.items() if code in by}
        size = "<5,000" if code == "F" else MID
        landlords.append(PeerLandlord(f"L{code}", f"Landlord {code}", {"size": size, "region": "Midlands"}, values))
    return PeerDataset("regulator/TSM_2025_Full_Data.xlsx", TITLE, Period("year", 2024), tuple(landlords))


def with_peers(project, similar=("size",)):
    project = with_tsm(project)
    periods = tuple(dataclasses.replace(p, tsm=dataclasses.replace(p.tsm, peers=dataset()))
                    if p.tsm is not None and p.period.label == "2024-25" else p for p in project.periods)
    peers = PeerSettings({"2024-25": "regulator/TSM_2025_Full_Data.xlsx"}, None, similar, {"size": MID})
    tsm = dataclasses.replace(project.settings.tsm, peers=peers)
    return dataclasses.replace(project, periods=periods,
                               settings=dataclasses.replace(project.settings, tsm=tsm))


@pytest.fixture(scope="module")
def site(example):  # noqa: F811
    return build_site(with_peers(example), ROOT)


def _text(html: str) -> str:
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", html)).split())


def _rows(page: str, anchor: str) -> list[str]:
    """A measure's rows as text, each kind of home's cells joined by ' | ' (the margins of error left out:
    tests/test_tsm_pages.py checks them)."""
    start = page.index(f'id="{anchor}"')
    head = page.rindex("<tbody", 0, start) if "tsm-measure" in page[page.rindex("<tr", 0, start):start] \
        else page.rindex("<tr", 0, start)
    end = page.index("</tbody>", start) if page[head:].startswith("<tbody") else page.index("</tr>", start)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", page[head:end + 8], re.S)
    return [re.sub(r"\s*± [0-9.]+", "", " | ".join(_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)))
            for row in rows]


GROUP = "landlords of the same size (5,000-40,000 homes)"
SOURCE = (f"We compare our results with {GROUP}, using the Regulator of Social Housing's {TITLE} (2024-25).")


@pytest.mark.parametrize("anchor, rows", [
    ("tp01", ["TP01 Overall satisfaction",
              "Low-cost rental (LCRA) | 76.0% | 72.0%",
              "Compared with similar landlords | In the top quarter of similar landlords "
              "Lower quartile 64.0%, median 70.0%, upper quartile 75.5%, of 5 similar landlords",
              "Shared ownership (LCHO) | 61.2% | 60.0%",
              "Compared with similar landlords | Better than most similar landlords "
              "Lower quartile 53.8%, median 58.1%, upper quartile 62.2%, of 4 similar landlords"]),
    ("tp02", ["TP02 Satisfaction with repairs",
              "Low-cost rental (LCRA) | 71.9% | No figure",
              "Compared with similar landlords | Too few similar landlords to compare 2 similar landlords with a figure",
              "Shared ownership (LCHO) | Not collected for shared owners"]),
    ("ch01-1", ["CH01 (1) Complaints relative to the size of the landlord: Stage one complaints",
                "Low-cost rental (LCRA) | 57.6 per 1,000 homes | No figure",
                "Compared with similar landlords | More than most similar landlords "
                "Lower quartile 30.0 per 1,000 homes, median 40.0 per 1,000 homes, upper quartile 50.0 per 1,000 "
                "homes, of 5 similar landlords",
                # no landlord of the file has a CH01 LCHO figure
                "Shared ownership (LCHO) | 30.5 per 1,000 homes | No figure",
                "Compared with similar landlords | Too few similar landlords to compare "
                "No similar landlord with a figure"]),
])
def test_tsm_page_column_compares_with_similar_landlords(site, anchor, rows):
    assert _rows(site.pages["tsm.md"], anchor) == rows


def test_tsm_page_column_heading_source_and_attribution(site):
    page = site.pages["tsm.md"]
    # a row under each figure of ours: TP01 to TP12 for LCRA (12) and for LCHO where collected (TP01, TP05-TP12: 9),
    # RP01, RP02 (1), RP02 (2) LCRA (3), BS01-BS05 (5), CH01 and CH02 parts for both (8), NM01 parts (2)
    assert page.count('<tr class="tsm-peers"><th scope="row">Compared with similar landlords</th>') == 12 + 9 + 3 + 5 + 8 + 2
    assert SOURCE.replace("(", "\\(").replace(")", "\\)").replace("-", "\\-").replace(".", "\\.") in page
    # under each table: the source, the quartile method and the licence, linked
    notes = re.findall(r'<p class="peers-source">(.*?)</p>', page, re.S)
    assert len(notes) == 5
    assert f'licensed under the <a href="{OGL_URL}">Open Government Licence v3.0</a>.' in notes[0]
    assert _text(notes[0]).startswith(SOURCE)


def test_all_landlords_when_similar_is_not_set(example):  # noqa: F811
    page = build_site(with_peers(example, similar=()), ROOT).pages["tsm.md"]
    assert '<th scope="row">Compared with all landlords</th>' in page
    # TP01 LCRA with F too: 60, 64, 70, 75.5, 80, 99 (n=6): positions 1.25, 2.5, 3.75
    # -> 64 + 0.25 x 6 = 65.5 / 70 + 0.5 x 5.5 = 72.75 (72.8) / 75.5 + 0.75 x 4.5 = 78.875 (78.9); 76.0: better than most
    assert _rows(page, "tp01")[2] == ("Compared with all landlords | Better than most "
                                      "landlords Lower quartile 65.5%, median 72.8%, upper quartile 78.9%, of 6 landlords")
    assert "all landlords in the regulator's data, using the Regulator" in _text(page)


def test_no_column_without_the_dataset(example):  # noqa: F811
    page = build_site(with_tsm(example), ROOT).pages["tsm.md"]
    assert "Compared with" not in page and ATTRIBUTION not in page and "peers" not in page


def test_linked_standard_area_page_says_where_it_stands(site):
    page = site.pages["areas/repairs.md"]
    part = page[page.index('id="repairs-routine-28-days"') if 'id="repairs-routine-28-days"' in page
                else page.index("{ #repairs-routine-28-days }"):]
    block = part[part.index('<div class="peers">'):part.index("</div>", part.index('<div class="peers">'))]
    assert _text(block) == (
        "Our 93.7% for 2024-25 is better than most similar landlords "
        f"({GROUP}): the lower quartile is 91.5%, the median 93.0% and the upper quartile 94.5%, of 4 similar "
        f"landlords. {SOURCE} " + _quartile_words() + " " + ATTRIBUTION)
    assert f'<a href="{OGL_URL}">' in block


def _quartile_words() -> str:
    from generator.assess.peers import QUARTILE_WORDS
    return QUARTILE_WORDS


def test_other_area_pages_have_no_comparison(site):
    assert not [path for path, page in site.pages.items()
                if path.startswith("areas/") and path != "areas/repairs.md" and 'class="peers"' in page]


# -- the newsletter's "How we compare" --------------------------------------------------------------

NEWSLETTER_ROWS = [  # the headline measures, in HEADLINE order, each tenure the fixture has a figure for
    ("TP01 Overall satisfaction", "lcra", "76.0%", "in the top quarter of similar landlords",
     "Lower quartile 64.0%, median 70.0%, upper quartile 75.5%, of 5 similar landlords"),
    ("TP01 Overall satisfaction", "lcho", "61.2%", "better than most similar landlords",
     "Lower quartile 53.8%, median 58.1%, upper quartile 62.2%, of 4 similar landlords"),
    ("TP02 Satisfaction with repairs", "lcra", "71.9%", "too few similar landlords to compare",
     "2 similar landlords with a figure"),
]


@pytest.fixture(scope="module")
def newsletter(example):  # noqa: F811
    from generator.newsletter.content import content

    project = with_peers(example)
    return content(project, next(p for p in project.periods if p.period.label == "2024-25"))


def test_newsletter_headline_rows(newsletter):
    rows = [(f"{v.code} {v.name}", v.tenure, v.ours, v.position, v.quartile_text[:1].upper() + v.quartile_text[1:])
            for v in newsletter.peers]
    assert rows[:3] == NEWSLETTER_ROWS
    # CH01 (1) LCRA; CH01 (2) has no figure in the dataset; TP05 and TP09: no landlord has one either
    assert [(v.code, v.tenure, v.position) for v in newsletter.peers if v.code.startswith("CH01")][0] == \
        ("CH01 (1)", "lcra", "more than most similar landlords")


def test_newsletter_text_edition_has_the_section_and_attribution(newsletter):
    from generator.newsletter.text import text_edition

    text = text_edition(newsletter)
    start = text.index("How we compare: Tenant Satisfaction Measures")
    part = text[start:text.index("\nTenant Satisfaction Measures\n", start)]
    assert SOURCE in part
    assert ("TP01 Overall satisfaction: Low-cost rental (LCRA)\nOur result: 76.0%\n"
            "Where we stand: in the top quarter of similar landlords\n"
            "Median 70.0% of 5 similar landlords") in part
    assert f"{_quartile_words()} {ATTRIBUTION[:-1]} ({OGL_URL})." in part


@pytest.mark.parametrize("edition", ["screen", "insert", "large-print", "print", "html"])
def test_newsletter_editions_have_the_section_and_attribution(newsletter, edition):
    from generator.newsletter.content import Options, look, render_html

    options = Options.from_settings(newsletter.settings, ROOT)
    page = render_html(newsletter, look(edition, newsletter.settings, ROOT, options), ROOT)
    section = page[page.index('<section class="peers"'):page.index("</section>", page.index('<section class="peers"'))]
    text = _text(section)
    assert SOURCE in text and _quartile_words() in text
    licence = "Open Government Licence v3.0" + (f" ({OGL_URL})" if edition == "print" else "")
    assert f"Contains public sector information licensed under the {licence}." in text
    assert "in the top quarter of similar landlords" in text.replace("In the top", "in the top")
    # the newsletter says the median and the count (the quartiles are on the TSM page and in the open data)
    assert "Median 58.1% of 4 similar landlords" in text
    if edition == "print":  # no links in a print-shop PDF: the licence's address is written out
        assert "<a " not in section
    else:
        assert f'<a href="{OGL_URL}">Open Government Licence v3.0</a>' in section


def test_no_section_without_the_dataset(example):  # noqa: F811
    from generator.newsletter.content import content
    from generator.newsletter.text import text_edition

    project = with_tsm(example)
    made = content(project, next(p for p in project.periods if p.period.label == "2024-25"))
    assert made.peers == () and "How we compare: Tenant" not in text_edition(made)


# -- the open data ------------------------------------------------------------------------------------

def _csv(site, path: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(site.data[path].lstrip("\ufeff"))))


@pytest.mark.parametrize("column, tenure, lower, median, upper, count, position", [
    ("TP01", "lcra", "64.0", "70.0", "75.5", "5", "top_quarter"),
    ("TP01", "lcho", "53.75", "58.1", "62.15", "4", "better_than_most"),  # full precision, not as shown
    ("RP02_1", "lcra", "91.5", "93.0", "94.5", "4", "better_than_most"),
    ("CH01_1", "lcra", "30.0", "40.0", "50.0", "5", "more_than_most"),
    ("TP02", "lcra", "", "", "", "2", "too_few"),
])
def test_tsm_csv_has_the_peers_beside_each_figure(site, column, tenure, lower, median, upper, count, position):
    row = next(r for r in _csv(site, "data/tsm-2024-25.csv") if r["column"] == column and r["tenure"] == tenure)
    got = [row["peers_lower_quartile"], row["peers_median"], row["peers_upper_quartile"]]
    assert [Decimal(v) if v else None for v in got] == [Decimal(v) if v else None for v in (lower, median, upper)]
    assert (row["peers_count"], row["peers_position"]) == (count, position)


def test_tsm_csv_peers_columns_are_empty_without_the_dataset(site):
    # 2023-24 has no dataset: the columns are there, empty
    rows = _csv(site, "data/tsm-2023-24.csv")
    assert rows and all(r[k] == "" for r in rows for k in
                        ("peers_lower_quartile", "peers_median", "peers_upper_quartile", "peers_count", "peers_position"))


def test_results_json_has_the_peers_beside_a_linked_result(site):
    results = json.loads(site.data["data/results.json"])["results"]
    linked = next(r for r in results if r["id"] == "repairs-routine-28-days" and r["period"] == "2024-25")
    assert {k: v for k, v in linked.items() if k.startswith("peers_")} == {
        "peers_lower_quartile": 91.5, "peers_median": 93.0, "peers_upper_quartile": 94.5, "peers_count": 4,
        "peers_position": "better_than_most"}
    others = [r for r in results if not (r["id"] == "repairs-routine-28-days" and r["period"] == "2024-25")]
    assert others and not [r for r in others if "peers_median" in r]


# -- a real build -----------------------------------------------------------------------------------

def test_mkdocs_build_of_the_example_shows_the_peers_with_the_attribution(tmp_path):
    """The example compares with the regulator's 2024/25 file (regulator/, `similar: [size]`): a real
    `mkdocs build --strict` (newsletters left out: tests/test_newsletter.py makes them) has the TSM
    page's rows and a linked standard's sentence, each with the source and the licence."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", STANDARDS_NEWSLETTERS="0", STANDARDS_DRAFTS="0",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                         cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr
    tsm = (tmp_path / "site" / "tsm" / "index.html").read_text(encoding="utf-8")
    area = (tmp_path / "site" / "areas" / "tenant-satisfaction" / "index.html").read_text(encoding="utf-8")
    for page in (tsm, area):
        assert "using the Regulator of Social Housing&#39;s Tenant Satisfaction Measures" in page \
            or "using the Regulator of Social Housing's Tenant Satisfaction Measures" in page
        assert f'<a href="{OGL_URL}">Open Government Licence v3.0</a>' in page
    assert '<tr class="tsm-peers"><th scope="row">Compared with similar landlords</th>' in tsm
    assert '<p class="peers-position">Our 81.2% for 2024-25 is in the top quarter of similar landlords' in area
