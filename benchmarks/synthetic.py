"""A deterministic generator of synthetic landlord projects in the valid format.

    python -m benchmarks.synthetic typical /tmp/typical
    python -m benchmarks.synthetic large /tmp/large

Sizes: *typical* (10 areas, 80 standards and figures, 5 financial years and
12 quarters) and *large* (50 areas, 500 standards and figures, 10 financial
years and 40 quarters: about 25,000 results).  The same size always gives the
same bytes.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

UNITS = ["percent", "percent", "percent", "working_days", "days", "hours", "seconds", "count", "score",
         "per_1000_homes", "pounds", "minutes"]
AREA_WORDS = ["Repairs", "Complaints", "Customer care", "Lettings", "Building safety", "Neighbourhoods",
              "Anti-social behaviour", "Rent and income", "Tenant satisfaction", "Estates", "Older people's homes",
              "Adaptations", "Tenancy support", "Communal cleaning", "Grounds maintenance"]


@dataclass(frozen=True)
class Size:
    areas: int
    items: int  # standards and figures
    years: int
    quarters: int


SIZES = {
    "typical": Size(areas=10, items=80, years=5, quarters=12),
    "large": Size(areas=50, items=500, years=10, quarters=40),
}
FIRST_YEAR = 2010


def _target(unit: str, rng: random.Random) -> tuple[str, float]:
    if unit == "percent":
        return "at_least", rng.choice([80, 85, 90, 95, 98, 100])
    if unit == "score":
        return "at_least", 7.5
    if unit in ("working_days", "days", "hours", "minutes"):
        return "at_most", rng.choice([1, 5, 10, 20, 28])
    if unit == "seconds":
        return "at_most", 90
    return "at_most", 100


def _value(unit: str, target: float, rng: random.Random) -> str:
    if unit == "percent":
        return f"{min(100.0, max(0.0, target + rng.uniform(-8, 4))):.1f}"
    if unit == "score":
        return f"{rng.uniform(6, 9.5):.1f}"
    if unit == "count":
        return str(rng.randint(0, 5000))
    if unit == "pounds":
        return f"{rng.uniform(-500, 250000):.2f}"
    return f"{max(0.0, target * rng.uniform(0.6, 1.3)):.1f}"


def generate(size_name: str, dest: Path, seed: int = 2026) -> Path:
    size = SIZES[size_name]
    rng = random.Random(seed)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "standards").mkdir(exist_ok=True)
    (dest / "performance").mkdir(exist_ok=True)
    (dest / "docs").mkdir(exist_ok=True)
    (dest / "mkdocs.yml").write_text(
        f"site_name: How we're doing — Synthetic Homes ({size_name})\n"
        "site_url: https://standards.example.org/\n"
        "theme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - standards:\n      organisation: Synthetic Homes\n", encoding="utf-8")
    items = []  # (area id, item id, unit, kind, target)
    per_area = size.items // size.areas
    for a in range(size.areas):
        area_id = f"area-{a + 1:02d}"
        round_ = a // len(AREA_WORDS)
        name = AREA_WORDS[a % len(AREA_WORDS)] + (f" {round_ + 1}" if round_ else "")
        lines = [f"area: {name}", f"order: {a + 1}", "summary: |", f"  What we promise about {name.lower()}.",
                 "standards:"]
        figures = ["figures:"]
        for i in range(per_area):
            unit = rng.choice(UNITS)
            item_id = f"{area_id}-item-{i + 1:02d}"
            if i % 4 == 3:  # a quarter of items are context figures
                figures += [f"  - id: {item_id}", f"    title: Figure {i + 1} for {name.lower()}",
                            f"    unit: {unit}" + ("\n    out_of: 10" if unit == "score" else ""),
                            f"    better: {rng.choice(['higher', 'lower'])}"]
                items.append((area_id, item_id, unit, "figure", None))
                continue
            direction, target = _target(unit, rng)
            lines += [f"  - id: {item_id}", f"    title: We keep promise {i + 1} about {name.lower()}",
                      f"    unit: {unit}"] + (["    out_of: 10"] if unit == "score" else []) + [
                      f"    target: {{{direction}: {target}}}", "    tolerance: 1",
                      "    how_measured:", "      - Counted from our housing system each month"]
            items.append((area_id, item_id, unit, "standard", target))
        (dest / "standards" / f"{area_id}.yaml").write_text("\n".join(lines + figures) + "\n", encoding="utf-8")
    periods = [f"{FIRST_YEAR + y}-{(FIRST_YEAR + y + 1) % 100:02d}" for y in range(size.years)]
    first_quarter_year = FIRST_YEAR + size.years - (size.quarters + 3) // 4
    quarters = [f"{first_quarter_year + q // 4}-{(first_quarter_year + q // 4 + 1) % 100:02d} Q{q % 4 + 1}"
                for q in range(size.quarters)]
    for label in periods + quarters:
        lines = [f"period: {label}", f"published: {int(label[:4]) + 1}-07-01", "results:"]
        for area_id, item_id, unit, kind, target in items:
            value = _value(unit, target if target is not None else 50, rng)
            lines.append(f"  {item_id}: {value}")
        lines.append("commentary:")
        for a in range(min(size.areas, 5)):
            lines.append(f"  area-{a + 1:02d}: We did what we said in most of this area in {label}.")
        name = label.lower().replace(" ", "-")
        (dest / "performance" / f"{name}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


if __name__ == "__main__":
    generate(sys.argv[1], Path(sys.argv[2]))
