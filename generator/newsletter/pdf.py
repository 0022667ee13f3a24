"""HTML to PDF for each paged edition (WeasyPrint), then the finishing a PDF needs (pikepdf).

* screen, insert, large print: tagged PDF/UA-1.  The page furniture ("Page 2 of 6" and
  the footer line) is marked as an artifact, not left as untagged text; the insert's
  page labels start at the page it is placed on in the magazine.
* print: PDF/X-1a with a registered output condition (FOGRA39 unless configured), or
  PDF/X-4 with the printer's own ICC profile.  The trim box is the page, the bleed box
  3 mm larger; crop marks, when asked for, are drawn outside the bleed.
* every PDF: dates and the document identifier come from the content, never the clock,
  so the same data gives the same bytes.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import multiprocessing
import multiprocessing.util
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import pikepdf

from generator.newsletter.content import Options
from generator.source.files import PACKAGE, ours

MM = 72 / 25.4  # points in a millimetre
BLEED = 3 * MM
MARK_GAP = 1 * MM  # crop marks start this far outside the bleed
MARK_LENGTH = 8 * MM
SLUG = MARK_GAP + MARK_LENGTH + 2 * MM  # the extra space around the bleed that the marks need
FOGRA39_PROFILE = "newsletter/FOGRA39-generated.icc"
FOGRA39 = {
    "identifier": "FOGRA39",
    "condition": "Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 or 2 = coated "
                 "art, 115 g/m2, tone value increase curves A (CMY) and B (K)",
    "info": "Coated FOGRA39 (ISO 12647-2:2004)",
}
REGISTRY = "http://www.color.org"


@dataclass(frozen=True)
class Rendered:
    data: bytes
    pages: int


def variant(edition: str, options: Options) -> str:
    if edition != "print":
        return "pdf/ua-1"
    return "pdf/x-4" if options.printer_profile else "pdf/x-1a"


def fogra39_profile() -> Path:
    return ours() / FOGRA39_PROFILE


_ENGINES: dict[int, tuple] = {}  # by process id: a forked process makes its own


def _engine():
    """WeasyPrint, set up once a process: (the HTML class to use, the font configuration).

    * One font configuration for every document: WeasyPrint decompresses each WOFF2 font
      and registers it with Fontconfig once, not once a document.  Not shared with forked
      processes: each registers the fonts in its own Fontconfig.
    * A lighter user-agent stylesheet: WeasyPrint's own gives every element six
      pseudo-elements (::marker, ::footnote-call, ::note-call and the rest) whose styles
      are worked out for every element of every document.  Our newsletters use no
      footnotes or notes, and only list items have markers.  (weasyprint is pinned to 70.x.)

    Both rely on private parts of WeasyPrint: see the adapters below.
    """
    engine = _ENGINES.get(os.getpid())
    if engine is None:
        from weasyprint.text.fonts import FontConfiguration

        for _, inherited in _ENGINES.values():
            _leave_font_folder(inherited)  # the parent process's fonts: not this process's to remove
        _ENGINES.clear()
        engine = _ENGINES[os.getpid()] = (_html_class(), FontConfiguration())
        # let the configuration remove its folder of fonts while Python can still do so
        if multiprocessing.parent_process() is None:
            atexit.register(_ENGINES.clear)
        else:
            multiprocessing.util.Finalize(None, _ENGINES.clear, exitpriority=10)
    return engine


@lru_cache(maxsize=1)
def _html_class():
    import weasyprint
    from weasyprint.css.counters import CounterStyle

    # its @counter-style rules are WeasyPrint's own, already known to every document
    stylesheet = weasyprint.CSS(string=_lighter_ua(), counter_style=CounterStyle(), url_fetcher=fetcher(None))
    return _with_ua_stylesheet(stylesheet)


# -- Adapters: the private parts of WeasyPrint and pydyf this module relies on ---------------
# Each is touched in one place, here; tests/test_adapters.py checks each against the installed
# versions and fails, naming the adapter, when an upgrade changes it.


def _lighter_ua() -> str:
    """WeasyPrint's user-agent stylesheet without the footnote and note pseudo-elements, and
    ``::marker`` for list items only.

    Written against WeasyPrint 70.0: ``weasyprint.html.UA`` is the text of its html5_ua.css, with
    each ``::footnote-…`` and ``::note-…`` rule on one line and a ``::marker {`` rule at the start
    of a line.  If that changes, the stylesheet is WeasyPrint's whole one: slower, same pages."""
    from weasyprint.html import UA

    lighter = re.sub(r"^::(?:footnote|note)-[a-z]+ \{.*\}$\n", "", UA, flags=re.M)
    return lighter.replace("\n::marker {", "\nli::marker {")


def _with_ua_stylesheet(stylesheet):
    """weasyprint.HTML, laid out with ``stylesheet`` as its only user-agent stylesheet.

    Written against WeasyPrint 70.0: ``HTML._ua_stylesheets(forms)`` returns the user-agent
    stylesheets, and the style cascade (weasyprint.css.get_all_computed_styles) calls it for
    every document."""
    import weasyprint

    class HTML(weasyprint.HTML):
        def _ua_stylesheets(self, forms=False):
            return [stylesheet]

    return HTML


def _font_folder(fonts) -> Path | None:
    """The temporary folder where a WeasyPrint FontConfiguration keeps the fonts it registered.

    Written against WeasyPrint 70.0: ``FontConfiguration._folder`` is that folder (None until a
    first @font-face), made by add_font_face and removed by ``__del__``."""
    return fonts._folder


def _leave_font_folder(fonts) -> None:
    """Let ``fonts`` be deleted without removing its folder (a forked process's copy of its parent's
    configuration: the folder is the parent's).  Relies on what :func:`_font_folder` says."""
    fonts._folder = None


def _fetcher_class():
    """WeasyPrint's fetcher, allowed only data: and the files of ``allowed`` folders.

    Nothing is fetched from the network while a newsletter is made (a logo's
    ``<image href="http://…">`` would call another website at every build), and no file from
    outside the project and the tool (a ``file:///…`` in a logo would put that file in a
    published PDF).  What is refused is left out, as WeasyPrint leaves out what it cannot load,
    and listed in ``refused``."""
    from weasyprint.urls import URLFetcher

    class Fetcher(URLFetcher):
        def __init__(self, allowed: tuple[Path, ...]) -> None:
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
            self.allowed = allowed
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if not allowed_url(url, self.allowed):
                self.refused.append(url)
                raise ValueError(f"not loaded: {url[:80]} is not a file of the project or the tool")
            return super().fetch(url, headers)

    return Fetcher


def allowed_url(url: str, allowed: tuple[Path, ...]) -> bool:
    """A data: URL, or a file: URL of a file inside one of the ``allowed`` folders (links resolved)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return True
    if scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(url2pathname(unquote(parts.path))).resolve()
    return any(path == folder or folder in path.parents for folder in allowed)


def fetcher(root: Path | None):
    """A fetcher for one document: files of the project ``root``, the tool's templates and package."""
    folders = {ours().resolve(), PACKAGE.resolve()} | ({root.resolve()} if root is not None else set())
    return _fetcher_class()(tuple(sorted(folders)))


def layout(html: str, root: Path | None = None):
    """The HTML laid out in pages (a WeasyPrint document); it may load files of the project
    ``root`` and of the tool, nothing else (see :func:`fetcher`)."""
    html_class, fonts = _engine()
    return html_class(string=html, base_url=str(ours()), url_fetcher=fetcher(root)).render(font_config=fonts)


def count_pages(html: str, root: Path | None = None) -> int:
    """How many pages the HTML takes, without writing a PDF."""
    return len(layout(html, root).pages)


def render(html: str, edition: str, options: Options, identity: str, root: Path | None = None) -> Rendered:
    """The finished PDF for one edition.  ``identity`` (a hash of the inputs) makes the PDF's identifier;
    ``root``, the project folder, is where the logo may come from."""
    document = layout(html, root)
    pages = len(document.pages)
    chosen = variant(edition, options)
    raw = document.write_pdf(pdf_variant=chosen, pdf_identifier=identity[:32].encode())
    return Rendered(finish(raw, edition, options, identity), pages)


def finish(raw: bytes, edition: str, options: Options, identity: str) -> bytes:
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        _fix_xmp(pdf, identity)
        if edition == "print":
            _print_boxes(pdf, options.crop_marks)
            _output_intent(pdf, options)
            version = "1.6" if options.printer_profile else "1.4"
        else:
            _furniture_as_artifacts(pdf)
            _describe_links(pdf)
            version = "1.7"
            if edition == "insert":
                pdf.Root.PageLabels = pikepdf.Dictionary(
                    Nums=pikepdf.Array([0, pikepdf.Dictionary(S=pikepdf.Name.D, St=options.start_page)]))
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, force_version=version, compress_streams=True,
                 object_stream_mode=(pikepdf.ObjectStreamMode.disable if version == "1.4"
                                     else pikepdf.ObjectStreamMode.generate),
                 fix_metadata_version=False)
        return out.getvalue()


def _fix_xmp(pdf: pikepdf.Pdf, identity: str) -> None:
    """WeasyPrint writes a random document id into PDF/X-4 metadata: use one from the content."""
    if "/Metadata" not in pdf.Root:
        return
    stream = pdf.Root.Metadata
    data = stream.read_bytes()
    uuid = f"{identity[:8]}-{identity[8:12]}-{identity[12:16]}-{identity[16:20]}-{identity[20:32]}"
    fixed = re.sub(rb"xmp\.did:[0-9a-fA-F-]{36}", f"uuid:{uuid}".encode(), data)
    if fixed != data:
        stream.write(fixed)


# -- PDF/UA ------------------------------------------------------------------------------


def _reachable(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    """Every structure element reachable from the structure tree's root."""
    seen: set[tuple[int, int]] = set()
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary) and node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
        if kids is None:
            continue
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/MCR":
                stack.append(kid)
    return seen


def _furniture_as_artifacts(pdf: pikepdf.Pdf) -> None:
    """Marked content that the structure tree does not reach (the page margins) becomes an artifact."""
    if "/StructTreeRoot" not in pdf.Root:
        return
    reachable = _reachable(pdf)
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    by_page = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for index, page in enumerate(pdf.pages):
        mapping = by_page.get(index)
        if not isinstance(mapping, pikepdf.Array):
            continue
        orphans = {mcid for mcid, elem in enumerate(mapping)
                   if isinstance(elem, pikepdf.Dictionary) and elem.objgen not in reachable}
        if not orphans:
            continue
        page.Contents = pdf.make_stream(_as_artifacts(page, orphans))
        for mcid in orphans:
            mapping[mcid] = None


# Adapter: a marked-content start as WeasyPrint 70.0 writes it through pydyf 0.13 (``/P <</MCID 3>> BDC``
# on a line of its own).  If that changes, _as_artifacts parses every page (slower, same PDF);
# tests/test_adapters.py fails so that the pattern is brought up to date.
_MARKED = re.compile(rb"^/\w+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC$", re.M)
_ARTIFACT = b"/Artifact << /Type /Pagination >> BDC"


def _as_artifacts(page: pikepdf.Page, orphans: set[int]) -> bytes:
    """The page's content with the marked content ``orphans`` made artifacts.

    WeasyPrint writes each marked-content start as lines of their own (text is in hex
    strings), so a pattern finds them without parsing the whole stream; if it does not find every one, the stream is
    parsed and written again (slower, same result)."""
    contents = page.obj.Contents
    parts = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    data = b"\n".join(part.read_bytes() for part in parts)
    found: set[int] = set()

    def artifact(match: re.Match) -> bytes:
        mcid = int(match.group(1))
        if mcid not in orphans:
            return match.group(0)
        found.add(mcid)
        return _ARTIFACT

    fixed = _MARKED.sub(artifact, data)
    if found == orphans:
        return fixed
    commands = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary) \
                and int(operands[1].get("/MCID", -1)) in orphans:
            operands = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]
        commands.append((operands, operator))
    return pikepdf.unparse_content_stream(commands)


def _describe_links(pdf: pikepdf.Pdf) -> None:
    """PDF/UA: every link annotation says where it goes."""
    for page in pdf.pages:
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") == "/Link" and "/Contents" not in annot:
                uri = annot.get("/A", {}).get("/URI")
                if uri is not None:
                    annot.Contents = pikepdf.String(str(uri).removeprefix("mailto:").removeprefix("tel:"))


# -- PDF/X ---------------------------------------------------------------------------------


def _print_boxes(pdf: pikepdf.Pdf, crop_marks: bool) -> None:
    """Trim box = the page; bleed box 3 mm larger; media box larger again for crop marks."""
    for page in pdf.pages:
        x0, y0, x1, y1 = (float(v) for v in page.TrimBox)
        page.TrimBox = pikepdf.Array([x0, y0, x1, y1])
        page.BleedBox = pikepdf.Array([x0 - BLEED, y0 - BLEED, x1 + BLEED, y1 + BLEED])
        if not crop_marks:
            page.MediaBox = pikepdf.Array(list(page.BleedBox))
            continue
        edge = BLEED + SLUG
        page.MediaBox = pikepdf.Array([x0 - edge, y0 - edge, x1 + edge, y1 + edge])
        page.contents_add(pdf.make_stream(_crop_marks(x0, y0, x1, y1)), prepend=False)


def _crop_marks(x0: float, y0: float, x1: float, y1: float) -> bytes:
    """Eight short lines on the trim lines, outside the bleed, in all four inks (registration)."""
    near, far = BLEED + MARK_GAP, BLEED + MARK_GAP + MARK_LENGTH
    lines = []
    for x, y, sx, sy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
        lines.append((x + sx * near, y, x + sx * far, y))  # along the horizontal trim line
        lines.append((x, y + sy * near, x, y + sy * far))  # along the vertical one
    body = "".join(f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l S\n" for a, b, c, d in lines)
    return f"/Artifact BMC q 0.25 w 1 1 1 1 K\n{body}Q EMC\n".encode()


def _output_intent(pdf: pikepdf.Pdf, options: Options) -> None:
    """The printing condition: the printer's ICC profile (PDF/X-4), or a registered one (PDF/X-1a)."""
    intent = pikepdf.Dictionary(Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX)
    if options.printer_profile:
        data = options.printer_profile.read_bytes()
        name = profile_description(data) or options.printer_profile.stem
        intent.OutputConditionIdentifier = pikepdf.String("Custom")
        intent.OutputCondition = pikepdf.String(name)
        intent.Info = pikepdf.String(name)
    else:
        condition = options.output_condition
        standard = condition.upper() in ("FOGRA39", "FOGRA39L")
        intent.OutputConditionIdentifier = pikepdf.String("FOGRA39" if standard else condition)
        intent.RegistryName = pikepdf.String(REGISTRY)
        intent.OutputCondition = pikepdf.String(FOGRA39["condition"] if standard else condition)
        intent.Info = pikepdf.String(FOGRA39["info"] if standard else condition)
        data = fogra39_profile().read_bytes() if standard else None
    if data is not None:
        profile = pdf.make_stream(data)
        profile.N = 4
        intent.DestOutputProfile = profile
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])


def profile_description(data: bytes) -> str | None:
    """The 'desc' text of an ICC profile, for the output intent's name."""
    try:
        from PIL import ImageCms

        return ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(data))).strip() or None
    except Exception:  # noqa: BLE001 - a name is a courtesy; the profile itself is what counts
        return None


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        chunk = part.encode() if isinstance(part, str) else part
        hasher.update(len(chunk).to_bytes(8, "big"))
        hasher.update(chunk)
    return hasher.hexdigest()
