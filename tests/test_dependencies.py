"""Every library the package imports is one pyproject.toml declares: an installed wheel pulls in
exactly what it needs, not what happened to come with something else (issue 10)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from generator.newsletter import files

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator"
# run by hand by a maintainer, never imported by the package: its libraries are an extra
TOOLS = {PACKAGE / "templates" / "make_font_subsets.py": "fonts"}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _names(requirements: list[str]) -> set[str]:
    """The distributions named by requirement strings ('pillow>=10', 'fonttools[woff]>=4')."""
    return {_canonical(re.match(r"[A-Za-z0-9._-]+", r.strip()).group(0)) for r in requirements}


def _declared() -> tuple[set[str], dict[str, set[str]]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = {extra: _names(reqs) for extra, reqs in project.get("optional-dependencies", {}).items()}
    return _names(project["dependencies"]), extras


def _imported(path: Path) -> set[str]:
    """The top-level modules a file imports that are neither the standard library nor ours."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return {name for name in found if name not in sys.stdlib_module_names and name not in ("generator", "__future__")}


def _distribution(module: str) -> str:
    owners = packages_distributions().get(module)
    assert owners, f"'{module}' is imported but no installed distribution provides it"
    return _canonical(owners[0])


def _undeclared() -> list[str]:
    required, extras = _declared()
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        allowed = required | extras.get(TOOLS.get(path, ""), set())
        for module in sorted(_imported(path)):
            if _distribution(module) not in allowed:
                missing.append(f"{path.relative_to(ROOT)} imports {module} ({_distribution(module)})")
    return missing


def test_every_import_is_a_declared_dependency():
    assert _undeclared() == []


def test_the_scan_sees_imports_that_come_only_with_another_package():
    """The check itself: markdown arrives with MkDocs and markupsafe with Jinja2, so only a
    scan of the imports (not a try in a venv) shows they must be declared."""
    assert _imported(PACKAGE / "present" / "markup.py") >= {"markdown", "markupsafe"}
    assert _distribution("PIL") == "pillow" and _distribution("yaml") == "pyyaml"


def test_every_library_whose_version_is_in_a_stamp_is_declared(monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(files, "version", lambda name: asked.append(name) or "0")
    files._versions.cache_clear()
    try:
        files._versions()
    finally:
        files._versions.cache_clear()
    required, _ = _declared()
    assert asked and sorted(_canonical(name) for name in asked if _canonical(name) not in required) == []


@pytest.mark.parametrize("requirement, name", [
    ("pillow>=10", "pillow"),
    ("fonttools[woff]>=4.38", "fonttools"),
    ("mkdocs-material>=9.5,<10", "mkdocs-material"),
    ("PyYAML>=6", "pyyaml"),
    ("weasyprint>=70,<71  ", "weasyprint"),
])
def test_requirement_names(requirement, name):
    assert _names([requirement]) == {name}
