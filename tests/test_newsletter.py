"""The newsletters: every edition built for the example data and read back as a reader,
a screen reader and a print shop would (pypdf, pikepdf, pdfplumber).

The PDFs of the example's 2024-25 are made once for the module (about half a minute):
the period has an editor's `newsletter:` block, a `feature` list and a page budget.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from html import escape
from pathlib import Path

import pdfplumber
import pikepdf
import pypdf
import pytest

from generator.assess.rules import CLOSE, MISSED
from generator.newsletter import files as newsletter_files
from generator.newsletter.content import Options, content
from generator.newsletter.files import Job, make
from generator.newsletter.pdf import BLEED, MM
from generator.pipeline import check_project
from generator.present.words import STATUS_WORDS
from generator.problems import Problems
from generator.registry.editions import EDITIONS, file_name, links

from .conftest import DEFAULT_CONFIG, ROOT, run_standards

A4 = (595.276, 841.89)
A5 = (419.528, 595.276)


# -- reading PDFs back ---------------------------------------------------------------------------


def text_of(path: Path) -> list[str]:
    """Each page's text in content order, whitespace made single spaces; a line that ends in a
    hyphen ('anti-' / 'social') runs on into the next."""
    reader = pypdf.PdfReader(path)
    return [re.sub(r"(\w-) (?=\w)", r"\1", " ".join(page.extract_text().split())) for page in reader.pages]


def fonts_of(pdf: pikepdf.Pdf):
    """Every font used on every page, in pages and in their form XObjects."""
    seen = set()

    def walk(resources):
        for font in (resources.get("/Font") or {}).values():
            if font.objgen not in seen:
                seen.add(font.objgen)
                yield font
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                yield from walk(xobject.Resources)

    for page in pdf.pages:
        yield from walk(page.Resources)


def embedded(font) -> bool:
    descriptor = font.DescendantFonts[0].FontDescriptor if font.Subtype == "/Type0" else font.FontDescriptor
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def content_streams(pdf: pikepdf.Pdf):
    """(operands, operator) of every page and form XObject, and the colour space of every image."""
    seen = set()

    def walk(resources):
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.objgen in seen:
                continue
            seen.add(xobject.objgen)
            if xobject.get("/Subtype") == "/Form":
                yield from pikepdf.parse_content_stream(xobject)
                if "/Resources" in xobject:
                    yield from walk(xobject.Resources)
            else:
                yield [xobject.get("/ColorSpace")], pikepdf.Operator("image")

    for page in pdf.pages:
        yield from pikepdf.parse_content_stream(page)
        yield from walk(page.Resources)


def rgb_uses(pdf: pikepdf.Pdf) -> list[str]:
    found = []
    for operands, operator in content_streams(pdf):
        name = str(operator)
        if name in ("rg", "RG"):
            found.append(f"{name} {list(operands)}")
        elif name in ("cs", "CS") and str(operands[0]) in ("/DeviceRGB", "/CalRGB"):
            found.append(f"{name} {operands[0]}")
        elif name == "image" and "RGB" in str(operands[0]):
            found.append(f"image in {operands[0]}")
    for page in pdf.pages:
        for name, space in (page.Resources.get("/ColorSpace") or {}).items():
            if isinstance(space, pikepdf.Array) and str(space[0]) == "/ICCBased" and int(space[1].N) == 3:
                found.append(f"ICC RGB colour space {name}")
        group = page.get("/Group")
        if group is not None and "RGB" in str(group.get("/CS")):
            found.append("RGB transparency group")
    return found


def reachable_elements(pdf: pikepdf.Pdf) -> set:
    seen, stack = set(), [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, pikepdf.Dictionary):
                stack.append(kid)
    return seen


def structure(pdf: pikepdf.Pdf):
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if "/S" in node:
            yield node
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, pikepdf.Dictionary) and "/Type" not in kid or \
                    isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                stack.append(kid)


def box(page, name: str) -> tuple[float, ...]:
    return tuple(round(float(v), 2) for v in page[name])


# -- the example's newsletters, made once --------------------------------------------------------


@pytest.fixture(scope="module")
def example():
    outcome = check_project(ROOT / "mkdocs.yml")
    assert not outcome.errors
    return outcome


def period(outcome, label: str):
    return next(p for p in outcome.project.periods if p.period.label == label)


@pytest.fixture(scope="module")
def made(example, tmp_path_factory):
    """Every edition of 2024-25, the insert from page 12; an A5 booklet of a quarter; a draft."""
    out = tmp_path_factory.mktemp("newsletters")
    project, root = example.project, example.root
    options = Options.from_settings(project.settings, root)
    year = content(project, period(example, "2024-25"))
    files = {}
    for edition in EDITIONS:
        chosen = replace(options, start_page=12) if edition == "insert" else options
        files[edition] = make(Job(year, edition, chosen, root, out / file_name(year.period_file.period, edition)))
    quarter = content(project, period(example, "2024-25 Q3"))
    files["a5"] = make(Job(quarter, "print", replace(options, paper="A5", crop_marks=True), root, out / "a5.pdf"))
    draft = content(project, period(example, "2025-26 Q2"))
    files["draft"] = make(Job(draft, "screen", options, root, out / "draft.pdf"))
    return files


@pytest.fixture(scope="module")
def featured(example):
    item = content(example.project, period(example, "2024-25"))
    rows = [row for section in item.areas for row in section.standards]
    kinds = {i.id: i.kind for i in example.project.items}
    assert [r.item.id for r in rows] == [i for i in period(example, "2024-25").newsletter.feature
                                         if kinds[i] == "standard"]
    return rows


PDF_EDITIONS = ["screen", "insert", "large-print", "print"]


@pytest.mark.parametrize("edition", PDF_EDITIONS + ["text"])
def test_every_featured_standard_with_its_status_word(made, featured, edition):
    path = made[edition].path
    text = " ".join(text_of(path)) if edition != "text" else " ".join(path.read_text(encoding="utf-8").split())
    for row in featured:
        title = " ".join(row.item.title.split())
        assert title in text, f"{edition}: {title!r} is missing"
        word = STATUS_WORDS[row.status].word
        after = text[text.index(title):text.index(title) + len(title) + 200]
        assert word in after, f"{edition}: the status word {word!r} does not follow {title!r}: {after!r}"


@pytest.mark.parametrize("edition", PDF_EDITIONS + ["text"])
def test_standards_missed_come_first_with_their_action(made, example, edition):
    """"Where we fell short" lists the misses, then the closes, before any area; with the action text."""
    path = made[edition].path
    text = " ".join(text_of(path)) if edition != "text" else " ".join(path.read_text(encoding="utf-8").split())
    item = content(example.project, period(example, "2024-25"))
    short = [entry.row for entry in item.short]
    assert [r.status for r in short] == sorted((r.status for r in short), key=lambda s: s != MISSED)
    assert {r.status for r in short} == {MISSED, CLOSE}
    start = text.index("Where we fell short")
    first_area = text.index(item.areas[0].area.name, start)
    positions = [text.index(" ".join(r.item.title.split()), start) for r in short]
    assert positions == sorted(positions) and positions[-1] < first_area
    for row in short:
        if row.result.action:
            assert " ".join(row.result.action.split())[:60] in text


@pytest.mark.parametrize("edition", ["screen", "insert", "large-print"])
def test_pdf_ua_markers(made, edition):
    with pikepdf.open(made[edition].path) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == "en-GB"
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title).startswith("How we're doing: April 2024 to March 2025")
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
            assert xmp.get("dc:title", "").startswith("How we're doing")
        marked = sum(1 for _, op in pikepdf.parse_content_stream(pdf.pages[0]) if str(op) == "BDC")
        assert marked > 10
        elements = list(structure(pdf))
        kinds = {str(e.S) for e in elements}
        assert {"/H1", "/H2", "/P"} <= kinds
        if edition != "large-print":
            assert {"/Table", "/TH", "/TD", "/Caption"} <= kinds
        figures = [e for e in elements if e.S == "/Figure"]
        assert figures and all(str(e.get("/Alt", "")).strip() for e in figures), "a chart or icon has no text alternative"
        # page furniture ("Page 2 of 8") is an artifact: every marked-content id leads into the tree
        reachable = reachable_elements(pdf)
        nums = root.StructTreeRoot.ParentTree.Nums
        for i in range(0, len(nums), 2):
            if isinstance(nums[i + 1], pikepdf.Array):
                assert all(e is None or e.objgen in reachable for e in nums[i + 1])
        for page in pdf.pages:
            assert page.get("/Tabs") == "/S"


@pytest.mark.parametrize("edition", PDF_EDITIONS + ["a5", "draft"])
def test_every_font_is_embedded_and_is_ours(made, edition):
    with pikepdf.open(made[edition].path) as pdf:
        fonts = list(fonts_of(pdf))
        assert fonts
        for font in fonts:
            assert embedded(font), f"{font.BaseFont} is not embedded"
            assert "Atkinson-Hyperlegible" in str(font.BaseFont), f"{font.BaseFont}: a fallback font crept in"


def sizes(path: Path) -> set[float]:
    with pdfplumber.open(path) as pdf:
        return {round(char["size"], 2) for page in pdf.pages for char in page.chars}


def test_large_print_has_no_character_under_16_point_and_body_18(made):
    found = sizes(made["large-print"].path)
    assert min(found) >= 16
    with pdfplumber.open(made["large-print"].path) as pdf:
        counted = {}
        for page in pdf.pages:
            for char in page.chars:
                counted[round(char["size"])] = counted.get(round(char["size"]), 0) + 1
    assert max(counted, key=counted.get) == 18


@pytest.mark.parametrize("edition", ["screen", "insert", "print"])
def test_screen_and_print_text_is_12_point_or_more(made, edition):
    assert min(sizes(made[edition].path)) >= 12


def test_print_edition_boxes_output_intent_and_cmyk_only(made):
    with pikepdf.open(made["print"].path) as pdf:
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-1a:2003"
        assert pdf.pdf_version == "1.4"
        for page in pdf.pages:
            trim = box(page, "/TrimBox")
            assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx(A4, abs=0.01)
            bleed = box(page, "/BleedBox")
            assert [b - t for b, t in zip(bleed, trim)] == pytest.approx([-BLEED, -BLEED, BLEED, BLEED], abs=0.01)
            assert BLEED == pytest.approx(3 * MM)
            assert "/Annots" not in page  # no links inside the print area
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFX"
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert str(intent.RegistryName) == "http://www.color.org"
        assert int(intent.DestOutputProfile.N) == 4
        assert rgb_uses(pdf) == []


def test_a5_booklet_is_padded_to_a_multiple_of_4_with_crop_marks_outside_the_bleed(made):
    path = made["a5"].path
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
        assert count % 4 == 0
        for page in pdf.pages:
            trim, bleed, media = box(page, "/TrimBox"), box(page, "/BleedBox"), box(page, "/MediaBox")
            assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx(A5, abs=0.01)
            assert media[0] < bleed[0] < trim[0] and media[3] > bleed[3] > trim[3]
        marks = [ops for ops, op in pikepdf.parse_content_stream(pdf.pages[0]) if str(op) in ("m", "l")]
        trim = box(pdf.pages[0], "/TrimBox")
        bleed = box(pdf.pages[0], "/BleedBox")
        for x, y in (tuple(float(v) for v in ops) for ops in marks[-16:]):
            outside = x < bleed[0] or x > bleed[2] or y < bleed[1] or y > bleed[3]
            assert outside, f"a crop mark at {x}, {y} is inside the bleed"
        assert rgb_uses(pdf) == []


def test_an_a5_booklet_is_padded_with_pages_marked_intentionally_blank(make_project, tmp_path):
    root = make_project({"standards/repairs.yaml": BUDGET_AREA,
                         "performance/2021-22.yaml": BUDGET_PERIOD.format(feature="repairs-on-time")
                         .replace("pages: 1", "pages: 2")})
    run = run_standards("newsletter", "2021-22", "--edition", "print", "--paper", "a5", "-o",
                        str(tmp_path / "a5.pdf"), cwd=root)
    assert run.exit_code == 0, run.text
    pages = text_of(tmp_path / "a5.pdf")
    assert len(pages) == 4
    blank = [i for i, text in enumerate(pages) if text == "This page is intentionally blank."]
    assert blank and blank == list(range(blank[0], 4)) and blank[0] >= 1
    assert f"Page {blank[0]} of 4" in pages[blank[0] - 1]


def test_insert_starts_at_the_page_asked_for_without_the_masthead(made):
    path = made["insert"].path
    with pikepdf.open(path) as pdf:
        assert pdf.Root.PageLabels.Nums[1].St == 12
        alts = {str(e.get("/Alt", "")) for e in structure(pdf) if e.S == "/Figure"}
        assert "Example Homes logo" not in alts
    pages = text_of(path)
    assert "Page 12" in pages[0] and "Page 13" in pages[1]
    with pikepdf.open(made["screen"].path) as screen:
        assert len(screen.pages) >= len(pypdf.PdfReader(path).pages)


def test_page_x_of_y_on_every_page(made):
    pages = text_of(made["screen"].path)
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in text


def test_a_draft_says_draft_on_every_page(made):
    for text in text_of(made["draft"].path):
        assert "DRAFT" in text
    assert made["draft"].path.exists()


def test_masthead_contact_and_other_formats(made, example):
    first = text_of(made["screen"].path)[0]
    assert "Example Homes" in first and "How we're doing" in first
    assert "April 2024 to March 2025" in first and "Published 10 July 2025" in first
    assert "Our best year for repairs since before the pandemic" in first
    everything = " ".join(text_of(made["screen"].path))
    for words in ("Contact us", "0300 000 0000", "hello@example.org", "large print, audio, braille or another language",
                  "How we compare with similar landlords", "If we miss a standard",
                  "Housemark 2024, landlords with 10,000 to 15,000 homes"):
        assert words in everything


def test_text_edition_is_plain_utf8_in_reading_order(made):
    data = made["text"].path.read_bytes()
    text = data.decode("utf-8")
    assert "<" not in text and "**" not in text
    headings = re.findall(r"^(.+)\n[=-]+$", text, re.MULTILINE)
    assert headings == ["Example Homes: How we're doing", "Our best year for repairs since before the pandemic",
                        "At a glance", "Where we fell short", "You said, we did", "Customer care", "Repairs", "Complaints",
                        "Anti-social behaviour", "Lettings and empty homes", "Building safety", "Tenant satisfaction",
                        "Neighbourhoods and estates", "Rent and income", "How we compare with similar landlords",
                        "How we compare: Tenant Satisfaction Measures", "Tenant Satisfaction Measures",
                        "If we miss a standard", "Contact us"]
    # the example gives all four contact details: the offer of other formats names each way to ask
    assert text.rstrip().endswith("email hello@example.org, write to us at 1 High Street, Exampletown EX1 1EX "
                                  "or visit https://example.org.")


def test_html_edition_is_an_accessible_page(made, featured):
    html = made["html"].path.read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in html
    assert "<title>How we&#39;re doing: April 2024 to March 2025" in html
    assert html.count("<h1") == 1
    for row in featured:
        assert escape(row.item.title) in html
    assert "../assets/standards/fonts/" in html  # the site's own font, nothing from another host
    # nothing from another host: the one link elsewhere is the Open Government Licence the regulator's
    # figures are published under (a link, not a resource the page loads)
    assert not re.search(r"""(src|href)=["']https?://(?!example\.org|www\.nationalarchives\.gov\.uk/doc/open-gov)""", html)
    assert not re.search(r"""src=["']https?://""", html)


# -- reproducible, and not made again when nothing changed --------------------------------------


def test_two_builds_give_identical_bytes(example, tmp_path, made):
    item = content(example.project, period(example, "2024-25"))
    options = Options.from_settings(example.project.settings, example.root)
    for edition in ("screen", "print"):
        again = make(Job(item, edition, options, example.root, tmp_path / f"again-{edition}.pdf"))
        assert again.rendered
        assert again.path.read_bytes() == made[edition].path.read_bytes(), edition


def test_an_edition_whose_inputs_did_not_change_is_not_made_again(made, example):
    first = made["large-print"]
    stamp = newsletter_files.stamp_path(example.root, first.path)
    assert stamp.is_file()
    assert not (first.path.parent / f".{first.path.name}.stamp").exists()  # nothing left beside the file
    before = first.path.stat().st_mtime_ns
    item = content(example.project, period(example, "2024-25"))
    options = Options.from_settings(example.project.settings, example.root)
    again = make(Job(item, "large-print", options, example.root, first.path))
    assert not again.rendered and again.pages == first.pages
    assert first.path.stat().st_mtime_ns == before
    other = content(example.project, period(example, "2024-25 Q4"))  # other data: made again
    assert make(Job(other, "large-print", options, example.root, first.path.with_name("other.pdf"))).rendered
    again = make(Job(other, "large-print", options, example.root, first.path))
    assert again.rendered and again.path.read_bytes() != b""


# -- the page budget ---------------------------------------------------------------------------------


BUDGET_AREA = """\
area: Repairs
standards:
  - id: repairs-on-time
    title: We complete repairs on time
    unit: percent
    target: {at_least: 85}
  - id: emergency-24h
    title: We make emergency repairs safe within 24 hours
    unit: percent
    target: {at_least: 85}
  - id: urgent-7-days
    title: We complete urgent repairs within 7 days
    unit: percent
    target: {at_least: 85}
  - id: routine-28-days
    title: We complete routine repairs within 28 days
    unit: percent
    target: {at_least: 85}
"""
BUDGET_PERIOD = """\
period: 2021-22
results:
  repairs-on-time: 91
  emergency-24h: 99.2
  urgent-7-days: 95.1
  routine-28-days: 90.4
newsletter:
  feature: [{feature}]
  pages: 1
"""
ALL = ["repairs-on-time", "emergency-24h", "urgent-7-days", "routine-28-days"]


def test_overflow_is_an_error_at_pages_naming_what_to_cut_and_cutting_it_fits(make_project):
    root = make_project({"standards/repairs.yaml": BUDGET_AREA,
                         "performance/2021-22.yaml": BUDGET_PERIOD.format(feature=", ".join(ALL))})
    run = run_standards("newsletter", "2021-22", cwd=root)
    assert run.exit_code == 1
    assert "performance/2021-22.yaml:9:3: error: The newsletter for 2021-22 takes 2 pages, but 'pages' allows 1." \
        in run.stderr
    named = re.search(r"leave these \d+ out of 'feature': ([a-z0-9, -]+)\.", run.stderr).group(1).split(", ")
    assert named and set(named) < set(ALL)
    assert not (root / "newsletters" / "2021-22-screen.pdf").exists()  # never clipped, never half made
    kept = [i for i in ALL if i not in named]
    (root / "performance/2021-22.yaml").write_text(BUDGET_PERIOD.format(feature=", ".join(kept)), encoding="utf-8")
    run = run_standards("newsletter", "2021-22", cwd=root)
    assert run.exit_code == 0, run.text
    assert "1 page" in run.output
    with pikepdf.open(root / "newsletters" / "2021-22-screen.pdf") as pdf:
        assert len(pdf.pages) == 1


def test_overflow_problem_is_data_with_its_code(example):
    """The budget as a problem (code, location at `pages:`), on the example's own 2024-25."""
    period_file = period(example, "2024-25")
    plan = replace(period_file.newsletter, pages=2)
    project = replace(example.project, periods=tuple(replace(p, newsletter=plan) if p is period_file else p
                                                     for p in example.project.periods))
    tight = next(p for p in project.periods if p.period.label == "2024-25")
    problems = Problems()
    from generator.newsletter import budget

    # pretend layouts (the search, not WeasyPrint): it fits once five are left out
    assert not budget.fits(project, tight, 4, lambda item: 3 if len(item.left_out) < 5 else 2, problems)
    (problem,) = problems.errors
    assert problem.code == "newsletter-too-long"
    assert problem.location == plan.pages_location
    order = budget.cut_order(content(project, tight))
    assert f"leave these 5 out of 'feature': {', '.join(order[:5])}." in problem.hint
    kinds = {i.id: i.kind for i in project.items}
    assert kinds[order[0]] == "figure"  # figures go first


# -- the command and the site -------------------------------------------------------------------------


def test_newsletter_command_default_file_and_unknown_period(make_project):
    root = make_project({"standards/repairs.yaml": BUDGET_AREA,
                         "performance/2021-22.yaml": BUDGET_PERIOD.format(feature="repairs-on-time")})
    run = run_standards("newsletter", "2021/22", "--edition", "text", cwd=root)
    assert run.exit_code == 0, run.text
    assert (root / "newsletters" / "2021-22-text.txt").is_file()
    run = run_standards("newsletter", "2030-31", cwd=root)
    assert run.exit_code == 2
    assert "there is no performance file for the period '2030-31'" in run.stderr
    run = run_standards("newsletter", "2021-22", "--edition", "poster", cwd=root)
    assert run.exit_code == 2


def test_printer_profile_makes_pdf_x4_with_that_profile(make_project, tmp_path):
    root = make_project({"standards/repairs.yaml": BUDGET_AREA,
                         "performance/2021-22.yaml": BUDGET_PERIOD.format(feature="repairs-on-time")},
                        DEFAULT_CONFIG + "      newsletter:\n        printer_profile: printer.icc\n"
                        "        crop_marks: true\n")
    profile = newsletter_files.editions.fogra39_profile()
    shutil.copyfile(profile, root / "printer.icc")
    run = run_standards("newsletter", "2021-22", "--edition", "print", "-o", str(tmp_path / "p.pdf"), cwd=root)
    assert run.exit_code == 0, run.text
    with pikepdf.open(tmp_path / "p.pdf") as pdf:
        assert pdf.pdf_version == "1.6"
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfxid:GTS_PDFXVersion") == "PDF/X-4"
        intent = pdf.Root.OutputIntents[0]
        assert str(intent.OutputConditionIdentifier) == "Custom"
        assert intent.DestOutputProfile.read_bytes() == profile.read_bytes()
        page = pdf.pages[0]
        assert box(page, "/MediaBox")[0] < box(page, "/BleedBox")[0]
        assert rgb_uses(pdf) == []


@pytest.mark.parametrize("settings, code", [
    ("        paper: A3\n", "invalid-choice"),
    ("        crop_marks: yes\n", "wrong-type"),
    ("        printer_profile: nowhere.icc\n", "config-path"),
    ("        insert_start_page: 0\n", "out-of-range"),
    ("        colour: cmyk\n", "unknown-key"),
])
def test_newsletter_settings_are_checked(make_project, settings, code):
    root = make_project({"standards/repairs.yaml": BUDGET_AREA,
                         "performance/2021-22.yaml": BUDGET_PERIOD.format(feature="repairs-on-time")},
                        DEFAULT_CONFIG + "      newsletter:\n" + settings)
    found = run_standards("check", "--json", cwd=root).json
    assert [p["code"] for p in found["errors"]] == [code]
    assert found["errors"][0]["file"] == "mkdocs.yml"


@pytest.mark.parametrize("block, code", [
    ("  feature: [repairs-on-tme]\n", "unknown-id"),
    ("  feature: [repairs-on-time, repairs-on-time]\n", "duplicate-id"),
    ("  pages: 0\n", "out-of-range"),
    ("  pages: two\n", "number-format"),
    ("  headlin: Hello\n", "unknown-key"),
    ("  feature: {repairs-on-time: 1}\n", "wrong-type"),
])
def test_newsletter_block_is_checked(make_project, block, code):
    period_text = "period: 2021-22\nresults:\n  repairs-on-time: 91\nnewsletter:\n" + block
    root = make_project({"standards/repairs.yaml": BUDGET_AREA, "performance/2021-22.yaml": period_text})
    found = run_standards("check", "--json", cwd=root).json
    codes = [p["code"] for p in found["errors"]]
    assert codes == [code], found["errors"]
    assert found["errors"][0]["line"] >= 5


def test_a_single_id_may_be_featured_without_a_list(make_project):
    period_text = "period: 2021-22\nresults:\n  repairs-on-time: 91\nnewsletter:\n  feature: repairs-on-time\n"
    root = make_project({"standards/repairs.yaml": BUDGET_AREA, "performance/2021-22.yaml": period_text})
    outcome = check_project(root / "mkdocs.yml")
    assert not outcome.errors
    assert outcome.project.periods[0].newsletter.feature == ("repairs-on-time",)


def test_period_page_links_to_every_edition(example):
    from generator.site.pages import build_site

    site = build_site(example.project, ROOT)
    page = site.pages["periods/2024-25.md"]
    assert "## Download this report" in page
    for text, path in links(period(example, "2024-25").period):
        assert f'href="../../{path}"' in page
        assert text in page


def test_standards_build_writes_every_edition_next_to_the_site(make_project, tmp_path):
    root = make_project({"standards/repairs.yaml": BUDGET_AREA, "docs/about.md": "# About us\n",
                         "performance/2021-22.yaml": BUDGET_PERIOD.format(feature="repairs-on-time")
                         .replace("pages: 1", "pages: 2"),
                         "performance/2022-23.yaml": "period: 2022-23\ndraft: true\nresults:\n  repairs-on-time: 93\n"})
    out = tmp_path / "site"
    run = run_standards("build", "-d", str(out), cwd=root)
    assert run.exit_code == 0, run.text
    names = sorted(p.name for p in (out / "newsletters").iterdir())
    assert names == sorted(file_name(period.period, e) for period in [_period(root, "2021-22")] for e in EDITIONS)
    page = (out / "periods" / "2021-22" / "index.html").read_text(encoding="utf-8")
    for href in re.findall(r'href="(\.\./\.\./newsletters/[^"]+)"', page):
        assert (out / "periods" / "2021-22" / href).resolve().is_file(), href
    first = {n: (out / "newsletters" / n).read_bytes() for n in names}
    run = run_standards("build", "-d", str(out), cwd=root)
    assert run.exit_code == 0 and "(0 made, 6 up to date)" in run.output
    assert {n: (out / "newsletters" / n).read_bytes() for n in names} == first
    assert not list(out.rglob("*.stamp"))  # stamps stay in the project's cache, not on the website


def _period(root: Path, label: str):
    outcome = check_project(root / "mkdocs.yml")
    return next(p for p in outcome.project.periods if p.period.label == label)
