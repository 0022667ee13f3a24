"""Where templates and assets come from: the landlord's folder first, then ours.

``site_templates/`` sits beside the package in a checkout, and inside it
(``generator/site_templates``) in an installed wheel.
"""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path

import jinja2

PACKAGE = Path(__file__).resolve().parent


def ours() -> Path:
    """The tool's own site_templates folder."""
    for candidate in (PACKAGE.parent / "site_templates", PACKAGE / "site_templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("site_templates is missing from this installation")


def environment(landlord_dir: Path | None = None) -> jinja2.Environment:
    """Jinja for pages and newsletters: a landlord's template of the same name wins."""
    folders = ([str(landlord_dir)] if landlord_dir else []) + [str(ours())]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # compiled templates kept between builds (checked against each template's source):
        # compiling is a third of a typical build's share
        bytecode_cache=bytecode_cache(),
    )
    return env


def asset_files() -> list[tuple[Path, str]]:
    """(absolute path, path under assets/standards/) for every static asset."""
    root = ours() / "assets"
    return sorted((p, p.relative_to(root).as_posix()) for p in root.rglob("*") if p.is_file())


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, where a folder that cannot be read or written (full disk,
    permissions) only means compiling again: a cache never fails a build."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


@functools.cache
def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Our own cache folder for compiled templates, or None (compile each time) when it cannot be used.

    Not Jinja's default (``/tmp/_jinja2-cache-<uid>``): on a shared machine another user can make
    that first, and then Jinja refuses to start.  Ours is in the user's cache folder, made private
    (mode 0700) and checked to belong to this user: code compiled by someone else is never run."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "housing-standards" / "jinja"
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=stat.S_IRWXU, exist_ok=True)
        if not _private(folder):
            return None
    except OSError:
        return None
    return _QuietCache(str(folder))


def _private(folder: Path) -> bool:
    """A real folder (not a link), owned by this user, that no one else can read or write."""
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        return False
    if stat.S_IMODE(info.st_mode) & (stat.S_IRWXG | stat.S_IRWXO):
        os.chmod(folder, stat.S_IRWXU)  # ours, but made with a looser umask: close it
    return True

