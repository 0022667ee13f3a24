"""Find and read the project's files: mkdocs.yml's `standards` block and the data files.

No schema knowledge here: files become :class:`Node` trees (or problems).
Nothing is ever written.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Location, Problems, quote
from .yaml_source import Node, decode, parse

MAX_BYTES = 5 * 1024 * 1024
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
    files_read: int = 0


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
    config = read_config(config_path, root, problems)
    if config is not None:
        sources.plugin, sources.plugin_at = find_plugin(config, sources.config_file, problems)
    sources.standards = _read_folder(root, "standards", problems, required=True)
    sources.performance = _read_folder(root, "performance", problems, required=False)
    sources.files_read = 1 + len(sources.standards) + len(sources.performance)
    return sources


def read_file(path: Path, root: Path, problems: Problems) -> Node | None:
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
                f"{rel} is {info.st_size / 1024 / 1024:.1f} MB; data files may be at most 5 MB.",
                Location(rel),
                expected="a file of at most 5 MB",
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
    return None if text is None else parse(text, rel, problems)


def _read_folder(root: Path, name: str, problems: Problems, required: bool) -> list[tuple[str, Node]]:
    folder = root / name
    if not folder.is_dir():
        if required:
            problems.add(
                "file-unreadable",
                f"There is no '{name}' folder beside mkdocs.yml.",
                Location(_relative(root / "mkdocs.yml", root)),
                expected=f"a folder '{name}/' holding one YAML file per service area",
                hint=f"Create '{name}/' next to mkdocs.yml.",
            )
        return []
    found = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or not path.name.endswith(DATA_SUFFIXES):
            continue  # editor backups, hidden files and notes are not data
        tree = read_file(path, root, problems)
        if tree is not None:
            found.append((_relative(path, root), tree))
    return found


def _relative(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


# -- mkdocs.yml -----------------------------------------------------------------


def read_config(path: Path, root: Path, problems: Problems, seen: tuple[Path, ...] = ()) -> Node | None:
    """mkdocs.yml as a tree, with `INHERIT:` files merged in as MkDocs does."""
    tree = read_file(path, root, problems)
    if tree is None or tree.kind != "mapping":
        if tree is not None:
            problems.add("wrong-type", "mkdocs.yml should be a mapping of settings.", tree.location)
        return None
    inherit = tree.get("INHERIT")
    if inherit is None:
        return tree
    parent_path = (path.parent / inherit.text.strip()).resolve() if inherit.kind == "scalar" else None
    if parent_path is None or not parent_path.is_file() or parent_path in seen + (path,):
        problems.add(
            "config-inherit",
            f"INHERIT names {quote(inherit.text if inherit.kind == 'scalar' else '')}, "
            "which cannot be read (missing, or inheriting itself).",
            inherit.location,
            expected="the path of another MkDocs configuration file, relative to this one",
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


def find_plugin(config: Node, config_file: str, problems: Problems) -> tuple[Node | None, Location | None]:
    """The `standards` plugin's options node and where it is named."""
    plugins = config.get("plugins")
    if plugins is not None and plugins.kind == "list":
        for item in plugins.items:
            if item.kind == "scalar" and item.text.strip() == PLUGIN_NAME:
                return None, item.location
            if item.kind == "mapping" and PLUGIN_NAME in item.entries:
                return item.get(PLUGIN_NAME), item.key_node(PLUGIN_NAME).location  # type: ignore[union-attr]
    elif plugins is not None and plugins.kind == "mapping" and PLUGIN_NAME in plugins.entries:
        return plugins.get(PLUGIN_NAME), plugins.key_node(PLUGIN_NAME).location  # type: ignore[union-attr]
    at = config.key_node("plugins")
    problems.add(
        "config-no-plugin",
        "mkdocs.yml does not list the 'standards' plugin, so there are no organisation settings.",
        at.location if at else Location(config_file),
        expected="a 'standards' entry under 'plugins:' with at least 'organisation:'",
        hint="Add under 'plugins:':  - standards:  then  organisation: Your Name.",
    )
    return None, None
