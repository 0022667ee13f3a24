"""`retired:` means retired from that period on (FORMAT.md), judged against the newest period the
site shows: a real `mkdocs build`, read back from its HTML."""

import re

from .test_site import CONFIG, mkdocs_build

AREA = """\
area: Repairs
standards:
  - id: later-retired
    title: We fix leaks within a week
    unit: percent
    target: {at_least: 90}
    retired: 2030-31
  - id: still-going
    title: We complete repairs on time
    unit: percent
    target: {at_least: 90}
  - id: gone
    title: We answer repair calls within a day
    unit: days
    target: {at_most: 5}
    retired: 2024-25
"""


def _period(label: str, results: dict[str, str]) -> str:
    return f"period: {label}\nresults:\n" + "".join(f"  {k}: {v}\n" for k, v in results.items())


def _text(html: str) -> str:
    """The page's words without tags, spaces run together."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_a_standard_retired_from_a_later_period_is_current_and_counted(make_project, tmp_path):
    root = make_project({
        "standards/repairs.yaml": AREA,
        "performance/2023-24.yaml": _period("2023-24", {"later-retired": 91, "still-going": 92, "gone": 4}),
        "performance/2024-25.yaml": _period("2024-25", {"later-retired": 95, "still-going": 80}),
        "docs/about.md": "# About us\n",
    }, config=CONFIG)
    run = mkdocs_build(root, tmp_path / "site")
    assert run.returncode == 0, run.stderr

    area = (tmp_path / "site" / "areas" / "repairs" / "index.html").read_text(encoding="utf-8")
    current, _, no_longer = area.partition('id="_retired"')
    assert no_longer, "the page should have a section for the standard retired from 2024-25"
    # retired from 2030-31, reported in 2024-25: one of our standards, with its latest result
    assert 'id="later-retired"' in current and 'id="later-retired"' not in no_longer
    assert "Latest result, April 2024 to March 2025 (2024-25): 95%, against a target of at least 90%." \
        in _text(current.split('id="later-retired"', 1)[1])
    assert "from 2030-31" not in area
    # retired from 2024-25, last reported in 2023-24: no longer reported, with its history
    assert 'id="gone"' in no_longer and 'id="gone"' not in current
    assert "We stopped reporting this standard from 2024-25." in _text(no_longer)
    assert "4 days" in _text(no_longer)

    # the home page counts it among 2024-25's standards: met (95 >= 90), and still-going missed (80 < 90)
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Of 2 standards with a target, we met 1 and missed 1." in _text(home)
    row = re.search(r"<tr><th scope=\"row\"><a [^>]*>Repairs</a></th>(.*?)</tr>", home)
    assert row and re.findall(r"<td>(\d+)</td>", row.group(1)) == ["1", "0", "1", "0"]  # met, close, missed, no data
