"""A build's date is a value passed down, never left in the process (issue 10, point 5).

The plugin once put SOURCE_DATE_EPOCH in os.environ: under `mkdocs serve` the sitemap kept the
first build's date for ever, and a newsletter made later in the same process took the site's
date.  And the page writer (site/background.py) must end with every build, an interrupted one
too.  Each scenario runs in a fresh Python, as `mkdocs build` does: forking needs one thread.
"""

from __future__ import annotations

import calendar
import json
import os
import subprocess
import sys
import textwrap
import time

import pikepdf
import pytest

from .conftest import AREA, DEFAULT_CONFIG, ROOT, run_standards

PERIOD_2021 = "period: 2021-22\nresults:\n  repairs-on-time: 91\n"
PERIOD_2022 = "period: 2022-23\nresults:\n  repairs-on-time: 88\n"

# one process: build, change the data, build again, then make a newsletter
SAME_PROCESS = textwrap.dedent("""
    import gzip, json, os, re, sys
    from pathlib import Path
    import pikepdf
    from mkdocs.__main__ import cli as mkdocs
    from generator.cli import main as standards

    root = Path(sys.argv[1])
    os.chdir(root)

    def build(name):
        mkdocs(["build", "-q", "-f", "mkdocs.yml", "-d", name], standalone_mode=False)
        sitemap = (root / name / "sitemap.xml").read_text()
        with open(root / name / "sitemap.xml.gz", "rb") as gz:
            mtime = int.from_bytes(gz.read(8)[4:8], "little")  # the gzip header's MTIME
        return {"lastmod": sorted(set(re.findall("<lastmod>(.*?)</lastmod>", sitemap))), "gz": mtime,
                "environ": os.environ.get("SOURCE_DATE_EPOCH")}

    first = build("one")
    path = root / "performance" / "2022-23.yaml"
    path.write_text("published: 2023-06-15\\n" + path.read_text())  # the figures came out later
    second = build("two")
    standards(["newsletter", "2021-22", "-o", "old.pdf"], standalone_mode=False)
    with pikepdf.open(root / "old.pdf") as pdf:
        created = str(pdf.docinfo["/CreationDate"])
    print(json.dumps({"first": first, "second": second, "created": created,
                      "environ": os.environ.get("SOURCE_DATE_EPOCH")}))
""")


def _project(make_project):
    root = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD_2021,
                         "performance/2022-23.yaml": PERIOD_2022},
                        DEFAULT_CONFIG + "site_url: https://homes.example.org/\n")  # a sitemap lists pages only then
    (root / "docs").mkdir()
    return root


def _python(script: str, *args: str, env: dict | None = None) -> dict:
    base = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    run = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT,
                         env={**base, "NO_MKDOCS_2_WARNING": "1", **(env or {})}, timeout=600)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_each_build_in_a_process_has_its_own_date_and_leaves_none_behind(make_project):
    result = _python(SAME_PROCESS, str(_project(make_project)))
    # the latest figures: 2022-23, April to March, so 31 March 2023
    assert result["first"]["lastmod"] == ["2023-03-31"]
    assert result["first"]["gz"] == calendar.timegm((2023, 3, 31, 0, 0, 0))
    # the 2021-22 newsletter is dated by its own figures (31 March 2022), not by the sites built before it
    assert result["created"].startswith("D:20220331000000")
    # published 15 June 2023: the second build, in the same process, says so (serve rebuilds like this)
    assert result["second"]["lastmod"] == ["2023-06-15"]
    assert result["second"]["gz"] == calendar.timegm((2023, 6, 15, 0, 0, 0))
    assert result["first"]["environ"] is None and result["second"]["environ"] is None
    assert result["environ"] is None


def test_a_date_the_user_sets_wins_everywhere(make_project):
    # 1700000000 s is 14 November 2023, 22:13:20 UTC
    result = _python(SAME_PROCESS, str(_project(make_project)), env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result["first"]["lastmod"] == result["second"]["lastmod"] == ["2023-11-14"]
    assert result["created"].startswith("D:20231114221320")
    assert result["environ"] == "1700000000"  # the user's own, left as it was


def test_standards_newsletter_reads_the_users_date_and_otherwise_the_data(make_project, monkeypatch):
    root = _project(make_project)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert run_standards("newsletter", "2022-23", "-o", "plain.pdf", cwd=root).exit_code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run_standards("newsletter", "2022-23", "-o", "fixed.pdf", cwd=root).exit_code == 0
    dates = {}
    for name in ("plain.pdf", "fixed.pdf"):
        with pikepdf.open(root / name) as pdf:
            dates[name] = str(pdf.docinfo["/CreationDate"])
    assert dates["plain.pdf"].startswith("D:20230331000000")
    assert dates["fixed.pdf"].startswith("D:20231114221320")


# a build that stops after the page writer forked: an error, or Ctrl-C (which MkDocs's
# on_build_error never sees); then the children of this process, from /proc
STOPPED = textwrap.dedent("""
    import json, os, sys
    from pathlib import Path
    from mkdocs.__main__ import cli as mkdocs
    from generator.site import background

    root = Path(sys.argv[1])
    os.chdir(root)
    forked = []
    Stream = background.Stream
    class Watched(Stream):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            forked.append(self.in_background)
    background.Stream = Watched
    try:
        mkdocs(["build", "-q", "-f", "mkdocs.yml", "-d", "site"], standalone_mode=False)
    except BaseException as exc:
        stopped = type(exc).__name__
    else:
        stopped = None

    def children():
        found = []
        for entry in os.listdir("/proc"):
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            if entry.isdigit() and int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid():
                found.append(stat[:60])
        return found

    print(json.dumps({"stopped": stopped, "forked": forked, "children": children()}))
""")


@pytest.mark.parametrize("stop, raised", [
    ("raise KeyboardInterrupt", "Abort"),  # click's name for Ctrl-C, outside MkDocs's build
    ("raise RuntimeError('a plugin after ours failed')", "RuntimeError"),
])
def test_a_stopped_build_leaves_no_page_writer(make_project, stop, raised):
    root = _project(make_project)
    (root / "stop.py").write_text(f"def on_nav(nav, config, files):\n    {stop}\n")
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text() + "hooks:\n  - stop.py\n")
    result = _python(STOPPED, str(root))
    assert result["stopped"] == raised
    assert result["forked"] == [True]  # the writer was a child process when the build stopped
    assert result["children"] == []


# a writer still at work when its process ends: at a normal exit, and when it is killed outright
WORKING = textwrap.dedent("""
    import os, signal, sys, time
    from generator.site import background

    def slow():
        yield "first", os.getpid()
        time.sleep(60)  # a long page: the writer is busy when the build ends
        yield "second", 2

    stream = background.Stream(slow)
    print(stream.get("first"), flush=True)
    if sys.argv[1] == "killed":
        os.kill(os.getpid(), signal.SIGKILL)
    sys.exit(0)
""")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except OSError:
        return False


@pytest.mark.parametrize("how", ["exits", "killed"])
def test_the_page_writer_ends_with_its_process(how):
    run = subprocess.run([sys.executable, "-c", WORKING, how], capture_output=True, text=True, cwd=ROOT, timeout=30)
    pid = int(run.stdout.split()[0])
    assert pid != os.getpid() and run.returncode != 0 if how == "killed" else run.returncode == 0
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid)
