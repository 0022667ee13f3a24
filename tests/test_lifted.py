"""Our table blocks kept out of Markdown (generator/site/lifted.py): which blocks are lifted, and
that the converted page is the same, byte for byte, as Markdown makes it without lifting."""

from __future__ import annotations

from pathlib import Path

import markdown as python_markdown
import pytest

from generator.pipeline import check_project
from generator.site.lifted import lift
from generator.site.pages import render_site

ROOT = Path(__file__).resolve().parent.parent
TABLE = '<div class="table-wrap" role="region" tabindex="0">\n<table><tr><td>1</td></tr></table>\n</div>'

CASES = [
    # (Markdown, how many blocks are lifted)
    (f"# Title\n\n{TABLE}\n\nAfter.\n", 1),
    (f"{TABLE}\n\nAfter.\n", 1),  # at the page's start
    (f"Before.\n\n{TABLE}", 1),  # at the page's end, no newline
    (f"Before.\n\n{TABLE}\n", 1),
    (f"Before.\n\n{TABLE}\n\n{TABLE}\n", 2),
    (f"Before.\n{TABLE}\n\nAfter.\n", 0),  # no blank line before: part of a paragraph for Markdown
    (f"Before.\n\n{TABLE}\nAfter.\n", 0),  # text straight after the block
    ('Before.\n\n<div class="table-wrap">\n<table>\n\n</table>\n</div>\n', 0),  # a blank line inside
    ('Before.\n\n<div class="table-wrap" markdown="1">\n*Converted*\n</div>\n', 0),  # md_in_html converts
    ('Before.\n\n<div class="table-wrap">\n<p markdown>*x*</p>\n</div>\n', 0),
    ('Before.\n\n<div class="table-wrap">\n<div class="inner">x</div>\n</div>\n', 1),  # nested divs
    ('Before.\n\n<div class="table-wrap">\n<table></table>\n', 0),  # never closed
    ('Before.\n\n<div class="table-wrap">\n<table></table>\n</div> and text\n', 0),
    ('Before.\n\n<div class="table-wrapper">\n<table></table>\n</div>\n', 0),  # not our class
    ("Before.\n\n<table><tr><td>1</td></tr></table>\n", 0),  # not in our wrapper
    # a page with a code fence or an HTML comment is left to Markdown whole
    (f"```html\n\n{TABLE}\n\n```\n", 0),
    (f"~~~~\n\n{TABLE}\n\n~~~~\n\n{TABLE}\n", 0),
    (f"  ```\n\n{TABLE}\n\n  ```\n", 0),
    (f"<!-- a note\n\n{TABLE}\n\n-->\n", 0),
    (f"<!-- a note -->\n\n{TABLE}\n", 0),
    (f"Before.\n\n{TABLE}\n\n<!--standards-lifted 0-->\n", 0),  # nothing to mistake for a placeholder
]


@pytest.mark.parametrize("text, count", CASES)
def test_which_blocks_are_lifted(text, count):
    lifted = lift(text)
    assert len(lifted.blocks) == count
    assert lifted.restore(lifted.markdown) == text  # nothing lost, nothing moved


@pytest.mark.parametrize("text, count", [case for case in CASES if case[1]])
def test_markdown_makes_the_same_html_with_the_blocks_lifted(text, count):
    lifted = lift(text)
    assert lifted.restore(python_markdown.markdown(lifted.markdown)) == python_markdown.markdown(text)


def test_every_generated_page_of_the_example_converts_to_the_same_html():
    from mkdocs.config import load_config

    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    pages = [(path, text) for kind, path, text in render_site(check_project(ROOT / "mkdocs.yml").project, ROOT)
             if kind == "page"]
    lifted_blocks = 0
    for path, text in pages:
        def convert(source: str) -> str:
            return python_markdown.Markdown(extensions=config.markdown_extensions,
                                            extension_configs=config.mdx_configs).convert(source)
        lifted = lift(text)
        lifted_blocks += len(lifted.blocks)
        assert lifted.restore(convert(lifted.markdown)) == convert(text), path
    assert lifted_blocks >= 50  # the period, area and all-results tables are lifted


def test_a_placeholder_of_another_form_or_number_is_left_as_it_is():
    lifted = lift(f"Before.\n\n{TABLE}\n")
    others = "<!--standards-lifted 1a 0--><!--standards-lifted 7-->"
    assert lifted.restore(others + lifted.markdown) == others + f"Before.\n\n{TABLE}\n"


@pytest.mark.parametrize("block, anchors", [
    ('<div class="table-wrap">\n<table id="t"><tr id="row-1"><td><a name=\'n\'>x</a></td></tr></table>\n</div>',
     {"t", "row-1", "n"}),
    ('<div class="table-wrap">\n<table><tr data-id="no"><td>x</td></tr></table>\n</div>', set()),
])
def test_the_ids_in_lifted_blocks(block, anchors):
    assert lift(f"Before.\n\n{block}\n").anchors() == anchors
