"""Tables on a phone (390 px): words wrap only between words, a period never wraps at its hyphen
in a table's headers or in a sentence in a cell ("up from 80% in 2023-24"), and a table's caption is never cut off by its scrolling region."""

from __future__ import annotations

import pytest

SPLIT = """() => { const split = [], periods = [];
  for (const cell of document.querySelectorAll('.md-typeset .table-wrap th, .md-typeset .table-wrap td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const words = /\\S+/g; let m;
      while ((m = words.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const rows = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (rows.size < 2) continue;
        if (!m[0].includes('-')) split.push(m[0]);  // a hyphenated word may wrap after its hyphen
        else if (/^\\d{4}-\\d{2}/.test(m[0])) periods.push(m[0]);  // a header, or inside a sentence
      } } }
  const clipped = [...document.querySelectorAll('.md-typeset .table-wrap caption')].filter(c =>
    c.getBoundingClientRect().right > c.closest('.table-wrap').getBoundingClientRect().right + 1)
    .map(c => c.textContent.trim());
  return {split, periods, clipped}; }"""


@pytest.mark.parametrize("path", ["/", "/periods/2024-25/", "/all-results/", "/areas/repairs/", "/tsm/"])
def test_tables_wrap_at_word_boundaries_with_captions_in_view(open_page, path):
    page = open_page(path, width=390)
    found = page.evaluate(SPLIT)
    assert found["split"] == [], f"words broken inside: {found['split'][:5]}"
    assert found["periods"] == [], f"periods wrapped at their hyphen: {found['periods'][:5]}"
    assert found["clipped"] == [], f"captions cut off by the scroller: {found['clipped'][:3]}"
