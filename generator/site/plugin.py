"""The `standards` MkDocs plugin: the only module that imports mkdocs.

It parses options (declared from the same registry as the core), calls the
pipeline and the page renderer, and hands MkDocs the generated pages, the
theme overrides and the assets.  Data problems abort the build with the
messages `standards check` prints.
"""

from __future__ import annotations

import gc
import html
import json
import logging
import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.output.paths import WriteFailed, failed, site_refusal
from generator.output.publish import environment_epoch, source_date
from generator.pipeline import check_project
from generator.problems import DataError, Problems
from generator.registry.editions import FOLDER
from generator.report.check import SourceLines, format_problem, to_text
from generator.site import background
from generator.site.preview import Converted, PreviewCache, TemplateCode, digest, site_key
from generator.site.bundle import Bundle, contents, make_bundle
from generator.site.lifted import lift
from generator.site.plan import DRAFTS_ENV, NEWSLETTERS_ENV, NEWSLETTERS_REPORT, clashes
from generator.site.theme import PageFacts, Tally, patch_page
from generator.validate.settings import OPTIONS

_TYPES = {"text": str, "a month": str, "a mapping": dict, "a path": str, "a colour": str, "a language": str}


_WAITING = "\x00 being written"  # a generated file's text before the page writer has sent it


class _Generated(File):
    """A page or data file the plugin is still writing: MkDocs reads its text only when it reaches
    the file, and waits for it then.

    The adapter to a private part of MkDocs, and the only code that touches it.  Written against
    MkDocs 1.6.1: ``File.generated(content=...)`` stores the text in ``File._content``, and
    ``content_string``, ``content_bytes``, ``copy_file`` and ``is_modified`` read it from there.
    tests/test_adapters.py fails when MkDocs no longer does."""

    plugin: "StandardsPlugin"

    @property  # type: ignore[override]
    def _content(self) -> str | bytes | None:
        own = self.__dict__.get("_own")
        return own if own is not None else self.plugin.written(self.src_uri)

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        # File.generated sets the placeholder; another plugin may set real text later
        self.__dict__["_own"] = None if value is _WAITING else value


def _search_on(config) -> bool:
    """Material writes its search box and dialog only with its search plugin, enabled."""
    search = config.plugins.get("material/search")
    return search is not None and getattr(search.config, "enabled", True) is not False


def _facts(page, config) -> PageFacts:
    """What MkDocs knows of a page that decides which of theme.py's fixes must apply to it."""
    toc = list(page.toc)
    entries = toc[0].children if len(toc) == 1 and toc[0].level == 1 else toc  # as Material's toc.html
    features = config.theme.get("features") or []
    # a section's index page has no __toc checkbox in the navigation, but its own table of contents
    # (with toc.integrate, inside the navigation instead) has a label for it
    section_index = "navigation.indexes" in features and page.is_index and page.parent is not None
    section_index = section_index and "toc.integrate" not in features
    return PageFacts(material=config.theme.name == "material", search=_search_on(config), headings=bool(toc),
                     index_with_toc=section_index and bool(entries))


def _refuse_clashes(files: Files, config, bundle: Bundle) -> None:
    """Stop before a generated file takes the address of one in docs/ (MkDocs would keep just one).
    Addresses, not names: docs/README.md is published at index.html, like the generated index.md."""
    docs = Path(config.docs_dir).resolve()
    own = {f.dest_uri: f.src_uri for f in files  # a file left out with exclude_docs is never published
           if f.abs_src_path and f.inclusion is not InclusionLevel.EXCLUDED
           and Path(f.abs_src_path).resolve().is_relative_to(docs)}
    generated = {File(path, None, "", config.use_directory_urls).dest_uri: path for path in bundle.published()}
    found = clashes(generated, own)
    if found:
        raise PluginError("\n" + "\n".join(found))


def _material(config) -> None:
    """The pages need Material for MkDocs: its styles for the status badges and tables, and its
    fonts and scripts served with the site.  MkDocs' default theme (which loads highlight.js from
    another website) is replaced by Material; another theme is refused, naming the fix."""
    name = config.theme.name
    if name == "material":
        return
    if name not in (None, "mkdocs"):
        raise PluginError(f"\nThe site needs the Material theme, but mkdocs.yml sets 'theme: {name}'. "
                          "Write 'theme:' with 'name: material' on the line below it, indented, and "
                          "install it with pip install mkdocs-material.")
    from mkdocs.theme import Theme

    logging.getLogger("mkdocs.plugins.standards").info("using the Material theme (mkdocs.yml has no 'theme: name: material')")
    config.theme = Theme(name="material", custom_dir=config.theme.custom_dir)


def _config_class() -> type[Config]:
    """Declared from the options registry, so the plugin accepts exactly what the core reads.

    All optional here: the core reads the same block again with positions and
    reports a missing or wrong setting with its line.
    """
    fields = {name: c.Optional(c.Type(_TYPES[option.kind])) for name, option in OPTIONS.items()}
    return type("StandardsConfig", (Config,), fields)


StandardsConfig = _config_class()


EXITS_AFTER = ("build", "gh-deploy")  # the MkDocs commands whose process ends with the build


class StandardsPlugin(BasePlugin[StandardsConfig]):  # type: ignore[valid-type]
    serving = False  # under `mkdocs serve`: problems become a page in the browser, not a stopped server
    failure: str | None = None  # the problems that stopped this build, as `standards check` prints them

    def on_startup(self, command: str, dirty: bool) -> None:
        # defining on_startup also keeps this plugin object across serve's rebuilds
        self.serving = command == "serve"
        self.command = command

    def on_config(self, config):
        self._end_build()  # a build that ended without on_post_build or on_build_error (serve)
        try:
            return self._configure(config)
        except BaseException:  # the page writer may be running already: never leave it behind
            self._end_build()
            raise

    def _end_build(self) -> None:
        """The build's end, however it ends: the page writer stopped; what was frozen collectable again
        unless the process ends with the build."""
        stream = getattr(self, "stream", None)
        if stream is not None:  # closing twice is harmless; its values stay readable
            stream.close()
        if getattr(self, "command", None) not in EXITS_AFTER:
            self._unfreeze()

    def _unfreeze(self) -> None:
        """What this build froze (_configure), collectable again."""
        if getattr(self, "frozen", False):
            self.frozen = False
            gc.unfreeze()

    def on_shutdown(self) -> None:
        # `mkdocs build` and `serve` call this on the way out, an interrupt (Ctrl-C) included,
        # which on_build_error never sees
        self._end_build()

    def _configure(self, config):
        _material(config)
        root = Path(config.config_file_path).resolve().parent
        self.root = root
        self.failure = None
        self.date = None
        # MkDocs empties site_dir before it builds: never the project's own files (outputs.py)
        custom = (Path(config.theme.custom_dir),) if config.theme.custom_dir else ()
        why = site_refusal(Path(config.site_dir), root, Path(config.config_file_path), Path(config.docs_dir), custom)
        self.site_dir = Path(os.path.abspath(config.site_dir))
        if why is not None:
            raise PluginError(f"\nThe site cannot be built into '{config.site_dir}': {why}, and MkDocs first "
                              "empties the folder it builds into. Set site_dir in mkdocs.yml (or -d) to a "
                              "folder of its own, like site.")
        outcome = check_project(root / Path(config.config_file_path).name)
        if outcome.errors:
            if self.serving:  # the page shows the problems; saving a fixed file rebuilds the site
                self.failure = to_text(outcome, action=SERVE_ACTION)
                return config
            raise PluginError("\n" + to_text(outcome, action="Nothing was built."))
        self.drafts = os.environ.get(DRAFTS_ENV) == "1"
        # the sitemap's lastmod and gzip timestamps come from the data (reproducible builds): worked
        # out again on every build (serve), given to the pages in on_env, never left in os.environ
        self.date = source_date(outcome.project.published(self.drafts), environment_epoch())
        # The pages are written on the other core while MkDocs loads the theme and converts the
        # pages already written: MkDocs learns the files now (site_plan) and reads each one's
        # text when it reaches it (_Generated).
        self.project = outcome.project
        # a preview makes no newsletters (too slow on every save): its period pages say so, link to none
        self.newsletters = not self.serving and os.environ.get(NEWSLETTERS_ENV) != "0"
        self.bundle = bundle = make_bundle(outcome.project, root, Path(config.docs_dir), drafts=self.drafts,
                                           newsletters=self.newsletters, directory_urls=config.use_directory_urls,
                                           nav=config.nav)
        self.stream = background.Stream(contents, bundle, outcome.project, root, outcome.rows)
        self.plan = list(bundle.files)
        if not config.nav:  # the generated pages, then the landlord's own (contact, accessibility statement, …)
            config.nav = list(bundle.nav)
        for extension in bundle.markdown_extensions:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        overrides = str(bundle.overrides)
        if overrides not in config.theme.dirs:
            # after the landlord's own custom_dir, before Material's templates
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, overrides)
        for css in bundle.stylesheets:
            if css not in config.extra_css:
                config.extra_css.append(css)
        for script in bundle.scripts:
            if script not in config.extra_javascript:
                config.extra_javascript.append(script)
        config.extra["standards"] = bundle.theme
        if bundle.logo:
            config.theme["logo"] = bundle.logo
        # What is in memory now (the project, its rows, MkDocs' settings) lives to the end of the
        # build: out of the cycle collector's sight, MkDocs' collections while it converts the pages
        # (and Python's last one as `mkdocs build` exits) stop walking it again and again: half our
        # share of a typical build.  Where the process goes on (serve's rebuilds, a build called from
        # Python), the build's end gives it back (_end_build), so nothing stays uncollectable.
        gc.freeze()
        self.frozen = True
        return config

    def written(self, path: str) -> str:
        """The text of a generated file, waiting for the page writer if need be."""
        if self.failure is not None:  # serve: the writer stopped at a template; every page says why
            return error_page(self.failure)
        try:
            return self.stream.get(path)
        except DataError as exc:  # a landlord's own template (file and line), or data the pages cannot use
            sources = SourceLines(self.root)
            blocks = [format_problem(p, sources) for p in exc.problems]
            count = len(exc.problems)
            summary = f"Found {count} error{'s' if count != 1 else ''}."
            if self.serving:
                self.failure = "\n\n".join(blocks + [f"{summary} {SERVE_ACTION}"]) + "\n"
                return error_page(self.failure)
            raise PluginError("\n" + "\n\n".join(blocks) + f"\n\n{summary} Nothing was built.") from None

    def on_files(self, files: Files, config) -> Files:
        if self.failure is not None:  # serve, with problems in the data: every page lists them
            return self._error_files(files, config)
        _refuse_clashes(files, config, self.bundle)
        for kind, path in self.plan:
            generated = _Generated.generated(config, path, content=_WAITING)
            generated.plugin = self
            files.append(generated)
        for path, source in self.bundle.assets:
            files.append(File.generated(config, path, abs_src_path=str(source)))
        return self._begin_preview(files, config)

    def _begin_preview(self, files: Files, config) -> Files:
        """Under serve: what the last rebuild converted is kept for the pages that did not change
        (preview.py), while the site's files and Markdown settings are the same."""
        if not self.serving:
            return files
        if getattr(self, "preview", None) is None:
            self.preview = PreviewCache()
        self.preview.begin(site_key([f.src_uri for f in files], config.markdown_extensions,
                                    repr(config.mdx_configs), config.use_directory_urls))
        _reuse_search_entries(config, self.preview)
        return files

    def _error_files(self, files: Files, config) -> Files:
        """Under serve: the problems at the address of every page, the generated ones of the last
        build that worked included, so the browser's page reloads onto them and off them again."""
        paths = {"index.md"} | {path for kind, path in getattr(self, "plan", []) if kind == "page"}
        for page in list(files.documentation_pages()):
            paths.add(page.src_uri)
            files.remove(page)
        for path in sorted(paths):
            files.append(File.generated(config, path, content=error_page(self.failure or "")))
        return self._begin_preview(files, config)

    @event_priority(-100)  # last: the Markdown as MkDocs converts it, after every other plugin's changes
    def on_page_markdown(self, markdown: str, page, config, files: Files) -> str:
        preview = getattr(self, "preview", None) if self.serving else None
        if preview is not None:
            source = digest(markdown)  # of the Markdown as it came, not as lifted
            kept = preview.conversion(page.file.src_uri, source)
            if kept is not None:
                preview.reused.append(page.file.src_uri)
                page.render = lambda config, files: _restore(page, kept, files)  # this build's page object only
                return markdown
            page.__dict__["_standards_source"] = source
        if not isinstance(page.file, _Generated):
            return markdown  # a page the landlord wrote is converted as MkDocs would
        lifted = lift(markdown)
        if lifted.blocks:
            page.__dict__["_standards_lifted"] = lifted
        return lifted.markdown

    @event_priority(100)  # first: the HTML as MkDocs made it, before any plugin changes it
    def on_page_content(self, html: str, page, config, files: Files) -> str:
        lifted = page.__dict__.pop("_standards_lifted", None)
        if lifted is not None:
            html = lifted.restore(html)  # MkDocs keeps what this event returns as the page's content
            if page.present_anchor_ids is not None:
                page.present_anchor_ids |= lifted.anchors()
        preview = getattr(self, "preview", None) if self.serving else None
        source = page.__dict__.pop("_standards_source", None)
        if preview is not None and source is not None and "render" not in page.__dict__:
            preview.made.append(page.file.src_uri)
            links = page.links_to_anchors
            preview.keep(page.file.src_uri, Converted(
                source, html, page.toc, page._title_from_render,
                frozenset(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
                {f.src_uri: dict(v) for f, v in links.items()} if links is not None else None))
        return html

    def on_pre_build(self, config) -> None:
        self.tally = Tally()  # which of theme.py's fixes applied to which page, in this build

    def on_env(self, env, config, files: Files):
        # MkDocs dates each page (sitemap.xml's lastmod, the .gz's timestamp) by the clock or
        # SOURCE_DATE_EPOCH; the build's date instead, without touching the process's environment
        date = getattr(self, "date", None)
        for page in (f.page for f in files.documentation_pages() if f.page is not None and date is not None):
            page.update_date = date.isoformat()
        if self.serving:  # the theme's templates compiled once a preview, not on every save
            if getattr(self, "template_code", None) is None:
                self.template_code = TemplateCode()
            if env.bytecode_cache is None:
                env.bytecode_cache = self.template_code
        return env

    def on_post_page(self, output: str, page, config) -> str:
        return output if self.failure is not None else self._patch(output, page.file.src_uri, _facts(page, config))

    def _patch(self, output: str, name: str, facts: PageFacts) -> str:
        """Material's HTML fixed (theme.py), each fix that found its pattern counted for on_post_build."""
        html, found = patch_page(output, self.bundle.theme if hasattr(self, "bundle") else {})
        if getattr(self, "tally", None) is None:  # a build that did not start with on_pre_build
            self.tally = Tally()
        self.tally.record(name, facts, found)
        return html

    def on_post_template(self, output: str, template_name: str, config) -> str:
        # 404.html is rendered outside the page events: it gets the same fixes here
        if template_name != "404.html":
            return output
        if self.failure is not None:  # serve: any address shows the problems, not "page not found"
            return error_html(self.failure)
        facts = PageFacts(material=config.theme.name == "material", search=_search_on(config), headings=False)
        return self._patch(output, "404.html", facts)

    def on_post_build(self, config) -> None:
        self._end_build()
        tally, self.tally = getattr(self, "tally", None), None
        if tally is not None:
            # Material's HTML changed under a fix: it would silently be back to the error it fixed
            logging.getLogger("mkdocs.plugins.standards").debug(tally.summary())
            message = tally.failure()
            if message is not None:
                raise PluginError("\n" + message)
        if getattr(self, "newsletters", False) and self.failure is None and hasattr(self, "project"):
            # whatever runs the build (`standards build`, `mkdocs build`), the site has the newsletters
            # its period pages link to
            _newsletters(self.project, self.root, self.site_dir, self.drafts)

    def on_build_error(self, error) -> None:
        self._end_build()
        written = getattr(error, "filename2", None) or getattr(error, "filename", None)
        site = getattr(self, "site_dir", None)
        if isinstance(error, OSError) and isinstance(written, str) and site and \
                Path(os.path.abspath(written)).is_relative_to(site):
            # MkDocs could not write the site (a full disk, no permission): say so, not a traceback
            _cannot_write(failed(OSError(error.errno, error.strerror, written)))

    def on_serve(self, server, config, builder):
        # `mkdocs serve --clean` tells on_startup "build", yet the process goes on: from here every
        # build gives back what it froze, and the first build's is given back now
        self.command = "serve"
        self._unfreeze()
        own = self.config.get("templates")  # a landlord's own templates: edited while previewing too
        for folder in ("standards", "performance", *([own] if isinstance(own, str) else [])):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        if hasattr(server, "set_app"):  # MkDocs's LiveReloadServer is a WSGI server: its app, guarded
            server.set_app(_no_nul(server.get_app(), server))
        _poll_sooner(server)
        return server


SAVE_POLL = 0.1  # seconds between serve's looks for a saved file (MkDocs' own watcher: 0.5)


def _poll_sooner(server) -> None:
    """MkDocs' watcher looks for saved files every half second: on average a quarter of a second of
    every preview's wait after a save, a third of it for a typical landlord.  Its watches move to a
    watcher that looks every tenth of a second (the modification times of a few hundred files: no
    load to speak of).  MkDocs 1.6.1's LiveReloadServer: its `observer`, started only when serving
    begins, `watch`, `unwatch` and the `_watched_paths` they keep (tests/test_adapters.py); a
    server without them keeps its own watcher."""
    from watchdog.observers.polling import PollingObserver  # MkDocs' own watcher, of its dependencies

    watched = getattr(server, "_watched_paths", None)
    observer = getattr(server, "observer", None)
    if not isinstance(watched, dict) or not isinstance(observer, PollingObserver) or observer.is_alive():
        return
    counts = dict(watched)
    for path, count in counts.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = PollingObserver(timeout=SAVE_POLL)
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path)


def _restore(page, kept: Converted, files: Files) -> None:
    """Page.render, as the last rebuild did it for the same Markdown: MkDocs 1.6.1 sets these five
    attributes in Page.render (tests/test_adapters.py fails when it sets others)."""
    page.content, page.toc, page._title_from_render = kept.content, kept.toc, kept.title
    page.present_anchor_ids = set(kept.anchors) if kept.anchors is not None else None
    if kept.links is not None:
        linked = {files.get_file_from_path(uri): dict(v) for uri, v in kept.links.items()}
        page.links_to_anchors = {f: v for f, v in linked.items() if f is not None}


def _reuse_search_entries(config, preview: PreviewCache) -> None:
    """Material's search index (made again in its on_config for every build) takes a page's entries
    from the last build when the page's HTML, address, title and metadata are the same.  An adapter to
    Material 9's SearchIndex.add_entry_from_context and .entries (tests/test_adapters.py)."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(search, "search_index", None)
    if index is None or not hasattr(index, "add_entry_from_context") or not isinstance(getattr(index, "entries", None), list):
        return
    add = index.add_entry_from_context

    def add_entry_from_context(page) -> None:
        key = preview.search_key(page.url, str(page.title), page.meta, page.content or "")
        kept = preview.search_entries(key)
        if kept is not None:
            index.entries.extend(kept)
            return
        before = len(index.entries)
        add(page)
        preview.keep_search(key, index.entries[before:])

    index.add_entry_from_context = add_entry_from_context


def _cannot_write(problem: WriteFailed) -> None:
    """MkDocs or the newsletters could not write the site (a full disk, no permission): say so, not a traceback."""
    folder = f"in the folder {problem.path}" if problem.in_folder else str(problem.path)
    logging.getLogger("mkdocs.plugins.standards").error(f"Could not write {folder}: {problem.reason}. {problem.hint}")
    raise Abort("Aborted: the site could not be written.") from None


def _newsletters(project, root: Path, site_dir: Path, drafts: bool) -> None:
    """Every edition of every period shown into the site's newsletters/ (unchanged ones from the
    cache), or the build stops with the problems `standards check` would print (a newsletter over
    its page budget).  Says how many were made, or tells `standards build` (NEWSLETTERS_REPORT)."""
    from generator.newsletter import files as newsletter_files  # the one use of newsletter/ from site/

    problems = Problems()
    try:
        made = newsletter_files.build(project, root, site_dir, drafts, problems, epoch=environment_epoch())
    except WriteFailed as exc:
        _cannot_write(exc)
    except DataError as exc:  # a landlord's newsletter template (file and line)
        problems = Problems(list(exc.problems))
    except Exception:  # noqa: BLE001 - as the commands do: a short apology, not a traceback
        if os.environ.get("STANDARDS_DEBUG"):
            raise
        logging.getLogger("mkdocs.plugins.standards").error(
            "Sorry: the standards tool hit an unexpected problem making the newsletters. Your files have not "
            "been changed. Please report this, with the files you used (set STANDARDS_DEBUG=1 to see the "
            "technical details).")
        raise Abort("Aborted: the newsletters could not be made.") from None
    if problems.errors:
        sources = SourceLines(root)
        count = len(problems.errors)
        raise PluginError("\n" + "\n\n".join(format_problem(p, sources) for p in problems.errors)
                          + f"\n\nFound {count} error{'s' if count != 1 else ''}. No newsletters were published.")
    fresh = sum(1 for m in made if m.rendered)
    report = os.environ.get(NEWSLETTERS_REPORT)
    if report:  # `standards build`, which says where the site ends up (not its work folder)
        Path(report).write_text(json.dumps({"files": len(made), "made": fresh}), encoding="utf-8")
    else:
        logging.getLogger("mkdocs.plugins.standards").info(
            f"Newsletters: {len(made)} files in {site_dir / FOLDER} ({fresh} made, {len(made) - fresh} up to date).")


SERVE_ACTION = "Fix them and save the file: this page reloads by itself when the site is built again."


def error_page(failure: str) -> str:
    """A page (Markdown) with the problems that stopped the build, under `mkdocs serve`."""
    return ("---\ntitle: The site could not be built\n---\n\n# The site could not be built\n\n"
            "`standards check` found problems in the files:\n\n"
            f'<pre class="standards-problems">{html.escape(failure)}</pre>\n')


def error_html(failure: str) -> str:
    """The same, as a whole HTML page: for 404.html, which is not made from Markdown."""
    return ('<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            "<title>The site could not be built</title></head>\n<body><main><h1>The site could not be built</h1>"
            "<p><code>standards check</code> found problems in the files:</p>"
            f'<pre class="standards-problems">{html.escape(failure)}</pre></main></body></html>\n')


def _no_nul(app, server):
    """The preview server's app, with an address holding a NUL character answered "not found":
    no file can have that name, and MkDocs's own server fails on it with a server error."""

    def serve(environ, start_response):
        if "\x00" in environ.get("PATH_INFO", ""):
            content = server.error_handler(404) or b"404 Not Found"
            start_response("404 Not Found", [("Content-Type", "text/html; charset=utf-8")])
            return [content]
        return app(environ, start_response)

    return serve
