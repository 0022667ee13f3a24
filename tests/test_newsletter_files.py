"""Making newsletter files fast without making them wrong: the stamps that let an edition
be skipped without making its HTML, the page counts the budget keeps, and the PDF finishing.

Small projects (one area, one or two periods), so each test lays out a page or two at most.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pikepdf
import pytest

from generator.newsletter import files as newsletter_files
from generator.newsletter import pdf as editions
from generator.newsletter.content import Options, content
from generator.newsletter.files import CACHE, PAGE_COUNTS, Job, make, quick_inputs, up_to_date
from generator.pipeline import check_project

from .conftest import ROOT, run_standards
from .test_newsletter import BUDGET_AREA

AREA = BUDGET_AREA  # four repairs standards
PERIOD = """\
period: 2021-22
results:
  repairs-on-time: 91
  emergency-24h: 80.5
  urgent-7-days: 95.1
  routine-28-days: 90.4
newsletter:
  pages: 2
"""
LATER = PERIOD.replace("2021-22", "2022-23").replace("80.5", "88")


def job_in(root, label: str, edition: str, output=None) -> Job:
    outcome = check_project(root / "mkdocs.yml")
    assert not outcome.errors
    period = next(p for p in outcome.project.periods if p.period.label == label)
    options = Options.from_settings(outcome.project.settings, outcome.root)
    path = output or root / "out" / f"{label}-{edition}"
    return Job(content(outcome.project, period), edition, options, outcome.root, path)


def test_the_quick_stamp_is_the_same_in_every_process():
    """It hashes the content itself: no id(), no set order, nothing that changes with the process."""
    job = job_in(ROOT, "2024-25", "print")
    here = quick_inputs(job)
    assert here is not None
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from tests.test_newsletter_files import job_in; "
            "from generator.newsletter.files import quick_inputs; from pathlib import Path; "
            "print(quick_inputs(job_in(Path(sys.argv[1]), '2024-25', 'print')))")
    for seed in ("1", "2"):
        run = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True,
                             env=dict(os.environ, PYTHONHASHSEED=seed), cwd=ROOT)
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() == here


def test_the_quick_stamp_changes_with_what_the_newsletter_says(make_project):
    root = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD,
                         "performance/2022-23.yaml": LATER})
    first = {e: quick_inputs(job_in(root, "2021-22", e)) for e in ("screen", "print", "text")}
    assert len(set(first.values())) == 3  # each edition its own
    assert quick_inputs(job_in(root, "2022-23", "screen")) != first["screen"]
    (root / "performance/2021-22.yaml").write_text(PERIOD.replace("80.5", "80.6"), encoding="utf-8")
    assert quick_inputs(job_in(root, "2021-22", "screen")) != first["screen"]
    (root / "performance/2021-22.yaml").write_text(PERIOD, encoding="utf-8")
    assert quick_inputs(job_in(root, "2021-22", "screen")) == first["screen"]
    # the landlord's own templates are part of it
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8")
                                     + "      templates: overrides\n", encoding="utf-8")
    (root / "overrides" / "newsletter").mkdir(parents=True)
    with_folder = quick_inputs(job_in(root, "2021-22", "screen"))
    assert with_folder != first["screen"]
    (root / "overrides" / "newsletter" / "newsletter.css.j2").write_text("/* ours */", encoding="utf-8")
    assert quick_inputs(job_in(root, "2021-22", "screen")) != with_folder


def test_an_edition_is_known_up_to_date_until_its_data_or_its_file_changes(make_project):
    root = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD})
    job = job_in(root, "2021-22", "text")
    assert up_to_date(job) is None
    first = make(job)
    assert first.rendered
    assert up_to_date(job) == newsletter_files.Made(job.output, None, False)
    # someone edits the file by hand: it is made again
    job.output.write_text("edited\n", encoding="utf-8")
    assert up_to_date(job) is None
    again = make(job)
    assert again.rendered and "We complete repairs on time" in job.output.read_text(encoding="utf-8")
    # other figures: made again
    (root / "performance/2021-22.yaml").write_text(PERIOD.replace("80.5", "79.5"), encoding="utf-8")
    changed = job_in(root, "2021-22", "text", job.output)
    assert up_to_date(changed) is None
    assert make(changed).rendered and "79.5%" in job.output.read_text(encoding="utf-8")


def test_a_change_that_does_not_change_the_pdf_renders_nothing(make_project):
    """A comment in the data file moves every line (so the quick stamp differs), but the HTML,
    and so the PDF, are the same: the PDF is not laid out again, and the stamp is brought up to date."""
    root = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD})
    job = job_in(root, "2021-22", "screen")
    made = make(job)
    assert made.rendered and made.pages
    before = (job.output.read_bytes(), job.output.stat().st_mtime_ns)
    (root / "performance/2021-22.yaml").write_text("# checked by the panel\n" + PERIOD, encoding="utf-8")
    moved = job_in(root, "2021-22", "screen", job.output)
    assert quick_inputs(moved) != quick_inputs(job)
    assert up_to_date(moved) is None
    again = make(moved)
    assert not again.rendered and again.pages == made.pages
    assert (job.output.read_bytes(), job.output.stat().st_mtime_ns) == before
    assert up_to_date(moved) is not None


def test_the_budget_counts_the_screen_pages_once(make_project):
    """The screen edition's page count is kept: the print edition's budget check reuses it."""
    root = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD})
    run = run_standards("newsletter", "2021-22", cwd=root)
    assert run.exit_code == 0, run.text
    counts = json.loads((root / CACHE / PAGE_COUNTS).read_text(encoding="utf-8"))
    stamp_file = newsletter_files.stamp_path(root, root / "newsletters" / "2021-22-screen.pdf")
    stamp = json.loads(stamp_file.read_text(encoding="utf-8"))
    assert counts == {stamp["inputs"]: stamp["pages"]}
    run = run_standards("newsletter", "2021-22", "--edition", "print", cwd=root)
    assert run.exit_code == 0, run.text
    assert json.loads((root / CACHE / PAGE_COUNTS).read_text(encoding="utf-8")) == counts


def test_page_furniture_becomes_artifacts_without_parsing_the_page(make_project):
    """The quick way (a pattern on WeasyPrint's content streams) finds every orphan; the result
    is the same as parsing every operator."""
    root = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD})
    job = job_in(root, "2021-22", "screen")
    html = newsletter_files.edition_html(job)
    raw = editions.layout(html).write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=b"0" * 32)
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        reachable = editions._reachable(pdf)
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        mapping = nums[1]
        orphans = {i for i, e in enumerate(mapping)
                   if isinstance(e, pikepdf.Dictionary) and e.objgen not in reachable}
        assert orphans, "the footer and page number are marked content the tree does not reach"
        page = pdf.pages[0]
        parsed = [([pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)], op)
                  if str(op) == "BDC" and int(ops[1].get("/MCID", -1)) in orphans else (ops, op)
                  for ops, op in pikepdf.parse_content_stream(page)]
        page.Contents = pdf.make_stream(editions._as_artifacts(page, orphans))
        quick = list(pikepdf.parse_content_stream(page))
    assert [str(op) for _, op in quick] == [str(op) for _, op in parsed]
    assert marks(quick) == marks(parsed)
    assert sum(1 for tag, _ in marks(quick) if tag == "/Artifact") >= len(orphans)


def marks(commands) -> list[tuple[str, str]]:
    """Each marked-content start: its tag and its properties."""
    return [(str(operands[0]), str(operands[1]) if len(operands) > 1 else "")
            for operands, op in commands if str(op) in ("BDC", "BMC")]


@pytest.mark.parametrize("workers", [1, 2])
def test_build_makes_every_edition_once_then_none(make_project, tmp_path, workers):
    root = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD})
    outcome = check_project(root / "mkdocs.yml")
    made = newsletter_files.build(outcome.project, outcome.root, tmp_path / "site", workers=workers)
    assert len(made) == 6 and all(m.rendered for m in made)
    assert [m.path.name for m in made] == ["2021-22-screen.pdf", "2021-22-insert.pdf", "2021-22-large-print.pdf",
                                           "2021-22-print.pdf", "2021-22-text.txt", "2021-22.html"]
    again = newsletter_files.build(check_project(root / "mkdocs.yml").project, outcome.root, tmp_path / "site",
                                   workers=workers)
    assert [m.rendered for m in again] == [False] * 6
    assert [m.pages for m in again] == [m.pages for m in made]


def test_a_build_after_one_period_changed_makes_only_that_periods_editions(make_project, tmp_path):
    # what a publish in CI does when a merge changed one period file: the cache (kept between runs
    # by the publishing workflow) has every edition; only the changed period's six are made again
    root = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD,
                         "performance/2022-23.yaml": LATER})
    first = newsletter_files.build(check_project(root / "mkdocs.yml").project, root, tmp_path / "site", workers=2)
    assert sorted(m.path.name for m in first if m.rendered) == sorted(m.path.name for m in first)
    later = root / "performance" / "2022-23.yaml"
    later.write_text(later.read_text(encoding="utf-8").replace("repairs-on-time: 91", "repairs-on-time: 92"),
                     encoding="utf-8")
    again = newsletter_files.build(check_project(root / "mkdocs.yml").project, root, tmp_path / "site", workers=2)
    made = sorted(m.path.name for m in again if m.rendered)
    reused = sorted(m.path.name for m in again if not m.rendered)
    assert made == ["2022-23-insert.pdf", "2022-23-large-print.pdf", "2022-23-print.pdf", "2022-23-screen.pdf",
                    "2022-23-text.txt", "2022-23.html"]
    assert reused == ["2021-22-insert.pdf", "2021-22-large-print.pdf", "2021-22-print.pdf", "2021-22-screen.pdf",
                      "2021-22-text.txt", "2021-22.html"]
    # and the site has all twelve, the new ones as made now
    assert sorted(p.name for p in (tmp_path / "site" / "newsletters").iterdir()) == sorted(made + reused)
