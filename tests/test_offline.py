"""Building needs no network, and the built pages ask no other host for anything."""

import os
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from .conftest import ROOT

BLOCKER = '''
import socket

def _refuse(*args, **kwargs):
    raise OSError("network use during the build: " + repr(args[:2]))

socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
'''


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("offline")
    (work / "sitecustomize.py").write_text(BLOCKER)
    env = dict(os.environ, PYTHONPATH=str(work), NO_MKDOCS_2_WARNING="1")
    probe = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
                           env=env, capture_output=True, text=True)
    assert "network use during the build" in probe.stderr  # the blocker is really in place
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(work / "site")],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return work / "site"


class Resources(HTMLParser):
    """Everything a browser would fetch while showing the page (links to follow are not fetched)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in ("canonical", "prev", "next", "alternate"):
            self.urls.append(attrs["href"])
        if tag == "object" and attrs.get("data"):
            self.urls.append(attrs["data"])
        if attrs.get("style"):
            self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", attrs["style"])


def external(url: str) -> bool:
    return bool(re.match(r"^\s*(https?:)?//", url, re.I))


def test_the_build_works_with_the_network_blocked(offline_site):
    assert (offline_site / "index.html").is_file()


def test_pages_load_nothing_from_another_host(offline_site):
    found = []
    for page in sorted(offline_site.rglob("*.html")):
        parser = Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(offline_site)}: {u}" for u in parser.urls if external(u)]
    for sheet in sorted(offline_site.rglob("*.css")):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text)
        found += [f"{sheet.relative_to(offline_site)}: {u}" for u in urls if external(u)]
    assert not found, "\n".join(found[:30])
    assert "fonts.googleapis.com" not in "".join(p.read_text(encoding="utf-8") for p in offline_site.rglob("*.html"))
