"""What stopped a build with a traceback or "Sorry" now stops it with a located message.

Each case runs through the real command: `standards check`, `standards build`, `standards
newsletter`, `mkdocs build`, or a real `standards serve` process fetched with urllib.  A failure
exits 1, names the file and line, and never prints a traceback or the generic apology.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from generator.present import templates

from .conftest import AREA, PERIOD, ROOT, fetch, free_port, needs

CONFIG = """\
site_name: Test Homes
theme:
  name: material
plugins:
  - standards:
      organisation: Test Homes
"""
FILES = {"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD, "docs/contact.md": "# Contact us\n"}
APOLOGY = "Sorry"
FOGRA39 = ROOT / "generator" / "templates" / "newsletter" / "FOGRA39-generated.icc"


def project(tmp_path: Path, config_lines: str = "", files: dict[str, str | bytes] | None = None) -> Path:
    root = tmp_path / "project"
    for name, content in {**FILES, **(files or {})}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    (root / "mkdocs.yml").write_text(CONFIG + config_lines, encoding="utf-8")
    return root


def run(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """A real process, as a user runs it: `standards ...`, or `mkdocs ...` when args start with it."""
    command = ([sys.executable, "-m", *args] if args[0] == "mkdocs"
               else [sys.executable, "-m", "generator", *args])
    environment = dict(os.environ if env is None else env, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=240, env=environment)


def assert_located(done: subprocess.CompletedProcess, first_line: str) -> None:
    """Exit 1, the message's first line exactly, no traceback and no apology."""
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Traceback" not in output and APOLOGY not in output, output
    lines = [line.removeprefix("ERROR   -  ") for line in output.splitlines()]
    assert first_line in lines, output


def png(size: tuple[int, int] = (40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "#005a70").save(out, "PNG")
    return out.getvalue()


def rgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


# -- check finds what the build would stop on: logo, printer profile, templates, area ids --------

LOGO = "      logo: {}\n"
PROFILE = "      newsletter:\n        printer_profile: {}\n"

SETTINGS_CASES = [
    # (id, mkdocs.yml lines, files, location, first line of the message after "error: ")
    ("logo-text", LOGO.format("logo.png"), {"logo.png": "not a picture\n"}, "mkdocs.yml:7:13",
     "The logo 'logo.png' cannot be used: it is not a picture (or not in a picture format the tool knows)."),
    ("logo-cut-off", LOGO.format("logo.png"), {"logo.png": png()[:-40]}, "mkdocs.yml:7:13",
     "The logo 'logo.png' cannot be used: the picture is damaged or cut off."),
    ("logo-bad-checksum", LOGO.format("logo.png"), {"logo.png": png()[:-20] + b"\0" * 4 + png()[-16:]},
     "mkdocs.yml:7:13", "The logo 'logo.png' cannot be used: the picture is damaged or cut off."),
    ("logo-svg-broken", LOGO.format("logo.svg"), {"logo.svg": "<svg><g></svg>\n"}, "mkdocs.yml:7:13",
     "The logo 'logo.svg' cannot be used: it is not valid SVG (the XML is broken at its line 1, column 11)."),
    ("logo-svg-html", LOGO.format("logo.svg"), {"logo.svg": "<html><body/></html>\n"}, "mkdocs.yml:7:13",
     "The logo 'logo.svg' cannot be used: it is XML, but its first element is <html>, not <svg>."),
    ("logo-svg-binary", LOGO.format("logo.svg"), {"logo.svg": png()}, "mkdocs.yml:7:13",
     "The logo 'logo.svg' cannot be used: an .svg file must be UTF-8 text, and this one is not text."),
    ("logo-svg-entities", LOGO.format("logo.svg"),
     {"logo.svg": '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>'}, "mkdocs.yml:7:13",
     "The logo 'logo.svg' cannot be used: it declares XML entities, which a logo does not need."),
    ("profile-text", PROFILE.format("printer.icc"), {"printer.icc": "hello\n"}, "mkdocs.yml:8:26",
     "The printer_profile 'printer.icc' cannot be used: it is not an ICC colour profile."),
    ("profile-rgb", PROFILE.format("printer.icc"), {"printer.icc": rgb_profile()}, "mkdocs.yml:8:26",
     "The printer_profile 'printer.icc' cannot be used: it is a profile for RGB colours, not for CMYK printing."),
    ("profile-damaged", PROFILE.format("printer.icc"), {"printer.icc": FOGRA39.read_bytes()[:200]},
     "mkdocs.yml:8:26", "The printer_profile 'printer.icc' cannot be used: it is damaged: the colour management "
     "system cannot read it."),
    ("template-syntax", "      templates: mine\n", {"mine/pages/home.md.j2": "# Home\n\n{% if %}\n"},
     "mine/pages/home.md.j2:3:1", "The template 'mine/pages/home.md.j2' could not be used: its Jinja code "
     "has a mistake: Expected an expression, got 'end of statement block'."),
    ("template-unclosed", "      templates: mine\n",
     {"mine/newsletter/newsletter.html.j2": "<html>\n{% for x in y %}\n</html>\n"},
     "mine/newsletter/newsletter.html.j2:2:1", "The template 'mine/newsletter/newsletter.html.j2' could not be "
     "used: its Jinja code has a mistake: Unexpected end of template. Jinja was looking for the following "
     "tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'."),
    ("template-not-utf8", "      templates: mine\n", {"mine/pages/home.md.j2": "# Caf\xe9\n".encode("cp1252")},
     "mine/pages/home.md.j2:1:1", "The template 'mine/pages/home.md.j2' is not saved as UTF-8 text."),
    ("area-named-index", "", {"standards/index.yaml": AREA.replace("repairs-on-time", "other-on-time")},
     "standards/index.yaml:1:1", "The file name 'index.yaml' cannot be used: the file name is the area's id in "
     "web addresses, and the page that lists every service area already has the address areas/index/."),
]


@pytest.mark.parametrize("case", SETTINGS_CASES, ids=[c[0] for c in SETTINGS_CASES])
def test_check_finds_what_the_build_would_stop_on(tmp_path, case):
    _, lines, files, location, message = case
    root = project(tmp_path, lines, files)
    assert_located(run(root, "check"), f"{location}: error: {message}")


@pytest.mark.parametrize("command", [("build",), ("newsletter", "2021-22"), ("mkdocs", "build")],
                         ids=["build", "newsletter", "mkdocs-build"])
@pytest.mark.parametrize("case", [c for c in SETTINGS_CASES if c[0] in ("logo-text", "profile-text", "template-syntax",
                                                                         "template-unclosed", "area-named-index")],
                         ids=lambda c: c[0])
def test_the_commands_stop_on_them_with_the_same_message(tmp_path, case, command):
    _, lines, files, location, message = case
    root = project(tmp_path, lines, files)
    assert_located(run(root, *command), f"{location}: error: {message}")
    assert not (root / "site").exists() and not (root / "newsletters").exists()


def test_good_logo_and_profile_pass(tmp_path):
    root = project(tmp_path, LOGO.format("logo.png") + PROFILE.format("printer.icc"),
                   {"logo.png": png(), "printer.icc": FOGRA39.read_bytes()})
    done = run(root, "check")
    assert done.returncode == 0, done.stdout + done.stderr


# -- a landlord's template that fails while the pages or newsletters are made ------------------

RENDER_CASES = [
    # (id, template text, line, message after "could not be used: ")
    ("undefined-name", "# Home\n\n{{ nosuch_name }}\n", 3, "'nosuch_name' is undefined."),
    ("undefined-attribute", "# Home\n{{ settings.nosuch.value }}\n", 2,
     "it asks for 'nosuch', which the Settings given to templates do not have."),
    ("python-error", "# Home\n\n\n{{ 1 / 0 }}\n", 4, "its code failed: division by zero (ZeroDivisionError)."),
    ("missing-include", "# Home\n{% include 'nowhere.j2' %}\n", 2,
     "it uses the template 'nowhere.j2', which is not in the templates folder or the tool's own."),
]


@pytest.mark.parametrize("command", [("build",), ("mkdocs", "build")], ids=["standards-build", "mkdocs-build"])
@pytest.mark.parametrize("case", RENDER_CASES, ids=[c[0] for c in RENDER_CASES])
def test_page_template_failure_is_located(tmp_path, case, command):
    _, text, line, message = case
    root = project(tmp_path, "      templates: mine\n", {"mine/pages/home.md.j2": text})
    assert run(root, "check").returncode == 0  # nothing a check can see: it fails only when used
    done = run(root, *command)
    assert_located(done, f"mine/pages/home.md.j2:{line}:1: error: The template 'mine/pages/home.md.j2' could "
                         f"not be used: {message}")


@pytest.mark.parametrize("command", [("newsletter", "2021-22"), ("build",)], ids=["newsletter", "build"])
@pytest.mark.parametrize("case", RENDER_CASES, ids=[c[0] for c in RENDER_CASES])
def test_newsletter_template_failure_is_located(tmp_path, case, command):
    _, text, line, message = case
    text = text.replace("settings.", "content.settings.").replace("# Home", "<html>")
    root = project(tmp_path, "      templates: mine\n", {"mine/newsletter/newsletter.html.j2": text})
    done = run(root, *command)
    assert_located(done, f"mine/newsletter/newsletter.html.j2:{line}:1: error: The template "
                         f"'mine/newsletter/newsletter.html.j2' could not be used: {message}")
    assert not list((root / "newsletters").glob("*.pdf")) if (root / "newsletters").exists() else True


# -- the compiled-template cache: never the build's failure -----------------------------------


def test_jinja_default_cache_folder_taken_does_not_stop_the_build(tmp_path):
    """Jinja's default cache, /tmp/_jinja2-cache-<uid>, made first by someone else (here: a file in
    its place) used to stop every build at import."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    (temp / f"_jinja2-cache-{os.getuid()}").write_text("someone else's\n")
    root = project(tmp_path)
    done = run(root, "build", env=dict(os.environ, TMPDIR=str(temp)))
    assert done.returncode == 0, done.stdout + done.stderr
    assert (root / "site" / "index.html").is_file()


@pytest.mark.parametrize("spoil", ["file", "loose", "link", "unwritable"])
def test_our_cache_folder_is_private_or_not_used(tmp_path, spoil):
    cache = tmp_path / "cache"
    folder = cache / "housing-standards" / "jinja"
    folder.parent.mkdir(parents=True)
    if spoil == "file":
        folder.write_text("not a folder\n")
    elif spoil == "loose":
        folder.mkdir(mode=0o777)
        folder.chmod(0o777)
    elif spoil == "link":
        (tmp_path / "elsewhere").mkdir()
        folder.symlink_to(tmp_path / "elsewhere")
    else:
        folder.parent.chmod(0o500)
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    probe = ("from generator.present import templates; c = templates.bytecode_cache(); "
             "print(c.directory if c else None)")
    try:
        done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
        expected = {"file": "None", "loose": str(folder), "link": "None",
                    "unwritable": "None" if os.getuid() != 0 else str(folder)}[spoil]
        assert done.stdout.strip() == expected
        if spoil == "loose":
            assert folder.stat().st_mode & 0o777 == 0o700  # ours, closed again
        root = project(tmp_path)
        built = run(root, "build", env=env)
        assert built.returncode == 0, built.stdout + built.stderr
    finally:
        folder.parent.chmod(0o700)


def test_cache_folder_of_another_user_is_not_used(tmp_path):
    needs(os.getuid() == 0, "root, to make a folder owned by another user")
    cache = tmp_path / "cache"
    folder = cache / "housing-standards" / "jinja"
    folder.mkdir(parents=True, mode=0o700)
    os.chown(folder, 65534, 65534)
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    probe = "from generator.present import templates; print(templates.bytecode_cache())"
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "None"


def test_cache_that_cannot_be_written_only_means_compiling_again(tmp_path):
    folder = tmp_path / "gone"
    folder.mkdir()
    cache = templates._QuietCache(str(folder))
    folder.rmdir()  # the disk's folder vanished, or is full: the write fails, quietly
    env = templates.jinja2.Environment(loader=templates.jinja2.DictLoader({"t": "{{ 1 + 1 }}"}),
                                       bytecode_cache=cache)
    assert env.get_template("t").render() == "2"


# -- serve: the problems in the browser, and a rebuild when they are fixed --------------------


def _get(url: str) -> tuple[int, str]:
    status, body = fetch(url)
    return status, body.decode("utf-8", "replace")


def _wait_for(url: str, want, seconds: float = 60) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    last: tuple[int, str] = (0, "")
    while time.monotonic() < deadline:
        try:
            last = _get(url)
            if want(*last):
                return last
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never gave what was wanted; last: {last[0]} {last[1][:500]}")


@pytest.fixture
def serve(tmp_path):
    started: list[subprocess.Popen] = []

    def start(root: Path) -> str:
        port = free_port()
        process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"],
                                   cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   start_new_session=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        started.append(process)
        return f"http://127.0.0.1:{port}"

    yield start
    for process in started:
        os.killpg(process.pid, signal.SIGTERM)  # standards serve and the mkdocs process it started
        output = process.communicate(timeout=30)[0].decode("utf-8", "replace")
        assert "Traceback" not in output, output


def test_serve_shows_the_problems_and_rebuilds_when_fixed(tmp_path, serve):
    root = project(tmp_path, files={"performance/2021-22.yaml": PERIOD.replace("91", "lots")})
    url = serve(root)
    status, page = _wait_for(url + "/", lambda s, text: s == 200)
    assert "The site could not be built" in page
    assert ("performance/2021-22.yaml:3:20: error: The result for &#x27;repairs-on-time&#x27; is &#x27;lots&#x27;"
            in page)
    status, page = _get(url + "/areas/repairs/")  # any address: the problems, not "not found"
    assert "performance/2021-22.yaml:3:20" in page
    (root / "performance" / "2021-22.yaml").write_text(PERIOD, encoding="utf-8")
    _, page = _wait_for(url + "/", lambda s, text: s == 200 and "could not be built" not in text)
    assert "How we" in page
    _wait_for(url + "/areas/repairs/", lambda s, text: s == 200 and "We complete repairs on time" in text)
    # broken again: the pages of the last good build show the problems too
    (root / "performance" / "2021-22.yaml").write_text(PERIOD.replace("91", "lots"), encoding="utf-8")
    _wait_for(url + "/areas/repairs/", lambda s, text: s == 200 and "performance/2021-22.yaml:3:20" in text)


def test_serve_shows_a_failing_page_template(tmp_path, serve):
    root = project(tmp_path, "      templates: mine\n", {"mine/pages/home.md.j2": "# Home\n{{ nosuch }}\n"})
    url = serve(root)
    _, page = _wait_for(url + "/", lambda s, text: s == 200 and "could not be built" in text)
    assert "mine/pages/home.md.j2:2:1: error: The template" in page
    (root / "mine" / "pages" / "home.md.j2").write_text("# Home\nAll good.\n", encoding="utf-8")
    (root / "performance" / "2021-22.yaml").touch()  # the data folders are watched
    _wait_for(url + "/", lambda s, text: s == 200 and "All good." in text)


@pytest.mark.parametrize("address", ["/%00", "/areas/%00/", "/%00.html", "/assets/%00x.css"])
def test_serve_answers_a_nul_address_with_not_found(tmp_path, serve, address):
    url = serve(project(tmp_path))
    _wait_for(url + "/", lambda s, text: s == 200)
    status, _ = _get(url + address)
    assert status == 404
