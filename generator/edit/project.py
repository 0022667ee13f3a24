"""A new landlord's project (`standards init`): every file of templates/project/ copied, with the
organisation's name put in by plain substitution (quoted for YAML, escaped for Markdown: no
template language over files the landlord will edit), the JSON Schemas, and the current
financial year's period file as a draft, made by the same function as `standards new-period`.

Tokens in templates/project/: __ORGANISATION__ (the name), __SITE_NAME__ ("How we're doing — "
and the name), __YEAR_STARTS__ (the month, like april).  In a .yml or .yaml file a token stands
for a whole value (it becomes a YAML scalar, quoted when needed); in a .md file it is the name
with Markdown's special characters escaped; elsewhere, the name as it is.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

from generator.edit.period import new_period_text, period_file_name
from generator.output.paths import failed
from generator.pipeline import check_project
from generator.registry.periods import MONTHS, Period, year_containing
from generator.registry.schema import SCHEMAS_FOLDER, schemas
from generator.source.files import ours

TEMPLATE = "project"
SITE_NAME = "How we're doing — {}"
# a name YAML reads as the text it is when written without quotes
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .,&()'’/—–-]*")
_YAML_WORDS = frozenset("y n yes no on off true false null".split())
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|{}])")


class Refused(Exception):
    """The folder or the name cannot be used; the message says why, for people."""


def template_files() -> list[Path]:
    """Every file of templates/project/, dot-files and folders included, relative to it."""
    base = ours() / TEMPLATE
    return sorted(p.relative_to(base) for p in base.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def check_name(organisation: str) -> str:
    """The organisation's name as it will be written, or Refused: one line of printable text."""
    name = " ".join(organisation.split())
    if not name:
        raise Refused("the organisation's name is empty. Write it in quotes, like --organisation \"Example Homes\".")
    odd = [c for c in name if unicodedata.category(c)[0] == "C"]
    if odd:
        raise Refused(f"the organisation's name has a control character (U+{ord(odd[0]):04X}) in it. "
                      "Write the name as it should be shown.")
    return name


def check_month(year_starts: str) -> int:
    month = MONTHS.get(year_starts.strip().lower())
    if month is None or month == 1:
        raise Refused(f"'{year_starts}' is not a month a financial year can start in. Write an English month "
                      "name from February to December, like april.")
    return month


def check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise Refused(f"'{folder}' is a file, not a folder. Choose a new folder's name.")
    if folder.is_dir() and any(folder.iterdir()):
        raise Refused(f"the folder '{folder}' is not empty. A new project goes in a new or empty folder, so that "
                      "none of your files is overwritten.")


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML value that reads back as exactly that text: plain when it safely can be,
    else single-quoted (where only the quote itself needs doubling)."""
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS and not text.endswith((" ", ":")):
        return text
    return "'" + text.replace("'", "''") + "'"


def markdown_text(text: str) -> str:
    return _MARKDOWN.sub(r"\\\1", text)


def fill(relative: Path, text: str, organisation: str, month: int) -> str:
    """A template file's text with the tokens replaced, as its kind of file needs."""
    values = {"__SITE_NAME__": SITE_NAME.format(organisation), "__ORGANISATION__": organisation,
              "__YEAR_STARTS__": calendar.month_name[month].lower()}
    if relative.suffix in (".yml", ".yaml"):
        convert = yaml_scalar
    elif relative.suffix == ".md":
        convert = markdown_text
    else:
        def convert(value: str) -> str:
            return value
    for token, value in values.items():
        text = text.replace(token, convert(value))
    return text


def init_project(folder: Path, organisation: str, year_starts: str = "april",
                 today: dt.date | None = None) -> list[Path]:
    """Make the project in ``folder`` (new or empty); the files written, relative to it.

    Everything is made in a folder of its own first (beside a new folder; inside an empty one,
    which may be the current folder) and moved into place at the end, so a failure leaves
    nothing half made.  Refused (before anything is written) for a folder that is not empty,
    an empty name or a month that cannot start a year."""
    name, month = check_name(organisation), check_month(year_starts)
    check_folder(folder)
    folder = folder.absolute()
    existing = folder.is_dir()
    try:
        if not existing:
            folder.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".standards-init.", dir=folder if existing else folder.parent))
    except OSError as exc:
        raise failed(exc, folder) from None
    try:
        written = _write(work, name, month, today or dt.date.today())
        if existing:
            for entry in sorted(work.iterdir()):
                os.rename(entry, folder / entry.name)
            work.rmdir()
        else:
            os.chmod(work, 0o777 & ~_umask())  # mkdtemp makes it private; a project folder is not
            os.rename(work, folder)
    except OSError as exc:
        raise failed(exc, folder) from None
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return written


def _write(work: Path, name: str, month: int, today: dt.date) -> list[Path]:
    base = ours() / TEMPLATE
    written = []
    for relative in template_files():
        target = work / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        text = (base / relative).read_text(encoding="utf-8")
        target.write_text(fill(relative, text, name, month), encoding="utf-8", newline="\n")
        written.append(relative)
    for file, schema in schemas().items():
        target = work / SCHEMAS_FOLDER / file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(Path(SCHEMAS_FOLDER) / file)
    period = year_containing(today, month)
    path = work / period_file_name(period)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_first_period(work, period), encoding="utf-8", newline="\n")
    written.append(Path(period_file_name(period)))
    return sorted(written)


def _first_period(work: Path, period: Period) -> str:
    outcome = check_project(work / "mkdocs.yml")
    if outcome.project is None:  # the tool's own template has an error: a bug, not the landlord's
        raise RuntimeError("the new project does not pass its check: "
                           + "; ".join(f"{p.location}: {p.message}" for p in outcome.errors))
    return new_period_text(outcome.project, period, root=work)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
