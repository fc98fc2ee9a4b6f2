"""Serve the search: `python -m searchapp [--host H] [--port P] [--seeds DIR] [--index DIR]
[--no-watch]`.

Builds the index first when there is none, runs `python -m searchapp.watch` beside itself (an
article dropped into the seeds folder is searchable seconds later), then serves with gunicorn:
several worker processes, because searching is CPU-bound Python and one process can use only one
core (with 4 concurrent clients on 2 cores, 2 workers answered 4x faster at the median than 1
process with 4 threads).
Each worker answers one request at a time by default: a second thread in a process only shares
its core, and the kernel hands waiting connections to whichever process is free (p95 20-25 ms
rather than 30-35 ms with 2 threads each). Flask's development server is never used.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from typing import Any

from gunicorn.app.base import BaseApplication

from . import config

config.without_scipy()

from .app import create_app  # noqa: E402
from .index import BuildError, build_index  # noqa: E402
from .schema import SCHEMA_VERSION  # noqa: E402
from .store import IndexStore  # noqa: E402


class Server(BaseApplication):
    """gunicorn, configured from here rather than from its own command line."""

    def __init__(self, app: Any, options: dict[str, Any]) -> None:
        self.app, self.options = app, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m searchapp", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument(
        "--seeds",
        help="folder of article files (default: $SEARCHAPP_SEEDS, or the index's last, or seeds/)",
    )
    parser.add_argument("--index", help="index folder (default: $SEARCHAPP_INDEX or index/)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes (default: cores)")
    parser.add_argument("--threads", type=int, default=1, help="request threads per process (default 1)")
    parser.add_argument(
        "--no-watch", action="store_true", help="do not rebuild when the seeds folder changes"
    )
    args = parser.parse_args(argv)
    index_dir = config.index_dir(args.index)
    store = IndexStore(index_dir)
    seeds = config.seeds_dir(args.seeds, index_dir)
    if store.current() is None or store.manifest().get("schema_version") != SCHEMA_VERSION:
        print(f"No index in {index_dir} by this version: building it from {seeds} first.", file=sys.stderr)
        try:
            print(build_index(seeds, index_dir).summary(), file=sys.stderr)
        except BuildError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
    app = create_app({"INDEX_DIR": str(index_dir)})
    watcher = None
    if not args.no_watch:
        watch = ["-m", "searchapp.watch", "--seeds", str(seeds), "--index", str(index_dir)]
        watcher = subprocess.Popen(
            [sys.executable, *watch, "--parent", str(os.getpid())], stdin=subprocess.DEVNULL
        )
        print(f"Watching {seeds} for new and changed articles.", file=sys.stderr)
    print(f"Serving on http://{args.host}:{args.port}/", file=sys.stderr, flush=True)
    try:
        Server(
            app,
            {
                "bind": f"{args.host}:{args.port}",
                "workers": max(1, args.workers),
                "threads": max(1, args.threads),
                "timeout": 60,
                "accesslog": None,
                "errorlog": "-",
                "loglevel": "warning",
                "post_fork": lambda server, worker: app.extensions["searchapp"].keep_warm(),
            },
        ).run()
    finally:
        if watcher is not None:  # (killed with the server, it ends by itself: see watch.watch)
            watcher.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
