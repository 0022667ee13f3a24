"""The files that settings in mkdocs.yml name, opened the way the build will open them.

`standards check` finds here what would otherwise stop a build half way: a logo that is not a
picture (or a damaged one), a printer profile that is not a CMYK ICC profile, and a mistake in
the Jinja code of the landlord's own templates.  Each problem is at the setting's line (the
templates' at the template's own line), with what was expected and a fix.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from generator.problems import Problems, quote
from generator.source.yaml import Node

LOGO_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF", "WEBP": "WebP"}  # shown by browsers and WeasyPrint
_LOGO_EXPECTED = "a PNG, JPEG, GIF, WebP or SVG picture"
_ICC_HEADER = 128  # bytes: size, type, version, device class, colour space, ..., 'acsp' at 36


def check_logo(node: Node, path: Path, problems: Problems) -> bool:
    """The logo opens as the build opens it: an .svg as XML with an <svg> root, any other file
    with Pillow (decoded in full, so a damaged PNG is found now)."""
    reason = _svg_reason(path) if path.suffix.lower() == ".svg" else _picture_reason(path)
    if reason is None:
        return True
    problems.add("config-logo", f"The logo {quote(node.text.strip())} cannot be used: {reason}.",
                 node.location, expected=_LOGO_EXPECTED, found=quote(node.text.strip()),
                 hint="Export the logo again from the original artwork, as PNG or SVG, and give its path here.")
    return False


def _svg_reason(path: Path) -> str | None:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return "an .svg file must be UTF-8 text, and this one is not text"
    except OSError as exc:
        return f"it cannot be read ({exc.strerror})"
    if "<!ENTITY" in text:  # an entity can swell to any size: no logo needs one
        return "it declares XML entities, which a logo does not need"
    from xml.etree import ElementTree  # only for an SVG logo: most checks never read XML

    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        line, column = exc.position
        return f"it is not valid SVG (the XML is broken at its line {line}, column {column + 1})"
    if root.tag.rsplit("}", 1)[-1] != "svg":
        return f"it is XML, but its first element is <{root.tag.rsplit('}', 1)[-1]}>, not <svg>"
    return None


def _picture_reason(path: Path) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as picture:
                if picture.format not in LOGO_FORMATS:
                    return f"it is a {picture.format} picture, which web browsers do not all show"
                picture.verify()  # the file's own checksums
            with Image.open(path) as picture:
                picture.load()  # every byte decoded: a cut-off or damaged file fails here, not in the build
    except UnidentifiedImageError:
        return "it is not a picture (or not in a picture format the tool knows)"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "the picture is far too large (over 89 million pixels)"
    except (OSError, ValueError, SyntaxError):  # what Pillow's decoders raise for broken files
        return "the picture is damaged or cut off"
    return None


def check_profile(node: Node, path: Path, problems: Problems) -> bool:
    """The printer_profile is an ICC profile for CMYK, as PDF/X and the colour conversion need."""
    reason = _profile_reason(path)
    if reason is None:
        return True
    problems.add("config-profile", f"The printer_profile {quote(node.text.strip())} cannot be used: {reason}.",
                 node.location, expected="a CMYK ICC profile (.icc) file from your printer",
                 found=quote(node.text.strip()),
                 hint="Ask your printer for their ICC profile, or remove printer_profile to use FOGRA39.")
    return False


def _profile_reason(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"it cannot be read ({exc.strerror})"
    if len(data) < _ICC_HEADER or data[36:40] != b"acsp":
        return "it is not an ICC colour profile"
    space = data[16:20].decode("latin-1").strip()
    if space != "CMYK":
        return f"it is a profile for {space or 'an unknown colour space'} colours, not for CMYK printing"
    from PIL import ImageCms

    try:
        ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (OSError, ImageCms.PyCMSError, ValueError, TypeError):
        return "it is damaged: the colour management system cannot read it"
    return None
