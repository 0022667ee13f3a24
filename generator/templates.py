"""Where templates and assets come from: the landlord's folder first, then ours.

``site_templates/`` sits beside the package in a checkout, and inside it
(``generator/site_templates``) in an installed wheel.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

PACKAGE = Path(__file__).resolve().parent


def ours() -> Path:
    """The tool's own site_templates folder."""
    for candidate in (PACKAGE.parent / "site_templates", PACKAGE / "site_templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("site_templates is missing from this installation")


_BYTECODE_CACHE = jinja2.FileSystemBytecodeCache()


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
        # compiled templates kept between builds (Jinja's per-user folder in the temp directory,
        # checked against each template's source): compiling is a third of a typical build's share
        bytecode_cache=_BYTECODE_CACHE,
    )
    return env


def asset_files() -> list[tuple[Path, str]]:
    """(absolute path, path under assets/standards/) for every static asset."""
    root = ours() / "assets"
    return sorted((p, p.relative_to(root).as_posix()) for p in root.rglob("*") if p.is_file())
