"""`standards import`, the writing half: which period file each imported result goes to, what
changes in it, what conflicts with a value already there, and the new texts.  Nothing is written
here (edit/files.py writes them, all or none)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from generator.model import ImportedResult, Project
from generator.problems import Location, Problem, quote
from generator.registry.periods import Period
from generator.validate.periods import AGREEMENT
from generator.edit.period import new_period_text, period_file_name
from generator.edit.yaml import FIGURE_KEYS, PeriodText, Unreadable, Written, render  # noqa: F401 - Unreadable for the command

DATA_FOLDER = "performance"


@dataclass(frozen=True)
class Conflict:
    """A value the sheet gives that differs from the one already in the file."""

    file: str
    line: int  # of the result's id in the file
    item_id: str
    key: str  # value, count, of, homes, responses, population, note or missing
    in_file: str
    imported: str
    location: Location  # the sheet's cell
    overwritten: bool

    def sentence(self) -> str:
        what = "the value" if self.key == "value" else f"'{self.key}'"
        done = "replaced, as --overwrite asks" if self.overwritten else "kept: use --overwrite to replace it"
        return (f"{self.file}:{self.line}: {what} of {quote(self.item_id)} is {self.in_file} in the file but "
                f"{self.imported} in {self.location}; {done}.")

    def as_json(self) -> dict:
        return {"file": self.file, "line": self.line, "id": self.item_id, "key": self.key, "in_file": self.in_file,
                "imported": self.imported, "source": self.location.file, "cell": self.location.cell,
                "overwritten": self.overwritten}


@dataclass
class FileChange:
    """One period file: its bytes before (None when it is created) and after."""

    file: str  # relative to the project
    period: Period
    old: bytes | None
    new: bytes = b""
    draft: bool = False
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # results with a conflict and nothing else changed
    lines: dict[tuple[int, int], Location] = field(default_factory=dict)  # an imported result's lines -> its cell

    @property
    def created(self) -> bool:
        return self.old is None

    @property
    def differs(self) -> bool:
        return self.old != self.new

    def texts(self) -> tuple[str, str]:
        old = PeriodText(self.old).text if self.old is not None else ""
        return old, PeriodText(self.new).text

    def as_json(self) -> dict:
        return {"file": self.file, "period": self.period.label, "created": self.created, "draft": self.draft,
                "changed_file": self.differs, "added": self.added, "changed": self.changed,
                "unchanged": self.unchanged, "kept": self.kept}


@dataclass
class Plan:
    source: str  # the spreadsheet, as messages name it
    files: list[FileChange]
    conflicts: list[Conflict]

    def count(self, what: str) -> int:
        return sum(len(getattr(f, what)) for f in self.files)

    @property
    def to_write(self) -> list[FileChange]:
        return [f for f in self.files if f.differs]

    def texts(self) -> dict[str, str]:
        """The new text of every file that changes, for checking before anything is written."""
        return {f.file: f.texts()[1] for f in self.to_write}

    def diff(self) -> str:
        out = []
        for change in self.to_write:
            old, new = change.texts()
            lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                         "/dev/null" if change.created else f"a/{change.file}", f"b/{change.file}")
            out += [line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines]
        return "".join(out)

    def cell_of(self, problem: Problem) -> Location | None:
        """The cell a problem in a new text comes from, when it is on an imported result's lines."""
        for change in self.to_write:
            if change.file == problem.location.file:
                for (first, last), cell in change.lines.items():
                    if first <= problem.location.line <= last:
                        return cell
        return None

    def summary(self, written: bool) -> str:
        records = sum(self.count(w) for w in ("added", "changed", "unchanged", "kept"))
        kept = sum(not c.overwritten for c in self.conflicts)
        parts = [f"{self.count('added')} added", f"{self.count('changed')} changed",
                 f"{self.count('unchanged')} unchanged"]
        if self.conflicts:
            parts.append(f"{_plural(len(self.conflicts), 'conflict')}"
                         + (f" ({kept} kept)" if kept else " (overwritten)"))
        lines = [f"Read {_plural(records, 'result')} from {self.source}: {', '.join(parts)}."]
        for change in self.to_write:
            done = ("Created" if written else "Would create") if change.created else ("Changed" if written else "Would change")
            kind = " (a draft)" if change.created and change.draft else ""
            lines.append(f"{done} {change.file}{kind}.")
        if not self.to_write:
            lines.append("No file needed changing.")
        return "\n".join(lines)

    def as_json(self, written: bool) -> dict:
        return {"source": self.source, "written": written, "added": self.count("added"),
                "changed": self.count("changed"), "unchanged": self.count("unchanged"),
                "conflicts": [c.as_json() for c in self.conflicts],
                "files": [f.as_json() for f in self.files]}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def plan_import(root: Path, project: Project, records: list[ImportedResult], source: str,
                overwrite: bool = False, publish: bool = False) -> Plan:
    """What importing ``records`` changes, file by file.  Raises OSError when a period file
    cannot be read, and edit.yaml.Unreadable when ruamel.yaml cannot read one."""
    existing = {p.period.label: p.file for p in project.periods}
    order = [item.id for item in project.items]
    by_period: dict[str, list[ImportedResult]] = {}
    for record in records:
        by_period.setdefault(record.period.label, []).append(record)
    plan = Plan(source, [], [])
    for label, group in by_period.items():
        try:
            plan.files.append(_plan_file(root, project, group, existing.get(label), plan.conflicts, overwrite,
                                         publish, order))
        except Unreadable as exc:
            exc.file = existing.get(label, "")
            raise
    plan.files.sort(key=lambda f: f.file)
    return plan


def _plan_file(root: Path, project: Project, group: list[ImportedResult], file: str | None,
               conflicts: list[Conflict], overwrite: bool, publish: bool, order: list[str]) -> FileChange:
    period = group[0].period
    label = period.label
    if file is not None:
        change = FileChange(file, period, (root / file).read_bytes())
        text = PeriodText(change.old)
        change.draft = any(p.draft for p in project.periods if p.period.label == label)
    else:
        change = FileChange(period_file_name(period), period, None)
        text = _new_file_text(root, project, period, publish)
        change.draft = not publish
    for record in group:
        _apply(record, text, change, conflicts, overwrite, order)
    change.new = text.data()
    written = text.written()
    for record in group:
        if record.item_id in written:
            entry = written[record.item_id]
            change.lines[(entry.line, entry.last_line)] = record.location
    return change


def _new_file_text(root: Path, project: Project, period: Period, publish: bool) -> PeriodText:
    """A new period file before the imported results go in.

    A draft is what `standards new-period` writes, every current standard and figure listed with
    no value, so staff see what is still to fill in after the import.  With --publish the file
    holds only what the sheet gave: an item left empty would be an error in a published period."""
    if not publish:
        return PeriodText(new_period_text(project, period, root=root).encode("utf-8"))
    return PeriodText(f"period: {period.label}\nresults:\n".encode("utf-8"))


def _apply(record: ImportedResult, text: PeriodText, change: FileChange, conflicts: list[Conflict],
           overwrite: bool, order: list[str]) -> None:
    written = text.written().get(record.item_id)
    imported = dict(record.fields)
    if written is None or written.form == "empty":
        text.set_result(record.item_id, {k: render(v) for k, v in imported.items()}, after=_before(order, record))
        change.added.append(record.item_id)
        return
    found: list[Conflict] = []
    fields: dict[str, str] = {}
    counted = _counted(written)
    replaced: tuple[str, ...] = ()
    if "value" in imported and counted is not None and not any(k in imported for k in ("count", "of", "homes")):
        # the file gives the count and total, the sheet the value: the same figure when they agree
        if abs(counted[0] - imported["value"]) <= AGREEMENT:
            imported.pop("value")
        else:
            found.append(_conflict(change, written, record, "value", counted[1], render(imported["value"]), overwrite))
            if not overwrite:
                imported.pop("value")
            replaced = tuple(k for k in ("count", "of", "homes") if written.fields.get(k))
    for key, value in imported.items():
        old = written.fields.get(key)
        if old is None or old == "":
            fields[key] = render(value)
        elif not _same(old, value):
            found.append(_conflict(change, written, record, key, old, render(value), overwrite))
            if overwrite:
                fields[key] = render(value)
    contradicted = _contradicted(written, imported)
    for key in contradicted:
        found.append(_conflict(change, written, record, key, written.fields[key], _shown(imported), overwrite))
    computed = _disagrees(written, imported)
    if computed is not None:  # the sheet's count and total give another value than the file's
        contradicted.append("value")
        found.append(_conflict(change, written, record, "value", written.fields["value"], computed, overwrite))
    conflicts += found
    if contradicted and not overwrite:  # the file's figure (or its reason for none) stays whole
        fields = {k: v for k, v in fields.items() if k not in FIGURE_KEYS + ("missing",)}
    remove = tuple(contradicted) + replaced if overwrite else ()
    if fields or remove:
        text.set_result(record.item_id, fields, remove=remove, after=_before(order, record))
        change.changed.append(record.item_id)
    elif found:
        change.kept.append(record.item_id)
    else:
        change.unchanged.append(record.item_id)


def _contradicted(written: Written, imported: dict) -> list[str]:
    """Keys in the file that cannot stand beside the imported ones: `missing` beside a figure,
    or a figure beside `missing`."""
    if "missing" in imported:
        return [k for k in FIGURE_KEYS if written.fields.get(k)]
    if any(k in FIGURE_KEYS for k in imported) and written.fields.get("missing"):
        return ["missing"]
    return []


def _counted(written: Written) -> tuple[Decimal, str] | None:
    """The value a result written as a count and total (and no value) gives, and that in words."""
    try:
        if written.fields.get("value") or not written.fields.get("count"):
            return None
        count = Decimal(written.fields["count"])
        if written.fields.get("of"):
            total, scale, per = Decimal(written.fields["of"]), 100, "of"
        else:
            total, scale, per = Decimal(written.fields["homes"]), 1000, "per 1,000 of"
        given = scale * count / total
    except (KeyError, InvalidOperation, ArithmeticError):
        return None
    return given, f"{render(given.quantize(Decimal('0.01')).normalize())} (count {render(count)} {per} {render(total)})"


def _disagrees(written: Written, imported: dict) -> str | None:
    """The value the sheet's count and total give, in words, when the sheet gives no value and the
    file's differs from it by more than the check allows (0.05); else None."""
    if "value" in imported or not any(k in imported for k in ("count", "of", "homes")):
        return None
    try:
        number = lambda key: imported[key] if key in imported else Decimal(written.fields[key])  # noqa: E731
        value, count = Decimal(written.fields["value"]), number("count")
        total, scale = (number("of"), 100) if "of" in imported or written.fields.get("of") else (number("homes"), 1000)
        given = scale * count / total
    except (KeyError, InvalidOperation, ArithmeticError):
        return None  # no value in the file, or not a figure the check would compare: it says
    if abs(given - value) <= AGREEMENT:
        return None
    per = "of" if scale == 100 else "per 1,000 of"
    return f"{render(given.quantize(Decimal('0.01')).normalize())} (count {render(count)} {per} {render(total)})"


def _shown(imported: dict) -> str:
    return ", ".join(f"{k} {render(v)}" for k, v in imported.items() if k in FIGURE_KEYS + ("missing",))


def _conflict(change: FileChange, written: Written, record: ImportedResult, key: str, old: str, new: str,
              overwrite: bool) -> Conflict:
    shown = old if key not in ("note", "missing") else quote(old)
    return Conflict(change.file, written.line, record.item_id, key, shown, new, record.location, overwrite)


def _same(old: str, new: Decimal | str) -> bool:
    """Equal as the file and the sheet mean them: numbers as numbers (93.40 is 93.4), text as written."""
    if isinstance(new, Decimal):
        try:
            return Decimal(old.strip()) == new
        except InvalidOperation:
            return False
    return old == new


def _before(order: list[str], record: ImportedResult) -> list[str]:
    return order[:order.index(record.item_id)] if record.item_id in order else order
