"""A new period's draft file: every current standard and figure, each with a comment that says
what to write, and no value yet (`standards new-period`, `standards init`, and the importer when
a period has no file).  Text is made whole, then written in one step, so a stopped command never
leaves half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from generator.model import Item, Project
from generator.output.paths import failed
from generator.present.words import target_words
from generator.registry.periods import Period
from generator.registry.schema import FOR_FOLDER, SCHEMAS_FOLDER
from generator.registry.schema import schema_line as schema_comment


def period_file_name(period: Period) -> str:
    """performance/2024-25-q1.yaml, as the example project names its files."""
    return f"performance/{period.slug}.yaml"


def schema_line(root: Path, folder: str) -> str | None:
    """The comment that points an editor at the project's schema for a data file in ``folder``
    ('standards' or 'performance'), when the project has that schema."""
    if (root / SCHEMAS_FOLDER / FOR_FOLDER[folder]).is_file():
        return schema_comment(folder)
    return None


def new_period_text(project: Project, period: Period, *, root: Path | None = None) -> str:
    """The draft file for ``period``: standards and figures current in it (not retired), in area
    order, each with its title, unit and target in force as a comment; commentary for every area.

    With ``root`` (the project's folder), the file starts with the schema comment when the project
    has schemas/period.schema.json."""
    lines: list[str] = []
    schema = schema_line(root, "performance") if root is not None else None
    if schema:
        lines.append(schema)
    lines += [
        f"# {_one_line(project.settings.organisation)}: how we did, {period.words()}",
        "# Write each result after its colon: a number, like 93.4, or {missing: \"the reason\"}.",
        "# Remove 'draft: true' when the figures are approved.",
        f"period: {period.label}",
        "draft: true",
        "results:",
    ]
    first = True
    for area in project.areas:
        items = [item for item in area.items if _takes_a_result(item, period)]
        if not items:
            continue
        if not first:
            lines.append("")
        first = False
        lines.append(f"  # {_one_line(area.name)}")
        lines += [f"  {item.id}:  # {_about(item, period)}" for item in items]
    if first:
        lines[-1] = "results: {}  # no standard or figure has a unit yet: add them in standards/"
    if project.areas:
        lines += ["", "# How each area is doing, and where we need to improve: a few sentences each.", "commentary:"]
        lines += [f"  {area.id}:" for area in project.areas]
    return "\n".join(lines) + "\n"


def _takes_a_result(item: Item, period: Period) -> bool:
    """A commitment without a unit cannot have a value (value-without-unit): left out."""
    return item.unit is not None and item.published_in(period)


def _about(item: Item, period: Period) -> str:
    unit = f"score out of {item.out_of}" if item.unit == "score" and item.out_of is not None else item.unit
    parts = [_one_line(item.title), str(unit)]
    if item.kind == "standard":
        parts.append(target_words(item, item.target_for(period)))
    else:
        parts.append("figure, no target")
    return " · ".join(parts)


def _one_line(text: str) -> str:
    """Comments are one line each: a title written over several lines is joined."""
    return " ".join(text.split())


def write_new(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, which must not exist: into a temporary file beside it, then
    linked into place in one step that fails with FileExistsError if the file appeared meanwhile.
    Another failure (a full disk, no permission) is a WriteFailed that says why."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        temporary = Path(name)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a staff file is not
        _link(temporary, path)
    except FileExistsError:
        raise
    except OSError as exc:
        raise failed(exc, path) from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def _link(temporary: Path, path: Path) -> None:
    try:
        os.link(temporary, path)  # never over an existing file
    except FileExistsError:
        raise
    except OSError:  # a disk without hard links: the check just before the move is the best there is
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temporary, path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
