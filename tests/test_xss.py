"""Hostile text in every text field of the example data never reaches a page as live markup.

Thirty-odd payloads are spread over every text field (plain text and Markdown),
the example site is built for real, and every HTML file is parsed: no script,
frame or object that Material itself did not put there, no event-handler
attribute, no javascript:, vbscript: or data: URL.  Ordinary Markdown still works.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

PAYLOADS = [
    "<script>alert('x1')</script>",
    "<img src=x onerror=alert('x2')>",
    "<svg onload=alert('x3')>",
    "<iframe src=\"javascript:alert('x4')\"></iframe>",
    "[click](javascript:alert('x5'))",
    "[click](JaVaScRiPt:alert('x6'))",
    "[click]( javascript:alert('x7'))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert('x9'))",
    "<a href=\"javascript:alert('x10')\">x</a>",
    "<body onload=alert('x11')>",
    "\"><script>alert('x12')</script>",
    "'><img src=x onerror=alert('x13')>",
    "<math><mi xlink:href=\"javascript:alert('x14')\">x</mi></math>",
    "<object data=\"javascript:alert('x15')\"></object>",
    "<embed src=\"javascript:alert('x16')\">",
    "<details open ontoggle=alert('x17')>",
    "<style>@import 'http://evil.example/x.css'</style>",
    "<link rel=stylesheet href=http://evil.example/x.css>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('x20')\">",
    "<form action=\"javascript:alert('x21')\"><input type=submit></form>",
    "[x](vbscript:msgbox('x22'))",
    "<a href=\"&#106;avascript:alert('x23')\">x</a>",
    "[x](&#106;avascript:alert('x24'))",
    "<base href=\"http://evil.example/\">",
    "{{ 7*7 }} {% if true %}x26{% endif %}",
    "<!--<script>alert('x27')</script>-->",
    "<scr<script>ipt>alert('x28')</script>",
    "<div style=\"background:url(javascript:alert('x29'))\">x</div>",
    "[x][evil]\n\n[evil]: javascript:alert('x30')",
    "<javascript:alert('x31')>",
    "<a href='data:text/html,<script>alert(32)</script>'>x</a>",
    "<svg><a xlink:href=\"javascript:alert('x33')\"><text>x</text></a></svg>",
    "[x](  data:image/svg+xml,<svg onload=alert(34)>)",
    "</title><script>alert('x35')</script>",
    "</textarea><svg onload=alert('x36')>",
]
ORDINARY = "Ordinary **bold** text with a [safe link](https://example.org/help) and *emphasis*."
MARKDOWN_FIELDS = ("summary", "promise", "if_we_miss")
TEXT_FIELDS = ("title", "how_measured")
BAD_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data):", re.I)
ALLOWED_URI = re.compile(r"^(https?|mailto|tel):")  # the only links a PDF may carry (generator/urls.py)
LIVE_TAGS = {"script", "iframe", "object", "embed", "form", "base", "meta", "link", "style"}


def poisoned_project(dest: Path) -> None:
    """The example project with a payload in every text field, round-robin."""
    shutil.copytree(ROOT / "standards", dest / "standards")
    shutil.copytree(ROOT / "performance", dest / "performance")
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "actions", dest / "actions")
    shutil.copytree(ROOT / "regulator", dest / "regulator")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "site_templates" / "assets").mkdir(parents=True)
    shutil.copy(ROOT / "site_templates" / "assets" / "logo.svg", dest / "site_templates" / "assets" / "logo.svg")
    payloads = itertools.cycle(PAYLOADS)
    for path in sorted((dest / "standards").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["area"] = f"{data['area']} {next(payloads)}"
        data["summary"] = f"{ORDINARY}\n\n{next(payloads)}"
        for item in (data.get("standards") or []) + (data.get("figures") or []):
            item["title"] = f"{item['title']} {next(payloads)}"
            item["how_measured"] = [next(payloads)]
            if "unit" in item and item.get("kind") != "figure" and ("target" in item or "targets" in item):
                item["promise"] = f"{ORDINARY} {next(payloads)}"
                item["if_we_miss"] = next(payloads)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in sorted((dest / "performance").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["period"] = str(data["period"])
        if "published" in data:
            data["published"] = str(data["published"])
        for area in list(data.get("commentary") or {}):
            data["commentary"][area] = f"{ORDINARY}\n\n{next(payloads)}"
        for key, result in list((data.get("results") or {}).items()):
            if isinstance(result, dict):
                if "action" in result:
                    result["action"] = f"{ORDINARY} {next(payloads)}"
                if "note" in result:
                    result["note"] = next(payloads)
                if "missing" in result:
                    result["missing"] = next(payloads)
        if data.get("benchmarks"):
            data["benchmarks"]["source"] = next(payloads)
        if data.get("newsletter"):  # the editor's words too; longer text must not hit the page budget
            data["newsletter"].pop("pages", None)
            data["newsletter"]["headline"] = next(payloads)
            data["newsletter"]["introduction"] = f"{ORDINARY}\n\n{next(payloads)}"
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")


class Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name.lower() in ("href", "src", "action", "data", "xlink:href", "formaction") and value \
                    and BAD_SCHEMES.match(value):
                self.found.append(f"<{tag} {name}={value[:40]}>")
            if name.lower() == "style" and value and "javascript:" in value.lower():
                self.found.append(f"<{tag} style=…javascript:>")


def live_tags(html: str) -> list[str]:
    """Script-like tags, by tag and attributes: compared with a clean build's."""
    return sorted(m.group(0) for m in re.finditer(r"<(script|iframe|object|embed|form|base|meta|link|style)\b[^>]*>",
                                                  html, re.I))


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    clean, dirty = tmp_path_factory.mktemp("clean"), tmp_path_factory.mktemp("dirty")
    poisoned_project(dirty / "project")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    check = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=dirty / "project",
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr  # the payloads are valid data: only the output is at risk
    for source, out in ((ROOT, clean / "site"), (dirty / "project", dirty / "site")):
        run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(out)], cwd=source,
                             capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stderr
    return clean / "site", dirty / "site"


def test_no_live_markup_from_the_data_in_any_page(builds):
    clean, dirty = builds
    pages = sorted(dirty.rglob("*.html"))
    assert len(pages) > 20
    problems = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        scanner = Scanner()
        scanner.feed(html)
        problems += [f"{page.relative_to(dirty)}: {f}" for f in scanner.found]
        twin = clean / page.relative_to(dirty)
        baseline = live_tags(twin.read_text(encoding="utf-8")) if twin.exists() else []
        extra = [t for t in live_tags(html) if t not in baseline]
        problems += [f"{page.relative_to(dirty)}: {t[:80]}" for t in extra]
    assert not problems, "\n".join(problems[:40])


def test_payloads_are_shown_as_text_and_markdown_still_works(builds):
    _, dirty = builds
    area = (dirty / "areas" / "complaints" / "index.html").read_text(encoding="utf-8")
    assert "<strong>bold</strong>" in area and '<a href="https://example.org/help">safe link</a>' in area
    assert "&lt;script&gt;" in "".join(p.read_text(encoding="utf-8") for p in dirty.rglob("*.html"))
    assert "{{ 7*7 }}" in "".join(p.read_text(encoding="utf-8") for p in dirty.rglob("*.html")).replace("\\", "")


def test_search_index_carries_no_live_markup(builds):
    _, dirty = builds
    index = (dirty / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<script" not in index.lower().replace("&lt;script", "")
    assert "onerror=" not in index.replace("onerror=alert(&#x27;", "").replace("&lt;img src=x onerror=", "")


def test_no_script_or_dangerous_link_in_the_newsletters(builds, tmp_path):
    """The same poisoned data through WeasyPrint: no JavaScript action, no launch, no bad URI."""
    import pikepdf

    _, dirty_site = builds
    project = dirty_site.parent / "project"
    found = []
    for edition in ("screen", "print"):
        out = tmp_path / f"{edition}.pdf"
        run = subprocess.run([sys.executable, "-m", "generator", "newsletter", "2024-25", "--edition", edition,
                              "-o", str(out)], cwd=project, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        with pikepdf.open(out) as pdf:
            for obj in pdf.objects:
                if not isinstance(obj, pikepdf.Dictionary):
                    continue
                if "/JS" in obj or obj.get("/S") in (pikepdf.Name.JavaScript, pikepdf.Name.Launch):
                    found.append(f"{edition}: script or launch action")
                uri = obj.get("/URI")
                if uri is not None and not ALLOWED_URI.match(str(uri)):
                    found.append(f"{edition}: link to {str(uri)[:40]}")
            for page in pdf.pages:  # a link's action is usually written inside its annotation
                for annot in page.get("/Annots", []):
                    uri = (annot.get("/A") or {}).get("/URI")
                    if uri is not None and not ALLOWED_URI.match(str(uri)):
                        found.append(f"{edition}: link to {str(uri)[:40]}")
            if "/Names" in pdf.Root and "/JavaScript" in pdf.Root.Names:
                found.append(f"{edition}: document JavaScript")
    assert not found, found
