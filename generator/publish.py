"""Putting a build in place: atomically, with dates from the data.

A build is written into a fresh folder beside the target and moved into
place only when everything succeeded, so a build that fails half way leaves
the previous site untouched.  Dates in the output (the sitemap's lastmod,
gzip timestamps, PDF metadata) come from the data, or SOURCE_DATE_EPOCH when
it is set, so two builds of the same data are identical byte for byte.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

from .model import Project

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


def source_date(project: Project) -> dt.date:
    """The date a build speaks for: the latest `published` (or period end) of what is shown."""
    if os.environ.get(SOURCE_DATE_EPOCH, "").isdigit():
        return dt.datetime.fromtimestamp(int(os.environ[SOURCE_DATE_EPOCH]), dt.timezone.utc).date()
    dates = [p.date for p in project.periods]
    return max(dates) if dates else dt.date(2000, 1, 1)


def source_date_epoch(project: Project) -> int:
    """SOURCE_DATE_EPOCH for tools that honour it (MkDocs' sitemap and gzip): midnight UTC."""
    return calendar.timegm(source_date(project).timetuple())


@contextlib.contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """Yield an empty folder beside ``target``; on success it replaces ``target``, on failure
    it is removed and ``target`` is left as it was."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        yield work
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    work.chmod(0o755)
    work.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
