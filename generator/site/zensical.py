"""The site built with Zensical (experimental): the bundle handed over as files.

Zensical reads mkdocs.yml but never loads MkDocs plugins, so the standards plugin cannot hand it
the pages.  Instead the bundle is written out as a Zensical project in the project's cache folder
(`.standards-cache/zensical/`): the generated pages and data, the landlord's own docs/, the tool's
assets and override templates (the landlord's custom_dir on top), and a config made from the
landlord's mkdocs.yml.  Zensical builds it; then the same HTML fixes as under MkDocs (theme.py) are
applied to every page.  Files are rewritten only when their text changed, so Zensical's own cache
sees what did not.  No import of zensical here: it runs in its own process (commands/build.py).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import yaml

from generator.registry.engines import ENGINES, tested_version
from generator.site.bundle import Bundle
from generator.site.theme import PageFacts, Tally, patch_page

WORK = Path(".standards-cache") / "zensical"  # under the project's root
# MkDocs plugins Zensical has built in (search) or does without; any other is named as left out
BUILT_IN_PLUGINS = {"search", "standards"}


@dataclass(frozen=True)
class Tagged:
    """A YAML value with a tag Zensical reads itself (`!ENV`, `!!python/name:…`): written back as it was."""

    tag: str
    value: object


class _Loader(yaml.SafeLoader):
    pass


def _tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: object = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return Tagged(node.tag, value)


_Loader.add_multi_constructor("!", _tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _tagged)


class _Dumper(yaml.SafeDumper):
    pass


def _represent(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Dumper.add_representer(Tagged, _represent)


def read_config(path: Path) -> dict:
    """The landlord's mkdocs.yml (already checked by `standards check`), tags kept."""
    with open(path, encoding="utf-8-sig") as stream:
        data = yaml.load(stream, Loader=_Loader)  # noqa: S506 - SafeLoader, plus tags kept as data
    return data if isinstance(data, dict) else {}


def installed_version() -> str | None:
    try:
        return metadata.version("zensical")
    except metadata.PackageNotFoundError:
        return None


def refusal() -> str | None:
    """Why Zensical cannot build here (missing, or a version not tested), for the command to print."""
    engine = ENGINES["zensical"]
    tested = tested_version(engine, "zensical")
    found = installed_version()
    if found is None:
        return (f"Zensical is not installed. Install the version this tool is tested with: {engine.install} "
                f"(Zensical {tested}), or build with MkDocs: leave out --engine.")
    if found != tested:
        return (f"Zensical {found} is installed, but this tool is tested only with Zensical {tested}: its pages "
                f"could fail the accessibility checks without anyone knowing. Install the tested version with "
                f"pip install 'zensical=={tested}', or build with MkDocs: leave out --engine.")
    return None


def _entry_name(entry: object) -> object:
    """The name of a plugins or markdown_extensions entry: `search`, or `toc` of `{toc: {permalink: true}}`."""
    return next(iter(entry), None) if isinstance(entry, dict) else entry


def _plugin_names(config: dict) -> list[str]:
    """The plugins mkdocs.yml names, without Material's `material/` prefix."""
    names = [_entry_name(entry) for entry in config.get("plugins") or []]
    return [name.removeprefix("material/") for name in names if isinstance(name, str)]


def left_out_plugins(config: dict) -> list[str]:
    """The MkDocs plugins in mkdocs.yml that Zensical will not run."""
    return [name for name in _plugin_names(config) if name not in BUILT_IN_PLUGINS]


def search_on(config: dict) -> bool:
    """Zensical's search, as MkDocs': on with the search plugin, or with no plugins named at all."""
    return not config.get("plugins") or "search" in _plugin_names(config)


def _appended(items: list | None, more: Iterable) -> list:
    """``items`` with those of ``more`` it does not have yet, after them."""
    out = list(items or [])
    return out + [item for item in more if item not in out]


def config_for(config: dict, bundle: Bundle) -> dict:
    """Zensical's config: the landlord's mkdocs.yml with the bundle's pages, theme and assets.
    Paths are the work folder's own (Zensical wants docs_dir and site_dir inside it)."""
    out = dict(config)
    out["docs_dir"] = "docs"
    out["site_dir"] = "site"
    theme = dict(out.get("theme") or {})
    theme["name"] = "material"
    theme.setdefault("variant", "classic")  # the modern variant drops the landlord's brand header
    theme["custom_dir"] = "overrides"
    if bundle.logo:
        theme["logo"] = bundle.logo
    out["theme"] = theme
    if not out.get("nav"):
        out["nav"] = list(bundle.nav)
    extra = dict(out.get("extra") or {})
    extra["standards"] = bundle.theme
    out["extra"] = extra
    out["extra_css"] = _appended(out.get("extra_css"), bundle.stylesheets)
    out["extra_javascript"] = _appended(out.get("extra_javascript"), bundle.scripts)
    extensions = list(out.get("markdown_extensions") or [])
    names = {_entry_name(e) for e in extensions}
    out["markdown_extensions"] = extensions + [e for e in bundle.markdown_extensions if e not in names]
    out["plugins"] = [p for p in (out.get("plugins") or []) if _entry_name(p) != "standards"]
    out["use_directory_urls"] = bundle.directory_urls
    return out


def _write(path: Path, data: bytes, written: set[Path]) -> None:
    """Write ``data`` unless the file holds it already (Zensical's cache goes by what changed)."""
    written.add(path)
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _copy_tree(source: Path, into: Path, written: set[Path]) -> None:
    for file in sorted(p for p in source.rglob("*") if p.is_file()):
        _write(into / file.relative_to(source), file.read_bytes(), written)


def write_work(work: Path, bundle: Bundle, config: dict, files: Iterable[tuple[str, str]],
               docs_dir: Path, custom_dir: Path | None) -> Path:
    """The Zensical project in ``work``; its config file.  Files no longer in the bundle are removed."""
    written: set[Path] = set()
    docs = work / "docs"
    if docs_dir.is_dir():  # the landlord's own pages and files first: the generated ones are checked not to clash
        _copy_tree(docs_dir, docs, written)
    for path, text in files:
        _write(docs / path, text.encode("utf-8"), written)
    for path, source in bundle.assets:
        _write(docs / path, source.read_bytes(), written)
    _copy_tree(bundle.overrides, work / "overrides", written)
    if custom_dir is not None and custom_dir.is_dir():  # the landlord's own templates win
        _copy_tree(custom_dir, work / "overrides", written)
    target = work / "mkdocs.yml"
    _write(target, yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False).encode("utf-8"), written)
    for folder in (docs, work / "overrides"):
        for file in [p for p in folder.rglob("*") if p.is_file() and p not in written]:
            file.unlink()
    return target


def patch_site(site: Path, theme: dict, search: bool) -> Tally:
    """Every page Zensical wrote, fixed as under MkDocs; which fix applied where (for the build's check)."""
    tally = Tally()
    facts = PageFacts(material=True, search=search, headings=True, engine="zensical")
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        fixed, found = patch_page(text, theme)
        tally.record(page.relative_to(site).as_posix(), facts, found)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
    return tally


def move_site(built: Path, target: Path) -> None:
    """Zensical's site (inside the work folder) into the folder the build publishes."""
    for entry in os.scandir(built):
        shutil.move(entry.path, target / entry.name)


class EngineFailed(Exception):
    """Zensical stopped, or wrote HTML a fix no longer knows: the message says what to do."""


def clashes_with_own(bundle: Bundle, docs_dir: Path) -> list[str]:
    """As the plugin's check: a hand-written file in docs/ at the address of a generated one."""
    from generator.site.plan import clashes, page_url

    own = {}
    if docs_dir.is_dir():
        for file in docs_dir.rglob("*"):
            if file.is_file():
                relative = file.relative_to(docs_dir).as_posix()
                name = relative[:-9] + "index.md" if relative.lower().endswith("readme.md") else relative
                own[page_url(name, bundle.directory_urls)] = relative
    return clashes({page_url(path, bundle.directory_urls): path for path in bundle.published()}, own)


def docs_folder(config: dict, root: Path) -> Path:
    """The landlord's docs_dir (docs/ unless mkdocs.yml says otherwise)."""
    return root / str(config.get("docs_dir") or "docs")


def build(bundle: Bundle, files: Iterable[tuple[str, str]], config: dict, root: Path, out: Path, *,
          run) -> Tally:
    """Write the Zensical project for the landlord's ``config`` (read_config of root's mkdocs.yml), run
    Zensical (``run``: (args, cwd) -> (exit code, output)), move its site into ``out`` and apply the HTML
    fixes.  Raises EngineFailed with what Zensical said."""
    docs_dir = docs_folder(config, root)
    found = clashes_with_own(bundle, docs_dir)
    if found:
        raise EngineFailed("\n".join(found))
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    custom = root / str(theme["custom_dir"]) if theme.get("custom_dir") else None
    work = root / WORK
    target = write_work(work, bundle, config_for(config, bundle), files, docs_dir, custom)
    shutil.rmtree(work / "site", ignore_errors=True)
    code, said = run(["build", "-f", str(target)], work)
    if code != 0:
        raise EngineFailed(f"Zensical could not build the site (exit code {code}). It said:\n{said.strip()}")
    move_site(work / "site", out)
    tally = patch_site(out, bundle.theme, search_on(config))
    message = tally.failure("Zensical", "Zensical")
    if message is not None:
        raise EngineFailed(message)
    return tally
