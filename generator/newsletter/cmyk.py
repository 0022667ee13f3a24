"""Colours for the print shop: the screen palette and the logo in CMYK, through an ICC profile.

The print edition must not use a single RGB colour.  Text is black ink only (K 100),
never a rich black that four plates must register exactly; greys are black ink
tints; the other colours are converted from sRGB with the printing condition's
profile (relative colorimetric, with black point compensation) by Little CMS,
through Pillow.
"""

from __future__ import annotations

import base64
import io
import re
from functools import lru_cache
from pathlib import Path

from generator.registry.colours import parse_hex

TEXT_ROLES = ("ink",)
WHITE_ROLES = ("paper", "on-brand")
NAMED = {"white": "#ffffff", "black": "#000000"}


def device_cmyk(c: float, m: float, y: float, k: float) -> str:
    return "device-cmyk(" + " ".join(f"{v:.3f}".rstrip("0").rstrip(".") or "0" for v in (c, m, y, k)) + ")"


@lru_cache(maxsize=8)
def _transform(profile: str):
    from PIL import ImageCms

    srgb = ImageCms.createProfile("sRGB")
    # From bytes, not the file: Little CMS reads a file-backed profile lazily, and newsletter
    # workers forked after this cache was filled share the file's offset, so two reading at once
    # get each other's bytes ("Could not determine profile size").
    cmyk = ImageCms.getOpenProfile(io.BytesIO(Path(profile).read_bytes()))
    return ImageCms.buildTransform(srgb, cmyk, "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                   flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


def convert(hex_colour: str, profile: Path) -> tuple[float, float, float, float]:
    """An sRGB colour as C, M, Y, K from 0 to 1; neutral greys as black ink only."""
    rgb = parse_hex(hex_colour)
    if rgb is None:
        raise ValueError(f"not a hex colour: {hex_colour}")
    if rgb[0] == rgb[1] == rgb[2]:
        return (0.0, 0.0, 0.0, round(1 - rgb[0] / 255, 3))
    from PIL import Image, ImageCms

    pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), _transform(str(profile))).getpixel((0, 0))
    return tuple(round(v / 255, 3) for v in pixel)  # type: ignore[return-value]


def palette(screen: dict[str, str], profile: Path) -> dict[str, str]:
    """The screen palette in device-cmyk(), for the print edition's CSS and SVG."""
    out = {}
    for role, colour in screen.items():
        if role in TEXT_ROLES:
            out[role] = device_cmyk(0, 0, 0, 1)
        elif role in WHITE_ROLES and parse_hex(colour) == (255, 255, 255):
            out[role] = device_cmyk(0, 0, 0, 0)
        else:
            out[role] = device_cmyk(*convert(colour, profile))
    return out


_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|\brgb\(\s*\d+\s*,\s*\d+\s*,\s*\d+\s*\)|\b(?:white|black)\b")


def _hex(text: str) -> str:
    text = NAMED.get(text.lower(), text)
    match = re.fullmatch(r"rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)", text)
    if match:
        return "#" + "".join(f"{min(255, int(v)):02x}" for v in match.groups())
    if len(text) == 4:
        return "#" + "".join(ch * 2 for ch in text[1:])
    return text


def recolour_svg(svg: str, profile: Path) -> str:
    """Every hex, rgb() and black/white colour in fill, stroke, stop-color or style, as device-cmyk()."""

    def attribute(match: re.Match) -> str:
        return _COLOUR.sub(lambda m: device_cmyk(*convert(_hex(m.group(0)), profile)), match.group(0))

    return re.sub(r'(?:fill|stroke|stop-color|color|style)\s*=\s*"[^"]*"', attribute, svg)


def print_logo(path: Path, profile: Path, background: str) -> str:
    """The logo as a data: URL in CMYK: an SVG recoloured, or a picture converted to a CMYK JPEG
    laid on the masthead's colour (a print-shop PDF may not have transparency)."""
    if path.suffix.lower() == ".svg":
        svg = recolour_svg(path.read_text(encoding="utf-8"), profile)
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    from PIL import Image, ImageCms

    picture = Image.open(path).convert("RGBA")
    flat = Image.new("RGBA", picture.size, parse_hex(background) + (255,))  # type: ignore[operator]
    flat.alpha_composite(picture)
    cmyk = ImageCms.applyTransform(flat.convert("RGB"), _transform(str(profile)))
    out = io.BytesIO()
    cmyk.save(out, "JPEG", quality=95)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()
