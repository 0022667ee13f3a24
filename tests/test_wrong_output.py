"""Output that was wrong without a word: hand-written pages replaced, words off the page, boxes
for characters the fonts lack, duplicate ids, files skipped, control characters, foreign digits.

Real parts throughout: `mkdocs build` in a temporary project, WeasyPrint PDFs read back with
pdfplumber, `standards check` as a user runs it.
"""

from __future__ import annotations

import collections
import re

import pytest

from .conftest import AREA, PERIOD, run_standards
from .test_site import CONFIG, mkdocs_build

# -- a generated page never replaces a hand-written file --------------------------------------

NO_DIRECTORY_URLS = CONFIG + "use_directory_urls: false\n"


@pytest.mark.parametrize("own, config, message", [
    ("falling-short.md", CONFIG,
     "docs/falling-short.md is written by hand, but the standards plugin makes a page with the same address "
     "from the data. Rename docs/falling-short.md, or remove it to use the generated page."),
    ("README.md", CONFIG,
     "docs/README.md is written by hand, but MkDocs publishes it at index.html, where the standards plugin "
     "puts its page index.md made from the data. Rename docs/README.md (or move it to another folder), "
     "or remove it to use the generated page."),
    ("areas/repairs/index.md", CONFIG,
     "docs/areas/repairs/index.md is written by hand, but MkDocs publishes it at areas/repairs/index.html, "
     "where the standards plugin puts its page areas/repairs.md made from the data. Rename "
     "docs/areas/repairs/index.md (or move it to another folder), or remove it to use the generated page."),
    ("falling-short/index.md", CONFIG,
     "docs/falling-short/index.md is written by hand, but MkDocs publishes it at falling-short/index.html, "
     "where the standards plugin puts its page falling-short.md made from the data. Rename "
     "docs/falling-short/index.md (or move it to another folder), or remove it to use the generated page."),
    ("data/results.csv", CONFIG,
     "docs/data/results.csv is written by hand, but the standards plugin writes data/results.csv from the data, "
     "at the same address. Rename or move docs/data/results.csv; the plugin's data/results.csv replaces it."),
    ("assets/standards/theme.css", CONFIG,
     "docs/assets/standards/theme.css is written by hand, but the standards plugin writes "
     "assets/standards/theme.css from the data, at the same address. Rename or move "
     "docs/assets/standards/theme.css; the plugin's assets/standards/theme.css replaces it."),
    ("areas/repairs.html", NO_DIRECTORY_URLS,
     "docs/areas/repairs.html is written by hand, but MkDocs publishes it at areas/repairs.html, where the "
     "standards plugin puts its page areas/repairs.md made from the data. Rename docs/areas/repairs.html "
     "(or move it to another folder), or remove it to use the generated page."),
])
def test_a_hand_written_file_at_a_generated_address_stops_the_build(make_project, tmp_path, own, config, message):
    project = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD,
                            f"docs/{own}": "# Our own page\n"}, config=config)
    run = mkdocs_build(project, tmp_path / "site")
    assert run.returncode != 0
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "site").exists() or not any((tmp_path / "site").rglob("*.html"))


def test_a_file_left_out_with_exclude_docs_is_no_clash(make_project, tmp_path):
    project = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD,
                            "docs/README.md": "# Notes for our staff\n", "docs/about.md": "# About us\n"},
                           config=CONFIG + "exclude_docs: README.md\n")
    run = mkdocs_build(project, tmp_path / "site")
    assert run.returncode == 0, run.stderr
    assert "How we" in (tmp_path / "site" / "index.html").read_text()


@pytest.mark.parametrize("own", ["areas/repairs/index.md", "README.md"])
def test_the_same_names_at_other_addresses_still_build(make_project, tmp_path, own):
    """Without directory URLs areas/repairs/index.md is areas/repairs/index.html, not areas/repairs.html;
    a README.md in another folder is that folder's page."""
    config = NO_DIRECTORY_URLS if own.startswith("areas") else CONFIG
    place = own if own.startswith("areas") else f"about/{own}"
    project = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD,
                            f"docs/{place}": "# Our own page\n\nWritten by hand.\n"}, config=config)
    run = mkdocs_build(project, tmp_path / "site")
    assert run.returncode == 0, run.stderr


# -- `standards check`: input -> exact code, location and message ------------------------------


def check(make_project, files: dict[str, str]) -> dict:
    project = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD, **files})
    run = run_standards("check", "--json", cwd=project)
    assert run.exit_code in (0, 1), run.stderr
    return run.json


def findings(report: dict) -> list[tuple[str, str, str, int, int, str]]:
    return [(severity[:-1], p["code"], p["file"], p["line"], p["column"], p["message"])
            for severity in ("errors", "warnings") for p in report[severity]]


FULL_WIDTH_2024 = "\uff12\uff10\uff12\uff14"  # ２０２４
ARABIC_2024 = "\u0662\u0660\u0662\u0664"  # ٢٠٢٤


@pytest.mark.parametrize("written, line, column, message", [
    (f"{ARABIC_2024}-25", 1, 9,
     f"'period' is '{ARABIC_2024}-25', which is not a period this tool can read. "
     "Write the period with the digits 0 to 9: '2024-25'."),
    (f"'{FULL_WIDTH_2024}-25 Q1'", 1, 9,
     f"'period' is '{FULL_WIDTH_2024}-25 Q1', which is not a period this tool can read. "
     "Write the period with the digits 0 to 9: '2024-25 Q1'."),
    (FULL_WIDTH_2024, 1, 9,
     f"'period' is '{FULL_WIDTH_2024}', which is not a period this tool can read. "
     "Write the period with the digits 0 to 9: '2024'."),
    ("2024-\u0662\u0665", 1, 9,
     "'period' is '2024-\u0662\u0665', which is not a period this tool can read. "
     "Write the period with the digits 0 to 9: '2024-25'."),
])
def test_periods_with_other_digits_are_refused(make_project, written, line, column, message):
    report = check(make_project, {"performance/2024-25.yaml": f"period: {written}\nresults:\n  repairs-on-time: 91\n"})
    assert findings(report) == [("error", "invalid-period", "performance/2024-25.yaml", line, column, message)]


@pytest.mark.parametrize("written, message", [
    (f"{ARABIC_2024}-06-30",
     f"'published' is '{ARABIC_2024}-06-30', which is not a date written as YYYY-MM-DD. "
     "Write the date with the digits 0 to 9: 2024-06-30."),
    ("2024-\uff10\uff16-30",
     "'published' is '2024-\uff10\uff16-30', which is not a date written as YYYY-MM-DD. "
     "Write the date with the digits 0 to 9: 2024-06-30."),
])
def test_dates_with_other_digits_are_refused(make_project, written, message):
    text = PERIOD.replace("results:", f"published: {written}\nresults:")
    report = check(make_project, {"performance/2021-22.yaml": text})
    assert findings(report) == [("error", "invalid-date", "performance/2021-22.yaml", 2, 12, message)]


@pytest.mark.parametrize("written, message", [
    ("\u0669\u0661", "The result for 'repairs-on-time' is '\u0669\u0661', which is not a number written plainly. "
                     "Write it with the digits 0 to 9: 91."),
    ("\uff19\uff11.5", "The result for 'repairs-on-time' is '\uff19\uff11.5', which is not a number written plainly. "
                       "Write it with the digits 0 to 9: 91.5."),
])
def test_numbers_with_other_digits_say_how_to_write_them(make_project, written, message):
    report = check(make_project, {"performance/2021-22.yaml": PERIOD.replace("91", written)})
    assert findings(report) == [("error", "number-format", "performance/2021-22.yaml", 3, 20, message)]


@pytest.mark.parametrize("name, suggestion", [
    ("standards/repairs.YAML", "repairs.yaml"),
    ("standards/lettings.Yml", "lettings.yml"),
    ("performance/2022-23.YAML", "2022-23.yaml"),
    ("performance/q1.yAmL", "q1.yaml"),
])
def test_a_data_file_named_in_capitals_is_named_not_skipped(make_project, name, suggestion):
    text = AREA.replace("Repairs", "Lettings").replace("repairs-on-time", "lets") if name.startswith("standards") \
        else PERIOD.replace("2021-22", "2022-23")
    suffix = name.rsplit(".", 1)[1]
    report = check(make_project, {name: text})
    assert findings(report) == [(
        "warning", "data-file-name", name, 1, 1,
        f"{name} is not read: its name ends in '.{suffix}', and only names ending in '.yaml' or '.yml', "
        f"in small letters, are data files. Rename it to '{suggestion}'.",
    )]


@pytest.mark.parametrize("name", ["standards/notes.txt", "standards/.repairs.YAML", "performance/README.md"])
def test_other_files_beside_the_data_are_still_left_alone(make_project, name):
    assert findings(check(make_project, {name: "anything"})) == []


# -- control characters are refused; characters the font lacks are named ------------------------

TITLE = "    title: We complete repairs on time\n"


def titled(title_line: str) -> dict[str, str]:
    return {"standards/repairs.yaml": AREA.replace(TITLE, title_line)}


CONTROL = ("contains the control character {}, which is not text and would garble the pages, the newsletter "
           "and the open data. Remove it: it usually comes from copying out of another program, "
           "or from an escape such as \\0 or \\e in double quotes.")


@pytest.mark.parametrize("files, file, line, column, message", [
    (titled('    title: "We complete\\0 repairs"\n'), "standards/repairs.yaml", 4, 12,
     "The title of standard 'repairs-on-time' " + CONTROL.format("U+0000 (NULL)")),
    (titled('    title: "\\e[31mWe complete repairs\\e[0m"\n'), "standards/repairs.yaml", 4, 12,
     "The title of standard 'repairs-on-time' " + CONTROL.format("U+001B (ESCAPE)")),
    (titled('    title: "Repairs\\x7f"\n'), "standards/repairs.yaml", 4, 12,
     "The title of standard 'repairs-on-time' " + CONTROL.format("U+007F (DELETE)")),
    (titled('    title: "Repairs\\r done"\n'), "standards/repairs.yaml", 4, 12,
     "The title of standard 'repairs-on-time' " + CONTROL.format("U+000D (CARRIAGE RETURN)")),
    (titled('    title: "Repairs \\x85 done"\n'), "standards/repairs.yaml", 4, 12,
     "The title of standard 'repairs-on-time' " + CONTROL.format("U+0085")),
    ({"standards/repairs.yaml": 'area: "Re\\bpairs"\n' + AREA.split("\n", 1)[1]}, "standards/repairs.yaml", 1, 7,
     "'area' " + CONTROL.format("U+0008 (BACKSPACE)")),
    ({"performance/2021-22.yaml": PERIOD.replace("91", '{value: 91, note: "Audited\\a"}')},
     "performance/2021-22.yaml", 3, 38, "'note' in the result for 'repairs-on-time' "
     + CONTROL.format("U+0007 (BELL)")),
    ({"performance/2021-22.yaml": PERIOD + 'commentary:\n  repairs: "Good\\fyear"\n'},
     "performance/2021-22.yaml", 5, 12, "The commentary for 'repairs' " + CONTROL.format("U+000C (FORM FEED)")),
])
def test_control_characters_are_refused_where_they_are(make_project, files, file, line, column, message):
    assert findings(check(make_project, files)) == [("error", "control-character", file, line, column, message)]


@pytest.mark.parametrize("text", [
    "  summary: |\n    Tabs\there and new lines\n    are text.\n",
    '  summary: "A tab\\there, a new line\\nthere"\n',
])
def test_tabs_and_new_lines_in_text_stay_allowed(make_project, text):
    area = AREA.replace("standards:\n", f"{text.strip(chr(10)).replace('  summary', 'summary', 1)}\nstandards:\n", 1)
    assert findings(check(make_project, {"standards/repairs.yaml": area})) == []


FONT = ("has characters that the font, Atkinson Hyperlegible, does not have: {}. The newsletter may print them "
        "as empty boxes. Open the newsletter's PDF to check them, or write the text without them.")


@pytest.mark.parametrize("title_line, line, column, names", [
    ("    title: 我们按时完成维修\n", 4, 12,
     "'我' (U+6211), '们' (U+4EEC), '按' (U+6309), '时' (U+65F6), '完' (U+5B8C) and 3 more"),
    ("    title: We complete repairs on time 🔧\n", 4, 40, "'🔧' (U+1F527)"),
    ("    title: 'Gwasanaeth i’r gŵr'\n", 4, 29, "'ŵ' (U+0175)"),
    ("    title: \"Naprawy \\u0142atwe\"\n", 4, 12, "'ł' (U+0142)"),
    ("    title: |\n      We fix it\n      in a day ✅\n", 4, 12, "'✅' (U+2705)"),
])
def test_characters_the_font_lacks_are_named_at_the_text(make_project, title_line, line, column, names):
    report = check(make_project, titled(title_line))
    assert findings(report) == [("warning", "character-not-in-font", "standards/repairs.yaml", line, column,
                                 "The title of standard 'repairs-on-time' " + FONT.format(names))]


@pytest.mark.parametrize("title", ["Réparations à l’heure – £5, 50 %", "Ümlaut café naïve Øre ß “quoted” … €"])
def test_western_european_text_has_no_warning(make_project, title):
    assert findings(check(make_project, titled(f"    title: {title}\n"))) == []


def test_the_registry_of_covered_characters_is_the_fonts_own():
    """FONT_COVERS is what every bundled Latin face's character map holds (carriage return aside)."""
    from fontTools.ttLib import TTFont

    from generator.present.templates import ours
    from generator.validate.characters import FONT_COVERS

    covered = {c for low, high in FONT_COVERS for c in range(low, high + 1)}
    faces = sorted((ours() / "assets" / "fonts").glob("atkinson-hyperlegible-latin-*.woff2"))
    assert len(faces) == 4
    for face in faces:
        assert set(TTFont(face).getBestCmap()) - {0x0D} == covered, face.name


# -- no page has two elements with one id, whatever the landlord calls its items and areas ---------

RICH_AREA = """\
area: Repairs
summary: What we fix and how fast.
standards:
  - id: gas
    title: Gas safety checks on time
    unit: percent
    target: {at_least: 99}
    how_measured: [Homes with a gas safety record in date]
    if_we_miss: We put it right within a day.
  - id: old-standard
    title: An old standard
    unit: percent
    target: {at_least: 50}
    retired: 2022-23
  - id: staff-badges
    title: Our staff show their badge
figures:
  - id: jobs
    title: Repairs done
    unit: count
"""

RICH_PERIOD = """\
period: {period}
results:
  gas: 98
  jobs: 1200
{more}commentary:
  repairs: A good year for repairs.
benchmarks:
  source: A survey of landlords
  values:
    gas: {{lower_quartile: 95, median: 97, upper_quartile: 99}}
"""

# ids our templates and theme gave their own headings and blocks before they had an underscore,
# and the ids an item's sub-headings had: each one also a valid id for an item or an area
FORMER_IDS = ["commentary", "retired", "our-standards", "our-commitments", "other-figures", "benchmarks",
              "download", "main-content", "repairs", "gas-measured", "gas-if-we-miss",
              "results-for-2022-23-april-2022-to-march-2023", "how-were-doing"]


def _page_ids(site):
    found = {}
    for page in site.rglob("*.html"):
        found[page.relative_to(site).as_posix()] = re.findall(r"""\sid=["']([^"']+)["']""", page.read_text())
    return found


def _rich_project(make_project, item_ids=(), area_ids=()):
    from generator.validate.values import id_problem

    items = [i for i in item_ids if id_problem(i) is None and i not in {"gas", "old-standard", "staff-badges", "jobs"}]
    areas = [a for a in area_ids if id_problem(a) is None and a != "repairs"]
    files = {"standards/repairs.yaml": RICH_AREA + "".join(f"  - {{id: {i}, title: Figure {i}, unit: count}}\n"
                                                             for i in items),
             "performance/2021-22.yaml": RICH_PERIOD.format(period="2021-22", more="  old-standard: 60\n"),
             "performance/2022-23.yaml": RICH_PERIOD.format(period="2022-23", more="".join(
                 f"  {i}: 1\n" for i in items)).replace(
                 "commentary:\n", "commentary:\n" + "".join(f"  {a}: Area {a} this year.\n" for a in areas))}
    files.update({f"standards/{a}.yaml": f"area: Area {a}\nstandards:\n" for a in areas})
    files["docs/contact.md"] = "# Contact us\n\nWrite to us.\n"
    return make_project(files, config=CONFIG)


def test_no_page_has_two_elements_with_the_same_id(make_project, tmp_path):
    first = mkdocs_build(_rich_project(make_project), tmp_path / "first")
    assert first.returncode == 0, first.stderr
    used = {i for ids in _page_ids(tmp_path / "first").values() for i in ids}
    names = sorted(used | set(FORMER_IDS))
    project = _rich_project(make_project, item_ids=names, area_ids=names)
    run = mkdocs_build(project, tmp_path / "site")
    assert run.returncode == 0, run.stderr
    pages = _page_ids(tmp_path / "site")
    assert "areas/repairs/index.html" in pages and "periods/2022-23/index.html" in pages
    assert "commentary" in pages["areas/repairs/index.html"]  # an item called commentary has its anchor
    assert "benchmarks" in pages["periods/2022-23/index.html"]  # an area called benchmarks has its heading
    duplicates = {page: sorted(i for i, n in collections.Counter(ids).items() if n > 1) for page, ids in pages.items()}
    assert {page: ids for page, ids in duplicates.items() if ids} == {}


# -- long unbroken words wrap inside their column in the newsletter's PDF -----------------------

LONG_WORD = "Neighbourhoodimprovementsandcommunalrepairsprogrammedelivery"
MM_PT = 72 / 25.4

LONG_AREA = f"""\
area: Repairs
standards:
  - id: repairs-on-time
    title: We complete {LONG_WORD} on time
    unit: percent
    target: {{at_least: 95}}
  - id: gas
    title: Gas checks
    unit: percent
    target: {{at_least: 99}}
"""
LONG_PERIOD = f"""\
period: 2021-22
results:
  repairs-on-time: {{value: 91, note: "{LONG_WORD}", action: "We are hiring {LONG_WORD} staff."}}
  gas: 99.5
commentary:
  repairs: The {LONG_WORD} went well.
newsletter:
  headline: {LONG_WORD}
  feature: [repairs-on-time, gas]
  pages: 4
"""


@pytest.mark.parametrize("edition, margin_mm", [("screen", 18), ("large-print", 18), ("print", 18)])
def test_a_long_word_stays_inside_the_page_and_its_column(make_project, tmp_path, edition, margin_mm):
    import pdfplumber

    assert len(LONG_WORD) == 60
    project = make_project({"standards/repairs.yaml": LONG_AREA, "performance/2021-22.yaml": LONG_PERIOD})
    pdf_path = tmp_path / f"{edition}.pdf"
    run = run_standards("newsletter", "2021-22", "--edition", edition, "-o", str(pdf_path), cwd=project)
    assert run.exit_code == 0, run.text
    seen = ""
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            left, _, right, _ = page.trimbox
            inner_left, inner_right = left + margin_mm * MM_PT - 1, right - margin_mm * MM_PT + 1
            for ch in page.chars:
                assert left <= ch["x0"] and ch["x1"] <= right, (page.page_number, ch["text"], "outside the trim box")
                assert inner_left <= ch["x0"] and ch["x1"] <= inner_right, (
                    page.page_number, ch["text"], ch["x0"], ch["x1"], "outside the text column")
            words = page.extract_words()
            seen += "".join(w["text"] for w in words)
            header = [(a, b) for a, b in zip(words, words[1:])
                      if (a["text"], b["text"]) == ("Standard", "Result") and abs(a["top"] - b["top"]) < 1]
            pieces = [w for w in words if len(w["text"]) >= 8 and w["text"] in LONG_WORD]  # the word's lines
            for standard, result in header:  # the table of standards: its title stays in its column
                for w in pieces:
                    if w["top"] > standard["bottom"] and standard["x0"] - 1 <= w["x0"] < result["x0"]:
                        assert w["x1"] <= result["x0"], (page.page_number, w["text"], "runs into the Result column")
    assert seen.count(LONG_WORD[:20]) >= 3  # the word is there, broken over lines where it must be
