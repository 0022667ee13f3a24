"""Our big HTML tables kept out of the Markdown converter, and put back as they were.

A generated page's tables are already HTML (each a ``<div class="table-wrap">`` block, its links
made relative to the page).  Python-Markdown passes such a block through unchanged, but first
parses every tag of it to find where it ends, and MkDocs parses it again for the ids other pages
may link to.  On the all-results page of a large landlord that is a third of a preview's rebuild
(benchmarks/PROFILE.md).  So, just before conversion, each such block is swapped for a one-line
HTML comment numbering it (the same Markdown is lifted the same way, so the preview recognises
it), and just after conversion the comment is swapped back for the block.  The
page's HTML is the same, byte for byte; the blocks' ids are added to the ones MkDocs knows (the
plugin does that), so a link to them is checked as before.

A block is lifted only where Markdown would pass it through untouched: it starts a line after a
blank line (or the page's start), ends with the line that closes its last ``div``, is followed by
a blank line (or the end), and has no ``markdown`` attribute (which asks md_in_html to convert
inside it).  A page with an HTML comment or a code fence (a landlord's own page template might
have one; ours do not) is left to Markdown whole: a placeholder inside either would be shown as
text or end the comment early, and a page without comments cannot hold a placeholder of its own.
No mkdocs import here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

START = '<div class="table-wrap"'
_OPEN = re.compile(r"<div[\s>]")
_CLOSE = re.compile(r"</div\s*>")
_MARKDOWN_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\smarkdown(?![\w-])")  # markdown="1", or bare
_ANCHOR = re.compile(r"""\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_FENCE = re.compile(r"^\s*(?:`{3,}|~{3,})", re.MULTILINE)


@dataclass(frozen=True)
class Lifted:
    """A page's Markdown with its blocks swapped out, and the blocks by placeholder."""

    markdown: str
    blocks: dict[str, str]

    def restore(self, html: str) -> str:
        """The converted page's HTML with each placeholder swapped back for its block."""
        if not self.blocks:
            return html
        return re.sub(r"<!--standards-lifted \d+-->",
                      lambda m: self.blocks.get(m.group(0), m.group(0)), html)

    def anchors(self) -> set[str]:
        """The ids and names in the blocks, as MkDocs would have found them in raw HTML."""
        found: set[str] = set()
        for block in self.blocks.values():
            for tag in re.finditer(r"<[a-zA-Z][^>]*>", block):
                for match in _ANCHOR.finditer(tag.group(0)):
                    found.add(match.group(1) if match.group(1) is not None else match.group(2))
        return found


def lift(markdown: str) -> Lifted:
    """``markdown`` with each of our table blocks swapped for a numbered placeholder comment."""
    if START not in markdown or "<!--" in markdown or _FENCE.search(markdown):
        return Lifted(markdown, {})  # none of our pages has a comment or a code fence: left to Markdown
    lines = markdown.split("\n")
    blocks: dict[str, str] = {}
    out: list[str] = []
    i = 0
    while i < len(lines):
        starts = lines[i].startswith(START) and (i == 0 or not lines[i - 1].strip())
        end = _block_end(lines, i) if starts else None
        if end is None:
            out.append(lines[i])
            i += 1
            continue
        placeholder = f"<!--standards-lifted {len(blocks)}-->"
        blocks[placeholder] = "\n".join(lines[i:end + 1])
        out.append(placeholder)
        i = end + 1
    return Lifted("\n".join(out), blocks)



def _block_end(lines: list[str], start: int) -> int | None:
    """The index of the line that closes the block opened at ``start``, when it may be lifted."""
    depth = 0
    for i in range(start, len(lines)):
        line = lines[i]
        if not line.strip() or _MARKDOWN_ATTRIBUTE.search(line):
            return None  # a blank line ends a raw block early in Markdown's eyes; markdown= converts
        depth += len(_OPEN.findall(line)) - len(_CLOSE.findall(line))
        if depth <= 0:
            if depth < 0 or not line.rstrip().endswith("</div>"):
                return None
            after = i + 1
            return i if after == len(lines) or not lines[after].strip() else None
    return None
