"""Colour arithmetic for the brand colour: WCAG contrast, and a darker shade that passes."""

from __future__ import annotations

import re

HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
WHITE = (255, 255, 255)
DEFAULT_BRAND = "#1f3b73"  # dark blue, behind white text on the site and the newsletters when no brand_colour is set
MINIMUM_CONTRAST = 4.5  # WCAG 2 AA for normal text


def parse_hex(text: str) -> tuple[int, int, int] | None:
    match = HEX.fullmatch(text.strip())
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def to_hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{c:02x}" for c in rgb)


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def darker_passing(rgb: tuple[int, int, int], against: tuple[int, int, int] = WHITE) -> tuple[int, int, int]:
    """The same hue, darkened just enough for text in ``against`` to reach 4.5:1."""
    shade = rgb
    for step in range(1, 101):
        if contrast(shade, against) >= MINIMUM_CONTRAST:
            return shade
        shade = tuple(round(c * (1 - step / 100)) for c in rgb)  # type: ignore[assignment]
    return (0, 0, 0)


# our panels (commentary, actions) in the dark scheme: lighter than Material's page background
# there (#1e2129), so a shade that passes on a panel passes on the page too
SLATE_PANEL = (0x26, 0x2A, 0x36)


def lighter_passing(rgb: tuple[int, int, int], against: tuple[int, int, int] = SLATE_PANEL) -> tuple[int, int, int]:
    """The same hue mixed with white just enough to reach 4.5:1 on a dark background."""
    for step in range(0, 101):
        shade = tuple(round(c + (255 - c) * step / 100) for c in rgb)
        if contrast(shade, against) >= MINIMUM_CONTRAST + 0.3:  # a margin for anti-aliased text
            return shade  # type: ignore[return-value]
    return (255, 255, 255)
