"""Time (and optionally profile) `mkdocs serve` rebuilds in one process, as serve runs them.

    python -m benchmarks.serve_profile PROJECT [PROFILE_OUT|-] [REBUILDS] [SITE_DIR]

A thread runs (as serve's web server does, so the page writer does not fork), the plugins are
told the command is 'serve' and kept between builds (as MkDocs keeps a plugin that defines
on_startup); one build, then REBUILDS rebuilds, each after one result of the newest period file
changed.  With PROFILE_OUT, the first rebuild is profiled with cProfile into that file.
Changes the project's newest period file: run it on a copy.
"""

from __future__ import annotations

import cProfile
import sys
import tempfile
import threading
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from .run import _change_one_result

URL = "http://127.0.0.1:8000/"


def main(project: Path, out: str = "-", rebuilds: int = 1, site: str | None = None) -> list[float]:
    threading.Thread(target=threading.Event().wait, daemon=True).start()
    site = site or tempfile.mkdtemp()

    def config():
        loaded = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site)
        loaded.site_url = URL
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    build(first, serve_url=URL)
    target = sorted((project / "performance").glob("*.yaml"))[-1]
    times = []
    for i in range(rebuilds):
        _change_one_result(target, i)
        again = config()
        profile = cProfile.Profile() if out != "-" and i == 0 else None
        start = time.perf_counter()
        if profile:
            profile.enable()
        build(again, serve_url=URL)
        if profile:
            profile.disable()
            profile.dump_stats(out)
        times.append(time.perf_counter() - start)
    first.plugins.on_shutdown()
    return times


if __name__ == "__main__":
    args = sys.argv[1:]
    took = main(Path(args[0]), args[1] if len(args) > 1 else "-", int(args[2]) if len(args) > 2 else 1,
                args[3] if len(args) > 3 else None)
    print("rebuilds", " ".join(f"{t:.2f}" for t in took))
