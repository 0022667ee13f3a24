"""Putting a build in place: atomically, with dates from the data.

A build is written into a fresh folder beside the target and moved into
place only when everything succeeded, so a build that fails half way leaves
the previous site untouched.  The two are exchanged in one step where the
system can (Linux's renameat2), so there is always a site; elsewhere the old
one is moved aside first, and a build killed between the two moves has it
put back by the next build, which also removes what killed builds left.
One build of a project runs at a time: a lock in its cache folder.  Dates in the output (the sitemap's lastmod,
gzip timestamps, PDF metadata) come from the data, or SOURCE_DATE_EPOCH when
it is set, so two builds of the same data are identical byte for byte.
"""

from __future__ import annotations

import calendar
import contextlib
import ctypes
import datetime as dt
import fcntl
import os
import shutil
import stat
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Callable, Iterator, Mapping

from generator.model import Project
from generator.output.paths import CACHE_FOLDER, failed

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


def environment_epoch(environ: Mapping[str, str] = os.environ) -> int | None:
    """SOURCE_DATE_EPOCH when the user set it.  Read once, where a command or a build starts, and
    passed down: nothing here sets it, so one build never leaves its date to the next."""
    value = environ.get(SOURCE_DATE_EPOCH, "").strip()
    return int(value) if value.isdigit() else None


def source_date(project: Project, epoch: int | None = None) -> dt.date:
    """The date a build speaks for: ``epoch`` (SOURCE_DATE_EPOCH) when given, else the latest
    `published` (or period end) of what is shown."""
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date()
    dates = [p.date for p in project.periods]
    return max(dates) if dates else dt.date(2000, 1, 1)


def source_date_epoch(project: Project, epoch: int | None = None) -> int:
    """The same date as seconds since 1970 (midnight UTC): what gzip timestamps are."""
    return calendar.timegm(source_date(project, epoch).timetuple())


LOCK = "build.lock"


@contextlib.contextmanager
def project_lock(root: Path, waiting: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold the project's build lock (``waiting`` is called first when another build has it).

    flock is let go by the system when its holder dies, so a killed build never blocks the next."""
    folder = root / CACHE_FOLDER
    try:
        folder.mkdir(exist_ok=True)
        handle = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise failed(exc, folder) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # lets go of the lock


@contextlib.contextmanager
def atomic_directory(target: Path, notes: list[str] | None = None) -> Iterator[Path]:
    """Yield an empty folder beside ``target``; on success it replaces ``target``, on failure
    it is removed and ``target`` is left as it was.  Run it holding the project's lock: it
    clears up after killed builds first.  What could not be removed is said in ``notes``."""
    notes = notes if notes is not None else []
    target = Path(os.path.realpath(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        recover(target, notes)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    except OSError as exc:
        raise failed(exc, target.parent) from None
    try:
        yield work
    except BaseException:
        remove_tree(work)
        raise
    try:
        _swap(work, target, notes)
    except OSError as exc:
        remove_tree(work)
        raise failed(exc, target) from None


def leftovers(target: Path) -> list[Path]:
    """What builds of ``target`` that were killed left beside it, oldest first."""
    found = [*target.parent.glob(f".{target.name}.building-*"), *target.parent.glob(f".{target.name}.old-*")]
    return sorted((p for p in found if p.is_dir() and not p.is_symlink()), key=lambda p: p.stat().st_mtime_ns)


def recover(target: Path, notes: list[str]) -> None:
    """After a killed build: a site moved aside but not replaced goes back; the rest is removed."""
    found = leftovers(target)
    moved = [p for p in found if ".old-" in p.name]
    if moved and not os.path.lexists(target):
        os.rename(moved[-1], target)
        found.remove(moved[-1])
    for path in found:
        if not remove_tree(path):
            notes.append(f"{path} is left from an earlier build and could not be removed: remove it by hand.")


def _swap(work: Path, target: Path, notes: list[str]) -> None:
    work.chmod(0o755)
    if not os.path.lexists(target):
        os.rename(work, target)
        return
    if _exchange(work, target):
        old = work  # holds the previous site now
    else:
        old = target.parent / f".{target.name}.old-{uuid.uuid4().hex[:12]}"
        os.rename(target, old)
        try:
            os.rename(work, target)
        except BaseException:
            os.rename(old, target)
            raise
    if not remove_tree(old):
        notes.append(f"The previous site could not be removed fully from {old}: remove it by hand.")


_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_cwd = -100
    done = renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), _RENAME_EXCHANGE)
    return done == 0  # ENOSYS, EINVAL (a file system without it): the two renames instead


def remove_tree(path: Path) -> bool:
    """Remove a folder, also one made read-only (its folders are made writable first)."""

    def writable_then_retry(function, name, _):
        parent = os.path.dirname(name)
        for folder in (parent, name):
            with contextlib.suppress(OSError):
                os.chmod(folder, os.stat(folder).st_mode | stat.S_IWUSR | stat.S_IXUSR | stat.S_IRUSR)
        with contextlib.suppress(OSError):
            function(name)

    if not os.path.lexists(path):
        return True
    shutil.rmtree(path, onerror=writable_then_retry)
    return not os.path.lexists(path)
