"""Issue 17: two landlords' real reports typed in from the guide alone.

Each test builds a real project (real `standards build` or `standards newsletter`, real PDFs read
back with pdfplumber and pypdf): partial contact details, notes ending in a full stop, a long
organisation name on A5, the at-a-glance tiles, the theme, and the warnings count.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from .conftest import AREA, PERIOD, run_standards
from .test_newsletter import text_of

MM = 72 / 25.4

PHONE, EMAIL, ADDRESS, WEB = "0300 123 4567", "help@example.org", "1 High Street, Town AB1 2CD", "https://example.org"
P, E, A, W = f"call {PHONE}", f"email {EMAIL}", f"write to us at {ADDRESS}", f"visit {WEB}"
NOBODY = "ask your housing officer, or at any of our offices"

# every subset of the four contact details, and how the newsletter says to ask for large print
SUBSETS = [
    ((), NOBODY),
    (("phone",), P),
    (("email",), E),
    (("address",), A),
    (("web",), W),
    (("phone", "email"), f"{P} or {E}"),
    (("phone", "address"), f"{P} or {A}"),
    (("phone", "web"), f"{P} or {W}"),
    (("email", "address"), f"{E} or {A}"),
    (("email", "web"), f"{E} or {W}"),
    (("address", "web"), f"{A} or {W}"),
    (("phone", "email", "address"), f"{P}, {E} or {A}"),
    (("phone", "email", "web"), f"{P}, {E} or {W}"),
    (("phone", "address", "web"), f"{P}, {A} or {W}"),
    (("email", "address", "web"), f"{E}, {A} or {W}"),
    (("phone", "email", "address", "web"), f"{P}, {E}, {A} or {W}"),
]
VALUES = {"phone": PHONE, "email": EMAIL, "address": ADDRESS, "web": WEB}
LABELS = {"phone": "Phone", "email": "Email", "address": "Write to us", "web": "Website"}


def config(keys=(), organisation: str = "Test Homes", extra: str = "") -> str:
    lines = ["site_name: Test Homes", "plugins:", "  - standards:", f"      organisation: {organisation}"]
    if keys:
        lines.append("      contact:")
        lines += [f"        {k}: {VALUES[k]}" for k in keys]
    return "\n".join(lines) + "\n" + extra


@pytest.mark.parametrize("keys, how", SUBSETS, ids=["+".join(k) or "none" for k, _ in SUBSETS])
def test_every_subset_of_contact_details_builds_and_says_how_to_reach_us(make_project, tmp_path, keys, how):
    root = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD, "docs/about.md": "# About\n"},
                        config=config(keys))
    out = tmp_path / "site"
    run = run_standards("build", "-d", str(out), cwd=root)
    assert run.exit_code == 0, run.text
    assert "unexpected problem" not in run.text
    offer = f"To ask for a copy, {how}."
    letters = out / "newsletters"
    text = next(letters.glob("*.txt")).read_text(encoding="utf-8")
    page = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", next(letters.glob("*.html")).read_text("utf-8"))).split())
    pdfs = sorted(letters.glob("*.pdf"))
    assert len(pdfs) == 4
    for name, shown in [("text", " ".join(text.split())), ("html", page)] + \
            [(p.name, " ".join(text_of(p))) for p in pdfs]:
        squeezed = shown.replace(" ", "")  # a PDF's line may break an address after "//"
        assert offer.replace(" ", "") in squeezed, f"{name}: {offer!r} not in it"
        assert "ask us." not in shown, name
        for key in keys:
            assert VALUES[key].replace(" ", "") in squeezed, f"{name}: {key} is missing"
    for key in VALUES:
        assert (f"{LABELS[key]}: {VALUES[key]}" in text) == (key in keys)
    footer = (out / "index.html").read_text(encoding="utf-8")
    footer = footer[footer.index("<footer"):]
    for key in keys:
        assert html.escape(VALUES[key]) in footer, f"site footer: {key} is missing"
    checked = run_standards("check", "--json", cwd=root).json
    assert [w["code"] for w in checked["warnings"]] == ([] if keys else ["no-contact"])


# -- newsletter layout, read back from the PDFs -------------------------------------------------


LONG_NAME = "Northfield and District Community Housing Association"
NOTED = """\
period: 2021-22
results:
  repairs-on-time: {value: 91, note: Survey of 400 tenants.}
  repairs-first-visit: {value: 70, note: Figures from April to March.}
"""
TWO = AREA + """\
  - id: repairs-first-visit
    title: We fix the repair at the first visit
    unit: percent
    target: {at_least: 80}
"""


@pytest.fixture(scope="module")
def letters(tmp_path_factory):
    """The screen edition (A4) and the print edition on A5, of a landlord with a long name."""
    from .conftest import write_project

    root = write_project(tmp_path_factory.mktemp("long"), {"standards/repairs.yaml": TWO, "performance/2021-22.yaml": NOTED},
                         config(("phone",), LONG_NAME))
    made = {}
    for name, args in {"screen": [], "a5": ["--edition", "print", "--paper", "a5"],
                       "text": ["--edition", "text"], "html": ["--edition", "html"]}.items():
        path = root / f"{name}.out"
        run = run_standards("newsletter", "2021-22", *args, "-o", str(path), cwd=root)
        assert run.exit_code == 0, run.text
        made[name] = path
    return made


def footer_lines(path: Path, bottom_margin_mm: float) -> list[list[str] | None]:
    """Each page's lines of text in the bottom margin (None for a booklet's blank page, which has none)."""
    pages: list[list[str] | None] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            cut = page.height - (bottom_margin_mm - 2) * MM
            lines = page.extract_text_lines()
            blank = any("intentionally blank" in line["text"] for line in lines)
            pages.append(None if blank else [line["text"] for line in lines if line["top"] >= cut])
    return pages


@pytest.mark.parametrize("name, margin", [("a5", 18), ("screen", 22)])
def test_the_footer_of_every_page_is_one_line(letters, name, margin):
    pages = footer_lines(letters[name], margin)
    for number, lines in enumerate(pages, 1):
        if lines is None:
            continue
        assert len(lines) == 1, f"page {number}: {lines}"
        assert lines[0].endswith(f"Page {number} of {len(pages)}"), lines


def test_no_note_prints_a_full_stop_inside_its_bracket(letters):
    texts = {"screen": " ".join(text_of(letters["screen"])), "a5": " ".join(text_of(letters["a5"])),
             "text": letters["text"].read_text("utf-8"), "html": letters["html"].read_text("utf-8")}
    for name, text in texts.items():
        assert ".)" not in text, name
        assert "(Survey of 400 tenants)" in text, name
        assert "(Figures from April to March)" in text, name


def test_the_at_a_glance_tiles_are_in_one_row_on_a4(letters):
    with pdfplumber.open(letters["screen"]) as pdf:
        words = pdf.pages[0].extract_words()
    glance = next(i for i, w in enumerate(words) if w["text"] == "glance")
    tops = {}
    for w in words[glance:]:
        if w["text"] in ("Met", "Close", "Missed", "No") and w["text"] not in tops:
            tops[w["text"]] = round(w["top"])
    assert len(tops) == 4 and len(set(tops.values())) == 1, tops


def _last_body_line_is_a_heading(path: Path, bottom_margin_mm: float, body_size: float) -> list[int]:
    pages = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages[:-1], 1):  # the last page ends where the text ends
            cut = page.height - (bottom_margin_mm - 2) * MM
            body = [line for line in page.extract_text_lines() if line["top"] < cut]
            last = body[-1]
            bold = all("Bold" in c["fontname"] for c in last["chars"] if c["text"].strip())
            if bold and max(c["size"] for c in last["chars"]) > body_size + 0.5:
                pages.append(number)
    return pages


def test_no_heading_is_the_last_text_on_a_page(letters):
    assert _last_body_line_is_a_heading(letters["screen"], 22, 12) == []
    assert _last_body_line_is_a_heading(letters["a5"], 18, 12) == []


# -- commands -----------------------------------------------------------------------------------


def test_the_newsletter_command_prints_a_count_of_warnings_not_each(make_project):
    survey = AREA + "  - id: tenant-survey\n    title: Tenants satisfied\n    unit: percent\n    survey: true\n"
    root = make_project({"standards/repairs.yaml": survey,
                         "performance/2021-22.yaml": PERIOD + "  tenant-survey: 85\n"})
    run = run_standards("newsletter", "2021-22", "--edition", "text", "-o", "n.txt", cwd=root)
    assert run.exit_code == 0, run.text
    assert "1 warning about the data: run 'standards check' to see it." in run.text
    assert "how many tenants answered" not in run.text


def test_a_site_without_a_theme_uses_material_and_nothing_from_another_website(make_project, tmp_path):
    root = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD, "docs/about.md": "# A\n"})
    assert "theme" not in (root / "mkdocs.yml").read_text()
    out = tmp_path / "site"
    run = run_standards("build", "-d", str(out), cwd=root)
    assert run.exit_code == 0, run.text
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "assets/stylesheets/main." in page  # Material's
    assert not re.search(r'<script[^>]+src="(https?:)?//', page), "a script from another website"
    assert "highlight" not in page


def test_another_theme_is_refused_naming_the_fix(make_project, tmp_path):
    root = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD, "docs/about.md": "# A\n"},
                        config=config(("phone",)) + "theme: readthedocs\n")
    # a process of its own: MkDocs' log (where the plugin's error goes) is printed as the user sees it
    run = subprocess.run([sys.executable, "-m", "generator", "build", "-d", str(tmp_path / "site")], cwd=root,
                         capture_output=True, text=True, timeout=120)
    said = run.stdout + run.stderr
    assert run.returncode != 0
    assert "'theme: readthedocs'" in said and "name: material" in said, said
    assert "unexpected problem" not in said and "Traceback" not in said


# -- data accepted is shown: a figure's action, a Markdown table in commentary ---------------------


TABLED_AREA = AREA + """\
figures:
  - id: repairs-reported
    title: Repairs reported
    unit: count
"""
TABLED_PERIOD = """\
period: 2021-22
results:
  repairs-on-time: 91
  repairs-reported: {value: 1200, action: We are hiring two more plumbers.}
commentary:
  repairs: |
    Repairs by month:

    | Month | Repairs |
    |---|---|
    | April | 120 |
    | May | 98 |
"""


@pytest.fixture(scope="module")
def tabled(tmp_path_factory):
    from .conftest import write_project

    base = tmp_path_factory.mktemp("tabled")
    (base / "project").mkdir()
    root = write_project(base / "project", {"standards/repairs.yaml": TABLED_AREA,
                                            "performance/2021-22.yaml": TABLED_PERIOD, "docs/about.md": "# A\n"},
                         config(("phone",)))
    out = base / "site"
    run = run_standards("build", "-d", str(out), cwd=root)
    assert run.exit_code == 0, run.text
    return out


def test_a_figures_action_is_in_every_edition_the_site_and_the_open_data(tabled):
    action = "We are hiring two more plumbers."
    letters = tabled / "newsletters"
    assert action in next(letters.glob("*.txt")).read_text("utf-8")
    assert action in next(letters.glob("*.html")).read_text("utf-8")
    for pdf in letters.glob("*.pdf"):
        assert action in " ".join(text_of(pdf)), pdf.name
    assert action in (tabled / "areas" / "repairs" / "index.html").read_text("utf-8")
    csv = (tabled / "data" / "results.csv").read_text("utf-8-sig").splitlines()
    head = csv[0].split(",")
    assert "action" in head
    row = next(line for line in csv if line.startswith("repairs,") and ",repairs-reported," in line)
    assert action in row


def test_a_markdown_table_in_commentary_is_a_table_not_pipes(tabled):
    page = (tabled / "areas" / "repairs" / "index.html").read_text("utf-8")
    table = re.search(r"<table>\s*<thead>.*?</table>", page, re.S)
    assert table, "no table on the area page"
    assert re.findall(r'<th scope="col">(\w+)</th>', table.group(0)) == ["Month", "Repairs"]
    assert "| Month |" not in page
    letters = tabled / "newsletters"
    text = next(letters.glob("*.txt")).read_text("utf-8")
    assert "- Month: April, Repairs: 120\n- Month: May, Repairs: 98" in text
    assert "|" not in text
    for pdf in letters.glob("*.pdf"):
        shown = " ".join(text_of(pdf))
        assert "| April" not in shown and "April 120" in shown, pdf.name
