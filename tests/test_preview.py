"""The preview (`mkdocs serve`) after a save: MkDocs is handed back the conversion and search
entries of every page whose Markdown did not change, and the site it writes is the very same
as when every page is converted again.

In one process, as `mkdocs serve` runs its rebuilds: a thread is running (serve's web server),
and the plugin objects are kept from one build to the next (MkDocs keeps a plugin that defines
on_startup).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from .conftest import AREA, PERIOD, write_project

CONFIG = """\
site_name: Test Homes
theme:
  name: material
plugins:
  - search
  - standards:
      organisation: Test Homes
      contact: {phone: 0300 000 0000}
"""
LATER = PERIOD.replace("2021-22", "2022-23").replace("91", "93")
GAS = AREA.replace("area: Repairs", "area: Gas safety").replace("repairs-on-time", "gas-checks").replace(
    "We complete repairs on time", "We check every gas appliance every year")
FILES = {"standards/repairs.yaml": AREA, "standards/gas.yaml": GAS, "performance/2021-22.yaml": PERIOD,
         "performance/2022-23.yaml": LATER.replace("results:\n", "results:\n  gas-checks: 99.1\n")}


def _project(tmp_path: Path) -> Path:
    (tmp_path / "project" / "docs").mkdir(parents=True)
    return write_project(tmp_path / "project", FILES, CONFIG)


@pytest.fixture
def serving():
    """A thread running, as serve's web server is; the builds of one `mkdocs serve`."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    first = {}

    def rebuild(root: Path, site: Path):
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
        if not first:
            config.plugins.on_startup(command="serve", dirty=False)
            first["plugins"] = config.plugins
        config.site_url = "http://127.0.0.1:8000/"
        build(config, serve_url="http://127.0.0.1:8000/")
        return dict(config.plugins.items())["standards"]

    yield rebuild
    for plugin in first.get("plugins", {}).values():
        if hasattr(plugin, "on_shutdown"):
            plugin.on_shutdown()
    stop.set()


def _site(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_rebuild_converts_only_the_pages_whose_markdown_changed(tmp_path, serving):
    root = _project(tmp_path)
    plugin = serving(root, tmp_path / "site")
    every = sorted(plugin.preview.made)
    assert plugin.preview.reused == [] and "index.md" in every and "areas/repairs.md" in every
    # a comment: no page changes, none is converted again
    period = root / "performance" / "2022-23.yaml"
    period.write_text(period.read_text(encoding="utf-8") + "# checked by the housing team\n", encoding="utf-8")
    plugin = serving(root, tmp_path / "site")
    assert plugin.preview.made == [] and sorted(plugin.preview.reused) == every
    # one repairs result of the newest year: the pages that show it (the home page's summary, the
    # year's page, the repairs area, every result) change; the gas area and the older year do not
    period.write_text(period.read_text(encoding="utf-8").replace("repairs-on-time: 93", "repairs-on-time: 88"),
                      encoding="utf-8")
    plugin = serving(root, tmp_path / "site")
    made = set(plugin.preview.made)
    assert {"areas/repairs.md", "periods/2022-23.md"} <= made
    assert {"areas/gas-safety.md", "periods/2021-22.md"}.isdisjoint(made)
    assert sorted(made | set(plugin.preview.reused)) == every
    kept = _site(tmp_path / "site")
    assert b"88" in kept["areas/repairs/index.html"]
    # the same build with nothing kept: every file the same, the search index included
    plugin.preview = plugin.template_code = None
    again = serving(root, tmp_path / "site")
    assert sorted(again.preview.made) == every
    assert _site(tmp_path / "site") == kept


def test_a_data_error_replaces_every_page_until_it_is_fixed(tmp_path, serving):
    root = _project(tmp_path)
    serving(root, tmp_path / "site")
    period = root / "performance" / "2022-23.yaml"
    good = period.read_text(encoding="utf-8")
    period.write_text(good.replace("repairs-on-time: 93", "repairs-on-time: lots"), encoding="utf-8")
    serving(root, tmp_path / "site")
    for page in ("index.html", "areas/repairs/index.html", "periods/2021-22/index.html"):
        text = (tmp_path / "site" / page).read_text(encoding="utf-8")
        assert "The site could not be built" in text and "performance/2022-23.yaml:4:20: error:" in text, page
    period.write_text(good.replace("repairs-on-time: 93", "repairs-on-time: 87"), encoding="utf-8")
    plugin = serving(root, tmp_path / "site")
    text = (tmp_path / "site" / "areas/repairs/index.html").read_text(encoding="utf-8")
    assert "could not be built" not in text and "87" in text
    assert "periods/2022-23.md" in plugin.preview.made


def test_serve_leaves_nothing_frozen_between_rebuilds(tmp_path, serving):
    """A build freezes what it has read while it converts the pages (plugin.py) and gives it back at its
    end: in serve, which runs for hours, each rebuild's leftovers stay collectable."""
    import gc

    before = gc.get_freeze_count()
    root = _project(tmp_path)
    serving(root, tmp_path / "site")
    serving(root, tmp_path / "site")
    assert gc.get_freeze_count() == before


def test_serve_clean_gives_back_what_its_first_build_froze(tmp_path):
    """`mkdocs serve --clean` tells the plugins the command is "build", yet serves on: once serving
    starts (on_serve), what the first build froze is given back, and each rebuild gives back its own."""
    import gc

    from mkdocs.livereload import LiveReloadServer

    root = _project(tmp_path)
    before = gc.get_freeze_count()
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)  # as serve --clean does
    build(config)
    plugin = dict(config.plugins.items())["standards"]
    assert gc.get_freeze_count() > before  # a `mkdocs build` would end here, frozen
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    plugin.on_serve(server, config=config, builder=lambda: None)
    assert gc.get_freeze_count() == before
    build(config)
    assert gc.get_freeze_count() == before
    plugin.on_shutdown()
