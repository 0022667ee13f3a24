"""The tool's cache folder (.standards-cache/ beside mkdocs.yml): JSON documents kept between runs.

The cache is never data: losing it costs time, never a result.  So every failure here is silent
(a read-only project, a full disk, a damaged or foreign file: no cache, never an error), every
file is written whole under a name of its own and then moved into place (two commands at once
never see half a file), and nothing is ever written outside the cache folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

CACHE_FOLDER = ".standards-cache"  # the one name; output/paths.py guards it, the CI templates keep it


def cache_path(root: Path, *parts: str) -> Path:
    """A path inside the project's cache folder."""
    return root.joinpath(CACHE_FOLDER, *parts)


def read_json(path: Path) -> object | None:
    """The JSON document at ``path``; None when it is missing, unreadable or not JSON."""
    try:
        with open(path, "rb") as handle:
            return json.loads(handle.read())
    except (OSError, ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None


def write_json(root: Path, path: Path, document: object) -> bool:
    """Write ``document`` at ``path`` (inside root's cache folder) atomically; False when it could not be."""
    folder = cache_path(root)
    real_folder = os.path.realpath(folder)
    if os.path.commonpath([real_folder, os.path.realpath(path)]) != real_folder:
        return False  # a link in the cache pointing elsewhere: never write outside the cache
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    if os.path.islink(folder):
        return False  # the cache folder linked elsewhere (perhaps into the data): never written through
    try:
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        path.parent.mkdir(parents=True, exist_ok=True)
        # 0o666 less the umask, as any file the user makes; O_EXCL: a name no one else is writing
        with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666), "wb") as handle:
            handle.write(text)
        os.replace(temporary, path)
        return True
    except (OSError, ValueError, TypeError):
        try:
            os.unlink(temporary)
        except OSError:
            pass
        return False
