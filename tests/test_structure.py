"""The shape of generator/: each package says what it may import (MAY_IMPORT in its __init__.py),
and these tests read every import in the code (lazy ones inside functions included) against it.

The stages follow the data: source -> registry -> model -> validate -> assess -> present ->
report -> site / newsletter -> commands -> cli.  Dependencies point down that list only.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "generator"

# The modules at the top of generator/: what each may import (the packages declare their own).
TOP_LEVEL = {
    "generator": (),
    "generator.problems": (),
    "generator.model": ("problems", "registry"),
    "generator.pipeline": ("problems", "source", "registry", "model", "validate", "assess", "present"),
    "generator.cli": ("generator", "commands", "registry"),
    "generator.__main__": ("cli",),
}
# Libraries that only one module may import, so that replacing one costs one module.
ONLY_HERE = {
    "mkdocs": {"generator.site.plugin"},
    "weasyprint": {"generator.newsletter.pdf"},
    "pikepdf": {"generator.newsletter.pdf"},
    "ruamel": {"generator.edit.yaml"},
}
# Where a stage reaches across to a sibling through its public entry point, and why.
ALLOWED_ACROSS = {
    # plain `mkdocs build` must publish the same site as `standards build`: the plugin makes the
    # newsletters through the newsletter package's one public function
    ("generator.site.plugin", "generator.newsletter.files"),
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "templates" in path.relative_to(PACKAGE).parts:
            continue  # package data (a maintainer's font script), not code of the package
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> list[tuple[str, int]]:
    """(module imported, line) for every import in the file, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: imports are absolute (from generator.x import y)"
            base = node.module or ""
            for alias in node.names:
                # 'from generator.site import charts' imports the module generator.site.charts
                candidate = f"{base}.{alias.name}"
                found.append((candidate if candidate in MODULES else base, node.lineno))
    return found


def _stage(module: str) -> str:
    """The package a module belongs to ('site'), or the module itself at the top ('model')."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "generator"


def _declared(stage: str) -> tuple[str, ...] | None:
    init = PACKAGE / stage / "__init__.py"
    if not init.is_file():
        return None
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "MAY_IMPORT" for t in node.targets):
            return tuple(ast.literal_eval(node.value))
    return None


def _allowed(module: str) -> tuple[str, ...]:
    if module in TOP_LEVEL:
        return TOP_LEVEL[module]
    declared = _declared(_stage(module))
    assert declared is not None, f"generator/{_stage(module)}/__init__.py declares no MAY_IMPORT"
    return declared


def test_every_package_says_what_it_may_import():
    packages = sorted({_stage(m) for m in MODULES if m.count(".") >= 1 and (PACKAGE / _stage(m)).is_dir()})
    assert packages, "no packages found"
    missing = [p for p in packages if _declared(p) is None]
    assert missing == [], f"these packages declare no MAY_IMPORT in their __init__.py: {missing}"
    for module in MODULES:
        if (PACKAGE / _stage(module)).is_dir() or module in TOP_LEVEL:
            continue
        pytest.fail(f"{module} is at the top of generator/ but not in TOP_LEVEL: put it in a package or list it")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_follow_the_stages(module):
    own = _stage(module)
    allowed = set(_allowed(module)) | {own}
    wrong = []
    for imported, line in _imports(MODULES[module]):
        if not imported.startswith("generator"):
            continue
        target = _stage(imported) if imported != "generator" else "generator"
        if target in allowed or (module, imported) in ALLOWED_ACROSS:
            continue
        if imported == "generator":
            continue  # the package itself holds only __version__
        wrong.append(f"line {line}: {imported}")
    assert wrong == [], f"{module} ({own}) may import only {sorted(allowed)}; it imports {wrong}"


def test_the_declared_stages_have_no_cycle():
    graph = {stage: set(_declared(stage) or ()) for stage in {_stage(m) for m in MODULES if (PACKAGE / _stage(m)).is_dir()}}
    graph.update({_stage(m): set(allowed) for m, allowed in TOP_LEVEL.items()})

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == goal or (nxt not in seen and (seen.add(nxt) or reaches(nxt, goal, seen))):
                return True
        return False

    cycles = sorted(stage for stage in graph if reaches(stage, stage, set()))
    assert cycles == [], f"these stages may import one another in a circle: {cycles}"


def test_no_module_imports_itself_round_a_cycle():
    graph: dict[str, set[str]] = defaultdict(set)
    for module, path in MODULES.items():
        for imported, _ in _imports(path):
            if imported in MODULES and imported != module:
                graph[module].add(imported)
    # a package's __init__ is imported with any of its modules: count it as part of none
    inits = {m for m, p in MODULES.items() if p.name == "__init__.py"}
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node] - inits):
            if state.get(nxt) == 1:
                pytest.fail("import cycle: " + " -> ".join(trail[trail.index(nxt):] + [nxt]))
            if nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2
        order.append(node)

    for module in sorted(MODULES):
        if module not in state:
            visit(module, [module])


@pytest.mark.parametrize("library", sorted(ONLY_HERE))
def test_each_outside_engine_is_imported_in_one_module(library):
    importers = {module for module, path in MODULES.items()
                 if any(name == library or name.startswith(library + ".") for name, _ in _imports(path))}
    assert importers <= ONLY_HERE[library], f"{library} is imported by {sorted(importers - ONLY_HERE[library])}"
    assert importers, f"no module imports {library} any more: update ONLY_HERE"


def test_nothing_below_the_site_and_the_newsletters_imports_them():
    below = {"source", "registry", "output", "validate", "assess", "present", "report", "problems", "model", "pipeline"}
    offenders = [f"{module}: {imported}" for module, path in MODULES.items() if _stage(module) in below
                 for imported, _ in _imports(path) if _stage(imported) in {"site", "newsletter", "commands"}]
    assert offenders == []


def test_the_rules_catch_a_wrong_import(tmp_path, monkeypatch):
    """The test above can fail: an assess module importing the site is caught."""
    wrong = tmp_path / "bad.py"
    wrong.write_text("from generator.site.pages import render_site\n", encoding="utf-8")
    monkeypatch.setitem(MODULES, "generator.assess.bad", wrong)
    with pytest.raises(AssertionError, match="generator.site.pages"):
        test_imports_follow_the_stages("generator.assess.bad")
