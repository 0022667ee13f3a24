"""`standards serve`: MkDocs' preview server, drafts included, rebuilding as the data is edited."""

from __future__ import annotations

import sys

from generator.commands.common import config_path, end_of_life_note, mkdocs


def run(config_file: str | None, dev_addr: str | None) -> None:
    path = config_path(config_file)
    end_of_life_note()  # MkDocs with Material, always
    sys.exit(mkdocs("serve", path, True, ["-a", dev_addr] if dev_addr else []))
