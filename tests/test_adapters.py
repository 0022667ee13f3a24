"""The private parts of MkDocs, WeasyPrint and pydyf that the generator relies on.

Each is touched in one adapter (generator/site/plugin.py for MkDocs, generator/newsletter/pdf.py
for WeasyPrint and pydyf).  These tests run each adapter against the installed library and fail,
naming the adapter, when an upgrade changes what it relies on: the fix is then in that adapter.
"""

from __future__ import annotations

import gc
import io
import shutil
from pathlib import Path
from types import SimpleNamespace

import pikepdf
import pytest

from generator.newsletter import pdf
from generator.present.templates import ours

# ----------------------------------------------------------------- MkDocs: File._content

MKDOCS = "MkDocs no longer reads File._content: the plugin's streamed pages need a new adapter (_Generated in " \
         "generator/site/plugin.py)"


class Writer:
    """Stands for the plugin: the page writer's text of each generated file."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def written(self, path: str) -> str:
        self.asked.append(path)
        return f"# The page {path}\n"


def generated(tmp_path: Path, path: str):
    from generator.site.plugin import _WAITING, _Generated

    # what File.generated reads of the config MkDocs passes to on_files (the plugin being run included)
    config = SimpleNamespace(site_dir=str(tmp_path / "site"), use_directory_urls=True,
                             plugins=SimpleNamespace(_current_plugin="standards"))
    file = _Generated.generated(config, path, content=_WAITING)
    file.plugin = Writer()
    return file


def check_generated_file(file) -> None:
    """MkDocs reads a generated file's text from the writer, when it reads it and not before."""
    assert file.plugin.asked == [], MKDOCS + " (File.generated read the text at once)"
    assert file.content_string == f"# The page {file.src_uri}\n", MKDOCS + " (content_string)"
    assert file.content_bytes == f"# The page {file.src_uri}\n".encode(), MKDOCS + " (content_bytes)"
    assert file.is_modified(), MKDOCS + " (is_modified)"
    file.copy_file()
    assert Path(file.abs_dest_path).read_text(encoding="utf-8") == f"# The page {file.src_uri}\n", \
        MKDOCS + " (copy_file)"


def test_mkdocs_reads_a_generated_files_text_through_the_adapter(tmp_path):
    check_generated_file(generated(tmp_path, "areas/repairs.md"))


def test_text_another_plugin_sets_wins_over_the_writers(tmp_path):
    file = generated(tmp_path, "index.md")
    file.content_string = "# Changed by another plugin\n"
    assert file.content_string == "# Changed by another plugin\n", MKDOCS + " (the content_string setter)"
    assert file.plugin.asked == []


def test_the_check_fails_loudly_if_mkdocs_keeps_the_text_elsewhere(tmp_path, monkeypatch):
    """As if a new MkDocs read and wrote ``File._text``: the check says which adapter to change."""
    from mkdocs.structure.files import File

    monkeypatch.setattr(File, "generated", classmethod(_generated_into_text))
    monkeypatch.setattr(File, "content_string", property(lambda self: self.__dict__["_text"]))
    with pytest.raises(AssertionError, match="MkDocs no longer reads File._content"):
        check_generated_file(generated(tmp_path, "index.md"))


def _generated_into_text(cls, config, src_uri, *, content=None, **_):
    file = cls(src_uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
    file.__dict__["_text"] = content
    return file


# ----------------------------------------------------------------- MkDocs: Page.render, Material's search index

PREVIEW = "MkDocs' Page.render sets other attributes now: the preview's kept conversions need a new adapter " \
          "(_restore in generator/site/plugin.py)"


def bare_config(tmp_path: Path):
    """MkDocs' configuration of a site with nothing in it, as a plugin's event sees it."""
    from mkdocs.config import load_config

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    config.plugins._current_plugin = None  # as MkDocs has it outside a plugin's event
    return config


def test_page_render_sets_exactly_what_the_preview_hands_back(tmp_path):
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    config = bare_config(tmp_path)
    file = File.generated(config, "index.md", content="# Home\n\n[Up](other.md#top)\n")
    other = File.generated(config, "other.md", content="# Other\n")
    page = Page(None, file, config)
    page.read_source(config)
    before = dict(vars(page))
    page.render(config, Files([file, other]))
    changed = {name for name, value in vars(page).items() if name not in before or before[name] is not value}
    assert changed == {"content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors"}, PREVIEW


LIFTED = "MkDocs no longer converts a raw HTML block as the plugin's lifted tables assume (it passes it through " \
         "unchanged and takes its ids and names as anchors): generator/site/lifted.py needs a look"


def test_a_page_rendered_with_its_tables_lifted_is_the_page_mkdocs_makes(tmp_path):
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from generator.site.lifted import lift

    config = bare_config(tmp_path)
    text = ("# Home { #top }\n\n[Down](#row-2)\n\n"
            '<div class="table-wrap" role="region" tabindex="0">\n<table id="t">\n'
            '<tr id="row-2"><th scope="row"><a href="other/#x" name="n">A &amp; B</a></th></tr>\n</table>\n</div>\n\n'
            "After.\n")

    def render(markdown: str):
        file = File.generated(config, "index.md", content=markdown)
        page = Page(None, file, config)
        page.read_source(config)
        page.render(config, Files([file]))
        return page

    whole = render(text)
    lifted = lift(text)
    assert len(lifted.blocks) == 1
    apart = render(lifted.markdown)
    assert lifted.restore(apart.content) == whole.content, LIFTED
    assert apart.present_anchor_ids | lifted.anchors() == whole.present_anchor_ids, LIFTED
    assert {"t", "row-2", "n"} <= whole.present_anchor_ids, LIFTED


SEARCH = "Material's search plugin no longer indexes a page through SearchIndex.add_entry_from_context into " \
         ".entries: the preview's kept search entries need a new adapter (_reuse_search_entries in " \
         "generator/site/plugin.py)"


def test_materials_search_index_is_the_one_the_preview_wraps():
    import inspect

    from material.plugins.search.plugin import SearchIndex, SearchPlugin

    assert isinstance(SearchIndex().entries, list), SEARCH
    assert "self.search_index.add_entry_from_context(page)" in inspect.getsource(SearchPlugin.on_page_context), SEARCH
    assert "self.search_index = SearchIndex(" in inspect.getsource(SearchPlugin.on_config), SEARCH


# ----------------------------------------------------------------- WeasyPrint: _ua_stylesheets

WEASYPRINT_UA = "WeasyPrint no longer lays a document out with HTML._ua_stylesheets: the lighter user-agent " \
                "stylesheet needs a new adapter (_with_ua_stylesheet in generator/newsletter/pdf.py)"


def test_weasyprint_lays_out_with_the_adapters_user_agent_stylesheet():
    import weasyprint

    html_class = pdf._with_ua_stylesheet(weasyprint.CSS(string="@page { size: 100px 50px; margin: 0 }"))
    document = html_class(string="<p>x</p>").render()
    assert (document.pages[0].width, document.pages[0].height) == (100, 50), WEASYPRINT_UA


def test_the_lighter_stylesheet_still_drops_what_it_means_to():
    from weasyprint.html import UA

    message = ("WeasyPrint's html5_ua.css changed: _lighter_ua (generator/newsletter/pdf.py) no longer finds "
               "the ::footnote-…, ::note-… and ::marker rules it changes")
    assert "::footnote-call" in UA and "::note-call" in UA and "\n::marker {" in UA, message
    lighter = pdf._lighter_ua()
    assert "::footnote-" not in lighter and "::note-" not in lighter, message
    assert "\nli::marker {" in lighter and "\n::marker {" not in lighter, message


def test_the_newsletter_engine_uses_the_lighter_stylesheet():
    html_class, _ = pdf._engine()
    assert html_class(string="<p>x</p>")._ua_stylesheets() != [], WEASYPRINT_UA
    document = pdf.layout("<ul><li>one</li></ul>")
    assert len(document.pages) == 1


# ----------------------------------------------------------------- WeasyPrint: FontConfiguration._folder

FONTS = "WeasyPrint's FontConfiguration no longer keeps its fonts in _folder: forked processes would remove " \
        "their parent's fonts; _font_folder and _leave_font_folder (generator/newsletter/pdf.py) need a new adapter"


def _with_a_font():
    """A new font configuration that has registered one of the tool's fonts."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    font = (ours() / "assets/fonts/atkinson-hyperlegible-latin-400-normal.woff2").as_uri()
    fonts = FontConfiguration()
    css = weasyprint.CSS(string=f'@font-face {{ font-family: T; src: url("{font}") }} p {{ font-family: T }}',
                         font_config=fonts)
    weasyprint.HTML(string="<p>x</p>").render(stylesheets=[css], font_config=fonts)
    return fonts


def test_a_font_configuration_keeps_its_fonts_in_the_folder_the_adapter_names():
    fonts = _with_a_font()
    folder = pdf._font_folder(fonts)
    assert isinstance(folder, Path) and folder.is_dir() and any(folder.iterdir()), FONTS
    del fonts
    gc.collect()
    assert not folder.exists(), FONTS + " (a deleted configuration left its folder)"


def test_a_configuration_left_by_the_adapter_does_not_remove_its_folder():
    fonts = _with_a_font()
    folder = pdf._font_folder(fonts)
    assert folder is not None, FONTS
    try:
        pdf._leave_font_folder(fonts)
        del fonts
        gc.collect()
        assert folder.is_dir(), FONTS + " (the folder went with a configuration told to leave it)"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ----------------------------------------------------------------- pydyf: marked content as written

MARKED = "WeasyPrint (pydyf) no longer writes a marked-content start as pdf._MARKED expects: every page's " \
         "content is now parsed again (slower); bring the pattern in generator/newsletter/pdf.py up to date"

TAGGED = ('<!doctype html><html lang="en-GB"><head><title>T</title>'
          "<style>@page { size: A6; @bottom-center { content: 'Page ' counter(page) } }</style></head>"
          "<body><h1>Repairs</h1><p>We answered 9 in 10 calls.</p><ul><li>one</li><li>two</li></ul></body></html>")


def marked_content(data: bytes) -> tuple[list[int], list[int]]:
    """The MCIDs the pattern finds in a page's content, and those a PDF parser finds."""
    with pikepdf.open(io.BytesIO(data)) as document:
        found, parsed = [], []
        for page in document.pages:
            contents = page.obj.Contents
            parts = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
            found += [int(m.group(1)) for m in pdf._MARKED.finditer(b"\n".join(p.read_bytes() for p in parts))]
            parsed += [int(operands[1]["/MCID"]) for operands, operator in pikepdf.parse_content_stream(page)
                       if str(operator) == "BDC" and len(operands) == 2
                       and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]]
        return found, parsed


def test_the_pattern_finds_every_marked_content_start_weasyprint_writes():
    data = pdf.layout(TAGGED).write_pdf(pdf_variant="pdf/ua-1")
    found, parsed = marked_content(data)
    assert parsed, "the tiny tagged PDF has no marked content: the test itself needs a new page"
    assert found == parsed, MARKED


def test_the_pattern_check_fails_loudly_on_content_written_another_way():
    """As if a new pydyf wrote ``/P<</MCID 0>>BDC q`` on one line: the pattern no longer matches."""
    document = pikepdf.new()
    document.add_blank_page()
    document.pages[0].Contents = document.make_stream(b"/P<</MCID 0>>BDC q\nQ EMC\n")
    out = io.BytesIO()
    document.save(out)
    found, parsed = marked_content(out.getvalue())
    assert parsed == [0] and found != parsed


# ----------------------------------------------------------------- MkDocs: serve's watcher

def test_serves_watches_move_to_a_watcher_that_looks_every_tenth_of_a_second(tmp_path):
    """plugin._poll_sooner: MkDocs' LiveReloadServer looks for saved files every 0.5 s; the plugin moves
    every watch to a watcher looking every 0.1 s, before serving starts."""
    from mkdocs.livereload import LiveReloadServer

    from generator.site.plugin import SAVE_POLL, _poll_sooner

    for name in ("docs", "standards"):
        (tmp_path / name).mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    server.watch(str(tmp_path / "docs"))
    server.watch(str(tmp_path / "docs"))  # watched twice (MkDocs counts): still watched after one unwatch
    server.watch(str(tmp_path / "standards"))
    assert server.observer.timeout == 0.5, "MkDocs' watcher no longer looks every 0.5 s: is _poll_sooner still needed?"
    _poll_sooner(server)
    assert server.observer.timeout == SAVE_POLL, "the plugin's watcher is not in place (_poll_sooner in plugin.py)"
    assert server._watched_paths == {str(tmp_path / "docs"): 2, str(tmp_path / "standards"): 1}
    assert {e.watch.path for e in server.observer.emitters} == {str(tmp_path / "docs"), str(tmp_path / "standards")}
    server.unwatch(str(tmp_path / "docs"))
    assert {e.watch.path for e in server.observer.emitters} == {str(tmp_path / "docs"), str(tmp_path / "standards")}
