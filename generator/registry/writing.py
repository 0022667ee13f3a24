"""How values are written: ids, plain numbers and text, one rule each for the validator and the JSON Schemas."""

from __future__ import annotations

import re

# An id: lowercase letters, digits and single hyphens, starting with a letter (FORMAT.md, "Ids").
ID_PATTERN = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
# Words YAML 1.1 reads as true, false or null: never ids, so a key is never misread.
RESERVED_IDS = frozenset("y n yes no on off true false null".split())
# A number written plainly: an optional minus sign, digits, an optional decimal point with digits.
PLAIN_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
MAX_DIGITS = 15  # whole-number digits; beyond this a float cannot hold the value exactly
# C0 and C1 controls and DELETE, except tab and new line, which block text may hold
CONTROL_CHARACTERS = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # as a regular expression
