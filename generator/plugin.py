"""The `standards` MkDocs plugin: the only module that imports mkdocs.

It parses options (from the same registry as the core) and calls the
pipeline; data problems abort the build with the messages `standards check`
prints.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .options import OPTIONS
from .pipeline import check
from .report import to_text

_TYPES = {"text": str, "a month": str, "a mapping": dict, "a path": str}


def _config_class() -> type[Config]:
    """Declared from the options registry, so the plugin accepts exactly what the core reads.

    The core then reads the same block again with positions, so its messages have lines.
    """
    fields = {}
    for option in OPTIONS.values():
        kind = c.Type(_TYPES[option.kind])
        # all optional here: the core reports a missing one with its line
        fields[option.name] = c.Optional(kind)
    return type("StandardsConfig", (Config,), fields)


StandardsConfig = _config_class()


class StandardsPlugin(BasePlugin[StandardsConfig]):
    def on_config(self, config):
        outcome = check(Path(config.config_file_path).resolve())
        if outcome.errors:
            raise PluginError("\n" + to_text(outcome, action="Nothing was built."))
        self.outcome = outcome
        return config
