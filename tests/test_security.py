"""What the data and settings say is never run: links, open data cells, files fetched for the PDFs,
landlord templates.  Tables of inputs, then real builds read back (pikepdf, the HTML written)."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest

from generator.model import Contact
from generator.present.markup import contact_links
from generator.registry import links as urls

from .conftest import AREA, run_standards, write_project

# -- one rule for every link ------------------------------------------------------------------

# href -> (may be a link on the site, may be a link in a PDF)
URLS = [
    ("javascript:alert(1)", False, False),
    ("JaVaScRiPt:alert(1)", False, False),
    (" javascript:alert(1)", False, False),
    ("java\tscript:alert(1)", False, False),
    ("&#106;avascript:alert(1)", False, False),
    ("&#x6A;avascript:alert(1)", False, False),
    ("javascript&colon;alert(1)", False, False),
    ("data:text/html;base64,PHNjcmlwdD4=", False, False),
    ("vbscript:msgbox(1)", False, False),
    ("file:///etc/passwd", False, False),
    ("areas/repairs/", True, False),
    ("../index.html#top", True, False),
    ("#repairs-on-time", True, False),
    ("//evil.example/x", False, False),
    ("\\\\evil.example/x", False, False),
    ("/\\evil.example/x", False, False),  # a browser reads '\' as '/': //evil.example
    ("http://example.org/", True, True),
    ("https://example.org/a?b=c#d", True, True),
    ("HTTPS://EXAMPLE.ORG", True, True),
    ("mailto:hello@example.org", True, True),
    ("tel:+443000000000", True, True),
    ("a:b/c", False, False),
]


@pytest.mark.parametrize(("href", "on_site", "in_pdf"), URLS)
def test_one_rule_for_every_link(href, on_site, in_pdf):
    assert urls.safe_href(href) is on_site
    assert urls.safe_href(href, relative=False) is in_pdf


@pytest.mark.parametrize(("contact", "links"), [
    (Contact(web="javascript:alert(document.domain)//"), {}),
    (Contact(web="https://example.org/"), {"web": "https://example.org/"}),
    (Contact(web="example.org"), {}),
    (Contact(email="javascript:alert(1)//@x.example"), {}),
    (Contact(email="hello@example.org"), {"email": "mailto:hello@example.org"}),
    (Contact(phone="0300 000-0000 (freephone)"), {}),
    (Contact(phone="+44 (0)300 000 0000"), {"phone": "tel:+4403000000000"}),
])
def test_contact_details_become_links_only_when_safe(contact, links):
    """Even a setting that skipped the check never becomes an unsafe link."""
    assert contact_links(contact) == links


CONTACT_CONFIG = """\
site_name: Test Homes
plugins:
  - standards:
      organisation: Test Homes
      contact:
        {key}: {value}
"""


def test_a_control_character_in_a_contact_link_is_refused_as_one(make_project):
    # refused before the link rule sees it: the control-character check covers every text value
    root = make_project(config=CONTACT_CONFIG.format(key="web", value='"https://example.org/\\u0000"'))
    run = run_standards("check", "--json", cwd=root)
    assert run.exit_code == 1
    assert [p["code"] for p in run.json["errors"]] == ["control-character"]


@pytest.mark.parametrize(("key", "value", "message", "hint"), [
    ("web", '"javascript:alert(document.domain)//"', "it starts with 'javascript:'", "like 'https://example.org'"),
    ("web", "JaVaScRiPt:alert(1)", "it starts with 'JaVaScRiPt:'", "like 'https://example.org'"),
    ("web", "data:text/html,x", "it starts with 'data:'", "like 'https://example.org'"),
    ("web", "file:///etc/passwd", "it starts with 'file:'", "like 'https://example.org'"),
    ("web", "//example.org", "not a full web address", "like 'https://example.org'"),
    ("web", "example.org", "not a full web address", "like 'https://example.org'."),
    ("email", "mailto:hello@example.org", "not an email address", "Leave out 'mailto:', like 'hello@example.org'."),
    ("email", '"javascript:alert(1)//@x.example"', "not an email address", "like 'hello@example.org'"),
    ("email", "hello", "not an email address", "like 'hello@example.org'"),
])
def test_check_reports_a_contact_link_that_is_not_safe(make_project, key, value, message, hint):
    root = make_project(config=CONTACT_CONFIG.format(key=key, value=value))
    run = run_standards("check", "--json", cwd=root)
    assert run.exit_code == 1
    (problem,) = run.json["errors"]
    assert problem["code"] == "config-contact-link"
    assert (problem["file"], problem["line"], problem["column"]) == ("mkdocs.yml", 6, 8 + len(key) + 3)
    assert message in problem["message"] and hint in problem["hint"]


@pytest.mark.parametrize(("key", "value"), [
    ("web", "https://example.org"), ("web", "http://example.org/contact?x=1"), ("email", "hello@example.org"),
    ("phone", "0300 000 0000 (freephone)"),
])
def test_safe_contact_details_pass_the_check(make_project, key, value):
    root = make_project(config=CONTACT_CONFIG.format(key=key, value=value))
    assert run_standards("check", cwd=root).exit_code == 0


HOSTILE_LINKS = ("[rel](areas/repairs/) [net](//evil.example/x) [js](javascript:alert(1)) "
                 "[ent](&#106;avascript:alert(2)) [file](file:///etc/passwd) [data](data:text/html,x) "
                 "[web](https://ok.example/) [mail](mailto:a@ok.example) [phone](tel:+441234567890)")


def links_project(root: Path, web: str = "https://test.example/") -> Path:
    config = textwrap.dedent(f"""\
        site_name: Test Homes
        theme:
          name: material
          font: false
        plugins:
          - standards:
              organisation: Test Homes
              contact:
                phone: 0300 000 0000
                email: hello@test.example
                web: "{web}"
        """)
    period = f"period: 2021-22\nresults:\n  repairs-on-time: 91\ncommentary:\n  repairs: |\n    {HOSTILE_LINKS}\n"
    (root / "docs").mkdir(parents=True)
    return write_project(root, {"standards/repairs.yaml": AREA, "performance/2021-22.yaml": period}, config)


def pdf_uris(path: Path) -> list[str]:
    """Every URI a PDF can open: link annotations' actions and any other /URI in the file."""
    found = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                action = annot.get("/A")
                if action is not None and "/URI" in action:
                    found.append(str(action.URI))
        found += [str(o.URI) for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/URI" in o]
    return found


@pytest.mark.parametrize("edition", ["screen", "large-print", "insert", "print"])
def test_a_pdf_links_only_to_web_email_and_phone(tmp_path, edition):
    root = links_project(tmp_path / "p")
    out = tmp_path / "out.pdf"
    run = run_standards("newsletter", "2021-22", "--edition", edition, "-o", str(out), cwd=root)
    assert run.exit_code == 0, run.text
    uris = pdf_uris(out)
    bad = [u for u in uris if not re.match(r"(https?|mailto|tel):", u)]
    assert not bad
    if edition != "print":  # a print-shop PDF carries no links at all
        assert {"https://ok.example/", "mailto:a@ok.example", "tel:03000000000", "https://test.example/"} <= set(uris)
    else:
        assert uris == []


class Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.hrefs += [v for k, v in attrs if k in ("href", "src", "xlink:href") and v is not None]


def test_the_newsletter_web_page_links_only_by_the_rule(tmp_path):
    root = links_project(tmp_path / "p")
    out = tmp_path / "out.html"
    assert run_standards("newsletter", "2021-22", "--edition", "html", "-o", str(out), cwd=root).exit_code == 0
    parser = Links()
    parser.feed(out.read_text(encoding="utf-8"))
    hrefs = [h for h in parser.hrefs if not h.startswith("../assets/standards/")]
    assert hrefs and all(urls.safe_href(h) for h in hrefs), hrefs
    assert {"https://ok.example/", "mailto:a@ok.example", "https://test.example/"} <= set(hrefs)


def test_a_javascript_website_stops_the_newsletter_and_the_site_at_its_line(tmp_path):
    root = links_project(tmp_path / "p", web="javascript:alert(document.domain)//")
    for command in (("newsletter", "2021-22", "-o", str(tmp_path / "x.pdf")), ("build",)):
        run = subprocess.run([sys.executable, "-m", "generator", *command], cwd=root, capture_output=True, text=True)
        assert run.returncode == 1
        assert "mkdocs.yml:11:14: error: The contact website 'javascript:alert(document.domain)//' cannot be a link" \
            in run.stderr
    assert not (tmp_path / "x.pdf").exists() and not (root / "site").exists()


def test_the_site_footer_links_to_the_contact_details(tmp_path):
    root = links_project(tmp_path / "p")
    site = tmp_path / "site"
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=root,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    parser = Links()
    page = (site / "areas" / "repairs" / "index.html").read_text(encoding="utf-8")
    parser.feed(page)
    assert {"tel:03000000000", "mailto:hello@test.example", "https://test.example/"} <= set(parser.hrefs)
    assert not [h for h in parser.hrefs if re.match(r"\s*(javascript|data|vbscript|file):|//evil", h, re.I)]


# -- open data: no cell a spreadsheet would run ------------------------------------------------

@pytest.mark.parametrize(("value", "cell"), [
    ("=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK(\"http://evil.example\",\"x\")"),
    ("+SUM(1,2)", "'+SUM(1,2)"),
    ("-2+3", "'-2+3"),
    ("@SUM(1)", "'@SUM(1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("Repairs = good", "Repairs = good"),
    ("£1,250.00", "£1,250.00"),
    ("", ""),
    (None, ""),
    (-1250.5, -1250.5),
    (-3, -3),
    (0, 0),
    (91.5, 91.5),
    (True, "true"),
    (False, "false"),
])
def test_an_open_data_cell(value, cell):
    from generator.report.opendata import csv_cell

    assert csv_cell(value) == cell


HOSTILE_AREA = """\
area: "=cmd|' /C calc'!A0"
standards:
  - id: repairs-on-time
    title: "+SUM(1,2) repairs on time, £ for £"
    unit: percent
    target: {at_least: 90}
figures:
  - id: arrears
    title: "@SUM(A1:A9)"
    unit: pounds
"""
HOSTILE_PERIOD = """\
period: 2021-22
results:
  repairs-on-time: {value: 91, note: "-2+3"}
  arrears: {value: -1250.5, note: "\\t=1+1"}
"""


def test_the_open_data_csv_has_no_formula_keeps_numbers_and_opens_in_excel(tmp_path):
    import csv
    import io

    root = write_project(tmp_path, {"standards/repairs.yaml": HOSTILE_AREA, "performance/2021-22.yaml": HOSTILE_PERIOD,
                                    "docs/.keep": ""})
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")], cwd=root,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    data = (tmp_path / "site" / "data" / "results.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfarea,area_name,")  # UTF-8 with a byte-order mark
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}
    standard, figure = rows["repairs-on-time"], rows["arrears"]
    assert standard["area_name"] == "'=cmd|' /C calc'!A0"
    assert standard["title"] == "'+SUM(1,2) repairs on time, £ for £"
    assert standard["note"] == "'-2+3" and figure["note"] == "'\t=1+1"
    assert figure["title"] == "'@SUM(A1:A9)"
    assert figure["value"] == "-1250.5" and standard["value"] == "91" and standard["target_value"] == "90"
    assert standard["draft"] == "false"
    formulas = [c for r in rows.values() for c in r.values() if c and c[0] in "=+@\t\r" or
                (c and c[0] == "-" and not re.fullmatch(r"-\d+(\.\d+)?", c))]
    assert not formulas


# -- what WeasyPrint may load: data: and the files of the project and the tool -----------------

class _Recorder:
    """A web server on 127.0.0.1 that notes every request it gets."""

    def __init__(self):
        import http.server
        import threading

        self.requests: list[str] = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the name http.server calls
                recorder.requests.append(self.path)
                self.send_response(404)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def web_server():
    server = _Recorder()
    yield server
    server.close()


def a_jpeg(colour: tuple[int, int, int]) -> bytes:
    """A small JPEG: WeasyPrint puts a JPEG's bytes in the PDF as they are, so they can be looked for."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (24, 24), colour).save(out, "JPEG", quality=90)
    return out.getvalue()


LOGO = """\
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="40"
     viewBox="0 0 120 40">
  <rect width="120" height="40" fill="#005a70"/>
  <image href="{web}/tracker.png" x="0" y="0" width="10" height="10"/>
  <image xlink:href="{web}/other.png" x="0" y="0" width="10" height="10"/>
  <image href="{outside}" x="10" y="0" width="24" height="24"/>
  <image href="{inside}" x="40" y="0" width="24" height="24"/>
  <style>@import url("{web}/style.css");</style>
</svg>
"""


@pytest.mark.parametrize("edition", ["screen", "print"])
def test_a_logo_cannot_make_the_build_fetch_or_publish_a_file_from_outside(tmp_path, web_server, edition):
    outside, inside = a_jpeg((200, 10, 10)), a_jpeg((10, 10, 200))
    secret = tmp_path / "outside" / "secret.jpg"  # like /etc/passwd: a file of the computer, not of the project
    secret.parent.mkdir()
    secret.write_bytes(outside)
    root = tmp_path / "project"
    root.mkdir()
    logo = LOGO.format(web=web_server.url, outside=secret.as_uri(), inside="inside.jpg")
    config = DEFAULT_CONFIG_WITH_LOGO
    write_project(root, {"standards/repairs.yaml": AREA, "performance/2021-22.yaml": "period: 2021-22\nresults:\n"
                         "  repairs-on-time: 91\n", "assets/logo.svg": logo, "assets/inside.jpg": inside}, config)
    out = tmp_path / "out.pdf"
    run = subprocess.run([sys.executable, "-m", "generator", "newsletter", "2021-22", "--edition", edition,
                          "-o", str(out)], cwd=root, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert web_server.requests == []
    data = out.read_bytes()
    assert outside not in data
    with pikepdf.open(out) as pdf:
        images = [o.read_raw_bytes() for o in pdf.objects
                  if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
    assert outside not in images
    if edition == "screen":  # the same picture from inside the project is used: the test can see one
        assert inside in images


DEFAULT_CONFIG_WITH_LOGO = """\
site_name: Test Homes
plugins:
  - standards:
      organisation: Test Homes
      logo: assets/logo.svg
"""


@pytest.mark.parametrize(("url", "allowed"), [
    ("data:image/png;base64,AAAA", True),
    ("file:///etc/passwd", False),
    ("http://127.0.0.1/x.png", False),
    ("https://example.org/x.png", False),
    ("ftp://example.org/x.png", False),
    ("file://evil.example/share/x.png", False),
])
def test_what_a_newsletter_may_load(url, allowed):
    from generator.newsletter import pdf as editions

    assert editions.allowed_url(url, (Path("/work/nowhere"),)) is allowed


def test_files_of_the_project_and_the_tool_may_be_loaded_and_no_others(tmp_path):
    from generator.newsletter import pdf as editions
    from generator.present.templates import ours

    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "logo.svg").write_text("<svg/>")
    (tmp_path / "p" / "escape.svg").symlink_to(tmp_path / "elsewhere.svg")
    fetch = editions.fetcher(tmp_path / "p")
    assert editions.allowed_url((tmp_path / "p" / "logo.svg").as_uri(), fetch.allowed)
    assert editions.allowed_url((ours() / "assets" / "fonts").as_uri(), fetch.allowed)
    assert not editions.allowed_url((tmp_path / "p" / "escape.svg").as_uri(), fetch.allowed)
    assert not editions.allowed_url((tmp_path / "p" / ".." / "elsewhere.svg").as_uri(), fetch.allowed)


# -- a landlord's templates run in a sandbox ---------------------------------------------------

PAYLOAD = "{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"


def templates_project(root: Path, name: str, text: str) -> Path:
    config = DEFAULT_CONFIG_WITH_TEMPLATES
    root.mkdir()
    write_project(root, {"standards/repairs.yaml": AREA, "performance/2021-22.yaml": "period: 2021-22\nresults:\n"
                         "  repairs-on-time: 91\n", f"my_templates/{name}": text, "docs/.keep": ""}, config)
    return root


DEFAULT_CONFIG_WITH_TEMPLATES = """\
site_name: Test Homes
plugins:
  - standards:
      organisation: Test Homes
      templates: my_templates
"""


def _ours(name: str) -> list[str]:
    from generator.present.templates import ours

    return (ours() / name).read_text(encoding="utf-8").splitlines(True)


@pytest.mark.parametrize(("name", "command", "where"), [
    ("pages/home.md.j2", ("build",), "my_templates/pages/home.md.j2:4:1: error: The template"),
    ("newsletter/newsletter.html.j2", ("newsletter", "2021-22", "-o", "x.pdf"),
     "my_templates/newsletter/newsletter.html.j2:4:1: error: The template"),
    ("newsletter/newsletter.html.j2", ("build",),
     "my_templates/newsletter/newsletter.html.j2:4:1: error: The template"),
    ("newsletter/newsletter.css.j2", ("newsletter", "2021-22", "--edition", "html", "-o", "x.html"),
     "my_templates/newsletter/newsletter.css.j2:6:1: error: The template"),
])
def test_a_landlord_template_cannot_run_a_command(tmp_path, name, command, where):
    marker = tmp_path / "MARKER"
    lines = _ours(name)
    at = int(re.search(r":(\d+):", where).group(1)) - 1  # the line the payload is put on
    text = "".join(lines[:at] + [PAYLOAD.format(marker=marker) + "\n"] + lines[at:])
    root = templates_project(tmp_path / "p", name, text)
    run = subprocess.run([sys.executable, "-m", "generator", *command], cwd=root, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 1
    assert not marker.exists()
    assert where in run.stderr and "reaches into the workings of the tool" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr and "Sorry" not in run.stderr
    assert not (root / "x.pdf").exists() and not (root / "site").exists()


@pytest.mark.parametrize("payload", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ [].append(1) }}",
    "{{ self._TemplateReference__context }}",
])
def test_the_sandbox_stops_what_reaches_into_python(tmp_path, payload):
    from generator.present import templates

    folder = tmp_path / "mine"
    (folder / "pages").mkdir(parents=True)
    (folder / "pages" / "x.md.j2").write_text(f"one\n{payload}\n")
    env = templates.environment(folder)
    with pytest.raises(templates.UnsafeTemplate) as caught:
        env.get_template("pages/x.md.j2").render()
    assert (caught.value.filename, caught.value.lineno) == (str(folder / "pages" / "x.md.j2"), 2)


def test_an_ordinary_landlord_template_still_works(tmp_path):
    lines = _ours("newsletter/newsletter.html.j2")
    text = "".join(lines[:3] + ['<p class="ours">{{ content.period_words|upper }}: '
                                 '{{ content.contact.items()|list|length }} {{ "%s-%s"|format(1, 2) }}</p>\n'] + lines[3:])
    root = templates_project(tmp_path / "p", "newsletter/newsletter.html.j2", text)
    out = tmp_path / "x.html"
    assert run_standards("newsletter", "2021-22", "--edition", "html", "-o", str(out), cwd=root).exit_code == 0
    assert re.search(r'<p class="ours">[A-Z0-9 -]*2021[A-Z0-9 -]*: 0 1-2</p>', out.read_text(encoding="utf-8"))


def test_templates_compiled_in_the_sandbox_are_not_used_outside_it(tmp_path):
    """Jinja keeps compiled templates between runs; the sandbox compiles them differently, so a
    build with a landlord's templates must not leave its compiled copies of ours to a build without."""
    import os

    cache = tmp_path / "tmp"  # Jinja's cache folder is in the temporary folder: a fresh one
    cache.mkdir()
    env = dict(os.environ, TMPDIR=str(cache))
    # the landlord's own style sheet: our newsletter.html.j2, full of calls, is compiled in the sandbox
    landlord = templates_project(tmp_path / "landlord", "newsletter/newsletter.css.j2",
                                 "".join(_ours("newsletter/newsletter.css.j2")))
    (tmp_path / "plain").mkdir()
    plain = write_project(tmp_path / "plain", {"standards/repairs.yaml": AREA,
                                               "performance/2021-22.yaml": "period: 2021-22\nresults:\n  repairs-on-time: 91\n"})
    for root in (landlord, plain):
        run = subprocess.run([sys.executable, "-m", "generator", "newsletter", "2021-22", "--edition", "html",
                              "-o", str(root / "x.html")], cwd=root, capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stderr
