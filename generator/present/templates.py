"""Where templates and assets come from: the landlord's folder first, then ours.

Ours are package data, ``generator/templates/``, in a checkout and in an installed wheel alike;
a landlord's own folder (the ``templates`` setting) is searched first.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator.problems import DataError, Location, Problem, Problems

PACKAGE = Path(__file__).resolve().parent.parent


def ours() -> Path:
    """The tool's own templates folder (package data)."""
    return PACKAGE / "templates"


class UnsafeTemplate(jinja2.TemplateSyntaxError, SecurityError):
    """A landlord's template reached for something the sandbox does not allow (Python's
    internals, a method that changes data): where, as a syntax error says where."""


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


def template_problem(exc: BaseException, env: jinja2.Environment, name: str, root: Path | None) -> Problem:
    """The problem for a template that failed: the template file and line, what went wrong, a fix."""
    file, line = _where(exc, env)
    shown = _shown(file, root) if file else name
    ours_ = file is not None and _inside(Path(file), ours())
    code = "config-template"
    if isinstance(exc, UnsafeTemplate):  # the sandbox said no: nothing it asked for ran
        code, what = "template-unsafe", exc.message or "it reaches into the workings of the tool"
        hint = "Use only the data the tool gives the template; compare it with the tool's own template of the same name."
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        what = f"its Jinja code has a mistake: {exc.message}"
        hint = "Check the {{ }} and {% %} tags on that line: each one opened must be closed."
    elif isinstance(exc, jinja2.UndefinedError):
        what = _undefined_words(exc.message or "")
        hint = "Check the spelling: the tool's own template of the same name shows the names a template can use."
    elif isinstance(exc, jinja2.TemplateNotFound):
        what = f"it uses the template '{exc.name}', which is not in the templates folder or the tool's own"
        hint = "Check the name, or copy that template into your templates folder."
    else:
        detail = str(exc) or type(exc).__name__
        what = f"it stopped with: {detail}" if isinstance(exc, jinja2.TemplateError) else (
            f"its code failed: {detail} ({type(exc).__name__})")
        hint = "Compare it with the tool's own template of the same name, or remove it to use ours."
    if ours_:
        hint = "This is a fault in the tool, not in your files: please report it, with the files you used."
    return Problem(code, f"The template {_quote(shown)} could not be used: {what.rstrip('.')}.",
                   _location(shown, file, line), expected="a Jinja template that the tool can fill in",
                   hint=hint)


def _undefined_words(message: str) -> str:
    """Jinja's "'generator.model.Settings object' has no attribute 'x'" without the Python names."""
    match = re.fullmatch(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '(.+)'", message)
    if match:
        return f"it asks for '{match.group(2)}', which the {match.group(1)} given to templates do not have"
    return message or "it uses a name the tool does not give it"


def syntax_problems(folder: Path, root: Path, problems: Problems) -> None:
    """`standards check`: every template in the landlord's folder is read and parsed, so a mistake
    in one is found before a build would stop on it."""
    env = jinja2.Environment()
    for path in sorted(p for p in folder.rglob("*.j2") if p.is_file()):
        shown = _shown(str(path), root)
        try:
            env.parse(path.read_text(encoding="utf-8"), path.name, str(path))
        except UnicodeDecodeError:
            problems.add("config-template", f"The template {_quote(shown)} is not saved as UTF-8 text.",
                         Location(shown), expected="a template saved as UTF-8",
                         hint="Open it in a text editor and save it again as UTF-8.")
        except OSError as exc:
            problems.add("config-template", f"The template {_quote(shown)} cannot be read ({exc.strerror}).",
                         Location(shown), expected="a template file the tool can read",
                         hint="Check the file's permissions.")
        except jinja2.TemplateSyntaxError as exc:
            problems.extend([template_problem(exc, env, path.name, root)])


def _where(exc: BaseException, env: jinja2.Environment) -> tuple[str | None, int | None]:
    """The template file and line where ``exc`` happened: the innermost template frame."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return exc.filename, exc.lineno
    folders = [Path(f).resolve() for f in getattr(env.loader, "searchpath", [])]
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        # Jinja rewrites the traceback so a template's frames name the template file and line
        filename = tb.tb_frame.f_code.co_filename
        if any(_inside(Path(filename), folder) for folder in folders):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def _shown(file: str, root: Path | None) -> str:
    """A template's path as the problem shows it: from the project folder when inside it."""
    path = Path(file).resolve()
    if root is not None and _inside(path, root):
        return path.relative_to(root.resolve()).as_posix()
    return path.as_posix()


def _location(shown: str, file: str | None, line: int | None) -> Location:
    """The line, with the caret under its text (from its first character that is not a space)."""
    if not line:
        return Location(shown)
    try:
        text = Path(file).read_text(encoding="utf-8").splitlines()[line - 1] if file else ""
    except (OSError, UnicodeDecodeError, IndexError):
        text = ""
    column = len(text) - len(text.lstrip()) + 1
    return Location(shown, line, column, max(1, len(text.rstrip()) - column + 1))


def _quote(text: str) -> str:
    return f"'{text}'"
