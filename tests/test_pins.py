"""Pinned and warned (issue 16).  The site engines' pins: constraints.txt, the versions installed and
the `zensical` extra are all the versions generator/registry/engines.py says are tested, one row a
distribution.  The warning: `standards build` and `serve` say when Material for MkDocs ends, in our
own words, instead of Material's banner (replaced, not hidden)."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from generator.commands.common import NO_EOL_NOTE_ENV, end_of_life_note
from generator.registry.engines import ENGINES, MATERIAL_END_OF_LIFE

from .conftest import AREA, PERIOD, run_standards

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / "constraints.txt"
REGISTRY = "generator/registry/engines.py"

# (engine, distribution, the version tested): the registry as a table
ROWS = [(engine.name, name, tested) for engine in ENGINES.values() for name, tested in engine.distributions]
IDS = [f"{engine}-{name}" for engine, name, _ in ROWS]
# the engines a plain install brings (pyproject.toml's dependencies); the experimental ones come by an extra
INSTALLED = [row for row in ROWS if not ENGINES[row[0]].experimental]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lines: list[str]) -> dict[str, str]:
    """name -> version of every `name==version` requirement; anything else is named, to be fixed."""
    pins = {}
    for line in lines:
        requirement = Requirement(line)
        exact = [spec.version for spec in requirement.specifier if spec.operator == "=="]
        assert len(exact) == 1 and len(requirement.specifier) == 1, f"'{line}' is not one exact pin (name==version)"
        pins[_canonical(requirement.name)] = exact[0]
    return pins


def _constraints() -> dict[str, str]:
    lines = [line.split("#")[0].strip() for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines()]
    return _pins([line for line in lines if line])


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


@pytest.mark.parametrize("engine, name, tested", ROWS, ids=IDS)
def test_constraints_pin_the_tested_version(engine, name, tested):
    pinned = _constraints().get(name)
    assert pinned == tested, (f"constraints.txt pins {name} at {pinned or 'no version'}, but {REGISTRY} says "
                              f"{tested} is the version of {name} tested for the '{engine}' engine: make them the same")


def test_constraints_pin_only_the_engines():
    extra = sorted(set(_constraints()) - {name for _, name, _ in ROWS})
    assert extra == [], (f"constraints.txt pins {', '.join(extra)}, which no engine in {REGISTRY} lists: "
                         "add it to the engine's distributions there, or remove the pin")


@pytest.mark.parametrize("engine, name, tested", ROWS, ids=IDS)
def test_installed_version_is_the_pin(engine, name, tested):
    try:
        installed = version(name)
    except PackageNotFoundError:
        installed = None
    assert installed == tested, (f"{name} {installed or 'is not installed'}{' is installed' if installed else ''}, "
                                 f"but the tests are for {tested} (constraints.txt): "
                                 "run `pip install -c constraints.txt -e '.[test]'` (make test does)")


@pytest.mark.parametrize("extra", ["zensical", "test"])
def test_the_zensical_extras_pin_the_tested_version(extra):
    """`pip install 'housing-standards[zensical]'` (what a landlord is told), and the tests' own install."""
    wanted = dict(ENGINES["zensical"].distributions)
    pinned = {name: v for name, v in _extra_pins(extra).items() if name in wanted}
    assert pinned == wanted, (f"pyproject.toml's '{extra}' extra pins {_shown(pinned) or 'no version of Zensical'}, "
                              f"but {REGISTRY} says {_shown(wanted)} is tested: make them the same")


def _shown(pins: dict[str, str]) -> str:
    return ", ".join(f"{name}=={v}" for name, v in sorted(pins.items()))


def _extra_pins(extra: str) -> dict[str, str]:
    """The exact pins of an extra (its ranges, like pytest>=8, left out)."""
    requirements = [Requirement(r) for r in _project()["optional-dependencies"][extra]]
    return {_canonical(r.name): next(iter(r.specifier)).version for r in requirements
            if len(r.specifier) == 1 and next(iter(r.specifier)).operator == "=="}


@pytest.mark.parametrize("engine, name, tested", INSTALLED, ids=[f"{e}-{n}" for e, n, _ in INSTALLED])
def test_the_wheel_ranges_admit_the_pin(engine, name, tested):
    """A landlord's wheel install keeps ranges (pyproject.toml's dependencies); the pin must lie
    inside them, or `pip install -c constraints.txt` cannot resolve."""
    ranges = {_canonical(r.name): r.specifier for r in map(Requirement, _project()["dependencies"])}
    assert name in ranges, f"pyproject.toml's dependencies do not name {name}, the '{engine}' engine's"
    assert ranges[name].contains(tested), (f"pyproject.toml allows {name}{ranges[name]}, which leaves out "
                                           f"{tested}, the version pinned in constraints.txt")


def test_make_installs_with_the_constraints():
    """`make test` fails at the install, before any test, when a pin no longer resolves."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    stamp = re.search(r"^\$\(STAMP\):(.*)\n((?:\t.*\n)+)", makefile, re.M)
    assert stamp, "the Makefile has no $(STAMP) rule (the install step)"
    assert "constraints.txt" in stamp.group(1).split(), "the Makefile's install step does not depend on constraints.txt"
    assert "-c constraints.txt" in stamp.group(2), "the Makefile's install step does not use -c constraints.txt"


def test_pins_are_read_as_pins():
    assert _pins(["mkdocs==1.6.1", "Mkdocs_Material == 9.8.2"]) == {"mkdocs": "1.6.1", "mkdocs-material": "9.8.2"}
    with pytest.raises(AssertionError, match="not one exact pin"):
        _pins(["mkdocs>=1.6"])


# -- the end-of-life note ----------------------------------------------------------------------

OUR_NOTE = "Note: Material for MkDocs, the theme this site is built with,"
MATERIALS_BANNER = "Material for MkDocs reaches end of life on"  # its own words (material/templates/__init__.py)


@pytest.mark.parametrize("today, words", [
    (datetime.date(2026, 1, 1), "reaches its end of life on 5 May 2027."),
    (MATERIAL_END_OF_LIFE, "reached its end of life on 5 May 2027 and gets no more fixes."),
])
def test_the_note_names_the_date_and_what_it_means(today, words, capsys, monkeypatch):
    monkeypatch.delenv(NO_EOL_NOTE_ENV, raising=False)
    end_of_life_note(today=today)
    out, err = capsys.readouterr()
    assert out == "", "the note is for people, on stderr: stdout stays the command's own output"
    assert err.startswith(OUR_NOTE) and words in err, err
    for part in ("keeps building with the tested versions", "Zensical", '"When Material for MkDocs ends"',
                 f"{NO_EOL_NOTE_ENV}=1"):
        assert part in err, f"the note does not say {part!r}: {err}"
    assert err.count("\n") == 1, "one note, on one line"


@pytest.mark.parametrize("value, shown", [("1", False), ("yes", False), ("0", True), ("", True)])
def test_the_note_can_be_switched_off(value, shown, capsys, monkeypatch):
    monkeypatch.setenv(NO_EOL_NOTE_ENV, value)
    end_of_life_note()
    assert (OUR_NOTE in capsys.readouterr().err) == shown, f"{NO_EOL_NOTE_ENV}={value!r}"


def test_no_note_for_an_engine_without_material(capsys, monkeypatch):
    monkeypatch.delenv(NO_EOL_NOTE_ENV, raising=False)
    end_of_life_note("zensical")
    assert capsys.readouterr().err == ""


def test_build_prints_our_note_once_and_not_materials_banner(make_project, tmp_path):
    """A real `standards build` (MkDocs in its own process, as a landlord runs it), with neither
    switch set; then a plain `mkdocs build` of the same project still shows Material's own banner:
    we replace it in our command, we do not hide it from MkDocs."""
    root = make_project({"standards/repairs.yaml": AREA, "performance/2021-22.yaml": PERIOD,
                         "docs/about.md": "# About us\n"})
    env = {k: v for k, v in os.environ.items() if k not in ("NO_MKDOCS_2_WARNING", NO_EOL_NOTE_ENV)}
    env.update(STANDARDS_NEWSLETTERS="0", PYTHONPATH=str(ROOT))  # the site alone: quick
    ours = subprocess.run([sys.executable, "-m", "generator", "build", "-d", str(tmp_path / "ours")], cwd=root,
                          capture_output=True, text=True, env=env, timeout=300)
    assert ours.returncode == 0, ours.stderr
    assert ours.stderr.count(OUR_NOTE) == 1, ours.stderr
    assert MATERIALS_BANNER not in ours.stderr + ours.stdout, "Material's banner as well as our note"
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "plain")], cwd=root,
                           capture_output=True, text=True, env=env, timeout=300)
    assert plain.returncode == 0, plain.stderr
    assert MATERIALS_BANNER in plain.stderr, "Material's banner has new words: update MATERIALS_BANNER"
    assert OUR_NOTE not in plain.stderr


def test_serve_prints_our_note_before_starting_mkdocs(make_project, monkeypatch):
    from generator.commands import serve

    monkeypatch.delenv(NO_EOL_NOTE_ENV, raising=False)
    monkeypatch.setattr(serve, "mkdocs", lambda *args: 0)  # no server: only what is printed before it
    run = run_standards("serve", cwd=make_project({"standards/repairs.yaml": AREA}))
    assert run.exit_code == 0 and run.stderr.count(OUR_NOTE) == 1, run.stderr


def test_the_readme_shows_the_note_as_printed(capsys, monkeypatch):
    monkeypatch.delenv(NO_EOL_NOTE_ENV, raising=False)
    end_of_life_note(today=MATERIAL_END_OF_LIFE - datetime.timedelta(days=1))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## When Material for MkDocs ends" in readme
    assert f"```\n{capsys.readouterr().err}```" in readme, "README.md's copy of the note differs from what is printed"


@pytest.mark.parametrize("page", ["README.md", "guide/publishing.md"])
def test_the_docs_say_when_and_how_to_switch_the_note_off(page):
    text = (ROOT / page).read_text(encoding="utf-8")
    assert "## When Material for MkDocs ends" in text, f"{page} has no section 'When Material for MkDocs ends'"
    section = text.split("## When Material for MkDocs ends", 1)[1].split("\n## ", 1)[0]
    when = f"{MATERIAL_END_OF_LIFE.day} {MATERIAL_END_OF_LIFE:%B %Y}"
    for part in (when, NO_EOL_NOTE_ENV, "Zensical"):
        assert part in section, f"{page}'s section 'When Material for MkDocs ends' does not say {part}"
