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


class StandardsConfig(Config):
    pass


# Declared from the options registry, so the plugin accepts exactly what the core reads.
for _option in OPTIONS.values():
    _kind = c.Type(_TYPES[_option.kind])
    setattr(StandardsConfig, _option.name, _kind if _option.required else c.Optional(_kind))


class StandardsPlugin(BasePlugin[StandardsConfig]):
    def on_config(self, config):
        outcome = check(Path(config.config_file_path).resolve())
        if outcome.errors:
            raise PluginError("\n" + to_text(outcome, action="Nothing was built."))
        self.outcome = outcome
        return config
