"""Where templates and assets come from: the landlord's folder first, then ours.

``site_templates/`` sits beside the package in a checkout, and inside it
(``generator/site_templates``) in an installed wheel.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

PACKAGE = Path(__file__).resolve().parent


def ours() -> Path:
    """The tool's own site_templates folder."""
    for candidate in (PACKAGE.parent / "site_templates", PACKAGE / "site_templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("site_templates is missing from this installation")


_BYTECODE_CACHE = jinja2.FileSystemBytecodeCache()
# the sandbox compiles a template differently (every call checked), so its compiled templates
# are kept apart: neither kind is ever loaded by the other environment
_SANDBOX_CACHE = jinja2.FileSystemBytecodeCache(pattern="__jinja2_sandboxed_%s.cache")


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
        # compiled templates kept between builds (Jinja's per-user folder in the temp directory,
        # checked against each template's source): compiling is a third of a typical build's share
        bytecode_cache=_SANDBOX_CACHE if landlord_dir else _BYTECODE_CACHE,
    )
    env.template_class = _LocatedTemplate
    return env


def asset_files() -> list[tuple[Path, str]]:
    """(absolute path, path under assets/standards/) for every static asset."""
    root = ours() / "assets"
    return sorted((p, p.relative_to(root).as_posix()) for p in root.rglob("*") if p.is_file())
