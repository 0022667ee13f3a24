"""Builds that are killed, stopped, run twice at once, or cannot write: real `standards build`
processes and real signals, then a look at the processes left running and the folder.

A small project (one area, one period), so a build takes a second or two; its data is changed
before a build that is to be interrupted while the newsletters are laid out, so they must be
made again.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import threading
import time
from pathlib import Path

import pikepdf
import pytest

from generator.newsletter.files import write

from .conftest import AREA, chattr_works, needs, tree_digest

CONFIG = "site_name: Test Homes\nplugins:\n  - standards:\n      organisation: Test Homes\n"
PERIOD = "period: 2021-22\nresults:\n  repairs-on-time: {value}\n"
LINUX = sys.platform.startswith("linux")


def make_project(folder: Path) -> Path:
    for name, text in {"mkdocs.yml": CONFIG, "standards/repairs.yaml": AREA, "docs/contact.md": "# Contact\n",
                       "performance/2021-22.yaml": PERIOD.format(value=91)}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


def standards(root: Path, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def build(root: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "generator", "build", *args], cwd=root, capture_output=True,
                          text=True, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def processes_in(root: Path) -> dict[int, str]:
    """Every process working in ``root`` (its current folder), but this one: pid -> command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if Path(os.readlink(entry / "cwd")) == root.resolve():
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # ended meanwhile, or not ours to look at
    return found


def wait_for(condition, timeout: float = 60.0, step: float = 0.01) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(step)
    return False


def leftovers(root: Path) -> list[str]:
    """Temporary files and folders of builds and writes, anywhere in or beside the project."""
    places = [*root.parent.glob(".site.*"), *root.glob(".site.*"), *root.rglob("*.part")]
    return sorted(str(p.relative_to(root.parent)) for p in places)


def parent_of(pid: int) -> int | None:
    try:  # the field after the command's name, which is in brackets and may hold spaces
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def workers(root: Path, main: int) -> list[int]:
    """The newsletter workers: forked (same command line) from the MkDocs process that ``main``
    started, since the plugin makes the newsletters after MkDocs has written the pages."""
    everyone = processes_in(root)
    builders = [pid for pid, line in everyone.items() if parent_of(pid) == main and " -m mkdocs " in line]
    return [pid for pid, line in everyone.items()
            for builder in builders if parent_of(pid) == builder and line == everyone[builder]]


def pages_written(root: Path) -> bool:
    """Every page of the new site is in the work folder: MkDocs is past its page writer."""
    return any(all((work / page).is_file() for page in ("index.html", "periods/2021-22/index.html",
                                                         "words-we-use/index.html", "contact/index.html"))
               for work in root.glob(".site.building-*"))


MOMENTS = {
    # MkDocs is building the pages into .site.building-*
    "mkdocs": lambda root, main: any("mkdocs" in line for line in processes_in(root).values())
    and bool(list(root.glob(".site.building-*"))),
    # the pages are written and the newsletter workers (forked from MkDocs) are laying out PDFs
    "newsletters": lambda root, main: pages_written(root) and len(workers(root, main)) >= 1,
}


@pytest.mark.parametrize("moment", list(MOMENTS))
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_killed_build_leaves_the_site_no_processes_and_nothing_the_next_build_keeps(project, moment, signum):
    needs(LINUX, "Linux's /proc")
    assert build(project).returncode == 0
    before = tree_digest(project / "site")
    (project / "performance/2021-22.yaml").write_text(PERIOD.format(value=87), encoding="utf-8")
    main = standards(project, "build")
    try:
        assert wait_for(lambda: MOMENTS[moment](project, main.pid) or main.poll() is not None)
        assert main.poll() is None, "the build ended before the moment came"
        main.send_signal(signum)
        out, err = main.communicate(timeout=60)
    finally:
        if main.poll() is None:
            main.kill()
    if signum == signal.SIGTERM:
        assert main.returncode == 130, err
        assert "Stopped before the end. Nothing was changed in site." in err
        assert "Traceback" not in err
        assert leftovers(project) == []  # a stopped build tidies up on the way out
    # nothing it started runs on: MkDocs, its page writer and the newsletter workers die with it
    assert wait_for(lambda: not processes_in(project), timeout=10), processes_in(project)
    assert tree_digest(project / "site") == before, "the previous site was changed"
    # the next build clears up what a killed one left, and publishes the new figures
    again = build(project)
    assert again.returncode == 0, again.stderr
    assert leftovers(project) == []
    assert "87%" in (project / "site/newsletters/2021-22-text.txt").read_text(encoding="utf-8")


def test_a_site_moved_aside_by_a_killed_build_is_put_back(project):
    """A build killed between moving the old site aside and moving the new one in (where the
    two cannot be exchanged in one step) leaves no site/: the next build puts it back first,
    so even a failing build leaves the previous site in place."""
    assert build(project).returncode == 0
    before = tree_digest(project / "site")
    (project / "site").rename(project / ".site.old-0123456789ab")
    (project / "performance/2021-22.yaml").write_text(PERIOD.format(value="91%"), encoding="utf-8")
    failed = build(project)
    assert failed.returncode == 1
    assert tree_digest(project / "site") == before
    assert leftovers(project) == []


def test_the_site_is_never_missing_while_a_build_replaces_it(project):
    assert build(project).returncode == 0
    missing = []
    done = threading.Event()

    def look() -> None:
        while not done.is_set():
            if not (project / "site" / "index.html").is_file():
                missing.append(time.monotonic())

    watcher = threading.Thread(target=look)
    watcher.start()
    try:
        for value in (80, 81, 82):
            (project / "performance/2021-22.yaml").write_text(PERIOD.format(value=value), encoding="utf-8")
            assert build(project).returncode == 0
    finally:
        done.set()
        watcher.join()
    assert not missing, f"site/index.html was missing {len(missing)} times"


# -- two at once ------------------------------------------------------------------------------------


def _complete(site: Path) -> None:
    """Every file of the site whole: PDFs that open, pages that end, text that ends with a newline."""
    names = sorted(p.name for p in (site / "newsletters").iterdir())
    assert names == ["2021-22-insert.pdf", "2021-22-large-print.pdf", "2021-22-print.pdf", "2021-22-screen.pdf",
                     "2021-22-text.txt", "2021-22.html"]
    for path in (site / "newsletters").iterdir():
        data = path.read_bytes()
        if path.suffix == ".pdf":
            assert data.rstrip().endswith(b"%%EOF"), path
            with pikepdf.open(path) as pdf:
                assert len(pdf.pages) >= 1
        elif path.suffix == ".html":
            assert data.rstrip().endswith(b"</html>"), path
        else:
            assert data.endswith(b"\n") and b"We complete repairs on time" in data, path
    assert b"</html>" in (site / "index.html").read_bytes()[-200:]  # MkDocs adds a comment after it


def test_two_builds_at_once_both_succeed_with_every_file_whole(project):
    assert build(project).returncode == 0
    waited = 0
    for round_number in range(50):
        if round_number % 10 == 0:  # new figures now and then: the newsletters are made again
            (project / "performance/2021-22.yaml").write_text(PERIOD.format(value=80 + round_number // 10),
                                                              encoding="utf-8")
        both = [standards(project, "build"), standards(project, "build")]
        results = [(p.wait(timeout=300), *p.communicate()) for p in both]
        for code, out, err in results:
            assert code == 0, err
            assert "Traceback" not in err and "Sorry" not in err
        waited += sum("Another build of this project is running: waiting for it to finish." in err
                      for _, _, err in results)
        _complete(project / "site")
        assert leftovers(project) == []
    assert waited, "the two builds never overlapped"


def test_two_writers_of_one_file_never_collide_and_readers_see_whole_files(tmp_path):
    """write(): each writer has a temporary file of its own, moved into place in one step."""
    target = tmp_path / "page-counts.json"
    contents = [bytes([65 + i]) * (200_000 + i) for i in range(2)]
    code = ("import sys; from pathlib import Path; from generator.newsletter.files import write\n"
            "data = bytes([65 + int(sys.argv[2])]) * (200_000 + int(sys.argv[2]))\n"
            "for _ in range(300): write(Path(sys.argv[1]), data)\n")
    write(target, contents[0])
    writers = [subprocess.Popen([sys.executable, "-c", code, str(target), str(i)], stderr=subprocess.PIPE)
               for i in range(2)]
    seen = set()
    while any(w.poll() is None for w in writers):
        seen.add(target.read_bytes())
    errors = [w.communicate()[1].decode() for w in writers]
    assert [w.returncode for w in writers] == [0, 0], errors
    assert seen <= set(contents), "a reader saw a file half written"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page-counts.json"]


# -- cannot write ---------------------------------------------------------------------------------


def _nobody_python() -> tuple[list[str], dict[str, str]] | None:
    """A command prefix (and its environment) that runs this Python with our packages as the
    user nobody, so that permissions count; None when there is no way here."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return None
    prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    # this interpreter, else (when it lives in a folder nobody cannot enter) the system's of
    # the same version, given our packages
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    paths = os.pathsep.join([sysconfig.get_paths()["purelib"], str(Path(__file__).resolve().parent.parent)])
    candidates = [(sys.executable, {})] + [(f"{folder}/{version}", {"PYTHONPATH": paths})
                                           for folder in ("/usr/bin", "/usr/local/bin")]
    for python, extra in candidates:
        env = dict(os.environ, **extra)
        probe = [*prefix, python, "-c", "import subprocess, sys, generator, mkdocs, weasyprint; "
                 "subprocess.check_call([sys.executable, '-c', 'import mkdocs'])"]
        if python and subprocess.run(probe, capture_output=True, env=env, cwd="/tmp").returncode == 0:
            return [*prefix, python], env
    return None


NOBODY = _nobody_python()


@pytest.fixture
def open_folder():
    """A folder every user can reach (pytest's own is private to root)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="standards-test-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    subprocess.run(["chattr", "-R", "-i", str(folder)], capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)


def _as_nobody(root: Path, *args: str) -> subprocess.CompletedProcess:
    assert NOBODY is not None
    prefix, env = NOBODY
    return subprocess.run([*prefix, "-m", "generator", *args], cwd=root, capture_output=True, text=True,
                          timeout=300, env=dict(env, HOME=str(root)))


def test_an_unwritable_project_folder_is_a_clear_error_naming_it(open_folder):
    needs(NOBODY is not None, "root and setpriv, to run as another user")
    root = make_project(open_folder / "project")
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)  # readable by all, writable by root only
    for command in (["build"], ["newsletter", "2021-22", "--edition", "text"]):
        done = _as_nobody(root, *command)
        assert done.returncode == 1, done.stderr
        assert f"error: Could not write in the folder {root}: you do not have permission to write there." \
               in done.stderr, done.stderr
        assert "Traceback" not in done.stderr and "Sorry" not in done.stderr


def test_a_read_only_site_is_replaced_whole(open_folder):
    needs(NOBODY is not None, "root and setpriv, to run as another user")
    """The previous site had a folder that cannot be written in (its owner made it read-only):
    it is still removed, and nothing is left beside the new site."""
    root = make_project(open_folder / "project")
    subprocess.run(["chown", "-R", "nobody:nogroup", str(root)], check=True)
    assert _as_nobody(root, "build").returncode == 0
    (root / "site" / "newsletters").chmod(0o555)
    (root / "site").chmod(0o555)
    (root / "performance/2021-22.yaml").write_text(PERIOD.format(value=70), encoding="utf-8")
    done = _as_nobody(root, "build")
    assert done.returncode == 0, done.stderr
    assert leftovers(root) == []
    assert "70%" in (root / "site/newsletters/2021-22-text.txt").read_text(encoding="utf-8")


def test_a_locked_project_folder_and_a_file_in_the_way_are_clear_errors(open_folder):
    root = make_project(open_folder / "project")
    (root / "notes.txt").write_text("the landlord's notes\n", encoding="utf-8")
    done = build(root, "-d", "notes.txt/site")
    assert done.returncode == 1
    assert "notes.txt:1:1: error: Could not write notes.txt: that is a file, where a folder is needed." in done.stderr
    assert (root / "notes.txt").read_text(encoding="utf-8") == "the landlord's notes\n"
    if os.geteuid() != 0 or not chattr_works(open_folder):
        needs(False, "root and a file system with chattr +i")
    subprocess.run(["chattr", "+i", str(root)], check=True)  # even root cannot write in it now
    try:
        done = build(root)
    finally:
        subprocess.run(["chattr", "-i", str(root)], check=True)
    assert done.returncode == 1
    assert f"error: Could not write in the folder {root}: the operating system does not allow writing there" \
           in done.stderr


def test_a_site_that_cannot_be_fully_removed_is_said(open_folder):
    """A file of the previous site that even root cannot delete (chattr +i): the new site is in
    place, the rest of the old one is named for removal by hand, and the next build tries again."""
    if os.geteuid() != 0 or not chattr_works(open_folder):
        needs(False, "root and a file system with chattr +i")
    root = make_project(open_folder / "project")
    assert build(root).returncode == 0
    stuck = root / "site" / "index.html"
    subprocess.run(["chattr", "+i", str(stuck)], check=True)
    try:
        done = build(root)
        assert done.returncode == 0, done.stderr
        assert "Note: The previous site could not be removed fully from" in done.stderr
        assert len(leftovers(root)) == 1 and (root / "site" / "index.html").is_file()
    finally:
        subprocess.run(["chattr", "-R", "-i", str(root)], check=True)
    assert build(root).returncode == 0
    assert leftovers(root) == []


# -- a full disk -----------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 200 kB file system of its own (tmpfs): filled up in a moment."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        needs(False, f"a small file system mounted for the test ({mounted.stderr.decode().strip()})")
    yield disk
    subprocess.run(["umount", str(disk)], check=True)


def _fill(disk: Path) -> None:
    filler = open(disk / "filler", "wb", buffering=0)
    try:
        while True:
            filler.write(b"\0" * 4096)
    except OSError:
        pass
    finally:
        filler.close()


def test_a_full_disk_under_the_newsletters_is_said_and_leaves_no_part_file(project, small_disk):
    _fill(small_disk)
    done = subprocess.run([sys.executable, "-m", "generator", "newsletter", "2021-22", "-o",
                           str(small_disk / "summer.pdf")], cwd=project, capture_output=True, text=True)
    assert done.returncode == 1
    assert f"error: Could not write in the folder {small_disk}: the disk is full." in done.stderr
    assert "Free some space on that disk" in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]  # no .part left behind


def test_a_full_disk_under_the_cache_is_said_and_leaves_no_part_file(small_disk, tmp_path):
    root = make_project(small_disk / "project")
    _fill(small_disk)
    done = build(root, "-d", str(tmp_path / "site"))
    assert done.returncode == 1
    assert "the disk is full." in done.stderr and "Sorry" not in done.stderr
    assert not list(small_disk.rglob("*.part")) and not (tmp_path / "site").exists()


def test_a_full_disk_under_the_site_is_said(project, small_disk):
    done = build(project, "-d", str(small_disk / "site"))
    assert done.returncode == 1
    assert "the disk is full." in done.stderr
    assert "Nothing was changed in" in done.stderr
    assert [p.name for p in small_disk.iterdir()] == []
