"""A period file's text, changed result by result, every other byte kept (the only module importing ruamel.yaml).

ruamel.yaml reads the file into nodes that know where they start and end, and writes the values
that go in (quoting text as YAML needs).  The new text is the old one with only those spans
replaced, so comments, blank lines, key order, quotes, odd spacing, long lines, a byte-order mark
and Windows line endings stay exactly as they were outside the lines that changed: dumping the
whole document again would re-space flow mappings, re-wrap long lines and re-indent lists.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from decimal import Decimal

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

FIGURE_KEYS = ("value", "count", "of", "homes")  # the figure itself; `missing` says there is none
DEFAULT_INDENT = 2  # of a results mapping that has no entry yet, as the example files have it


class Unreadable(Exception):
    """A text the import cannot change: not YAML ruamel.yaml reads, or a result written in a form
    it cannot write into (an alias, results in braces on one line).  ``file`` is set by the caller."""

    file = ""


@dataclass(frozen=True)
class Written:
    """A result as the file has it: each key's value (text, '' for an empty one) and where it is."""

    line: int  # 1-based, of the id
    form: str  # "empty" (`id:`), "scalar" (`id: 93.4`), "flow" (`{...}`) or "block" (keys on lines below)
    fields: dict[str, str]  # value as read (no quotes); a bare number is {"value": "93.4"}
    last_line: int  # 1-based, the entry's last line that is not blank


def render(value: Decimal | str) -> str:
    """One value as YAML writes it: a number plainly (9035, 93.4), text in double quotes."""
    if isinstance(value, Decimal):
        return format(value, "f")
    out = io.StringIO()
    writer = YAML()
    writer.width = 10**9  # never wrap a long note
    writer.default_flow_style = True
    writer.dump([DoubleQuotedScalarString(value)], out)  # in a flow list, as it will stand in {...}
    return out.getvalue().strip()[1:-1]


class PeriodText:
    """The text of one period file, with its results found; :meth:`set_result` changes one."""

    def __init__(self, data: bytes):
        self.bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
        self.encoding = "utf-8"
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            self.bom, self.encoding = data[:2], "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        text = data[len(self.bom):].decode(self.encoding)
        self.lines = text.splitlines(keepends=True)
        crlf = sum(line.endswith("\r\n") for line in self.lines)
        self.newline = "\r\n" if crlf and crlf * 2 >= len(self.lines) else "\n"  # what new lines end with
        self._parse()

    # -- reading -------------------------------------------------------------------------------------

    def _parse(self) -> None:
        plain = "".join(line.rstrip("\r\n") + "\n" for line in self.lines)  # same lines and columns
        try:
            root = YAML().compose(plain)
        except YAMLError as exc:
            raise Unreadable(str(exc)) from None
        self.root = root if isinstance(root, MappingNode) else None
        self.results_key, self.results = None, None
        for key, value in self.root.value if self.root is not None else ():
            if key.value == "results":
                self.results_key, self.results = key, value

    def _entries(self) -> list[tuple[ScalarNode, Node]]:
        return list(self.results.value) if isinstance(self.results, MappingNode) else []

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def data(self) -> bytes:
        return self.bom + self.text.encode(self.encoding)

    def top_value(self, key: str) -> str | None:
        for name, value in self.root.value if self.root is not None else ():
            if name.value == key and isinstance(value, ScalarNode):
                return value.value
        return None

    def written(self) -> dict[str, Written]:
        """Every result in the file, by id."""
        return {key.value: self._written(key, value) for key, value in self._entries()}

    def _written(self, key: ScalarNode, value: Node) -> Written:
        last = self._last_line(value)
        if isinstance(value, ScalarNode):
            if value.tag.endswith(":null") and value.value in ("", "~", "null", "Null", "NULL"):
                return Written(key.start_mark.line + 1, "empty", {}, key.start_mark.line + 1)
            return Written(key.start_mark.line + 1, "scalar", {"value": value.value}, last)
        fields = {}
        if isinstance(value, MappingNode):
            for name, inner in value.value:
                fields[name.value] = inner.value if isinstance(inner, ScalarNode) and not inner.tag.endswith(":null") else ""
        return Written(key.start_mark.line + 1, "flow" if value.flow_style else "block", fields, last)

    def _last_line(self, node: Node) -> int:
        """1-based: the last line that is not blank of a value (a block mapping: of its last value)."""
        while isinstance(node, MappingNode) and not node.flow_style and node.value:
            node = node.value[-1][1]
        end = node.end_mark
        line = end.line if end.column > 0 else end.line - 1  # 0-based
        while line > node.start_mark.line and not self.lines[line].strip():
            line -= 1
        return line + 1

    # -- writing -------------------------------------------------------------------------------------

    def set_result(self, item_id: str, fields: dict[str, str], remove: tuple[str, ...] = (),
                   after: list[str] | None = None) -> None:
        """Give ``item_id`` these ``fields`` (key -> YAML text, from :func:`render`), dropping the
        keys in ``remove``; the result's other keys (note, action...) stay.  A new result goes
        after the last of the ids in ``after`` the file has (the items before it in area order),
        else before the first result, else as the first."""
        if isinstance(self.results, MappingNode) and self.results.flow_style and self.results.value:
            raise Unreadable("'results' is written on one line, in braces: write one result a line to import into it")
        entries = {key.value: (key, value) for key, value in self._entries()}
        if item_id in entries:
            self._change(*entries[item_id], fields, remove)
        else:
            self._insert(item_id, fields, after or [])
        self._parse()

    def drop_key(self, key: str) -> None:
        """Remove a top-level key written on one line (`draft: true`), with that line."""
        for name, value in self.root.value if self.root is not None else ():
            if name.value == key and value.end_mark.line == name.start_mark.line:
                del self.lines[name.start_mark.line]
                self._parse()
                return

    def _change(self, key: ScalarNode, value: Node, fields: dict[str, str], remove: tuple[str, ...]) -> None:
        if _alias_in(key, value):  # an alias (*name): its anchor is elsewhere, and would be changed
            raise Unreadable(f"the result for '{key.value}' is written with an alias (*) or an anchor (&): "
                             "write it out to import into it")
        if isinstance(value, MappingNode) and not value.flow_style:
            self._change_block(value, fields, remove)
            return
        if isinstance(value, ScalarNode) and value.tag.endswith(":null"):
            old: list[tuple[str, str]] = []
            start = end = self._after_colon(key)
        else:
            old = self._as_written(value)
            start, end = (value.start_mark.line, value.start_mark.column), (value.end_mark.line, value.end_mark.column)
        merged = _merge(old, fields, remove)
        self._replace(start, end, _inline(merged), pad=start == end)

    def _as_written(self, value: Node) -> list[tuple[str, str]]:
        """A scalar or flow mapping's keys with their values' text exactly as written (quotes kept)."""
        if isinstance(value, ScalarNode):
            return [("value", self._source(value))]
        return [(name.value, self._source(inner)) for name, inner in value.value]

    def _source(self, node: Node) -> str:
        start, end = node.start_mark, node.end_mark
        if start.line == end.line:
            return self.lines[start.line][start.column:end.column]
        return node.value if isinstance(node, ScalarNode) else ""  # pragma: no cover - a number over lines

    def _change_block(self, mapping: MappingNode, fields: dict[str, str], remove: tuple[str, ...]) -> None:
        """A result written as keys on their own lines: each key changed on its line, new keys
        after the figure's keys (or first), removed keys' lines dropped; working from the bottom
        up so that the positions found stay right."""
        present = {name.value: (name, inner) for name, inner in mapping.value}
        indent = mapping.value[0][0].start_mark.column
        edits: list[tuple[int, object]] = []
        for name in remove:
            if name in present:
                key, inner = present[name]
                edits.append((key.start_mark.line, ("drop", self._last_line(inner))))
        new = [(k, v) for k, v in fields.items() if k not in present]
        figure = [present[k][1] for k in FIGURE_KEYS if k in present and k not in remove]
        at = (self._last_line(figure[-1]) if figure else mapping.value[0][0].start_mark.line)  # 0-based insert line
        if new:
            text = "".join(f"{' ' * indent}{k}: {v}{self.newline}" for k, v in new)
            edits.append((at, ("insert", text)))
        for name, text in fields.items():
            if name in present:
                key, inner = present[name]
                if isinstance(inner, ScalarNode) and inner.tag.endswith(":null"):
                    spot = self._after_colon(key)
                    edits.append((spot[0], ("replace", spot, spot, text)))
                else:
                    edits.append((inner.start_mark.line, ("replace", (inner.start_mark.line, inner.start_mark.column),
                                                          (inner.end_mark.line, inner.end_mark.column), text)))
        for line, edit in sorted(edits, key=lambda e: (e[0], e[1][0] != "insert"), reverse=True):
            if edit[0] == "drop":
                del self.lines[line:edit[1]]
            elif edit[0] == "insert":
                self.lines[line:line] = [edit[1]]
            else:
                _, start, end, text = edit
                self._replace(start, end, text, pad=start == end)

    def _insert(self, item_id: str, fields: dict[str, str], after: list[str]) -> None:
        entries = self._entries()
        text = _inline(list(fields.items()))
        if entries:
            indent = entries[0][0].start_mark.column
            by_id = {key.value: (key, value) for key, value in entries}
            before = [i for i in after if i in by_id]
            if before:
                at = self._last_line(by_id[before[-1]][1])  # the line after that entry (0-based)
            else:
                at = entries[0][0].start_mark.line
        else:
            indent = DEFAULT_INDENT
            if self.results_key is None:  # no results: key yet (a new file always has one)
                self._end_with_newline()
                self.lines.append(f"results:{self.newline}")
                at = len(self.lines)
            else:
                at = self.results_key.start_mark.line + 1
                if self.results.end_mark.index > self.results.start_mark.index:  # `results: {}` or `~`
                    self._replace(self._after_colon(self.results_key),
                                  (self.results.end_mark.line, self.results.end_mark.column), "")
        if at >= len(self.lines):
            self._end_with_newline()
        self.lines[at:at] = [f"{' ' * indent}{item_id}: {text}{self.newline}"]

    def _end_with_newline(self) -> None:
        if self.lines and not self.lines[-1].endswith(("\n", "\r")):
            self.lines[-1] += self.newline

    def _after_colon(self, key: ScalarNode) -> tuple[int, int]:
        """Just after the ':' that follows a key (an empty value has no position of its own)."""
        line = key.end_mark.line
        column = self.lines[line].index(":", key.end_mark.column) + 1
        return line, column

    def _replace(self, start: tuple[int, int], end: tuple[int, int], text: str, pad: bool = False) -> None:
        """Put ``text`` between two (line, column) positions, 0-based; ``pad``: after a colon, with a space."""
        first, last = self.lines[start[0]], self.lines[end[0]]
        middle = (" " + text if pad else text)
        self.lines[start[0]:end[0] + 1] = [first[:start[1]] + middle + last[end[1]:]]


def _alias_in(key: Node, value: Node) -> bool:
    """Whether a value, or one inside it, is an alias (a node that starts before its own key ends)
    or an anchor (&name) that an alias elsewhere would follow."""
    if value.start_mark.index < key.end_mark.index or getattr(value, "anchor", None):
        return True
    return isinstance(value, MappingNode) and any(_alias_in(k, v) for k, v in value.value)


def _merge(old: list[tuple[str, str]], fields: dict[str, str], remove: tuple[str, ...]) -> list[tuple[str, str]]:
    """The keys written before, in their order and with their text, changed by ``fields``; new
    keys after the figure's keys (first when there are none)."""
    kept = [(k, fields.get(k, v)) for k, v in old if k not in remove]
    new = [(k, v) for k, v in fields.items() if k not in dict(old)]
    figure = [i for i, (k, _) in enumerate(kept) if k in FIGURE_KEYS]
    at = figure[-1] + 1 if figure else 0
    return kept[:at] + new + kept[at:]


def _inline(pairs: list[tuple[str, str]]) -> str:
    """A result on one line: a bare number when it is only a value, else a flow mapping
    ({count: 9035, of: 9116}), as the example files write them."""
    if len(pairs) == 1 and pairs[0][0] == "value":
        return pairs[0][1]
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
