"""Find and read the project's files: mkdocs.yml's `standards` block and the data files.

No schema knowledge here: files become :class:`Node` trees (or problems).
Nothing is ever written.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from generator.problems import Location, Problems, quote
from generator.source.yaml import Node, decode, parse

# The largest data file read (a file of exactly this size is read), and how messages and the guide say it
MAX_BYTES = 5 * 1024 * 1024
MAX_SIZE = f"{MAX_BYTES // (1024 * 1024)} MB"
DATA_SUFFIXES = (".yaml", ".yml")
PLUGIN_NAME = "standards"


class ConfigNotFound(Exception):
    """No mkdocs.yml where the command looked: a command-line problem, not a data one."""


@dataclass
class Sources:
    """Everything read from disk, ready for validation."""

    root: Path
    config_file: str
    plugin: Node | None = None  # the `standards` block, None when not there
    plugin_at: Location | None = None
    standards: list[tuple[str, Node]] = field(default_factory=list)  # (relative file, tree)
    performance: list[tuple[str, Node]] = field(default_factory=list)
    actions: list[tuple[str, Node]] = field(default_factory=list)  # actions/<plan>.yaml
    files_read: int = 0
    # Every file in standards/ that looks like data, read or not: its stem is an area id,
    # so commentary for an area whose file has an error is not reported again.
    area_files: list[str] = field(default_factory=list)
    # Ids written in standards files that could not be read as YAML, found line by line,
    # so results for them are not also reported as unknown ids.
    unread_ids: set[str] = field(default_factory=set)
    no_standards_folder: bool = False  # then no result can be matched to a standard
    # Performance files that look like data but could not be read: then "never reported"
    # and "gap" warnings would be guesses, so they are not given.
    unread_performance: list[str] = field(default_factory=list)


def find_config(config_file: str | os.PathLike | None = None, cwd: Path | None = None) -> Path:
    path = Path(config_file) if config_file else (cwd or Path.cwd()) / "mkdocs.yml"
    if not config_file and not path.exists() and path.with_suffix(".yaml").exists():
        path = path.with_suffix(".yaml")
    if not path.is_file():
        raise ConfigNotFound(
            f"Cannot find {path}. Run the command in the folder that holds mkdocs.yml, "
            "or name it with -f/--config-file."
        )
    return path.resolve()


def load_sources(config_path: Path, problems: Problems) -> Sources:
    root = config_path.parent
    sources = Sources(root=root, config_file=_relative(config_path, root))
    before = len(problems.items)
    config = read_config(config_path, root, problems)
    if config is not None:
        # when an INHERIT file could not be read, the plugin may well be in it: one message
        inherit_failed = any(p.code == "config-inherit" for p in problems.items[before:])
        sources.plugin, sources.plugin_at = find_plugin(config, sources.config_file, problems,
                                                        quiet=inherit_failed)
    sources.standards = _read_folder(root, "standards", problems, required=True, sources=sources)
    sources.performance = _read_folder(root, "performance", problems, required=False,
                                       unread=sources.unread_performance)
    # actions/ is optional: a project without it reads exactly as before
    sources.actions = _read_folder(root, "actions", problems, required=False)
    sources.files_read = 1 + len(sources.standards) + len(sources.performance) + len(sources.actions)
    return sources


# 'id: x' at the start of a line or list item, or inside braces: '- {id: x, title: ...}'
_ID_LINE = re.compile(r"(?:^[ \t]*(?:-[ \t]+)?|[{,][ \t]*)id[ \t]*:[ \t]*['\"]?([^'\"#\s,{}\[\]]+)", re.MULTILINE)


def ids_in_text(path: Path) -> set[str]:
    """Ids written in a file that could not be read as YAML, found line by line (best effort)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES)
    except OSError:
        return set()
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    text = data.decode("utf-16" if utf16 else "utf-8-sig", "replace")
    return set(_ID_LINE.findall(text.replace("\x00", "")))


def read_file(path: Path, root: Path, problems: Problems, env_tags: bool = False) -> Node | None:
    """One YAML file as a tree, after the checks every data file gets."""
    rel = _relative(path, root)
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            target = path.resolve()
            if root.resolve() not in target.parents:
                problems.add(
                    "file-unreadable",
                    f"{rel} is a link to {quote(str(target))}, outside the project folder.",
                    Location(rel),
                    expected="data files inside the project",
                    hint="Copy the file into the project instead of linking to it.",
                )
                return None
            info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            what = "a folder" if stat.S_ISDIR(info.st_mode) else "not an ordinary file"
            problems.add(
                "file-unreadable",
                f"{rel} is {what}, but its name ends in {path.suffix} like a data file.",
                Location(rel),
                expected="an ordinary YAML file",
                hint="Rename it or move it out of this folder.",
            )
            return None
        if info.st_size > MAX_BYTES:
            problems.add(
                "file-too-large",
                f"{rel} is {info.st_size:,} bytes, over the limit of {MAX_SIZE} ({MAX_BYTES:,} bytes) for data files.",
                Location(rel),
                expected=f"a file of at most {MAX_SIZE}",
                hint="Split it, or check that it is the right file.",
            )
            return None
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        problems.add(
            "file-unreadable",
            f"{rel} cannot be read: {exc.strerror or exc}.",
            Location(rel),
            expected="a readable file",
        )
        return None
    text = decode(data, rel, problems)
    return None if text is None else parse(text, rel, problems, env_tags=env_tags)


def _read_folder(
    root: Path,
    name: str,
    problems: Problems,
    required: bool,
    sources: Sources | None = None,
    unread: list[str] | None = None,
) -> list[tuple[str, Node]]:
    folder = root / name
    if folder.exists() and not folder.is_dir():
        problems.add(
            "file-unreadable",
            f"'{name}' beside mkdocs.yml is a file, but it should be a folder of YAML files.",
            Location(name),
            expected=f"a folder '{name}/'",
            hint=f"Rename the file '{name}', and create a folder called '{name}' in its place.",
        )
        if sources is not None:
            sources.no_standards_folder = True
        return []
    config_name = sources.config_file if sources is not None else "mkdocs.yml"
    if not folder.is_dir():
        if sources is not None:
            sources.no_standards_folder = True
        if required:
            problems.add(
                "file-unreadable",
                f"There is no '{name}' folder beside {config_name}.",
                Location(config_name),
                expected=f"a folder '{name}/' holding one YAML file per service area",
                hint=f"Create '{name}/' next to mkdocs.yml.",
            )
        return []
    found = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or not path.name.endswith(DATA_SUFFIXES):
            if not path.name.startswith(".") and path.name.lower().endswith(DATA_SUFFIXES):
                _not_lowercase(path, root, problems)
            continue  # editor backups, hidden files and notes are not data
        tree = read_file(path, root, problems)
        if sources is not None:
            sources.area_files.append(_relative(path, root))
            if tree is None and path.is_file() and _inside(path, root):
                sources.unread_ids |= ids_in_text(path)
        if tree is not None:
            found.append((_relative(path, root), tree))
        elif unread is not None:
            unread.append(_relative(path, root))
    return found


def _not_lowercase(path: Path, root: Path, problems: Problems) -> None:
    """repairs.YAML: meant as data, but not read (only .yaml and .yml are, as on a case-sensitive disk)."""
    stem, suffix = path.name[: -len(path.suffix)], path.suffix
    problems.add(
        "data-file-name",
        f"{_relative(path, root)} is not read: its name ends in {quote(suffix)}, and only names ending in "
        "'.yaml' or '.yml', in small letters, are data files.",
        Location(_relative(path, root)),
        expected="a name ending in .yaml",
        found=quote(path.name),
        hint=f"Rename it to {quote(stem + suffix.lower())}.",
    )


def _inside(path: Path, root: Path) -> bool:
    return root.resolve() in path.resolve().parents


def _relative(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


# -- mkdocs.yml -----------------------------------------------------------------


def read_config(path: Path, root: Path, problems: Problems, seen: tuple[Path, ...] = ()) -> Node | None:
    """mkdocs.yml as a tree, with `INHERIT:` files merged in as MkDocs does."""
    tree = read_file(path, root, problems, env_tags=True)
    if tree is None or tree.kind != "mapping":
        if tree is not None:
            problems.add("wrong-type", "mkdocs.yml should be a mapping of settings.", tree.location)
        return None
    inherit = tree.get("INHERIT")
    if inherit is None:
        return tree
    name = inherit.text.strip() if inherit.kind == "scalar" and not inherit.is_null else ""
    parent_path = (path.parent / name).resolve() if name else None
    if parent_path is None or not parent_path.is_file() or parent_path in seen + (path,):
        if not name:
            why = "INHERIT should name another MkDocs settings file, but it is empty or not a file name."
        elif parent_path in seen + (path,):
            why = f"INHERIT names {quote(name)}, which inherits back from this file, in a loop."
        else:
            why = f"INHERIT names {quote(name)}, but there is no such file."
        problems.add(
            "config-inherit",
            why,
            inherit.location,
            expected="the path of another MkDocs settings file, relative to this one",
            found=quote(name) if name else None,
            hint="Check the file name and folder, or remove the INHERIT line.",
        )
        return tree
    parent = read_config(parent_path, root, problems, seen + (path,))
    return tree if parent is None else merge(parent, tree)


def merge(parent: Node, child: Node) -> Node:
    """MkDocs' INHERIT rule: mappings merge key by key, the child wins; other values are replaced."""
    if parent.kind != "mapping" or child.kind != "mapping":
        return child
    entries = dict(parent.entries)
    for key, key_node, value in child.pairs():
        if key == "INHERIT":
            continue
        old = entries.get(key)
        entries[key] = (key_node, merge(old[1], value) if old else value)
    return Node("mapping", child.file, child.line, child.column, child.length, entries=entries)


def find_plugin(
    config: Node, config_file: str, problems: Problems, quiet: bool = False
) -> tuple[Node | None, Location | None]:
    """The `standards` plugin's options node and where it is named (``quiet``: no error if absent)."""
    plugins = config.get("plugins")
    if plugins is not None and plugins.kind == "list":
        for item in plugins.items:
            if item.kind == "scalar" and item.text.strip() == PLUGIN_NAME:
                return None, item.location
            if item.kind == "mapping" and PLUGIN_NAME in item.entries:
                if len(item.entries) > 1 and not quiet:
                    return _misindented(item, problems)
                return item.get(PLUGIN_NAME), item.key_node(PLUGIN_NAME).location  # type: ignore[union-attr]
    elif plugins is not None and plugins.kind == "mapping" and PLUGIN_NAME in plugins.entries:
        return plugins.get(PLUGIN_NAME), plugins.key_node(PLUGIN_NAME).location  # type: ignore[union-attr]
    at = config.key_node("plugins")
    if quiet:
        return None, None
    problems.add(
        "config-no-plugin",
        "mkdocs.yml does not list the 'standards' plugin, so there are no organisation settings.",
        at.location if at else Location(config_file),
        expected="a 'standards' entry under 'plugins:' with at least 'organisation:'",
        hint="Add under 'plugins:':  - standards:  then  organisation: Your Name.",
    )
    return None, None


def _misindented(item: Node, problems: Problems) -> tuple[None, None]:
    """'- standards:' followed by its settings at the same indentation, not under it."""
    plugin_key = item.key_node(PLUGIN_NAME)
    for key, key_node, _ in item.pairs():
        if key != PLUGIN_NAME:
            problems.add(
                "unknown-key",
                f"{quote(key)} is not indented under 'standards:', so MkDocs reads it as a plugin of its own.",
                key_node.location,
                expected=f"the settings indented further than 'standards:' (column {plugin_key.column})",  # type: ignore[union-attr]
                found=f"{quote(key)} at column {key_node.column}",
                hint="Add spaces in front of it, so it starts further right than 'standards'.",
            )
    return None, None


PACKAGE = Path(__file__).resolve().parent.parent


def ours() -> Path:
    """The tool's own templates, CSS, fonts and colour profile (package data, generator/templates/)."""
    return PACKAGE / "templates"
