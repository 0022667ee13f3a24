"""Make the small 'core' faces of Atkinson Hyperlegible that most pages need (run by hand).

    .venv/bin/python generator/templates/make_font_subsets.py

The site's pages are nearly all plain English: ASCII, the pound sign, curly quotes and
dashes.  The 'core' faces hold just those characters (about 11 KB each, against 17 KB for
the whole Latin set), and theme.css declares them after the full Latin faces with a
unicode-range, so a browser downloads the full face only for a page that has another
character in it (an é in a name, say).  Made with fontTools (installed with WeasyPrint)
from the full faces in assets/fonts/ (SIL Open Font License 1.1, no reserved font name).
"""

from __future__ import annotations

import io
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FONTS = Path(__file__).parent / "assets" / "fonts"
# keep in step with the unicode-range of the core faces in assets/theme.css
CORE = [(0x20, 0x7E), (0xA0, 0xA0), (0xA3, 0xA3), (0x2013, 0x2014), (0x2018, 0x2019), (0x201C, 0x201D),
        (0x2022, 0x2022), (0x2026, 0x2026), (0x20AC, 0x20AC)]


def core_face(source: Path) -> bytes:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # keep kerning and ligatures
    options.name_IDs = ["*"]  # keep the names and the licence notice
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for low, high in CORE for c in range(low, high + 1)])
    font = TTFont(source)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


if __name__ == "__main__":
    for source in sorted(FONTS.glob("atkinson-hyperlegible-latin-*.woff2")):
        target = source.with_name(source.name.replace("-latin-", "-core-"))
        target.write_bytes(core_face(source))
        print(f"{target.name}: {target.stat().st_size:,} bytes (from {source.stat().st_size:,})")
