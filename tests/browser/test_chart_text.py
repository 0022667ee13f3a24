"""The charts' text in Chromium: at least 12 CSS px on a 390 px phone, and no two labels touching."""

from __future__ import annotations

import pytest

MEASURE = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize) * scale,
            box: [r.left, r.top, r.right, r.bottom]};
  });
})"""


@pytest.mark.parametrize("path", ["/areas/complaints/", "/areas/customer-care/", "/areas/repairs/"])
@pytest.mark.parametrize("width", [390, 1280])
def test_chart_labels_are_readable_and_apart(open_page, path, width):
    charts = open_page(path, width=width).evaluate(MEASURE)
    assert charts, f"no chart on {path}"
    for labels in charts:
        for i, a in enumerate(labels):
            assert a["size"] >= 12, f"{a['text']!r} is {a['size']:.1f} px at {width} px on {path}"
            for b in labels[i + 1:]:
                (l1, t1, r1, b1), (l2, t2, r2, b2) = a["box"], b["box"]
                apart = r1 <= l2 or r2 <= l1 or b1 <= t2 or b2 <= t1
                assert apart, f"{a['text']!r} overlaps {b['text']!r} at {width} px on {path}"
