"""The digits the format reads: 0 to 9 only, in numbers, periods and dates alike."""

from __future__ import annotations

import unicodedata


def ascii_digits(text: str) -> str | None:
    """``text`` with its digits written 0 to 9, or None when it has no other digits.

    Python's ``\\d`` and ``int()`` also read Arabic-Indic (٢٠٢١), full-width (２０２１) and other
    scripts' digits; the format takes only 0 to 9, so these are refused with the plain version."""
    if text.isascii() or not any(ch.isdecimal() and not ch.isascii() for ch in text):
        return None
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)
