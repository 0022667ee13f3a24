"""What the preview (`mkdocs serve`) keeps between rebuilds, so a save converts only the pages it changed.

MkDocs rebuilds every page on every save: it converts each page's Markdown to HTML, and
Material's search plugin reads each page's HTML again for the search index.  At the large
size those two are four fifths of a rebuild (benchmarks/PROFILE.md).  Both are functions of
what they read: the page's Markdown, where it is, and the site's set of files and Markdown
settings (relative links are resolved against the files).  So the preview keeps, for each
page, what the conversion made and what the search index took from it, and hands them back
while the page's Markdown and the site's settings are the same.  Anything else (the
navigation, the theme's templates, the page furniture, the other plugins' events) is done
again by MkDocs on every rebuild, as before: a changed navigation is shown on every page.

No mkdocs import here (the plugin is the only module that imports it): pages and files are
read through the few attributes named below, and the plugin's adapter does the rest.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache


def digest(text: str) -> bytes:
    """A short hash of a page's text (a large page is half a megabyte: not kept twice)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


@dataclass(frozen=True)
class Converted:
    """What converting one page's Markdown made (MkDocs' Page.render)."""

    markdown: bytes  # digest of the Markdown it was made from
    content: str
    toc: Any
    title: str | None
    anchors: frozenset[str] | None
    links: dict[str, dict[str, str]] | None  # by the linked file's src_uri (File objects are new each build)


class PreviewCache:
    """Per page: its conversion and its search entries, kept while the site's settings are the same."""

    def __init__(self) -> None:
        self.site_key: bytes | None = None
        self.converted: dict[str, Converted] = {}
        self.entries: dict[tuple, list[dict]] = {}
        self.reused: list[str] = []  # pages whose conversion was handed back in this build (tests, log)
        self.made: list[str] = []  # pages converted in this build

    def begin(self, site_key: bytes) -> None:
        """A new build: forget everything if the set of files or the Markdown settings changed."""
        if site_key != self.site_key:
            self.converted.clear()
            self.entries.clear()
            self.site_key = site_key
        self.reused, self.made = [], []

    def conversion(self, src_uri: str, markdown: bytes) -> Converted | None:
        """What converting the page made last time, if its Markdown (by digest) is the same."""
        kept = self.converted.get(src_uri)
        return kept if kept is not None and kept.markdown == markdown else None

    def keep(self, src_uri: str, converted: Converted) -> None:
        self.converted[src_uri] = converted

    @staticmethod
    def search_key(url: str, title: str, meta: Any, content: str) -> tuple:
        return (url, title, repr(meta), digest(content))

    def search_entries(self, key: tuple) -> list[dict] | None:
        kept = self.entries.get(key)
        return None if kept is None else [dict(entry) for entry in kept]  # the index may change its own

    def keep_search(self, key: tuple, entries: list[dict]) -> None:
        self.entries[key] = [dict(entry) for entry in entries]


def site_key(src_uris: list[str], *settings: Any) -> bytes:
    """The hash of what every page's conversion depends on besides its own Markdown."""
    return digest(repr((sorted(src_uris), settings)))


class TemplateCode(BytecodeCache):
    """The theme's templates, compiled once a preview: MkDocs makes a new Jinja environment for
    every build, which compiles Material's templates again (a fifth of a typical rebuild).  Jinja
    checks each template's source against the checksum kept with its code, so an edited template
    (the landlord's custom_dir, watched by the preview) is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        kept = self.code.get(bucket.key)
        if kept is not None:
            bucket.bytecode_from_string(kept)  # a stale checksum leaves the bucket empty: compiled again

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()
