"""YAML with positions.

PyYAML composes the file (with the C loader where it is installed, about five
times faster) and this module turns its node graph into small :class:`Node`
objects that remember the 1-based line and column of every key and value.
Scalars keep the text exactly as written: whether ``0120`` or ``yes`` is a
number, a word or a mistake is for the schema to say, not for YAML 1.1.

Problems (encoding, tabs, syntax, duplicate keys, alias bombs, nesting) are
collected, never raised.
"""

from __future__ import annotations

import codecs
import os
import re
from types import MappingProxyType
from typing import Iterator, Mapping

import yaml

from generator.problems import Location, Problems, quote

try:  # the C loader is much faster; the pure-Python one gives the same marks
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader

_PLAIN_TAGS = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq",
               yaml.MappingNode: "tag:yaml.org,2002:map"}


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Composes nodes without guessing types: every value is read as written, by our own rules
    (scalars.py), so PyYAML's guess (int? bool? date?) for each of 60,000 values is wasted work."""

    def resolve(self, kind, value, implicit):  # noqa: ANN001 - PyYAML's signature
        return _PLAIN_TAGS[kind]

# A real data file has a few thousand nodes.  Aliases can make a tiny file
# stand for billions ("billion laughs"), so expansion is bounded.
MAX_NODES = 250_000
MAX_DEPTH = 40
NULL_WORDS = {"", "~", "null", "Null", "NULL"}
_NO_ENTRIES: Mapping[str, tuple["Node", "Node"]] = MappingProxyType({})


class Node:
    """One YAML value: a scalar (``text``), a list (``items``) or a mapping (``entries``).

    Not changed once parsed.  A plain class with slots rather than a frozen dataclass: a large
    landlord's files make over 100,000 nodes, and a frozen dataclass takes three times as long
    to make (every field goes through ``object.__setattr__``).
    """

    __slots__ = ("kind", "file", "line", "column", "length", "text", "quoted", "items", "entries", "end_line",
                 "is_null")

    def __init__(self, kind: str, file: str, line: int, column: int, length: int = 1, text: str = "",
                 quoted: bool = False, items: tuple["Node", ...] = (),
                 entries: dict[str, tuple["Node", "Node"]] | None = None, end_line: int = 0) -> None:
        self.kind = kind  # "scalar", "list" or "mapping"
        self.file = file
        self.line = line
        self.column = column
        self.length = length
        self.text = text
        self.quoted = quoted
        self.items = items
        # key text -> (key node, value node), first occurrence, in file order
        self.entries = entries if entries is not None else _NO_ENTRIES  # one shared, read-only: most nodes are scalars
        self.end_line = end_line
        # an empty value, ~ or null, not in quotes: "not given" (asked of most values, so worked out once)
        self.is_null = kind == "scalar" and not quoted and text.strip() in NULL_WORDS

    def __repr__(self) -> str:
        return f"Node({self.kind!r}, {self.file!r}, line {self.line}, column {self.column}, text={self.text!r})"

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column, self.length)

    def get(self, key: str) -> "Node | None":
        pair = self.entries.get(key)
        return pair[1] if pair else None

    def key_node(self, key: str) -> "Node | None":
        pair = self.entries.get(key)
        return pair[0] if pair else None

    def pairs(self) -> Iterator[tuple[str, "Node", "Node"]]:
        for key, (key_node, value) in self.entries.items():
            yield key, key_node, value


def decode(data: bytes, file: str, problems: Problems) -> str | None:
    """Bytes to text: UTF-8 (a byte-order mark allowed) or UTF-16 with a byte-order mark."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].decode("utf-16", "replace").count("\n") + 1
            problems.add(
                "file-encoding",
                "This file starts like UTF-16 text but has bytes that are not UTF-16.",
                Location(file, line, 1),
                expected="text saved as UTF-8",
                hint="Save the file again as 'UTF-8' in your editor.",
            )
            return None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data[:8192]:
        problems.add(
            "file-binary",
            "This file is not text: it contains zero bytes, as a binary file or "
            "UTF-16 text without a byte-order mark does.",
            Location(file, 1, 1),
            expected="a YAML text file saved as UTF-8",
            hint="Open it in a text editor and save it as 'UTF-8'.",
        )
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        bad = data[exc.start : exc.start + 1]
        problems.add(
            "file-encoding",
            f"This file is not saved as UTF-8: byte 0x{bad.hex().upper()} on line {line} "
            "is not UTF-8. Files saved as 'Western' (Latin-1 or Windows-1252) do this, "
            "often with £, é or curly quotes.",
            Location(file, line, column),
            expected="text saved as UTF-8",
            hint="Save the file again as 'UTF-8' in your editor.",
        )
        return None


def parse(text: str, file: str, problems: Problems, env_tags: bool = False) -> Node | None:
    """Text to a :class:`Node` tree; None (with problems added) when it cannot be read.

    With ``env_tags`` (mkdocs.yml), MkDocs' ``!ENV`` values are read as MkDocs reads them.
    """
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        problems.add(
            "file-empty",
            "This file is empty.",
            Location(file, 1, 1),
            expected="the keys of this kind of file",
            hint="Fill it in, or delete the file.",
        )
        return None
    try:
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        _syntax_problem(exc, text, file, problems)
        return None
    except yaml.reader.ReaderError as exc:  # a control character, such as one pasted from another program
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        problems.add(
            "yaml-syntax",
            f"This line contains a hidden control character (code {code:#04x}) that a YAML file may not hold.",
            Location(file, line, column),
            expected="ordinary text",
            hint="Delete it, or retype the line: it is often pasted in from another program and cannot be seen.",
        )
        return None
    except (yaml.YAMLError, RecursionError) as exc:  # unmarked errors are rare
        problems.add("yaml-syntax", f"This file is not valid YAML ({exc}).", Location(file, 1, 1))
        return None
    documents = [d for d in documents if d is not None]
    if not documents:
        problems.add("file-empty", "This file has no content.", Location(file, 1, 1))
        return None
    if len(documents) > 1:
        line = _separator_line(text, documents[0].end_mark.line, documents[1].start_mark.line)
        problems.add(
            "yaml-documents",
            "This file holds more than one YAML document: the line '---' here starts a second one.",
            Location(file, line, 1, 3),
            expected="one document per file",
            hint="Remove the '---' line, or move what follows into its own file.",
        )
        return None
    root = documents[0]
    # Aliases need a '*': most files have none, and skip the expansion count.
    size, looped = _expanded_size(root) if "*" in text else (0, None)
    if looped is not None:  # a value that contains itself is pointed at
        _alias_problem(problems, Location(file, looped.start_mark.line + 1, looped.start_mark.column + 1))
        return None
    if size > MAX_NODES:
        limit = max(MAX_NODES, 2 * _unique_size(root))  # a large file as written may repeat a little
        if size > limit:
            location, name = _crossing_alias(text, file, limit)
            _alias_problem(problems, location, f" Here '*{name}' takes it past {limit:,} values.")
            return None
    converter = _Converter(file, problems, env_tags, text.splitlines())
    try:
        return converter.convert(documents[0], 0)
    except _Abort:
        return None


class _Abort(Exception):
    pass


def _alias_problem(problems: Problems, location: Location, where: str = "") -> None:
    problems.add(
        "yaml-aliases",
        "This file uses YAML aliases (*name) that refer to themselves or expand "
        "to far more data than a data file holds." + where,
        location,
        expected="each value written out, or a few small aliases",
        hint="Write the values out in full instead of using '&' anchors and '*' aliases.",
    )


def _crossing_alias(text: str, file: str, limit: int) -> tuple[Location, str]:
    """The alias (its place, its name) whose expansion takes the file past ``limit`` values,
    counted in file order as a reader expanding the file would count them.

    The composed nodes no longer say where each alias was written (an alias is its anchor's
    node again), so the file's events are read once more: only for a file that is refused.
    """
    sizes: dict[str, int] = {}  # anchor -> the expanded size of its value
    open_: list[list] = []  # the collections being read: [anchor, expanded size so far]
    total = 0
    last: tuple[Location, str] = (Location(file, 1, 1), "")
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            anchor, done = open_.pop()
            if anchor is not None:
                sizes[anchor] = done
            if open_:
                open_[-1][1] += done
            continue
        if isinstance(event, yaml.AliasEvent):
            grown = sizes.get(event.anchor, 1)
            start, end = event.start_mark, event.end_mark
            length = end.column - start.column if end.line == start.line and end.column > start.column else 1
            last = (Location(file, start.line + 1, start.column + 1, length), event.anchor)
        elif isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            grown = 1
        else:  # the stream's and the document's start and end
            continue
        total += grown
        if total > limit:  # on a plain value just past an alias that filled up to the limit: that alias
            return last
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            open_.append([event.anchor, 1])
            continue
        if isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
            sizes[event.anchor] = 1
        if open_:
            open_[-1][1] += grown
    return last  # pragma: no cover - the caller has counted more than the limit


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _unique_size(root: yaml.Node) -> int:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) not in seen:
            seen.add(id(node))
            stack.extend(_children(node))
    return len(seen)


def _separator_line(text: str, after: int, before: int) -> int:
    """The 1-based line of the '---' that starts the second document (0-based bounds)."""
    lines = text.splitlines()
    for number in range(after, min(before + 1, len(lines))):
        if lines[number].startswith("---"):
            return number + 1
    return before + 1


def _expanded_size(root: yaml.Node) -> tuple[int, yaml.Node | None]:
    """Nodes after expanding every alias, counted without expanding (memoised),
    and the node that contains itself, if one does (an endless alias).
    """
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    # iterative post-order walk: deep nesting must not hit Python's recursion limit
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            in_progress.discard(key)
            sizes[key] = min(1 + sum(sizes[id(c)] for c in _children(node)), 10**12)
            continue
        if key in sizes:
            continue
        if key in in_progress:
            return 10**12, node
        in_progress.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in in_progress:
                return 10**12, child
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)], None


class _Converter:
    def __init__(self, file: str, problems: Problems, env_tags: bool = False, lines: list[str] | None = None):
        self.file = file
        self.lines = lines or []
        self.problems = problems
        self.active: set[int] = set()
        self.env_tags = env_tags
        # a value can start with '&' or '!' only in a file that has one: most files skip the check
        self.properties = not env_tags and any("&" in line or "!" in line for line in self.lines)

    def convert(self, node: yaml.Node, depth: int) -> Node:
        # called for every key and value (60,000 in a large project): positions worked out inline
        start, end = node.start_mark, node.end_mark
        line, column = start.line + 1, start.column + 1
        length = end.column - start.column if end.line == start.line and end.column > start.column else 1
        if id(node) in self.active:
            _alias_problem(self.problems, Location(self.file, line, column, length))
            raise _Abort
        if depth > MAX_DEPTH:
            self.problems.add(
                "yaml-too-deep",
                f"Values are nested more than {MAX_DEPTH} levels deep here.",
                Location(self.file, line, column, length),
                expected="the few levels this format uses",
                hint="Check the brackets and indentation around this line.",
            )
            raise _Abort
        end_line = end.line + 1
        if self.env_tags and node.tag == "!ENV":
            value = _environment_value(node)
            return Node("scalar", self.file, line, column, length, value or "", bool(value), end_line=end_line)
        if isinstance(node, yaml.ScalarNode):
            if self.properties and self._starts_with_property(node):
                self._check_properties(node, line, column, length)
            return Node("scalar", self.file, line, column, length, node.value, node.style not in (None, ""),
                        end_line=end_line)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                items = tuple(self.convert(n, depth + 1) for n in node.value)
                return Node("list", self.file, line, column, length, items=items, end_line=end_line)
            return Node("mapping", self.file, line, column, length, entries=self._entries(node, depth),
                        end_line=end_line)
        finally:
            self.active.discard(id(node))

    def _starts_with_property(self, node: yaml.ScalarNode) -> bool:
        """Whether the plain value is written after a '&' or '!' (asked of every value: kept cheap)."""
        row, col = node.start_mark.line, node.start_mark.column
        return row < len(self.lines) and self.lines[row][col : col + 1] in ("&", "!")

    def _check_properties(self, node: yaml.ScalarNode, line_number: int, column: int, length: int) -> None:
        """A value written '&Co repairs' or '!important' loses its first word to YAML
        (an anchor or a tag) without a sound: in data files that is refused."""
        line = self.lines[node.start_mark.line] if node.start_mark.line < len(self.lines) else ""
        first = line[node.start_mark.column : node.start_mark.column + 1]
        if first not in ("&", "!"):
            return
        location = Location(self.file, line_number, column, length)
        start, end = node.start_mark, node.end_mark
        written = (line[start.column : end.column] if end.line == start.line else line[start.column :]).strip()
        meaning = "an anchor name" if first == "&" else "a type tag"
        self.problems.add(
            "yaml-syntax",
            f"This value starts with {quote(written.split()[0])}, which YAML reads as {meaning} "
            "and drops from the text.",
            location,
            expected="text that does not start with '&' or '!', or text in quotes",
            found=quote(written),
            hint="Put the whole value in double quotes, like \"" + written.replace('"', "'") + "\".",
        )

    def _scalar(self, node: yaml.ScalarNode) -> Node:
        """:meth:`convert` for a scalar below the depth limit, inline: most nodes are the plain
        scalars of a mapping (a large landlord's 25,000 `id: value` results), and a method call
        less for each is a tenth of the conversion."""
        start, end = node.start_mark, node.end_mark
        column = start.column + 1
        length = end.column - start.column if end.line == start.line and end.column > start.column else 1
        if self.properties and self._starts_with_property(node):
            self._check_properties(node, start.line + 1, column, length)
        return Node("scalar", self.file, start.line + 1, column, length, node.value, node.style not in (None, ""),
                    end_line=end.line + 1)

    def _entries(self, node: yaml.MappingNode, depth: int) -> dict[str, tuple[Node, Node]]:
        entries: dict[str, tuple[Node, Node]] = {}
        # a scalar is never its own ancestor (only collections are), and one level down is in bounds
        inline = not self.env_tags and depth + 1 <= MAX_DEPTH
        scalar = yaml.ScalarNode
        for key_yaml, value_yaml in node.value:
            if inline and type(key_yaml) is scalar:
                key = self._scalar(key_yaml)
            else:
                key = self.convert(key_yaml, depth + 1)
            if inline and type(value_yaml) is scalar:
                value = self._scalar(value_yaml)
            else:
                value = self.convert(value_yaml, depth + 1)
            if key.kind != "scalar":
                self.problems.add(
                    "wrong-type",
                    "A key here is a list or mapping; keys are single words such as 'title'.",
                    key.location,
                    expected="a word followed by a colon",
                )
                continue
            if key.text == "<<" and not key.quoted:
                self.problems.add(
                    "unknown-key",
                    "The merge key '<<' is not supported in these files.",
                    key.location,
                    hint="Write the keys out in full.",
                )
                continue
            if key.text in entries:
                first = entries[key.text][0]
                self.problems.add(
                    "duplicate-key",
                    f"The key '{key.text}' appears twice here; it was first given on line {first.line}.",
                    key.location,
                    expected="each key once in a mapping",
                    hint="Delete one of them, or merge what they say.",
                )
                continue
            entries[key.text] = (key, value)
        return entries


def _environment_value(node: yaml.Node) -> str | None:
    """MkDocs' ``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``: the first variable set, else the default."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [node.value], None
    elif isinstance(node, yaml.SequenceNode) and all(isinstance(n, yaml.ScalarNode) for n in node.value):
        values = [n.value for n in node.value]
        names, default = (values[:-1], values[-1]) if len(values) > 1 else (values, None)
    else:
        return None
    for name in names:
        if name in os.environ:
            return os.environ[name]
    return default


_PLAIN_WORDS = {
    "mapping values are not allowed": (
        "A colon ':' is in an unexpected place.",
        "If a value contains ': ', put the whole value in quotes; otherwise check the indentation.",
    ),
    "could not find expected ':'": (
        "A line here is not of the form 'key: value'.",
        "Check for a missing colon, or a value that runs on to the next line without quotes.",
    ),
    "did not find expected key": (
        "This line does not line up with the lines around it, or something follows a value "
        "that has already ended (such as text after a closing quote or bracket).",
        "Indent the keys of the same item by the same number of spaces, and put a value "
        "that contains quotes or brackets inside one pair of quotes.",
    ),
    "did not find expected '-' indicator": (
        "The indentation of this line does not line up with the lines above it.",
        "Indent the keys of one item by the same number of spaces, and start every item "
        "of a list with '- ' at the same indentation.",
    ),
    "did not find expected ',' or": (
        "A bracket opened here is not closed, or its items are not separated by commas.",
        "Check that every '{' has a matching '}' and every '[' a matching ']', with a comma "
        "between the items inside.",
    ),
    "duplicate anchor": (
        "The same anchor (&name) is defined twice.",
        "Write the values out in full instead of using '&' anchors and '*' aliases.",
    ),
    "block sequence entries are not allowed": (
        "A list item ('- ') cannot start here, on the same line as the key before it.",
        "Start the list on the next line, indented, with '- ' in front of each item.",
    ),
    "found character that cannot start any token": (
        "A value here starts with a character that YAML keeps for itself (such as @, ` or %).",
        "Put the whole value in quotes, like \"@home we fix it\".",
    ),
    "did not find expected alphabetic or numeric character": (
        "A value here starts with '*' or '&', which YAML reads as an alias or an anchor.",
        "Put the whole value in quotes, like \"*Great* year\".",
    ),
    "did not find expected node content": (
        "A value is missing here, for example between two commas.",
        "Remove the extra comma, or write the missing value.",
    ),
    "found undefined alias": (
        "An alias (*name) refers to an anchor (&name) that is not defined above it.",
        "Write the value out in full.",
    ),
    "found unexpected end of stream": (
        "A quote opened here is never closed: the rest of the file is read as one value.",
        "Add the closing quote at the end of the value, or remove the opening one.",
    ),
    "found unknown escape character": (
        "A backslash in double quotes starts an escape YAML does not know.",
        "Use single quotes around text with backslashes, or write \\\\ for a backslash.",
    ),
}


# Problems best shown where the construct they are about begins (the opening quote
# or bracket), not where the parser gave up, which may be the end of the file.
_AT_CONTEXT = ("while scanning a quoted scalar", "while parsing a flow", "while scanning an alias",
               "while scanning an anchor")


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, file: str, problems: Problems) -> None:
    mark = exc.problem_mark or exc.context_mark
    context = (exc.context or "").strip()
    if exc.context_mark is not None and context.startswith(_AT_CONTEXT):
        mark = exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines() or [""]
    line = min(line, len(lines) + 1)
    raw = f"{exc.problem or ''} {context}".strip()
    tab_line = _first_tab_indent(lines, line)
    if "\t" in (exc.problem or "") or "tab" in (exc.problem or "") or tab_line:
        where = tab_line or line
        problems.add(
            "yaml-tab",
            "A tab is used to indent this line; YAML files must be indented with spaces.",
            Location(file, where, 1, 1),
            expected="spaces for indentation",
            hint="Replace the tab with spaces (most editors have a setting to do this).",
        )
        return
    if "nesting depth" in raw:
        problems.add(
            "yaml-too-deep",
            "Values are nested too deeply here (too many brackets inside brackets).",
            Location(file, line, column),
            expected="the few levels this format uses",
            hint="Check the brackets around this line.",
        )
        return
    for phrase, (message, hint) in _PLAIN_WORDS.items():
        if phrase in raw:
            break
    else:
        message, hint = f"This is not valid YAML: {(exc.problem or 'syntax error').strip()}.", None
    if "did not find expected key" in raw and _closed_quote_before(lines, line, column):
        message = "Text follows the closing quote of a value on this line, so the value ends too early."
        hint = ("Put the whole value in double quotes (\"It's good\"), or, inside single quotes, "
                "write an apostrophe as two: 'It''s good'.")
    if "mapping values are not allowed" in raw or "could not find expected ':'" in raw:
        squeezed = _colon_without_space(lines, line)
        if squeezed:
            message = "The colon here has no space after it, so YAML does not read this line as 'key: value'."
            hint = "Put a space after the colon: 'key: value'."
            line, column = squeezed, lines[squeezed - 1].index(":") + 1
    problems.add("yaml-syntax", message, Location(file, line, column), expected="valid YAML", hint=hint)


def _first_tab_indent(lines: list[str], up_to: int) -> int | None:
    for number, line in enumerate(lines[:up_to], start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            return number
    return None


def _colon_without_space(lines: list[str], line: int) -> int | None:
    """The line before ``line`` when it reads like 'key:value' (no space after the colon)."""
    for number in range(line - 1, 0, -1):
        before = lines[number - 1].strip()
        if not before or before.startswith("#"):
            continue
        if ": " not in before and not before.endswith(":") and re.match(r"^(- )?[\w-]+:[^\s/]", before):
            return number
        return None
    return None


def _closed_quote_before(lines: list[str], line: int, column: int) -> bool:
    """Whether the problem follows a quoted value on its line ('it's' or "a" "b")."""
    if not 0 < line <= len(lines):
        return False
    before = lines[line - 1][: column - 1].rstrip()
    return before.endswith(("'", '"'))


# -- what the reader wrote, in words ----------------------------------------------------


KIND_WORDS = {"scalar": "a single value", "list": "a list", "mapping": "a mapping of keys and values"}


def describe(node: Node) -> str:
    """What the reader wrote, in words, for 'found' in a message."""
    if node.kind != "scalar":
        return KIND_WORDS[node.kind]
    if node.is_null:
        return "nothing"
    return quote(node.text)
