"""Where the tool may write: never over the project's own files.

One rule for every way of writing: `standards build` (its `-d` or mkdocs.yml's `site_dir`), the
plugin under a plain `mkdocs build` or `mkdocs serve`, and `standards newsletter -o`.  A build
empties its folder first, so a site folder that is, holds or lies inside the project's own
files would delete them.  Paths are compared after following links, so a link that points into
the project is caught too.

It also turns the operating system's reasons for a failed write into plain words.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

from generator.problems import Location, Problems
from generator.source.cache import CACHE_FOLDER
from generator.source.files import read_config

DATA_FOLDERS = ("standards", "performance", "actions")
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


@dataclass(frozen=True)
class Guarded:
    """One of the project's own files or folders, and what it is called in a message."""

    path: Path
    what: str


def _real(path: Path) -> Path:
    """The path with every link followed (also for a path that does not exist yet)."""
    return Path(os.path.realpath(os.path.abspath(path)))


def guarded(root: Path, config: Path | None = None, docs_dir: Path | None = None,
            others: tuple[Path, ...] = ()) -> list[Guarded]:
    """The project's own files and folders: never written over, deleted or hidden."""
    items = [Guarded(root / name, f"your data folder {name}/") for name in DATA_FOLDERS]
    items.append(Guarded(docs_dir if docs_dir is not None else root / "docs", f"the folder of your own pages ({(docs_dir or root / 'docs').name}/)"))
    items += [Guarded(root / name, f"the settings file {name}") for name in CONFIG_NAMES]
    if config is not None:
        items.append(Guarded(config, f"the settings file {config.name}"))
    items.append(Guarded(root / ".git", "the project's history (.git/)"))
    items.append(Guarded(root / CACHE_FOLDER, "the tool's cache (.standards-cache/)"))
    items += [Guarded(path, f"your folder {path.name}/") for path in others]
    return items


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def site_refusal(target: Path, root: Path, config: Path | None = None, docs_dir: Path | None = None,
                 others: tuple[Path, ...] = ()) -> str | None:
    """Why ``target`` cannot be the site folder, in plain words; None when it can.

    Refused: the project folder or a folder that holds it, and any folder that is, holds or
    lies inside the data folders, the hand-written pages, mkdocs.yml, .git or the cache.
    Allowed: a folder of its own inside the project (site/) or anywhere else."""
    site, project = _real(target), _real(root)
    if site == project:
        return "that is the project folder itself, which holds mkdocs.yml, your data and your pages"
    if _inside(project, site):
        return "that folder holds the project folder, with mkdocs.yml, your data and your pages"
    for item in guarded(root, config, docs_dir, others):
        own = _real(item.path)
        if site == own:
            return f"that is {item.what}"
        if _inside(own, site):
            return f"that folder holds {item.what}"
        if _inside(site, own):
            return f"that is inside {item.what}"
    if os.path.lexists(site) and not site.is_dir():
        return "that is a file, not a folder"
    return None


def file_refusal(target: Path, root: Path, config: Path | None = None, docs_dir: Path | None = None,
                 others: tuple[Path, ...] = ()) -> str | None:
    """Why a newsletter cannot be written at ``target``; None when it can.

    Refused: anything inside the data folders, the hand-written pages, .git or the cache, the
    settings file, and anything that is not an ordinary file (a device such as /dev/null, a
    folder, a pipe): it would be replaced by an ordinary file."""
    path = _real(target)
    if _inside(_real(root), path):
        return "that folder holds the project folder"
    for item in guarded(root, config, docs_dir, others):
        own = _real(item.path)
        if path == own:
            return f"that is {item.what}"
        if _inside(path, own):
            return f"that is inside {item.what}"
    if os.path.lexists(path) and not path.is_file():
        return "that is not an ordinary file (a folder, a device such as /dev/null, or a pipe)"
    return None


@dataclass(frozen=True)
class SiteChoice:
    """Where a build goes, and where that was said (None: on the command line)."""

    path: Path
    written: str  # as the user wrote it
    location: Location | None
    docs_dir: Path


def site_choice(config_path: Path, given: str | None) -> SiteChoice:
    """The site folder: -d, else `site_dir` in mkdocs.yml, else site/ beside it; and docs_dir."""
    root = config_path.parent
    config = read_config(config_path, root, Problems())

    def setting(key: str) -> tuple[str, Location] | None:
        node = config.get(key) if config is not None and config.kind == "mapping" else None
        if node is None or node.kind != "scalar" or node.is_null or not node.text.strip():
            return None
        return node.text.strip(), node.location

    docs = setting("docs_dir")
    docs_dir = Path(os.path.abspath(root / (docs[0] if docs else "docs")))
    if given:
        return SiteChoice(Path(os.path.abspath(given)), given, None, docs_dir)
    site = setting("site_dir")
    if site is None:
        return SiteChoice(root / "site", "site", None, docs_dir)
    return SiteChoice(Path(os.path.abspath(root / site[0])), site[0], site[1], docs_dir)


# -- failed writes, in plain words --------------------------------------------------------------

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.EACCES: "you do not have permission to write there",
    errno.EPERM: "the operating system does not allow writing there (the folder or file may be locked)",
    errno.EROFS: "that disk is read-only",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.EEXIST: "something else is already there",
    errno.EISDIR: "that is a folder, not a file",
    errno.ENAMETOOLONG: "the path is too long",
    errno.EIO: "the disk reported an error",
}


class WriteFailed(Exception):
    """A file or folder the tool had to write could not be written; the message says why."""

    def __init__(self, path: Path, reason: str, hint: str = "", in_folder: bool = False):
        super().__init__(f"{path}: {reason}")
        self.path = path  # the file, or the folder nothing could be made in (in_folder)
        self.reason = reason
        self.in_folder = in_folder
        self.hint = hint or ("Check that you can write in that folder, or write somewhere else, "
                             "then run the command again.")

    def __reduce__(self):  # raised in a worker process, sent back whole
        return (WriteFailed, (self.path, self.reason, self.hint, self.in_folder))


def reason(exc: OSError) -> str:
    """Why a write failed, for people: 'the disk is full', not 'Errno 28'."""
    known = _REASONS.get(exc.errno or 0)
    return known if known else (exc.strerror or str(exc)).rstrip(".").lower()


def failed(exc: OSError, path: Path | None = None) -> WriteFailed:
    """A WriteFailed for ``exc``: at the file it names, else at ``path``.  When something could
    not be made in a folder (no permission, a read-only disk), it names that folder."""
    where = Path(exc.filename) if isinstance(exc.filename, str) else (path or Path("."))
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):
        # a file where a folder is needed: name that file, not the path below it
        for candidate in (where, *where.parents):
            if candidate.is_file():
                return WriteFailed(candidate, "that is a file, where a folder is needed",
                                   "Rename or move that file, or write somewhere else, then run the command again.")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):  # the disk matters, not the file: name its folder
        folder = (path or where).parent
        return WriteFailed(folder, reason(exc), "Free some space on that disk, or write somewhere else, "
                                                "then run the command again.", in_folder=True)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) and not os.path.lexists(where):
        return WriteFailed(where.parent, reason(exc), in_folder=True)  # it could not be made there
    return WriteFailed(where, reason(exc))
