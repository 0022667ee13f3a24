"""Characters in the landlord's text that would come out wrong: control characters and
characters the bundled font does not have.

Control characters (a NUL, the ESCAPE of a terminal colour code, both easy to write in YAML's
double quotes as "\\0" or "\\e") are not text: they garble the pages, the newsletters and the
open data, so they are refused.  Characters outside :data:`FONT_COVERS` (Chinese, emoji,
Polish or Welsh accented letters) are shown by the browser in another font, but WeasyPrint has
only Atkinson Hyperlegible for the newsletters and may print an empty box: a warning.
"""

from __future__ import annotations

import re
import unicodedata

from generator.problems import Location, Problems
from generator.registry.writing import CONTROL_CHARACTERS
from generator.source.yaml import Node

# Every character the Latin faces of Atkinson Hyperlegible in generator/templates/assets/fonts/ have
# (the same in all four), as ranges; tests/test_wrong_output.py reads the fonts' character maps
# with fontTools and checks this list against them, so a new font file cannot leave it stale.
FONT_COVERS: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E), (0x00A0, 0x00FF), (0x0131, 0x0131), (0x0152, 0x0153), (0x02C6, 0x02C6),
    (0x02DA, 0x02DA), (0x02DC, 0x02DC), (0x0300, 0x0301), (0x0303, 0x0304), (0x0308, 0x0308),
    (0x2013, 0x2014), (0x2018, 0x201A), (0x201C, 0x201E), (0x2022, 0x2022), (0x2026, 0x2026),
    (0x2039, 0x203A), (0x2044, 0x2044), (0x20AC, 0x20AC), (0x2122, 0x2122), (0x2212, 0x2212),
    (0x2215, 0x2215),
)
_COVERED = frozenset(chr(c) for low, high in FONT_COVERS for c in range(low, high + 1)) | {"\t", "\n"}
_CONTROL = re.compile(CONTROL_CHARACTERS)  # tab and new line are allowed
_CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED",
                  0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE"}
MAX_LISTED = 5  # characters named in one warning


def code_point(ch: str) -> str:
    """'U+001B (ESCAPE)', 'U+4F60': how a message names a character that cannot be shown."""
    name = _CONTROL_NAMES.get(ord(ch)) or unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


def _at(node: Node, index: int) -> Location:
    """The character's own column when the value is written on one line exactly as read (plain,
    or quoted without escapes); otherwise the whole value, the nearest honest place."""
    if node.length == len(node.text) and not node.quoted:
        return Location(node.file, node.line, node.column + index, 1)
    if node.quoted and node.length == len(node.text) + 2:
        return Location(node.file, node.line, node.column + 1 + index, 1)
    return node.location


def check_characters(node: Node, text: str, what: str, problems: Problems) -> bool:
    """False (after an error) when ``text`` holds a control character; a warning for characters
    the font lacks.  Quick for plain English: one regular expression and ``isascii``."""
    control = _CONTROL.search(text)
    if control:
        problems.add(
            "control-character",
            f"{what} contains the control character {code_point(control.group())}, which is not text "
            "and would garble the pages, the newsletter and the open data.",
            _at(node, control.start()),
            expected="text without control characters (tabs and new lines are allowed)",
            found=code_point(control.group()),
            hint="Remove it: it usually comes from copying out of another program, "
                 "or from an escape such as \\0 or \\e in double quotes.",
        )
        return False
    if text.isascii():
        return True
    missing = [i for i, ch in enumerate(text) if ch not in _COVERED]
    if missing:
        listed = list(dict.fromkeys(text[i] for i in missing))
        names = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in listed[:MAX_LISTED])
        more = f" and {len(listed) - MAX_LISTED} more" if len(listed) > MAX_LISTED else ""
        problems.add(
            "character-not-in-font",
            f"{what} has characters that the font, Atkinson Hyperlegible, does not have: {names}{more}. "
            "The newsletter may print them as empty boxes.",
            _at(node, missing[0]),
            expected="letters the font covers: English and Western European languages",
            found=names + more,
            hint="Open the newsletter's PDF to check them, or write the text without them.",
        )
    return True
