"""Where templates and assets come from: the landlord's folder first, then ours.

Ours are package data, ``generator/templates/``, in a checkout and in an installed wheel alike;
a landlord's own folder (the ``templates`` setting) is searched first.
"""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator.problems import DataError
from generator.source.files import ours
from generator.validate.templates import UnsafeTemplate, syntax_problems, template_problem  # noqa: F401


class _LocatedTemplate(jinja2.Template):
    """A template whose sandbox violations say the template file and line."""

    def render(self, *args, **kwargs) -> str:
        try:
            return super().render(*args, **kwargs)
        except UnsafeTemplate:
            raise
        except SecurityError as exc:
            filename, lineno = _template_frame(exc.__traceback__, self.filename)
            raise UnsafeTemplate(
                f"it reaches into the workings of the tool, which a template may not do "
                f"(Jinja's sandbox says: {str(exc.message or exc).rstrip('.')})", lineno, self.name, filename) from None


def _template_frame(tb, fallback: str | None) -> tuple[str | None, int]:
    """The innermost template line in a traceback (Jinja writes template frames under the template's file)."""
    found: tuple[str | None, int] = (fallback, 1)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".j2", ".html", ".md", ".css")) and Path(name).is_file():
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def environment(landlord_dir: Path | None = None) -> jinja2.Environment:
    """Jinja for pages and newsletters: a landlord's template of the same name wins.

    With a landlord's folder the environment is sandboxed: a landlord's template may show the
    data but not reach Python's internals (``cycler.__init__.__globals__`` and the like) or
    change what it is given.  Ours run in the same sandbox then, as they are loaded together."""
    folders = ([str(landlord_dir)] if landlord_dir else []) + [str(ours())]
    kind = ImmutableSandboxedEnvironment if landlord_dir else jinja2.Environment
    env = kind(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # compiled templates kept between builds (checked against each template's source):
        # compiling is a third of a typical build's share.  The sandbox compiles a template
        # differently (every call checked), so its compiled templates are kept apart
        bytecode_cache=bytecode_cache(sandboxed=landlord_dir is not None),
    )
    env.template_class = _LocatedTemplate
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
def bytecode_cache(sandboxed: bool = False) -> jinja2.BytecodeCache | None:
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
    return _QuietCache(str(folder), "__jinja2_sandboxed_%s.cache" if sandboxed else "__jinja2_%s.cache")


def _private(folder: Path) -> bool:
    """A real folder (not a link), owned by this user, that no one else can read or write."""
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        return False
    if stat.S_IMODE(info.st_mode) & (stat.S_IRWXG | stat.S_IRWXO):
        os.chmod(folder, stat.S_IRWXU)  # ours, but made with a looser umask: close it
    return True


# -- a template that cannot be used: where, and why, in words -------------------------------


def render(env: jinja2.Environment, name: str, root: Path | None, **context) -> str:
    """Template ``name`` rendered; any failure in it becomes a located problem (a DataError),
    not a traceback through the site engine."""
    try:
        return env.get_template(name).render(**context)
    except Exception as exc:  # noqa: BLE001 - a landlord's template can fail in any way: say where
        raise DataError([template_problem(exc, env, name, root)]) from None
