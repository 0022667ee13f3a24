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
