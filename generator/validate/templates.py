"""What is wrong with a template, in words and at its file and line: a mistake `standards check`
finds by reading the landlord's templates, or a failure while a page or newsletter is made."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError

from generator.problems import Location, Problem, Problems
from generator.source.files import ours


class UnsafeTemplate(jinja2.TemplateSyntaxError, SecurityError):
    """A landlord's template reached for something the sandbox does not allow (Python's
    internals, a method that changes data): where, as a syntax error says where."""


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
